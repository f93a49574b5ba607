"""Personal data is the user's alone: the data folder, the database with its -wal/-shm, keys, backups and logs are
private (0600/0700 on POSIX) from the start, and `desk check` reports anything looser."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from desk.cli import main
from desk.services import backups, permissions

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="file modes are POSIX; Windows keeps the folder's ACL"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_is_private_from_the_start(tmp_path, capsys):
    home = tmp_path / "h"
    assert main(["init", "--region", "KZ-35", "--home", str(home)]) == 0
    assert main(["demo", "--home", str(home)]) == 0  # writes through the WAL
    assert main(["backup", "--home", str(home)]) == 0
    assert mode(home) == 0o700
    private = [
        home / "desk.sqlite3",
        *(home / "backups").iterdir(),
        *(home / "logs").iterdir(),
        *(p for p in (home / "keys").iterdir() if p.suffix != ".pub"),
    ]
    for extra in ("desk.sqlite3-wal", "desk.sqlite3-shm"):
        if (home / extra).exists():
            private.append(home / extra)
    assert len(private) >= 4
    assert {str(p): mode(p) for p in private} == {str(p): 0o600 for p in private}
    capsys.readouterr()
    assert main(["check", "--home", str(home)]) == 0


def test_check_reports_a_database_or_backup_others_can_read(workspace, capsys):
    home = workspace.home.root
    backup = backups.backup_now(workspace)
    os.chmod(home / "desk.sqlite3", 0o644)
    os.chmod(backup, 0o640)
    os.chmod(home, 0o755)
    assert main(["check", "--json", "--home", str(home)]) == 1
    problems = [p for p in json.loads(capsys.readouterr().out)["problems"] if p["check"] == "permissions"]
    named = " ".join(p["message"] for p in problems)
    assert len(problems) == 3
    assert "desk.sqlite3" in named and backup.name in named and "0644" in named and "chmod 600" in named

    assert main(["check", "--home", str(home), "--lang", "ru"]) == 1
    assert "персональные данные" in capsys.readouterr().out

    assert {p.name for p in permissions.secure(workspace)} == {home.name, "desk.sqlite3", backup.name}
    assert permissions.checks(workspace) == []


def test_public_keys_may_be_shared_but_secret_keys_may_not(workspace):
    keys = workspace.home.keys
    keys.mkdir(exist_ok=True)
    public = keys / "extra.pub"
    public.write_text("untrusted comment: public key\n")
    os.chmod(public, 0o644)
    assert permissions.checks(workspace) == []
    secret = keys / "extra.key"
    secret.write_text("secret\n")
    os.chmod(secret, 0o644)
    assert [p.check for p in permissions.checks(workspace)] == ["permissions"]
