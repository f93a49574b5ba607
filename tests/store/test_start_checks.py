"""What a start does before the window shows, kept cheap and still safe: the schema check compares the database's
revision with `migrate.HEAD` without Alembic, and the day's backup taken in the background holds writes until it is written."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desk.services import backups
from desk.store import migrate


def test_head_is_alembics_one_and_only_head():
    """A new revision without moving `migrate.HEAD` (or a second head) fails here, not on a clerk's PC."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_heads() == [migrate.HEAD]
    assert migrate.head_revisions() == {migrate.HEAD}
    assert migrate.known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_opening_an_up_to_date_folder_does_not_import_alembic(workspace):
    workspace.close()
    code = (
        "import sys; from pathlib import Path; from desk.services.workspace import open_workspace; "
        f"ws = open_workspace(Path({str(workspace.home.root)!r})); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako', 'openpyxl')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=dict(os.environ)
    )
    assert done.stdout.strip() == "[]"


def test_an_old_schema_is_still_upgraded(workspace):
    with workspace.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE alembic_version SET version_num = '0002_governance' WHERE version_num = :v"),
            {"v": sorted(migrate.head_revisions())[0]},
        )
    assert migrate.needs_upgrade(workspace.db)


def test_the_background_daily_backup_holds_writes_until_it_is_written(workspace):
    path = workspace.home.database
    work = backups.begin_daily_backup(workspace)
    assert work is not None
    writer = sqlite3.connect(str(path), timeout=0.1)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        writer.execute("INSERT INTO meta (key, value) VALUES ('written', 'early')")
    writer.rollback()
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(work()))
    thread.start()
    thread.join()
    backup = result[0]
    assert backup is not None and backup.name.endswith("-daily.sqlite3")
    writer.execute("INSERT INTO meta (key, value) VALUES ('written', 'after')")
    writer.commit()
    writer.close()
    copy = sqlite3.connect(str(backup))
    assert copy.execute("SELECT COUNT(*) FROM meta WHERE key = 'written'").fetchone() == (0,)
    copy.close()
    assert backups.begin_daily_backup(workspace) is None  # today's is there now
