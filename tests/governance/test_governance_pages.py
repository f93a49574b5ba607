"""The "Meetings and decisions" and "Action plan" pages: attendance ticked from the roster of the meeting's day
moves the quorum indicator across the boundary; votes show adopted / not adopted by the rule as they are typed;
overdue execution items are marked; the plan shows fulfilment per quarter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import add_members

from desk.services import decisions, events, meetings, plan, roster
from desk.ui.qt import Qt
from desk.ui.rows_model import WARNING_COLOUR

DAY = dt.date(2025, 7, 1)


@pytest.fixture
def window(qtbot: Any, assembly_of_30):
    from desk.ui.app import application, open_main_window

    application()
    ws, ids = assembly_of_30
    w = open_main_window(ws)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    yield w, ws, ids
    w.ctx.close()


def tick(page, membership_ids: set[str]) -> None:
    model = page.attendance.model
    for row, entry in enumerate(model.rows):
        state = Qt.CheckState.Checked if entry.id in membership_ids else Qt.CheckState.Unchecked
        model.setData(model.index(row, 0), state, Qt.ItemDataRole.CheckStateRole)


def test_ticking_attendance_moves_the_quorum_indicator_across_the_boundary(qtbot, window):
    w, ws, ids = window
    roster.leave(ws, ids[29], left_on=DAY - dt.timedelta(days=1), ground="own_wish")  # 29 members that day
    m = meetings.create_meeting(ws, {"kind": "session", "date": DAY})
    page = w.show_page("meetings")
    qtbot.waitUntil(lambda: any(r.meeting.id == m.id for r in page.results))
    page.select_meeting(m.id)
    panel = page.attendance
    assert panel.total == 29 and ids[29] not in {e.id for e in panel.model.rows}
    tick(page, set(ids[:19]))  # 3*19 = 57 < 58 = 2*29
    assert panel.present == 19 and panel.indicator.property("quorate") is False
    assert "20" in panel.indicator.text()  # at least 20 needed
    panel.model.setData(panel.model.index(19, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert panel.present == 20 and panel.indicator.property("quorate") is True
    panel.model.setData(panel.model.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert panel.indicator.property("quorate") is False
    panel.model.setData(panel.model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert panel.save()
    result = meetings.evaluate(ws, m.id)
    assert (result.members_total, result.present, result.quorate) == (29, 20, True)
    qtbot.waitUntil(lambda: "20 / 29" in page.list_model.index(0, 2).data())  # date, kind, present


def test_votes_show_the_outcome_by_the_rule_while_typed(qtbot, window):
    w, ws, ids = window
    m = meetings.create_meeting(ws, {"kind": "session", "date": DAY})
    meetings.set_attendance(ws, m.id, ids[:20])
    page = w.show_page("meetings")
    qtbot.waitUntil(lambda: any(r.meeting.id == m.id for r in page.results))
    page.select_meeting(m.id)
    panel = page.decisions
    panel.new_decision()
    panel.name_ru.setText("О плане мероприятий")
    panel.votes_for.setValue(10)
    panel.votes_against.setValue(10)
    assert panel.outcome.property("adopted") is False
    panel.votes_against.setValue(9)
    panel.votes_for.setValue(11)
    assert panel.outcome.property("adopted") is True
    tick(page, set(ids[:19]))  # unticking one member makes the meeting invalid: nothing is adopted
    assert panel.outcome.property("adopted") is False
    tick(page, set(ids[:20]))
    panel.abstained.setValue(1)  # 21 votes, 20 present
    assert panel.outcome.property("adopted") is False and "21" in panel.outcome.text()
    panel.abstained.setValue(0)
    assert panel.save_decision()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1)
    assert panel.model.index(0, 5).data() == "adopted"


def test_overdue_execution_items_are_marked(qtbot, window):
    w, ws, ids = window
    m = meetings.create_meeting(ws, {"kind": "session", "date": DAY})
    meetings.set_attendance(ws, m.id, ids[:25])
    d = meetings.add_decision(ws, m.id, {"name_ru": "О Домах дружбы", "votes_for": 20})
    late = decisions.add_item(
        ws, d.id, {"responsible": "Акимат", "deadline": dt.date.today() - dt.timedelta(days=3)}
    )
    on_time = decisions.add_item(
        ws, d.id, {"responsible": "Секретариат", "deadline": dt.date.today() + dt.timedelta(days=30)}
    )
    page = w.show_page("meetings")
    page.tabs.setCurrentIndex(1)
    control = page.control
    qtbot.waitUntil(lambda: len(control.model.rows) == 2)
    colours = {
        r.item.id: control.model.index(i, 0).data(Qt.ItemDataRole.ForegroundRole)
        for i, r in enumerate(control.model.rows)
    }
    assert colours[late.id].color() == WARNING_COLOUR and colours[on_time.id] is None
    control.only_overdue.setChecked(True)
    assert [r.item.id for r in control.model.rows] == [late.id]
    page.tabs.setCurrentIndex(0)
    page.select_meeting(m.id)
    assert {r.item.id for r in page.decisions.items_model.rows} == {late.id, on_time.id}


def test_plan_page_shows_fulfilment_per_quarter(qtbot, window):
    w, ws, _ids = window
    year = DAY.year
    first = plan.add_item(
        ws, {"year": year, "quarter": 2, "name_kk": "Бірлік фестивалі", "name_ru": "Фестиваль"}
    )
    plan.add_item(ws, {"year": year, "quarter": 2, "name_ru": "Семинар"})
    held = events.REGISTER.create(
        ws,
        {
            "name_ru": "Фестиваль «Бірлік»",
            "event_type": "festival",
            "start_date": dt.date(year, 5, 20),
            "status": "held",
        },
    )
    page = w.show_page("plan")
    page.show_year(year)
    qtbot.waitUntil(lambda: len(page.model.rows) == 2)
    assert "0 of 2" in page.gauges[1].value.text()
    row = next(i for i, r in enumerate(page.model.rows) if r.item.id == first.id)
    page.view.selectRow(row)
    index = page.candidates.findData(held.id)
    assert index >= 0  # events of the item's quarter are offered
    page.candidates.setCurrentIndex(index)
    assert page.link()
    assert "1 of 2 items (50 %)" in page.gauges[1].value.text()
    assert "1 of 2" in page.gauges[4].value.text()


def test_members_admitted_after_the_meeting_are_not_offered(qtbot, window):
    w, ws, ids = window
    m = meetings.create_meeting(ws, {"kind": "session", "date": DAY})
    newcomers = add_members(ws, 3, admitted_on=DAY + dt.timedelta(days=1))
    page = w.show_page("meetings")
    qtbot.waitUntil(lambda: any(r.meeting.id == m.id for r in page.results))
    page.select_meeting(m.id)
    offered = {e.id for e in page.attendance.model.rows}
    assert offered == set(ids) and not offered & set(newcomers)


def test_the_live_indicator_and_outcome_follow_the_regions_own_thresholds(qtbot, window):
    from desk.services import body_rules

    w, ws, ids = window
    body_rules.add(
        ws,
        {
            "body": "assembly",
            "valid_from": DAY - dt.timedelta(days=30),
            "document": "Регламент",
            "quorum_num": 1,
            "quorum_den": 2,
            "quorum_strict": True,
            "adoption_num": 2,
            "adoption_den": 3,
            "adoption_strict": False,
        },
    )
    m = meetings.create_meeting(ws, {"kind": "session", "date": DAY})
    page = w.show_page("meetings")
    qtbot.waitUntil(lambda: any(r.meeting.id == m.id for r in page.results))
    page.select_meeting(m.id)
    panel = page.attendance
    tick(page, set(ids[:15]))  # exactly half of 30: not more than half
    assert panel.indicator.property("quorate") is False and "16" in panel.indicator.text()
    tick(page, set(ids[:16]))
    assert panel.indicator.property("quorate") is True  # the default would need 20
    assert panel.save()
    page.select_meeting(m.id)
    assert "Регламент" in page.form.rule.text()
    decisions_panel = page.decisions
    decisions_panel.votes_for.setValue(10)  # 10 of 16 is less than two thirds (the region's adoption rule)
    assert decisions_panel.outcome.property("adopted") is False and "11" in decisions_panel.outcome.text()
    decisions_panel.votes_for.setValue(11)
    assert decisions_panel.outcome.property("adopted") is True
