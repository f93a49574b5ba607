"""Applying a checked bundle (`desk.sync.verify.OpenedBundle`) to the centre's database, within the import's
transaction: rows are upserted by id (the region stays the bundle's), tombstones delete, a full bundle also
removes the region's records it does not carry; foreign keys are checked at commit; the search entries follow.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select, text

from desk.domain.records import SEARCHABLE, SYNCED_TABLES, Person, SyncedRecord
from desk.i18n import _
from desk.store.db import next_usn
from desk.sync.derived import NameFolding
from desk.sync.errors import BundleRefused
from desk.sync.verify import TABLES, OpenedBundle, TableRows, check_ownership

_KIND_OF = {cls: kind for kind, cls in SEARCHABLE.items()}


def _search_docs(cls: type[SyncedRecord], rows: TableRows) -> list[tuple[str, ...]]:
    """(record_id, kind, region, body) of the search documents of these rows."""
    kind = _KIND_OF.get(cls)
    if kind is None:
        return []
    c = rows.columns
    folding = NameFolding()
    if cls is Person:
        parts: Iterable[tuple[Any, ...]] = zip(
            c["surname"], c["given_name"], c["patronymic"], c["iin"], strict=True
        )
    else:
        parts = zip(c["name_kk"], c["name_ru"], c["name_en"], strict=True)
    return [(i, kind, r, folding.body(p)) for i, r, p in zip(c["id"], c["region"], parts, strict=True)]


def _upsert_sql(cls: type[SyncedRecord]) -> str:
    """INSERT … ON CONFLICT(id) DO UPDATE, updating only a record of the same region: a row that would take
    over another region's record changes nothing, which the count of changed rows then shows."""
    table = cls.__table__  # type: ignore[attr-defined]
    names = [c.name for c in table.columns]
    updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "id")
    return (
        f'INSERT INTO "{table.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
        f"VALUES ({', '.join('?' for _n in names)}) "
        f'ON CONFLICT("id") DO UPDATE SET {updates} WHERE "{table.name}"."region" = excluded."region"'
    )


def _upsert_rows(
    conn: sa.Connection, opened: OpenedBundle, cls: type[SyncedRecord], rows: TableRows, usn: int
) -> None:
    """Bulk upsert through the driver (the ORM and Core per-row overhead is most of an import's time
    otherwise), stamping the centre's change counter."""
    names = list(rows.columns)
    values = [itertools.repeat(usn, rows.count) if n == "usn" else rows.columns[n] for n in names]
    params = list(zip(*values, strict=False))
    sql = _upsert_sql(cls)
    changed = 0
    for start in range(0, len(params), 10_000):
        changed += conn.exec_driver_sql(sql, params[start : start + 10_000]).rowcount
    if changed != rows.count:
        check_ownership(conn, opened)
        raise BundleRefused(
            _("The bundle of {region} would change records of another region: refused.").format(
                region=opened.manifest.region
            )
        )


def _ids_clause(ids: list[str]) -> tuple[str, list[str]]:
    return f"record_id IN ({', '.join('?' for _i in ids)})", ids


