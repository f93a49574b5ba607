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
