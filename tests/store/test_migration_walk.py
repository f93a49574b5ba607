"""Every revision walks up to the head: from an empty database, and from a database made at each old revision with a
row in every table. The data survives and the schema ends the same as a new database's (issue 16)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, MetaData, Numeric, inspect, text

from desk.store import migrate
from desk.store.db import Database


def _revisions_oldest_first() -> list[str]:
    return [rev.revision for rev in reversed(list(migrate.script_directory().walk_revisions()))]


def _schema(db: Database) -> dict[str, set[str]]:
    insp = inspect(db.engine)
    return {
        t: {c["name"] for c in insp.get_columns(t)}
        for t in insp.get_table_names()
        if not t.startswith("search_fts")  # FTS5's own shadow tables
    }


def _value(column: Any, n: int) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer):
        return n
    if isinstance(kind, Numeric | Float):
        return n
    if isinstance(kind, DateTime):
        return dt.datetime(2020, 1, 1, 9, 0)
    if isinstance(kind, Date):
        return dt.date(2020, 1, 1)
    length = getattr(kind, "length", None) or 40
    return f"v{n}-{column.name}"[:length]


def _fill_every_table(db: Database) -> dict[str, int]:
    """One row in every table of this revision, parents first, foreign keys pointing at the parents' rows."""
    meta = MetaData()
    counts: dict[str, int] = {}
    with db.engine.begin() as conn:
        meta.reflect(conn)
        made: dict[tuple[str, str], Any] = {}
        for n, table in enumerate(meta.sorted_tables, start=1):
            if table.name == "alembic_version" or table.name.startswith("search_fts"):
                continue
            row: dict[str, Any] = {}
            for column in table.columns:
                fks = list(column.foreign_keys)
                if fks:
                    target = fks[0].column
                    key = (target.table.name, target.name)
                    if key in made:
                        row[column.name] = made[key]
                        continue
                    if column.nullable:
                        continue
                if column.primary_key and isinstance(column.type, Integer) and len(table.primary_key) == 1:
                    continue  # rowid
                row[column.name] = _value(column, n)
            if table.name == "meta":
                row = {"key": "walk-test", "value": "kept"}
            conn.execute(table.insert().values(**row))
            for column in table.columns:
                if column.name in row:
                    made[(table.name, column.name)] = row[column.name]
            counts[table.name] = conn.execute(text(f"SELECT count(*) FROM {table.name}")).scalar_one()  # noqa: S608
    return counts


@pytest.fixture(scope="module")
def head_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    db = Database(tmp_path_factory.mktemp("head") / "desk.sqlite3")
    migrate.upgrade(db)
    try:
        return _schema(db)
    finally:
        db.dispose()


def test_the_revisions_have_one_base_and_one_head():
    """Old branches (features that each added a revision) are joined by merge revisions: one head."""
    revisions = _revisions_oldest_first()
    assert revisions[-1] == migrate.HEAD
    assert migrate.script_directory().get_bases() == [revisions[0]]
    assert migrate.script_directory().get_heads() == [migrate.HEAD]


def test_an_empty_database_walks_up_one_revision_at_a_time(tmp_path: Path, head_schema):
    db = Database(tmp_path / "desk.sqlite3")
    try:
        for revision in _revisions_oldest_first():
            migrate.upgrade(db, revision)
            with db.engine.connect() as conn:
                assert revision in migrate.current_revisions(conn)
        assert _schema(db) == head_schema
        assert not migrate.needs_upgrade(db)
    finally:
        db.dispose()


@pytest.mark.parametrize("revision", _revisions_oldest_first()[:-1])
def test_a_database_made_at_an_old_revision_with_data_in_every_table_reaches_head(
    tmp_path: Path, revision: str, head_schema
):
    db = Database(tmp_path / "desk.sqlite3")
    try:
        migrate.upgrade(db, revision)
        before = _fill_every_table(db)
        assert before and all(count == 1 for count in before.values())
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            assert migrate.current_revisions(conn) == {migrate.HEAD}
            for table, count in before.items():
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() >= count, table  # noqa: S608
            assert conn.execute(text("SELECT value FROM meta WHERE key = 'walk-test'")).scalar() == "kept"
        assert _schema(db) == head_schema
    finally:
        db.dispose()
