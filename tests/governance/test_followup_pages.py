"""The follow-up in the window: the request date of an extraordinary session on the Meetings page, the admission
decision chosen in the Admit dialog, and the years without a session on Home (pytest-qt, offscreen, no sleeps)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import add_members

from desk.services import meetings, persons, roster

D = dt.date


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


def test_the_request_date_is_edited_on_the_meetings_page_and_warned_of(qtbot, window):
    w, ws, _ids = window
    m = meetings.create_meeting(
        ws,
        {
            "kind": "extraordinary_session",
            "date": D(2025, 3, 15),
            "requested_by": 12,
            "requested_on": D(2025, 2, 10),
            "convened_on": D(2025, 2, 15),
        },
    )
    s = meetings.create_meeting(ws, {"kind": "session", "date": D(2025, 4, 15)})
    page = w.show_page("meetings")
    qtbot.waitUntil(lambda: {m.id, s.id} <= {r.meeting.id for r in page.results})
    page.select_meeting(m.id)
    form = page.form
    assert form.requested_on.isEnabled() and form.requested_on.value() == D(2025, 2, 10)
    assert form.convened_on.isEnabled() and form.convened_on.value() == D(2025, 2, 15)
    assert "more than a month" not in form.warnings.text()
    assert "27 December 2024" in form.rule.text()  # the verdict names its rule
    form.convened_on.set_value(D(2025, 2, 14))  # one day more than a month before
    assert form.save()
    assert meetings.get(ws, m.id).convened_on == D(2025, 2, 14)
    qtbot.waitUntil(lambda: "more than a month" in form.warnings.text())
    form.convened_on.set_value(D(2025, 2, 15))
    assert form.save()
    form.requested_on.set_value(D(2025, 3, 16))  # after the session: refused beside the form, nothing written
    assert not form.save()
    assert form.message.text() and meetings.get(ws, m.id).requested_on == D(2025, 2, 10)
    page.select_meeting(s.id)
    assert not page.form.requested_on.isEnabled() and page.form.requested_on.value() is None
    assert not page.form.convened_on.isEnabled()


def test_the_admit_dialog_offers_the_adopted_session_decisions_of_the_day(qtbot, window):
    w, ws, ids = window
    session = meetings.create_meeting(ws, {"kind": "session", "number": "4", "date": D(2024, 4, 10)})
    meetings.set_attendance(ws, session.id, ids[:25])
    adopted = meetings.add_decision(
        ws, session.id, {"number": "4/1", "name_en": "On membership", "votes_for": 20}
    )
    meetings.add_decision(
        ws, session.id, {"number": "4/2", "name_en": "On rules", "votes_for": 5}
    )  # not adopted
    person = persons.REGISTER.create(ws, {"surname": "Сейітов", "given_name": "Ерлан"})
    page = w.show_page("persons")
    qtbot.waitUntil(lambda: not page.view.model.busy, timeout=5000)
    assert page.view.open_record(person)
    tab = page.view.extra_tabs[0][1]
    dialog = tab.admit("assembly")
    choice = dialog.admission_decision
    dialog.admitted_on.set_value(D(2024, 4, 9))  # before the session: nothing to choose
    assert [choice.itemData(i) for i in range(choice.count())] == [None]
    dialog.admitted_on.set_value(D(2024, 5, 1))
    assert [choice.itemData(i) for i in range(choice.count())] == [None, adopted.id]
    assert "4/1" in choice.itemText(1)
    choice.set_value(adopted.id)
    dialog.category.set_value("ethnocultural")
    with qtbot.waitSignals([dialog.accepted, w.ctx.changed], timeout=2000):
        dialog.accept()
    entry = next(e for e in roster.roster(ws, D(2024, 5, 1)) if e.membership.person_id == person.id)
    assert entry.membership.admission_decision_id == adopted.id
    panel = page.show_roster()
    panel.as_of.set_value(D(2024, 6, 1))
    row = next(r for r, e in enumerate(panel.model.rows) if e.membership.person_id == person.id)
    basis = panel.model.index(row, 5).data()
    assert "4/1" in basis


def test_home_shows_the_years_without_a_session(qtbot, workspace):
    from desk.ui.app import application, open_main_window

    application()
    last_year = dt.date.today().year - 1
    add_members(workspace, 3, admitted_on=D(last_year - 1, 2, 1))
    meetings.create_meeting(workspace, {"kind": "session", "date": D(last_year - 1, 2, 1)})
    w = open_main_window(workspace)
    qtbot.addWidget(w)
    w.show()
    try:
        home = w.show_page("home")
        qtbot.waitUntil(lambda: home.glance is not None and not home.loading, timeout=5000)
        assert home.meetings_warning.isVisibleTo(home)
        assert str(last_year) in home.meetings_warning.text()
        assert str(last_year - 1) not in home.meetings_warning.text()
    finally:
        w.ctx.close()
