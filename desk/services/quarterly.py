"""The figures of the quarterly report of a regional assembly: the registers' counts for a year and quarter, the
quarter's events, new associations and membership changes, and the governance figures (members, sessions and
council meetings, decisions, the action plan) taken from the roster, meetings, decisions and plan services.

`region=None` means the workspace's own region in a region's data folder, and every region in the central one,
so the centre can sum the regions or ask for one of them.

Definitions (all as of the quarter's last day, read from the records' dated history, so that a past quarter
prints the same however the records changed since — `desk.services.history`):
- an association exists from its registration date (its creation in the register, for an unregistered group)
  until its status history says liquidated; its status that day is the one in force then. Archived records are
  left out. New: registered in the quarter. Suspended or liquidated in the quarter: a status fact dated in it.
- events held: status "held" and starting in the quarter; participants and youth are their sums; funding by source
  (amounts only with a source); per House of Friendship and per district (the House's district).
- members: of the assembly on the last day (`roster.members_total`), by category and by ethnic group; admitted and
  left: memberships of the assembly admitted, or left, in the quarter; the head of the secretariat: whoever held
  that role on the last day (roles have their own history).
- meetings: those dated in the quarter, their validity and adopted decisions by the rules of the region in force on
  their day (`meetings.meetings`), with their warnings; the control list: execution items not executed before the
  quarter, with the deadline and state they had on its last day (today, for the running quarter).
- plan fulfilment: plan items of the quarter, each carried out only by an event held within the quarter.
- the previous quarter's main figures, for the change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import col

from desk.domain import history, reference, rules
from desk.domain.records import Association, District, Event, House, Membership, PlanItem, StateChange
from desk.errors import DeskError
from desk.i18n import _
from desk.services import associations as association_register
from desk.services import decisions, meetings, plan, roster
from desk.services import history as history_service
from desk.services.records import ListQuery, build_select
from desk.services.workspace import Workspace

LIQUIDATED = "liquidated"
SUSPENDED = "suspended"
HELD = "held"


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter; a clear error for a quarter that does not exist."""
    if quarter not in (1, 2, 3, 4):
        raise DeskError(_("The quarter must be 1, 2, 3 or 4."))
    if not 1900 <= year <= 2999:
        raise DeskError(_("The year must be between 1900 and 2999."))
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end_month = 3 * quarter
    end = (dt.date(year + 1, 1, 1) if end_month == 12 else dt.date(year, end_month + 1, 1)) - dt.timedelta(
        days=1
    )
    return start, end


def _area(ws: Workspace, region: str | None) -> str | None:
    return region or (None if ws.is_central else ws.region)


def _day_after(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), dt.UTC)


def association_registered_by(day: dt.date) -> Any:
    """SQL condition: the association was registered (created, for an unregistered group) by `day`; archived
    records left out. Whether it was liquidated by then is its status history's business (`statuses_on`)."""
    a = Association
    registered = or_(
        and_(col(a.registration_date).is_not(None), col(a.registration_date) <= day),
        and_(col(a.registration_date).is_(None), col(a.created_at) < _day_after(day)),
    )
    return and_(registered, col(a.archived_at).is_(None))


@dataclass(frozen=True)
class AssociationOnDay:
    """An association with its status on a day (from its status history), and the fact that set it."""

    association: Association
    status: str
    since: dt.date
    reason: str


def _association_scope(ws: Workspace, region: str | None) -> list[Any]:
    area = _area(ws, region)
    return [col(Association.region) == area] if area else []


def association_facts(
    ws: Workspace, day: dt.date, *, region: str | None = None, stmt: Any = None
) -> list[tuple[Association, list[history.Fact]]]:
    """The associations registered by `day` with their status histories. `stmt`: a SELECT to start from."""
    query = stmt if stmt is not None else select(Association).where(*_association_scope(ws, region))
    with ws.db.read() as session:
        found = list(session.scalars(query.where(association_registered_by(day))))
        facts = history_service.facts_in(session, found, "status")
    return [(a, facts[a.id]) for a in found]


def _status_on(assoc: Any, facts: list[history.Fact], day: dt.date) -> tuple[history.Fact | None, str]:
    """The status fact in force on `day` (None without any) and the status it gives."""
    fact = history.fact_on(facts, day)
    return fact, fact.value if fact is not None else assoc.status


