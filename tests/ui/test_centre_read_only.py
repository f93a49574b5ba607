"""The central office's window shows the regions' records read-only (desk/ui/central_mode.py): no control that creates,
saves, archives, deletes or imports a region's record, New, Save, Undo, Redo and Import disabled, the forms' fields
read-only (their text still copyable) and a note saying why; the Sync, Quarters and Reports pages keep their buttons,
and a region's window has everything as before."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desk import demo_republic, i18n
from desk.domain.records import AuditEntry
from desk.services.workspace import Workspace, open_workspace
from desk.ui.central_mode import NOTE
from desk.ui.qt import QApplication, QCheckBox, QLabel, QLineEdit, QPlainTextEdit, Qt, QWidget, qtest
from desk.ui.widgets import ChoiceBox, CodesList

REGION = "KZ-10"


@pytest.fixture(scope="module")
def republic(tmp_path_factory: pytest.TempPathFactory) -> demo_republic.RepublicDemo:
    folder = tmp_path_factory.mktemp("centre-read-only") / "r"
    return demo_republic.build(folder, regions=[REGION], submit=False, today=dt.date(2026, 11, 21))


def _copy(source: Path, target: Path) -> Any:
    shutil.copytree(source, target)
    ws = open_workspace(target)
    yield ws
    ws.close()


@pytest.fixture
def centre(republic: demo_republic.RepublicDemo, tmp_path: Path) -> Any:
    yield from _copy(republic.central, tmp_path / "central")


@pytest.fixture
def region(republic: demo_republic.RepublicDemo, tmp_path: Path) -> Any:
    yield from _copy(republic.regions[REGION], tmp_path / "region")


@pytest.fixture(autouse=True)
def _english() -> Any:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def _settled(qtbot: Any, view: Any) -> None:
    qtbot.waitUntil(lambda: not view.model.busy and view.model.rowCount() > 0, timeout=10000)


def _writers(window: Any) -> dict[str, QWidget]:
    """Every control of the window that creates, saves, archives or deletes a region's record."""
    found: dict[str, QWidget] = {}
    for key in ("associations", "houses", "persons"):
        for view in window.show_page(key).views:
            found[f"{view.spec.key}.new"] = view.new_button
            found[f"{view.spec.key}.save"] = view.form.save_button
            found[f"{view.spec.key}.archive"] = view.form.archive_button
    persons = window.page("persons")
    memberships = persons.views[0].extra_tabs[0][1]
    for name in ("admit_button", "council_button", "roles_button", "leave_button"):
        found[f"memberships.{name}"] = getattr(memberships, name)
    for name in ("roles_button", "leave_button"):
        found[f"roster.{name}"] = getattr(persons.roster, name)
    meetings = window.show_page("meetings")
    found["meetings.new"] = meetings.new_button
    for part, names in (
        ("form", ("save_button", "delete_button")),
        ("attendance", ("all_button", "none_button", "save_button")),
        (
            "decisions",
            (
                "new_button",
                "save_button",
                "delete_button",
                "new_item_button",
                "save_item_button",
                "executed_button",
                "delete_item_button",
            ),
        ),
    ):
        for name in names:
            found[f"meetings.{part}.{name}"] = getattr(getattr(meetings, part), name)
    plan = window.show_page("plan")
    for name in ("new_button", "save_button", "delete_button", "candidates", "link_button", "unlink_button"):
        found[f"plan.{name}"] = getattr(plan, name)
    rules = window.show_page("settings").sections[0]
    for name in ("entry", "add_button", "delete_button"):
        found[f"rules.{name}"] = getattr(rules, name)
    _idle(window)
    return found


def _idle(window: Any) -> None:
    """No background read left (the centre's pages read their rows apart) before the test's folder is closed."""
    while window.ctx.reads.pending():
        window.ctx.reads.wait(5000)
        QApplication.processEvents()


def _notes(window: Any) -> list[QLabel]:
    return window.findChildren(QLabel, "readOnlyNote")


def _audit_lines(ws: Workspace) -> int:
    with ws.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_the_centre_offers_no_control_that_writes_a_regions_record(
    make_window: Any, centre: Workspace, qtbot: Any
) -> None:
    window = make_window(centre)
    writers = _writers(window)
    assert [name for name, widget in writers.items() if not widget.isHidden()] == []
    # one note on each page that shows the regions' records, and in the roster and the rules
    for key in ("associations", "houses", "persons", "meetings", "plan", "settings"):
        page = window.show_page(key)
        notes = [n for n in page.findChildren(QLabel, "readOnlyNote") if n.isVisibleTo(page)]
        assert notes and all(n.text() == "ⓘ " + NOTE for n in notes), key
    assert window.page("persons").roster.read_only_note is not None
    i18n.set_language("ru")
    assert all("центральн" in n.text().lower() and "ё" not in n.text() for n in _notes(window))


