"""Sessions, extraordinary sessions and council meetings: their records, attendance and decisions, and whether each
meeting was valid and each decision adopted.

Attendance is recorded against the roster as of the meeting's date: only those who were members (of the council,
for a council meeting) that day can be ticked, and the denominator is the number of members that day, not today's.
The rules themselves are `desk.domain.rules`; this module gathers the numbers they need.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from desk.domain import reference, rules
from desk.domain.governance import check_meeting, check_votes
from desk.domain.records import Attendance, Decision, ExecutionItem, Meeting, Membership
from desk.domain.validation import FieldError, ValidationError
from desk.errors import NotFound
from desk.i18n import _, current_language, format_date
from desk.services import body_rules, records
from desk.services.roster import RosterEntry, SessionDecision, roster
from desk.services.rows import term_label
from desk.services.workspace import Workspace

_MEETING_FIELDS = {
    "kind",
    "number",
    "date",
    "place",
    "notice_date",
    "agenda",
    "requested_by",
    "requested_on",
    "convened_on",
    "notes",
}
_DECISION_FIELDS = {"number", "name_kk", "name_ru", "name_en", "votes_for", "votes_against", "abstained"}


@dataclass(frozen=True)
class DecisionResult:
    decision: Decision
    adopted: bool

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        d = self.decision
        return {
            "id": d.id,
            "number": d.number,
            "title": d.name(lang or current_language()),
            "votes_for": d.votes_for,
            "votes_against": d.votes_against,
            "abstained": d.abstained,
            "adopted": self.adopted,
        }


@dataclass(frozen=True)
class MeetingResult:
    """A meeting with its numbers: members that day, members present, validity, and its decisions' outcome."""

    meeting: Meeting
    members_total: int
    present: int
    quorate: bool
    decisions: list[DecisionResult] = field(default_factory=list)
    warnings: list[rules.RuleWarning] = field(default_factory=list)
    thresholds: rules.Thresholds | None = None
    not_counted: list[str] = field(default_factory=list)  # memberships admitted by this session

    @property
    def rule(self) -> rules.Thresholds:
        """The thresholds the verdicts applied."""
        return self.thresholds or rules.DEFAULT_THRESHOLDS[rules.body_of(self.meeting.kind)]

    @property
    def quorum_needed(self) -> int:
        return self.rule.quorum_needed(self.members_total)

    def votes_needed(self) -> int:
        return self.rule.votes_needed(self.present)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or current_language()
        m = self.meeting
        return {
            "id": m.id,
            "kind": m.kind,
            "kind_label": term_label(reference.MEETING_KINDS, m.kind, lang),
            "number": m.number,
            "date": m.date.isoformat(),
            "place": m.place,
            "notice_date": m.notice_date.isoformat() if m.notice_date else None,
            "agenda": [line for line in m.agenda.splitlines() if line.strip()],
            "requested_by": m.requested_by,
            "requested_on": m.requested_on.isoformat() if m.requested_on else None,
            "convened_on": m.convened_on.isoformat() if m.convened_on else None,
            "rule": self.rule.describe(lang, date=lambda d: format_date(d, lang)),
            "members_total": self.members_total,
            "present": self.present,
            "quorum_needed": self.quorum_needed,
            "quorate": self.quorate,
            "decisions": [d.to_dict(lang) for d in self.decisions],
            "warnings": [w.message for w in self.warnings],
        }


# --- evaluation -----------------------------------------------------------------------------------------------------


MEETINGS: records.Register[Meeting] = records.Register(
    records.ListSpec(
        cls=Meeting, kind=None, filters={}, sorts={"name": lambda lang: [Meeting.date, Meeting.kind]}
    ),
    lambda ws, obj: check_meeting(obj),
)
DECISIONS: records.Register[Decision] = records.Register(
    records.ListSpec(
        cls=Decision,
        kind=None,
        filters={},
        sorts={"name": lambda lang: [Decision.meeting_id, Decision.number, Decision.sort_ru]},
    ),
    lambda ws, obj: None,
)  # votes are checked against the meeting's attendance by add_decision/update_decision
ATTENDANCE: records.Register[Attendance] = records.Register(
    records.ListSpec(
        cls=Attendance,
        kind=None,
        filters={},
        sorts={"name": lambda lang: [Attendance.meeting_id, Attendance.membership_id]},
    ),
    lambda ws, obj: None,
)  # written through set_attendance, which checks the members against the meeting
"""Meetings, decisions and attendance as registers, for spreadsheet exports and `desk import all`."""


