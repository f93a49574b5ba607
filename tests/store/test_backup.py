"""Backups: consistent files readable by the user alone, kept by the retention rule, taken once a day and before
migrations and imports; a restore checks the file first, keeps the current database aside and never leaves half."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desk.cli import main
from desk.domain.records import Association
from desk.errors import DeskError
from desk.services import backups
from desk.services.workspace import open_workspace
from desk.setup_region import init_region
from desk.store import backup as store
from desk.store.backup import BackupFile, backups_to_keep

UTC = dt.UTC


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _add_association(ws, name: str) -> None:
    with ws.db.transact() as session:
        session.add(Association(region=ws.region, name_ru=name, ethnic_group="korean"))


# --- the retention rule -------------------------------------------------------------------------------------------


def _fake(when: dt.datetime, reason: str = "daily") -> BackupFile:
    return BackupFile(path=Path(f"/b/{when.isoformat()}-{reason}"), taken_at=when, reason=reason, size=1)


def test_retention_keeps_the_newest_of_each_of_the_last_days_and_months():
    now = dt.datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
    # two backups a day at 06:00 and 09:00 UTC for 100 days back
    taken = [
        dt.datetime(2025, 6, 30, h, 0, tzinfo=UTC) - dt.timedelta(days=d) for d in range(100) for h in (6, 9)
    ]
    files = [_fake(t) for t in taken]
    keep = backups_to_keep(files, keep_daily=14, keep_monthly=12, now=now, tz=UTC)
    kept = sorted((f.taken_at for f in files if f.path in keep), reverse=True)
    # the last day: both (younger than a day); 13 more days: the 09:00 one; older months: the newest of each
    day_window = [t for t in kept if t > now - dt.timedelta(days=14)]
    assert len(day_window) == 15
    assert all(t.hour == 9 for t in day_window if t < now - dt.timedelta(days=1))
    older = [t for t in kept if t <= now - dt.timedelta(days=14)]
    # June is already represented by today's; May, April and March (the 100 days reach 22 March)
    assert older == [
        dt.datetime(2025, 5, 31, 9, tzinfo=UTC),
        dt.datetime(2025, 4, 30, 9, tzinfo=UTC),
        dt.datetime(2025, 3, 31, 9, tzinfo=UTC),
    ]


def test_retention_counts_days_that_have_backups_and_honours_the_limits_exactly():
    now = dt.datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
    # one backup every third day: the 3 newest days are kept with keep_daily=3, the 4th is not
    files = [_fake(now - dt.timedelta(days=3 * i, hours=30)) for i in range(10)]
    keep = backups_to_keep(files, keep_daily=3, keep_monthly=0, now=now, tz=UTC)
    assert keep == {f.path for f in files[:3]}
    assert backups_to_keep(files, keep_daily=0, keep_monthly=0, now=now, tz=UTC) == set()
    monthly = backups_to_keep(files, keep_daily=0, keep_monthly=1, now=now, tz=UTC)
    assert monthly == {files[0].path}


def test_retention_never_drops_what_is_younger_than_a_day():
    now = dt.datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
    files = [
        _fake(now - dt.timedelta(hours=h), reason)
        for h, reason in ((1, "import"), (2, "import"), (3, "daily"))
    ]
    assert backups_to_keep(files, keep_daily=0, keep_monthly=0, now=now, tz=UTC) == {f.path for f in files}


def test_prune_deletes_by_the_settings_and_leaves_other_files(workspace):
    folder = workspace.home.backups
    folder.mkdir()
    made = []
    for days in range(20):
        when = dt.datetime.now(UTC) - dt.timedelta(days=days + 1)
        path = folder / f"desk-{when.strftime('%Y%m%d-%H%M%S-%f')}-daily.sqlite3"
        path.write_bytes(b"x")
        made.append(path)
    mine = folder / "my copy.sqlite3"
    mine.write_bytes(b"x")
    workspace.settings.set("backup_keep_daily", 5)
    workspace.settings.set("backup_keep_monthly", 0)
    removed = backups.prune(workspace)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(p.name for p in made[:5]), mine.name])
    assert len(removed) == 15


# --- taking backups -----------------------------------------------------------------------------------------------


def test_a_backup_is_one_consistent_private_file(demo_workspace):
    path = backups.backup_now(demo_workspace)
    assert path.parent == demo_workspace.home.backups
    assert not Path(f"{path}-wal").exists()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
    info = store.inspect_database(path)
    assert info.intact and info.is_desk and info.region == "KZ-35"
    with demo_workspace.db.engine.connect() as conn:
        live = conn.execute(text("SELECT COUNT(*) FROM person")).scalar_one()
    assert _count(path, "person") == live > 0


def test_the_daily_backup_is_taken_at_most_once_a_day(workspace):
    first = backups.daily_backup(workspace)
    assert first is not None and first.name.endswith("-daily.sqlite3")
    assert backups.daily_backup(workspace) is None
    # a backup from yesterday does not count for today
    first.unlink()
    yesterday = dt.datetime.now(UTC) - dt.timedelta(days=1, hours=1)
    old = workspace.home.backups / f"desk-{yesterday.strftime('%Y%m%d-%H%M%S-%f')}-daily.sqlite3"
    old.write_bytes(b"x")
    assert backups.daily_backup(workspace) is not None


def test_every_command_start_takes_the_days_backup_once(tmp_path, capsys):
    home = tmp_path / "h"
    assert main(["init", "--region", "KZ-35", "--home", str(home)]) == 0
    assert main(["list", "associations", "--home", str(home)]) == 0
    assert main(["list", "houses", "--home", str(home)]) == 0
    assert [b.reason for b in store.list_backups(home / "backups")] == ["daily"]


def test_backup_before_an_import_is_kept_beside_the_daily_one(workspace):
    backups.daily_backup(workspace)
    path = backups.backup_before(workspace, "import")
    assert path.name.endswith("-import.sqlite3")
    assert [b.reason for b in backups.list_backups(workspace)] == ["import", "daily"]


def test_backup_command_and_list(workspace, capsys):
    home = str(workspace.home.root)
    assert main(["backup", "--home", home]) == 0
    out = capsys.readouterr().out
    assert "Backup written to" in out
    assert main(["backup", "--list", "--json", "--home", home]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {item["reason"] for item in listed} == {"manual", "daily"}
    assert all(Path(item["file"]).exists() for item in listed)
    assert main(["backup", "--list", "--home", home, "--lang", "ru"]) == 0
    assert "вручную" in capsys.readouterr().out


def test_a_backup_that_cannot_be_written_is_a_clear_error(workspace):
    workspace.home.backups.write_text("not a folder")  # the folder's place is taken by a file
    with pytest.raises(DeskError, match="could not be written"):
        backups.backup_now(workspace)


# --- restoring ----------------------------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_current_database_aside(workspace, capsys):
    _add_association(workspace, "Before the backup")
    saved = backups.backup_now(workspace)
    _add_association(workspace, "After the backup")
    home = workspace.home.root
    workspace.close()

    assert main(["restore", str(saved), "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "kept as" in out
    ws = open_workspace(home)
    try:
        with ws.db.engine.connect() as conn:
            names = set(conn.execute(text("SELECT name_ru FROM association")).scalars())
        assert names == {"Before the backup"}
        aside = [b for b in backups.list_backups(ws) if b.reason == "before-restore"]
        assert len(aside) == 1 and _count(aside[0].path, "association") == 2
    finally:
        ws.close()
    assert not (home / store.STAGED_NAME).exists()


def test_restore_into_an_empty_data_folder_recovers_a_lost_computer(demo_workspace, tmp_path):
    saved = backups.backup_now(demo_workspace)
    new_home = tmp_path / "new-pc"
    done = backups.restore(new_home, saved)
    assert done.kept_aside is None
    ws = open_workspace(new_home)
    try:
        assert ws.region == "KZ-35"
        with ws.db.engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM person")).scalar_one() == _count(saved, "person")
        if os.name == "posix":
            assert ws.home.database.stat().st_mode & 0o777 == 0o600
    finally:
        ws.close()


def _unchanged_after(home: Path, attempt) -> str:  # type: ignore[no-untyped-def]
    before = _count(home / "desk.sqlite3", "association")
    with pytest.raises(DeskError) as caught:
        attempt()
    assert _count(home / "desk.sqlite3", "association") == before
    assert not (home / store.STAGED_NAME).exists()
    assert not [b for b in store.list_backups(home / "backups") if b.reason == "before-restore"]
    return caught.value.message


@pytest.mark.parametrize("seed", range(4))
def test_restore_refuses_a_damaged_backup_and_changes_nothing(demo_workspace, seed):
    import random

    rng = random.Random(seed)
    saved = backups.backup_now(demo_workspace)
    data = bytearray(saved.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 2):  # scribble over many pages
        data[offset + 100 : offset + 400] = rng.randbytes(300)
    damaged = saved.with_name("damaged.sqlite3")
    damaged.write_bytes(bytes(data))
    home = demo_workspace.home.root
    message = _unchanged_after(home, lambda: backups.restore(home, damaged))
    assert "damaged" in message or "not a Dostyq Desk database" in message


def test_restore_refuses_a_backup_whose_damage_makes_sqlites_report_unreadable(demo_workspace):
    """Damage in the schema's names makes SQLite's integrity report (and its errors) quote bytes that are not
    UTF-8; that once escaped the check as a UnicodeDecodeError ("Unexpected error") instead of "damaged"."""
    saved = backups.backup_now(demo_workspace)
    damaged = saved.with_name("damaged-names.sqlite3")
    damaged.write_bytes(saved.read_bytes())
    conn = sqlite3.connect(damaged)
    conn.execute("CREATE TABLE scratch (y)")
    conn.executemany("INSERT INTO scratch VALUES (?)", [(i,) for i in range(5)])
    conn.commit()
    root_page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'scratch'").fetchone()[0]
    index = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET name = CAST(X'69788590' AS TEXT), rootpage = ? WHERE name = ?",
        (root_page, index),
    )
    conn.commit()
    conn.close()
    home = demo_workspace.home.root
    message = _unchanged_after(home, lambda: backups.restore(home, damaged))
    assert "damaged" in message


def test_restore_refuses_files_that_are_not_this_folders_database(workspace, tmp_path):
    home = workspace.home.root
    other = init_region(tmp_path / "other", "KZ-11")
    foreign = backups.backup_now(other)
    other.close()
    message = _unchanged_after(home, lambda: backups.restore(home, foreign))
    assert "KZ-11" in message and "KZ-35" in message

    plain = tmp_path / "plain.sqlite3"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert "not a Dostyq Desk database" in _unchanged_after(home, lambda: backups.restore(home, plain))

    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello " * 1000)
    assert "not a Dostyq Desk database" in _unchanged_after(home, lambda: backups.restore(home, text_file))

    assert "no file" in _unchanged_after(home, lambda: backups.restore(home, tmp_path / "missing.sqlite3"))


def test_restore_refuses_a_backup_from_a_newer_program(workspace, tmp_path):
    newer = backups.backup_now(workspace)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO alembic_version (version_num) VALUES ('9999_future')")
    conn.commit()
    conn.close()
    home = workspace.home.root
    assert "newer version" in _unchanged_after(home, lambda: backups.restore(home, newer))


def test_restore_command_is_refused_in_the_users_language(workspace, tmp_path, capsys):
    home = str(workspace.home.root)
    assert main(["restore", str(tmp_path / "missing.sqlite3"), "--home", home, "--lang", "kk"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("desk: ") and "missing.sqlite3" in err and "There is no file" not in err


def test_prune_leaves_another_process_s_backup_being_written(workspace):
    """Two clerks importing at once each take a backup: one's retention must not delete the other's .partial file
    while it is written; an abandoned one (untouched for over an hour) goes."""
    folder = workspace.home.backups
    folder.mkdir()
    now = dt.datetime.now(UTC)
    writing = folder / f"desk-{now.strftime('%Y%m%d-%H%M%S-%f')}-import.sqlite3.partial"
    writing.write_bytes(b"x")
    abandoned = (
        folder / f"desk-{(now - dt.timedelta(hours=3)).strftime('%Y%m%d-%H%M%S-%f')}-import.sqlite3.partial"
    )
    abandoned.write_bytes(b"x")
    stamp = (now - dt.timedelta(hours=2)).timestamp()
    os.utime(abandoned, (stamp, stamp))
    backups.prune(workspace, now=now)
    assert writing.exists() and not abandoned.exists()
