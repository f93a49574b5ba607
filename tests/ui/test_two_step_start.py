"""The window's two-step start (issue 16, start-up): the frame is on screen without waiting for the database layer
(imported and opened on a thread, attached on the main thread); nothing can be done on it until then; then the first page is filled; a window closed while
its folder opens lets everything go; a folder that cannot be opened is said and ends the program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desk.i18n import _
from desk.services.instance import hold_folder

DATABASE_LAYER = ("sqlalchemy", "sqlmodel", "desk.domain.records", "desk.store.db", "desk.services.workspace")


@pytest.fixture
def started_windows(qapp: Any) -> Iterator[list[Any]]:
    """Windows started by desk.ui.app.start in this process, closed (and their folders let go) after the test."""
    made: list[Any] = []
    yield made
    for started in made:
        started.window.close()
        started.close()
    import gc

    gc.collect()


def _start(root: Path, made: list[Any], operator: str | None = None) -> Any:
    from desk.ui.app import start

    started = start(root, operator)
    assert not isinstance(started, int)
    made.append(started)
    return started


def test_the_frame_is_shown_without_the_database_layer(workspace):
    workspace.close()
    code = f"""
import json, sys, threading
from pathlib import Path
from desk.ui import app, opening
from desk.ui.app import start

seen = {{}}
real_open = opening.FolderOpening.open

def spy(self, root):  # the folder is given to the opening once the frame is shown: what loaded until then
    window = self.parent()
    seen["visible"] = window.isVisible()
    seen["opened"] = window.opened()
    seen["loaded"] = sorted(m for m in {DATABASE_LAYER!r} if m in sys.modules)
    seen["nav_enabled"] = window.nav.isEnabled()
    seen["page_area"] = window.stack.currentWidget().objectName()
    real_open(self, root)

opening.FolderOpening.open = spy
real_opened = app.Started._opened

def opened_on(self, ws):
    seen["attached_on_main_thread"] = threading.current_thread() is threading.main_thread()
    real_opened(self, ws)

app.Started._opened = opened_on
started = start(Path({str(workspace.home.root)!r}))
assert started.wait_until_open()
seen["after"] = started.window.current_page().key
started.close()
print(json.dumps(seen))
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "visible": True,
        "opened": False,
        "loaded": [],
        "nav_enabled": False,
        "page_area": "opening",
        "attached_on_main_thread": True,
        "after": "home",
    }


def test_nothing_can_be_done_on_the_frame_and_everything_once_the_folder_is_attached(
    workspace, started_windows, qtbot
):
    from desk.ui.pages.base import Page
    from desk.ui.qt import QAction, Qt, qtest

    QTest = qtest()  # noqa: N806 - Qt's name

    root = workspace.home.root
    workspace.close()
    started = _start(root, started_windows, operator="Айгүл Сәрсенқызы")
    window = started.window
    assert not window.opened() and window.ctx is None and started.workspace is None
    assert not window.nav.isEnabled() and not window.menuBar().isEnabled()
    assert [a.text() for a in window.findChildren(QAction) if a.isEnabled() and a.text()] == []
    assert window.stack.currentWidget() is window.opening_label
    assert window.opening_label.text() == _("Opening the data folder…")
    assert str(root) in window.status_label.text()
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Persons, were it open
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New
    assert window.stack.count() == 1 and not any(isinstance(w, Page) for w in window.findChildren(Page))

    assert started.wait_until_open()
    assert window.opened() and started.workspace is not None and window.ctx.workspace is started.workspace
    assert started.workspace.db.operator == "Айгүл Сәрсенқызы"
    assert window.nav.isEnabled() and window.menuBar().isEnabled()
    assert window.opening_label not in [window.stack.widget(i) for i in range(window.stack.count())]
    home = window.current_page()
    assert (
        home is not None and home.key == "home" and window.nav.currentRow() == 0
    )  # the keys typed did nothing
    qtbot.waitUntil(lambda: home.ready(), timeout=30000)
    assert home.cards["persons"].value.text() == "0"
    # the menu entries that need the folder, in their places
    file_menu = [a.text() for a in window._menus["file"].actions()]
    edit_menu = [a.text() for a in window._menus["edit"].actions()]
    assert file_menu[-3:] == [_("Import from a spreadsheet…"), "", _("&Quit")]
    assert edit_menu == [_("&Undo"), _("&Redo"), _("&Find")]
    assert window.act_new.isEnabled() and window.act_find.isEnabled()
    region = started.workspace.region_name(window.ctx.language)
    assert window.windowTitle().startswith(region)
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # the same key works now
    assert window.current_page().key == "persons"


