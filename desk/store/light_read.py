"""A register's page read with the standard library's sqlite3 alone, for the light `desk list` (issue 16, start-up):
no SQLAlchemy, SQLModel nor record classes, which cost most of the command's time.

It reads only a folder the full path would open without doing anything first: a region's own SQLite database
already at the newest schema (`HEAD`) in WAL mode, not held by another program, whose day's backup was taken and
whose last automatic backup did not fail. For anything else `open_region_folder` answers None and the caller runs
the full command, which migrates, backs up, refuses or warns as it always does.

The page is the one `desk.services.records.list_page` reads: the region's records, archived ones left out unless
asked, ordered by the register's sort columns (`SORTS`, the same as each register's `ListSpec.sorts`) and then by
id; the values converted as the ORM converts them (dates, UTC times, booleans). `COLUMNS` are the records' columns
in the ORM's order, which `record_dict` follows (tests/cli/test_light_list.py keeps both tables true).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from desk.store.backup_files import name_parts
from desk.store.lock import FolderLock, FolderLocked
from desk.store.schema_head import HEAD

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

DB_FILE = "desk.sqlite3"  # desk.store.home.DB_FILE (kept in step by the test)
BUSY_TIMEOUT_MS = 10000  # desk.store.db.BUSY_TIMEOUT_MS

TABLES = {"associations": "association", "houses": "house", "events": "event", "persons": "person"}

_NAMED = ("archived_at", "name_kk", "name_ru", "name_en", "sort_kk", "sort_ru", "sort_en")
_SYNCED = ("id", "region", "created_at", "updated_at", "usn")
COLUMNS: dict[str, tuple[str, ...]] = {
    "associations": _NAMED
    + _SYNCED
    + (
        "ethnic_group",
        "other_ethnic_groups",
        "legal_status",
        "bin",
        "is_republican",
        "parent_id",
        "registration_date",
        "registration_number",
        "district_id",
        "address",
        "house_id",
        "leader",
        "phone",
        "email",
        "member_count",
        "member_count_date",
        "lines_of_work",
        "status",
        "status_date",
        "status_reason",
        "notes",
    ),
    "houses": _NAMED
    + _SYNCED
    + ("district_id", "address", "phone", "email", "director", "opened_on", "notes"),
    "events": _NAMED
    + _SYNCED
    + (
        "event_type",
        "start_date",
        "end_date",
        "house_id",
        "venue",
        "organiser_ids",
        "by_secretariat",
        "partners",
        "participants",
        "youth",
        "funding_source",
        "funding_amount",
        "status",
        "plan_item_id",
        "notes",
    ),
    "persons": ("archived_at",)
    + _SYNCED
    + (
        "surname",
        "given_name",
        "patronymic",
        "sort_name",
        "iin",
        "birth_date",
        "sex",
        "ethnic_group",
        "workplace",
        "position",
        "phone",
        "email",
        "district_id",
        "notes",
    ),
}
"""Every column of each register's records, in the order of the record class (SQLAlchemy's `column_attrs`)."""

UTC_TIMES = frozenset({"archived_at", "created_at", "updated_at"})
DATES = frozenset(
    {
        "registration_date",
        "member_count_date",
        "status_date",
        "opened_on",
        "start_date",
        "end_date",
        "birth_date",
    }
)
BOOLEANS = frozenset({"is_republican", "by_secretariat"})

SORTS: dict[str, dict[str, tuple[str, ...]]] = {
    "associations": {
        "name": ("sort_{lang}",),
        "ethnic_group": ("ethnic_group", "sort_{lang}"),
        "legal_status": ("legal_status", "sort_{lang}"),
        "status": ("status", "sort_{lang}"),
        "registration_date": ("registration_date",),
        "member_count": ("member_count",),
        "district": ("district_id", "sort_{lang}"),
        "bin": ("bin",),
        "updated_at": ("updated_at",),
    },
    "houses": {
        "name": ("sort_{lang}",),
        "district": ("district_id", "sort_{lang}"),
        "opened_on": ("opened_on",),
        "updated_at": ("updated_at",),
    },
    "events": {
        "name": ("sort_{lang}",),
        "start_date": ("start_date",),
        "event_type": ("event_type", "start_date"),
        "status": ("status", "start_date"),
        "participants": ("participants",),
        "funding_amount": ("funding_amount",),
        "updated_at": ("updated_at",),
    },
    "persons": {
        "name": ("sort_name",),
        "birth_date": ("birth_date",),
        "ethnic_group": ("ethnic_group", "sort_name"),
        "workplace": ("workplace", "sort_name"),
        "updated_at": ("updated_at",),
    },
}
"""Each register's sort columns ({lang}: the data language), as its `ListSpec.sorts` in desk/services."""


