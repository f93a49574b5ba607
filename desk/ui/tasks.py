"""Slow work off the UI thread: one helper for demo generation, reports, bundles and spreadsheet import.

    ctx.tasks.run(lambda progress: demo.generate(ws, size="large", progress=progress),
                  title=_("Making the demo data"), on_done=lambda counts: ...)

The callable gets `progress(done, total, what) -> bool`; it should call it now and then and stop (raise) when it
returns False: the user pressed Cancel. A progress dialog with Cancel appears when the work takes more than a
moment; the window keeps painting meanwhile. The result (or the error) is delivered on the main thread.

All tasks run on one worker thread, one after another, so there is never more than one writer to SQLite.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from desk.domain.validation import ValidationError
from desk.errors import DeskError
from desk.i18n import _
from desk.ui.qt import (
    QLabel,
    QMessageBox,
    QObject,
    QProgressDialog,
    QRunnable,
    Qt,
    QThreadPool,
    QWidget,
    Signal,
)

log = logging.getLogger("desk.ui")

Progress = Callable[[int, int, str], bool]
"""progress(done, total, what) → False when the user cancelled."""


class Task(QObject):
    """One piece of background work. Its signals arrive on the main thread."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)  # the callable's result
    failed = Signal(object)  # the exception
    cancelled = Signal()
    finished = Signal()  # always, after one of the three above; emitted on the main thread itself
    _ended = Signal()  # from the worker; queued to the main thread, which then emits `finished`

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        # Emitting `finished` from the main thread's event loop means nobody on the main thread can miss it
        # between checking `done` and starting to wait for it.
        self._ended.connect(self.finished.emit, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, what: str) -> bool:
        """The callback handed to the work (called on the worker thread)."""
        self.progressed.emit(int(done), int(total), str(what))
        return not self._cancel.is_set()


class _Job(QRunnable):
    def __init__(self, task: Task, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.task = task
        self.work = work

    def run(self) -> None:
        task = self.task
        try:
            result = self.work(task.progress)
        except BaseException as exc:  # noqa: BLE001 - delivered to the main thread, which shows it
            if task.is_cancelled:
                task.cancelled.emit()
            else:
                if not isinstance(exc, DeskError | ValidationError):
                    log.error("background task %r failed", task.title, exc_info=exc)
                task.failed.emit(exc)
        else:
            if task.is_cancelled:
                task.cancelled.emit()
            else:
                task.succeeded.emit(result)
        task._ended.emit()


def error_text(exc: BaseException) -> str:
    """What the user reads about a failure: our own messages as they are, anything else named briefly."""
    if isinstance(exc, DeskError):
        return exc.message
    if isinstance(exc, ValidationError):
        return "\n".join(str(e) for e in exc.errors)
    return _("Unexpected error: {error}").format(error=f"{exc.__class__.__name__}: {exc}")


def refused(message: QLabel, write: Callable[[], object]) -> bool:
    """Run a form's write; on a refusal show why in `message` and return True, else clear it and return False."""
    try:
        write()
    except (ValidationError, DeskError) as exc:
        message.setText(error_text(exc))
        return True
    message.clear()
    return False


class TaskRunner(QObject):
    """Runs tasks one at a time on a worker thread (one SQLite writer) and shows their progress."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: set[Task] = set()

    def run(
        self,
        work: Callable[[Progress], Any],
        *,
        title: str,
        parent: QWidget | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        show_progress: bool = True,
        cancellable: bool = True,
    ) -> Task:
        """Start `work(progress)` in the background; return the Task (connect to its signals or wait on it)."""
        task = Task(title, self)
        self._running.add(task)
        dialog: QProgressDialog | None = None
        if show_progress:
            dialog = QProgressDialog(title, _("Cancel") if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(task.cancel)

            def show_progress_step(done: int, total: int, what: str, d: QProgressDialog = dialog) -> None:
                d.setMaximum(max(total, 0))
                d.setValue(min(done, total) if total > 0 else 0)
                if what:
                    d.setLabelText(f"{title}\n{what}")

            task.progressed.connect(show_progress_step)

        def on_success(result: Any) -> None:
            task.result = result
            if on_done is not None:
                on_done(result)

        def on_failure(exc: BaseException) -> None:
            task.error = exc
            if on_error is not None:
                on_error(exc)
            else:
                QMessageBox.warning(parent, title, error_text(exc))

        def on_cancelled() -> None:
            if on_cancel is not None:
                on_cancel()

        def on_finished() -> None:
            task.done = True
            if dialog is not None:
                dialog.canceled.disconnect(task.cancel)
                dialog.close()
                dialog.deleteLater()
            self._running.discard(task)
            task.deleteLater()

        task.succeeded.connect(on_success)
        task.failed.connect(on_failure)
        task.cancelled.connect(on_cancelled)
        task.finished.connect(on_finished)
        self._pool.start(_Job(task, work))
        return task

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (on closing the window). Results still arrive through the event loop."""
        return self._pool.waitForDone(msecs)
