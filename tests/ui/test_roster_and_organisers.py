"""The roster forms of the Persons page, the organisers' picker of an event, and the window on a 1024x700 screen."""

from __future__ import annotations

import datetime as dt

import pytest

from desk import i18n
from desk.domain.validation import ValidationError
from desk.services import associations, events, persons, roster
from desk.services.records import ListQuery
from desk.ui.qt import QApplication, QLabel

D = dt.date


def _member_ids(ws, day, body="assembly"):
    return {e.membership.person_id for e in roster.roster(ws, day, body=body)}


def test_admitting_and_releasing_a_member_through_the_dialogs(make_window, workspace, qtbot):
    person = persons.REGISTER.create(workspace, {"surname": "Сейітов", "given_name": "Ерлан"})
    window = make_window(workspace)
    page = window.show_page("persons")
    view = page.view
    qtbot.waitUntil(lambda: not view.model.busy, timeout=5000)
    assert view.open_record(person)
    tab = view.extra_tabs[0][1]
    assert tab.note.text() == "Not a member of the assembly."

    dialog = tab.admit("assembly")
    dialog.admitted_on.set_value(D(2025, 3, 1))
    dialog.admission_basis.setText("Session decision No. 2 of 1 March 2025")
    dialog.accept()  # no category chosen: refused, the message beside the field, nothing written
    assert dialog.isVisible() and dialog.message_for("category") == "Choose the category."
    assert roster.memberships(workspace, person_id=person.id) == []

    dialog.category.set_value("ethnocultural")
    dialog.nominated_by.setText("Kazakh cultural centre")
    for row in range(dialog.roles.count()):  # tick "Deputy chairman"
        item = dialog.roles.item(row)
        if item.text() == "Deputy chairman":
            item.setCheckState(item.checkState().Checked)
    with qtbot.waitSignals(
        [dialog.accepted, window.ctx.changed], timeout=2000
    ):  # saved, and the dialog closes
        dialog.accept()
    assert person.id in _member_ids(workspace, D(2025, 3, 1))
    assert person.id not in _member_ids(workspace, D(2025, 2, 28))
    assert tab.tree.topLevelItemCount() == 1 and tab.tree.topLevelItem(0).text(4) == "Deputy chairman"

    # The roster of a chosen day, with the Regulation's warnings on the deputies.
    panel = page.show_roster()
    panel.as_of.set_value(D(2025, 7, 1))
    assert [e.membership.person_id for e in panel.model.rows] == [person.id]
    warnings = panel.warning_texts()
    assert any("1 deputies" in w or "has 1 deput" in w for w in warnings), warnings
    panel.as_of.set_value(D(2025, 2, 1))
    assert panel.model.rows == []

    # Leaving: "other" needs its note (refused beside the field, nothing written), then recorded.
    panel.as_of.set_value(D(2025, 7, 1))
    assert panel.select_person(person.id)
    leave = panel.record_leaving()
    leave.left_on.set_value(D(2025, 9, 1))
    leave.ground.set_value("other")
    leave.accept()
    assert leave.isVisible() and leave.message_for("leaving_note") == "Describe the other ground for leaving."
    assert person.id in _member_ids(workspace, D(2025, 9, 2))
    i18n.set_language("kk")  # the message follows the language of the window
    leave.accept()
    assert leave.message_for("leaving_note") not in ("", "Describe the other ground for leaving.")
    i18n.set_language("en")
    leave.note.setText("Moved to another region")
    with qtbot.waitSignals([leave.accepted, window.ctx.changed], timeout=2000):
        leave.accept()
    assert person.id in _member_ids(workspace, D(2025, 8, 31))  # a member up to the day before
    assert person.id not in _member_ids(workspace, D(2025, 9, 1))
    panel.as_of.set_value(D(2025, 9, 1))
    assert panel.model.rows == []


def test_roles_are_edited_and_a_council_member_must_sit_in_the_assembly(make_window, workspace, qtbot):
    person = persons.REGISTER.create(workspace, {"surname": "Ким", "given_name": "Ольга"})
    window = make_window(workspace)
    view = window.show_page("persons").view
    view.open_record(person)
    tab = view.extra_tabs[0][1]
    council = tab.admit("council")
    council.category.set_value("other")
    council.admitted_on.set_value(D(2025, 1, 10))
    council.accept()  # not a member of the assembly that day: refused beside the date
    assert council.isVisible() and "not a member of the assembly" in council.message_for("admitted_on")
    council.reject()

    entry = roster.memberships(workspace, person_id=person.id)
    assert entry == []
    roster.admit(workspace, person.id, admitted_on=D(2025, 1, 1), category="other")
    tab.load(person)
    roles = tab.edit_roles()
    roles.roles.set_value("chairman")
    roles.accept()
    assert roster.roster(workspace, D(2025, 2, 1))[0].membership.roles == "chairman"


def test_choosing_an_organiser_in_the_picker_saves_it(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    page = window.show_page("houses")
    view = page.show_register("events")
    qtbot.waitUntil(lambda: not view.model.busy, timeout=5000)
    view.open_row(0)
    event = view.form.record
    target = associations.REGISTER.list_page(demo_workspace, ListQuery(limit=1, sort="name", lang="en")).rows[
        -1
    ]
    field = view.form.widgets["organiser_ids"]
    field.open_picker()
    picker = field.picker
    assert picker.isVisible()
    picker.search.setText(target.name("en"))  # the full-text index, through the services
    picker.run_search()
    assert target.id in picker.found_ids()
    assert picker.found.count() < associations.REGISTER.count(demo_workspace, ListQuery())
    picker.choose(target.id)
    picker.accept()
    assert target.id in field.ids() and target.name("en") in field.names.text()
    assert view.form.dirty
    with qtbot.waitSignal(window.ctx.changed, timeout=2000):
        assert view.save()
    saved = events.REGISTER.get(demo_workspace, event.id)
    assert target.id in saved.organiser_ids.split(",")
    view.form.load(saved)
    assert target.name("en") in view.form.widgets["organiser_ids"].names.text()


def test_an_unknown_organiser_is_refused(demo_workspace):
    event = events.REGISTER.list_page(demo_workspace, ListQuery(limit=1)).rows[0]
    with pytest.raises(ValidationError) as refused:
        events.REGISTER.update(demo_workspace, event.id, {"organiser_ids": "no-such-association"})
    assert refused.value.errors[0].field == "organiser_ids"
    assert events.REGISTER.get(demo_workspace, event.id).organiser_ids == event.organiser_ids


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_page_fits_1024_by_700(make_window, demo_workspace, qtbot, lang):
    window = make_window(demo_workspace)
    i18n.set_language(lang)
    window.resize(1024, 700)
    for key in window.page_keys():
        window.show_page(key)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 700, (key, hint)
    for key in ("associations", "persons"):
        view = window.show_page(key).view
        view.open_row(0)  # with the record's form open beside the list too
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= 1024, (
            key,
            "form open",
            view.splitter.widget(0).minimumSizeHint(),
            [view.detail.widget(i).minimumSizeHint() for i in range(view.detail.count())],
            [
                view.detail.widget(i).findChildren(QLabel)[0].text()
                for i in range(view.detail.count())
                if view.detail.widget(i).findChildren(QLabel)
            ],
        )
        assert view.width() <= 1024
        for label in view.findChildren(QLabel):  # the filters' labels are shown whole
            if label.isVisible() and label.text().endswith(":"):
                assert label.width() >= label.sizeHint().width(), (key, label.text())