def _utc(value: Any) -> dt.datetime | None:
    """As SQLModel's UTCDateTime reads it: ISO text, a time without offset taken as UTC."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment.replace(tzinfo=dt.UTC) if moment.utcoffset() is None else moment.astimezone(dt.UTC)


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _boolean(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _converter(column: str) -> Callable[[Any], Any] | None:
    if column in UTC_TIMES:
        return _utc
    if column in DATES:
        return _date
    if column in BOOLEANS:
        return _boolean
    return None


def today_backed_up(backups: Path) -> bool:
    """The day's backup exists (desk.services.backups.daily_backup's test: a backup of today's local date)."""
    today = dt.datetime.now().astimezone().date()
    try:
        names = [entry.name for entry in os.scandir(backups) if entry.is_file()]
    except OSError:
        return False
    return any((parts := name_parts(n)) is not None and parts[0].astimezone().date() == today for n in names)


class RegionFolder:
    """An open region database, read-only in use, with the folder's lock held until `close()`."""

    def __init__(self, conn: sqlite3.Connection, lock: FolderLock, region: str, reference: str) -> None:
        self.conn = conn
        self.lock = lock
        self.region = region
        self.reference = reference  # the central office's lists (JSON) or ""

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            self.lock.release()

    def __enter__(self) -> RegionFolder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def page(
        self,
        kind: str,
        *,
        sort: str,
        lang: str,
        descending: bool,
        offset: int,
        limit: int,
        include_archived: bool,
    ) -> tuple[list[dict[str, Any]], int]:
        """The page's records (every column, converted) and the number of records the list holds."""
        table = TABLES[kind]
        columns = COLUMNS[kind]
        where = "region = ?" + ("" if include_archived else " AND archived_at IS NULL")
        # The same rows with `+` (no index for these terms): SQLite walks the sort column's index and stops at the
        # page's end instead of sorting every record of the region, which a region's folder nearly all are.
        page_where = where.replace("region", "+region").replace("archived_at", "+archived_at")
        direction = "DESC" if descending else "ASC"
        order = ", ".join(f"{c.format(lang=lang)} {direction}" for c in SORTS[kind][sort]) + ", id"
        rows = self.conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {page_where} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608 - names from the tables above
            (self.region, limit, offset),
        ).fetchall()
        (total,) = self.conn.execute(
            f"SELECT count(*) FROM {table} WHERE {where}",  # noqa: S608 - names from the tables above
            (self.region,),
        ).fetchone()
        converters = [(i, c, _converter(c)) for i, c in enumerate(columns)]
        records = [
            {c: (convert(row[i]) if convert is not None else row[i]) for i, c, convert in converters}
            for row in rows
        ]
        return records, int(total)

    def districts(self) -> list[dict[str, Any]]:
        """The region's districts (id and names), as desk.services.districts.all_districts reads them."""
        rows = self.conn.execute(
            "SELECT id, name_kk, name_ru, name_en FROM district WHERE region = ?", (self.region,)
        ).fetchall()
        return [{"id": r[0], "name_kk": r[1], "name_ru": r[2], "name_en": r[3]} for r in rows]


def _meta(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def open_region_folder(root: Path) -> RegionFolder | None:
    """The folder's region database for reading, or None when the full path must open it (see the module's text)."""
    database = root / DB_FILE
    if (
        not database.is_file()
        or (root / "database.url").exists()
        or (root / "backup-failed.json").exists()
        or not today_backed_up(root / "backups")
    ):
        return None
    lock = FolderLock(root)
    try:
        lock.acquire()
    except FolderLocked:
        return None
    try:
        conn = sqlite3.connect(os.fspath(database), isolation_level=None)
    except sqlite3.Error:
        lock.release()
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        (journal,) = conn.execute("PRAGMA journal_mode").fetchone()
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        mode = _meta(conn, "mode", "region")
        region = _meta(conn, "region")
        reference = _meta(conn, "centre_reference")
        if str(journal).lower() != "wal" or versions != [(HEAD,)] or mode != "region" or not region:
            raise LookupError("not a folder the light path reads")
    except (sqlite3.Error, LookupError, TypeError, ValueError):
        conn.close()
        lock.release()
        return None
    return RegionFolder(conn, lock, region, reference)