def in_register_on(found: Sequence[tuple[Any, list[history.Fact]]], day: dt.date) -> int:
    """How many of the associations `on_day` lists (the liquidated left out), without listing them."""
    return sum(1 for assoc, facts in found if _status_on(assoc, facts, day)[1] != LIQUIDATED)


def on_day(
    found: Sequence[tuple[Any, list[history.Fact]]], day: dt.date, *, with_liquidated: bool = False
) -> list[AssociationOnDay]:
    """Each association with its status on `day`; the liquidated left out unless `with_liquidated`."""
    out = []
    for assoc, facts in found:
        fact, status = _status_on(assoc, facts, day)
        if status == LIQUIDATED and not with_liquidated:
            continue
        out.append(
            AssociationOnDay(assoc, status, fact.valid_from if fact else day, fact.reason if fact else "")
        )
    return out


def associations_on(
    ws: Workspace, day: dt.date, *, region: str | None = None, stmt: Any = None, with_liquidated: bool = False
) -> list[AssociationOnDay]:
    """The associations in the register on `day` (registered by then and not liquidated on or before it, unless
    `with_liquidated`), each with its status that day."""
    return on_day(association_facts(ws, day, region=region, stmt=stmt), day, with_liquidated=with_liquidated)


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
    admission: roster.SessionDecision | None = (
        None  # the session decision that admitted the member, if linked
    )
    region: str = ""  # whose assembly (the republic's lists name it)


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
    rule: rules.Thresholds | None = None
    warnings: tuple[rules.RuleWarning, ...] = ()
    region: str = ""  # whose assembly met (the republic's lists name it)


@dataclass(frozen=True)
class StatusChangeRow:
    """An association suspended or liquidated on a day of the quarter, with the reason."""

    day: dt.date
    association: Association
    status: str
    reason: str


@dataclass(frozen=True)
class FundingRow:
    """Held events of the quarter funded from one source: how many, and the sum of their amounts (tenge)."""

    source: str
    events: int
    amount: int


@dataclass(frozen=True)
class PlaceRow:
    """Figures of one House of Friendship or one district: associations at the quarter's end, events held."""

    place_id: str
    associations: int
    events: int
    participants: int


@dataclass(frozen=True)
class PlanItemRow:
    """A plan item of the quarter, and the events held for it within the quarter (none: not carried out)."""

    item: PlanItem
    held: tuple[Event, ...]

    @property
    def fulfilled(self) -> bool:
        return bool(self.held)


@dataclass(frozen=True)
class MainFigures:
    """The main figures of a quarter, counted as `quarterly_figures` counts them: the quarter before (the change
    column) and each region's row of the republic's table by region. Reading only these costs a fraction of the
    whole report's figures."""

    year: int
    quarter: int
    associations_total: int
    associations_new: int
    members_total: int
    events_held: int
    participants: int
    decisions_adopted: int
    plan_percent: int | None


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
    council_polls: int = 0
    decisions_taken: int = 0
    decisions_adopted: int = 0
    decisions_overdue: int = 0
    execution_items_overdue: int = 0
    plan_items: int = 0
    plan_items_fulfilled: int = 0
    plan_percent: int | None = None
    meetings: list[MeetingRow] = field(default_factory=list)
    head_of_secretariat: str = ""
    by_status: dict[str, int] = field(default_factory=dict)
    by_district: dict[str, int] = field(default_factory=dict)
    by_house: dict[str, int] = field(default_factory=dict)
    status_changes: list[StatusChangeRow] = field(default_factory=list)
    funding: list[FundingRow] = field(default_factory=list)
    houses: list[PlaceRow] = field(default_factory=list)
    districts: list[PlaceRow] = field(default_factory=list)
    plan_rows: list[PlanItemRow] = field(default_factory=list)
    control: list[decisions.ControlRow] = field(default_factory=list)
    members_by_category: dict[str, int] = field(default_factory=dict)
    members_by_ethnic_group: dict[str, int] = field(default_factory=dict)
    previous: MainFigures | None = None

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
            "year": self.year,
            "quarter": self.quarter,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "region": self.region,
            "associations": {
                "total": self.associations_total,
                "new": self.associations_new,
                "liquidated": self.associations_liquidated,
                "by_legal_status": self.by_legal_status,
                "by_ethnic_group": self.by_ethnic_group,
            },
            "events": {
                "held": self.events_held,
                "participants": self.participants,
                "youth": self.youth,
                "by_type": [r.__dict__ for r in self.events_by_type],
                "by_month": {str(k): v for k, v in self.events_by_month.items()},
            },
            "members": {
                "total": self.members_total,
                "admitted": self.members_admitted,
                "left": self.members_left,
                "council": self.council_members,
            },
            "meetings": {
                "sessions": self.sessions,
                "sessions_quorate": self.sessions_quorate,
                "council_meetings": self.council_meetings,
                "council_meetings_quorate": self.council_meetings_quorate,
                "council_polls": self.council_polls,
                "decisions": self.decisions_taken,
                "decisions_adopted": self.decisions_adopted,
                "decisions_overdue": self.decisions_overdue,
                "execution_items_overdue": self.execution_items_overdue,
            },
            "plan": {
                "planned": self.plan_items,
                "fulfilled": self.plan_items_fulfilled,
                "percent": self.plan_percent,
            },
            "by_status": self.by_status,
            "funding": [r.__dict__ for r in self.funding],
            "members_by_category": self.members_by_category,
            "members_by_ethnic_group": self.members_by_ethnic_group,
        }


