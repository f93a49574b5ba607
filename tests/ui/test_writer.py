"""One writer (issue 12, point 3): a form's save runs on the background writer, not on the GUI thread; while another
connection holds the write lock (the daily backup, another program) the window says "busy, retrying" and saves once
the lock is free — never an "Unexpected error" box; Cancel while it waits writes nothing and says so."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from desk.services import associations
from desk.services.records import ListQuery
from desk.store import db as store_db


@pytest.fixture
def no_message_boxes(monkeypatch):
    from desk.ui.qt import QMessageBox

    shown: list[tuple] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, _n=name, **k: shown.append((_n, a)))
    return shown


def _new_association(window):
    view = window.show_page("associations").view
    view.new_record()
    view.form.widgets["name_ru"].setText("Армянский культурный центр")
    view.form.widgets["ethnic_group"].set_value("armenian")
    view.form.widgets["legal_status"].set_value("initiative")
    return view


def _count(ws):
    return associations.REGISTER.count(ws, ListQuery(include_archived=True))


def _hold_write_lock(ws) -> sqlite3.Connection:
    lock = sqlite3.connect(str(ws.db.path), isolation_level=None, check_same_thread=False)
    lock.execute("BEGIN IMMEDIATE")  # what a backup or another program writing does
    return lock


def test_a_save_runs_on_the_background_writer(make_window, workspace, qtbot):
    window = make_window(workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    committed_on: list[threading.Thread] = []
    unsubscribe = store_db.on_commit(lambda _tables: committed_on.append(threading.current_thread()))
    try:
        view = _new_association(window)
        assert view.save() is True
    finally:
        unsubscribe()
    assert committed_on and all(t is not threading.main_thread() for t in committed_on)
    assert _count(workspace) == 1


def test_a_busy_database_says_busy_retrying_and_saves_when_free(
    make_window, workspace, qtbot, no_message_boxes
):
    window = make_window(workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    view = _new_association(window)
    lock = _hold_write_lock(workspace)
    said: list[str] = []

    def on_status(text: str) -> None:
        said.append(text)
        if text and len([s for s in said if s]) == 2:  # told twice (it retried): now the backup finishes
            lock.execute("ROLLBACK")

    window.ctx.writer.status.connect(on_status)
    try:
        assert view.save() is True
    finally:
        window.ctx.writer.status.disconnect(on_status)
        lock.close()
    busy = [s for s in said if s]
    assert len(busy) >= 2 and all("busy" in s and "retrying" in s for s in busy)
    assert said[-1] == ""  # the status bar is cleared once saved
    assert window.statusBar().currentMessage() == ""
    assert no_message_boxes == []  # never an "Unexpected error" box
    assert _count(workspace) == 1
    assert view.form.record is not None and not view.form.dirty


def test_cancel_while_the_database_is_busy_writes_nothing_and_says_so(
    make_window, workspace, qtbot, no_message_boxes
):
    window = make_window(workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    view = _new_association(window)
    lock = _hold_write_lock(workspace)

    def on_status(text: str) -> None:
        if text:
            for task in list(window.ctx.tasks._running):  # the clerk presses Cancel in the progress dialog
                task.cancel()

    window.ctx.writer.status.connect(on_status)
    try:
        assert view.save() is False
    finally:
        window.ctx.writer.status.disconnect(on_status)
        lock.execute("ROLLBACK")
        lock.close()
    assert "busy" in view.form.general_message.text() and view.form.general_message.isVisible()
    assert "Unexpected" not in view.form.general_message.text()
    assert no_message_boxes == []
    assert view.form.dirty and _count(workspace) == 0  # what was typed is still there, to save again


def test_the_clerks_typing_is_held_back_while_a_save_waits(make_window, workspace, qtbot):
    from desk.ui.qt import QApplication, QEvent, QKeyEvent, Qt

    window = make_window(workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    view = _new_association(window)
    name = view.form.widgets["name_ru"]
    before = name.text()
    lock = _hold_write_lock(workspace)

    def on_status(text: str) -> None:
        if text and lock.in_transaction:  # the save waits: a key typed into the form meanwhile is not taken
            QApplication.sendEvent(
                name, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_X, Qt.KeyboardModifier.NoModifier, "x")
            )
            lock.execute("ROLLBACK")

    window.ctx.writer.status.connect(on_status)
    try:
        assert view.save() is True
    finally:
        window.ctx.writer.status.disconnect(on_status)
        lock.close()
    assert name.text() == before
    assert associations.REGISTER.get(workspace, view.form.record.id).name_ru == before
    assert store_db.is_busy(sqlite3.OperationalError("database is locked"))
    assert not store_db.is_busy(ValueError("no such column"))
