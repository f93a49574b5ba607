"""Backups of a data folder: taken by hand, once a day on start, before every migration and every central import;
kept by the rule in the settings (backup_keep_daily, backup_keep_monthly); restored after a check.

    backup_now(ws)                  `desk backup`, the Settings page's button
    backup_before(ws, reason)       before an operation that rewrites much (central import: reason "import")
    daily_backup(ws)                at most once a calendar day, on start
    restore(root, file, ws=None)    `desk restore FILE`, the Settings page's restore

A restore checks the file first (PRAGMA integrity_check; a Dostyq Desk database of the same mode and region;
a schema this program knows), keeps the current database aside as a backup ("before-restore"), and swaps the
copy in with one atomic rename: the folder holds the old database or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desk.errors import DeskError, NotFound, os_error_reason
from desk.i18n import _
from desk.services.workspace import MODE_CENTRAL, Workspace
from desk.store import backup as store
from desk.store.backup import BackupFile
from desk.store.db import Database
from desk.store.home import Home

FILE_PATTERNS = "*.sqlite3 *.db"
"""What a database or backup file is called, for file dialogs."""

log = logging.getLogger("desk.backups")


def failure_reason(exc: BaseException) -> str:
    """Why copying a database failed, in the user's language (the system's own text is English)."""
    if isinstance(exc, OSError):
        return os_error_reason(exc)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
        if code in (sqlite3.SQLITE_FULL,):
            return _("the disk is full")
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return _("it is in use by another program")
        if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY):
            return _("access is denied")
        if code in (sqlite3.SQLITE_IOERR,):
            return _("the disk could not be read or written")
        return _("database error: {detail}").format(detail=str(exc))
    return str(exc)


def reason_label(reason: str) -> str:
    """The reason of a backup in the user's language."""
    labels = {
        "manual": _("by hand"),
        "daily": _("daily"),
        "pre-migration": _("before an upgrade"),
        "import": _("before an import"),
        "before-restore": _("before a restore"),
        "before-server": _("before the move to a server"),
    }
    return labels.get(reason, reason)


def list_backups(ws_or_home: Workspace | Home) -> list[BackupFile]:
    home = ws_or_home.home if isinstance(ws_or_home, Workspace) else ws_or_home
    return store.list_backups(home.backups)


def prune(ws: Workspace, *, now: dt.datetime | None = None) -> list[Path]:
    """Apply the retention rule of the settings; returns the backups deleted."""
    removed = store.prune(
        ws.home.backups,
        keep_daily=int(ws.settings.get("backup_keep_daily")),
        keep_monthly=int(ws.settings.get("backup_keep_monthly")),
        now=now,
    )
    for path in removed:
        log.info("backup %s removed by the retention rule", path.name)
    return removed


def backup_now(ws: Workspace, reason: str = "manual") -> Path:
    """Take a backup now (SQLite online backup, consistent while others write), then apply the retention rule."""
    if not ws.db.is_sqlite:
        raise DeskError(
            _(
                "This central office keeps its database on a PostgreSQL server: back it up there with pg_dump "
                "(see the README, “The central office on PostgreSQL”)."
            )
        )
    try:
        path = store.backup_database(ws.db, ws.home.backups, reason=reason)
    except (OSError, sqlite3.Error) as exc:
        log.exception("backup failed")
        raise DeskError(
            _("The backup could not be written to {folder}: {error}").format(
                folder=ws.home.backups, error=failure_reason(exc)
            )
        ) from exc
    log.info("backup %s taken (%s)", path.name, reason)
    clear_failure(ws.home)
    prune(ws)
    return path


