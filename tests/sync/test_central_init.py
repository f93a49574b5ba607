"""`desk central init` (and the first-run wizard, through the same desk.setup_central) all or nothing: a step that
fails leaves no folder (or the folder as it was) and the server's database as it was; a server database that
already holds data is refused without a table of it touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.cli import main
from desk.errors import DeskError
from desk.setup_central import init_central
from desk.store import server
from desk.sync import keys
from tests import server_fixtures

server_url = server_fixtures.server_url


def full_disk(_ws: object) -> str:
    raise OSError(28, "No space left on device")


def test_the_command_makes_the_database_and_the_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["central", "init", "--home", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "Regions encrypt their bundles to: age1" in out
    assert {p.name for p in (tmp_path / "c" / "keys").iterdir()} >= {keys.CENTRAL_AGEKEY, keys.CENTRAL_KEY}


def test_a_failure_removes_a_folder_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(keys, "create_central_keys", full_disk)
    folder = tmp_path / "made" / "here"
    assert main(["central", "init", "--home", str(folder)]) != 0
    assert not (tmp_path / "made").exists()  # the folders above it it made too
    assert "could not be made: the disk is full. Nothing of this attempt was kept." in capsys.readouterr().err


def test_a_failure_empties_a_folder_that_was_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "create_central_keys", full_disk)
    (tmp_path / "c" / "logs").mkdir(parents=True)
    (tmp_path / "c" / "logs" / "desk.log").write_text("before\n", encoding="utf-8")
    with pytest.raises(DeskError, match="the disk is full"):
        init_central(tmp_path / "c")
    assert sorted(p.relative_to(tmp_path / "c").as_posix() for p in (tmp_path / "c").rglob("*")) == [
        "logs",
        "logs/desk.log",
    ]


def test_a_failure_on_the_server_drops_what_it_made(
    tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keys, "create_central_keys", full_disk)
    with pytest.raises(DeskError, match="the disk is full"):
        init_central(tmp_path / "c", server_url)
    assert server.schema_objects(server_url) == frozenset()
    assert not (tmp_path / "c").exists()
    monkeypatch.undo()
    made = init_central(tmp_path / "c", server_url)  # and it can be made there afterwards
    made.workspace.close()
    assert ("r", "meta") in server.schema_objects(server_url)


def test_a_server_database_with_data_is_left_alone(tmp_path: Path, server_url: str) -> None:
    first = init_central(tmp_path / "first", server_url)
    first.workspace.close()
    before = server.schema_objects(server_url)
    with pytest.raises(Exception, match="already holds Dostyq Desk data"):
        init_central(tmp_path / "second", server_url)
    assert server.schema_objects(server_url) == before
    assert not (tmp_path / "second").exists()
