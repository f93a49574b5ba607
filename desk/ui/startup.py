"""What the window does at start to keep the data safe: one window per data folder (a second start brings the first
window to the front and says why it stops), the day's backup, errors to the log with their trace while the clerk
sees one clear message, and the smoke test of the build (`DESK_SMOKE_TEST=1`: show the window, then quit).

The folder lock itself is desk.store.lock (shared with the command line); here it is paired with a QLocalServer
named after the folder, which the second start uses to ask the first to come forward.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from desk import APP_NAME
from desk.errors import DeskError
from desk.i18n import _
from desk.services.instance import FolderInUse, hold_folder
from desk.store.lock import FolderLock
from desk.ui.foreground import allow_foreground, bring_to_front
from desk.ui.qt import (
    QApplication,
    QLocalServer,
    QLocalSocket,
    QMessageBox,
    QObject,
    QTimer,
    QWidget,
    Signal,
)

if (
    TYPE_CHECKING
):  # the database layer is imported when a folder is opened, not before the window's frame shows
    from desk.services.workspace import Workspace

log = logging.getLogger("desk.ui")

SMOKE_TEST_ENV = "DESK_SMOKE_TEST"
_RAISE = b"raise\n"
_RAISED = b"ok\n"  # the first window's answer: the client waits for it before it hangs up


def smoke_test() -> bool:
    """True when the build's smoke test runs the program: show the window, quit, and never wait on a dialog."""
    return os.environ.get(SMOKE_TEST_ENV, "") not in ("", "0")


def tell(parent: QWidget | None, message: str, *, critical: bool = False) -> None:
    """A message box, or one line on stderr under the smoke test (nobody is there to press OK)."""
    if smoke_test():
        print(f"desk: {message}", file=sys.stderr)
        return
    if critical:
        QMessageBox.critical(parent, APP_NAME, message)
    else:
        QMessageBox.information(parent, APP_NAME, message)


# --- one window per data folder -----------------------------------------------------------------------------------


