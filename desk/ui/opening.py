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
    """Opens (and migrates) the database of the folder `root` on its own thread."""

    opened = Signal(object)  # the Workspace
    failed = Signal(object)  # the exception

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.workspace: Workspace | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="open-folder", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self) -> None:
        """Until the opening thread ended (it always does: opening has no loop to stop)."""
        if self._thread.is_alive():
            self._thread.join()

    def done(self) -> bool:
        return self._thread.ident is not None and not self._thread.is_alive()

    def _run(self) -> None:
        try:
            from desk.services.workspace import open_workspace
            from desk.ui import context  # noqa: F401 - imported here, off the GUI thread: the window's next need

            self.workspace = open_workspace(self.root)
        except BaseException as exc:  # noqa: BLE001 - said to the clerk on the main thread
            if isinstance(
                exc, DeskError
            ):  # a clear reason (a newer database, a damaged file…): no trace needed
                log.warning("cannot open %s: %s", self.root, exc.message)
            else:
                log.exception("opening %s failed", self.root)
            self.error = exc
            self.failed.emit(exc)
            return
        self.opened.emit(self.workspace)
