"""The figures of the quarterly report of a regional assembly: the registers' counts for a year and quarter, the
quarter's events, new associations and membership changes, and the governance figures (members, sessions and
council meetings, decisions, the action plan) taken from the roster, meetings, decisions and plan services.

`region=None` means the workspace's own region in a region's data folder, and every region in the central one,
so the centre can sum the regions or ask for one of them.

Definitions (all as of the quarter's last day):
- an association exists from its registration date (its creation in the register, for an unregistered group)
  and until it is liquidated (status "liquidated" with a status date on or before the day); archived records are
  left out. New: registered in the quarter. Liquidated: liquidation dated in the quarter.
- events held: status "held" and starting in the quarter; participants and youth are their sums.
- members: of the assembly on the last day (`roster.members_total`); admitted and left: memberships of the
  assembly admitted, or left, in the quarter.
- meetings: those dated in the quarter, their validity and adopted decisions by the rules (`meetings.meetings`);
  overdue decisions: decisions with an execution item overdue on the last day (today, for the running quarter).
- plan fulfilment: the plan service's fulfilment of the quarter.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select

from desk.domain import rules
from desk.domain.records import Association, District, Event, Membership
from desk.errors import DeskError
from desk.i18n import _
from desk.services import associations as association_register
from desk.services import decisions, meetings, plan, roster
from desk.services.records import ListQuery, build_select
from desk.services.workspace import Workspace

LIQUIDATED = "liquidated"
HELD = "held"


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter; a clear error for a quarter that does not exist."""
    if quarter not in (1, 2, 3, 4):
        raise DeskError(_("The quarter must be 1, 2, 3 or 4."))
    if not 1900 <= year <= 2999:
        raise DeskError(_("The year must be between 1900 and 2999."))
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end_month = 3 * quarter
    end = (dt.date(year + 1, 1, 1) if end_month == 12 else dt.date(year, end_month + 1, 1)) - dt.timedelta(days=1)
    return start, end


def _area(ws: Workspace, region: str | None) -> str | None:
    return region or (None if ws.is_central else ws.region)


def _day_after(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), dt.UTC)


def association_exists_on(day: dt.date) -> Any:
    """SQL condition: the association was in the register on `day` (registered, not yet liquidated)."""
    a = Association
    registered = or_(
        and_(a.registration_date.is_not(None), a.registration_date <= day),  # type: ignore[union-attr,operator]
        and_(a.registration_date.is_(None), a.created_at < _day_after(day)),  # type: ignore[union-attr,operator]
    )
    liquidated = and_(a.status == LIQUIDATED, a.status_date.is_not(None), a.status_date <= day)  # type: ignore[union-attr,operator]
    return and_(registered, ~liquidated, a.archived_at.is_(None))  # type: ignore[union-attr]


def _association_scope(ws: Workspace, region: str | None) -> list[Any]:
    area = _area(ws, region)
    return [Association.region == area] if area else []


# --- records for tables ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventTypeRow:
    event_type: str
    held: int
    participants: int
    youth: int


@dataclass(frozen=True)
class MembershipChange:
    """A member admitted to, or leaving, the assembly in the quarter."""

    day: dt.date
    admitted: bool
    name: str
    category: str
    ground: str | None
    note: str


@dataclass(frozen=True)
class MeetingRow:
    day: dt.date
    kind: str
    number: str
    members_total: int
    present: int
    quorate: bool
    decisions: int
    adopted: int


