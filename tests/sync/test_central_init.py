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


def test_two_computers_setting_up_one_database_at_once(
    tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first has checked the empty database and is about to make its tables when the second checks it too:
    the second waits for the first (the server's setup lock), then finds the database holding data and makes
    nothing; its clean-up never drops the first's tables."""
    import threading

    from desk import setup_central

    second_checked = threading.Event()
    checks = {"n": 0}
    real_test, real_create = setup_central.test_server, setup_central.create_workspace

    def test_server(url: str) -> str:
        checks["n"] += 1
        if checks["n"] >= 3:  # the second computer's check once it holds the lock (or, without it, at once)
            second_checked.set()
        return real_test(url)

    def create_workspace(root: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        if root.name == "first":
            second_checked.wait(timeout=3)  # the second computer checks now, unless it waits for the lock
        return real_create(root, **kwargs)

    monkeypatch.setattr(setup_central, "test_server", test_server)
    monkeypatch.setattr(setup_central, "create_workspace", create_workspace)
    said: list[str] = []
    outcome: dict[str, object] = {}

    def first() -> None:
        outcome["first"] = init_central(tmp_path / "first", server_url)

    starting = threading.Thread(target=first)
    starting.start()
    while checks["n"] < 2:  # the first passed its checks and holds the lock
        threading.Event().wait(0.02)
    with pytest.raises(DeskError, match="already holds Dostyq Desk data"):
        init_central(tmp_path / "second", server_url, progress=lambda _d, _t, what: said.append(what))
    starting.join()
    made = outcome["first"]
    assert ("r", "meta") in server.schema_objects(server_url) and ("r", "person") in server.schema_objects(
        server_url
    )
    assert "Waiting: another computer is setting up this database" in said
    assert not (tmp_path / "second").exists()
    made.workspace.close()  # type: ignore[attr-defined]