def test_closing_the_window_while_its_folder_opens_lets_everything_go(
    workspace, started_windows, qapp, qtbot, monkeypatch
):
    import threading

    from desk.services import workspace as workspaces

    root = workspace.home.root
    workspace.close()
    closed = threading.Event()
    real_open = workspaces.open_workspace

    def slow_open(*args: Any, **kwargs: Any) -> Any:  # the database opens while the clerk closes the window
        assert closed.wait(60)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(workspaces, "open_workspace", slow_open)
    started = _start(root, started_windows)
    window = started.window
    qtbot.waitUntil(started.opening.begun, timeout=10000)  # the folder is being opened on its thread
    assert window.close()  # before the folder is attached: no question, nothing to save
    assert window.closed_while_opening and not window.isVisible()
    closed.set()
    started.opening.wait()
    qapp.processEvents()  # the "opened" signal arrives after the close: it is not attached
    assert window.ctx is None and started.opening.workspace is not None
    started.close()
    assert started.workspace is started.opening.workspace  # the one opened after the close, closed by close()
    hold_folder(root).release()  # the folder is free again
    assert window.ui_settings.value("window/geometry") is not None  # where the window was, for next time


def test_a_folder_that_cannot_be_opened_is_said_and_ends_the_start(
    home_dir, started_windows, monkeypatch, capsys
):
    from desk.setup_region import init_region

    ws = init_region(home_dir, "KZ-35")
    database = Path(ws.home.database)
    ws.close()
    database.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DESK_SMOKE_TEST", "1")  # the message goes to stderr, not a box nobody would press
    started = _start(home_dir, started_windows)
    assert not started.wait_until_open()
    assert started.exit_code == 1 and started.window.ctx is None and not started.window.isVisible()
    said = capsys.readouterr().err
    assert said.startswith("desk: ") and said.count("\n") >= 1
    started.close()
    hold_folder(home_dir).release()
    assert database.read_bytes().startswith(b"this is not a database")  # left as it was


def test_a_folder_without_a_database_goes_to_the_first_run_wizard_not_the_opening(
    tmp_path, qapp, monkeypatch
):
    from desk.ui import opening, wizard
    from desk.ui.app import start

    asked: list[str] = []

    def cancelled(self: Any) -> int:  # the clerk closes the wizard
        asked.append(type(self).__name__)
        return 0

    monkeypatch.setattr(wizard.FirstRunWizard, "exec", cancelled)
    monkeypatch.setattr(
        opening.FolderOpening, "open", lambda self, root: pytest.fail("no folder to open yet")
    )
    assert start(tmp_path / "new") == 0
    assert asked == ["FirstRunWizard"] and not (tmp_path / "new" / "desk.sqlite3").exists()


def test_a_window_closed_before_its_folder_began_to_open_opens_nothing(workspace, started_windows, qapp):
    root = workspace.home.root
    workspace.close()
    started = _start(root, started_windows)
    assert started.window.close() and not started.opening.begun()
    qapp.processEvents()  # the opening's turn comes: the window is closed, so it does not begin
    assert not started.opening.begun()
    started.close()
    assert started.workspace is None
    hold_folder(root).release()