def admitted_here(
    meeting: Meeting,
    members: Iterable[Membership],
    admission_meetings: Mapping[str, str],
    rule: rules.Thresholds,
) -> set[str]:
    """Memberships admitted by this session's own decisions (`admission_meetings`: decision id → meeting id): they
    take part from the next meeting, unless the region's rule says otherwise."""
    if rule.admitted_take_part:
        return set()
    return {
        m.id
        for m in members
        if m.body == rules.ASSEMBLY
        and rules.admitted_by(
            meeting.id,
            meeting.kind,
            meeting.date,
            m.admitted_on,
            admission_meetings.get(m.admission_decision_id or "") if m.admission_decision_id else None,
        )
    }


def eligible_ids(
    meeting: Meeting,
    members: Iterable[Membership],
    admission_meetings: Mapping[str, str],
    rule: rules.Thresholds,
) -> tuple[set[str], set[str]]:
    """Who counts at a meeting (members of its body that day, less those admitted by it), and who was left out."""
    body = rules.body_of(meeting.kind)
    members = list(members)
    on_day = {
        m.id
        for m in members
        if m.body == body
        and m.region == meeting.region
        and rules.is_member_on(m.admitted_on, m.left_on, meeting.date)
    }
    left_out = admitted_here(meeting, members, admission_meetings, rule) & on_day
    return on_day - left_out, left_out


def _evaluate(
    meeting: Meeting,
    members: list[Membership],
    attended: set[str],
    decisions: list[Decision],
    admission_meetings: Mapping[str, str] | None = None,
    recorded: Iterable[rules.Thresholds] = (),
) -> MeetingResult:
    """The numbers of one meeting from every membership of its region, the attendance rows, its decisions, the
    meeting of each admission decision and the region's recorded thresholds."""
    rule = rules.thresholds_on(recorded, rules.body_of(meeting.kind), meeting.date)
    eligible, left_out = eligible_ids(meeting, members, admission_meetings or {}, rule)
    present = len(attended & eligible)
    total = len(eligible)
    quorate = rule.quorate(total, present)
    results = [
        DecisionResult(
            d, rules.adopted(meeting.kind, total, present, d.votes_for, d.votes_against, d.abstained, rule)
        )
        for d in decisions
    ]
    request_day = meeting.requested_on or meeting.date
    warnings = rules.meeting_warnings(
        meeting.kind,
        meeting.date,
        meeting.notice_date,
        len(
            [
                m
                for m in members
                if m.body == rules.ASSEMBLY and rules.is_member_on(m.admitted_on, m.left_on, request_day)
            ]
        ),
        meeting.requested_by,
        meeting.convened_on,
        convened_known=meeting.convened_on is not None,
    )
    strays = len(attended - eligible - left_out)
    if strays:
        warnings.append(rules.RuleWarning("attendance_not_members", {"n": strays}))
    if left_out:
        warnings.append(rules.RuleWarning("admitted_not_counted", {"n": len(left_out)}))
    if total and not quorate:
        warnings.append(
            rules.RuleWarning(
                "inquorate",
                {"present": present, "total": total, "needed": rule.quorum_needed(total), "rule": rule},
            )
        )
    for d in decisions:
        if not rules.votes_valid(present, d.votes_for, d.votes_against, d.abstained):
            label = d.number or {"kk": d.name_kk, "ru": d.name_ru, "en": d.name_en}
            warnings.append(rules.RuleWarning("votes", {"number": label}))
    return MeetingResult(meeting, total, present, quorate, results, warnings, rule, sorted(left_out))


def _decision_order(d: Decision) -> tuple[Any, ...]:
    number = d.number or ""
    return (len(number), number, d.created_at)


