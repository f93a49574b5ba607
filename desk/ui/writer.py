"""Every write from the window goes through here: it runs on the background writer (the task runner's one worker
thread, so there is one SQLite writer), never on the GUI thread.

    record = ctx.write(lambda: associations.REGISTER.create(ws, values), parent=self)

`write` waits for the result the way a modal dialog does: the window keeps painting (a nested event loop) while the
clerk's clicks and keys are held back, so a form cannot be saved twice or changed under its own save. A write that
takes more than a moment shows a progress dialog; one that meets a busy database (the daily backup, another program
holding the write lock) says "busy, retrying" there and retries until the lock is free or the clerk presses Cancel —
never an "Unexpected error". The work's own refusal (ValidationError, DeskError) is raised again on the GUI thread,
where the form shows it.

Work handed to `write` must not touch widgets: read the form's values first, on the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from desk.errors import DeskError
from desk.i18n import _
from desk.store import db as store_db
from desk.ui.qt import QApplication, QEvent, QEventLoop, QObject, QProgressDialog, QWidget, Signal
from desk.ui.tasks import Progress, TaskRunner

T = TypeVar("T")

BUSY_WAIT_MS = 400
"""How long one attempt waits for another writer's lock before the clerk is told and it retries."""
RETRY_PAUSE_S = 0.25

_HELD_BACK = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Wheel,
        QEvent.Type.Shortcut,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Close,
        QEvent.Type.ContextMenu,
        QEvent.Type.Drop,
    }
)


class NotWritten(DeskError):
    """The clerk cancelled a write that waited for a busy database: nothing was written."""


def busy_text(attempt: int) -> str:
    return _(
        "The database is busy (a backup or another program is writing to it); retrying… (attempt {n})"
    ).format(n=attempt)


class _HoldInput(QObject):
    """Holds back the clerk's input to every window but the write's progress dialog while a write runs."""

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if event.type() not in _HELD_BACK:
            return False
        widget = watched if isinstance(watched, QWidget) else None
        return not (widget is not None and isinstance(widget.window(), QProgressDialog))


class Writer(QObject):
    """The window's one path for writes (owned by the AppContext as `ctx.writer`; `ctx.write` calls it)."""

    status = Signal(str)  # "busy, retrying…" while a write waits for the lock; "" when it is done

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.writing = 0
        self.last_status = ""

    def _set_status(self, text: str) -> None:
        self.last_status = text
        self.status.emit(text)

    def write(self, work: Callable[[], T], *, parent: QWidget | None = None, title: str | None = None) -> T:
        """Run `work()` on the background writer and return its result here (or raise its error here)."""

        def attempt(progress: Progress) -> T:
            tries = 0
            while True:
                try:
                    with store_db.patience(BUSY_WAIT_MS):
                        return work()
                except Exception as exc:
                    if not store_db.is_busy(exc):
                        raise
                    tries += 1
                    if not progress(0, 0, busy_text(tries)):
                        raise NotWritten(
                            _("Not saved: the database stayed busy. Try again in a moment.")
                        ) from exc
                    time.sleep(RETRY_PAUSE_S)  # on the worker thread; the window keeps painting

        outcome: dict[str, Any] = {}
        task = self.tasks.run(
            attempt,
            title=title or _("Saving"),
            parent=parent,
            on_done=lambda result: outcome.__setitem__("result", result),
            on_error=lambda exc: outcome.__setitem__("error", exc),
            on_cancel=lambda: outcome.__setitem__(
                "error", NotWritten(_("Not saved: the database stayed busy. Try again in a moment."))
            ),
        )
        task.progressed.connect(lambda _d, _t, what: self._set_status(what))
        loop = QEventLoop()
        task.finished.connect(loop.quit)
        app = QApplication.instance()
        hold = _HoldInput()
        if app is not None:
            app.installEventFilter(hold)
        self.writing += 1
        try:
            if not task.done:
                loop.exec()
        finally:
            self.writing -= 1
            if app is not None:
                app.removeEventFilter(hold)
            if self.last_status:
                self._set_status("")
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")  # type: ignore[no-any-return]
