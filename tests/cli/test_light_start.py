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
