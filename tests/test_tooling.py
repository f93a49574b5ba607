"""The checks CI runs over the tree: `mypy` (the files of pyproject's [tool.mypy]), `ruff check .` and
`ruff format --check .`, each as the tool's own command from the project's root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Static checks of the source: the same on every platform, so run once, by the Linux suite.
pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="a static check of the source: the Linux suite runs it"
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=600
    )


@pytest.fixture(scope="module")
def mypy_run() -> subprocess.CompletedProcess[str]:
    return _run("mypy")


@pytest.mark.slow
def test_mypy_is_clean(mypy_run: subprocess.CompletedProcess[str]) -> None:
    assert mypy_run.returncode == 0, mypy_run.stdout + mypy_run.stderr


def test_ruff_check_is_clean() -> None:
    done = _run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean() -> None:
    done = _run("ruff", "format", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr
