"""Backups of the database file with SQLite's online backup API: consistent even while the program writes.

A backup is one self-contained SQLite file (rollback journal, no -wal beside it) named
`desk-<UTC date-time>-<reason>.sqlite3`, readable by the user alone. It is written under a temporary name and renamed
when complete, so a crash never leaves half a backup that looks whole.

`backups_to_keep` is the retention rule (newest of each of the last N days and M months that have backups, and
everything younger than a day); `inspect_backup` checks a file before a restore; `replace_database` swaps a checked
copy in for the live database without ever leaving a half-restored file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desk.store.backup_files import _STAMP, name_parts
from desk.store.db import Database

PREFIX = "desk-"
SUFFIX = ".sqlite3"
PARTIAL = ".partial"
LEFTOVER_SECONDS = 3600
"""A .partial backup untouched this long was interrupted (a copy in progress writes to it all along): pruned."""
STAGED_NAME = (
    "desk.sqlite3.restoring"  # a restore's checked copy, beside the live database until it is swapped in
)


def secure_file(path: Path) -> None:
    """Readable and writable by the user alone (POSIX; Windows keeps the folder's ACL)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime  # UTC
    reason: str
    size: int


def parse_name(path: Path) -> BackupFile | None:
    parts = name_parts(path.name)
    if parts is None:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupFile(path=path, taken_at=parts[0], reason=parts[1], size=size)


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in `folder`, newest first (files not named like a backup are left out)."""
    if not folder.is_dir():
        return []
    found = [b for p in folder.iterdir() if p.is_file() and (b := parse_name(p)) is not None]
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _clean_reason(reason: str) -> str:
    cleaned = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")
    return cleaned or "manual"


def copy_database(source: Path | str, target: Path) -> None:
    """Copy a SQLite database with the online backup API into `target` (a new file, mode 0600, no WAL)."""
    if target.exists():
        target.unlink()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)
    src = sqlite3.connect(str(source)) if isinstance(source, Path) else sqlite3.connect(source, uri=True)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()
    _fsync(target)
    secure_file(target)


def _fsync(path: Path) -> None:
    """Flush a file to the disk. Through a handle opened for writing: Windows refuses to flush a read-only handle
    (FlushFileBuffers needs GENERIC_WRITE; os.fsync then fails with EBADF), POSIX accepts either."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_database(db: Database, dest_dir: Path, *, reason: str = "manual") -> Path:
    """Copy the live database into `dest_dir` as `desk-<UTC time>-<reason>.sqlite3` (mode 0600) and return it."""
    source = db.path
    if source is None:
        raise ValueError("only SQLite databases are backed up by file")
    return backup_file(source, dest_dir, reason=reason)


def backup_file(source: Path, dest_dir: Path, *, reason: str = "manual") -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(dest_dir, 0o700)
    stamp = dt.datetime.now(dt.UTC).strftime(_STAMP)
    target = dest_dir / f"{PREFIX}{stamp}-{_clean_reason(reason)}{SUFFIX}"
    partial = target.with_name(target.name + PARTIAL)
    try:
        copy_database(source, partial)
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    return target


# --- retention ----------------------------------------------------------------------------------------------------


def backups_to_keep(
    backups: list[BackupFile],
    *,
    keep_daily: int,
    keep_monthly: int,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> set[Path]:
    """The rule: every backup younger than a day; the newest backup of each of the last `keep_daily` days that
    have backups; the newest of each of the last `keep_monthly` months that have backups. Days and months are the
    local calendar's (`tz`, default the machine's)."""
    keep: set[Path] = set()
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    for b in newest_first:
        if now - b.taken_at < dt.timedelta(days=1):
            keep.add(b.path)

    def newest_per(period_of: Callable[[dt.datetime], object], limit: int) -> None:
        seen: set[object] = set()
        for b in newest_first:
            period = period_of(b.taken_at.astimezone(tz))
            if period in seen:
                continue
            seen.add(period)
            if len(seen) > limit:
                break
            keep.add(b.path)

    newest_per(lambda t: t.date(), max(keep_daily, 0))
    newest_per(lambda t: (t.year, t.month), max(keep_monthly, 0))
    return keep


def prune(folder: Path, *, keep_daily: int, keep_monthly: int, now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups the rule does not keep (and leftovers of interrupted backups); returns what went."""
    now = now or dt.datetime.now(dt.UTC)
    backups = list_backups(folder)
    keep = backups_to_keep(backups, keep_daily=keep_daily, keep_monthly=keep_monthly, now=now)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    if folder.is_dir():
        for leftover in folder.glob(f"{PREFIX}*{SUFFIX}{PARTIAL}"):
            # only an abandoned one: a recent .partial is another process's backup being written now (two clerks
            # importing at once each take one), and deleting it would fail that backup and its import
            try:
                idle = now.timestamp() - leftover.stat().st_mtime
            except OSError:
                continue
            if idle > LEFTOVER_SECONDS:
                leftover.unlink(missing_ok=True)
    return removed


# --- checking a backup and putting it in place ----------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    """What a database file is: `problem` is empty when it is a sound Dostyq Desk database."""

    integrity: list[str]
    is_desk: bool
    mode: str
    region: str
    revisions: frozenset[str]

    @property
    def intact(self) -> bool:
        return self.integrity == ["ok"]


def inspect_database(path: Path) -> BackupInfo:
    """Read a database file without changing it: PRAGMA integrity_check, then its mode, region and schema.
    Raises sqlite3.DatabaseError when the file is not a SQLite database at all."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    # a damaged file's integrity report quotes damaged bytes: never let them stop the check as a decoding error
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        try:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except (
            UnicodeDecodeError
        ):  # the damage reached the schema's names: SQLite's own message is unreadable
            return BackupInfo(
                integrity=["the database schema is damaged"],
                is_desk=False,
                mode="",
                region="",
                revisions=frozenset(),
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        is_desk = {"meta", "alembic_version"} <= tables
        mode = region = ""
        revisions: frozenset[str] = frozenset()
        if is_desk:
            meta = dict(
                conn.execute("SELECT key, value FROM meta WHERE key IN ('mode', 'region')").fetchall()
            )
            mode, region = meta.get("mode", "region"), meta.get("region", "")
            revisions = frozenset(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
        return BackupInfo(integrity=integrity, is_desk=is_desk, mode=mode, region=region, revisions=revisions)
    finally:
        conn.close()


def retire_wal(path: Path) -> bool:
    """Fold the write-ahead log into the database file and switch it to a rollback journal, so the file stands
    alone (and no stale -wal can be applied to a file put in its place). False when another connection holds it."""
    if not path.exists():
        return True
    conn = sqlite3.connect(str(path), timeout=10)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    finally:
        conn.close()
    return str(mode).lower() == "delete" and not Path(f"{path}-wal").exists()


def replace_database(staged: Path, live: Path) -> None:
    """Put a checked copy in place of the live database in one atomic rename (the live one's WAL retired first)."""
    _fsync(staged)
    os.replace(staged, live)
    for extra in (Path(f"{live}-wal"), Path(f"{live}-shm")):
        extra.unlink(missing_ok=True)
    secure_file(live)