def meetings(
    ws: Workspace,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    region: str | None = None,
    include_archived: bool = False,
) -> list[MeetingResult]:
    """The meetings between two dates (inclusive), oldest first, each with its numbers and decisions."""
    stmt = select(Meeting)
    area = region or (None if ws.is_central else ws.region)
    if area:
        stmt = stmt.where(Meeting.region == area)
    if date_from:
        stmt = stmt.where(Meeting.date >= date_from)  # type: ignore[operator]
    if date_to:
        stmt = stmt.where(Meeting.date <= date_to)  # type: ignore[operator]
    if kind:
        stmt = stmt.where(Meeting.kind == kind)
    if not include_archived:
        stmt = stmt.where(Meeting.archived_at.is_(None))  # type: ignore[union-attr]
    with ws.db.read() as session:
        found = list(session.scalars(stmt.order_by(Meeting.date, Meeting.id)))
        ids = [m.id for m in found]
        regions = {m.region for m in found}
        members: dict[str, list[Membership]] = defaultdict(list)
        if regions:
            for ms in session.scalars(select(Membership).where(Membership.region.in_(regions))):  # type: ignore[attr-defined]
                members[ms.region].append(ms)
        attended: dict[str, set[str]] = defaultdict(set)
        decisions: dict[str, list[Decision]] = defaultdict(list)
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for meeting_id, membership_id in session.execute(
                select(Attendance.meeting_id, Attendance.membership_id).where(
                    Attendance.meeting_id.in_(chunk)
                )  # type: ignore[attr-defined]
            ):
                attended[meeting_id].add(membership_id)
            for d in session.scalars(select(Decision).where(Decision.meeting_id.in_(chunk))):  # type: ignore[attr-defined]
                decisions[d.meeting_id].append(d)
        admissions = _admission_meetings(session, [m for ms in members.values() for m in ms])
        recorded = {r: body_rules.recorded_in(session, r) for r in regions}
    return [
        _evaluate(
            m,
            members[m.region],
            attended[m.id],
            sorted(decisions[m.id], key=_decision_order),
            admissions,
            recorded[m.region],
        )
        for m in found
    ]


def _admission_meetings(session: Any, members: Iterable[Membership]) -> dict[str, str]:
    """The meeting of each linked admission decision: decision id → meeting id."""
    ids = sorted({m.admission_decision_id for m in members if m.admission_decision_id})
    out: dict[str, str] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for decision_id, meeting_id in session.execute(
            select(Decision.id, Decision.meeting_id).where(Decision.id.in_(chunk))
        ):  # type: ignore[attr-defined]
            out[decision_id] = meeting_id
    return out


def evaluate_in(session: Any, m: Meeting) -> MeetingResult:
    """One meeting's numbers and decisions, read in an open session (a write checking its own links too)."""
    members = list(session.scalars(select(Membership).where(Membership.region == m.region)))
    attended = set(session.scalars(select(Attendance.membership_id).where(Attendance.meeting_id == m.id)))
    decisions = list(session.scalars(select(Decision).where(Decision.meeting_id == m.id)))
    return _evaluate(
        m,
        members,
        attended,
        sorted(decisions, key=_decision_order),
        _admission_meetings(session, members),
        body_rules.recorded_in(session, m.region),
    )


def _eligible_in(session: Any, m: Meeting) -> set[str]:
    """Ids of the memberships that count at meeting `m` (see `eligible_ids`)."""
    members = list(session.scalars(select(Membership).where(Membership.region == m.region)))
    rule = rules.thresholds_on(body_rules.recorded_in(session, m.region), rules.body_of(m.kind), m.date)
    return eligible_ids(m, members, _admission_meetings(session, members), rule)[0]


def evaluate(ws: Workspace, meeting_id: str) -> MeetingResult:
    """One meeting with its numbers and decisions."""
    with ws.db.read() as session:
        m = session.get(Meeting, meeting_id)
        if m is None:
            raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
        return evaluate_in(session, m)


def adopted_session_decisions(
    ws: Workspace, up_to: dt.date | None = None, *, region: str | None = None
) -> list[SessionDecision]:
    """The decisions adopted by sessions and extraordinary sessions held on or before `up_to` (every one when
    None), newest first: what a member's admission can rest on."""
    out = [
        SessionDecision(r.decision, result.meeting)
        for result in meetings(ws, date_to=up_to, region=region)
        if not rules.is_council(result.meeting.kind)
        for r in result.decisions
        if r.adopted
    ]
    out.sort(key=lambda s: (s.meeting.date, _decision_order(s.decision)), reverse=True)
    return out


def get(ws: Workspace, meeting_id: str) -> Meeting:
    return records.get(ws, Meeting, meeting_id)


def eligible(ws: Workspace, meeting_id: str) -> list[RosterEntry]:
    """Who could attend: the roster of the assembly (of the council, for a council meeting) on the meeting's date."""
    m = get(ws, meeting_id)
    with ws.db.read() as session:
        counted = _eligible_in(session, m)
    return [e for e in roster(ws, m.date, body=rules.body_of(m.kind), region=m.region) if e.id in counted]


