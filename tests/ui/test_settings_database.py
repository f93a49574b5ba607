"""Settings → Database in the window: a region sees where its file is and no move; a central office types the
server's fields (a refusal under the field it is about), tests the connection and moves its data to the server in
the background, with Cancel; the password reaches neither window.ini nor the log."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from desk.services.workspace import Workspace
from desk.ui import database_section
from desk.ui.qt import (
    QApplication,
    QEvent,
    QKeyEvent,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    Qt,
    QWidget,
    qtest,
)
from tests import server_fixtures
from tests.server_fixtures import FakeServer

central = server_fixtures.central
server_url = server_fixtures.server_url

PASSWORD = "Құпия-сөз 7/@"  # Kazakh letters, a space and URL characters: escaped in the URL, never shown


def open_section(make_window: Any, ws: Workspace) -> tuple[Any, database_section.DatabaseSection]:
    window = make_window(ws)
    page = window.show_page("settings")
    section = next(s for s in page.sections if isinstance(s, database_section.DatabaseSection))
    return window, section


def type_into(widget: QWidget, text: str) -> None:
    """Select all, delete, then a key press for each letter (QTest.keyClicks takes ASCII only)."""
    widget.setFocus()
    qtest().keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtest().keyClick(widget, Qt.Key.Key_Delete)
    for letter in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, letter)
            )


def fill(
    section: database_section.DatabaseSection, host: str, port: str, database: str, user: str, pw: str
) -> None:
    for edit, text in (
        (section.fields.host, host),
        (section.fields.port, port),
        (section.fields.database, database),
        (section.fields.user, user),
        (section.fields.password, pw),
    ):
        type_into(edit, text)


def parts(url: str) -> tuple[str, str, str, str]:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return str(u.host), str(u.port), str(u.database), str(u.username)


def test_a_region_sees_its_file_and_no_move(make_window: Any, demo_workspace: Workspace) -> None:
    _window, section = open_section(make_window, demo_workspace)
    assert section.place.text() == str(demo_workspace.home.database)
    assert section.mover.isHidden()


def test_each_refusal_is_shown_under_its_field(make_window: Any, central: Workspace, qtbot: Any) -> None:
    _window, section = open_section(make_window, central)
    assert not section.mover.isHidden()
    fill(section, "db server", "70000", "", "", "")
    qtbot.mouseClick(section.fields.test_button, Qt.MouseButton.LeftButton)
    shown = {
        name: label.text()
        for name, label in section.fields.field_messages.items()
        if label.isVisibleTo(section)
    }
    assert set(shown) == {"server_host", "server_port", "server_database", "server_user"}
    assert "65535" in shown["server_port"]
    assert section.fields.message.text() == ""  # said once, under each field
    assert section.window().focusWidget() is section.fields.host  # the first field refused
    assert not central.home.database_url_file.exists()


def test_a_wrong_password_is_said_so(make_window: Any, central: Workspace, qtbot: Any) -> None:
    fake = FakeServer()
    try:
        _window, section = open_section(make_window, central)
        fill(section, "127.0.0.1", str(fake.port), "desk", "desk", PASSWORD)
        qtbot.mouseClick(section.fields.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(section.fields.message.text()), timeout=20000)
        assert "refused the user name or password" in section.fields.message.text()
        assert PASSWORD not in section.fields.message.text()
        assert section.fields.test_button.isEnabled()
    finally:
        fake.close()


def _no_password_left(ws: Workspace, window: Any) -> None:
    window.ctx.qsettings.sync()
    for path in [ws.home.root / "window.ini", *Path(ws.home.logs).glob("*")]:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert PASSWORD not in text and "%D2%9A" not in text, path


def test_test_then_move_then_the_window_works_on_the_server(
    make_window: Any, central: Workspace, server_url: str, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    window, section = open_section(make_window, central)
    host, port, database, user = parts(server_url)
    fill(section, host, port, database, user, PASSWORD)
    qtbot.mouseClick(section.fields.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Connected" in section.fields.result.text(), timeout=20000)
    assert PASSWORD not in section.fields.result.text()

    qtbot.waitUntil(lambda: not window.ctx.tasks.busy)
    qtbot.mouseClick(section.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.place.text().startswith("postgresql://"), timeout=60000)
    assert "Moved" in section.fields.result.text() and section.mover.isHidden()
    assert "•••" in section.place.text() and PASSWORD not in section.place.text()
    assert not central.db.is_sqlite and central.home.database_url is not None
    assert section.fields.password.text() == ""
    # the file's last state is listed under Backups
    backups_section = next(
        s for s in window.page("settings").sections if type(s).__name__ == "BackupsSection"
    )
    assert any(b.reason == "before-server" for b in backups_section.model.rows)
    # the window reads from the server now: the associations page lists the region's records
    page = window.show_page("associations")
    qtbot.waitUntil(lambda: page.findChildren(QWidget) is not None)
    from desk.services import search as search_service

    assert search_service.search(central, "корей", limit=100)
    _no_password_left(central, window)


def test_cancel_keeps_the_file(
    make_window: Any, central: Workspace, server_url: str, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    held, release = threading.Event(), threading.Event()
    real = database_section._moving

    def slow(done: int, total: int) -> str:
        if done > 0 and not held.is_set():
            held.set()
            release.wait(30)  # the worker waits here while the clerk presses Cancel
        return real(done, total)

    monkeypatch.setattr(database_section, "_moving", slow)
    window, section = open_section(make_window, central)
    fill(section, *parts(server_url), PASSWORD)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy)  # the window's own start-up reads (the day's backup)
    qtbot.mouseClick(section.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: held.is_set() or bool(section.fields.message.text()), timeout=30000)
    assert held.is_set(), section.fields.message.text()

    def dialog() -> QProgressDialog | None:
        found = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=10000)
    shown = dialog()
    assert shown is not None
    cancel = next(b for b in shown.findChildren(QPushButton) if b.isVisible())
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # the clerk presses Cancel
    release.set()
    qtbot.waitUntil(lambda: "Cancelled" in section.fields.message.text(), timeout=30000)
    assert central.db.is_sqlite and central.home.database_url is None and central.home.database.exists()
    assert section.place.text() == str(central.home.database) and not section.mover.isHidden()
    assert section.move_button.isEnabled()
    assert server_fixtures_tables(server_url) == []
    _no_password_left(central, window)


def server_fixtures_tables(url: str) -> list[str]:
    from sqlalchemy import create_engine, inspect

    from desk.store.db import server_url as driver_url

    engine = create_engine(driver_url(url))
    try:
        with engine.connect() as conn:
            return inspect(conn).get_table_names()
    finally:
        engine.dispose()
