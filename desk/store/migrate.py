"""Schema migrations with Alembic, run at start; the database file is backed up before any migration.

Migrations live in `desk/store/migrations/versions`. Features developed side by side may each add a migration
on top of the same parent: `upgrade()` applies every head, so the branches need no merge to run.

Alembic (with Mako and its dialects) is imported only when a migration runs: on every other start the check is a
read of `alembic_version` against the heads read from the revision files' `revision`/`down_revision` lines, which
keeps it out of the window's start-up.
"""

from __future__ import annotations

import ast
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from desk.store.db import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
    # PyInstaller build: build.spec puts the scripts (Alembic reads them as files) at this path in the bundle.
    MIGRATIONS = Path(sys._MEIPASS) / "desk" / "store" / "migrations"


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def _downs(down: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    return () if down is None else (down,) if isinstance(down, str) else tuple(down)


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _revision_graph(folder: Path) -> dict[str, tuple[str, ...]] | None:
    """revision → its down revisions, read from the revision files' top-level `revision = "…"` and
    `down_revision = …` lines without importing them; None when a file does not state them as one-line literals
    (then Alembic itself is asked)."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.py")):
        values: dict[str, object] = {}
        for name, value in _ASSIGNMENT.findall(path.read_text(encoding="utf-8")):
            if name in values:
                return None
            try:
                values[name] = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                return None
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str) or "down_revision" not in values:
            return None
        if not (
            down is None
            or isinstance(down, str)
            or (isinstance(down, tuple | list) and all(isinstance(d, str) for d in down))
        ):
            return None
        graph[revision] = _downs(down)  # type: ignore[arg-type]
    return graph


@lru_cache(maxsize=4)
def _known_graph(folder: Path) -> dict[str, tuple[str, ...]]:
    graph = _revision_graph(folder / "versions")
    if graph is not None:
        return graph
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(folder))
    return {
        rev.revision: _downs(rev.down_revision) for rev in ScriptDirectory.from_config(cfg).walk_revisions()
    }


def _heads(folder: Path) -> set[str]:
    graph = _known_graph(folder)
    referenced = {down for downs in graph.values() for down in downs}
    return set(graph) - referenced


def head_revisions(db: Database | None = None) -> set[str]:
    """The newest revisions this program has (every branch's head)."""
    return _heads(MIGRATIONS)


def known_revisions() -> set[str]:
    """Every revision this program has (a database at any of them can be brought up to date)."""
    return set(_known_graph(MIGRATIONS))


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
