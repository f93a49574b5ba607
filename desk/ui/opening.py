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
    """Imports the database layer and opens (and migrates) a folder's database on its own thread (`open`)."""

    opened = Signal(object)  # the Workspace
    failed = Signal(object)  # the exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.workspace: Workspace | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="open-folder", daemon=True)

    def open(self, root: Path) -> None:
        """Open `root` (its lock is held by now) on the thread; `opened` or `failed` follows."""
        self.root = root
        self._thread.start()

    def begun(self) -> bool:
        """True once the folder was given to the thread."""
        return self.root is not None

    def wait(self) -> None:
        """Until the opening thread ended (at once when it never began)."""
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            from desk.services.workspace import open_workspace
            from desk.ui import context  # noqa: F401 - imported here, off the GUI thread: the window's next need

            self.workspace = open_workspace(self.root)  # type: ignore[arg-type]  # set by open() before the start
        except BaseException as exc:  # noqa: BLE001 - said to the clerk on the main thread
            if isinstance(
                exc, DeskError
            ):  # a clear reason (a newer database, a damaged file…): no trace needed
                log.warning("cannot open %s: %s", self.root, exc.message)
            else:
                log.error("opening %s failed", self.root, exc_info=exc)
            self.error = exc
            self.failed.emit(exc)
            return
        self.opened.emit(self.workspace)
