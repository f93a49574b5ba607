"""The links a bundle makes between records (its foreign keys), checked before anything is written.

A row may link only to a record that will exist once the bundle is applied: one the bundle carries (and does not
delete), or one the central office holds (and the bundle does not delete: a tombstone, or a full bundle leaving out
a record of its region). A record the bundle deletes may not stay linked from a record that remains. `central
verify` and `central import` run the same check, so both give the same verdict, on SQLite (whose foreign keys are
checked only at commit) and PostgreSQL alike, and the refusal names the file, the record and the link. A record id
names one record whatever its table: a bundle's searchable record may not take the id of another kind of record the
centre holds (its search entry would silently replace that record's).

`Collector` wraps the stage `open_bundle` hands the checked rows to and keeps, per (table, column), each linked id
with the first record linking to it: ids only, never the rows' values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import ARRAY

from desk.domain.records import SEARCHABLE, SYNCED_TABLES, SearchDoc, SyncedRecord, table_name, table_of
from desk.domain.validation import field_label
from desk.i18n import _
from desk.store import quarter_guard
from desk.sync.errors import BundleRefused
from desk.sync.manifest import payload_file

Links = dict[tuple[str, str], dict[str, str]]
"""(table, column) → {linked id: the id of the first record linking to it}."""

_CHUNK = 5000
"""Ids a query names at once (SQLite takes 32,766 parameters; fewer queries make an import of 60,000 rows faster)."""


@cache
def foreign_keys(table: str) -> tuple[tuple[str, str], ...]:
    """(column, target table) of every link of a synced table to a record."""
    cls = next(c for c in SYNCED_TABLES if table_name(c) == table)
    return tuple(
        (fk.parent.name, fk.column.table.name) for fk in table_of(cls).foreign_keys if fk.column.name == "id"
    )


class Collector:
    """A stage that notes the links of each checked chunk, then hands the chunk on to `stage`."""

    def __init__(self, stage: Callable[[type[SyncedRecord], dict[str, list[Any]], int], None]) -> None:
        self.stage = stage
        self.links: Links = {}

    def __call__(self, cls: type[SyncedRecord], columns: dict[str, list[Any]], count: int) -> None:
        table = table_name(cls)
        for column, _target in foreign_keys(table):
            seen = self.links.setdefault((table, column), {})
            for record, value in zip(columns["id"], columns[column], strict=True):
                if value is not None and value not in seen:
                    seen[value] = record
        self.stage(cls, columns, count)


def _rows(conn: sa.Connection, table: str, column: str, values: Iterable[str]) -> list[Any]:
    tbl = table_of(next(c for c in SYNCED_TABLES if table_name(c) == table))
    ordered = sorted(values)
    out: list[Any] = []
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        out.extend(
            conn.execute(select(tbl.c.id, tbl.c.region, tbl.c[column]).where(tbl.c[column].in_(chunk))).all()
        )
    return out


def check_links(conn: sa.Connection, opened: Any) -> None:
    """Refuse (BundleRefused) a bundle (`desk.sync.verify.OpenedBundle`) that links to a record missing once it is
    applied, or deletes a record another one stays linked to. Reads only; nothing is written. Once passed, the
    bundle is not checked again (an import on SQLite checks before its backup, then applies alone in the folder)."""
    if opened.links_checked:
        return
    region, full = opened.manifest.region, opened.manifest.full
    carried: dict[str, set[str]] = {t: set(r.ids) for t, r in opened.rows.items()}
    deleted: dict[str, set[str]] = {}
    for tomb in opened.tombstones:
        deleted.setdefault(tomb["table"], set()).add(tomb["id"])
    alive = {t: ids - deleted.get(t, set()) for t, ids in carried.items()}

    def gone(table: str, record: str, owner: str) -> bool:
        """Whether a record the centre holds is deleted by the bundle (and not carried again)."""
        if record in alive.get(table, ()):
            return False
        return record in deleted.get(table, ()) or (full and owner == region)

    _refuse_ids_of_other_records(conn, alive, opened.unknown_ids)
    _refuse_deletions_in_accepted_quarters(conn, opened, deleted, alive)
    links: Links = opened.links
    for (table, column), linked in links.items():
        target = dict(foreign_keys(table))[column]
        pending = {v for v in linked if v not in alive.get(target, ())}
        if not pending:
            continue
        held = {row[0]: row[1] for row in _rows(conn, target, "id", pending)}
        for value in sorted(pending):
            if value not in held or gone(target, value, held[value]):
                raise BundleRefused(
                    _(
                        "{file}, record {record}: “{column}” ({label}) links to the record {id}, which neither the "
                        "bundle nor the central office holds: refused."
                    ).format(
                        file=payload_file(table),
                        record=linked[value],
                        column=column,
                        label=field_label(column),
                        id=value,
                    )
                )
    # a record the bundle deletes, still linked from a record that stays
    for cls in SYNCED_TABLES:
        child = table_name(cls)
        for column, target in foreign_keys(child):
            doomed = set(deleted.get(target, set())) - alive.get(target, set())
            rows = _rows(conn, child, column, doomed) if doomed else []
            if full:
                rows += _linked_from_elsewhere(conn, child, column, target, region)
            for record, owner, value in rows:
                if value in alive.get(target, ()) or gone(child, record, owner):
                    continue
                raise BundleRefused(
                    _(
                        "The bundle deletes the record {id} ({table}), to which {child} {record} of {owner} still "
                        "links: refused."
                    ).format(id=value, table=target, child=child, record=record, owner=owner)
                )
    opened.links_checked = True


def _linked_from_elsewhere(
    conn: sa.Connection, child: str, column: str, target: str, region: str
) -> list[Any]:
    """(id, region, linked id) of another region's records of `child` linking to a record of `region`."""
    c = table_of(next(x for x in SYNCED_TABLES if table_name(x) == child))
    t = table_of(next(x for x in SYNCED_TABLES if table_name(x) == target)).alias("target")
    return list(
        conn.execute(
            select(c.c.id, c.c.region, c.c[column])
            .join(t, t.c.id == c.c[column])
            .where(t.c.region == region, c.c.region != region)
        ).all()
    )


