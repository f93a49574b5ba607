"""Applying a checked bundle (`desk.sync.verify.OpenedBundle`) to the centre's database, within the import's
transaction, through the store's bulk write path (`desk.store.bulk`): the same rows, change counter, audit lines and
search entries as the session would write record by record, on SQLite and PostgreSQL alike. Rows are upserted by
id (a record whose every value is stored already is skipped: a re-import writes nothing), never over a record of
another region; tombstones delete; a full bundle also removes the region's records it does not carry; foreign
keys are checked at commit on SQLite, at the end of each statement on PostgreSQL (tables are written parents
first and deleted children first).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from desk.domain.records import SYNCED_TABLES, SyncedRecord, table_name, utcnow
from desk.i18n import _
from desk.store import bulk
from desk.store.db import next_usn
from desk.sync.errors import BundleRefused
from desk.sync.verify import TABLES, OpenedBundle, Stage, check_ownership


def apply(session: Any, opened: OpenedBundle) -> dict[str, int]:
    """Write the bundle's rows into the centre's database within the session's transaction: they were staged on
    the session's connection as the bundle was checked (`stager`). Returns the rows the bundle carried per table
    and `deleted`; `session.info["unchanged"]` counts the rows skipped."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.execute(text("PRAGMA defer_foreign_keys = ON"))  # rows of one bundle may come in any order
        if sum(r.count for r in opened.rows.values()) > 20_000:
            # a big bundle touches every index of the big tables at random places: keep many pages in memory
            # (up to 64 MB, taken only as pages are used) rather than spilling half-written pages to the WAL file
            # at once; no more, since the pages touched grow with what the centre holds and an import's memory
            # must not (issue 15: with 256 MB an import's peak grew with every region the centre held)
            conn.execute(text("PRAGMA cache_size = -65536"))
    usn = next_usn(session)  # also opens the transaction the search index is changed in
    check_ownership(conn, opened, tombstones_only=True)
    region = opened.manifest.region
    now, operator, audit = utcnow(), session.info.get("operator", ""), session.info.get("audit", True)
    counts: dict[str, int] = {}
    changed: set[str] = set()
    unchanged = 0
    by_table: dict[str, list[str]] = {}
    for tomb in opened.tombstones:
        by_table.setdefault(tomb["table"], []).append(tomb["id"])
    if (
        opened.manifest.full
    ):  # the region's records the bundle no longer carries (before the staged rows change)
        for cls in SYNCED_TABLES:
            rows = opened.rows.get(table_name(cls))
            by_table.setdefault(table_name(cls), []).extend(
                bulk.absent_from_staging(conn, cls, region, staged=rows is not None and rows.count > 0)
            )
    for cls in SYNCED_TABLES:
        table: str = cls.__table__.name  # type: ignore[attr-defined]
        rows = opened.rows.get(table)
        if rows is None or not rows.count:
            continue
        foreign = bulk.staged_foreign(conn, cls, region)
        if foreign is not None:
            raise BundleRefused(
                _("The bundle of {region} would change a record of {other} ({table} {id}): refused.").format(
                    region=region, other=foreign[1], table=table, id=foreign[0]
                )
            )
        written = bulk.upsert_staged(conn, cls, usn, now, operator, audit=audit)
        unchanged += written.unchanged
        if written.written:
            changed.add(table)
        counts[table] = rows.count

    deleted = 0
    if any(by_table.values()):
        bulk.start_staging(conn)
        bulk.stage(conn, [(t, i) for t, ids in by_table.items() for i in ids])
        for cls in reversed(SYNCED_TABLES):
            table = cls.__table__.name  # type: ignore[attr-defined]
            if by_table.get(table):
                removed = bulk.delete_staged(conn, TABLES[table], usn, now, operator, audit=audit)
                deleted += removed
                if removed:
                    changed.add(table)
    counts["deleted"] = deleted
    session.info["unchanged"] = unchanged
    session.info.setdefault("changed_tables", set()).update(changed)
    return counts


def stager(conn: Connection) -> Stage:
    """Where `open_bundle` puts each table's checked rows, a chunk at a time: a staging table of `conn` (the
    pinned connection the import then applies them on), committed as it goes, so no table's rows are held in
    memory whole. A refused bundle's staged rows are never applied; `unstage` drops them."""
    started: set[type[SyncedRecord]] = set()

    def stage(cls: type[SyncedRecord], columns: dict[str, list[Any]], count: int) -> None:
        if cls not in started:
            bulk.start_staging_table(conn, cls)
            started.add(cls)
        bulk.stage_more(conn, cls, columns, count)
        conn.commit()  # the staging tables are this connection's own: nothing another connection sees

    return stage


def unstage(conn: Connection) -> None:
    """Drop the staging tables of `conn` (the rows of a bundle are personal data)."""
    if conn.in_transaction():
        conn.rollback()
    bulk.drop_staging(conn, SYNCED_TABLES)
    conn.commit()


def refuse_before_backup(conn: Connection, opened: OpenedBundle) -> None:
    """What `apply` would refuse a bundle for (a record of another region, a broken link), found before the batch
    takes its backup, so that a refused bundle takes none. Reads the rows staged on `conn`; writes nothing. (On a
    server an import takes no backup and its transaction checks the same.)"""
    if conn.dialect.name != "sqlite":
        return
    region = opened.manifest.region
    try:
        for cls in SYNCED_TABLES:
            rows = opened.rows.get(table_name(cls))
            if rows is None or not rows.count:
                continue
            foreign = bulk.staged_foreign(conn, cls, region)
            if foreign is not None:
                raise BundleRefused(
                    _(
                        "The bundle of {region} would change a record of {other} ({table} {id}): refused."
                    ).format(region=region, other=foreign[1], table=table_name(cls), id=foreign[0])
                )
        check_ownership(conn, opened, tombstones_only=True)
    finally:
        conn.rollback()  # the import's transaction starts on this connection outside any other
