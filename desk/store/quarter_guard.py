"""The store's side of the quarter rules (`desk.domain.quarters`): every write of a record dated in a quarter the
centre accepted is refused, and a write dated in a submitted quarter is warned about.

Called by the flush hook of `desk.store.db` (every write through the session) and by the bulk paths
(`desk.store.bulk`: the bulk delete of an import's undo, and the bulk insert of a spreadsheet import), so no
write path can change an accepted quarter. The quarters' states are read from `quarter_submission` and
`quarter_decision` (small tables; only the columns the rules need).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, inspect, select
from sqlalchemy.orm import Session as OrmSession

from desk.domain import quarters as rules
from desk.domain.records import (
    Meeting,
    QuarterDecision,
    QuarterSubmission,
    SyncedRecord,
    table_name,
    table_of,
)
from desk.errors import DeskError


class QuarterLocked(DeskError):
    """A write to a record dated in an accepted quarter. The transaction is rolled back: nothing was changed."""


def _utc(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def read_statuses(
    conn: Connection, region: str | None = None
) -> dict[tuple[str, rules.Period], rules.QuarterStatus]:
    """The status of every (region, quarter) that was ever submitted; `region` limits it to one region."""
    s, d = table_of(QuarterSubmission), table_of(QuarterDecision)
    q_s = select(s.c.id, s.c.region, s.c.year, s.c.quarter, s.c.version, s.c.submitted_at)
    q_d = select(
        d.c.id, d.c.region, d.c.year, d.c.quarter, d.c.submission_id, d.c.action, d.c.decided_at, d.c.comment
    )
    if region is not None:
        q_s, q_d = q_s.where(s.c.region == region), q_d.where(d.c.region == region)
    subs = [
        rules.Submitted(r.id, r.region, rules.Period(r.year, r.quarter), r.version, _utc(r.submitted_at))
        for r in conn.execute(q_s)
    ]
    if not subs:
        return {}
    decs = [
        rules.Decided(
            r.id,
            r.region,
            rules.Period(r.year, r.quarter),
            r.submission_id,
            r.action,
            _utc(r.decided_at),
            r.comment,
        )
        for r in conn.execute(q_d)
    ]
    return rules.statuses(subs, decs)


def _meeting_day(session: OrmSession, meeting_id: Any) -> dt.date | None:
    if not meeting_id:
        return None
    with session.no_autoflush:
        meeting = session.get(Meeting, meeting_id)
    return meeting.date if meeting is not None else None


def _days(session: OrmSession, obj: SyncedRecord, *, old: bool) -> set[dt.date]:
    """The days `obj` is dated on now, and (for a changed record, `old`) the days it was dated on before."""
    table = table_name(obj)
    state = inspect(obj)
    current = {a.key: getattr(obj, a.key) for a in state.mapper.column_attrs}
    values = [current]
    if old:
        before = dict(current)
        for attr in state.mapper.column_attrs:
            hist = state.attrs[attr.key].history
            if hist.deleted:
                before[attr.key] = hist.deleted[0]
        values.append(before)
    days: set[dt.date] = set()
    for v in values:
        if table in rules.MEETING_CHILDREN:
            day = _meeting_day(session, v.get("meeting_id"))
            if day is not None:
                days.add(day)
        else:
            days |= rules.days_of(table, v)
    return days


def is_dated(table: str) -> bool:
    """Whether records of `table` are dated in a quarter (and so can be locked)."""
    return table in rules.DATED_COLUMNS or table in rules.MEETING_CHILDREN or table == "planitem"


def _dated(obj: SyncedRecord) -> bool:
    return is_dated(table_name(obj))


def check_flush(
    session: OrmSession,
    new: Iterable[SyncedRecord],
    dirty: Iterable[SyncedRecord],
    deleted: Iterable[SyncedRecord],
) -> None:
    """Refuse the flush when a record dated in an accepted quarter is created, changed or deleted (the message
    names the quarter, the day it was accepted and what to do); note a warning for a submitted quarter."""
    touched = [(o, False) for o in new if _dated(o)]
    touched += [(o, True) for o in dirty if _dated(o)]
    touched += [(o, True) for o in deleted if _dated(o)]
    if not touched:
        return
    with session.no_autoflush:
        known = read_statuses(session.connection())
    if not known:
        return
    for obj, old in touched:
        for day in sorted(_days(session, obj, old=old)):
            if not rules.can_be_submitted(day):
                continue
            status = known.get((obj.region, rules.Period.of(day)))
            if status is None:
                continue
            if status.locked:
                raise QuarterLocked(rules.locked_message(status))
            if status.state == rules.SUBMITTED:
                _warn(session, rules.submitted_warning(status))


def check_rows(conn: Connection, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """The bulk form of `check_flush`: rows (column values with `region`) about to be inserted or deleted."""
    rows = list(rows)
    if not rows or not is_dated(table):
        return
    known = read_statuses(conn)
    if not known:
        return
    meeting_days: dict[str, dt.date] = {}
    if table in rules.MEETING_CHILDREN:
        ids = sorted({str(r.get("meeting_id")) for r in rows if r.get("meeting_id")})
        m = table_of(Meeting)
        for start in range(0, len(ids), 500):
            for mid, day in conn.execute(
                select(m.c.id, m.c.date).where(m.c.id.in_(ids[start : start + 500]))
            ):
                meeting_days[mid] = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    for row in rows:
        if table in rules.MEETING_CHILDREN:
            day = meeting_days.get(str(row.get("meeting_id")))
            days = {day} if day is not None else set()
        else:
            days = rules.days_of(table, row)
        for day in sorted(days):
            if not rules.can_be_submitted(day):
                continue
            status = known.get((str(row.get("region")), rules.Period.of(day)))
            if status is not None and status.locked:
                raise QuarterLocked(rules.locked_message(status))


# --- warnings, said after the commit ---------------------------------------------------------------------------

_listeners: list[Callable[[list[str]], None]] = []


def on_warning(listener: Callable[[list[str]], None]) -> Callable[[], None]:
    """Call `listener(sentences)` after a commit that changed records dated in a submitted quarter; returns a
    remover. The window shows them, the command line prints them."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def _warn(session: OrmSession, sentence: str) -> None:
    found: list[str] = session.info.setdefault("quarter_warnings", [])
    if sentence not in found:
        found.append(sentence)


def after_commit(session: OrmSession) -> None:
    sentences: list[str] = session.info.pop("quarter_warnings", [])
    if sentences:
        for listener in list(_listeners):
            listener(list(sentences))


def after_rollback(session: OrmSession) -> None:
    session.info.pop("quarter_warnings", None)
