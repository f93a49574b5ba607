"""The backups in a folder, known by their names alone (`desk-<UTC date-time>-<reason>.sqlite3`): without the
database layer, so that the light `desk list` (desk.store.light_read) can see whether the day's backup was taken."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^desk-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S-%f"  # UTC


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime  # UTC
    reason: str
    size: int


def parse_name(path: Path) -> BackupFile | None:
    m = _NAME.match(path.name)
    if m is None:
        return None
    taken = dt.datetime.strptime(m.group(1), _STAMP).replace(tzinfo=dt.UTC)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupFile(path=path, taken_at=taken, reason=m.group(2), size=size)


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in `folder`, newest first (files not named like a backup are left out)."""
    if not folder.is_dir():
        return []
    found = [b for p in folder.iterdir() if p.is_file() and (b := parse_name(p)) is not None]
    return sorted(found, key=lambda b: b.taken_at, reverse=True)
