"""The one owner of the database connection.

`Database.transact()` gives a session that commits everything or rolls everything back. Every flush goes through
`_before_flush`/`_after_flush`, which is where the rules that no caller may forget live:
- each write transaction takes the next value of the change counter (`usn`) and stamps every record it touches;
- deleting a synced record leaves a tombstone;
- sort keys are refreshed from the names;
- every change is written to the audit log (who, when, which record, old and new values);
- the full-text search index follows the searchable records.
"""

from __future__ import annotations

import datetime as dt
import enum
import getpass
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy import select as _select
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from desk.domain import history
from desk.domain.records import AuditEntry, Meta, StateChange, SyncedRecord, Tombstone, table_name, utcnow
from desk.errors import DeskError
from desk.store import quarter_guard, search

# Columns the store maintains itself; they are not worth an audit line.
BOOKKEEPING = {"usn", "updated_at", "created_at", "sort_kk", "sort_ru", "sort_en", "sort_name"}


def server_url(url: str) -> str:
    """A PostgreSQL URL as users write it (postgresql://…, postgres://…) with the driver this program uses
    (psycopg 3); other URLs and paths unchanged."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems; the audit still records the change
        return os.environ.get("USERNAME", "") or "unknown"


class Database:
    """A database file (or URL) with its engine. One per process for a data folder."""

    def __init__(self, url_or_path: str | Path, *, echo: bool = False) -> None:
        url = server_url(str(url_or_path))
        if "://" not in url:
            url = f"sqlite:///{Path(url_or_path).resolve()}"
        self.url = url
        if url.startswith("postgresql"):
            # a central office's server: several clerks at once, each command a short-lived process
            self.engine: Engine = create_engine(url, echo=echo, pool_pre_ping=True)
        else:
            self.engine = create_engine(url, echo=echo)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "checkout", _sqlite_patience)
        self.operator = ""
        self.central = False  # the central office's database: the regions' records come only from bundles

    @property
    def path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        return Path(self.engine.url.database or "")

    def session(
        self, *, operator: str | None = None, audit: bool = True, connection: Connection | None = None
    ) -> Session:
        session = Session(connection if connection is not None else self.engine, expire_on_commit=False)
        session.info["operator"] = operator or self.operator or os_user()
        session.info["audit"] = audit
        session.info["sqlite"] = self.is_sqlite
        session.info["central"] = self.central
        return session

    @contextmanager
    def transact(
        self, *, operator: str | None = None, audit: bool = True, connection: Connection | None = None
    ) -> Iterator[Session]:
        """A session whose work is committed as a whole when the block ends, and rolled back on any error. With
        `connection` (from `pinned`, and not inside a transaction), the session works on that connection."""
        if connection is not None and connection.in_transaction():
            raise RuntimeError("a transaction on a pinned connection starts outside any other")
        session = self.session(operator=operator, audit=audit, connection=connection)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            if connection is not None:
                _end_refused_commit(connection)
            raise
        finally:
            session.close()

    @contextmanager
    def pinned(self) -> Iterator[Connection]:
        """One connection for a sequence of transactions: its temporary tables live as long as the block (a
        central import stages a bundle's rows in them while checking it, then applies them in one transaction)."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self.session()
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

    # --- facts about this database ---------------------------------------------------------------------------

    def meta(self, key: str, default: str = "") -> str:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).first()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transact() as session:
            set_meta(session, key, value)


def _end_refused_commit(connection: Connection) -> None:
    """Roll back what a refused COMMIT left open: SQLite checks deferred foreign keys at COMMIT and, when they
    fail, keeps the transaction (and its write lock) open, which SQLAlchemy no longer sees; every other
    connection would then find the database locked."""
    raw = connection.connection.dbapi_connection
    if raw is not None and getattr(raw, "in_transaction", False) is True:
        raw.rollback()


