"""The figures of the window's Home page: the current quarter at a glance.

Counts of the registers and their change against the previous quarter, events by month, and — from the
governance services — upcoming meetings, overdue decisions and the action plan's fulfilment for the quarter.
Everything is computed in four aggregate queries (one pass over the associations, one over the events of the
months shown, two counts), so it stays quick on a large region: the Home page waits for it at start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import col

from desk.domain import reference
from desk.domain.records import Association, Event, House, Person
from desk.services import decisions, meetings, plan, roster
from desk.services.rows import term_label
from desk.services.workspace import Workspace


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end_month = 3 * quarter
    end = (dt.date(year + 1, 1, 1) if end_month == 12 else dt.date(year, end_month + 1, 1)) - dt.timedelta(
        days=1
    )
    return start, end


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


@dataclass(frozen=True)
class Figure:
    """One number of the quarter and the same number for the previous quarter (None when it has no meaning)."""

    key: str
    value: int
    previous: int | None = None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.value - self.previous


@dataclass(frozen=True)
class MonthBar:
    month: dt.date  # first day of the month
    held: int
    planned: int  # planned or postponed, not yet held


@dataclass(frozen=True)
class UpcomingMeeting:
    id: str
    date: dt.date
    kind: str
    kind_label: str
    number: str
    place: str


@dataclass(frozen=True)
class OverdueItem:
    id: str
    decision: str
    decision_number: str
    responsible: str
    task: str
    deadline: dt.date | None
    days_overdue: int


@dataclass(frozen=True)
class PlanGlance:
    planned: int
    fulfilled: int
    percent: int | None


@dataclass
class Glance:
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    figures: list[Figure]
    months: list[MonthBar]
    upcoming: list[UpcomingMeeting] | None = None  # filled by glance()
    overdue: list[OverdueItem] | None = None
    overdue_total: int = 0
    plan: PlanGlance | None = None
    members: int | None = None
    notes: list[str] = field(default_factory=list)
    session_warnings: list[Any] = field(default_factory=list)  # rules.RuleWarning: years without a session


def _region_filter(ws: Workspace, cls: Any) -> list[Any]:
    return [] if ws.is_central else [cls.region == ws.region]


def glance(
    ws: Workspace,
    today: dt.date | None = None,
    lang: str = "ru",
    *,
    months: int = 12,
    upcoming_days: int = 90,
    overdue_limit: int = 8,
) -> Glance:
    """The current quarter (of `today`) at a glance."""
    today = today or dt.date.today()
    year, quarter = quarter_of(today)
    start, end = quarter_bounds(year, quarter)
    p_start, p_end = quarter_bounds(*previous_quarter(year, quarter))
    A, E, P, H = Association, Event, Person, House
    first = dt.date(today.year, today.month, 1)
    for _i in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    since = min(first, p_start)  # quarters start on the first of a month: every figure is a sum of months
    month_key = (
        func.strftime("%Y-%m", E.start_date) if ws.db.is_sqlite else func.to_char(E.start_date, "YYYY-MM")
    )

    def when(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    def active_on(day: dt.date) -> Any:
        return when(
            (col(A.status) == "active")
            & (col(A.registration_date).is_(None) | (col(A.registration_date) <= day))
        )

    def registered(a: dt.date, b: dt.date) -> Any:
        return when((col(A.registration_date) >= a) & (col(A.registration_date) <= b))

    with ws.db.read() as session:

        def count(cls: Any, *where: Any) -> int:
            return int(
                session.execute(
                    select(func.count()).select_from(cls).where(*_region_filter(ws, cls), *where)
                ).scalar_one()
                or 0
            )

        assoc = session.execute(  # one pass over the associations
            select(
                active_on(end), active_on(p_end), registered(start, end), registered(p_start, p_end)
            ).where(*_region_filter(ws, A), col(A.archived_at).is_(None))
        ).one()
        rows = session.execute(  # one pass over the events of the months shown and the two quarters
            select(month_key, col(E.status), func.count(), func.coalesce(func.sum(col(E.participants)), 0))
            .where(
                *_region_filter(ws, E),
                col(E.archived_at).is_(None),
                col(E.start_date) >= since,
                col(E.start_date) <= end,
            )
            .group_by(month_key, col(E.status))
        ).all()
        houses = count(H, col(H.archived_at).is_(None))
        persons = count(P, col(P.archived_at).is_(None))
    by_month: dict[str, dict[str, tuple[int, int]]] = {}
    for key, status, n, people in rows:
        by_month.setdefault(str(key), {})[status] = (int(n), int(people or 0))

    def months_of(a: dt.date, b: dt.date) -> list[str]:
        keys, month = [], a
        while month <= b:
            keys.append(month.strftime("%Y-%m"))
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return keys

    def total(a: dt.date, b: dt.date, statuses: tuple[str, ...], part: int) -> int:
        return sum(
            by_month.get(key, {}).get(status, (0, 0))[part] for key in months_of(a, b) for status in statuses
        )

    held, planned = ("held",), ("planned", "postponed")
    figures = [
        Figure("associations", int(assoc[0]), int(assoc[1])),
        Figure("registered", int(assoc[2]), int(assoc[3])),
        Figure("events_held", total(start, end, held, 0), total(p_start, p_end, held, 0)),
        Figure("participants", total(start, end, held, 1), total(p_start, p_end, held, 1)),
        Figure("events_planned", total(start, end, planned, 0)),
        Figure("houses", houses),
        Figure("persons", persons),
    ]
    bars: list[MonthBar] = []
    month = first
    for _i in range(months):
        bars.append(MonthBar(month, total(month, month, held, 0), total(month, month, planned, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)

    result = Glance(year, quarter, start, end, figures, bars)

    found = meetings.meetings(ws, date_from=today, date_to=today + dt.timedelta(days=upcoming_days))
    result.upcoming = [
        UpcomingMeeting(
            r.meeting.id,
            r.meeting.date,
            r.meeting.kind,
            term_label(reference.MEETING_KINDS, r.meeting.kind, lang),
            r.meeting.number,
            r.meeting.place,
        )
        for r in found
    ]
    if not ws.is_central:
        result.session_warnings = meetings.session_year_warnings(ws, today=today)
    items = decisions.items(ws, overdue_only=True, today=today)
    result.overdue_total = len(items)
    items.sort(key=lambda r: -r.days_overdue)
    result.overdue = [
        OverdueItem(
            r.item.id,
            r.decision.name(lang),
            r.decision.number,
            reference.responsible_name(r.item.responsible_body, r.item.responsible, lang),
            r.item.task,
            r.item.deadline,
            r.days_overdue,
        )
        for r in items[:overdue_limit]
    ]
    report = plan.plan(ws, year)
    q = report.quarters[quarter - 1]
    result.plan = PlanGlance(q.planned, q.fulfilled, q.percent)
    if not ws.is_central:
        result.members = roster.members_total(ws, today)
    return result
