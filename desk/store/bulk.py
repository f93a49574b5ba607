"""The bulk form of the store's write path: many records in one statement each, with the same rules as a single
write through the session (`desk.store.db`'s flush hooks).

`insert_many` is the insert: the spreadsheet import, the demo and the central import write new records with it.
Each record gets the transaction's change counter, its timestamps and sort keys, a "create" audit line with the
same values a single write records (`db.audit_values`), and its search entry — so no caller can forget one, and
a change of a record's `search_text` reaches every path. A test (tests/test_write_paths.py) writes the same
records each way and compares rows, audit and search.

`Draft` (desk.domain.records) is a new record's values without the ORM's bookkeeping: building 50,000 ORM objects
costs more than reading a sheet; the record class's methods (sort keys, search text, checks) are bound to it.

The rest is the bulk delete, for undoing a spreadsheet import of 50,000 rows in one transaction. On SQLite and on PostgreSQL alike.

Writing one record through the session stamps the change counter, writes an audit line (its values, or the old
and new values of what changed) and keeps its search entry (desk.store.db's flush hooks). `upsert_staged` does
the same for a staged set of records with a few statements, skipping the records whose every value is already
stored (a re-import changes nothing and costs a read); on PostgreSQL `insert_new` copies records none of whose
ids is stored (`all_unknown`) straight into their table, as `upsert_staged` would write them. Deleting one record writes an audit
line with its values, a tombstone for sync and removes its search entry; `delete_staged` does the same for a
staged set of records, so an undo takes no longer than the import it reverses.

The records to delete are staged in a temporary table (`bulk_staged`: table name and id); a record that a record
staying in the database refers to (a foreign key, or an event's organisers) can be found and taken out first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, insert, text
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from desk.domain.records import (
    SEARCHABLE,
    AuditEntry,
    SearchDoc,
    SyncedRecord,
    table_name,
    table_of,
    utcnow,
)
from desk.store import quarter_guard, search
from desk.store.db import BOOKKEEPING, audit_values, jsonable, next_usn

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
            text("INSERT INTO bulk_staged (tbl, id) VALUES (:t, :i) ON CONFLICT DO NOTHING"),
            [{"t": t, "i": i} for t, i in list(dict.fromkeys(items))],
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
    conn: Connection,
    cls: type[SyncedRecord],
    usn: int,
    now: dt.datetime,
    operator: str,
    *,
    audit: bool = True,
) -> int:
    """Delete the staged records of `cls`'s table as the store's own path would: an audit line with the record's
    values, a tombstone for sync, its search entry gone. Returns how many were deleted."""
    table = table_name(cls)
    count = conn.execute(
        text(f"SELECT count(*) FROM {table} WHERE id IN {_CHOSEN}"),  # noqa: S608
        {"t": table},
    ).scalar_one()
    if not count:
        return 0
    check_staged_quarters(conn, cls)
    columns = [c.name for c in table_of(cls).columns if c.name not in BOOKKEEPING]
    process = table_of(AuditEntry).c.at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    stamp = process(now) if process else now
    if audit:
        pairs = ", ".join(f"'{c}', \"{c}\"" for c in columns)
        values = (
            f"json_object({pairs})" if conn.dialect.name == "sqlite" else f"json_build_object({pairs})::text"
        )
        conn.execute(
            text(
                f"INSERT INTO auditentry (at, operator, table_name, record_id, action, changes) "  # noqa: S608
                f"SELECT :at, :op, :name, id, 'delete', {values} FROM {table} WHERE id IN {_CHOSEN}"
            ),
            {"at": stamp, "op": operator, "t": table, "name": table},
        )
    conn.execute(
        text(
            f"INSERT INTO tombstone (record_id, table_name, region, deleted_at, usn) "  # noqa: S608
            f"SELECT id, :name, region, :at, :usn FROM {table} WHERE id IN {_CHOSEN} "
            "ON CONFLICT (record_id) DO UPDATE SET table_name = excluded.table_name, region = excluded.region, "
            "deleted_at = excluded.deleted_at, usn = excluded.usn"
        ),
        {
            "at": stamp,
            "t": table,
            "name": table,
            "usn": usn,
        },  # one value, two names: PostgreSQL types each use
    )
    search.remove_where(conn, f"record_id IN {_CHOSEN}", {"t": table})
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


# --- upserting many records ----------------------------------------------------------------------------------

_KIND_OF: dict[type, str] = {cls: kind for kind, cls in SEARCHABLE.items()}


@dataclass
class Upserted:
    """What `upsert_staged` did: the ids it created and changed, and how many staged records were unchanged."""

    created: list[str]
    updated: list[str]
    unchanged: int

    @property
    def written(self) -> int:
        return len(self.created) + len(self.updated)


def _incoming_name(table: str) -> str:
    return f"bulk_in_{table}"


def _incoming_table(table: sa.Table) -> sa.Table:
    """The staging table of `table` as SQLAlchemy sees it (same columns and types), for typed reads."""
    return sa.Table(
        _incoming_name(table.name), sa.MetaData(), *(sa.Column(c.name, c.type) for c in table.columns)
    )


def _placeholders(conn: Connection, n: int) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * n)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def stage_records(
    conn: Connection, cls: type[SyncedRecord], columns: dict[str, list[Any]], count: int
) -> None:
    """Stage `count` records of `cls` given column by column as the database stores them (the bind-processed
    values, every column of the table), in a temporary table of this connection."""
    start_staging_table(conn, cls)
    stage_more(conn, cls, columns, count)


def start_staging_table(conn: Connection, cls: type[SyncedRecord]) -> None:
    """An empty temporary table of this connection for `cls`'s staged records (the table's columns)."""
    table: sa.Table = cls.__table__  # type: ignore[attr-defined]
    name = _incoming_name(table.name)
    conn.exec_driver_sql(
        f'CREATE TEMP TABLE IF NOT EXISTS {name} AS SELECT * FROM "{table.name}" WHERE 1 = 0'
    )
    conn.exec_driver_sql(f"DELETE FROM {name}")


def empty_staging_table(conn: Connection, cls: type[SyncedRecord]) -> None:
    """Empty the staging table of `cls` (started on this connection) for the next records. (A TRUNCATE: rows
    deleted in the transaction that inserted them cost every later scan of the table a lookup each.)"""
    conn.exec_driver_sql(f"TRUNCATE {_incoming_name(table_name(cls))}")


def stage_more(conn: Connection, cls: type[SyncedRecord], columns: dict[str, list[Any]], count: int) -> None:
    """Add `count` records of `cls` (as `stage_records` takes them) to its staging table."""
    table: sa.Table = cls.__table__  # type: ignore[attr-defined]
    name = _incoming_name(table.name)
    names = [c.name for c in table.columns]
    if not count:
        return
    rows = zip(*(columns[n] for n in names), strict=True)  # row tuples made as they go in, not all at once
    if conn.dialect.name == "postgresql":  # COPY: the fastest way in, and typed by the driver
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {name} ({_quoted(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {name} ({_quoted(names)}) VALUES ({_placeholders(conn, len(names))})"
    while batch := list(itertools.islice(rows, 10_000)):
        conn.exec_driver_sql(sql, batch)


def drop_staging(conn: Connection, classes: Iterable[type[SyncedRecord]]) -> None:
    """Remove the staging tables of `classes` from this connection (their rows are personal data)."""
    for cls in classes:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_incoming_name(table_name(cls))}")


def staged_foreign(conn: Connection, cls: type[SyncedRecord], region: str) -> tuple[str, str] | None:
    """(id, region) of a staged record whose id belongs to a record of another region, or None."""
    table: str = cls.__table__.name  # type: ignore[attr-defined]
    row = conn.execute(
        text(
            f'SELECT t.id, t.region FROM {_incoming_name(table)} i JOIN "{table}" t ON t.id = i.id '  # noqa: S608
            "WHERE t.region <> :region LIMIT 1"
        ),
        {"region": region},
    ).first()
    return (row[0], row[1]) if row is not None else None


def absent_from_staging(conn: Connection, cls: type[SyncedRecord], region: str, *, staged: bool) -> list[str]:
    """Ids of `region`'s records of `cls` that are not staged (`staged`: whether a staging table of `cls` was
    started on this connection; without one, every record of the region)."""
    table, name = table_name(cls), _incoming_name(table_name(cls))
    if not staged:
        outside = ""
    elif conn.dialect.name == "sqlite":  # an IN list is looked up in an index SQLite builds for it
        outside = f" AND id NOT IN (SELECT id FROM {name})"
    else:  # an anti-join: PostgreSQL may plan NOT IN as a scan of the staged rows for each record
        outside = f" AND NOT EXISTS (SELECT 1 FROM {name} i WHERE i.id = t.id)"
    return list(
        conn.execute(
            text(f'SELECT id FROM "{table}" t WHERE region = :region{outside}'),  # noqa: S608
            {"region": region},
        ).scalars()
    )


def region_ids(conn: Connection, cls: type[SyncedRecord], region: str) -> list[str]:
    """Ids of `region`'s records of `cls`: read before a table is written a part at a time, they give the
    records a full bundle no longer carries once all its rows' ids are known (the staging table holds one part
    at a time; a plan the server makes without statistics of a temporary table can cost far more)."""
    return list(
        conn.execute(
            text(f'SELECT id FROM "{table_name(cls)}" WHERE region = :region'),  # noqa: S608
            {"region": region},
        ).scalars()
    )


def _same(conn: Connection, a: str, b: str) -> str:
    """SQL: `a` and `b` are equal, NULL equal to NULL."""
    if conn.dialect.name == "sqlite":
        return f"{a} IS {b}"
    return f"{a} IS NOT DISTINCT FROM {b}"


def upsert_staged(
    conn: Connection, cls: type[SyncedRecord], usn: int, now: dt.datetime, operator: str, *, audit: bool
) -> Upserted:
    """Write the staged records of `cls` as the session's flush would, in a few statements: a staged record
    whose every value is stored already is skipped; the others are inserted or updated (by id) with the change
    counter `usn`, an audit line each when `audit` ("create" with the values, "update" with the old and new
    values of what changed) and their search entries."""
    table: sa.Table = cls.__table__  # type: ignore[attr-defined]
    name = _incoming_name(table.name)
    names = [c.name for c in table.columns]
    compared = [n for n in names if n != "usn"]
    total = conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()  # noqa: S608
    same = " AND ".join(_same(conn, f't."{n}"', f'{name}."{n}"') for n in compared)
    stored = f'SELECT i.id FROM {name} i JOIN "{table.name}" t ON t.id = i.id'  # noqa: S608
    existing = set(conn.execute(text(stored)).scalars())
    if existing:  # (a new region's records are all new: nothing can be unchanged)
        conn.execute(
            text(
                f'DELETE FROM {name} WHERE EXISTS (SELECT 1 FROM "{table.name}" t WHERE t.id = {name}.id AND {same})'
            )  # noqa: S608
        )
        existing = set(conn.execute(text(stored)).scalars())
    incoming = _incoming_table(table)
    staged_ids = list(conn.execute(sa.select(incoming.c.id)).scalars())
    created = [i for i in staged_ids if i not in existing]
    updated = [i for i in staged_ids if i in existing]
    if not staged_ids:
        return Upserted(created=[], updated=[], unchanged=int(total))
    if audit:
        _audit_upserts(conn, table, incoming, existing, now, operator)
    selected = ", ".join(":usn" if n == "usn" else f'"{n}"' for n in names)
    updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "id")
    # the staged records that exist are updated, the others inserted (no conflict to look for: a new region's
    # full bundle, the common large case, is a plain insert)
    upsert = f" ON CONFLICT (id) DO UPDATE SET {updates}" if existing else ""
    conn.execute(
        text(
            f'INSERT INTO "{table.name}" ({_quoted(names)}) SELECT {selected} FROM {name} WHERE true{upsert}'  # noqa: S608
        ),
        {"usn": usn},
    )
    kind = _KIND_OF.get(cls)
    if kind is not None:
        _index_staged(conn, cls, kind, incoming)
    return Upserted(created=created, updated=updated, unchanged=int(total) - len(staged_ids))


def all_unknown(conn: Connection, cls: type[SyncedRecord], ids: list[str]) -> bool:
    """PostgreSQL: whether none of `ids` is stored, in the table of `cls` (any region's) or the search index (any
    kind's): then `insert_new` may write their records."""
    table: sa.Table = cls.__table__  # type: ignore[attr-defined]
    stored = f'SELECT 1 FROM "{table.name}" WHERE id = ANY(%s)'  # noqa: S608
    searched = _KIND_OF.get(cls) is not None
    if searched:
        stored += " UNION ALL SELECT 1 FROM search_doc WHERE record_id = ANY(%s)"
    return conn.exec_driver_sql(f"{stored} LIMIT 1", (ids, ids) if searched else (ids,)).first() is None


def search_bodies(cls: type[SyncedRecord], columns: dict[str, list[Any]]) -> list[str] | None:
    """The search entries' bodies of records given column by column (as `stage_records` takes them), None for a
    table that is not searched."""
    if _KIND_OF.get(cls) is None:
        return None
    fields: tuple[str, ...] = cls.search_fields  # type: ignore[attr-defined]
    return search.bodies(zip(*(columns[f] for f in fields), strict=True))


def insert_new(
    conn: Connection,
    cls: type[SyncedRecord],
    columns: dict[str, list[Any]],
    count: int,
    usn: int,
    bodies: list[str] | None,
) -> None:
    """PostgreSQL: what `upsert_staged` (without audit) does with records none of whose ids is stored (a new
    region's, the large case; `all_unknown` said so), without staging them first: `count` records of `cls` (as
    `stage_records` takes them) copied straight into their table with the change counter `usn`, and their search
    entries (`bodies`: `search_bodies` of them)."""
    table: sa.Table = cls.__table__  # type: ignore[attr-defined]
    names = [c.name for c in table.columns]
    values = [itertools.repeat(usn, count) if n == "usn" else columns[n] for n in names]
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{table.name}" ({_quoted(names)}) FROM STDIN') as copy:
        for row in zip(*values, strict=True):
            copy.write_row(row)
    kind = _KIND_OF.get(cls)
    if kind is not None:
        assert bodies is not None, f"{table.name} is searched: its bodies are needed"
        search.copy_new(
            conn, zip(columns["id"], itertools.repeat(kind, count), columns["region"], bodies, strict=True)
        )


def _audit_upserts(
    conn: Connection, table: sa.Table, incoming: sa.Table, existing: set[str], now: dt.datetime, operator: str
) -> None:
    """The audit lines the flush hook writes for these records: "create" with the values, "update" with
    [old, new] of each changed column (`desk.store.db._column_values`, `_changes`)."""
    shown = [c.name for c in table.columns if c.name not in BOOKKEEPING]
    old_rows: dict[str, Any] = {}
    ids = sorted(existing)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in conn.execute(sa.select(*(table.c[n] for n in shown)).where(table.c.id.in_(chunk))):
            old_rows[row.id] = row
    entries: list[dict[str, Any]] = []
    for row in conn.execute(sa.select(*(incoming.c[n] for n in shown))):
        old = old_rows.get(row.id)
        if old is None:
            action = "create"
            changes: dict[str, Any] = {n: jsonable(getattr(row, n)) for n in shown}
        else:
            changes = {
                n: [jsonable(getattr(old, n)), jsonable(getattr(row, n))]
                for n in shown
                if getattr(old, n) != getattr(row, n)
            }
            if not changes:
                continue
            action = "update"
            if list(changes) == ["archived_at"]:
                action = "archive" if changes["archived_at"][1] else "restore"
        entries.append(
            {
                "at": now,
                "operator": operator,
                "table_name": table.name,
                "record_id": row.id,
                "action": action,
                "changes": json.dumps(changes, ensure_ascii=False, default=str),
            }
        )
    audit_table: sa.Table = AuditEntry.__table__  # type: ignore[attr-defined]
    for start in range(0, len(entries), 10_000):
        conn.execute(audit_table.insert(), entries[start : start + 10_000])


def _index_staged(conn: Connection, cls: type[SyncedRecord], kind: str, incoming: sa.Table) -> None:
    """The search entries of the staged records, as `desk.store.search.put` writes them one by one."""
    fields: tuple[str, ...] = getattr(cls, "search_fields", ())  # the columns `search_text` joins, in order
    assert fields, f"{table_name(cls)} is searched but declares no search_fields"
    # the driver's own rows (a large table's rows are many): the searched columns are text, read as stored
    dialect = conn.dialect
    assert all(
        incoming.c[f].type.dialect_impl(dialect).result_processor(dialect, None) is None for f in fields
    ), "searched columns are read without conversion"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:  # the driver's plain tuples: a result's rows through SQLAlchemy cost more than the folding
        cursor.execute(f"SELECT id, region, {_quoted(fields)} FROM {incoming.name}")  # noqa: S608
        rows = cursor.fetchall()
    finally:
        cursor.close()
    bodies = search.bodies(tuple(r[2:]) for r in rows)
    docs = [(r[0], kind, r[1], body) for r, body in zip(rows, bodies, strict=True)]
    search.replace_many(conn, docs, replaced=f"record_id IN (SELECT id FROM {incoming.name})")
