"""One program per data folder: an exclusive lock on `<data folder>/desk.lock`, portable to Windows.

The lock is an OS lock on an open file (flock on POSIX, msvcrt.locking on Windows), so it goes away with the
process that held it — a crash or a power cut never leaves a stale lock behind. The file itself stays and carries
the holder's process id, which the refusal message shows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the light `desk list` takes this lock)
if TYPE_CHECKING:
    from typing import IO

LOCK_FILE = "desk.lock"
# Windows locks byte ranges and refuses to read a locked one: lock a byte far past the end, so the pid stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 30


class FolderLocked(Exception):
    """Another process holds the data folder. `pid` is that process's id when it could be read."""

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(f"{path} is locked by process {pid}")
        self.path = path
        self.pid = pid


def _try_lock(fh: IO[bytes]) -> bool:
    if sys.platform == "win32":  # (not os.name: mypy narrows only on sys.platform)
        import msvcrt

        try:
            fh.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    if sys.platform == "win32":  # (not os.name: mypy narrows only on sys.platform)
        import msvcrt

        try:
            fh.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_bytes()[:32].decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


def holder_pid(root: Path) -> int | None:
    """The process id written by the holder of the folder's lock (None when unreadable)."""
    return _read_pid(Path(root) / LOCK_FILE)


class FolderLock:
    """`acquire()` takes the lock or raises FolderLocked; `release()` gives it back. Usable as a context manager."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / LOCK_FILE
        self._fh: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> FolderLock:
        if self._fh is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
        fh = os.fdopen(os.open(self.path, flags, 0o600), "r+b")  # kept open while the lock is held
        if not _try_lock(fh):
            fh.close()
            raise FolderLocked(self.path, _read_pid(self.path))
        fh.seek(0)
        fh.write(str(os.getpid()).encode("ascii") + b"\n")
        fh.truncate()
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            _unlock(fh)
        finally:
            fh.close()

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()
