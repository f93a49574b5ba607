"""What a central import and `central verify` say about a bundle that passes every check, without refusing it:
the warnings a clerk at the centre must read, so that nothing changes silently.

- Records dated in a quarter the centre accepted that the bundle creates or changes: a region may edit after it
  submitted (it is warned there), and the centre's acceptance may cross the bundle in the post, so refusing would
  block the region's sync; but the centre's register then no longer matches the quarter's frozen figures, and says
  so ("the accepted figures stay as submitted"). Deletions of such records are refused (`desk.sync.links`).
- Codes of the lists the central office sends (ethnic groups, event types, districts, responsible bodies) that the
  centre's list in force does not know (`desk.domain.column_rules.unknown_list_codes`): stored as they come (a region
  may work under an older list), shown as the bare code in the centre's lists and reports.

Cheap on a large import: the bundle's side is the few columns `verify` kept per dated table (ids, dates, the time of
the last change), the centre's side one query per dated table (its records in the accepted quarters).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import sqlalchemy as sa
from sqlalchemy import and_, or_, select

from desk.domain import quarters as rules
from desk.domain.quarters import Period, QuarterStatus, moment_text
from desk.domain.records import (
    SYNCED_TABLES,
    Meeting,
    QuarterSubmission,
    SyncedRecord,
    table_name,
    table_of,
)
from desk.i18n import _, ngettext
from desk.services.reference_data import KIND_NAMES
from desk.store import quarter_guard
from desk.sync.manifest import payload_file

_TABLES: dict[str, type[SyncedRecord]] = {table_name(cls): cls for cls in SYNCED_TABLES}


def kept_columns(table: str) -> tuple[str, ...]:
    """The columns of `table`'s rows `desk.sync.verify` keeps for these notices (none for an undated table)."""
    if table == "quarter_submission":
        return ("id", "year", "quarter")
    if not quarter_guard.is_dated(table):
        return ()
    if table in rules.MEETING_CHILDREN:
        return ("id", "updated_at", "meeting_id")
    if table == "planitem":
        return ("id", "updated_at", "year", "quarter")
    return ("id", "updated_at", *rules.DATED_COLUMNS[table])


