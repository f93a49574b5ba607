"""Schema migrations with Alembic, run at start; the database file is backed up before any migration.

Migrations live in `desk/store/migrations/versions`. Features developed side by side may each add a migration
on top of the same parent: `upgrade()` applies every head, so the branches need no merge to run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from desk.store.db import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
    # PyInstaller build: build.spec puts the scripts (Alembic reads them as files) at this path in the bundle.
    MIGRATIONS = Path(sys._MEIPASS) / "desk" / "store" / "migrations"


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revisions(db: Database) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(db)).get_heads())


def known_revisions() -> set[str]:
    """Every revision this program has (a database at any of them can be brought up to date)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


def current_revisions(conn: Connection) -> set[str]:
    return set(MigrationContext.configure(conn).get_current_heads())


def schema_version(db: Database) -> str:
    """The schema's revisions as one string (exports carry it)."""
    with db.engine.connect() as conn:
        return "+".join(sorted(current_revisions(conn)))


def needs_upgrade(db: Database) -> bool:
    with db.engine.connect() as conn:
        return current_revisions(conn) != head_revisions(db)


def upgrade(db: Database, target: str = "heads", *, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to `target`. An existing SQLite database that needs a migration is backed up first;
    returns that backup's path (None when nothing was backed up)."""
    backup_path = None
    if target == "heads" and not needs_upgrade(db):
        return None
    path = db.path
    if backup_dir is not None and path is not None and path.exists():
        with db.engine.connect() as conn:
            has_schema = bool(current_revisions(conn))
        if has_schema:
            from desk.store.backup import backup_database

            backup_path = backup_database(db, backup_dir, reason="pre-migration")
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup_path
