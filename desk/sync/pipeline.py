"""A central import on PostgreSQL checks a bundle and writes it at once: the server stages and applies one table
while Python checks the next.

Checking a bundle is Python's work (`desk.sync.verify`: every cell of every row), writing it the server's (staging
COPY, the upsert, index upkeep, the search entries); one after the other, an import took their sum. Here the
checks run on the calling thread and a second thread owns the import's connection: it copies each checked chunk
into its staging table and, once a table has passed every check, writes it (`desk.sync.apply.Applying`) while the
caller goes on checking the next table; a large table is written a part at a time, and a chunk of rows none of
which the centre holds (a new region's) is copied straight into its table. Once every row passed, the bundle's
links and ids are checked against the centre as it was before the import, on a connection of its own (the ids
found unknown to the centre before they were written need no look for a record of another kind). Everything the
second thread does is inside the import's one transaction, so all or nothing still holds: a refusal found later (a
bad row, a count that does not match, a link that breaks) rolls it all back, staged rows included.

The results are those of the sequential import (SQLite's): the same checks in the same order, the same rows,
search entries and change counter written in the same order of tables. A check's refusal comes before any refusal
of the write (as when every check ran before anything was written), and a tombstone of another region's record
before a write that failed. The sequence is checked (and the bundle found already imported) in the same
transaction as before, only earlier: before the first table is written.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from desk.domain.records import SyncedRecord, table_of
from desk.store import bulk
from desk.sync.apply import Applying
from desk.sync.tables import ReceivedBundle
from desk.sync.verify import (
    TABLES,
    OpenedBundle,
    check_ownership,
    check_sequence,
    earlier_key_bundle,
)

QUEUED_CHUNKS = 3
"""Checked chunks waiting for the writing thread: enough to keep it busy, few enough to bound the memory."""


PART_ROWS = 20_000
"""A large table is written in parts of about this many rows (whole checked chunks) while the next are checked:
each part costs a few statements more, so not every chunk."""


def suits(conn: Connection) -> bool:
    """Whether imports on this connection write while they check: on PostgreSQL. SQLite has one writer per
    database: there an import checks everything before it takes the write lock (`desk.sync.apply.apply`)."""
    return conn.dialect.name == "postgresql"


@dataclass
class Written:
    """What the writing thread did with a bundle that passed every check: applied (`counts`), or nothing because
    it was imported already (`earlier`); `restart`, as `earlier_key_bundle` says."""

    counts: dict[str, int]
    earlier: ReceivedBundle | None = None
    restart: ReceivedBundle | None = None


_END: Any = object()


@dataclass
class New:
    """A chunk of rows none of whose ids the centre holds, with their search entries' bodies (None: a table that
    is not searched)."""

    bodies: list[str] | None


class Pipeline:
    """The writing thread of one import, on the connection of `session` (whose transaction it begins). Give
    `stage` and `checked` to `open_bundle`, then `finish` with what it returned. Used as a context manager: the
    thread is stopped (its statement cancelled) and joined before the block ends, whatever happens, so the caller's
    rollback or commit never races it."""

    def __init__(self, session: Any) -> None:
        self.session = session
        # the session's transaction, begun on the pinned connection
        self.conn: Connection = session.connection()
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=QUEUED_CHUNKS)
        self._thread = threading.Thread(target=self._run, name="bundle-writer", daemon=True)
        self._stopping = threading.Event()
        self._started: set[type[SyncedRecord]] = set()
        # rows staged since the table's last part was written
        self._pending: dict[type[SyncedRecord], int] = {}
        self._applying: Applying | None = None
        self._earlier: ReceivedBundle | None = None
        self._restart: ReceivedBundle | None = None
        self._began = False
        self._error: BaseException | None = None
        self._error_in_write = False  # the error came from writing a table (not from the sequence)
        self.audited: bool = session.info.get("audit", True)  # audited rows are staged (their audit lines)
        # the calling thread's own connection (autocommit: the centre as committed, not the import's writes)
        self._reader: Connection | None = None

    def __enter__(self) -> Pipeline:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():
            self._stopping.set()
            self._cancel()
            self._queue.put(_END)
            self._thread.join()
        if self._reader is not None:
            self._reader.close()

    # --- the calling thread: what open_bundle calls, then finish -------------------------------------------------

    def stage(self, cls: type[SyncedRecord], columns: dict[str, list[Any]], count: int) -> None:
        """A checked chunk of `cls`'s rows (`desk.sync.verify.Stage`), copied into its staging table, or straight
        into its table when none of their ids is stored (asked here, on a connection of its own, where the
        centre's committed records are seen: the writing thread's are not, but a bundle's ids are each its own,
        which its checks hold; their search entries folded here too, while the writing thread writes)."""
        fresh: New | None = None
        if written_in_parts(cls) and not self.audited:
            if bulk.all_unknown(self._reading(), cls, columns["id"]):
                fresh = New(bulk.search_bodies(cls, columns))
        self._queue.put(("rows", cls, columns, count, fresh))

    def checked(self, opened: OpenedBundle, table: str | None) -> None:
        """The bundle's signature passed (table None), or every row of `table` (`desk.sync.verify.Checked`)."""
        self._queue.put(("checked", opened, table))

    def finish(self, opened: OpenedBundle) -> Written:
        """Once every check passed: wait for the writing thread, then write what is left (tables the bundle
        carries no row of, deletions). Raises what writing raised, after the refusals the sequential import
        would have found first."""
        self._queue.put(_END)
        self._thread.join()
        if self._error is not None:
            if self._error_in_write:  # as `apply`: another region's record among the tombstones is said first
                check_ownership(self._reading(), opened, tombstones_only=True)
            raise self._error
        if self._applying is not None:
            opened.unknown_ids = self._applying.unknown_ids
        # the links and ids against the centre as it was before this import (as `central verify` and SQLite's
        # import check them before writing); `check_ownership` on the import's connection then finds them checked
        check_ownership(self._reading(), opened, tombstones_only=True)
        if not self._began:  # a bundle without any table's rows
            self._begin(opened)
        if self._earlier is not None:
            return Written(counts={}, earlier=self._earlier)
        assert self._applying is not None
        return Written(counts=self._applying.finish(opened), restart=self._restart)

    def _reading(self) -> Connection:
        """The calling thread's own connection, opened when first needed: it sees the centre as committed, not
        what the writing thread wrote."""
        if self._reader is None:
            self._reader = self.conn.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._reader

    def _cancel(self) -> None:
        """Stop the statement the server is running for this import, if any (a refusal needs none of it)."""
        driver = self.conn.connection.driver_connection
        cancel = getattr(driver, "cancel_safe", None)
        if cancel is not None:
            try:
                cancel(timeout=5.0)
            except Exception:  # noqa: BLE001, S110 - nothing to stop, or the server gone: the rollback follows
                pass

    # --- the writing thread ------------------------------------------------------------------------------------

    def _run(self) -> None:
        while (message := self._queue.get()) is not _END:
            if self._stopping.is_set() or self._error is not None or self._earlier is not None:
                continue  # nothing more to write; the checks go on to their end
            try:
                if message[0] == "rows":
                    self._stage(message[1], message[2], message[3], message[4])
                else:
                    self._write(message[1], message[2])
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread by `finish`
                self._error = exc

    def _stage(
        self, cls: type[SyncedRecord], columns: dict[str, list[Any]], count: int, fresh: New | None
    ) -> None:
        if self._applying is None:  # the sequence refused the bundle (or it was imported already)
            return
        by_parts = written_in_parts(cls)
        if fresh is not None:  # none of their ids stored: written as they come, without staging
            self._error_in_write = True
            self._applying.new_rows(cls, columns, count, fresh.bodies)
            self._error_in_write = False
            return
        if cls not in self._started:
            bulk.start_staging_table(self.conn, cls)
            self._started.add(cls)
        elif by_parts and not self._pending.get(cls):
            bulk.empty_staging_table(self.conn, cls)  # its last part was written
        bulk.stage_more(self.conn, cls, columns, count)
        if by_parts:
            self._pending[cls] = self._pending.get(cls, 0) + count
            # rows that passed their checks, written while the next are checked
            if self._pending[cls] >= PART_ROWS:
                self._write_part(cls)

    def _write_part(self, cls: type[SyncedRecord]) -> None:
        self._error_in_write = True
        assert self._applying is not None
        self._applying.part(cls)
        self._pending[cls] = 0
        self._error_in_write = False

    def _begin(self, opened: OpenedBundle) -> None:
        """Where the sequential import began its transaction: the sequence, then the write."""
        self._began = True
        self._earlier = check_sequence(self.session, opened)
        if self._earlier is None:
            self._restart = earlier_key_bundle(self.session, opened)
            self._applying = Applying(self.session, opened)

    def _write(self, opened: OpenedBundle, table: str | None) -> None:
        if not self._began:
            self._begin(opened)
        if table is None or self._applying is None:
            return
        cls = TABLES[table]
        self._error_in_write = True
        if written_in_parts(cls):
            if self._pending.get(cls):
                self._write_part(cls)
                self._error_in_write = True
            self._applying.parts_done(cls, opened.rows[table])
        else:
            self._applying.table(cls, opened.rows[table])
        self._error_in_write = False


def written_in_parts(cls: type[SyncedRecord]) -> bool:
    """Whether a table's rows are written a chunk at a time as they pass their checks: unless a record of it may
    refer to another of the same table (an association to its parent), which may come in a later chunk, and
    PostgreSQL checks a reference at the end of each statement."""
    table = table_of(cls)
    return not any(fk.column.table is table for fk in table.foreign_keys)
