"""The date rules of the forms, declared once: dates that must come in order, and dates that must not lie in the
future. A form applies them to one record (`desk.domain.validation.Checker.date_rules`, against today); a central
import and `central verify` apply the same rules to a bundle's rows a column at a time (`column_date_problem`),
against the day the bundle was made, so a bundle verified a year later gets the same verdict as on the day it came.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desk.i18n import N_

BEFORE = N_("Must not be before {field}.")
IN_FUTURE = N_("Must not be in the future.")
HELD_IN_FUTURE = N_("An event that has not begun yet cannot be held: its start date is in the future.")


@dataclass(frozen=True)
class DateOrder:
    """`later` must not come before `earlier` (when both are given); the refusal is said on `refused`."""

    earlier: str
    later: str
    refused: str
    message: str = BEFORE  # N_ text; {field} is the label of the other field


DATE_ORDERS: dict[str, tuple[DateOrder, ...]] = {
    "association": (DateOrder("registration_date", "status_date", "status_date"),),
    "event": (DateOrder("start_date", "end_date", "end_date"),),
    "membership": (
        DateOrder("admitted_on", "left_on", "left_on"),
        DateOrder("admitted_on", "roles_since", "roles_since", N_("Roles cannot be held before admission.")),
    ),
    "meeting": (
        DateOrder("notice_date", "date", "date"),
        DateOrder(
            "requested_on", "date", "requested_on", N_("The request cannot come after the session's date.")
        ),
        DateOrder(
            "convened_on",
            "date",
            "convened_on",
            N_("The decision to convene cannot come after the session's date."),
        ),
        DateOrder(
            "requested_on",
            "convened_on",
            "convened_on",
            N_("The decision to convene cannot come before the members' request."),
        ),
    ),
}
"""Per table (the records' table names), the dates that must come in order."""

NOT_IN_FUTURE: dict[str, tuple[str, ...]] = {
    "house": ("opened_on",),
    "association": ("registration_date",),
    "person": ("birth_date",),
}
"""Per table, the dates that must not lie in the future (a day already past when it is entered)."""

HELD_NOT_IN_FUTURE: dict[str, tuple[str, str, str]] = {"event": ("status", "held", "start_date")}
"""Per table: (status column, status, date column): a record in that status must not start in the future (the
refusal is said on the status)."""

BUNDLE_FUTURE_TOLERANCE = dt.timedelta(days=1)
"""How far past the day a bundle was made (its manifest's `created_at`, in UTC) a date may lie before the centre
calls it "in the future": a region's own day runs ahead of UTC (Kazakhstan is UTC+5; any zone is less than a day
ahead), and a form allowed what was not in the future on the region's day. A region's clock running ahead moves
the manifest's time with it, so it is not refused for that."""


def bundle_reference_day(created: dt.datetime) -> dt.date:
    """The last day a bundle made at `created` (by the region's clock) may hold for "not in the future"."""
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC)
    return created.date() + BUNDLE_FUTURE_TOLERANCE


def _as_stored(day: dt.date, sample: Any) -> Any:
    """`day` as a column holds its dates (SQLite: ISO text; other databases: dates)."""
    return day.isoformat() if isinstance(sample, str) else day


def column_date_problem(
    table: str, columns: dict[str, list[Any]], reference_day: dt.date
) -> tuple[str, int, str, str] | None:
    """The first row of `table`'s columns (stored values: ISO texts on SQLite, dates elsewhere, None when empty)
    that breaks a date rule: (refused column, row index, untranslated message, the other field for {field}),
    or None. Each rule is one pass over two columns; nothing is looped over when every row passes."""
    for rule in DATE_ORDERS.get(table, ()):
        earlier, later = columns.get(rule.earlier), columns.get(rule.later)
        if earlier is None or later is None:
            continue
        bad = next(
            (
                i
                for i, (a, b) in enumerate(zip(earlier, later, strict=True))
                if a is not None and b is not None and b < a
            ),
            None,
        )
        if bad is not None:
            other = rule.earlier if rule.refused == rule.later else rule.later
            return rule.refused, bad, rule.message, other
    for column in NOT_IN_FUTURE.get(table, ()):
        values = columns.get(column)
        if not values:
            continue
        present = [v for v in values if v is not None]
        if not present:
            continue
        limit = _as_stored(reference_day, present[0])
        if max(present) > limit:
            return column, next(i for i, v in enumerate(values) if v is not None and v > limit), IN_FUTURE, ""
    if table in HELD_NOT_IN_FUTURE:
        status_column, status, date_column = HELD_NOT_IN_FUTURE[table]
        statuses, days = columns.get(status_column), columns.get(date_column)
        if statuses is not None and days is not None:
            sample = next((v for v in days if v is not None), None)
            if sample is not None:
                limit = _as_stored(reference_day, sample)
                bad = next(
                    (
                        i
                        for i, (s, d) in enumerate(zip(statuses, days, strict=True))
                        if s == status and d is not None and d > limit
                    ),
                    None,
                )
                if bad is not None:
                    return status_column, bad, HELD_IN_FUTURE, ""
    return None
