"""Opening a data folder's database on a thread while the window's frame is already on screen (issue 16, start-up).

Importing the database layer (SQLAlchemy, SQLModel, the records) and opening, checking and migrating the database
take most of a start; the frame (desk/ui/main_window.py without its context) needs none of it. The thread does only
that work, no Qt object is made on it; `opened` or `failed` is delivered on the main thread (a queued signal), and
the result is kept too, so whoever closes the window after the event loop ended still finds the workspace to close.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from desk.errors import DeskError
from desk.ui.qt import QObject, Signal

if TYPE_CHECKING:
    from desk.services.workspace import Workspace

log = logging.getLogger("desk.ui")


class FolderOpening(QObject):
    """Imports the database layer (`start`), then opens (and migrates) the folder given to `open`, on its own
    thread."""

    opened = Signal(object)  # the Workspace
    failed = Signal(object)  # the exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.workspace: Workspace | None = None
        self.error: BaseException | None = None
        self._go = threading.Event()
        self._thread = threading.Thread(target=self._run, name="open-folder", daemon=True)

    def start(self) -> None:
        """Begin importing the database layer."""
        self._thread.start()

    def open(self, root: Path) -> None:
        """Open `root` once the imports are done (its lock is held by now); `opened` or `failed` follows."""
        self.root = root
        self._go.set()

    def begun(self) -> bool:
        """True once the folder was given to the thread."""
        return self.root is not None

    def wait(self) -> None:
        """Until the opening thread ended (it always does once `open` was called; never started: at once)."""
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            from desk.services.workspace import open_workspace
            from desk.ui import context  # noqa: F401 - imported here, off the GUI thread: the window's next need
        except BaseException as exc:  # noqa: BLE001 - a broken installation: said once a folder is to be opened
            self._go.wait()
            self._fail(exc)
            return
        self._go.wait()
        if self.root is None:
            return
        try:
            self.workspace = open_workspace(self.root)
        except BaseException as exc:  # noqa: BLE001 - said to the clerk on the main thread
            self._fail(exc)
            return
        self.opened.emit(self.workspace)

    def _fail(self, exc: BaseException) -> None:
        if isinstance(exc, DeskError):  # a clear reason (a newer database, a damaged file…): no trace needed
            log.warning("cannot open %s: %s", self.root, exc.message)
        else:
            log.error("opening %s failed", self.root, exc_info=exc)
        self.error = exc
        if self.root is not None:
            self.failed.emit(exc)
