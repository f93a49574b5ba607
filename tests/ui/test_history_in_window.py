"""The record's dated history is visible in the window: an association's statuses in its History tab, a member's
roles in the roles dialog (issue 14, point 1)."""

from __future__ import annotations

import datetime as dt

from desk import i18n
from desk.services import associations, persons, roster
from desk.ui.roster_forms import RolesDialog

D = dt.date


def _texts(item) -> list[str]:
    return [item.text(c) for c in range(3)]


def test_an_associations_statuses_show_with_their_days(make_window, workspace, qtbot):
    a = associations.REGISTER.create(
        workspace,
        {
            "name_ru": "Польский центр",
            "ethnic_group": "polish",
            "legal_status": "initiative",
            "registration_date": D(2019, 5, 1),
        },
    )
    associations.REGISTER.update(
        workspace,
        a.id,
        {"status": "suspended", "status_date": D(2022, 3, 10), "status_reason": "Решение суда"},
    )
    window = make_window(workspace)
    view = window.show_page("associations").view
    qtbot.waitUntil(lambda: not view.model.busy, timeout=5000)
    assert view.open_record(associations.REGISTER.get(workspace, a.id))
    group = view.history.topLevelItem(0)
    assert group.text(0) == i18n._("Dated history")
    children = [_texts(group.child(i)) for i in range(group.childCount())]
    assert children[0] == [i18n.format_date(D(2022, 3, 10)), "Решение суда", "Status: Suspended"]
    assert children[1][0] == i18n.format_date(D(2019, 5, 1)) and children[1][2] == "Status: Active"


def test_the_roles_dialog_takes_the_day_and_shows_the_roles_before(make_window, workspace, qtbot):
    p = persons.REGISTER.create(workspace, {"surname": "Ахметова", "given_name": "Айгүл"})
    m = roster.admit(workspace, p.id, admitted_on=D(2020, 1, 15), roles=["expert_group"])
    window = make_window(workspace)
    dialog = RolesDialog(window.ctx, roster.get(workspace, m.id))
    qtbot.addWidget(dialog)
    assert "Member of the scientific-expert group" in dialog.history.text()
    dialog.roles.set_value("head_of_secretariat")
    dialog.since.set_value(D(2024, 7, 1))
    dialog.write()
    assert [e.roles for e in roster.roster(workspace, D(2024, 6, 30))] == ["expert_group"]
    assert [e.roles for e in roster.roster(workspace, D(2024, 7, 1))] == ["head_of_secretariat"]


def test_the_region_records_its_own_thresholds_in_settings(make_window, workspace, qtbot):
    from desk.services import body_rules
    from desk.ui.body_rules import BodyRulesSection
    from desk.ui.qt import QApplication, QEvent, QKeyEvent, Qt

    def type_(widget, text):  # key presses carrying each letter, as a clerk types (Cyrillic too)
        for letter in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, letter)
                )

    window = make_window(workspace)
    page = window.show_page("settings")
    section = next(s for s in page.sections if isinstance(s, BodyRulesSection))
    assert "27 December 2024" in section.in_force.text()  # the default, named
    assert section.quorum.text() == "2/3" and section.adoption.text() == ">1/2"
    section.quorum.clear()
    type_(section.quorum, ">1/2")
    assert not section.add()  # no document: refused beside the form, nothing written
    assert section.message.text() and body_rules.body_rules(workspace) == []
    type_(section.document, "Регламент ассамблеи области")
    section.valid_from.set_value(D(2025, 3, 1))
    assert section.add()
    assert section.model.rowCount() == 1
    assert "Регламент ассамблеи области" in section.in_force.text()
    assert body_rules.in_force(workspace, "assembly", D(2025, 3, 1)).quorum_needed(30) == 16
    section.view.selectRow(0)
    section.delete_selected()
    assert body_rules.body_rules(workspace) == []
