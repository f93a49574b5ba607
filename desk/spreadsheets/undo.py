"""Undoing an import: the batches of the region's imports, and `undo()`, which deletes what a batch created and puts
back what it replaced, in bulk, with tombstones, audit lines and search entries; records changed since are kept
unless forced (`desk.spreadsheets.importer` writes the batches)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import Session

from desk.domain.records import (
    Association,
    Attendance,
    AuditEntry,
    Decision,
    District,
    Event,
    ExecutionItem,
    House,
    Meeting,
    Membership,
    Person,
    PlanItem,
    SyncedRecord,
    utcnow,
)
from desk.errors import DeskError, NotFound
from desk.i18n import _
from desk.services.workspace import Workspace
from desk.spreadsheets.batches import ImportBatch, ImportItem
from desk.store import bulk
from desk.store.db import next_usn, storage_error

_log = logging.getLogger("desk.spreadsheets")


def batches(ws: Workspace, limit: int = 50) -> list[ImportBatch]:
    """The latest imports, newest first."""
    with ws.db.read() as session:
        return list(session.scalars(select(ImportBatch).order_by(ImportBatch.created_at.desc()).limit(limit)))  # type: ignore[attr-defined]


_TABLES: dict[str, type[SyncedRecord]] = {
    c.__tablename__: c
    for c in (  # type: ignore[attr-defined]
        District,
        House,
        Association,
        Event,
        Person,
        Membership,
        PlanItem,
        Meeting,
        Decision,
        Attendance,
        ExecutionItem,
    )
}
# Children before parents, so that a batch's own links never hold its deletions back.
_UNDO_ORDER = (
    "attendance",
    "executionitem",
    "membership",
    "decision",
    "meeting",
    "event",
    "planitem",
    "person",
    "association",
    "house",
    "district",
)


@dataclass
class KeptRecord:
    """A record of the batch that undo left as it is, and why."""

    table: str
    record_id: str
    name: str
    reason: str


@dataclass
class UndoResult:
    batch: ImportBatch
    removed: int = 0
    restored: int = 0
    kept: list[KeptRecord] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.batch.id

    @property
    def undone_at(self) -> dt.datetime | None:
        return self.batch.undone_at


def _restore_value(cls: type[SyncedRecord], key: str, value: Any) -> Any:
    if value is None:
        return None
    column = cls.__table__.columns.get(key)  # type: ignore[attr-defined]
    python_type = getattr(getattr(column, "type", None), "python_type", None) if column is not None else None
    try:
        if python_type is dt.date and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if python_type is dt.datetime and isinstance(value, str):
            return dt.datetime.fromisoformat(value)
    except NotImplementedError:
        return value
    return value


def _find_batch(session: Session, batch_id: str) -> ImportBatch:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        matches = list(session.scalars(select(ImportBatch).where(ImportBatch.id.startswith(batch_id))))  # type: ignore[attr-defined]
        batch = matches[0] if len(matches) == 1 else None
    if batch is None:
        raise NotFound(_("No import batch {id}.").format(id=batch_id))
    if batch.undone_at is not None:
        raise DeskError(_("This import was already undone."))
    return batch


def _record_name(conn: Connection, table: str, record_id: str) -> str:
    cls = _TABLES[table]
    if cls is Person:
        row = conn.execute(
            select(Person.surname, Person.given_name, Person.patronymic).where(Person.id == record_id)
        ).first()
        return " ".join(p for p in (row or ()) if p)
    if not hasattr(cls, "name_ru"):
        return ""
    row = conn.execute(select(cls.name_ru, cls.name_kk, cls.name_en).where(cls.id == record_id)).first()  # type: ignore[attr-defined]
    return next((n for n in (row or ()) if n), "")


def _changed_since(conn: Connection, batch: ImportBatch, record_id: str) -> str:
    """ "changed since by … on …" from the record's latest audit line after the import."""
    from desk.i18n import format_datetime

    row = conn.execute(
        select(AuditEntry.operator, AuditEntry.at)
        .where(AuditEntry.record_id == record_id, AuditEntry.at > batch.created_at)
        .order_by(AuditEntry.at.desc())
        .limit(1)
    ).first()  # type: ignore[attr-defined]
    if row is None:
        return _("kept: changed since the import")
    return _("kept: changed since by {operator} on {when}").format(
        operator=row[0] or "?", when=format_datetime(row[1], None, "short")
    )


