"""Copying a data folder's SQLite database into an empty PostgreSQL database, as it is: every table, every row,
the change counter, the audit log and the search entries (the server's `tsvector` follows from the words).

It is a move of the storage, not a write of records: the rows keep their change counters, times and audit lines,
so the store's write path (desk.store.db's flush hooks, desk.store.bulk) must not run on them — it would stamp
them anew. The whole copy is one transaction on the server, the schema's creation by the same migrations
included: a failure or a Cancel half-way rolls back to the empty database it found, and the SQLite file is only
read. Row counts are compared table by table before the commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, DateTime, MetaData, Table, func, select, text

from desk.errors import DeskError
from desk.i18n import _
from desk.store.db import Database

BATCH = 2000
"""Rows read from SQLite at a time and streamed into the table's COPY (bounds memory; one progress step each)."""

SKIPPED = frozenset({"alembic_version", "bulk_staged"})
"""Made by the migrations on the server (the schema's revision), or scratch space of one transaction."""

Progress = Callable[[int, int, str], bool]
"""progress(rows done, rows in all, table) → False to stop (the copy is then rolled back)."""


class CopyStopped(Exception):
    """The caller's progress callback asked to stop: the server's transaction was rolled back."""


class CopyMismatch(DeskError):
    """A table's row count on the server differs from SQLite's after the copy: nothing was committed."""


@dataclass(frozen=True)
class Copied:
    tables: dict[str, int]  # rows per table, as counted on both sides

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def source_tables(source: Database) -> list[str]:
    """The SQLite database's own tables (not the search index's FTS5 tables, which PostgreSQL does not have)."""
    with source.engine.connect() as conn:
        names = [
            str(r[0])
            for r in conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    "AND name NOT LIKE 'search_fts%' ORDER BY name"
                )
            )
        ]
    return [n for n in names if n not in SKIPPED]


def count_rows(conn: Connection, tables: list[str]) -> dict[str, int]:
    return {name: int(conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()) for name in tables}  # noqa: S608


def copy_into(
    source: Database,
    target: Database,
    *,
    make_schema: Callable[[Connection], None],
    progress: Progress | None = None,
    batch: int = BATCH,
) -> Copied:
    """Copy every row of `source` (SQLite) into `target` (an empty PostgreSQL database) in one transaction.
    `make_schema(conn)` creates the schema on the server inside that transaction (the migrations). Raises
    CopyStopped when `progress` returns False, CopyMismatch when a count differs; either way nothing stays."""
    if not source.is_sqlite or target.engine.dialect.name != "postgresql":
        raise ValueError("the copy goes from a SQLite file to a PostgreSQL database")
    names = source_tables(source)
    with source.engine.connect() as src:
        # one read transaction: the counts and the rows are of one moment
        src.exec_driver_sql("BEGIN")
        expected = count_rows(src, names)
        total = sum(expected.values())
        with target.engine.connect() as dst:
            with dst.begin():
                make_schema(dst)
                meta = MetaData()
                meta.reflect(dst)
                missing = [n for n in names if n not in meta.tables]
                if missing:
                    raise DeskError(
                        _("The server's schema lacks tables of the folder's database: {tables}.").format(
                            tables=", ".join(missing)
                        )
                    )
                for name in names:  # rows the migrations wrote (none today) give way to the folder's own
                    dst.execute(meta.tables[name].delete())
                order = [t for t in meta.sorted_tables if t.name in expected]
                done = 0
                for table in order:
                    done = _copy_table(src, dst, table, done, total, progress, batch)
                _follow_sequences(dst, order)
                found = count_rows(dst, names)
                wrong = {n: (expected[n], found[n]) for n in names if found[n] != expected[n]}
                if wrong:
                    raise CopyMismatch(
                        "; ".join(
                            _("{table}: {here} rows in the file, {there} on the server").format(
                                table=n, here=a, there=b
                            )
                            for n, (a, b) in wrong.items()
                        )
                    )
        src.exec_driver_sql("COMMIT")
    return Copied(expected)


def _copy_table(
    src: Connection,
    dst: Connection,
    table: Table,
    done: int,
    total: int,
    progress: Progress | None,
    batch: int,
) -> int:
    """Copy one table, streamed in batches (read through the server's column types, so SQLite's text dates and
    integer flags arrive as dates and booleans); returns the rows done so far."""
    src_columns = {str(r[1]) for r in src.exec_driver_sql(f'PRAGMA table_info("{table.name}")')}
    columns = [c for c in table.columns if c.name in src_columns and c.computed is None]
    lacking = [
        c.name for c in table.columns if c.name not in src_columns and not c.nullable and c.computed is None
    ]
    extra = src_columns - {c.name for c in table.columns}
    if extra:
        raise DeskError(
            _("The server's table {table} lacks columns of the folder's database: {columns}.").format(
                table=table.name, columns=", ".join(sorted(extra))
            )
        )
    if lacking and any(table.c[n].server_default is None for n in lacking):
        raise DeskError(
            _("The folder's table {table} lacks columns the server requires: {columns}.").format(
                table=table.name, columns=", ".join(lacking)
            )
        )
    query = select(*columns).select_from(table)
    if not _without_rowid(src, table.name):
        query = query.order_by(text("rowid"))  # as written: the server's copy in the same order
    result = src.execute(query)
    # SQLite keeps UTC times without an offset; given as such to a `timestamp with time zone`, the server would
    # read them in its own time zone (Asia/Almaty: five hours off). They are UTC: said so.
    utc_at = [i for i, c in enumerate(columns) if isinstance(c.type, DateTime) and c.type.timezone]
    names = ", ".join(f'"{c.name}"' for c in columns)
    cursor = dst.connection.driver_connection.cursor()  # type: ignore[union-attr]
    if progress is not None and not progress(done, total, table.name):
        raise CopyStopped()
    # one COPY a table: the server checks its foreign keys at the end of the statement, so a table that refers
    # to itself (an association's parent) needs no order of its rows
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        while True:
            rows = result.fetchmany(batch)
            if not rows:
                break
            for row in rows:
                values = list(row)
                for i in utc_at:
                    value = values[i]
                    if isinstance(value, dt.datetime) and value.tzinfo is None:
                        values[i] = value.replace(tzinfo=dt.UTC)
                copy.write_row(values)
            done += len(rows)
            if progress is not None and not progress(done, total, table.name):
                raise CopyStopped()
    return done


def _without_rowid(src: Connection, name: str) -> bool:
    found = src.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": name}
    ).scalar()
    return "WITHOUT ROWID" in str(found or "").upper()


def _follow_sequences(dst: Connection, tables: list[Table]) -> None:
    """Bring the server's counters past the copied rows: each serial column's sequence, and the change counter
    `desk_usn` to the folder's last change (the migration set it while `meta` was still empty)."""
    for table in tables:
        for column in table.primary_key.columns:
            seq = dst.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": f'"{table.name}"', "c": column.name}
            ).scalar()
            if seq:
                top = dst.execute(select(func.max(column))).scalar()
                dst.execute(
                    text("SELECT setval(CAST(:s AS regclass), :v, :called)"),
                    {"s": seq, "v": int(top or 1), "called": top is not None},
                )
    if dst.execute(text("SELECT to_regclass('desk_usn') IS NOT NULL")).scalar():
        dst.execute(
            text(
                "SELECT setval('desk_usn', GREATEST(1, coalesce((SELECT CAST(value AS BIGINT) FROM meta "
                "WHERE key = 'usn'), 0)), (SELECT count(*) > 0 FROM meta WHERE key = 'usn'))"
            )
        )
