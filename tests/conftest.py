"""Shared fixtures: a fresh region data folder per test, and a small demo database made once and copied."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desk import i18n  # noqa: E402
from desk.services.workspace import Workspace, open_workspace  # noqa: E402

DEMO_DAY = None  # demo data ends today, so the current quarter always has data


@pytest.fixture(autouse=True)
def _english_and_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every test starts in English, with DESK_HOME pointing to its own folder. The language is set on purpose
    (LANGUAGE, which `desk` and its child processes read before the system's locale), so the suite gives the same
    result on a Russian, Kazakh or English machine, Windows included; tests of the locale set their own."""
    monkeypatch.setenv("DESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def home_dir(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def workspace(home_dir: Path) -> Iterator[Workspace]:
    """An empty region (Karaganda) data folder."""
    from desk.setup_region import init_region

    ws = init_region(home_dir, "KZ-35")
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desk.services import demo
    from desk.setup_region import init_region

    root = tmp_path_factory.mktemp("demo-template")
    ws = init_region(root, "KZ-35")
    demo.generate(ws, size="small", seed=7)
    ws.close()
    return root


@pytest.fixture
def demo_workspace(demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the small demo data set, for one test."""
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    ws = open_workspace(root)
    yield ws
    ws.close()


class Questions:
    """The Save / Discard / Cancel questions a test caused, and the answers it gives (Discard when none is left)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answers: list[str] = []


@pytest.fixture(autouse=True)
def unsaved_questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    """The question about unsaved changes (desk/ui/unsaved.py) is never a real modal box in a test (it would wait
    for a click, and no timeout interrupts a modal loop): it is recorded and answered from `answers`, Discard when
    the test gave none. For every test that drives the window, wherever it lives (tests/governance has some)."""
    from desk.ui import unsaved

    questions = Questions()

    def ask(_parent: Any, what: str) -> str:
        questions.asked.append(what)
        return questions.answers.pop(0) if questions.answers else unsaved.DISCARD

    monkeypatch.setattr(unsaved, "ask", ask)
    return questions
