"""Fixtures of the window tests: the main window on a data folder, closed cleanly after each test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def make_window(qtbot: Any) -> Iterator[Any]:
    from desk.ui.app import application, open_main_window

    application()
    made: list[Any] = []

    def make(ws: Any) -> Any:
        window = open_main_window(ws)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.ctx.close()
    import gc

    gc.collect()  # on the main thread, as the application's collector does (desk/ui/collector.py)



class Questions:
    """The Save / Discard / Cancel questions a test caused, and the answers it gives (Discard when none is left)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answers: list[str] = []


@pytest.fixture(autouse=True)
def unsaved_questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    """The question about unsaved changes (desk/ui/unsaved.py) is never a real modal box in a test (it would wait
    for a click): it is recorded and answered from `answers`, Discard when the test gave none."""
    from desk.ui import unsaved

    questions = Questions()

    def ask(_parent: Any, what: str) -> str:
        questions.asked.append(what)
        return questions.answers.pop(0) if questions.answers else unsaved.DISCARD

    monkeypatch.setattr(unsaved, "ask", ask)
    return questions