class _SearchWriter:
    """Keeps `search_doc` and its FTS5 index in step during an import, in bulk.

    Row by row, the triggers of the first migration cost most of a large import (each insert updates the
    index and its prefix indexes). So, inside the import's transaction: the triggers are dropped, the documents
    a bundle replaces or deletes are taken out of the index in one statement, the new ones are inserted and
    added to the index in one statement, and the triggers are created again before the commit. A failure
    anywhere rolls all of it back, triggers included: SQLite's schema changes are transactional.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.driver = conn.connection.driver_connection
        self.fts = conn.dialect.name == "sqlite"
        self.triggers: list[str] = []

    def __enter__(self) -> _SearchWriter:
        if self.fts:
            if not self.driver.in_transaction:  # type: ignore[union-attr]
                raise RuntimeError("the search index is changed inside the import's transaction only")
            found = self.conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_doc' "
                "ORDER BY name"
            ).all()
            self.triggers = [sql for _name, sql in found]
            for name, _sql in found:
                self.conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if self.fts and kind is None:
            for sql in self.triggers:
                self.conn.exec_driver_sql(sql)

    def remove(self, where: str, params: list[Any]) -> None:
        """Take the documents matching `where` out of the index and the table."""
        if self.fts:
            self.conn.exec_driver_sql(
                "INSERT INTO search_fts(search_fts, rowid, body) "
                f"SELECT 'delete', rowid, body FROM search_doc WHERE {where}",
                tuple(params),
            )
        self.conn.exec_driver_sql(f"DELETE FROM search_doc WHERE {where}", tuple(params))

    def remove_ids(self, ids: list[str]) -> None:
        for start in range(0, len(ids), 500):
            self.remove(*_ids_clause(ids[start : start + 500]))

    def add(self, docs: list[tuple[str, ...]]) -> None:
        """Insert new documents (their ids are not in the table: `remove` them first) and index them."""
        if not docs:
            return
        last = self.conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM search_doc").scalar_one()
        self.conn.exec_driver_sql(
            "INSERT INTO search_doc (record_id, kind, region, body) VALUES (?, ?, ?, ?)", docs
        )
        if self.fts:  # without AUTOINCREMENT a new row's rowid is the largest + 1: the new rows are these
            self.conn.exec_driver_sql(
                "INSERT INTO search_fts(rowid, body) SELECT rowid, body FROM search_doc WHERE rowid > ?",
                (last,),
            )


def _delete_ids(conn: sa.Connection, search: _SearchWriter, table: str, region: str, ids: list[str]) -> int:
    tbl = TABLES[table].__table__  # type: ignore[attr-defined]
    removed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        removed += conn.execute(tbl.delete().where(tbl.c.id.in_(chunk), tbl.c.region == region)).rowcount or 0
        if TABLES[table] in _KIND_OF:
            search.remove(*_ids_clause(chunk))
    return removed


def apply(session: Any, opened: OpenedBundle) -> dict[str, int]:
    """Write the bundle's rows into the centre's database within the session's transaction."""
    conn = session.connection()
    conn.execute(text("PRAGMA defer_foreign_keys = ON"))  # rows of one bundle may come in any order
    if sum(r.count for r in opened.rows.values()) > 20_000:
        # a big bundle touches every index of the big tables at random places: keep them in memory (up to
        # 256 MB, taken only as pages are used) rather than spilling half-written pages to the WAL file
        conn.execute(text("PRAGMA cache_size = -262144"))
    usn = next_usn(session)  # also opens the transaction the search index is changed in
    check_ownership(conn, opened, tombstones_only=True)
    region = opened.manifest.region
    counts: dict[str, int] = {}
    by_table: dict[str, list[str]] = {}
    for tomb in opened.tombstones:
        by_table.setdefault(tomb["table"], []).append(tomb["id"])
    with _SearchWriter(conn) as search:
        if opened.manifest.full:  # every document of the region is written again from the bundle
            search.remove("region = ?", [region])
        for cls in SYNCED_TABLES:
            table = cls.__tablename__  # type: ignore[attr-defined]
            rows = opened.rows.get(table)
            if rows is None or not rows.count:
                continue
            _upsert_rows(conn, opened, cls, rows, usn)
            if cls in _KIND_OF:
                if not opened.manifest.full:
                    search.remove_ids(rows.ids)
                search.add(_search_docs(cls, rows))
            counts[table] = rows.count
        if opened.manifest.full:
            for cls in SYNCED_TABLES:
                table = cls.__tablename__  # type: ignore[attr-defined]
                rows = opened.rows.get(table)
                keep = set(rows.ids) if rows is not None else set()
                tbl = cls.__table__  # type: ignore[attr-defined]
                present = conn.execute(select(tbl.c.id).where(tbl.c.region == region)).scalars()
                by_table.setdefault(table, []).extend(i for i in present if i not in keep)
        deleted = 0
        for cls in reversed(SYNCED_TABLES):
            table = cls.__tablename__  # type: ignore[attr-defined]
            ids = by_table.get(table)
            if ids:
                deleted += _delete_ids(conn, search, table, region, ids)
    counts["deleted"] = deleted
    session.info.setdefault("changed_tables", set()).update(
        t
        for t in (*opened.rows, *by_table)
        if (opened.rows.get(t) and opened.rows[t].count) or by_table.get(t)
    )
    return counts
