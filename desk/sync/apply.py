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
from desk.sync.verify import TABLES, OpenedBundle, Stage, TableRows, check_ownership


def apply(session: Any, opened: OpenedBundle) -> dict[str, int]:
    """Write the bundle's rows into the centre's database within the session's transaction: they were staged on
    the session's connection as the bundle was checked (`stager`). Returns the rows the bundle carried per table
    and `deleted`; `session.info["unchanged"]` counts the rows skipped."""
    applying = Applying(session, opened)
    check_ownership(applying.conn, opened, tombstones_only=True)
    for cls in SYNCED_TABLES:
        applying.table(cls, opened.rows.get(table_name(cls)))
    return applying.finish(opened, ownership_checked=True)


class Applying:
    """One bundle being written, table by table (parents first), within the import's transaction: `table` writes
    one table's staged rows, `finish` the tables not written yet and the deletions. `apply` writes every table at
    once; a PostgreSQL import writes each as soon as it is checked (`desk.sync.pipeline`): either way the same
    statements on the same staged rows, in the same order of tables."""

    def __init__(self, session: Any, opened: OpenedBundle) -> None:
        self.session = session
        self.conn: Connection = session.connection()
        if self.conn.dialect.name == "sqlite":
            self.conn.execute(
                text("PRAGMA defer_foreign_keys = ON")
            )  # rows of one bundle may come in any order
            if sum(r.count for r in opened.rows.values()) > 20_000:
                # a big bundle touches every index of the big tables at random places: keep many pages in memory
                # (up to 64 MB, taken only as pages are used) rather than spilling half-written pages to the WAL
                # file at once; no more, since the pages touched grow with what the centre holds and an import's
                # memory must not (issue 15: with 256 MB an import's peak grew with every region the centre held)
                self.conn.execute(text("PRAGMA cache_size = -65536"))
        self.usn = next_usn(session)  # also opens the transaction the search index is changed in
        self.region = opened.manifest.region
        self.full = opened.manifest.full
        self.now, self.operator = utcnow(), session.info.get("operator", "")
        self.audit = session.info.get("audit", True)
        self.counts: dict[str, int] = {}
        self.changed: set[str] = set()
        self.unchanged = 0
        self.absent: dict[str, list[str]] = {}  # a full bundle: the region's records it no longer carries
        # a full bundle's table written a part at a time: the region's ids stored before its first part
        self.stored: dict[type[SyncedRecord], list[str]] = {}
        self.written: set[str] = set()
        # written by `new_rows`: the centre held no record or search entry of them
        self.unknown_ids: set[str] = set()

    def table(self, cls: type[SyncedRecord], rows: TableRows | None) -> None:
        """Write the staged rows of `cls` (`rows`: what the bundle carried of it, None for nothing)."""
        table = table_name(cls)
        if table in self.written:
            return
        self.written.add(table)
        if self.full:  # (before the staged rows change: the unchanged ones leave the staging table)
            self.absent[table] = bulk.absent_from_staging(
                self.conn, cls, self.region, staged=rows is not None and rows.count > 0
            )
        if rows is None or not rows.count:
            return
        self.part(cls)
        self.counts[table] = rows.count

    def part(self, cls: type[SyncedRecord]) -> None:
        """Write the rows of `cls` its staging table holds (the whole table's, or a part of them): never over
        another region's record; the unchanged ones skipped."""
        table = table_name(cls)
        self._note_stored(cls)
        foreign = bulk.staged_foreign(self.conn, cls, self.region)
        if foreign is not None:
            raise BundleRefused(
                _("The bundle of {region} would change a record of {other} ({table} {id}): refused.").format(
                    region=self.region, other=foreign[1], table=table, id=foreign[0]
                )
            )
        written = bulk.upsert_staged(self.conn, cls, self.usn, self.now, self.operator, audit=self.audit)
        self.unchanged += written.unchanged
        if written.written:
            self.changed.add(table)

    def new_rows(
        self, cls: type[SyncedRecord], columns: dict[str, list[Any]], count: int, bodies: list[str] | None
    ) -> None:
        """Write checked rows of `cls` none of whose ids the centre holds (`bulk.all_unknown` said so) without
        staging them (`bulk.insert_new`; `bodies`: their search entries' bodies): what `part` would do with them.
        Only without an audit (an import's)."""
        assert not self.audit, "audited rows are staged: their audit lines are written from the staging table"
        self._note_stored(cls)
        bulk.insert_new(self.conn, cls, columns, count, self.usn, bodies)
        self.changed.add(table_name(cls))
        self.unknown_ids.update(columns["id"])

    def parts_done(self, cls: type[SyncedRecord], rows: TableRows) -> None:
        """Every part of `cls`'s rows was written (`part`, one staged part at a time): what `table` does besides,
        the full bundle's records of the region it no longer carries found from all the rows' ids."""
        table = table_name(cls)
        if self.full:
            self._note_stored(cls)  # (no part written: what is stored now was stored before)
            carried = set(rows.ids)
            self.absent[table] = [i for i in self.stored.pop(cls) if i not in carried]
        self.written.add(table)
        if rows.count:
            self.counts[table] = rows.count

    def _note_stored(self, cls: type[SyncedRecord]) -> None:
        """A full bundle's table written a part at a time: the region's ids of it, before its first part."""
        if self.full and cls not in self.stored and table_name(cls) not in self.written:
            self.stored[cls] = bulk.region_ids(self.conn, cls, self.region)

    def finish(self, opened: OpenedBundle, *, ownership_checked: bool = False) -> dict[str, int]:
        """The tables not written yet, then the deletions: tombstones and, for a full bundle, the region's records
        it no longer carries (children first). Returns the rows the bundle carried per table and `deleted`."""
        if not ownership_checked:
            check_ownership(self.conn, opened, tombstones_only=True)
        for cls in SYNCED_TABLES:
            self.table(cls, opened.rows.get(table_name(cls)))
        by_table: dict[str, list[str]] = {}
        for tomb in opened.tombstones:
            by_table.setdefault(tomb["table"], []).append(tomb["id"])
        for table, ids in self.absent.items():
            by_table.setdefault(table, []).extend(ids)
        deleted = 0
        if any(by_table.values()):
            bulk.start_staging(self.conn)
            bulk.stage(self.conn, [(t, i) for t, ids in by_table.items() for i in ids])
            for cls in reversed(SYNCED_TABLES):
                table = table_name(cls)
                if by_table.get(table):
                    removed = bulk.delete_staged(
                        self.conn, TABLES[table], self.usn, self.now, self.operator, audit=self.audit
                    )
                    deleted += removed
                    if removed:
                        self.changed.add(table)
        counts = {
            table_name(c): self.counts[table_name(c)] for c in SYNCED_TABLES if table_name(c) in self.counts
        }
        counts["deleted"] = deleted
        self.session.info["unchanged"] = self.unchanged
        self.session.info.setdefault("changed_tables", set()).update(self.changed)
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
        conn.rollback()  # (a COMMIT SQLite refused was ended by Database.transact: desk.store.db._end_refused_commit)
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
