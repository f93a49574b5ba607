"""Undo and redo built on the audit trail: the last saved change of an operator, reverted in one transaction.

A *change* is what one save wrote: the audit entries of one transaction (same moment, same operator, consecutive).
Reverting it applies each entry backwards, newest first: a created record is deleted (a tombstone carries that to
the centre), a deleted one is written back with its old values (its tombstone removed), changed fields get their old
values, an archived record is restored and a restored one archived. The revert is itself a transaction, audited like
any other, so the history shows both and a revert of the revert is a redo.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import col

from desk.domain import records as tables
from desk.domain.records import AuditEntry, SyncedRecord, Tombstone, table_name, table_of, utcnow
from desk.errors import DeskError
from desk.i18n import N_, _
from desk.services.workspace import Workspace

CLASSES: dict[str, type[SyncedRecord]] = {
    table_name(cls): cls
    for cls in (
        tables.District,
        tables.House,
        tables.Association,
        tables.Event,
        tables.Person,
        tables.Membership,
        tables.Meeting,
        tables.Attendance,
        tables.Decision,
        tables.ExecutionItem,
        tables.PlanItem,
    )
}

KINDS: dict[str, str] = {
    "district": N_("district"),
    "house": N_("House of Friendship"),
    "association": N_("association"),
    "event": N_("event"),
    "person": N_("person"),
    "membership": N_("membership"),
    "meeting": N_("meeting"),
    "attendance": N_("attendance of a meeting"),
    "decision": N_("decision and its votes"),
    "executionitem": N_("execution item"),
    "execution_item": N_("execution item"),
    "planitem": N_("plan item"),
    "plan_item": N_("plan item"),
}

ACTIONS: dict[str, str] = {
    "create": N_("creating the {kind} {name}"),
    "update": N_("the changes to the {kind} {name}"),
    "archive": N_("archiving the {kind} {name}"),
    "restore": N_("restoring the {kind} {name}"),
    "delete": N_("deleting the {kind} {name}"),
}


@dataclass(frozen=True)
class Entry:
    id: int
    table: str
    record_id: str
    action: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class Change:
    """The audit entries of one saved change, oldest first."""

    entries: tuple[Entry, ...]
    at: dt.datetime
    operator: str
    names: dict[str, str] = field(default_factory=dict, compare=False)  # record id → its name, for `describe`

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(e.id for e in self.entries)

    @property
    def last_id(self) -> int:
        return self.entries[-1].id

    def describe(self) -> str:
        """What the change did, in the current language ("the changes to the association «…»")."""
        main = next((e for e in self.entries if e.table != "attendance"), self.entries[0])
        if all(e.table == "attendance" for e in self.entries):
            return _("the attendance of a meeting ({n} changes)").format(n=len(self.entries))
        kind = _(KINDS.get(main.table, main.table))
        name = self.names.get(main.record_id, "")
        text = _(ACTIONS.get(main.action, ACTIONS["update"])).format(
            kind=kind, name=f"«{name}»" if name else ""
        )
        return " ".join(text.split())


def _entry(row: AuditEntry) -> Entry:
    return Entry(int(row.id or 0), row.table_name, row.record_id, row.action, json.loads(row.changes or "{}"))


def _name(values: dict[str, Any]) -> str:
    for key in ("name_kk", "name_ru", "name_en", "number", "surname", "task", "title"):
        value = values.get(key)
        if isinstance(value, list):
            value = value[1] or value[0]
        if value:
            if key == "surname":
                given = values.get("given_name")
                given = (given[1] if isinstance(given, list) else given) or ""
                return f"{value} {given}".strip()
            return str(value)
    return ""


def last_change(
    ws: Workspace,
    operator: str,
    *,
    skip: Iterable[int] = (),
    before: int | None = None,
    only: Iterable[int] | None = None,
) -> Change | None:
    """The newest change saved by `operator` whose entries are not in `skip` (nor newer than `before`); with `only`,
    the change holding those entries."""
    skipped = set(skip)
    with ws.db.read() as session:
        query = select(AuditEntry).where(col(AuditEntry.operator) == operator)
        if only is not None:
            query = query.where(col(AuditEntry.id).in_(list(only)))
        if before is not None:
            query = query.where(col(AuditEntry.id) < before)
        rows = session.scalars(query.order_by(col(AuditEntry.id).desc()).limit(2000)).all()
        group: list[AuditEntry] = []
        for row in rows:
            if row.id in skipped or row.table_name not in CLASSES:
                if group:
                    break
                continue
            if group and (row.at != group[-1].at or row.id != (group[-1].id or 0) - 1):
                break
            group.append(row)
        if not group:
            return None
        group.reverse()
        entries = tuple(_entry(r) for r in group)
        names: dict[str, str] = {}
        for e in entries:
            cls = CLASSES[e.table]
            obj = session.get(cls, e.record_id)
            names[e.record_id] = _name(e.changes) or (_name(obj.model_dump()) if obj is not None else "")
    return Change(entries, group[-1].at, operator, names)


def _coerce(cls: type[SyncedRecord], key: str, value: Any) -> Any:
    """A value as the audit log stored it (JSON), back in the column's Python type."""
    if value is None:
        return None
    column = table_of(cls).c.get(key)
    if column is None:
        return value
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return value
    if kind is dt.datetime and isinstance(value, str):
        moment = dt.datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if kind is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if kind is Decimal:
        return Decimal(str(value))
    if kind is bool:
        return bool(value)
    if kind is int and isinstance(value, str):
        return int(value)
    return value


def revert(ws: Workspace, change: Change) -> Change:
    """Apply `change` backwards in one transaction; returns the change that did it (for a redo)."""
    with ws.db.transact() as session:
        start = session.scalar(select(func.max(AuditEntry.id))) or 0
        for e in reversed(change.entries):
            cls = CLASSES[e.table]
            obj = session.get(cls, e.record_id)
            if e.action == "create":
                if obj is not None:
                    session.delete(obj)
            elif e.action == "delete":
                if obj is None:
                    values = {k: _coerce(cls, k, v) for k, v in e.changes.items()}
                    session.execute(delete(Tombstone).where(col(Tombstone.record_id) == e.record_id))
                    session.add(cls(**values))
            else:
                if obj is None:
                    raise DeskError(_("Cannot undo: the record was deleted since."))
                for key, pair in e.changes.items():
                    if isinstance(pair, list) and len(pair) == 2:
                        setattr(obj, key, _coerce(cls, key, pair[0]))
                if e.action in ("archive", "restore") and "archived_at" not in e.changes:
                    obj.archived_at = None if e.action == "archive" else utcnow()
            session.flush()  # one at a time: a parent is back before its children, gone after them
    with ws.db.read() as session:
        written = session.scalars(
            select(AuditEntry).where(col(AuditEntry.id) > start).order_by(col(AuditEntry.id))
        ).all()
    if not written:
        raise DeskError(_("Nothing was undone: the records are already as they were."))
    found = last_change(ws, written[0].operator, only=[int(r.id or 0) for r in written])
    assert found is not None
    return found


def latest_id(ws: Workspace) -> int:
    """The newest audit entry's id (0 when there is none): a redo is offered only while nothing was saved since."""
    with ws.db.read() as session:
        return int(session.scalar(select(func.max(AuditEntry.id))) or 0)
