"""Decisions under control: what each adopted decision requires of a responsible body, by when, and whether it was
done. "Overdue" is never stored: it is computed from today's date (`desk.domain.rules.is_overdue`), so an item
becomes overdue the day after its deadline without anyone touching it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from desk.domain import history, reference, rules
from desk.domain.governance import check_execution_item
from desk.domain.records import Decision, ExecutionItem, Meeting
from desk.domain.validation import FieldError, ValidationError
from desk.errors import NotFound
from desk.i18n import _, current_language
from desk.services import history as history_service
from desk.services import meetings as meeting_service
from desk.services import records
from desk.services.rows import term_label
from desk.services.workspace import Workspace

_FIELDS = {"responsible_body", "responsible", "task", "deadline", "status", "executed_on", "notes"}


@dataclass(frozen=True)
class ExecutionRow:
    """An execution item with its decision and meeting, and its status as of `today`."""

    item: ExecutionItem
    decision: Decision
    meeting: Meeting
    today: dt.date

    @property
    def status(self) -> str:
        return rules.effective_status(self.item.status, self.item.deadline, self.today)

    @property
    def overdue(self) -> bool:
        return rules.is_overdue(self.item.status, self.item.deadline, self.today)

    @property
    def days_overdue(self) -> int:
        if not self.overdue or self.item.deadline is None:
            return 0
        return (self.today - self.item.deadline).days

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or current_language()
        i, d, m = self.item, self.decision, self.meeting
        return {
            "id": i.id,
            "region": i.region,
            "decision_id": d.id,
            "decision_number": d.number,
            "decision": d.name(lang),
            "meeting_id": m.id,
            "meeting_kind": m.kind,
            "meeting_date": m.date.isoformat(),
            "responsible_body": i.responsible_body,
            "responsible": i.responsible,  # typed ("Other", or written before the list)
            "responsible_name": reference.responsible_name(i.responsible_body, i.responsible, lang),
            "task": i.task,
            "deadline": i.deadline.isoformat() if i.deadline else None,
            "status": self.status,
            "status_label": term_label(reference.EXECUTION_STATUSES, self.status, lang),
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
            "executed_on": i.executed_on.isoformat() if i.executed_on else None,
            "notes": i.notes,
        }


REGISTER: records.Register[ExecutionItem] = records.Register(
    records.ListSpec(
        cls=ExecutionItem,
        kind=None,
        filters={},
        sorts={"name": lambda lang: [ExecutionItem.decision_id, ExecutionItem.deadline, ExecutionItem.id]},
    ),
    lambda ws, obj: check_execution_item(obj),
)
"""Execution items as a register, for spreadsheet exports and `desk import all`."""


def items(
    ws: Workspace,
    *,
    overdue_only: bool = False,
    decision_id: str | None = None,
    today: dt.date | None = None,
    region: str | None = None,
) -> list[ExecutionRow]:
    """Execution items (only the overdue ones when asked), by deadline, the longest overdue first."""
    day = today or dt.date.today()
    stmt = (
        select(ExecutionItem, Decision, Meeting)
        .join(Decision, col(Decision.id) == col(ExecutionItem.decision_id))
        .join(Meeting, col(Meeting.id) == col(Decision.meeting_id))
    )
    area = region or (None if ws.is_central else ws.region)
    if area:
        stmt = stmt.where(col(ExecutionItem.region) == area)
    if decision_id:
        stmt = stmt.where(col(ExecutionItem.decision_id) == decision_id)
    if overdue_only:
        stmt = stmt.where(col(ExecutionItem.status) != rules.EXECUTED, col(ExecutionItem.deadline) < day)
    with ws.db.read() as session:
        rows = session.execute(
            stmt.order_by(col(ExecutionItem.deadline), col(Meeting.date), col(ExecutionItem.id))
        ).all()
    return [ExecutionRow(i, d, m, day) for i, d, m in rows]


def _values(values: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if key not in _FIELDS:
            raise ValidationError([FieldError(key, _("This field cannot be changed here."))])
        out[key] = value.strip() if isinstance(value, str) else value
    return out


def add_item(ws: Workspace, decision_id: str, values: Mapping[str, Any]) -> ExecutionItem:
    """Put an adopted decision under control: a responsible body, a task, a deadline."""
    decision, result = meeting_service.decision(ws, decision_id)
    if not any(r.adopted for r in result.decisions if r.decision.id == decision_id):
        raise ValidationError(
            [
                FieldError(
                    "decision_id",
                    _("Only an adopted decision is put under control; this one was not adopted."),
                )
            ]
        )
    item = ExecutionItem(region=decision.region, decision_id=decision_id)
    for key, value in _values(values).items():
        setattr(item, key, value)
    check_execution_item(item)
    with ws.db.transact() as session:
        session.add(item)
    return item


def update_item(ws: Workspace, item_id: str, values: Mapping[str, Any]) -> ExecutionItem:
    with ws.db.transact() as session:
        item = session.get(ExecutionItem, item_id)
        if item is None:
            raise NotFound(_("No execution item with id {id}.").format(id=item_id))
        for key, value in _values(values).items():
            setattr(item, key, value)
        check_execution_item(item)
    return item


def mark_executed(
    ws: Workspace, item_id: str, executed_on: dt.date, notes: str | None = None
) -> ExecutionItem:
    values: dict[str, Any] = {"status": rules.EXECUTED, "executed_on": executed_on}
    if notes is not None:
        values["notes"] = notes
    return update_item(ws, item_id, values)


def delete_item(ws: Workspace, item_id: str) -> None:
    with ws.db.transact() as session:
        item = session.get(ExecutionItem, item_id)
        if item is None:
            raise NotFound(_("No execution item with id {id}.").format(id=item_id))
        session.delete(item)


# --- the state on a past day ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ControlRow:
    """An execution item as it stood at the end of a day: its deadline and status then (from their history)."""

    item: ExecutionItem
    decision: Decision
    meeting: Meeting
    day: dt.date
    deadline: dt.date | None
    status: str  # in_progress, executed or overdue, on `day`
    executed_on: dt.date | None

    @property
    def overdue(self) -> bool:
        return self.status == rules.OVERDUE


def control_list(
    ws: Workspace, day: dt.date, *, since: dt.date | None = None, region: str | None = None
) -> list[ControlRow]:
    """The items under control at the end of `day`, as they stood then: items of decisions taken on or before
    `day` that were not yet executed before `since` (when given: e.g. the quarter's first day), with the deadline
    and status of that day. Later executions and later changes of deadline do not change it."""
    stmt = (
        select(ExecutionItem, Decision, Meeting)
        .join(Decision, col(Decision.id) == col(ExecutionItem.decision_id))
        .join(Meeting, col(Meeting.id) == col(Decision.meeting_id))
        .where(col(Meeting.date) <= day)
    )
    area = region or (None if ws.is_central else ws.region)
    if area:
        stmt = stmt.where(col(ExecutionItem.region) == area)
    with ws.db.read() as session:
        rows = session.execute(stmt.order_by(col(Meeting.date), col(ExecutionItem.id))).all()
        found = [i for i, _d, _m in rows]
        statuses = history_service.facts_in(session, found, "status")
        deadlines = history_service.facts_in(session, found, "deadline")
    out: list[ControlRow] = []
    for item, decision, meeting in rows:
        status_facts = statuses[item.id]
        fact = history.fact_on(status_facts, day)
        executed = fact is not None and fact.value == rules.EXECUTED and fact.valid_from <= day
        executed_on = fact.valid_from if executed and fact is not None else None
        if since is not None and executed_on is not None and executed_on < since:
            continue
        text = history.value_on(deadlines[item.id], day) or ""
        deadline = dt.date.fromisoformat(text) if text else None
        status = rules.effective_status(rules.EXECUTED if executed else rules.IN_PROGRESS, deadline, day)
        out.append(ControlRow(item, decision, meeting, day, deadline, status, executed_on))
    out.sort(key=lambda r: (r.deadline or dt.date.max, r.meeting.date, r.item.id))
    return out