def test_the_centre_keeps_its_own_work(make_window: Any, centre: Workspace, qtbot: Any) -> None:
    window = make_window(centre)
    sync = window.show_page("sync")
    quarters = window.show_page("quarters")
    reports = window.show_page("reports")
    kept = [
        sync.import_button,
        *(
            getattr(quarters, n)
            for n in ("accept_button", "return_button", "reopen_button", "deadline_button")
        ),
        *(getattr(reports, n) for n in ("preview_button", "save_button", "print_button")),
    ]
    assert [b.text() for b in kept if b.isHidden()] == []
    for key in ("sync", "quarters", "reports"):
        assert not window.show_page(key).findChildren(QLabel, "readOnlyNote")
    window.show_page("reports")
    assert window.act_save.isEnabled() and window.act_find.isEnabled()  # a report is the centre's own to save
    window.show_page("settings")
    assert window.act_save.isEnabled()
    view = window.show_page("associations").view
    _settled(qtbot, view)
    assert not view.export_button.isHidden() and view.export_button.isEnabled()
    assert (
        view.filter_widgets["region"].isEnabled() and view.search.isEnabled() and not view.search.isReadOnly()
    )


def test_ctrl_n_ctrl_s_and_undo_do_nothing_at_the_centre(
    make_window: Any, centre: Workspace, qtbot: Any
) -> None:
    keys = qtest()
    window = make_window(centre)
    page = window.show_page("associations")
    view = page.view
    _settled(qtbot, view)
    view.open_row(0)
    record = view.form.record
    before = _audit_lines(centre)
    for action in (window.act_new, window.act_save, window.act_undo, window.act_redo, window.import_action):
        assert not action.isEnabled(), action.text()
    keys.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    keys.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    keys.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.form.record is record and view.detail.isVisible()  # still the record, no empty new form
    assert not page.new_record() and not page.save() and not view.form.save()
    view.form.toggle_archived()
    assert view.form.record.archived_at is None
    meetings = window.show_page("meetings")
    assert not window.act_new.isEnabled() and not window.act_save.isEnabled()
    assert not meetings.new_record() and not meetings.save()
    assert not meetings.attendance.save() and not meetings.decisions.save_decision()
    plan = window.show_page("plan")
    assert not plan.new_record() and not plan.save()
    assert _audit_lines(centre) == before
    _idle(window)


def test_the_centres_fields_show_values_that_cannot_be_edited(
    make_window: Any, centre: Workspace, qtbot: Any
) -> None:
    keys = qtest()
    window = make_window(centre)
    view = window.show_page("associations").view
    _settled(qtbot, view)
    view.open_row(0)
    form = view.form
    name = form.widgets["name_kk"]
    assert isinstance(name, QLineEdit) and name.isReadOnly() and name.text()
    shown = name.text()
    name.setFocus()
    keys.keyClicks(name, "xyz")
    keys.keyClick(name, Qt.Key.Key_Backspace)
    assert name.text() == shown
    name.selectAll()
    name.copy()
    assert QApplication.clipboard().text() == shown  # still selectable and copyable
    for field in form.fields:
        widget = form.widgets[field.name]
        if isinstance(widget, ChoiceBox):
            assert widget.is_read_only() and widget.lineEdit().isReadOnly(), field.name
            chosen = widget.currentIndex()
            keys.keyClick(widget, Qt.Key.Key_Down)
            widget.showPopup()
            assert widget.currentIndex() == chosen and not widget.view().isVisible()
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            assert widget.isReadOnly(), field.name
        elif isinstance(widget, CodesList):
            flags = [widget.item(i).flags() for i in range(widget.count())]
            assert not any(f & Qt.ItemFlag.ItemIsUserCheckable for f in flags), field.name
        elif isinstance(widget, QCheckBox):
            ticked = widget.isChecked()
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
            assert widget.isChecked() == ticked, field.name
    assert not form.dirty

    meetings = window.show_page("meetings")
    qtbot.waitUntil(lambda: not meetings.busy, timeout=10000)  # read in the background at the centre
    assert meetings.meeting_id is not None
    assert meetings.form.kind.is_read_only() and meetings.form.agenda.isReadOnly()
    assert meetings.form.date.isReadOnly() and not meetings.form.date.calendar_action.isVisible()
    attendance = meetings.attendance
    if attendance.model.rows:
        present = attendance.present
        assert not attendance.model.flags(attendance.model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
        attendance._toggle_clicked(attendance.model.index(0, 1))
        assert attendance.present == present and not attendance.dirty
    assert meetings.decisions.votes_for.isReadOnly() and meetings.decisions.task.isReadOnly()
    assert meetings.unsaved() is None
    plan = window.show_page("plan")
    assert plan.name_kk.isReadOnly() and plan.quarter.is_read_only() and plan.notes.isReadOnly()
    _idle(window)


def test_a_regions_window_keeps_every_control(make_window: Any, region: Workspace, qtbot: Any) -> None:
    keys = qtest()
    window = make_window(region)
    writers = _writers(window)
    assert [name for name, widget in writers.items() if widget.isHidden()] == []
    assert _notes(window) == []
    for action in (window.act_new, window.act_save, window.act_undo, window.act_redo, window.import_action):
        assert action.isEnabled(), action.text()
    view = window.show_page("associations").view
    _settled(qtbot, view)
    view.open_row(0)
    assert not view.form.widgets["name_kk"].isReadOnly()
    assert not view.form.widgets["status"].is_read_only()
    keys.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert view.form.record is None and view.detail.isVisible()  # a new association's form