# --- the figures ----------------------------------------------------------------------------------------------------


_LIGHT = (
    col(Association.id),
    col(Association.registration_date),
    col(Association.created_at),
    col(Association.status),
    col(Association.status_date),
    col(Association.status_reason),
    col(Association.legal_status),
    col(Association.ethnic_group),
    col(Association.district_id),
    col(Association.house_id),
    col(Association.region),
)
"""The columns the figures need: counting thousands of associations does not build thousands of records."""


def _light_facts(ws: Workspace, day: dt.date, region: str | None) -> list[tuple[Any, list[history.Fact]]]:
    """(row of `_LIGHT` columns, status facts) of the associations registered by `day`: the rows of the status
    history read in one query, the implied history for the associations without any."""
    area = _area(ws, region)
    with ws.db.read() as session:
        result = session.execute(
            select(*_LIGHT).where(*_association_scope(ws, region), association_registered_by(day))
        )
        names = list(result.keys())
        rows = result.all()
        stmt = (
            select(
                col(StateChange.record_id),
                col(StateChange.value),
                col(StateChange.valid_from),
                col(StateChange.reason),
            )
            .where(col(StateChange.record_table) == "association", col(StateChange.field) == "status")
            .order_by(col(StateChange.valid_from), col(StateChange.created_at))
        )
        if area:
            stmt = stmt.where(col(StateChange.region) == area)
        recorded: dict[str, list[history.Fact]] = {}
        for record_id, value, valid_from, reason in session.execute(stmt):
            recorded.setdefault(record_id, []).append(history.Fact("status", value, valid_from, reason))
    # the columns as a mapping for `implied`: a dict of the row's names and values (Row._asdict is much slower)
    return [
        (
            row,
            recorded.get(row.id)
            or history.implied("association", "status", dict(zip(names, row, strict=True))),
        )
        for row in rows
    ]


def _registered_between(start: dt.date, end: dt.date) -> list[Any]:
    """SQL conditions: an association registered (created, for an unregistered group) between two days; archived
    records left out."""
    a = Association
    return [
        col(a.archived_at).is_(None),
        or_(
            and_(col(a.registration_date) >= start, col(a.registration_date) <= end),
            and_(
                col(a.registration_date).is_(None),
                col(a.created_at) >= _day_after(start - dt.timedelta(days=1)),
                col(a.created_at) < _day_after(end),
            ),
        ),
    ]


def _associations_new(ws: Workspace, start: dt.date, end: dt.date, region: str | None) -> int:
    """How many associations were registered between two days (`_registered_between`)."""
    with ws.db.read() as session:
        return int(
            session.execute(
                select(func.count())
                .select_from(Association)
                .where(*_association_scope(ws, region), *_registered_between(start, end))
            ).scalar_one()
        )


