"""`desk --version` and `desk --help` answer without loading the database layer (SQLAlchemy, SQLModel, the records):
every group of commands registers its options without it (issue 16: start-up)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["quarter", "--help"]])
def test_the_version_and_the_help_do_not_load_the_database_layer(args, tmp_path):
    code = (
        "import sys; from desk.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'desk.domain.records', 'openpyxl', 'reportlab') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "DESK_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _desk(*args: str, tmp_path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESK_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from desk.cli import main; sys.exit(main(sys.argv[1:]))", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_the_version_alone_loads_nothing_of_the_program_but_the_entry_point(tmp_path):
    code = (
        "import sys; from desk.cli import main\n"
        "main(['--version'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('desk') or m in ('argparse', 'babel', 'gettext')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "['desk', 'desk.cli']"


def test_the_quick_version_says_what_the_parser_says(tmp_path):
    quick = _desk("--version", tmp_path=tmp_path)
    parsed = _desk("--lang", "kk", "--version", tmp_path=tmp_path)  # through argparse's version action
    assert quick.returncode == parsed.returncode == 0, (quick.stderr, parsed.stderr)
    assert quick.stdout == parsed.stdout
    assert quick.stdout.startswith("Dostyq Desk ") and quick.stderr == parsed.stderr == ""