@dataclass
class QuarterlyFigures:
    """Everything the quarterly report prints, for one region or for all of them."""

    year: int
    quarter: int
    start: dt.date
    end: dt.date
    region: str | None
    associations_total: int = 0
    associations_new: int = 0
    associations_liquidated: int = 0
    by_legal_status: dict[str, int] = field(default_factory=dict)
    by_ethnic_group: dict[str, int] = field(default_factory=dict)
    events_by_type: list[EventTypeRow] = field(default_factory=list)
    events_by_month: dict[int, int] = field(default_factory=dict)
    members_total: int = 0
    members_admitted: int = 0
    members_left: int = 0
    council_members: int = 0
    sessions: int = 0
    sessions_quorate: int = 0
    council_meetings: int = 0
    council_meetings_quorate: int = 0
    decisions_taken: int = 0
    decisions_adopted: int = 0
    decisions_overdue: int = 0
    execution_items_overdue: int = 0
    plan_items: int = 0
    plan_items_fulfilled: int = 0
    plan_percent: int | None = None
    meetings: list[MeetingRow] = field(default_factory=list)
    head_of_secretariat: str = ""

    @property
    def events_held(self) -> int:
        return sum(r.held for r in self.events_by_type)

    @property
    def participants(self) -> int:
        return sum(r.participants for r in self.events_by_type)

    @property
    def youth(self) -> int:
        return sum(r.youth for r in self.events_by_type)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year, "quarter": self.quarter, "start": self.start.isoformat(), "end": self.end.isoformat(),
            "region": self.region,
            "associations": {"total": self.associations_total, "new": self.associations_new,
                             "liquidated": self.associations_liquidated, "by_legal_status": self.by_legal_status,
                             "by_ethnic_group": self.by_ethnic_group},
            "events": {"held": self.events_held, "participants": self.participants, "youth": self.youth,
                       "by_type": [r.__dict__ for r in self.events_by_type],
                       "by_month": {str(k): v for k, v in self.events_by_month.items()}},
            "members": {"total": self.members_total, "admitted": self.members_admitted, "left": self.members_left,
                        "council": self.council_members},
            "meetings": {"sessions": self.sessions, "sessions_quorate": self.sessions_quorate,
                         "council_meetings": self.council_meetings,
                         "council_meetings_quorate": self.council_meetings_quorate,
                         "decisions": self.decisions_taken, "decisions_adopted": self.decisions_adopted,
                         "decisions_overdue": self.decisions_overdue,
                         "execution_items_overdue": self.execution_items_overdue},
            "plan": {"planned": self.plan_items, "fulfilled": self.plan_items_fulfilled, "percent": self.plan_percent},
        }


# --- the figures ----------------------------------------------------------------------------------------------------


def _association_figures(ws: Workspace, f: QuarterlyFigures) -> None:
    a = Association
    scope = _association_scope(ws, f.region)
    exists = association_exists_on(f.end)
    with ws.db.read() as session:
        by_status = session.execute(
            select(a.legal_status, func.count()).where(exists, *scope).group_by(a.legal_status)
        ).all()
        by_group = session.execute(
            select(a.ethnic_group, func.count()).where(exists, *scope).group_by(a.ethnic_group)
        ).all()
        new = session.execute(select(func.count()).select_from(a).where(
            a.archived_at.is_(None), *scope,  # type: ignore[union-attr]
            or_(and_(a.registration_date >= f.start, a.registration_date <= f.end),  # type: ignore[operator]
                and_(a.registration_date.is_(None), a.created_at >= _day_after(f.start - dt.timedelta(days=1)),  # type: ignore[union-attr,operator]
                     a.created_at < _day_after(f.end))),  # type: ignore[operator]
        )).scalar_one()
        liquidated = session.execute(select(func.count()).select_from(a).where(
            a.archived_at.is_(None), a.status == LIQUIDATED, a.status_date >= f.start,  # type: ignore[union-attr,operator]
            a.status_date <= f.end, *scope,  # type: ignore[operator]
        )).scalar_one()
    f.by_legal_status = {code: n for code, n in by_status}
    f.by_ethnic_group = dict(sorted(by_group, key=lambda item: (-item[1], item[0])))
    f.associations_total = sum(f.by_legal_status.values())
    f.associations_new = new
    f.associations_liquidated = liquidated


def _held_events(ws: Workspace, region: str | None, start: dt.date, end: dt.date) -> Any:
    e = Event
    conditions = [e.status == HELD, e.start_date >= start, e.start_date <= end, e.archived_at.is_(None)]  # type: ignore[operator,union-attr]
    area = _area(ws, region)
    if area:
        conditions.append(e.region == area)
    return conditions