def set_meta(session: OrmSession, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


BUSY_TIMEOUT_MS = 10000
"""How long a statement waits for another connection's write lock before failing with "database is locked"."""

_patience = threading.local()


@contextmanager
def patience(milliseconds: int) -> Iterator[None]:
    """Within the block, this thread's statements wait at most `milliseconds` for another writer's lock, so the
    caller hears of a busy database soon and can say so and retry (the window's writer does: desk/ui/writer.py)."""
    before = getattr(_patience, "ms", None)
    _patience.ms = int(milliseconds)
    try:
        yield
    finally:
        _patience.ms = before


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` says another connection held the write lock (SQLite's "database is locked" / "busy")."""
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_patience(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """Each use of a pooled connection waits as long as its thread's `patience` says (else the default)."""
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {getattr(_patience, 'ms', None) or BUSY_TIMEOUT_MS}")
    cur.close()


# --- a write that the disk refuses ---------------------------------------------------------------------------


def storage_error(exc: BaseException) -> DeskError | None:
    """The sentence for a write the database file refused (disk full, file locked or read-only, I/O error), in
    the user's language, or None for any other error. It names neither the SQL nor the values: they may hold
    personal data. The transaction has been rolled back, so the database is as it was."""
    from sqlalchemy.exc import OperationalError

    from desk.i18n import _

    orig = getattr(exc, "orig", exc) if isinstance(exc, OperationalError) else exc
    if not isinstance(orig, sqlite3.Error):
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text_ = str(orig).lower()
    if primary == sqlite3.SQLITE_FULL or "disk is full" in text_:
        message = _("The disk is full: nothing was changed. Free some space on the disk and try again.")
    elif primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text_:
        message = _("The database is in use by another program: nothing was changed. Close it and try again.")
    elif primary == sqlite3.SQLITE_READONLY or "readonly" in text_:
        message = _("The database file cannot be written (read-only): nothing was changed.")
    elif primary == sqlite3.SQLITE_IOERR or "i/o error" in text_:
        message = _("The disk could not be written: nothing was changed. Check the disk and try again.")
    else:
        return None
    return DeskError(message)


# --- the change counter -------------------------------------------------------------------------------------


def next_usn(session: OrmSession) -> int:
    """The change counter's value for the current transaction, taken once per transaction."""
    usn = session.info.get("usn")
    if usn is None and _usn_sequence(session):
        # PostgreSQL (migration 0010): a sequence, so concurrent writers (two clerks importing two regions)
        # never wait on one row
        usn = int(session.connection().execute(text("SELECT nextval('desk_usn')")).scalar_one())
        session.info["usn"] = usn
    if usn is None:
        conn = session.connection()
        updated = conn.execute(
            text("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'usn'")
        )
        if updated.rowcount == 0:
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('usn', '1')"))
        usn = int(conn.execute(text("SELECT value FROM meta WHERE key = 'usn'")).scalar_one())
        session.info["usn"] = usn
    return usn


def current_usn(session: OrmSession) -> int:
    if _usn_sequence(session):
        found = session.connection().execute(text("SELECT last_value, is_called FROM desk_usn")).one()
        return int(found[0]) if found[1] else 0
    value = session.connection().execute(text("SELECT value FROM meta WHERE key = 'usn'")).scalar()
    return int(value or 0)


def _usn_sequence(session: OrmSession) -> bool:
    """Whether the change counter is the sequence `desk_usn` (PostgreSQL, from migration 0010 on)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return False
    return bool(conn.execute(text("SELECT to_regclass('desk_usn') IS NOT NULL")).scalar())


_commit_listeners: list[Callable[[frozenset[str]], None]] = []


def on_commit(listener: Callable[[frozenset[str]], None]) -> Callable[[], None]:
    """Call `listener(tables)` after every commit that wrote synced records; returns a remover.

    This is the one signal that tells views to refresh (the UI forwards it to its own Qt signal)."""
    _commit_listeners.append(listener)
    return lambda: _commit_listeners.remove(listener) if listener in _commit_listeners else None


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    session.info.pop("usn", None)
    session.info.pop("audit_at", None)
    quarter_guard.after_commit(session)
    tables = frozenset(session.info.pop("changed_tables", ()))
    if tables:
        for listener in list(_commit_listeners):
            listener(tables)


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    session.info.pop("usn", None)
    session.info.pop("changed_tables", None)
    session.info.pop("reindex", None)
    session.info.pop("audit_at", None)
    quarter_guard.after_rollback(session)


# --- flush hooks ------------------------------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """A value as an audit line stores it in JSON (dates as ISO text); the same for every write path."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def audit_values(values: dict[str, Any]) -> dict[str, Any]:
    """What a "create" or "delete" audit line records of a record: every column but the store's bookkeeping.
    The single write (below) and the bulk path (`desk.store.bulk.insert_many`) both use it."""
    return {k: jsonable(v) for k, v in values.items() if k not in BOOKKEEPING}


def _column_values(obj: SyncedRecord) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return audit_values({c.key: getattr(obj, c.key) for c in mapper.column_attrs})


def _changes(obj: SyncedRecord) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in BOOKKEEPING:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[attr.key] = [jsonable(old), jsonable(new)]
    return changes


def _audit(session: OrmSession, obj: SyncedRecord, action: str, changes: dict[str, Any]) -> None:
    if not session.info.get("audit", True):
        return
    session.add(
        AuditEntry(
            # one moment for a transaction's lines: undo takes them as one saved change
            at=session.info.setdefault("audit_at", utcnow()),
            operator=session.info.get("operator", ""),
            table_name=table_name(obj),
            record_id=obj.id,
            action=action,
            changes=json.dumps(changes, ensure_ascii=False, default=str),
        )
    )


class CentralReadOnly(DeskError):
    """A region's record changed in the central office's database. The transaction is rolled back."""


def _refuse_central_edit(changed: list[SyncedRecord]) -> None:
    """The centre holds each region's records as the region's bundles bring them: a change made there would be
    overwritten by the region's next bundle without a word (or, for a record the centre made, belong to no region),
    and would never reach the region. Only the import (which writes unaudited, as the region's own change) may."""
    from desk.domain import reference
    from desk.i18n import _, current_language

    obj = changed[0]
    region = reference.by_code(reference.REGIONS, obj.region or "")
    if region is None:
        raise CentralReadOnly(
            _(
                "The central office makes no records in the regions' registers: a region's secretariat makes them, "
                "and they reach the centre with its bundles. Nothing was changed."
            )
        )
    raise CentralReadOnly(
        _(
            "The central office keeps the regions' records as their bundles bring them: this one is changed by "
            "the secretariat of {region}, and reaches the centre with its next bundle. Nothing was changed."
        ).format(region=region.label(current_language()))
    )


@event.listens_for(OrmSession, "before_flush")
def _before_flush(session: OrmSession, _ctx: Any, _instances: Any) -> None:
    new = [o for o in session.new if isinstance(o, SyncedRecord)]
    dirty = [o for o in session.dirty if isinstance(o, SyncedRecord) and session.is_modified(o)]
    deleted = [o for o in session.deleted if isinstance(o, SyncedRecord)]
    if not (new or dirty or deleted):
        return
    if session.info.get("central") and session.info.get("audit"):
        _refuse_central_edit(new or dirty or deleted)
    # an accepted quarter is locked (desk.domain.quarters); a submitted one is warned about
    quarter_guard.check_flush(session, new, dirty, deleted)
    usn = next_usn(session)
    now = utcnow()
    changed: set[str] = session.info.setdefault("changed_tables", set())
    changed.update(table_name(o) for o in (*new, *dirty, *deleted))
    reindex = session.info.setdefault("reindex", {})
    for obj in new:
        obj.usn = usn
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        _refresh(obj)
        _audit(session, obj, "create", _column_values(obj))
        reindex[obj.id] = obj
    for obj in dirty:
        _refresh(obj)
        changes = _changes(obj)
        if not changes:
            continue
        obj.usn = usn
        obj.updated_at = now
        action = "update"
        if list(changes) == ["archived_at"]:
            action = "archive" if changes["archived_at"][1] else "restore"
        _audit(session, obj, action, changes)
        _record_history(session, obj, changes, usn)
        reindex[obj.id] = obj
    for obj in deleted:
        _forget_history(session, obj, now, usn)
        _audit(session, obj, "delete", _column_values(obj))
        session.merge(
            Tombstone(
                record_id=obj.id,
                table_name=table_name(obj),
                region=obj.region,
                deleted_at=now,
                usn=usn,
            )
        )
        reindex[obj.id] = None


@event.listens_for(OrmSession, "after_flush")
def _after_flush(session: OrmSession, _ctx: Any) -> None:
    reindex: dict[str, Any] = session.info.pop("reindex", {})
    if not reindex:
        return
    conn = session.connection()
    for record_id, obj in reindex.items():
        kind = search.kind_of(obj) if obj is not None else None
        if obj is None or kind is None:
            search.remove(conn, record_id)
        else:
            search.put(conn, kind, obj.id, obj.region, obj.search_text())


def _record_history(session: OrmSession, obj: SyncedRecord, changes: dict[str, list[Any]], usn: int) -> None:
    """Keep the dated history of the fields that have one (`desk.domain.history`): on the first change of such a
    field, the history the old values implied is written first; then the new fact, or the correction of the
    current one. The day of a change without a day of its own is `session.info["today"]` (today by default)."""
    table = str(obj.__tablename__)
    specs = history.HISTORISED.get(table, ())
    if not specs:
        return
    today = session.info.get("today") or dt.date.today()
    new_values = {c.key: getattr(obj, c.key) for c in inspect(obj).mapper.column_attrs}
    old_values = {**new_values, **{key: old for key, (old, _new) in changes.items()}}
    changed = set(changes)
    for spec in specs:
        if not ({spec.field, spec.since, spec.reason} & changed):
            continue
        with session.no_autoflush:
            rows = list(
                session.scalars(
                    _select(StateChange)
                    .where(col(StateChange.record_id) == obj.id, col(StateChange.field) == spec.field)
                    .order_by(col(StateChange.valid_from), col(StateChange.created_at))
                )
            )
        if not rows:
            for fact in history.implied(table, spec.field, old_values):
                row = StateChange(
                    region=obj.region,
                    record_table=table,
                    record_id=obj.id,
                    field=fact.field,
                    value=fact.value,
                    valid_from=fact.valid_from,
                    reason=fact.reason,
                )
                session.add(row)
                rows.append(row)
        latest = rows[-1]
        current = history.Fact(latest.field, latest.value, latest.valid_from, latest.reason)
        step = history.change(spec, current, new_values, changed, today)
        if step.new is not None and step.new.valid_from == latest.valid_from:
            # a second value on the same day replaces the first: a typo fixed, not a day with two states
            latest.value, latest.reason = step.new.value, step.new.reason
        elif step.new is not None:
            session.add(
                StateChange(
                    region=obj.region,
                    record_table=table,
                    record_id=obj.id,
                    field=step.new.field,
                    value=step.new.value,
                    valid_from=step.new.valid_from,
                    reason=step.new.reason,
                    usn=usn,
                )
            )
        session.info.setdefault("changed_tables", set()).add(StateChange.__tablename__)
        if step.corrected_day is not None:
            latest.valid_from = step.corrected_day
        if step.corrected_reason is not None:
            latest.reason = step.corrected_reason
    for row in session.new:
        if isinstance(row, StateChange):
            row.usn = usn
    for row in session.dirty:
        if isinstance(row, StateChange):
            row.usn, row.updated_at = usn, utcnow()


def _forget_history(session: OrmSession, obj: SyncedRecord, now: dt.datetime, usn: int) -> None:
    """A record deleted for good takes its dated history with it (tombstones carry that to the centre too)."""
    if str(obj.__tablename__) not in history.HISTORISED:
        return
    with session.no_autoflush:
        rows = list(session.scalars(_select(StateChange).where(col(StateChange.record_id) == obj.id)))
    for row in rows:
        session.delete(row)
        session.merge(
            Tombstone(
                record_id=row.id,
                table_name=StateChange.__tablename__,
                region=row.region,
                deleted_at=now,
                usn=usn,
            )
        )


def _refresh(obj: SyncedRecord) -> None:
    refresh = getattr(obj, "refresh_sort_keys", None)
    if refresh is not None:
        refresh()