def _association_figures(ws: Workspace, f: QuarterlyFigures) -> None:
    found = _light_facts(ws, f.end, f.region)
    alive = on_day(found, f.end)
    by_legal = Counter(x.association.legal_status for x in alive)
    by_group_count = Counter(x.association.ethnic_group for x in alive)
    f.by_status = dict(sorted(Counter(x.status for x in alive).items()))
    f.by_district = dict(Counter(x.association.district_id or "" for x in alive))
    f.by_house = dict(Counter(x.association.house_id for x in alive if x.association.house_id))
    changed = [
        (row.id, fact)
        for row, facts in found
        for fact in facts
        if fact.value in (LIQUIDATED, SUSPENDED) and f.start <= fact.valid_from <= f.end
    ]
    with ws.db.read() as session:
        records = {
            x.id: x
            for x in session.scalars(
                select(Association).where(col(Association.id).in_(sorted({aid for aid, _fact in changed})))
            )
        }
    f.status_changes = sorted(
        (StatusChangeRow(fact.valid_from, records[aid], fact.value, fact.reason) for aid, fact in changed),
        key=lambda r: (r.day, r.association.sort_ru, r.association.id),
    )
    by_status = list(by_legal.items())
    by_group = list(by_group_count.items())
    new = _associations_new(ws, f.start, f.end, f.region)
    liquidated = sum(1 for r in f.status_changes if r.status == LIQUIDATED)
    f.by_legal_status = {code: n for code, n in sorted(by_status)}
    f.by_ethnic_group = dict(sorted(by_group, key=lambda item: (-item[1], item[0])))
    f.associations_total = sum(f.by_legal_status.values())
    f.associations_new = new
    f.associations_liquidated = liquidated


def _held_events(ws: Workspace, region: str | None, start: dt.date, end: dt.date) -> Any:
    e = Event
    conditions = [
        col(e.status) == HELD,
        col(e.start_date) >= start,
        col(e.start_date) <= end,
        col(e.archived_at).is_(None),
    ]
    area = _area(ws, region)
    if area:
        conditions.append(col(e.region) == area)
    return conditions


def _events_by_type(session: Any, conditions: list[Any]) -> list[EventTypeRow]:
    """The held events by type (the most held first): how many, their participants and youth."""
    e = Event
    rows = session.execute(
        select(
            col(e.event_type),
            func.count(),
            func.coalesce(func.sum(col(e.participants)), 0),
            func.coalesce(func.sum(col(e.youth)), 0),
        )
        .where(*conditions)
        .group_by(col(e.event_type))
    ).all()
    return sorted(
        (EventTypeRow(t, int(n), int(p), int(y)) for t, n, p, y in rows),
        key=lambda r: (-r.held, r.event_type),
    )


def _event_figures(ws: Workspace, f: QuarterlyFigures) -> None:
    e = Event
    conditions = _held_events(ws, f.region, f.start, f.end)
    with ws.db.read() as session:
        f.events_by_type = _events_by_type(session, conditions)
        days = session.execute(select(col(e.start_date)).where(*conditions)).scalars().all()
        funding = session.execute(
            select(col(e.funding_source), func.count(), func.coalesce(func.sum(col(e.funding_amount)), 0))
            .where(*conditions)
            .group_by(col(e.funding_source))
        ).all()
        by_house = session.execute(
            select(col(e.house_id), func.count(), func.coalesce(func.sum(col(e.participants)), 0))
            .where(*conditions)
            .group_by(e.house_id)
        ).all()
        house_district = {h.id: h.district_id or "" for h in session.scalars(select(House))}
    order = {t.code: i for i, t in enumerate(reference.FUNDING_SOURCES)}
    f.funding = sorted(
        (FundingRow(src or "none", int(n), int(amount)) for src, n, amount in funding),
        key=lambda r: order.get(r.source, 99),
    )
    events_by_house = {h or "": (int(n), int(p)) for h, n, p in by_house}
    f.houses = sorted(
        (
            PlaceRow(h, f.by_house.get(h, 0), *events_by_house.get(h, (0, 0)))
            for h in set(f.by_house) | {h for h in events_by_house if h}
        ),
        key=lambda r: r.place_id,
    )
    district_events: dict[str, list[int]] = {}
    for h, (n, p) in events_by_house.items():
        sums = district_events.setdefault(house_district.get(h, ""), [0, 0])
        sums[0] += n
        sums[1] += p
    f.districts = sorted(
        (
            PlaceRow(d, f.by_district.get(d, 0), *district_events.get(d, [0, 0]))
            for d in set(f.by_district) | set(district_events)
        ),
        key=lambda r: r.place_id,
    )
    months = Counter(day.month for day in days)
    f.events_by_month = {m: months.get(m, 0) for m in range(f.start.month, f.end.month + 1)}


