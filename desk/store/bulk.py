"""The bulk form of the store's write path: many records in one statement each, with the same rules as a single
write through the session (`desk.store.db`'s flush hooks).

`insert_many` is the insert: the spreadsheet import, the demo and the central import write new records with it.
Each record gets the transaction's change counter, its timestamps and sort keys, a "create" audit line with the
same values a single write records (`db.audit_values`), and its search entry — so no caller can forget one, and
a change of a record's `search_text` reaches every path. A test (tests/test_write_paths.py) writes the same
records each way and compares rows, audit and search.

`Draft` (desk.domain.records) is a new record's values without the ORM's bookkeeping: building 50,000 ORM objects
costs more than reading a sheet; the record class's methods (sort keys, search text, checks) are bound to it.

The rest is the bulk delete, for undoing a spreadsheet import of 50,000 rows in one transaction.

Deleting one record through the session writes an audit line with its values, a tombstone for sync and removes
its search entry (desk.store.db's flush hooks). Here the same three things are done for a staged set of records
with one statement each, so an undo takes no longer than the import it reverses.

The records to delete are staged in a temporary table (`bulk_staged`: table name and id); a record that a record
staying in the database refers to (a foreign key, or an event's organisers) can be found and taken out first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, text
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from desk.domain.records import AuditEntry, SearchDoc, SyncedRecord, table_name, table_of, utcnow
from desk.store import quarter_guard, search
from desk.store.db import _BOOKKEEPING, audit_values, next_usn

CHUNK = 5000
"""Rows per INSERT statement (SQLite takes any number of executemany rows; this bounds the memory of one)."""


def insert_many(
    session: Session, cls: type[SyncedRecord], records: Iterable[Any], *, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Insert new records of `cls` (ORM objects, `Draft`s or anything with the columns as attributes) as a single
    write would: the transaction's change counter, created (kept when given) and updated times, sort keys, a
    "create" audit line (unless the session was opened with `audit=False`), the search entry. Returns the rows
    written, in order."""
    table = table_of(cls)
    columns = [c.name for c in table.columns]
    usn = next_usn(session)
    now = now or utcnow()
    operator = session.info.get("operator", "")
    audited = session.info.get("audit", True)
    kind = search.kind_of_class(cls)
    conn = session.connection()
    rows: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    docs: list[dict[str, Any]] = []
    for obj in records:
        obj.usn = usn
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        refresh = getattr(obj, "refresh_sort_keys", None)
        if refresh is not None:
            refresh()
        row = {c: getattr(obj, c) for c in columns}
        batch.append(row)
        if audited:
            audits.append(
                {
                    "at": now,
                    "operator": operator,
                    "table_name": table.name,
                    "record_id": row["id"],
                    "action": "create",
                    "changes": json.dumps(audit_values(row), ensure_ascii=False, default=str),
                }
            )
        if kind is not None:
            docs.append(
                {
                    "record_id": row["id"],
                    "kind": kind,
                    "region": row["region"],
                    "body": search.body_of(obj.search_text()),
                }
            )
        if len(batch) >= CHUNK:
            _flush_rows(conn, table, batch, audits, docs)
            rows.extend(batch)
            batch, audits, docs = [], [], []
    _flush_rows(conn, table, batch, audits, docs)
    rows.extend(batch)
    if rows:
        session.info.setdefault("changed_tables", set()).add(table.name)
    return rows


def _flush_rows(
    conn: Connection,
    table: Any,
    rows: list[dict[str, Any]],
    audits: list[dict[str, Any]],
    docs: list[dict[str, Any]],
) -> None:
    if rows:
        quarter_guard.check_rows(conn, table.name, rows)  # an accepted quarter is locked here too
        conn.execute(insert(table), rows)
    if audits:
        conn.execute(insert(table_of(AuditEntry)), audits)
    if docs:
        conn.execute(insert(table_of(SearchDoc)), docs)


_CHOSEN = "(SELECT id FROM bulk_staged WHERE tbl = :t)"


def start_staging(conn: Connection) -> None:
    """An empty staging table for this connection."""
    conn.execute(
        text("CREATE TEMP TABLE IF NOT EXISTS bulk_staged (tbl TEXT, id TEXT, PRIMARY KEY (tbl, id))")
    )
    conn.execute(text("DELETE FROM bulk_staged"))


