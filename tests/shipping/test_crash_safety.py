"""Crash safety: a process killed (SIGKILL) in the middle of a large write, a spreadsheet import or a bundle import
leaves a database that passes PRAGMA integrity_check and holds all of the interrupted batch or none of it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desk.domain.records import SYNCED_TABLES
from desk.services import demo
from desk.services.folder_check import errors, run_checks
from desk.services.workspace import open_workspace
from desk.setup_region import init_region

pytestmark = pytest.mark.slow

CHILD = Path(__file__).with_name("crash_child.py")
TABLES = [cls.__tablename__ for cls in SYNCED_TABLES]  # type: ignore[attr-defined]


def state(db: Path) -> dict[str, int]:
    """Row counts per synced table, after checking the file's integrity."""
    conn = sqlite3.connect(db)
    try:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def killed(home: Path, mode: str, file: Path | None = None, *, finish: bool = False) -> str:
    """Run the child until it reports (mid-transaction, or done), then SIGKILL it. Returns what it reported."""
    args = [
        sys.executable,
        str(CHILD),
        str(home),
        mode,
        *([str(file)] if file else []),
        *(["--finish"] if finish else []),
    ]
    child = subprocess.Popen(
        args,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        child.kill()  # SIGKILL on POSIX: no clean-up, no rollback by the program
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    stderr = child.stderr.read() if child.stderr else ""
    assert line, f"the child ended without reporting: {stderr}"
    if not finish:
        word, changes = line.split()
        assert word == "MID" and int(changes) > 0  # rows were written and not committed when it died
    else:
        assert line == "DONE"
    return line


def _still_usable(home: Path) -> None:
    ws = open_workspace(home)
    try:
        assert (
            errors(run_checks(ws)) == []
        )  # warnings (a year without a session) are about the rules, not damage
    finally:
        ws.close()


def test_killed_in_the_middle_of_generating_the_demo_data(tmp_path):
    home = tmp_path / "h"
    init_region(home, "KZ-35").close()
    before = state(home / "desk.sqlite3")
    killed(home, "demo")
    assert state(home / "desk.sqlite3") == before  # none of the batch
    _still_usable(home)

    killed(home, "demo", finish=True)
    after = state(home / "desk.sqlite3")  # all of the batch
    size = demo.SIZES["small"]
    assert (after["association"], after["person"], after["event"]) == (
        size.associations,
        size.persons,
        size.events,
    )
    _still_usable(home)


@pytest.fixture
def persons_sheet(demo_workspace, tmp_path) -> Path:
    from desk.spreadsheets import exporter

    path = tmp_path / "persons.xlsx"
    exporter.export(demo_workspace, "persons", path)
    return path


def test_killed_in_the_middle_of_a_spreadsheet_import(tmp_path, persons_sheet):
    home = tmp_path / "h"
    init_region(home, "KZ-35").close()
    before = state(home / "desk.sqlite3")
    killed(home, "sheet", persons_sheet)
    assert state(home / "desk.sqlite3") == before
    _still_usable(home)

    killed(home, "sheet", persons_sheet, finish=True)
    after = state(home / "desk.sqlite3")
    assert after["person"] == demo.SIZES["small"].persons
    _still_usable(home)


def test_killed_in_the_middle_of_a_bundle_import(tmp_path):
    from desk.services.workspace import MODE_CENTRAL, create_workspace
    from desk.sync import keys, trust
    from desk.sync.export import export_bundle

    central = create_workspace(tmp_path / "central", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(central)
    region = init_region(tmp_path / "region", "KZ-35")
    region.settings.set("central_recipient", keys.central_recipient(central))
    trust.add(central, "KZ-35", keys.region_public_key(region).base64)
    demo.generate(region, size="small")
    (tmp_path / "usb").mkdir()
    bundle = export_bundle(region, tmp_path / "usb").path
    expected = state(region.home.database)
    region.close()
    home = central.home.root
    central.close()

    before = state(home / "desk.sqlite3")
    killed(home, "bundle", bundle)
    assert state(home / "desk.sqlite3") == before
    assert any(b.name.endswith("-import.sqlite3") for b in (home / "backups").iterdir())  # taken before it
    _still_usable(home)

    killed(home, "bundle", bundle, finish=True)
    after = state(home / "desk.sqlite3")
    assert {t: after[t] for t in ("association", "person", "event", "house")} == {
        t: expected[t] for t in ("association", "person", "event", "house")
    }
    _still_usable(home)
