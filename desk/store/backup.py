"""Backups of the database file with SQLite's online backup API: consistent even while the program writes."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from desk.store.db import Database


def backup_database(db: Database, dest_dir: Path, *, reason: str = "manual") -> Path:
    """Copy the live database into `dest_dir` as `desk-<UTC time>-<reason>.sqlite3` (mode 0600) and return it."""
    source = db.path
    if source is None:
        raise ValueError("only SQLite databases are backed up by file")
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = dest_dir / f"desk-{stamp}-{reason}.sqlite3"
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    if os.name == "posix":
        os.chmod(target, 0o600)
    return target