def stage(conn: Connection, items: list[tuple[str, str]]) -> None:
    if items:
        conn.execute(
            text("INSERT OR IGNORE INTO bulk_staged (tbl, id) VALUES (:t, :i)"),
            [{"t": t, "i": i} for t, i in items],
        )


def unstage(conn: Connection, table: str, record_id: str) -> None:
    conn.execute(text("DELETE FROM bulk_staged WHERE tbl = :t AND id = :i"), {"t": table, "i": record_id})


def referenced_staged(conn: Connection, tables: list[str]) -> set[tuple[str, str]]:
    """(table, id) of staged records that a record not staged refers to: a foreign key, or an event's
    organisers (association ids in a text column)."""
    found: set[tuple[str, str]] = set()
    for t in SQLModel.metadata.sorted_tables:
        if "id" not in t.columns:
            continue
        for fk in t.foreign_keys:
            target = fk.column.table.name
            if target not in tables or fk.column.name != "id":
                continue
            column = fk.parent.name
            for (rid,) in conn.execute(
                text(
                    f"SELECT DISTINCT s.{column} FROM {t.name} s WHERE s.{column} IN {_CHOSEN} "  # noqa: S608
                    f"AND s.id NOT IN (SELECT id FROM bulk_staged WHERE tbl = :s)"
                ),
                {"t": target, "s": t.name},
            ):
                found.add((target, rid))
    for (rid,) in conn.execute(
        text(
            "SELECT u.id FROM bulk_staged u WHERE u.tbl = 'association' AND EXISTS (SELECT 1 FROM event e WHERE "
            "e.organiser_ids != '' AND (',' || e.organiser_ids || ',') LIKE ('%,' || u.id || ',%') "
            "AND e.id NOT IN (SELECT id FROM bulk_staged WHERE tbl = 'event'))"
        )
    ):
        found.add(("association", rid))
    return found


def delete_staged(
    conn: Connection, cls: type[SyncedRecord], usn: int, now: dt.datetime, operator: str
) -> int:
    """Delete the staged records of `cls`'s table as the store's own path would: an audit line with the record's
    values, a tombstone for sync, its search entry gone. Returns how many were deleted."""
    table = table_name(cls)
    count = conn.execute(text("SELECT count(*) FROM bulk_staged WHERE tbl = :t"), {"t": table}).scalar_one()
    if not count:
        return 0
    check_staged_quarters(conn, cls)
    columns = [c.name for c in table_of(cls).columns if c.name not in _BOOKKEEPING]
    pairs = ", ".join(f"'{c}', {c}" for c in columns)
    process = table_of(AuditEntry).c.at.type.bind_processor(conn.dialect)
    stamp = process(now) if process else now
    conn.execute(
        text(
            f"INSERT INTO auditentry (at, operator, table_name, record_id, action, changes) "  # noqa: S608
            f"SELECT :at, :op, :t, id, 'delete', json_object({pairs}) FROM {table} WHERE id IN {_CHOSEN}"
        ),
        {"at": stamp, "op": operator, "t": table},
    )
    conn.execute(
        text(
            f"INSERT OR REPLACE INTO tombstone (record_id, table_name, region, deleted_at, usn) "  # noqa: S608
            f"SELECT id, :t, region, :at, :usn FROM {table} WHERE id IN {_CHOSEN}"
        ),
        {"at": stamp, "t": table, "usn": usn},
    )
    conn.execute(text(f"DELETE FROM search_doc WHERE record_id IN {_CHOSEN}"), {"t": table})
    conn.execute(text(f"DELETE FROM {table} WHERE id IN {_CHOSEN}"), {"t": table})  # noqa: S608
    return int(count)


def check_staged_quarters(conn: Connection, cls: type[SyncedRecord]) -> None:
    """Refuse deleting staged records of `cls` dated in a quarter the centre accepted, as the flush hook does for a
    single write (desk.store.quarter_guard): the caller's transaction is rolled back."""
    table = table_name(cls)
    if not quarter_guard.is_dated(table) or not quarter_guard.read_statuses(conn):
        return
    rows = conn.execute(text(f"SELECT * FROM {table} WHERE id IN {_CHOSEN}"), {"t": table})  # noqa: S608
    quarter_guard.check_rows(conn, table, [dict(r._mapping) for r in rows])
