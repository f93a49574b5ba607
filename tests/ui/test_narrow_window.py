"""At 1024×700 (the smallest screen the secretariats use) in Kazakh and Russian, the panes fit without sideways
scrolling: the meetings list shows the date, kind, presence and validity, and the meeting's tabs (the decisions with
their outcome and buttons) fit the pane beside it."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_meetings_page_fits_1024(make_window: Any, demo_workspace: Any, qtbot: Any, lang: str) -> None:
    window = make_window(demo_workspace)
    window.resize(1024, 700)
    window.ctx.set_language(lang)
    page = window.show_page("meetings")
    assert page.list_model.rows
    qtbot.waitUntil(lambda: sum(page.splitter.sizes()) > 700)  # the window's 1024 px, less the navigation
    viewport = page.right_scroll.viewport()
    for tab in range(page.detail.count()):
        page.detail.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: page.right_scroll.widget().width() >= viewport.width() > 0)
        assert page.right_scroll.widget().minimumSizeHint().width() <= viewport.width(), page.detail.tabText(tab)
        assert not page.right_scroll.horizontalScrollBar().isVisible(), page.detail.tabText(tab)
    decisions = page.decisions
    assert decisions.delete_button.isVisible()
    right_edge = decisions.delete_button.mapTo(page.right_scroll.widget(), decisions.delete_button.rect().topRight())
    assert right_edge.x() <= viewport.width()
    shown = sum(page.list_view.columnWidth(c) for c in range(4))  # date, kind, present, valid
    assert shown <= page.list_view.viewport().width()
