"""The checks CI runs over the tree: `mypy` (the files of pyproject's [tool.mypy]), `ruff check .` and
`ruff format --check .`, each as the tool's own command from the project's root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=600
    )


@pytest.fixture(scope="module")
def mypy_run() -> subprocess.CompletedProcess[str]:
    return _run("mypy")


@pytest.mark.slow
@pytest.mark.xfail(
    strict=False, reason="desk/sync still has 68 errors (the lead fixes them with the sync rewrite)"
)
def test_mypy_is_clean(mypy_run: subprocess.CompletedProcess[str]) -> None:
    assert mypy_run.returncode == 0, mypy_run.stdout + mypy_run.stderr


@pytest.mark.slow
def test_mypy_errors_are_only_in_desk_sync(mypy_run: subprocess.CompletedProcess[str]) -> None:
    """Until desk/sync is clean: every other configured file (and what they import) has no error."""
    assert mypy_run.returncode in (0, 1), mypy_run.stdout + mypy_run.stderr  # 2: mypy itself failed
    errors = [line for line in mypy_run.stdout.splitlines() if ": error:" in line]
    elsewhere = [line for line in errors if not line.replace("\\", "/").startswith("desk/sync/")]
    assert not elsewhere, "\n".join(elsewhere)


def test_ruff_check_is_clean() -> None:
    done = _run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean() -> None:
    done = _run("ruff", "format", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr
