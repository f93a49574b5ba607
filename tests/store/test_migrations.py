"""The schema is made and upgraded by Alembic; an old database is backed up, then upgraded, keeping its data."""

from pathlib import Path

from sqlalchemy import inspect, text

from desk.services.workspace import open_workspace
from desk.store.db import Database
from desk.store.home import Home
from desk.store.migrate import head_revisions, needs_upgrade, schema_version, upgrade


def test_a_database_of_the_first_revision_is_backed_up_and_upgraded(tmp_path: Path):
    home = Home(tmp_path / "old")
    home.ensure()
    db = Database(home.database)
    upgrade(db, "0001_registry")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('region', 'KZ-35'), ('mode', 'region')"))
        conn.execute(
            text(
                "INSERT INTO person (id, region, created_at, updated_at, usn, surname, given_name, patronymic, sort_name,"
                " sex, workplace, position, phone, email, notes)"
                " VALUES ('p1', 'KZ-35', '2020-01-01', '2020-01-01', 1, 'Ким', 'Ольга', '', 'ким', 'f', '', '', '', '', '')"
            )
        )
    assert "membership" not in inspect(db.engine).get_table_names()
    db.dispose()

    ws = open_workspace(home.root)
    try:
        assert not needs_upgrade(ws.db)
        tables = inspect(ws.db.engine).get_table_names()
        assert {"membership", "meeting", "attendance", "decision", "executionitem"} <= set(tables)
        with ws.db.engine.connect() as conn:
            assert conn.execute(text("SELECT surname FROM person WHERE id = 'p1'")).scalar() == "Ким"
        assert ws.migration_backup is not None and ws.migration_backup.exists()
        assert ws.migration_backup.parent == home.backups
        assert schema_version(ws.db) == "+".join(sorted(head_revisions(ws.db)))
    finally:
        ws.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(workspace):
    with workspace.db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
