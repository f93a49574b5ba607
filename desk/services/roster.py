"""The roster of the regional assembly and of its council: admitting members, their roles, their leaving, and who
the members were on any day.

Nothing is deleted when a member leaves: the membership gets a date and ground of leaving, so the roster of any past
day (and so the denominator of any past meeting) can be rebuilt. A membership covers the days from `admitted_on` up
to, not including, `left_on` (`desk.domain.rules.is_member_on`). A council membership is a separate membership
(body "council") of someone who is a member of the assembly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import col

from desk.domain import history, reference, rules
from desk.domain.governance import check_membership
from desk.domain.records import Association, Decision, Meeting, Membership, Person
from desk.domain.validation import FieldError, ValidationError
from desk.errors import NotFound
from desk.i18n import N_, _, current_language, format_date
from desk.services.history import facts_in
from desk.services.meeting_results import evaluate_in
from desk.services.rows import codes_label, term_label
from desk.services.workspace import Workspace

_EDITABLE = {
    "category",
    "nominated_by",
    "nominating_association_id",
    "admitted_on",
    "admission_basis",
    "admission_decision_id",
    "roles",
    "roles_since",
    "left_on",
    "leaving_ground",
    "leaving_note",
}


DECISION_LABEL = N_("{meeting} of {date}, decision № {number}")
DECISION_LABEL_UNNUMBERED = N_("{meeting} of {date}: {title}")


@dataclass(frozen=True)
class SessionDecision:
    """A decision of a session (or extraordinary session) with its meeting: what a member's admission can rest on."""

    decision: Decision
    meeting: Meeting

    @property
    def id(self) -> str:
        return self.decision.id

    def meeting_label(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        kind = term_label(reference.MEETING_KINDS, self.meeting.kind, lang)
        return f"{kind} № {self.meeting.number}" if self.meeting.number else kind

    def label(
        self,
        lang: str | None = None,
        *,
        gettext: Callable[[str], str] | None = None,
        date: Callable[[dt.date], str] | None = None,
    ) -> str:
        """E.g. "Session № 3 of 15 Jan 2020, decision № 3/1" in `lang` (`gettext`/`date` for a report's)."""
        lang = lang or current_language()
        tr = gettext or _
        day = date(self.meeting.date) if date is not None else format_date(self.meeting.date, lang)
        if self.decision.number:
            return tr(DECISION_LABEL).format(
                meeting=self.meeting_label(lang), date=day, number=self.decision.number
            )
        return tr(DECISION_LABEL_UNNUMBERED).format(
            meeting=self.meeting_label(lang), date=day, title=self.decision.name(lang)
        )

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or current_language()
        return {
            "id": self.decision.id,
            "number": self.decision.number,
            "title": self.decision.name(lang),
            "meeting_id": self.meeting.id,
            "meeting_kind": self.meeting.kind,
            "meeting_number": self.meeting.number,
            "meeting_date": self.meeting.date.isoformat(),
        }


@dataclass(frozen=True)
class RosterEntry:
    """A membership with what a list shows of it (and the session decision that admitted the member, if linked)."""

    membership: Membership
    person: Person
    admission: SessionDecision | None = None
    roles_on_day: str | None = (
        None  # the roles held on the roster's day (from their history), when asked for one
    )

    @property
    def roles(self) -> str:
        """The roles (comma-separated codes) on the roster's day, or the current ones."""
        return self.membership.roles if self.roles_on_day is None else self.roles_on_day

    def basis(self, lang: str | None = None) -> str:
        """The basis of admission: the linked session decision, or else the basis given as text."""
        return self.admission.label(lang) if self.admission is not None else self.membership.admission_basis

    @property
    def id(self) -> str:
        return self.membership.id

    @property
    def name(self) -> str:
        return self.person.full_name()

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or current_language()
        m = self.membership
        return {
            "membership_id": m.id,
            "person_id": m.person_id,
            "name": self.name,
            "body": m.body,
            "category": m.category,
            "category_label": term_label(reference.MEMBER_CATEGORIES, m.category, lang),
            "nominated_by": m.nominated_by,
            "admitted_on": m.admitted_on.isoformat(),
            "admission_basis": m.admission_basis,
            "admission_decision": self.admission.to_dict(lang) if self.admission is not None else None,
            "roles": rules.split_codes(self.roles),
            "roles_label": codes_label(reference.MEMBER_ROLES, self.roles, lang),
            "roles_since": m.roles_since.isoformat() if m.roles_since else None,
            "left_on": m.left_on.isoformat() if m.left_on else None,
            "leaving_ground": m.leaving_ground,
            "leaving_ground_label": term_label(reference.LEAVING_GROUNDS, m.leaving_ground, lang),
            "leaving_note": m.leaving_note,
            "workplace": self.person.workplace,
            "position": self.person.position,
        }


def _region(ws: Workspace, region: str | None) -> str | None:
    return region or (None if ws.is_central else ws.region)


def _on_day(day: dt.date) -> Any:
    return (col(Membership.admitted_on) <= day) & or_(
        col(Membership.left_on).is_(None), col(Membership.left_on) > day
    )


def _admissions(session: Any, members: Iterable[Membership]) -> dict[str, SessionDecision]:
    """The session decisions behind these memberships' admissions, by decision id (one query per 500)."""
    ids = sorted({m.admission_decision_id for m in members if m.admission_decision_id})
    out: dict[str, SessionDecision] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        stmt = (
            select(Decision, Meeting)
            .join(Meeting, col(Meeting.id) == col(Decision.meeting_id))
            .where(col(Decision.id).in_(chunk))
        )
        for d, mt in session.execute(stmt).all():
            out[d.id] = SessionDecision(d, mt)
    return out


def _entries(session: Any, rows: Sequence[Any], day: dt.date | None = None) -> list[RosterEntry]:
    found = _admissions(session, (m for m, _p in rows))
    roles: dict[str, str] = {}
    if day is not None and rows:
        for membership_id, facts in facts_in(session, [m for m, _p in rows], "roles").items():
            roles[membership_id] = history.value_on(facts, day) or ""
    return [RosterEntry(m, p, found.get(m.admission_decision_id or ""), roles.get(m.id)) for m, p in rows]


def roster(
    ws: Workspace, as_of: dt.date | None = None, *, body: str = rules.ASSEMBLY, region: str | None = None
) -> list[RosterEntry]:
    """The members of the assembly (or of the council) on `as_of` (today by default), sorted by name."""
    day = as_of or dt.date.today()
    stmt = (
        select(Membership, Person)
        .join(Person, col(Person.id) == col(Membership.person_id))
        .where(col(Membership.body) == body, _on_day(day))
        .order_by(col(Person.sort_name), col(Membership.id))
    )
    area = _region(ws, region)
    if area:
        stmt = stmt.where(col(Membership.region) == area)
    with ws.db.read() as session:
        return _entries(session, session.execute(stmt).all(), day)


def members_total(
    ws: Workspace, day: dt.date, *, body: str = rules.ASSEMBLY, region: str | None = None
) -> int:
    """How many members the assembly (or the council) had on `day`: the denominator of a meeting that day. Counted
    by the database: the rows `roster` would list."""
    stmt = _counted(select(func.count()), day, body)
    area = _region(ws, region)
    if area:
        stmt = stmt.where(col(Membership.region) == area)
    with ws.db.read() as session:
        return int(session.execute(stmt).scalar_one())


def members_by_region(ws: Workspace, day: dt.date, *, body: str = rules.ASSEMBLY) -> dict[str, int]:
    """`members_total` of each region the data folder holds members of (the central office: every region), by
    region code, in one query."""
    stmt = _counted(select(col(Membership.region), func.count()), day, body).group_by(col(Membership.region))
    area = _region(ws, None)
    if area:
        stmt = stmt.where(col(Membership.region) == area)
    with ws.db.read() as session:
        return {code: int(n) for code, n in session.execute(stmt)}


def _counted(stmt: Any, day: dt.date, body: str) -> Any:
    """`stmt` over the members of `body` on `day`: the rows `roster` lists."""
    return (
        stmt.select_from(Membership)
        .join(Person, col(Person.id) == col(Membership.person_id))
        .where(col(Membership.body) == body, _on_day(day))
    )


def memberships(
    ws: Workspace, *, body: str | None = None, region: str | None = None, person_id: str | None = None
) -> list[RosterEntry]:
    """Every membership ever recorded (members who left included), oldest admission first."""
    stmt = select(Membership, Person).join(Person, col(Person.id) == col(Membership.person_id))
    if body:
        stmt = stmt.where(col(Membership.body) == body)
    if person_id:
        stmt = stmt.where(col(Membership.person_id) == person_id)
    area = _region(ws, region)
    if area:
        stmt = stmt.where(col(Membership.region) == area)
    with ws.db.read() as session:
        return _entries(
            session, session.execute(stmt.order_by(col(Membership.admitted_on), col(Person.sort_name))).all()
        )


def get(ws: Workspace, membership_id: str) -> RosterEntry:
    with ws.db.read() as session:
        m = session.get(Membership, membership_id)
        p = session.get(Person, m.person_id) if m is not None else None
        if m is None or p is None:
            raise NotFound(_("No membership with id {id}.").format(id=membership_id))
        return _entries(session, [(m, p)])[0]


# --- writing --------------------------------------------------------------------------------------------------------


def _overlapping(session: Any, m: Membership) -> Membership | None:
    """Another membership of the same person in the same body whose days meet those of `m`."""
    stmt = select(Membership).where(
        col(Membership.person_id) == m.person_id,
        col(Membership.body) == m.body,
        col(Membership.id) != m.id,
        col(Membership.region) == m.region,
    )
    for other in session.scalars(stmt):
        starts_before_end = m.left_on is None or other.admitted_on < m.left_on
        ends_after_start = other.left_on is None or m.admitted_on < other.left_on
        if starts_before_end and ends_after_start:
            return other
    return None


def _check_links(session: Any, m: Membership) -> None:
    errors: list[FieldError] = []
    person = session.get(Person, m.person_id)
    if person is None:
        errors.append(FieldError("person_id", _("No such person in the register.")))
    if m.nominating_association_id and session.get(Association, m.nominating_association_id) is None:
        errors.append(FieldError("nominated_by", _("No such association in the register.")))
    if person is not None and _overlapping(session, m) is not None:
        errors.append(
            FieldError("admitted_on", _("This person is already a member of this body for these dates."))
        )
    if person is not None and m.body == rules.COUNCIL:
        assembly = session.scalars(
            select(Membership).where(
                col(Membership.person_id) == m.person_id,
                col(Membership.body) == rules.ASSEMBLY,
                col(Membership.region) == m.region,
                _on_day(m.admitted_on),
            )
        ).first()
        if assembly is None:
            errors.append(
                FieldError(
                    "admitted_on",
                    _(
                        "The council is formed from members of the assembly: this person was not a member of the "
                        "assembly on {date}."
                    ).format(date=m.admitted_on.isoformat()),
                )
            )
    if m.admission_decision_id:
        problem = _admission_problem(session, m)
        if problem:
            errors.append(FieldError("admission_decision_id", problem))
    if errors:
        raise ValidationError(errors)


def _admission_problem(session: Any, m: Membership) -> str | None:
    """Why the linked decision cannot be the basis of this admission: it must be an adopted decision of a session
    (or extraordinary session) of the same region taken on or before the day of admission."""
    d = session.get(Decision, m.admission_decision_id)
    meeting = session.get(Meeting, d.meeting_id) if d is not None else None
    if d is None or meeting is None or d.region != m.region:
        return _("No such decision.")
    if rules.is_council(meeting.kind):
        return _("Members are admitted by a decision of a session, not of the council.")
    if meeting.date > m.admitted_on:
        return _("This decision was taken on {date}, after the day of admission.").format(
            date=meeting.date.isoformat()
        )
    result = evaluate_in(session, meeting)
    if not any(r.adopted for r in result.decisions if r.decision.id == d.id):
        return _("This decision was not adopted.")
    return None


def admit(
    ws: Workspace,
    person_id: str,
    *,
    admitted_on: dt.date,
    body: str = rules.ASSEMBLY,
    category: str = "other",
    roles: Iterable[str] = (),
    nominated_by: str = "",
    nominating_association_id: str | None = None,
    admission_basis: str = "",
    admission_decision_id: str | None = None,
    region: str | None = None,
) -> Membership:
    """Admit a person to the assembly (or to the council). Refused, with nothing written, when the values are
    not acceptable or the person is already a member of that body on those days."""
    m = Membership(
        region=region or ws.region,
        person_id=person_id,
        body=body,
        category=category,
        admitted_on=admitted_on,
        roles=",".join(roles),
        nominated_by=nominated_by.strip(),
        nominating_association_id=nominating_association_id,
        admission_basis=admission_basis.strip(),
        admission_decision_id=admission_decision_id or None,
    )
    check_membership(m)
    with ws.db.transact() as session:
        _check_links(session, m)
        session.add(m)
    return m


def update(ws: Workspace, membership_id: str, values: Mapping[str, Any]) -> Membership:
    """Change a membership's details (category, roles, dates, grounds); refused as a whole when not acceptable."""
    with ws.db.transact() as session:
        m = session.get(Membership, membership_id)
        if m is None:
            raise NotFound(_("No membership with id {id}.").format(id=membership_id))
        for key, value in values.items():
            if key not in _EDITABLE:
                raise ValidationError([FieldError(key, _("This field cannot be changed here."))])
            if key in ("admission_decision_id", "nominating_association_id") and not value:
                value = None  # "no link", not an empty id
            setattr(m, key, value.strip() if isinstance(value, str) else value)
        check_membership(m)
        _check_links(session, m)
    return m


def set_roles(
    ws: Workspace, membership_id: str, roles: Sequence[str], *, since: dt.date | None = None
) -> Membership:
    """Give a member new roles from `since` (today by default); the roles held before stay in the history."""
    return update(ws, membership_id, {"roles": ",".join(roles), "roles_since": since or dt.date.today()})


def leave(ws: Workspace, membership_id: str, *, left_on: dt.date, ground: str, note: str = "") -> Membership:
    """Record that a member left on `left_on` (no longer a member from that day) and why.

    Leaving the assembly also ends the person's council membership, with the same date and ground."""
    with ws.db.transact() as session:
        m = session.get(Membership, membership_id)
        if m is None:
            raise NotFound(_("No membership with id {id}.").format(id=membership_id))
        if m.left_on is not None:
            raise ValidationError(
                [
                    FieldError(
                        "left_on", _("This member already left on {date}.").format(date=m.left_on.isoformat())
                    )
                ]
            )
        m.left_on, m.leaving_ground, m.leaving_note = left_on, ground, note.strip()
        check_membership(m)
        if m.body == rules.ASSEMBLY:
            councils = session.scalars(
                select(Membership).where(
                    col(Membership.person_id) == m.person_id,
                    col(Membership.body) == rules.COUNCIL,
                    col(Membership.region) == m.region,
                    or_(col(Membership.left_on).is_(None), col(Membership.left_on) > left_on),
                )
            )
            for council in councils:
                council.left_on = max(left_on, council.admitted_on)
                council.leaving_ground, council.leaving_note = ground, note.strip()
                check_membership(council)
    return m


# --- warnings -------------------------------------------------------------------------------------------------------


def warnings(
    ws: Workspace, as_of: dt.date | None = None, *, region: str | None = None
) -> list[rules.RuleWarning]:
    """What the secretariat should look at in the roster of `as_of`: the chairman's deputies (2024, item 16) and
    council members who are not members of the assembly that day."""
    day = as_of or dt.date.today()
    return _warnings_of(
        day, roster(ws, day, region=region), roster(ws, day, body=rules.COUNCIL, region=region)
    )


def warnings_by_region(ws: Workspace, as_of: dt.date | None = None) -> dict[str, list[rules.RuleWarning]]:
    """`warnings` of each region's assembly at the central office (every region's rosters read once), for the
    regions with members that day, in the order of the regions' codes; warned of together, the twenty assemblies
    would be counted as one."""
    day = as_of or dt.date.today()
    assembly: dict[str, list[RosterEntry]] = defaultdict(list)
    council: dict[str, list[RosterEntry]] = defaultdict(list)
    for e in roster(ws, day):
        assembly[e.membership.region].append(e)
    for e in roster(ws, day, body=rules.COUNCIL):
        council[e.membership.region].append(e)
    return {code: _warnings_of(day, assembly[code], council[code]) for code in sorted({*assembly, *council})}


def _warnings_of(
    day: dt.date, assembly: list[RosterEntry], council: list[RosterEntry]
) -> list[rules.RuleWarning]:
    out = rules.leadership_warnings(((e.membership.category, e.roles) for e in assembly), day)
    in_assembly = {e.membership.person_id for e in assembly}
    strays = [e.name for e in council if e.membership.person_id not in in_assembly]
    if strays:
        out.append(rules.RuleWarning("council_not_in_assembly", {"date": day, "names": strays}))
    return out
