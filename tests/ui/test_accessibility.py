"""Accessibility (issue 17, point 4): every control of every page and form has an accessible name and description in
the current language; Tab goes through every control of a page and its form without getting stuck."""

from __future__ import annotations

from typing import Any

import pytest

from desk import i18n
from desk.ui import accessibility
from desk.ui.pages import page_slots
from desk.ui.qt import QApplication, QLineEdit, QPushButton, Qt, QTabWidget, QVBoxLayout, QWidget, QWizard

PAGES = [slot.key for slot in page_slots()]


def _describe(widgets: list[Any]) -> list[str]:
    out = []
    for w in widgets:
        chain, parent = [], w.parentWidget()
        while parent is not None and len(chain) < 4:
            chain.append(f"{type(parent).__name__}({parent.objectName()})")
            parent = parent.parentWidget()
        out.append(f"{type(w).__name__}({w.objectName()}) in {' < '.join(chain)}")
    return out


def _settle(window: Any) -> None:
    QApplication.processEvents()
    accessibility.install(QApplication.instance()).flush()


def _forms(page: Any) -> list[Any]:
    """The page opened with its form (a new record) when it has one."""
    opened = []
    new_record = getattr(page, "new_record", None)
    if callable(new_record) and new_record():
        opened.append(page)
    return opened


@pytest.mark.parametrize("key", PAGES)
def test_every_control_of_every_page_and_form_has_a_name_and_description(
    make_window: Any, demo_workspace: Any, key: str
) -> None:
    window = make_window(demo_workspace)
    page = window.show_page(key)
    _settle(window)
    assert accessibility.interactive_controls(page), key
    assert _describe(accessibility.unnamed(page)) == []
    assert _describe(accessibility.undescribed(page)) == []
    for _opened in _forms(page):
        _settle(window)
        assert _describe(accessibility.unnamed(page)) == []
        assert _describe(accessibility.undescribed(page)) == []
    # every tab of the page and its forms (a meeting's attendance and decisions, a person's memberships …)
    for tabs in page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if not tabs.isTabEnabled(index):
                continue
            tabs.setCurrentIndex(index)
            _settle(window)
            assert _describe(accessibility.unnamed(page)) == [], (key, tabs.tabText(index))
            assert _describe(accessibility.undescribed(page)) == [], (key, tabs.tabText(index))
    # the window's own controls (navigation, menus)
    assert _describe(accessibility.unnamed(window)) == []


def test_names_follow_the_language(make_window: Any, demo_workspace: Any) -> None:
    window = make_window(demo_workspace)
    page = window.show_page("associations")
    page.new_record()
    _settle(window)
    english = {w: w.accessibleName() for w in accessibility.interactive_controls(page)}
    try:
        i18n.set_language("ru")
        _settle(window)
        russian = {w: w.accessibleName() for w in accessibility.interactive_controls(page)}
    finally:
        i18n.set_language("en")
    changed = [w for w in english if w in russian and english[w] != russian[w]]
    assert len(changed) >= len(english) // 2
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in name) for name in russian.values())


def test_the_rule_keeps_a_name_set_in_code_and_fails_on_a_control_nothing_names(qtbot: Any) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    named = QLineEdit()
    named.setAccessibleName("Set by hand")
    placeholder = QLineEdit()
    placeholder.setPlaceholderText("Search by name")
    bare = QLineEdit()
    button = QPushButton("&Save")
    for w in (named, placeholder, bare, button):
        layout.addWidget(w)
    root.show()
    accessibility.apply(root)
    assert named.accessibleName() == "Set by hand"
    assert placeholder.accessibleName() == "Search by name"
    assert button.accessibleName() == "Save"
    assert accessibility.unnamed(root) == [bare]  # what the page test catches


