"""Believable data (issue 14, point 4): no event "held" before it begins, a funding amount only with a source, and
plan fulfilment only by events held within the item's quarter."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.domain.record_checks import check_event
from desk.domain.records import Event
from desk.domain.validation import ValidationError
from desk.services import events, plan, quarterly

D = dt.date
TODAY = dt.date.today()


def _event(**values) -> Event:
    base = {
        "region": "KZ-35",
        "name_ru": "Фестиваль",
        "event_type": "festival",
        "start_date": D(2025, 5, 1),
        "status": "held",
    }
    return Event(**{**base, **values})


def test_an_event_is_held_at_the_earliest_on_its_first_day():
    check_event(_event(start_date=D(2025, 5, 1)), today=D(2025, 5, 1))  # today: may be held
    with pytest.raises(ValidationError) as refused:
        check_event(_event(start_date=D(2025, 5, 2)), today=D(2025, 5, 1))  # tomorrow: not yet
    assert refused.value.errors[0].field == "status"
    check_event(_event(start_date=D(2025, 5, 2), status="planned"), today=D(2025, 5, 1))


def test_the_register_refuses_a_future_event_marked_held(workspace):
    with pytest.raises(ValidationError):
        events.REGISTER.create(
            workspace,
            {
                "name_ru": "Концерт",
                "event_type": "concert",
                "start_date": TODAY + dt.timedelta(days=1),
                "status": "held",
            },
        )
    e = events.REGISTER.create(
        workspace,
        {
            "name_ru": "Концерт",
            "event_type": "concert",
            "start_date": TODAY + dt.timedelta(days=1),
            "status": "planned",
        },
    )
    with pytest.raises(ValidationError):
        events.REGISTER.update(workspace, e.id, {"status": "held"})


@pytest.mark.parametrize(
    "source, amount, ok",
    [
        ("none", None, True),
        ("none", 0, True),
        ("none", 150_000, False),
        ("local_budget", 150_000, True),
        ("grant", None, True),
    ],
)
def test_a_funding_amount_needs_a_source(source, amount, ok):
    e = _event(funding_source=source, funding_amount=amount)
    if ok:
        check_event(e, today=D(2026, 1, 1))
    else:
        with pytest.raises(ValidationError) as refused:
            check_event(e, today=D(2026, 1, 1))
        assert refused.value.errors[0].field == "funding_amount"


def test_plan_fulfilment_counts_only_events_held_within_the_quarter(workspace):
    ws = workspace
    item = plan.add_item(ws, {"name_ru": "Фестиваль дружбы", "year": 2024, "quarter": 1})
    late = events.REGISTER.create(
        ws, {"name_ru": "Фестиваль", "event_type": "festival", "start_date": D(2024, 4, 1), "status": "held"}
    )
    plan.link_event(ws, late.id, item.id)
    assert (
        plan.plan(ws, 2024).quarters[0].fulfilled == 0
    )  # held the day after the quarter: not carried out in Q1
    f = quarterly.quarterly_figures(ws, 2024, 1)
    assert (f.plan_items, f.plan_items_fulfilled) == (1, 0)
    assert [r.fulfilled for r in f.plan_rows] == [False]  # listed, as not carried out
    in_time = events.REGISTER.create(
        ws,
        {
            "name_ru": "Фестиваль",
            "event_type": "festival",
            "start_date": D(2024, 3, 31),
            "status": "held",
            "funding_source": "local_budget",
            "funding_amount": 250_000,
        },
    )
    plan.link_event(ws, in_time.id, item.id)
    f = quarterly.quarterly_figures(ws, 2024, 1)
    assert (f.plan_items, f.plan_items_fulfilled, f.plan_percent) == (1, 1, 100)
    assert [e.id for e in f.plan_rows[0].held] == [in_time.id]
    assert [(r.source, r.events, r.amount) for r in f.funding] == [("local_budget", 1, 250_000)]