def server_name(root: Path) -> str:
    """The local socket's name for a data folder (the same folder gives the same name, on Windows in any case)."""
    key = str(Path(root).resolve())
    if os.name == "nt":
        key = key.lower()
    return "DostyqDesk-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class FolderGuard(QObject):
    """Holds a data folder for this window: the lock, and a local server that hears a second start."""

    bring_forward = Signal()
    backup_finished = Signal()  # the day's backup ended (taken or failed), from its thread

    def __init__(self, root: Path, lock: FolderLock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.lock = lock
        self.backup: threading.Thread | None = None  # the day's backup, when it is being taken
        self.server = QLocalServer(self)
        self._sockets: list[QLocalSocket] = []
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(root)
        QLocalServer.removeServer(name)  # a socket file left by a crash (we hold the lock, so it is stale)
        if not self.server.listen(name):
            log.warning("single-instance server not listening: %s", self.server.errorString())
        self.server.newConnection.connect(self._connection)

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                break
            self._sockets.append(socket)
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(self._forget)
            if socket.bytesAvailable():
                self._read_from(socket)

    def _read(self) -> None:
        for socket in list(self._sockets):
            if socket.bytesAvailable():
                self._read_from(socket)

    def _read_from(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_RAISE.strip()):
            log.info("a second start on %s: bringing the window forward", self.root)
            self.bring_forward.emit()
            socket.write(_RAISED)
            socket.flush()

    def _forget(self) -> None:
        for socket in [
            s for s in self._sockets if s.state() == QLocalSocket.LocalSocketState.UnconnectedState
        ]:
            self._sockets.remove(socket)
            socket.deleteLater()

    def release(self) -> None:
        if self.backup is not None:
            self.backup.join()
        for socket in self._sockets:
            socket.abort()
        self._sockets.clear()
        self.server.close()
        self.lock.release()


def ask_first_window_forward(root: Path, timeout_ms: int = 3000) -> bool:
    """Tell the window that holds `root` to come to the front; True once it answered. The client waits for the
    answer before it hangs up: on Windows (named pipes) a message written just before the hang-up may never be
    read by the server."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(root))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(_RAISE)
    answered = False
    if socket.waitForBytesWritten(timeout_ms):
        while socket.waitForReadyRead(timeout_ms):
            if bytes(socket.readAll().data()).startswith(_RAISED.strip()):
                answered = True
                break
    socket.disconnectFromServer()
    return answered


def claim_folder(root: Path) -> FolderGuard | None:
    """Take the folder for this window. When another program has it: ask its window forward, say so, and None."""
    try:
        lock = hold_folder(root)
    except FolderInUse as exc:
        from desk.store.lock import holder_pid

        tell(None, exc.message)
        # Once the clerk has read why: the first window comes forward. On Windows it may take the foreground only
        # because this start, which holds it, allows it.
        allow_foreground(holder_pid(root))
        ask_first_window_forward(root)
        return None
    return FolderGuard(root, lock)


def open_folder(root: Path) -> tuple[Workspace, FolderGuard] | None:
    """Claim the folder, open (and migrate) its database, take the day's backup. None when another program has
    the folder (already told); DeskError when it cannot be opened."""
    from desk.services.workspace import open_workspace

    guard = claim_folder(root)
    if guard is None:
        return None
    try:
        ws = open_workspace(root)
    except BaseException:
        guard.release()
        raise
    guard.backup = after_open(ws, guard.backup_finished.emit)
    return ws, guard


def after_open(ws: Workspace, finished: Callable[[], None] | None = None) -> threading.Thread | None:
    """What follows opening a folder in the window: the day's backup (a failure is logged, never fatal). It runs
    on its own thread so the window shows at once; writes wait for it (backups.begin_daily_backup holds them), and
    FolderGuard.release() waits for it before the folder is let go."""
    from desk.services import backups

    work = backups.begin_daily_backup(ws)
    if work is None:
        return None

    def run() -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - recorded and shown; the backup never stops the program
            log.exception("the daily backup failed")
            backups.record_failure(ws.home, "daily", exc)
        if finished is not None:
            finished()  # a signal: delivered to the window on the main thread

    thread = threading.Thread(target=run, name="daily-backup")
    thread.start()
    return thread


def watch(guard: FolderGuard, window: QWidget) -> None:
    """The window comes to the front when a second start asks; under the smoke test it closes once shown."""
    guard.bring_forward.connect(lambda: bring_to_front(window))
    ctx = getattr(window, "ctx", None)
    if ctx is not None:
        guard.backup_finished.connect(ctx.backups_changed.emit)
        ctx.backups_changed.emit()  # read once more: the backup may have ended before the connection was made
    if smoke_test():

        def done() -> None:
            log.info("smoke test: main window shown (%s)", type(window).__name__)
            window.close()
            app = QApplication.instance()
            if app is not None:
                app.quit()

        QTimer.singleShot(0, done)


# --- errors: the trace to the log, one clear message to the clerk -----------------------------------------------

_showing = threading.Lock()


def error_message(exc: BaseException) -> str:
    if isinstance(exc, DeskError):
        return exc.message
    log_hint = _("The details are written to the program's log.")
    return _("Unexpected error: {error}").format(error=f"{exc.__class__.__name__}: {exc}") + "\n\n" + log_hint


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("unhandled error", exc_info=(exc_type, exc, tb))
    if threading.current_thread() is not threading.main_thread() or QApplication.instance() is None:
        return
    if not _showing.acquire(blocking=False):  # one box at a time, not a cascade
        return
    try:
        tell(None, error_message(exc), critical=True)
    finally:
        _showing.release()


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    log.error(
        "unhandled error in thread %s",
        getattr(args.thread, "name", "?"),
        exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
    )


def install_error_hook() -> None:
    """Route uncaught errors (slots, events, threads) to the log with their trace, and show the clerk a message."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