def _member_figures(ws: Workspace, f: QuarterlyFigures) -> None:
    on_end = roster.roster(ws, f.end, region=f.region)
    f.members_total = len(on_end)  # roster.members_total, without reading the roster twice
    f.council_members = roster.members_total(ws, f.end, body=rules.COUNCIL, region=f.region)
    m = Membership
    scope = [col(m.body) == rules.ASSEMBLY]
    area = _area(ws, f.region)
    if area:
        scope.append(col(m.region) == area)
    with ws.db.read() as session:
        f.members_admitted = session.execute(
            select(func.count())
            .select_from(m)
            .where(*scope, col(m.admitted_on) >= f.start, col(m.admitted_on) <= f.end)
        ).scalar_one()
        f.members_left = session.execute(
            select(func.count())
            .select_from(m)
            .where(*scope, col(m.left_on) >= f.start, col(m.left_on) <= f.end)
        ).scalar_one()
    heads = [e.name for e in on_end if "head_of_secretariat" in rules.split_codes(e.roles)]
    f.head_of_secretariat = heads[0] if len(heads) == 1 else ""
    f.members_by_category = dict(
        sorted(Counter(e.membership.category for e in on_end).items(), key=lambda item: (-item[1], item[0]))
    )
    f.members_by_ethnic_group = dict(
        sorted(
            Counter(e.person.ethnic_group or "" for e in on_end).items(), key=lambda item: (-item[1], item[0])
        )
    )


def _adopted(result: meetings.MeetingResult) -> int:
    return sum(1 for d in result.decisions if d.adopted)


def _meeting_figures(ws: Workspace, f: QuarterlyFigures, today: dt.date) -> None:
    for result in meetings.meetings(ws, date_from=f.start, date_to=f.end, region=f.region):
        m = result.meeting
        adopted = _adopted(result)
        if rules.is_poll(m.kind):
            f.council_polls += 1
        elif rules.is_council(m.kind):
            f.council_meetings += 1
            f.council_meetings_quorate += result.quorate
        else:
            f.sessions += 1
            f.sessions_quorate += result.quorate
        f.decisions_taken += len(result.decisions)
        f.decisions_adopted += adopted
        f.meetings.append(
            MeetingRow(
                m.date,
                m.kind,
                m.number,
                result.members_total,
                result.present,
                result.quorate,
                len(result.decisions),
                adopted,
                result.rule,
                tuple(result.warnings),
                m.region,
            )
        )
    # as it stood at the quarter's end (today, for the running quarter), from the items' history
    as_of = min(f.end, today)
    f.control = decisions.control_list(ws, as_of, since=f.start, region=f.region)
    overdue = [row for row in f.control if row.overdue]
    f.execution_items_overdue = len(overdue)
    f.decisions_overdue = len({row.decision.id for row in overdue})


def _plan_rows(ws: Workspace, year: int, quarter: int, region: str | None) -> list[PlanItemRow]:
    """Plan items of the quarter, each carried out only by an event held within the quarter."""
    report = plan.plan(ws, year, region=region)
    return [PlanItemRow(r.item, tuple(r.held_in_quarter)) for r in report.rows if r.item.quarter == quarter]


def _plan_figures(ws: Workspace, f: QuarterlyFigures) -> None:
    f.plan_rows = _plan_rows(ws, f.year, f.quarter, f.region)
    f.plan_items = len(f.plan_rows)
    f.plan_items_fulfilled = sum(r.fulfilled for r in f.plan_rows)
    f.plan_percent = plan.percent(f.plan_items_fulfilled, f.plan_items)


