"""One program per data folder: the window and the command line take the folder's lock before they open it.

The lock itself is in desk.store.lock (an OS file lock, gone with the process, so a crash leaves none behind).
Here it becomes a refusal the clerk understands, in their language.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desk.errors import DeskError
from desk.i18n import _
from desk.store.lock import FolderLock, FolderLocked

if TYPE_CHECKING:
    from desk.services.workspace import Workspace

EXIT_IN_USE = 3


class FolderInUse(DeskError):
    """Another Dostyq Desk (window or command) is working on the same data folder."""

    exit_code = EXIT_IN_USE


def in_use_message(root: Path, pid: int | None) -> str:
    if pid:
        return _(
            "Dostyq Desk is already running on the data folder {folder} (process {pid}). "
            "Close it first, or wait until it finishes."
        ).format(folder=root, pid=pid)
    return _(
        "Dostyq Desk is already running on the data folder {folder}. "
        "Close it first, or wait until it finishes."
    ).format(folder=root)


def hold_folder(root: Path) -> FolderLock:
    """Take the data folder for this process, or raise FolderInUse with a clear message."""
    lock = FolderLock(root)
    try:
        return lock.acquire()
    except FolderLocked as exc:
        raise FolderInUse(in_use_message(root, exc.pid)) from None


def open_for_work(root: Path) -> tuple[Workspace, FolderLock | None]:
    """What the window and the command line do to start on a data folder: take its lock, open (and migrate) the
    database, and take the day's backup when there is none yet. The caller releases the
    lock when it is done (process exit releases it too). No lock is taken while the folder holds no database:
    opening then fails with the usual "no database" message."""
    from desk.services import backups
    from desk.services.workspace import open_workspace
    from desk.store.home import Home

    lock = hold_folder(root) if Home(root).exists() else None
    try:
        ws = open_workspace(root)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    backups.daily_backup(ws)
    return ws, lock