def attendance(ws: Workspace, meeting_id: str) -> set[str]:
    """Ids of the memberships recorded as present."""
    with ws.db.read() as session:
        return set(
            session.scalars(select(Attendance.membership_id).where(Attendance.meeting_id == meeting_id))
        )


# --- writing --------------------------------------------------------------------------------------------------------


def _values(values: Mapping[str, Any], allowed: set[str]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if key not in allowed:
            raise ValidationError([FieldError(key, _("This field cannot be changed here."))])
        out[key] = value.strip() if isinstance(value, str) else value
    return out


def create_meeting(ws: Workspace, values: Mapping[str, Any], *, region: str | None = None) -> Meeting:
    """Record a meeting (kind, date, place, notice date, agenda, …); refused as a whole when not acceptable."""
    return records.create(ws, Meeting, _values(values, _MEETING_FIELDS), check_meeting, region=region)


def _present_on(session: Any, m: Meeting, attended: Iterable[str]) -> int:
    return len(set(attended) & _eligible_in(session, m))


def _check_decisions_fit(session: Any, m: Meeting, present: int) -> None:
    for d in session.scalars(select(Decision).where(Decision.meeting_id == m.id)):
        if d.votes_for + d.votes_against + d.abstained > present:
            raise ValidationError(
                [
                    FieldError(
                        "attendance",
                        _(
                            "Decision {number} has {votes} votes, but only {present} members would be present."
                        ).format(
                            number=d.number or d.name(current_language()),
                            votes=d.votes_for + d.votes_against + d.abstained,
                            present=present,
                        ),
                    )
                ]
            )


def update_meeting(ws: Workspace, meeting_id: str, values: Mapping[str, Any]) -> Meeting:
    """Change a meeting's record. A new date or kind changes who counts; decisions must still fit attendance."""
    with ws.db.transact() as session:
        m = session.get(Meeting, meeting_id)
        if m is None:
            raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
        for key, value in _values(values, _MEETING_FIELDS).items():
            setattr(m, key, value)
        check_meeting(m)
        attended = session.scalars(
            select(Attendance.membership_id).where(Attendance.meeting_id == m.id)
        ).all()
        _check_decisions_fit(session, m, _present_on(session, m, attended))
    return m


def delete_meeting(ws: Workspace, meeting_id: str) -> None:
    """Delete a meeting with its attendance, decisions and their execution items (tombstones carry it to sync)."""
    with ws.db.transact() as session:
        m = session.get(Meeting, meeting_id)
        if m is None:
            raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
        decision_ids = list(session.scalars(select(Decision.id).where(Decision.meeting_id == m.id)))
        for obj in session.scalars(select(ExecutionItem).where(ExecutionItem.decision_id.in_(decision_ids))):  # type: ignore[attr-defined]
            session.delete(obj)
        for member in session.scalars(
            select(Membership).where(Membership.admission_decision_id.in_(decision_ids))
        ):  # type: ignore[union-attr]
            member.admission_decision_id = None
        for obj in session.scalars(select(Attendance).where(Attendance.meeting_id == m.id)):
            session.delete(obj)
        session.flush()
        for obj in session.scalars(select(Decision).where(Decision.meeting_id == m.id)):
            session.delete(obj)
        session.flush()
        session.delete(m)


def set_attendance(ws: Workspace, meeting_id: str, membership_ids: Iterable[str]) -> MeetingResult:
    """Record who was present: exactly `membership_ids`, each a member (of the council, for a council meeting) on
    the meeting's date. Refused, with nothing written, when someone was not a member that day or a decision
    already has more votes than would be present."""
    wanted = set(membership_ids)
    with ws.db.transact() as session:
        m = session.get(Meeting, meeting_id)
        if m is None:
            raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
        body = rules.body_of(m.kind)
        found = {
            ms.id: ms for ms in session.scalars(select(Membership).where(Membership.id.in_(list(wanted))))
        }  # type: ignore[attr-defined]
        refused = [
            i
            for i in wanted
            if i not in found
            or found[i].body != body
            or found[i].region != m.region
            or not rules.is_member_on(found[i].admitted_on, found[i].left_on, m.date)
        ]
        if refused:
            raise ValidationError(
                [
                    FieldError(
                        "attendance",
                        _("{n} of those ticked were not members on {date}.").format(
                            n=len(refused), date=m.date.isoformat()
                        ),
                    )
                ]
            )
        admitted_here = wanted - _eligible_in(session, m)
        if admitted_here:
            raise ValidationError(
                [
                    FieldError(
                        "attendance",
                        _(
                            "{n} of those ticked were admitted by this session's own decision: they take part from the next "
                            "meeting."
                        ).format(n=len(admitted_here)),
                    )
                ]
            )
        _check_decisions_fit(session, m, len(wanted))
        existing = {
            a.membership_id: a
            for a in session.scalars(select(Attendance).where(Attendance.meeting_id == m.id))
        }
        for membership_id, row in existing.items():
            if membership_id not in wanted:
                session.delete(row)
        for membership_id in sorted(wanted - set(existing)):
            session.add(Attendance(region=m.region, meeting_id=m.id, membership_id=membership_id))
    return evaluate(ws, meeting_id)


def add_decision(ws: Workspace, meeting_id: str, values: Mapping[str, Any]) -> Decision:
    """Record a decision put to the vote (wording in kk/ru/en, number, votes). Votes may not exceed attendance."""
    with ws.db.transact() as session:
        m = session.get(Meeting, meeting_id)
        if m is None:
            raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
        d = Decision(region=m.region, meeting_id=m.id)
        for key, value in _values(values, _DECISION_FIELDS).items():
            setattr(d, key, value)
        attended = session.scalars(
            select(Attendance.membership_id).where(Attendance.meeting_id == m.id)
        ).all()
        check_votes(d, _present_on(session, m, attended))
        session.add(d)
    return d


def update_decision(ws: Workspace, decision_id: str, values: Mapping[str, Any]) -> Decision:
    with ws.db.transact() as session:
        d = session.get(Decision, decision_id)
        if d is None:
            raise NotFound(_("No decision with id {id}.").format(id=decision_id))
        m = session.get(Meeting, d.meeting_id)
        for key, value in _values(values, _DECISION_FIELDS).items():
            setattr(d, key, value)
        attended = session.scalars(
            select(Attendance.membership_id).where(Attendance.meeting_id == d.meeting_id)
        ).all()
        check_votes(d, _present_on(session, m, attended))
    return d


def delete_decision(ws: Workspace, decision_id: str) -> None:
    """Delete a decision and its execution items."""
    with ws.db.transact() as session:
        d = session.get(Decision, decision_id)
        if d is None:
            raise NotFound(_("No decision with id {id}.").format(id=decision_id))
        for obj in session.scalars(select(ExecutionItem).where(ExecutionItem.decision_id == d.id)):
            session.delete(obj)
        for member in session.scalars(select(Membership).where(Membership.admission_decision_id == d.id)):
            member.admission_decision_id = None
        session.flush()
        session.delete(d)


def decision(ws: Workspace, decision_id: str) -> tuple[Decision, MeetingResult]:
    """A decision with its meeting's result (whose `decisions` say whether it was adopted)."""
    d = records.get(ws, Decision, decision_id)
    return d, evaluate(ws, d.meeting_id)


def years_without_session(
    ws: Workspace, first_year: int, last_year: int, *, region: str | None = None
) -> list[int]:
    """Years with no regular session recorded (a session is convened at least once a year)."""
    kinds: dict[int, set[str]] = defaultdict(set)
    for r in meetings(
        ws, date_from=dt.date(first_year, 1, 1), date_to=dt.date(last_year, 12, 31), region=region
    ):
        kinds[r.meeting.date.year].add(r.meeting.kind)
    return rules.years_without_session(kinds, first_year, last_year)


def session_year_warnings(
    ws: Workspace, *, region: str | None = None, today: dt.date | None = None
) -> list[rules.RuleWarning]:
    """A warning naming the calendar years, from that of the first admission to the assembly up to last year,
    without a regular session (archived meetings do not count; the current year is still open), or none."""
    area = region or (None if ws.is_central else ws.region)
    last_year = (today or dt.date.today()).year - 1
    first_stmt = select(func.min(Membership.admitted_on)).where(Membership.body == rules.ASSEMBLY)
    held_stmt = select(Meeting.date).where(Meeting.kind == rules.SESSION, Meeting.archived_at.is_(None))  # type: ignore[union-attr]
    if area:
        first_stmt = first_stmt.where(Membership.region == area)
        held_stmt = held_stmt.where(Meeting.region == area)
    with ws.db.read() as session:
        first = session.execute(first_stmt).scalar_one_or_none()
        if first is None or first.year > last_year:
            return []
        held = {d.year for d in session.scalars(held_stmt)}
    return rules.session_year_warnings({y: {rules.SESSION} for y in held}, first.year, last_year)