def undo(ws: Workspace, batch_id: str, *, force: bool = False) -> UndoResult:
    """Reverse an import in one transaction: remove what it created, give back what it updated.

    A record changed by hand since the import is kept as it is and reported ("kept: changed since by …"), as is a
    created record that other records now refer to; everything else is reversed (`force` reverses the changed
    records too). Deletions go in bulk, in SQL, with their tombstones, audit lines and search entries, so an undo
    takes no longer than its import."""
    try:
        return _undo(ws, batch_id, force=force)
    except Exception as exc:
        refused = storage_error(exc)
        if refused is None:
            raise
        _log.error("undo refused by the disk: %s", refused.message)
        raise refused from None


def _undo(ws: Workspace, batch_id: str, *, force: bool) -> UndoResult:
    with ws.db.transact() as session:
        batch = _find_batch(session, batch_id)
        conn = session.connection()
        result = UndoResult(batch)
        usn = next_usn(session)
        now = utcnow()
        operator = session.info.get("operator", "")
        bulk.start_staging(conn)
        created: dict[str, list[str]] = {}
        updated: list[tuple[str, str, str]] = []
        for table, record_id, action, old in conn.execute(
            select(
                ImportItem.table_name, ImportItem.record_id, ImportItem.action, ImportItem.old_values
            ).where(ImportItem.batch_id == batch.id)
        ):
            if table not in _TABLES:
                continue
            if action == "create":
                created.setdefault(table, []).append(record_id)
            else:
                updated.append((table, record_id, old))
        # Created records changed since the import are kept (unless forced); the rest are staged for deletion.
        for table, ids in created.items():
            cls = _TABLES[table]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                present = conn.execute(select(cls.id, cls.usn).where(cls.id.in_(part))).all()  # type: ignore[attr-defined]
                gone = []
                for rid, rec_usn in present:
                    if rec_usn > batch.usn and not force:
                        result.kept.append(
                            KeptRecord(
                                table, rid, _record_name(conn, table, rid), _changed_since(conn, batch, rid)
                            )
                        )
                    else:
                        gone.append({"t": table, "i": rid})
                bulk.stage(conn, [(g["t"], g["i"]) for g in gone])
        _keep_referenced(conn, result)
        for table in _UNDO_ORDER:
            result.removed += bulk.delete_staged(conn, _TABLES[table], usn, now, operator)
        if result.removed:
            session.info.setdefault("changed_tables", set()).update(created)
        # Updated records: the old values back, through the ORM (the store's hooks log each change).
        for table, record_id, old in updated:
            cls = _TABLES[table]
            obj = session.get(cls, record_id)
            if obj is None:
                continue
            if obj.usn > batch.usn and not force:
                result.kept.append(
                    KeptRecord(
                        table,
                        record_id,
                        _record_name(conn, table, record_id),
                        _changed_since(conn, batch, record_id),
                    )
                )
                continue
            for key, value in json.loads(old or "{}").items():
                setattr(obj, key, _restore_value(cls, key, value))
            result.restored += 1
        session.flush()
        bulk.start_staging(conn)  # empty again
        batch.undone_at = utcnow()
    return result


def _keep_referenced(conn: Connection, result: UndoResult) -> None:
    """Take out of the staged deletions every created record that a record staying in the database refers to,
    until none is left; those are kept and reported."""
    while True:
        referenced = bulk.referenced_staged(conn, list(_TABLES))
        if not referenced:
            return
        for table, rid in sorted(referenced):
            bulk.unstage(conn, table, rid)
            result.kept.append(
                KeptRecord(table, rid, _record_name(conn, table, rid), _("kept: other records refer to it"))
            )