def _event_figures(ws: Workspace, f: QuarterlyFigures) -> None:
    e = Event
    conditions = _held_events(ws, f.region, f.start, f.end)
    with ws.db.read() as session:
        rows = session.execute(
            select(e.event_type, func.count(), func.coalesce(func.sum(e.participants), 0),
                   func.coalesce(func.sum(e.youth), 0)).where(*conditions).group_by(e.event_type)
        ).all()
        days = session.execute(select(e.start_date).where(*conditions)).scalars().all()
    f.events_by_type = sorted((EventTypeRow(t, int(n), int(p), int(y)) for t, n, p, y in rows),
                              key=lambda r: (-r.held, r.event_type))
    months = Counter(day.month for day in days)
    f.events_by_month = {m: months.get(m, 0) for m in range(f.start.month, f.end.month + 1)}


def _member_figures(ws: Workspace, f: QuarterlyFigures) -> None:
    f.members_total = roster.members_total(ws, f.end, region=f.region)
    f.council_members = roster.members_total(ws, f.end, body=rules.COUNCIL, region=f.region)
    m = Membership
    scope = [m.body == rules.ASSEMBLY]
    area = _area(ws, f.region)
    if area:
        scope.append(m.region == area)
    with ws.db.read() as session:
        f.members_admitted = session.execute(select(func.count()).select_from(m).where(
            *scope, m.admitted_on >= f.start, m.admitted_on <= f.end)).scalar_one()  # type: ignore[operator]
        f.members_left = session.execute(select(func.count()).select_from(m).where(
            *scope, m.left_on >= f.start, m.left_on <= f.end)).scalar_one()  # type: ignore[operator]
    heads = [e.name for e in roster.roster(ws, f.end, region=f.region)
             if "head_of_secretariat" in rules.split_codes(e.membership.roles)]
    f.head_of_secretariat = heads[0] if len(heads) == 1 else ""


def _meeting_figures(ws: Workspace, f: QuarterlyFigures, today: dt.date) -> None:
    for result in meetings.meetings(ws, date_from=f.start, date_to=f.end, region=f.region):
        m = result.meeting
        adopted = sum(1 for d in result.decisions if d.adopted)
        if rules.is_council(m.kind):
            f.council_meetings += 1
            f.council_meetings_quorate += result.quorate
        else:
            f.sessions += 1
            f.sessions_quorate += result.quorate
        f.decisions_taken += len(result.decisions)
        f.decisions_adopted += adopted
        f.meetings.append(MeetingRow(m.date, m.kind, m.number, result.members_total, result.present,
                                     result.quorate, len(result.decisions), adopted))
    as_of = min(f.end, today)
    overdue = decisions.items(ws, overdue_only=True, today=as_of, region=f.region)
    f.execution_items_overdue = len(overdue)
    f.decisions_overdue = len({row.decision.id for row in overdue})


def _plan_figures(ws: Workspace, f: QuarterlyFigures) -> None:
    report = plan.plan(ws, f.year, region=f.region)
    quarter = report.quarters[f.quarter - 1]
    f.plan_items, f.plan_items_fulfilled, f.plan_percent = quarter.planned, quarter.fulfilled, quarter.percent


def quarterly_figures(ws: Workspace, year: int, quarter: int, *, region: str | None = None,
                      today: dt.date | None = None) -> QuarterlyFigures:
    """The summary figures of a quarter (see the module's docstring for what each counts)."""
    start, end = quarter_bounds(year, quarter)
    f = QuarterlyFigures(year, quarter, start, end, region)
    _association_figures(ws, f)
    _event_figures(ws, f)
    _member_figures(ws, f)
    _meeting_figures(ws, f, today or dt.date.today())
    _plan_figures(ws, f)
    return f


# --- the quarter's lists ----------------------------------------------------------------------------------------------


def quarter_events(ws: Workspace, year: int, quarter: int, *, region: str | None = None) -> list[Event]:
    """Every event starting in the quarter (any status), by date."""
    start, end = quarter_bounds(year, quarter)
    return events_between(ws, start, end, region=region)


