"""Records' dated history: the value a field held on a past day (association status, a member's roles, an execution
item's status and deadline), and the history of one record as the window shows it.

The rows are `StateChange`s written by the store when such a field changes; a record without rows has the history
its own columns imply (`desk.domain.history`). Every "as of" and every past quarter reads its state from here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from desk.domain import history, reference
from desk.domain.records import Association, ExecutionItem, Membership, StateChange, SyncedRecord
from desk.i18n import current_language, format_date, gettext_for
from desk.services.rows import codes_label, term_label
from desk.services.workspace import Workspace

_TABLES: dict[str, type[SyncedRecord]] = {
    "association": Association,
    "membership": Membership,
    "executionitem": ExecutionItem,
}


def _values(record: SyncedRecord) -> dict[str, Any]:
    return {key: getattr(record, key) for key in type(record).model_fields}


def facts_in(session: Any, records: Sequence[SyncedRecord], field: str) -> dict[str, list[history.Fact]]:
    """The facts of `field` of each record (by id), from the rows or else implied by the record, oldest first."""
    if not records:
        return {}
    table = str(type(records[0]).__tablename__)
    rows: dict[str, list[history.Fact]] = defaultdict(list)
    ids = [r.id for r in records]
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        stmt = (
            select(StateChange)
            .where(col(StateChange.record_id).in_(chunk), col(StateChange.field) == field)
            .order_by(col(StateChange.valid_from), col(StateChange.created_at))
        )
        for row in session.scalars(stmt):
            rows[row.record_id].append(history.Fact(row.field, row.value, row.valid_from, row.reason))
    return {r.id: rows.get(r.id) or history.implied(table, field, _values(r)) for r in records}


def facts(ws: Workspace, records: Sequence[SyncedRecord], field: str) -> dict[str, list[history.Fact]]:
    with ws.db.read() as session:
        return facts_in(session, records, field)


def values_on(ws: Workspace, records: Sequence[SyncedRecord], field: str, day: dt.date) -> dict[str, str]:
    """The value of `field` of each record on `day`, by id."""
    return {rid: history.value_on(found, day) or "" for rid, found in facts(ws, records, field).items()}


def changed_between(
    found: Iterable[history.Fact], value: str, start: dt.date, end: dt.date
) -> history.Fact | None:
    """The fact that gave `value` on a day between `start` and `end` (inclusive), if any."""
    for fact in found:
        if fact.value == value and start <= fact.valid_from <= end:
            return fact
    return None


# --- one record's history, for the window -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    """One dated fact of a record, with its field and value in a language."""

    valid_from: dt.date
    field: str
    field_label: str
    value: str
    value_label: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid_from": self.valid_from.isoformat(),
            "field": self.field,
            "field_label": self.field_label,
            "value": self.value,
            "value_label": self.value_label,
            "reason": self.reason,
        }


def _value_label(table: str, field: str, value: str, lang: str) -> str:
    if table == "association" and field == "status":
        return term_label(reference.ASSOCIATION_STATUSES, value, lang)
    if table == "membership" and field == "roles":
        return codes_label(reference.MEMBER_ROLES, value, lang) or "—"
    if table == "executionitem" and field == "status":
        return term_label(reference.EXECUTION_STATUSES, value, lang)
    if table == "executionitem" and field == "deadline":
        return format_date(dt.date.fromisoformat(value), lang) if value else "—"
    return value


def record_history(ws: Workspace, table: str, record_id: str, lang: str | None = None) -> list[HistoryLine]:
    """The dated history of one record (association, membership or execution item), newest first."""
    lang = lang or current_language()
    cls = _TABLES.get(table)
    if cls is None:
        return []
    _ = gettext_for(lang)
    with ws.db.read() as session:
        record = session.get(cls, record_id)
        if record is None:
            return []
        out: list[HistoryLine] = []
        for spec in history.HISTORISED[table]:
            for fact in facts_in(session, [record], spec.field)[record.id]:
                out.append(
                    HistoryLine(
                        fact.valid_from,
                        spec.field,
                        _(history.FIELD_TITLES[(table, spec.field)]),
                        fact.value,
                        _value_label(table, spec.field, fact.value, lang),
                        fact.reason,
                    )
                )
    out.sort(key=lambda line: line.valid_from, reverse=True)
    return out


def history_of(ws: Workspace, record_id: str, lang: str | None = None) -> list[HistoryLine]:
    """The dated history of a record of any table that keeps one (none for the others), newest first."""
    with ws.db.read() as session:
        table = next((name for name, cls in _TABLES.items() if session.get(cls, record_id) is not None), None)
    return record_history(ws, table, record_id, lang) if table else []
