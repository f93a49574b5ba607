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
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from desk.domain import rules
from desk.domain.governance import check_meeting, check_votes
from desk.domain.records import Attendance, Decision, ExecutionItem, Meeting, Membership
from desk.domain.validation import FieldError, ValidationError
from desk.errors import NotFound
from desk.i18n import _, current_language
from desk.services import body_rules, records
from desk.services.meeting_results import (  # noqa: F401 - the results are part of this module's interface
    DecisionResult,
    MeetingResult,
    _admission_meetings,
    _decision_order,
    _eligible_in,
    _evaluate,
    admitted_here,
    eligible_ids,
    evaluate_in,
)
from desk.services.roster import RosterEntry, SessionDecision, roster
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
        stmt = stmt.where(col(Meeting.region) == area)
    if date_from:
        stmt = stmt.where(col(Meeting.date) >= date_from)
    if date_to:
        stmt = stmt.where(col(Meeting.date) <= date_to)
    if kind:
        stmt = stmt.where(col(Meeting.kind) == kind)
    if not include_archived:
        stmt = stmt.where(col(Meeting.archived_at).is_(None))
    with ws.db.read() as session:
        found = list(session.scalars(stmt.order_by(col(Meeting.date), col(Meeting.id))))
        ids = [m.id for m in found]
        regions = {m.region for m in found}
        members: dict[str, list[Membership]] = defaultdict(list)
        if regions:
            for ms in session.scalars(select(Membership).where(col(Membership.region).in_(regions))):
                members[ms.region].append(ms)
        attended: dict[str, set[str]] = defaultdict(set)
        decisions: dict[str, list[Decision]] = defaultdict(list)
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for meeting_id, membership_id in session.execute(
                select(col(Attendance.meeting_id), col(Attendance.membership_id)).where(
                    col(Attendance.meeting_id).in_(chunk)
                )
            ):
                attended[meeting_id].add(membership_id)
            for d in session.scalars(select(Decision).where(col(Decision.meeting_id).in_(chunk))):
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
            session.scalars(
                select(col(Attendance.membership_id)).where(col(Attendance.meeting_id) == meeting_id)
            )
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
    for d in session.scalars(select(Decision).where(col(Decision.meeting_id) == m.id)):
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
            select(col(Attendance.membership_id)).where(col(Attendance.meeting_id) == m.id)
        ).all()
        _check_decisions_fit(session, m, _present_on(session, m, attended))
    return m


def delete_meeting(ws: Workspace, meeting_id: str) -> None:
    """Delete a meeting with its attendance, decisions and their execution items (tombstones carry it to sync)."""
    with ws.db.transact() as session:
        m = session.get(Meeting, meeting_id)
        if m is None:
            raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
        decision_ids = list(session.scalars(select(col(Decision.id)).where(col(Decision.meeting_id) == m.id)))
        for obj in session.scalars(
            select(ExecutionItem).where(col(ExecutionItem.decision_id).in_(decision_ids))
        ):
            session.delete(obj)
        for member in session.scalars(
            select(Membership).where(col(Membership.admission_decision_id).in_(decision_ids))
        ):
            member.admission_decision_id = None
        for row in session.scalars(select(Attendance).where(col(Attendance.meeting_id) == m.id)):
            session.delete(row)
        session.flush()
        for decision in session.scalars(select(Decision).where(col(Decision.meeting_id) == m.id)):
            session.delete(decision)
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
            ms.id: ms
            for ms in session.scalars(select(Membership).where(col(Membership.id).in_(list(wanted))))
        }
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
            for a in session.scalars(select(Attendance).where(col(Attendance.meeting_id) == m.id))
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
            select(col(Attendance.membership_id)).where(col(Attendance.meeting_id) == m.id)
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
        if m is None:
            raise NotFound(_("No meeting with id {id}.").format(id=d.meeting_id))
        for key, value in _values(values, _DECISION_FIELDS).items():
            setattr(d, key, value)
        attended = session.scalars(
            select(col(Attendance.membership_id)).where(col(Attendance.meeting_id) == d.meeting_id)
        ).all()
        check_votes(d, _present_on(session, m, attended))
    return d


def delete_decision(ws: Workspace, decision_id: str) -> None:
    """Delete a decision and its execution items."""
    with ws.db.transact() as session:
        d = session.get(Decision, decision_id)
        if d is None:
            raise NotFound(_("No decision with id {id}.").format(id=decision_id))
        for obj in session.scalars(select(ExecutionItem).where(col(ExecutionItem.decision_id) == d.id)):
            session.delete(obj)
        for member in session.scalars(
            select(Membership).where(col(Membership.admission_decision_id) == d.id)
        ):
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
    first_stmt = select(func.min(col(Membership.admitted_on))).where(col(Membership.body) == rules.ASSEMBLY)
    held_stmt = select(col(Meeting.date)).where(
        col(Meeting.kind) == rules.SESSION, col(Meeting.archived_at).is_(None)
    )
    if area:
        first_stmt = first_stmt.where(col(Membership.region) == area)
        held_stmt = held_stmt.where(col(Meeting.region) == area)
    with ws.db.read() as session:
        first = session.execute(first_stmt).scalar_one_or_none()
        if first is None or first.year > last_year:
            return []
        held = {d.year for d in session.scalars(held_stmt)}
    return rules.session_year_warnings({y: {rules.SESSION} for y in held}, first.year, last_year)
