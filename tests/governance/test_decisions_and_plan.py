"""Decisions under control (overdue computed from today) and the action plan's fulfilment per quarter."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.domain.validation import ValidationError
from desk.services import decisions, events, meetings, plan

DAY = dt.date(2025, 3, 1)


@pytest.fixture
def adopted_decision(assembly_of_30):
    ws, ids = assembly_of_30
    m = meetings.create_meeting(ws, {"kind": "session", "date": DAY})
    meetings.set_attendance(ws, m.id, ids[:25])
    d = meetings.add_decision(ws, m.id, {"number": "1", "name_ru": "О работе Домов дружбы", "votes_for": 20})
    rejected = meetings.add_decision(
        ws, m.id, {"number": "2", "name_ru": "Отклонено", "votes_for": 12, "votes_against": 13}
    )
    return ws, d, rejected


def test_overdue_is_computed_from_today(adopted_decision):
    ws, d, _rejected = adopted_decision
    due = decisions.add_item(
        ws,
        d.id,
        {"responsible": "Управление культуры", "task": "Отчитаться", "deadline": dt.date(2025, 6, 30)},
    )
    done = decisions.add_item(ws, d.id, {"responsible": "Секретариат", "deadline": dt.date(2025, 4, 30)})
    decisions.mark_executed(ws, done.id, dt.date(2025, 4, 20))
    assert decisions.items(ws, overdue_only=True, today=dt.date(2025, 6, 30)) == []
    overdue = decisions.items(ws, overdue_only=True, today=dt.date(2025, 7, 2))
    assert [r.item.id for r in overdue] == [due.id]
    assert overdue[0].status == "overdue" and overdue[0].days_overdue == 2
    every = {r.item.id: r.status for r in decisions.items(ws, today=dt.date(2025, 7, 2))}
    assert every == {due.id: "overdue", done.id: "executed"}
    decisions.mark_executed(ws, due.id, dt.date(2025, 7, 3))
    assert decisions.items(ws, overdue_only=True, today=dt.date(2026, 1, 1)) == []


def test_execution_items_are_checked(adopted_decision):
    ws, d, rejected = adopted_decision
    with pytest.raises(ValidationError) as err:
        decisions.add_item(ws, rejected.id, {"responsible": "Акимат", "deadline": DAY})
    assert err.value.for_field("decision_id")
    with pytest.raises(ValidationError):
        decisions.add_item(ws, d.id, {"responsible": "", "deadline": DAY})
    with pytest.raises(ValidationError):  # overdue is computed, never stored
        decisions.add_item(ws, d.id, {"responsible": "Акимат", "status": "overdue"})
    with pytest.raises(ValidationError):
        decisions.add_item(ws, d.id, {"responsible": "Акимат", "status": "executed"})  # when?
    assert decisions.items(ws) == []


def _event(ws, day, status, title="Фестиваль"):
    return events.REGISTER.create(
        ws, {"name_ru": title, "event_type": "festival", "start_date": day, "status": status}
    )


def test_plan_fulfilment_per_quarter(workspace):
    ws = workspace
    q1a = plan.add_item(
        ws,
        {
            "year": 2025,
            "quarter": 1,
            "name_kk": "Наурыз мейрамы",
            "name_ru": "Наурыз",
            "name_en": "Nauryz",
            "responsible": "Секретариат",
        },
    )
    q1b = plan.add_item(ws, {"year": 2025, "quarter": 1, "name_ru": "Семинар"})
    q1c = plan.add_item(ws, {"year": 2025, "quarter": 1, "name_ru": "Круглый стол"})
    q2 = plan.add_item(ws, {"year": 2025, "quarter": 2, "name_en": "Youth forum"})
    plan.add_item(ws, {"year": 2024, "quarter": 2, "name_ru": "Прошлый год"})
    plan.link_event(ws, _event(ws, dt.date(2025, 3, 21), "held").id, q1a.id)
    plan.link_event(ws, _event(ws, dt.date(2025, 3, 22), "held").id, q1a.id)
    plan.link_event(ws, _event(ws, dt.date(2025, 2, 1), "cancelled").id, q1b.id)
    plan.link_event(ws, _event(ws, dt.date(2025, 5, 1), "held").id, q2.id)
    report = plan.plan(ws, 2025)
    quarters = {q.quarter: (q.fulfilled, q.planned, q.percent) for q in report.quarters}
    assert quarters == {1: (1, 3, 33), 2: (1, 1, 100), 3: (0, 0, None), 4: (0, 0, None)}
    assert (report.total.fulfilled, report.total.planned, report.total.percent) == (2, 4, 50)
    fulfilled = {r.item.id: r.fulfilled for r in report.rows}
    assert fulfilled == {q1a.id: True, q1b.id: False, q1c.id: False, q2.id: True}
    assert [len(r.events) for r in report.rows if r.item.id == q1a.id] == [2]
    plan.delete_item(ws, q1a.id)
    assert (plan.plan(ws, 2025).quarters[0].fulfilled, plan.plan(ws, 2025).quarters[0].planned) == (0, 2)
    assert plan.years(ws) == [2025, 2024]


def test_plan_items_are_checked(workspace):
    with pytest.raises(ValidationError) as err:
        plan.add_item(workspace, {"year": 2025, "quarter": 5, "name_ru": ""})
    assert err.value.for_field("quarter") and err.value.for_field("title")
    with pytest.raises(ValidationError):
        plan.link_event(workspace, _event(workspace, DAY, "held").id, "no-such-item")


def test_percent_rounds_half_up():
    assert plan.percent(1, 8) == 13  # 12.5
    assert plan.percent(1, 3) == 33 and plan.percent(2, 3) == 67 and plan.percent(0, 0) is None
