"""The dated history of a record's state: which fields have one, what a record's own columns imply about it, and the
value a field held on a past day. Pure functions; the store writes the rows (`desk.domain.records.StateChange`)
and the services read them.

A field with a history holds each value from a day (`valid_from`) until the next value's day. A record that never
changed since history was kept has no rows: its own columns imply its history (an association is active from its
registration, and holds its current status from `status_date`; a member holds their roles from `roles_since`, or
else from admission; an execution item is in progress until `executed_on`). When such a field changes, the store
first writes the implied history of the old values, then the new fact, so nothing the record said is lost.

On a day before the first fact a field holds its first value: a deadline entered later for an old decision was the
deadline all along. A change of only the day (or the reason) of the current value is a correction of that fact, not
a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desk.i18n import N_

ACTIVE = "active"
IN_PROGRESS = "in_progress"
EXECUTED = "executed"


@dataclass(frozen=True)
class Historised:
    """A field with a history: the column with the day its value holds from (None: the day of the change), and
    the column with the reason, if any."""

    table: str
    field: str
    since: str | None = None
    reason: str | None = None


HISTORISED: dict[str, tuple[Historised, ...]] = {
    "association": (Historised("association", "status", since="status_date", reason="status_reason"),),
    "membership": (Historised("membership", "roles", since="roles_since"),),
    "executionitem": (
        Historised("executionitem", "status", since="executed_on"),
        Historised("executionitem", "deadline"),
    ),
}
"""Tables whose fields keep a dated history, by table name."""

FIELD_TITLES: dict[tuple[str, str], str] = {
    ("association", "status"): N_("Status"),
    ("membership", "roles"): N_("Roles"),
    ("executionitem", "status"): N_("Execution"),
    ("executionitem", "deadline"): N_("Deadline"),
}
"""What the history panel calls each field with a history."""


@dataclass(frozen=True)
class Fact:
    """From `valid_from` on, `field` held `value` (a code, comma-separated codes, or an ISO date)."""

    field: str
    value: str
    valid_from: dt.date
    reason: str = ""


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    return _date(value)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_text(value: Any) -> str:
    """A column's value as a fact's text: dates ISO, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def origin(table: str, values: Mapping[str, Any]) -> dt.date:
    """The first day a record's history covers: registration (association), admission (membership), creation."""
    if table == "association" and values.get("registration_date"):
        return _date(values["registration_date"])
    if table == "membership" and values.get("admitted_on"):
        return _date(values["admitted_on"])
    return _day(values.get("created_at")) or dt.date.today()


def implied(table: str, field: str, values: Mapping[str, Any]) -> list[Fact]:
    """The history of `field` that a record's own columns imply (its values as a mapping of column to value)."""
    start = origin(table, values)
    if table == "association" and field == "status":
        status = values.get("status") or ACTIVE
        out = [Fact(field, ACTIVE, start)]
        if status != ACTIVE:
            out.append(
                Fact(
                    field, status, _day(values.get("status_date")) or start, values.get("status_reason") or ""
                )
            )
        return out
    if table == "membership" and field == "roles":
        return [Fact(field, values.get("roles") or "", _day(values.get("roles_since")) or start)]
    if table == "executionitem" and field == "status":
        out = [Fact(field, IN_PROGRESS, start)]
        executed_on = _day(values.get("executed_on"))
        if values.get("status") == EXECUTED and executed_on is not None:
            out.append(Fact(field, EXECUTED, executed_on))
        return out
    if table == "executionitem" and field == "deadline":
        return [Fact(field, as_text(values.get("deadline")), start)]
    raise ValueError(f"no history for {table}.{field}")


def ordered(facts: Iterable[Fact]) -> list[Fact]:
    """Facts by the day they hold from (a stable sort: of two facts of one day, the later written wins)."""
    if isinstance(facts, list) and len(facts) < 2:
        return list(facts)  # nothing to sort (most records have one implied fact): the same list, much faster
    return sorted(facts, key=_valid_from)


def _valid_from(fact: Fact) -> dt.date:
    return fact.valid_from


def value_on(facts: Sequence[Fact], day: dt.date) -> str | None:
    """The value held on `day`: the last fact from on or before it, else the first value; None without facts."""
    found = ordered(facts)
    if not found:
        return None
    current = found[0].value
    for fact in found:
        if fact.valid_from > day:
            break
        current = fact.value
    return current


def fact_on(facts: Sequence[Fact], day: dt.date) -> Fact | None:
    """The fact in force on `day` (the first one before any)."""
    found = ordered(facts)
    if not found:
        return None
    current = found[0]
    for fact in found:
        if fact.valid_from > day:
            break
        current = fact
    return current


@dataclass(frozen=True)
class Change:
    """What a change of a record means for the history of one field: a new fact, or a correction of the current
    one (its day and/or reason), or nothing."""

    new: Fact | None = None
    corrected_day: dt.date | None = None
    corrected_reason: str | None = None


def change(
    spec: Historised, current: Fact, new_values: Mapping[str, Any], changed: set[str], today: dt.date
) -> Change:
    """How the fact `current` (the latest one) follows the record's new values; `changed` names the columns that
    changed in this write."""
    value = as_text(new_values.get(spec.field))
    if spec.table == "association" and spec.field == "status":
        value = value or ACTIVE
    since = _day(new_values.get(spec.since)) if spec.since else None
    reason = (new_values.get(spec.reason) or "") if spec.reason else ""
    if value != current.value:
        day = since if since is not None and spec.since in changed else today
        if spec.table == "association" and value == ACTIVE and spec.since and since is None:
            day = today
        return Change(new=Fact(spec.field, value, day, reason))
    corrected_day = (
        since if since is not None and spec.since in changed and since != current.valid_from else None
    )
    corrected_reason = reason if spec.reason and spec.reason in changed and reason != current.reason else None
    return Change(corrected_day=corrected_day, corrected_reason=corrected_reason)
