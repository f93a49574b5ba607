"""Schema migrations with Alembic, run at start; the database file is backed up before any migration.

Migrations live in `desk/store/migrations/versions` and form one chain with one head (a newcomer's
`alembic revision` works; two features adding a migration each are merged by a merge revision).

Alembic (with Mako and its dialects and every revision file) costs about a second to load, so a start does not load
it: it compares the database's `alembic_version` with `HEAD`, the newest revision, named here. A test asks Alembic's
own script directory for its head and fails when a new revision was added without moving `HEAD`. Anything else —
a database at another revision, knowing which revisions exist, upgrading — asks Alembic itself.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from desk.store.db import Database
from desk.store.schema_head import HEAD as HEAD

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
    # PyInstaller build: build.spec puts the scripts (Alembic reads them as files) at this path in the bundle.
    MIGRATIONS = Path(sys._MEIPASS) / "desk" / "store" / "migrations"


def alembic_config(db: Database | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if db is not None:
        cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


@cache
def script_directory() -> ScriptDirectory:
    """Alembic's view of this program's revisions."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revisions(db: Database | None = None) -> set[str]:
    """The newest revision this program has, as a set (as Alembic's `heads`)."""
    return {HEAD}


def known_revisions() -> set[str]:
    """Every revision this program has (a database at any of them can be brought up to date)."""
    return {rev.revision for rev in script_directory().walk_revisions()}


def current_revisions(conn: Connection) -> set[str]:
    """The revisions the database is at (empty for a database without a schema yet)."""
    if conn.dialect.name == "sqlite":
        found = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        )
        if found.first() is None:
            return set()
        return {str(row[0]) for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    from alembic.runtime.migration import MigrationContext

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
    from alembic import command

    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup_path


def upgrade_on(conn: Connection) -> None:
    """Bring the schema of the database behind `conn` to the newest revision inside the caller's transaction
    (a copy to a server creates the schema and the rows in one transaction: desk.store.transfer)."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "heads")