def quarterly_figures(
    ws: Workspace,
    year: int,
    quarter: int,
    *,
    region: str | None = None,
    today: dt.date | None = None,
    with_previous: bool = False,
) -> QuarterlyFigures:
    """The summary figures of a quarter (see the module's docstring for what each counts)."""
    start, end = quarter_bounds(year, quarter)
    f = QuarterlyFigures(year, quarter, start, end, region)
    _association_figures(ws, f)
    _event_figures(ws, f)
    _member_figures(ws, f)
    _meeting_figures(ws, f, today or dt.date.today())
    _plan_figures(ws, f)
    if with_previous:
        year_before, quarter_before = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        f.previous = main_figures(ws, year_before, quarter_before, region=region)
    return f


def main_figures(ws: Workspace, year: int, quarter: int, *, region: str | None = None) -> MainFigures:
    """The main figures of a quarter (`MainFigures`), each read as `quarterly_figures` reads it."""
    start, end = quarter_bounds(year, quarter)
    in_register = in_register_on(_light_facts(ws, end, region), end)
    with ws.db.read() as session:
        by_type = _events_by_type(session, _held_events(ws, region, start, end))
    adopted = sum(_adopted(r) for r in meetings.meetings(ws, date_from=start, date_to=end, region=region))
    rows = _plan_rows(ws, year, quarter, region)
    return MainFigures(
        year,
        quarter,
        associations_total=in_register,
        associations_new=_associations_new(ws, start, end, region),
        members_total=roster.members_total(ws, end, region=region),
        events_held=sum(r.held for r in by_type),
        participants=sum(r.participants for r in by_type),
        decisions_adopted=adopted,
        plan_percent=plan.percent(sum(r.fulfilled for r in rows), len(rows)),
    )


def main_figures_by_region(ws: Workspace, year: int, quarter: int) -> dict[str, MainFigures]:
    """The main figures of a quarter of each region the data folder holds (the central office: every region it
    has data of), read once for all of them and counted by region: each region's are those `main_figures` reads
    for it alone (tests/sync/test_consolidation_report.py), in one reading instead of one per region (a third
    less time for the republic's twenty). A region's records and their dated history all carry its code, so
    grouping by it splits the republic exactly as the region's own reading does."""
    start, end = quarter_bounds(year, quarter)
    in_register: Counter[str] = Counter()
    for row, facts in _light_facts(ws, end, None):
        if _status_on(row, facts, end)[1] != LIQUIDATED:
            in_register[row.region] += 1
    e, a = Event, Association
    with ws.db.read() as session:
        new = dict(
            session.execute(
                select(col(a.region), func.count())
                .where(*_association_scope(ws, None), *_registered_between(start, end))
                .group_by(col(a.region))
            ).all()
        )
        events = {
            code: (int(n), int(p))
            for code, n, p in session.execute(
                select(col(e.region), func.count(), func.coalesce(func.sum(col(e.participants)), 0))
                .where(*_held_events(ws, None, start, end))
                .group_by(col(e.region))
            )
        }
    members = roster.members_by_region(ws, end)
    adopted: Counter[str] = Counter()
    for result in meetings.meetings(ws, date_from=start, date_to=end):
        adopted[result.meeting.region] += _adopted(result)
    plan_rows: dict[str, list[PlanItemRow]] = {}
    for row in _plan_rows(ws, year, quarter, None):
        plan_rows.setdefault(row.item.region, []).append(row)
    codes = set(in_register) | set(new) | set(events) | set(members) | set(adopted) | set(plan_rows)
    out = {}
    for code in sorted(codes):
        rows = plan_rows.get(code, [])
        held, participants = events.get(code, (0, 0))
        out[code] = MainFigures(
            year,
            quarter,
            associations_total=in_register[code],
            associations_new=int(new.get(code, 0)),
            members_total=members.get(code, 0),
            events_held=held,
            participants=participants,
            decisions_adopted=adopted[code],
            plan_percent=plan.percent(sum(r.fulfilled for r in rows), len(rows)),
        )
    return out


def no_main_figures(year: int, quarter: int) -> MainFigures:
    """The main figures of a region that has none of the records counted (what `main_figures` reads for it)."""
    return MainFigures(year, quarter, 0, 0, 0, 0, 0, 0, None)


# --- the quarter's lists ----------------------------------------------------------------------------------------------


def quarter_events(ws: Workspace, year: int, quarter: int, *, region: str | None = None) -> list[Event]:
    """Every event starting in the quarter (any status), by date."""
    start, end = quarter_bounds(year, quarter)
    return events_between(ws, start, end, region=region)


