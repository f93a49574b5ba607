"""The main figures of a quarter (the change column's quarter before, and each row of the republic's table by
region) are read apart from the whole report's figures, to save time: they must be the very figures
`quarterly_figures` counts, histories included."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desk.domain import quarters
from desk.domain.records import Association
from desk.services import associations, quarterly, roster

D = dt.date
MAIN = ("associations_total", "associations_new", "members_total", "events_held", "participants")
MAIN += ("decisions_adopted", "plan_percent")


def _main(figures: quarterly.QuarterlyFigures | quarterly.MainFigures) -> dict[str, object]:
    return {name: getattr(figures, name) for name in MAIN}


def _quarters(today: dt.date, count: int) -> list[quarters.Period]:
    out = [quarters.Period.of(today)]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


def test_the_main_figures_are_those_of_the_whole_report_histories_included(demo_workspace):
    ws = demo_workspace
    today = dt.date.today()
    periods = _quarters(today, 8)
    # dated history inside a past quarter: one association liquidated, another suspended (the main figures must
    # read them as the report does: the liquidated one out of the register from its day on)
    with ws.db.read() as session:
        first, second = session.scalars(
            select(Association)
            .where(Association.status == "active", Association.archived_at.is_(None))
            .order_by(Association.id)
            .limit(2)
        ).all()
    middle = periods[3]
    day = middle.start + dt.timedelta(days=20)
    associations.REGISTER.update(
        ws, first.id, {"status": "liquidated", "status_date": day, "status_reason": "Решение собрания"}
    )
    associations.REGISTER.update(
        ws, second.id, {"status": "suspended", "status_date": day, "status_reason": "Решение суда"}
    )
    # and a member of the assembly leaving in it (the roster's count reads the day of leaving)
    member = roster.roster(ws, middle.start)[0]
    roster.leave(ws, member.id, left_on=day, ground="own_wish")
    seen: dict[str, set[object]] = {name: set() for name in MAIN}
    for period in periods:
        full = quarterly.quarterly_figures(ws, period.year, period.quarter, today=today, with_previous=True)
        main = quarterly.main_figures(ws, period.year, period.quarter)
        assert (main.year, main.quarter) == (period.year, period.quarter)
        assert _main(main) == _main(full), period
        before = period.previous()
        assert full.previous == quarterly.main_figures(ws, before.year, before.quarter)
        assert _main(full.previous) == _main(quarterly.quarterly_figures(ws, before.year, before.quarter))
        for name, value in _main(full).items():
            seen[name].add(value)
    # the demo's quarters differ in every figure, so a figure read wrongly would show
    assert all(len(values) > 1 for values in seen.values()), seen
    liquidated = quarterly.quarterly_figures(ws, middle.year, middle.quarter)
    assert liquidated.associations_liquidated >= 1
    assert quarterly.main_figures(ws, middle.year, middle.quarter).associations_total == (
        liquidated.associations_total
    )
