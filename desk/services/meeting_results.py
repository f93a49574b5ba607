"""Whether a meeting was valid and each of its decisions adopted: the numbers the rules (`desk.domain.rules`) need,
gathered from the members of that day, the attendance and the votes.

Both the meetings (`desk.services.meetings`) and the roster (a member's admission rests on an adopted decision of
a session) build on it; it builds on neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from desk.domain import reference, rules
from desk.domain.records import Attendance, Decision, Meeting, Membership
from desk.i18n import current_language, format_date
from desk.services import body_rules
from desk.services.rows import term_label


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
            "region": m.region,
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


def _admission_meetings(session: Any, members: Iterable[Membership]) -> dict[str, str]:
    """The meeting of each linked admission decision: decision id → meeting id."""
    ids = sorted({m.admission_decision_id for m in members if m.admission_decision_id})
    out: dict[str, str] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for decision_id, meeting_id in session.execute(
            select(col(Decision.id), col(Decision.meeting_id)).where(col(Decision.id).in_(chunk))
        ):
            out[decision_id] = meeting_id
    return out


def evaluate_in(session: Any, m: Meeting) -> MeetingResult:
    """One meeting's numbers and decisions, read in an open session (a write checking its own links too)."""
    members = list(session.scalars(select(Membership).where(col(Membership.region) == m.region)))
    attended = set(
        session.scalars(select(col(Attendance.membership_id)).where(col(Attendance.meeting_id) == m.id))
    )
    decisions = list(session.scalars(select(Decision).where(col(Decision.meeting_id) == m.id)))
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
    members = list(session.scalars(select(Membership).where(col(Membership.region) == m.region)))
    rule = rules.thresholds_on(body_rules.recorded_in(session, m.region), rules.body_of(m.kind), m.date)
    return eligible_ids(m, members, _admission_meetings(session, members), rule)[0]
