"""The `desk` command: results for scripts, and one clear line with a non-zero exit on errors."""

import json
import os
import subprocess
import sys

import pytest

from desk.cli import main


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "desk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_version():
    code, out, _err = run("--version")
    assert code == 0 and "Dostyq Desk" in out


def test_init_demo_list_search_check(tmp_path, capsys):
    home = str(tmp_path / "h")
    assert main(["init", "--region", "kz-35", "--home", home]) == 0
    assert main(["demo", "--home", home, "--size", "small"]) == 0
    capsys.readouterr()
    assert main(["list", "associations", "--json", "--home", home, "--limit", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] >= 100 and len(data["rows"]) == 5
    assert all(row["region"] == "KZ-35" for row in data["rows"])
    assert main(["--home", home, "search", "корей", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["kind"] in {"association", "event", "house", "person"} for h in hits)
    assert main(["check", "--home", home]) == 0


def test_list_each_register_as_text(tmp_path, capsys):
    home = str(tmp_path / "h")
    main(["demo", "--home", home])
    for kind in ("associations", "houses", "events", "persons"):
        capsys.readouterr()
        assert main(["list", kind, "--home", home, "--limit", "3", "--lang", "kk"]) == 0
        out = capsys.readouterr().out
        assert len(out.splitlines()) == 6  # heading, rule, 3 rows, count


def test_home_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DESK_HOME", str(tmp_path / "env-home"))
    assert main(["init", "--region", "KZ-71"]) == 0
    assert (tmp_path / "env-home" / "desk.sqlite3").exists()


@pytest.mark.parametrize(
    "args, words",
    [
        (["init", "--region", "KZ-99"], "Unknown region"),
        (["list", "associations"], "No database"),
    ],
)
def test_errors_are_one_line_without_traceback(tmp_path, args, words):
    code, out, err = run(*args, "--home", str(tmp_path / "x"), "--lang", "en")
    assert code != 0
    assert words in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_errors_in_russian(tmp_path):
    code, _out, err = run("list", "persons", "--home", str(tmp_path / "x"), "--lang", "ru")
    assert code != 0 and "Traceback" not in err
    assert any("а" <= ch <= "я" for ch in err)


def test_init_twice_is_refused(tmp_path, capsys):
    home = str(tmp_path / "h")
    assert main(["init", "--region", "KZ-35", "--home", home]) == 0
    assert main(["init", "--region", "KZ-35", "--home", home]) == 1
    assert "already exists" in capsys.readouterr().err


def test_bad_filter_is_refused_clearly(tmp_path, capsys):
    home = str(tmp_path / "h")
    main(["init", "--region", "KZ-35", "--home", home])
    assert main(["list", "events", "--home", home, "--filter", "date_from=yesterday"]) == 1
    assert "date_from" in capsys.readouterr().err