def backup_before(ws: Workspace, reason: str) -> Path | None:
    """A backup taken before an operation that changes much at once (a central import: reason "import").
    Raises DeskError when it cannot be written: the operation must not go ahead without it. None on a PostgreSQL
    server, whose backups are the server's (pg_dump), and where an import is one transaction."""
    if not ws.db.is_sqlite:
        return None
    return backup_now(ws, reason)


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def daily_backup(ws: Workspace) -> Path | None:
    """The automatic backup: taken when the folder has no backup from today yet. A failure never stops the start:
    it is logged and recorded (`last_failure`), which `desk check` reports as an error and the window shows."""
    today = _today()
    if not ws.db.is_sqlite or any(b.taken_at.astimezone().date() == today for b in list_backups(ws)):
        return None  # a PostgreSQL server is backed up by the server (pg_dump)
    return _automatic(ws)


def _automatic(ws: Workspace) -> Path | None:
    try:
        return backup_now(ws, "daily")
    except DeskError as exc:
        record_failure(ws.home, "daily", exc.__cause__ or exc)
        return None


def begin_daily_backup(ws: Workspace) -> Callable[[], Path | None] | None:
    """The day's backup, for the window, which must not wait for it: None when today's backup exists. Otherwise
    the database's write lock is taken now (a connection in BEGIN IMMEDIATE; readers go on, in WAL mode) and the
    returned work — to run on any thread — copies the database and lets writers in again. So the backup holds the
    data as it was before this session wrote anything, and a write that comes early waits for it (busy_timeout).
    A failure is recorded as by `daily_backup`."""
    if any(b.taken_at.astimezone().date() == _today() for b in list_backups(ws)):
        return None
    path = ws.db.path
    if path is None:
        return None
    try:
        guard = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
        guard.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        log.exception("could not hold writes for the daily backup; taking it now")
        return lambda: daily_backup(ws)

    def work() -> Path | None:
        try:
            return _automatic(ws)
        finally:
            guard.execute("ROLLBACK")
            guard.close()

    return work


# --- a failed automatic backup: recorded, reported by `desk check`, shown in the window ------------------------


@dataclass(frozen=True)
class BackupFailure:
    at: dt.datetime  # UTC
    reason: str  # "daily", …
    error: str  # why, in the current language

    def message(self) -> str:
        from desk.i18n import format_moment

        return _(
            "The automatic backup of {moment} failed: {error}. Your data has no fresh copy: free the disk "
            "or fix the folder's access, then take a backup in Settings → Backups."
        ).format(moment=format_moment(self.at), error=self.error)


def record_failure(home: Home, reason: str, exc: BaseException) -> None:
    """Keep the failure beside the database (a log line alone is never seen), as JSON: when, why (an errno or a
    SQLite code, rendered in the reader's language later) and the detail."""
    number = exc.errno if isinstance(exc, OSError) else None
    code = getattr(exc, "sqlite_errorcode", None) if isinstance(exc, sqlite3.Error) else None
    record = {
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "reason": reason,
        "errno": number,
        "sqlite_code": code,
        "filename": getattr(exc, "filename", None),
        "detail": str(exc),
    }
    try:
        home.backup_failure.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        store.secure_file(home.backup_failure)
    except OSError:
        log.exception("the backup failure could not be recorded in %s", home.backup_failure)
    log.error("automatic backup (%s) failed: %s", reason, record["detail"])


def clear_failure(home: Home) -> None:
    try:
        home.backup_failure.unlink(missing_ok=True)
    except OSError:
        log.exception("could not remove %s", home.backup_failure)