def events_between(ws: Workspace, date_from: dt.date, date_to: dt.date, *, region: str | None = None,
                   status: str | None = None, event_type: str | None = None) -> list[Event]:
    """The events starting between two days (inclusive), by date: the events log."""
    if date_from > date_to:
        raise DeskError(_("The start of the period is after its end."))
    e = Event
    stmt = select(e).where(e.start_date >= date_from, e.start_date <= date_to, e.archived_at.is_(None))  # type: ignore[operator,union-attr]
    area = _area(ws, region)
    if area:
        stmt = stmt.where(e.region == area)
    if status:
        stmt = stmt.where(e.status == status)
    if event_type:
        stmt = stmt.where(e.event_type == event_type)
    with ws.db.read() as session:
        return list(session.scalars(stmt.order_by(e.start_date, e.sort_ru, e.id)))


def new_associations(ws: Workspace, year: int, quarter: int, *, region: str | None = None) -> list[Association]:
    """Associations registered in the quarter, by registration date."""
    start, end = quarter_bounds(year, quarter)
    a = Association
    registered = func.coalesce(a.registration_date, func.date(a.created_at))
    stmt = select(a).where(
        a.archived_at.is_(None), *_association_scope(ws, region),  # type: ignore[union-attr]
        or_(and_(a.registration_date >= start, a.registration_date <= end),  # type: ignore[operator]
            and_(a.registration_date.is_(None), a.created_at >= _day_after(start - dt.timedelta(days=1)),  # type: ignore[union-attr,operator]
                 a.created_at < _day_after(end))),  # type: ignore[operator]
    )
    with ws.db.read() as session:
        return list(session.scalars(stmt.order_by(registered, a.sort_ru, a.id)))


def membership_changes(ws: Workspace, year: int, quarter: int, *, region: str | None = None) -> list[MembershipChange]:
    """Members admitted to and leaving the assembly in the quarter, by date."""
    start, end = quarter_bounds(year, quarter)
    out: list[MembershipChange] = []
    for entry in roster.memberships(ws, body=rules.ASSEMBLY, region=region):
        m = entry.membership
        if start <= m.admitted_on <= end:
            out.append(MembershipChange(m.admitted_on, True, entry.name, m.category, None, m.admission_basis))
        if m.left_on is not None and start <= m.left_on <= end:
            out.append(MembershipChange(m.left_on, False, entry.name, m.category, m.leaving_ground, m.leaving_note))
    out.sort(key=lambda c: (c.day, not c.admitted, c.name))
    return out


# --- the associations register as of a day ----------------------------------------------------------------------------


def associations_as_of(ws: Workspace, day: dt.date, *, filters: dict[str, Any] | None = None,
                       region: str | None = None, lang: str = "ru") -> list[Association]:
    """The associations in the register on `day`, filtered like the register's list, sorted by name in `lang`."""
    q = ListQuery(filters=dict(filters or {}), sort="name", lang=lang, region=region, limit=0)
    stmt = build_select(ws, association_register.SPEC, q)
    if stmt is None:
        return []
    stmt = stmt.where(association_exists_on(day))
    sort = getattr(Association, f"sort_{lang}", Association.sort_ru)
    with ws.db.read() as session:
        return list(session.scalars(stmt.order_by(sort, Association.id)))


def district_names(ws: Workspace, lang: str) -> dict[str, str]:
    """District names by id, in `lang`."""
    with ws.db.read() as session:
        return {d.id: d.name(lang) for d in session.scalars(select(District))}


def association_names(ws: Workspace, ids: Sequence[str], lang: str) -> dict[str, str]:
    """Names of associations by id, in `lang` (organisers of events)."""
    out: dict[str, str] = {}
    unique = sorted(set(ids))
    with ws.db.read() as session:
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            for a in session.scalars(select(Association).where(Association.id.in_(chunk))):  # type: ignore[attr-defined]
                out[a.id] = a.name(lang)
    return out