@pytest.mark.parametrize("key", PAGES)
def test_tab_goes_through_every_control_of_a_page_and_its_form_without_a_trap(
    make_window: Any, demo_workspace: Any, qtbot: Any, key: str
) -> None:
    window = make_window(demo_workspace)
    page = window.show_page(key)
    new_record = getattr(page, "new_record", None)
    if callable(new_record):
        new_record()
    _settle(window)
    window.activateWindow()
    stops = accessibility.tab_order(page)
    if not stops:
        pytest.skip(f"{key}: nothing to tab through")
    wanted = set(stops)
    first = stops[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    reached: list[Any] = []
    widget = QApplication.focusWidget()
    stay = 0
    for _press in range(len(wanted) * 4 + 20):
        focused = QApplication.focusWidget()
        owner = _owner(focused, wanted)
        if owner is not None and owner not in reached:
            reached.append(owner)
        if wanted <= set(reached):
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        stay = stay + 1 if widget is focused else 0
        # a date steps through its day, month and year first; more presses in one control is a trap
        assert stay < 3, f"Tab is stuck in {_describe([focused])}"
    assert widget is not None
    missing = [w for w in stops if w not in reached]
    assert _describe(missing) == []


def _owner(focused: Any, wanted: set[Any]) -> Any:
    while focused is not None:
        if focused in wanted:
            return focused
        focused = focused.parentWidget()
    return None


def _check_dialog(dialog: Any) -> None:
    dialog.show()
    QApplication.processEvents()
    accessibility.install(QApplication.instance()).flush()
    assert accessibility.interactive_controls(dialog)
    assert _describe(accessibility.unnamed(dialog)) == [], type(dialog).__name__
    assert _describe(accessibility.undescribed(dialog)) == [], type(dialog).__name__
    stops = accessibility.tab_order(dialog)
    assert stops and set(stops) == {
        w for w in accessibility.interactive_controls(dialog) if accessibility._takes_tab(w)
    }


def test_the_dialogs_are_named_too(make_window: Any, demo_workspace: Any, qtbot: Any, tmp_path: Any) -> None:
    from desk.services import persons
    from desk.services.roster import roster
    from desk.ui.association_picker import AssociationPicker
    from desk.ui.roster_forms import AdmitDialog, LeaveDialog, RolesDialog
    from desk.ui.spreadsheets import ImportWizard
    from desk.ui.wizard import FirstRunWizard

    window = make_window(demo_workspace)
    ctx = window.ctx
    person = persons.REGISTER.create(demo_workspace, {"surname": "Сейітов", "given_name": "Ерлан"})
    entry = roster(demo_workspace, __import__("datetime").date.today())[0]
    for dialog in (
        AdmitDialog(ctx, person, parent=window),
        LeaveDialog(ctx, entry, parent=window),
        RolesDialog(ctx, entry, parent=window),
        AssociationPicker(ctx, parent=window),
        ImportWizard(ctx, "associations", window),
    ):
        qtbot.addWidget(dialog)
        _check_dialog(dialog)
        dialog.close()
    # Windows draws the wizard in its own style, with Back as an arrow without text (named all the same).
    for style in (
        QWizard.WizardStyle.ModernStyle,
        QWizard.WizardStyle.AeroStyle,
        QWizard.WizardStyle.ClassicStyle,
    ):
        wizard = FirstRunWizard(tmp_path / "new")
        wizard.setWizardStyle(style)
        qtbot.addWidget(wizard)
        _check_dialog(wizard)
        wizard.next()
        _check_dialog(wizard)
        back = wizard.button(QWizard.WizardButton.BackButton)
        assert back.accessibleName() == "Back" and back.isVisible(), style
        wizard.close()


def test_menus_are_reachable_from_the_keyboard(make_window: Any, demo_workspace: Any) -> None:
    """Every menu opens with Alt and its own letter; every command in it has a name; the pages' commands have
    shortcuts (Ctrl+N, Ctrl+F, Ctrl+S, Ctrl+1…9)."""
    window = make_window(demo_workspace)
    letters = []
    for action in window.menuBar().actions():
        title = action.text()
        assert "&" in title, title
        letters.append(title[title.index("&") + 1].lower())
        for item in action.menu().actions():
            assert item.isSeparator() or accessibility.plain(item.text()), title
    assert len(letters) == len(set(letters))
    shortcuts = {
        a.shortcut().toString()
        for a in window.findChildren(__import__("desk.ui.qt", fromlist=["QAction"]).QAction)
        if not a.shortcut().isEmpty()
    }
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+S", "Ctrl+1"} <= shortcuts


def test_focus_is_visible(qtbot: Any) -> None:
    """A focused field and button look different from unfocused ones (a frame in the selection colour)."""
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    field, button, other = QLineEdit(), QPushButton("Save"), QLineEdit()
    for w in (field, button, other):
        layout.addWidget(w)
    root.show()
    root.activateWindow()
    looks = {w: w.grab().toImage() for w in (field, button)}
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    for widget in (
        field,
        button,
    ):  # reached with Tab, as a keyboard user does (styles draw focus for the keyboard)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(widget.hasFocus)
        QApplication.processEvents()
        assert widget.grab().toImage() != looks[widget], type(widget).__name__