def _refuse_ids_of_other_records(conn: sa.Connection, alive: dict[str, set[str]], unknown: set[str]) -> None:
    """A searchable record whose id the centre holds for a record of another kind (its search entry, keyed by the
    id alone, would silently replace that record's, which then could no longer be found). Asked of the search
    index as it was before the bundle is written (a server's import asks on a connection of its own, which does
    not see what the import wrote: desk.sync.pipeline), but for the ids in `unknown`, which the import found had
    no search entry before it wrote them."""
    docs = table_of(SearchDoc)
    server = conn.dialect.name == "postgresql"
    for kind, cls in SEARCHABLE.items():
        ids = sorted(alive.get(table_name(cls), set()) - unknown)
        # a server takes the whole list as one array (5,000 bound values a query cost a second per large region)
        for part in [ids] if server and ids else [ids[n : n + _CHUNK] for n in range(0, len(ids), _CHUNK)]:
            which = (
                docs.c.record_id == sa.any_(sa.literal(part, ARRAY(sa.String)))
                if server
                else docs.c.record_id.in_(part)
            )
            row = conn.execute(
                select(docs.c.record_id, docs.c.kind).where(which, docs.c.kind != kind).limit(1)
            ).first()
            if row is not None:
                raise BundleRefused(
                    _(
                        "The record {id} of {file} is already a record of another kind ({kind}): refused."
                    ).format(id=row[0], file=payload_file(table_name(cls)), kind=row[1])
                )


def _refuse_deletions_in_accepted_quarters(
    conn: sa.Connection, opened: Any, deleted: dict[str, set[str]], alive: dict[str, set[str]]
) -> None:
    """A record dated in a quarter the centre accepted may not be deleted (by a tombstone, or by a full bundle that
    leaves it out): the import's delete refuses it (`desk.store.bulk.check_staged_quarters`); said here first, by
    verify and import alike, and as a refused bundle rather than an error stopping the batch."""
    region, full = opened.manifest.region, opened.manifest.full
    if not any(status.locked for status in quarter_guard.read_statuses(conn, region).values()):
        return
    for cls in SYNCED_TABLES:
        table = table_name(cls)
        if not quarter_guard.is_dated(table):
            continue
        tbl = table_of(cls)
        doomed = deleted.get(table, set()) - alive.get(table, set())
        if full:  # the region's records the bundle leaves out (their ids first: most are carried again)
            held = conn.execute(select(tbl.c.id).where(tbl.c.region == region)).scalars()
            doomed |= {record for record in held if record not in alive.get(table, ())}
        ordered = sorted(doomed)
        rows = [
            dict(r._mapping)
            for start in range(0, len(ordered), _CHUNK)
            for r in conn.execute(select(tbl).where(tbl.c.id.in_(ordered[start : start + _CHUNK])))
        ]
        try:
            quarter_guard.check_rows(conn, table, rows)
        except quarter_guard.QuarterLocked as exc:
            raise BundleRefused(
                _(
                    "The bundle of {region} deletes a record of {table} dated in a quarter the centre accepted: {why}"
                ).format(region=region, table=table, why=exc.message)
            ) from None