def _period(value: Any) -> Period | None:
    """The quarter of a stored date (ISO text on SQLite, a date elsewhere), or None."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return Period(int(value[:4]), (int(value[5:7]) - 1) // 3 + 1)
        except ValueError:
            return None
    return Period(value.year, (value.month - 1) // 3 + 1)


def _moment(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _in_periods(column: sa.ColumnElement[Any], periods: list[Period]) -> sa.ColumnElement[bool]:
    return or_(*(column.between(p.start, p.end) for p in periods))


def _held(
    conn: sa.Connection, table: str, region: str, periods: list[Period]
) -> dict[str, tuple[dt.datetime | None, set[Period]]]:
    """The region's records of `table` the centre holds dated in one of `periods`: id → (last change, quarters).
    One query."""
    tbl = table_of(_TABLES[table])
    wanted = set(periods)
    out: dict[str, tuple[dt.datetime | None, set[Period]]] = {}
    if table in rules.MEETING_CHILDREN:
        m = table_of(Meeting)
        stmt = (
            select(tbl.c.id, tbl.c.updated_at, m.c.date)
            .join(m, m.c.id == tbl.c.meeting_id)
            .where(tbl.c.region == region, _in_periods(m.c.date, periods))
        )
        for record, updated, day in conn.execute(stmt):
            out[record] = (_moment(updated), {p for p in (_period(day),) if p in wanted})
        return out
    if table == "planitem":
        stmt = select(tbl.c.id, tbl.c.updated_at, tbl.c.year, tbl.c.quarter).where(
            tbl.c.region == region,
            or_(*(and_(tbl.c.year == p.year, tbl.c.quarter == p.quarter) for p in periods)),
        )
        for row in conn.execute(stmt):
            out[row[0]] = (_moment(row[1]), {Period(int(row[2]), int(row[3]))})
        return out
    dated = rules.DATED_COLUMNS[table]
    stmt = select(tbl.c.id, tbl.c.updated_at, *(tbl.c[c] for c in dated)).where(
        tbl.c.region == region, or_(*(_in_periods(tbl.c[c], periods) for c in dated))
    )
    for record, updated, *days in conn.execute(stmt):
        out[record] = (_moment(updated), {p for p in map(_period, days) if p in wanted})
    return out


def accepted_quarter_changes(conn: sa.Connection, opened: Any) -> list[str]:
    """A sentence per accepted quarter of the bundle's region whose records the bundle creates or changes (moving a
    record into or out of the quarter counts): how many, and when the centre accepted it; not for a quarter the
    bundle submits again (a correction: the centre decides on it anew). Reads only; call it
    before the bundle is applied (or on another connection than the import's, which sees the centre as it was)."""
    region = opened.manifest.region
    accepted: dict[Period, QuarterStatus] = {
        period: status
        for (_r, period), status in quarter_guard.read_statuses(conn, region).items()
        if status.locked
    }
    # a correction submitted again (a submission the centre does not hold yet): the centre decides on it anew
    submitted = opened.rows.get("quarter_submission")
    if submitted is not None and submitted.kept:
        subs = table_of(QuarterSubmission)
        held_subs = set(conn.execute(select(subs.c.id).where(subs.c.region == region)).scalars())
        kept = submitted.kept
        for record, year, quarter in zip(kept["id"], kept["year"], kept["quarter"], strict=True):
            if record not in held_subs:
                accepted.pop(Period(year, quarter), None)
    if not accepted:
        return []
    periods = sorted(accepted, key=lambda p: (p.year, p.quarter))
    changed: Counter[Period] = Counter()
    meeting_periods: dict[str, Period | None] = {}
    held_meetings: dict[str, tuple[dt.datetime | None, set[Period]]] = {}
    order = ["meeting"] + [t for t in _TABLES if t != "meeting"]
    for table in order:
        if not quarter_guard.is_dated(table):
            continue
        part = opened.rows.get(table)
        held = _held(conn, table, region, periods)
        if table == "meeting":
            held_meetings = held
        if part is None or not part.kept:
            continue
        kept = part.kept
        ids, updated = kept["id"], kept["updated_at"]
        if table in rules.MEETING_CHILDREN:
            meeting_ids = kept["meeting_id"]
            new_periods = []
            for meeting in meeting_ids:
                if meeting in meeting_periods:
                    its = meeting_periods[meeting]
                else:
                    its = next(iter(held_meetings.get(meeting, (None, set()))[1]), None)
                new_periods.append({its} if its is not None and its in accepted else set())
        elif table == "planitem":
            new_periods = [
                {p}
                if (p := Period(y, q) if isinstance(y, int) and q in (1, 2, 3, 4) else None) in accepted
                else set()
                for y, q in zip(kept["year"], kept["quarter"], strict=True)
            ]
        else:
            columns = [kept[c] for c in rules.DATED_COLUMNS[table]]
            new_periods = [
                {p for p in map(_period, days) if p in accepted} for days in zip(*columns, strict=True)
            ]
        if table == "meeting":
            meeting_periods = {
                record: next(iter(found), None) for record, found in zip(ids, new_periods, strict=True)
            }
        for record, stamp, found in zip(ids, updated, new_periods, strict=True):
            before = held.get(record)
            if before is None:
                if found:
                    changed.update(found)
            elif _moment(stamp) != before[0]:
                changed.update(found | before[1])
    out = []
    for period in periods:
        if changed[period]:
            status = accepted[period]
            when = status.decision.decided_at if status.decision else None
            out.append(
                ngettext(
                    "The bundle changes {count} record dated in {quarter}, which the centre accepted on {date}; "
                    "the accepted figures stay as submitted.",
                    "The bundle changes {count} records dated in {quarter}, which the centre accepted on {date}; "
                    "the accepted figures stay as submitted.",
                    changed[period],
                ).format(
                    count=changed[period], quarter=period.label(), date=moment_text(when) if when else "?"
                )
            )
    return out


def unknown_codes(opened: Any) -> list[str]:
    """A sentence per code of a centre-sent list the centre's list in force does not know, with its rows."""
    out = []
    for table, part in opened.rows.items():
        for (column, kind, code), count in sorted(part.unknown_codes.items()):
            out.append(
                ngettext(
                    "{file}: {count} record holds “{code}” in “{column}”, a code the centre's list of {kind} does "
                    "not know (the region may work under an older list): stored as it is, shown as the bare code "
                    "in the centre's lists and reports.",
                    "{file}: {count} records hold “{code}” in “{column}”, a code the centre's list of {kind} does "
                    "not know (the region may work under an older list): stored as it is, shown as the bare code "
                    "in the centre's lists and reports.",
                    count,
                ).format(
                    file=payload_file(table),
                    count=count,
                    code=code[:40],
                    column=column,
                    kind=_(KIND_NAMES[kind]),
                )
            )
    return out


def notices(conn: sa.Connection, opened: Any) -> list[str]:
    """Every warning about a bundle that passed its checks (see the module's docstring)."""
    return accepted_quarter_changes(conn, opened) + unknown_codes(opened)