def last_failure(home: Home) -> BackupFailure | None:
    """The automatic backup's last failure, when no backup has succeeded since."""
    try:
        record = json.loads(home.backup_failure.read_text(encoding="utf-8"))
        at = dt.datetime.fromisoformat(record["at"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return BackupFailure(
            at=dt.datetime.now(dt.UTC), reason="daily", error=_("the record of it is unreadable")
        )
    error: BaseException
    if record.get("errno") is not None:
        error = OSError(int(record["errno"]), str(record.get("detail", "")), record.get("filename"))
    elif record.get("sqlite_code") is not None:
        error = sqlite3.OperationalError(str(record.get("detail", "")))
        error.sqlite_errorcode = int(record["sqlite_code"])
    else:
        error = DeskError(str(record.get("detail", "")))
    return BackupFailure(at=at, reason=str(record.get("reason", "daily")), error=failure_reason(error))


# --- restore --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    restored_from: Path
    kept_aside: Path | None  # the database that was in place, as a backup


def _describe(mode: str, region: str) -> str:
    return _("the central office") if mode == MODE_CENTRAL else (region or "?")


def check_backup(path: Path, home: Home) -> store.BackupInfo:
    """Refuse (DeskError, one clear sentence) a file that is not a sound Dostyq Desk database of this folder."""
    if not path.is_file():
        raise NotFound(_("There is no file {file}.").format(file=path))
    try:
        info = store.inspect_database(path)
    except sqlite3.DatabaseError:
        raise DeskError(_("{file} is not a Dostyq Desk database.").format(file=path)) from None
    if not info.intact:
        raise DeskError(
            _("{file} is damaged and cannot be restored: {detail}").format(
                file=path, detail="; ".join(info.integrity[:3])
            )
        )
    if not info.is_desk:
        raise DeskError(_("{file} is not a Dostyq Desk database.").format(file=path))
    from desk.store.migrate import known_revisions

    if not info.revisions <= known_revisions():
        raise DeskError(
            _(
                "{file} was made by a newer version of Dostyq Desk; install that version to restore it."
            ).format(file=path)
        )
    if home.exists():
        current = store.inspect_database(home.database)
        if (current.mode, current.region) != (info.mode, info.region):
            raise DeskError(
                _("{file} holds the database of {theirs}, but this data folder belongs to {ours}.").format(
                    file=path,
                    theirs=_describe(info.mode, info.region),
                    ours=_describe(current.mode, current.region),
                )
            )
    return info


def restore(root: Path, path: Path, *, ws: Workspace | None = None) -> Restored:
    """Restore the database of the data folder `root` from the backup file `path`.

    The caller holds the folder's lock (the command line takes it; the window holds it all along). When the window
    has the folder open it passes its workspace: its connections are closed first and reopen on the restored file.
    """
    home = Home(root)
    if home.database_url:
        raise DeskError(
            _(
                "This central office keeps its database on a PostgreSQL server: restore it there with pg_restore "
                "(see the README, “The central office on PostgreSQL”); a backup file would not be used."
            )
        )
    path = Path(path).resolve()
    check_backup(path, home)
    home.ensure()
    staged = home.root / store.STAGED_NAME
    try:
        store.copy_database(path, staged)
        if store.inspect_database(staged).integrity != ["ok"]:
            raise DeskError(_("{file} could not be copied intact.").format(file=path))
        kept = None
        if home.exists():
            kept = store.backup_file(home.database, home.backups, reason="before-restore")
            if ws is not None:
                ws.db.dispose()
            if not store.retire_wal(home.database):
                raise DeskError(_("The database is open in another program; close it and try again."))
        store.replace_database(staged, home.database)
    except (OSError, sqlite3.Error) as exc:
        log.exception("restore failed")
        raise DeskError(
            _("The backup could not be restored: {error}").format(error=failure_reason(exc))
        ) from exc
    finally:
        staged.unlink(missing_ok=True)
    log.info("database restored from %s (current kept as %s)", path.name, kept.name if kept else "-")
    # An older backup is brought up to this program's schema now, not on the next start.
    from desk.store.migrate import upgrade

    db = ws.db if ws is not None else Database(home.database)
    try:
        upgrade(db)
    finally:
        if ws is None:
            db.dispose()
    return Restored(restored_from=path, kept_aside=kept)


def restored_tables() -> frozenset[str]:
    """Every table a restore may have changed (the window refreshes all its pages)."""
    from desk.domain.records import SYNCED_TABLES, table_name

    return frozenset(table_name(cls) for cls in SYNCED_TABLES)