def events_between(
    ws: Workspace,
    date_from: dt.date,
    date_to: dt.date,
    *,
    region: str | None = None,
    status: str | None = None,
    event_type: str | None = None,
) -> list[Event]:
    """The events starting between two days (inclusive), by date: the events log."""
    if date_from > date_to:
        raise DeskError(_("The start of the period is after its end."))
    e = Event
    stmt = select(e).where(
        col(e.start_date) >= date_from, col(e.start_date) <= date_to, col(e.archived_at).is_(None)
    )
    area = _area(ws, region)
    if area:
        stmt = stmt.where(col(e.region) == area)
    if status:
        stmt = stmt.where(col(e.status) == status)
    if event_type:
        stmt = stmt.where(col(e.event_type) == event_type)
    with ws.db.read() as session:
        return list(session.scalars(stmt.order_by(col(e.start_date), col(e.sort_ru), col(e.id))))


def new_associations(
    ws: Workspace, year: int, quarter: int, *, region: str | None = None
) -> list[Association]:
    """Associations registered in the quarter, by registration date."""
    start, end = quarter_bounds(year, quarter)
    a = Association
    registered = func.coalesce(a.registration_date, func.date(a.created_at))
    stmt = select(a).where(*_registered_between(start, end), *_association_scope(ws, region))
    with ws.db.read() as session:
        return list(session.scalars(stmt.order_by(registered, a.sort_ru, a.id)))


def membership_changes(
    ws: Workspace, year: int, quarter: int, *, region: str | None = None
) -> list[MembershipChange]:
    """Members admitted to and leaving the assembly in the quarter, by date."""
    start, end = quarter_bounds(year, quarter)
    out: list[MembershipChange] = []
    for entry in roster.memberships(ws, body=rules.ASSEMBLY, region=region):
        m = entry.membership
        if start <= m.admitted_on <= end:
            out.append(
                MembershipChange(
                    m.admitted_on,
                    True,
                    entry.name,
                    m.category,
                    None,
                    m.admission_basis,
                    entry.admission,
                    m.region,
                )
            )
        if m.left_on is not None and start <= m.left_on <= end:
            out.append(
                MembershipChange(
                    m.left_on,
                    False,
                    entry.name,
                    m.category,
                    m.leaving_ground,
                    m.leaving_note,
                    region=m.region,
                )
            )
    out.sort(key=lambda c: (c.day, not c.admitted, c.name))
    return out


# --- the associations register as of a day ----------------------------------------------------------------------------


def associations_as_of(
    ws: Workspace,
    day: dt.date,
    *,
    filters: dict[str, Any] | None = None,
    region: str | None = None,
    lang: str = "ru",
) -> list[AssociationOnDay]:
    """The associations in the register on `day` with their status that day (from the status history),
    filtered like the register's list (the status filter: that day's), sorted by name in `lang`."""
    q = ListQuery(filters=dict(filters or {}), sort="name", lang=lang, region=region, limit=0)
    wanted_status = q.filters.pop("status", None)  # the status of that day, not today's
    stmt = build_select(ws, association_register.SPEC, q)
    if stmt is None:
        return []
    sort = getattr(Association, f"sort_{lang}", Association.sort_ru)
    rows = associations_on(
        ws, day, stmt=stmt.order_by(sort, Association.id), with_liquidated=wanted_status == LIQUIDATED
    )
    return [r for r in rows if not wanted_status or r.status == wanted_status]


def district_names(ws: Workspace, lang: str) -> dict[str, str]:
    """District names by id, in `lang`."""
    with ws.db.read() as session:
        return {d.id: d.name(lang) for d in session.scalars(select(District))}


def house_names(ws: Workspace, lang: str) -> dict[str, str]:
    """Names of the Houses of Friendship by id, in `lang`."""
    with ws.db.read() as session:
        return {h.id: h.name(lang) for h in session.scalars(select(House))}


def association_names(ws: Workspace, ids: Sequence[str], lang: str) -> dict[str, str]:
    """Names of associations by id, in `lang` (organisers of events)."""
    out: dict[str, str] = {}
    unique = sorted(set(ids))
    with ws.db.read() as session:
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            for a in session.scalars(select(Association).where(col(Association.id).in_(chunk))):
                out[a.id] = a.name(lang)
    return out
