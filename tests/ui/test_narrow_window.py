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
    for tab in range(page.detail.count()):
        page.detail.setCurrentIndex(tab)
        widget = page.detail.currentWidget()
        qtbot.waitUntil(lambda w=widget: w.width() > 0)
        assert widget.minimumSizeHint().width() <= widget.width(), page.detail.tabText(tab)
    page.detail.setCurrentWidget(page.decisions)
    decisions = page.decisions
    qtbot.waitUntil(lambda: decisions.delete_button.isVisible())
    right_edge = decisions.delete_button.mapTo(decisions, decisions.delete_button.rect().topRight())
    assert right_edge.x() <= decisions.width()
    shown = sum(page.list_view.columnWidth(c) for c in range(4))  # date, kind, present, valid
    assert shown <= page.list_view.viewport().width()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_register_search_box_stays_usable_with_a_record_open(
    make_window: Any, demo_workspace: Any, qtbot: Any, lang: str
) -> None:
    from desk.ui.register_view import SEARCH_MIN_LETTERS

    window = make_window(demo_workspace)
    window.resize(1024, 700)
    window.ctx.set_language(lang)
    view = window.show_page("associations").view
    view.open_row(0)
    qtbot.waitUntil(lambda: view.detail.isVisible() and view.left.width() < 700)
    letter = view.search.fontMetrics().averageCharWidth()
    assert view.search.width() >= SEARCH_MIN_LETTERS * letter
    assert view.tools.isVisible() and view.new_button.isVisible()
    assert (
        view.tools.geometry().right() <= view.left.width()
    )  # the tools went under the box, not off the edge


def test_register_headings_fit_or_show_whole_in_a_tooltip(
    make_window: Any, demo_workspace: Any, qtbot: Any
) -> None:
    from desk.ui.qt import Qt

    window = make_window(demo_workspace)
    window.ctx.set_language("ru")
    view = window.show_page("associations").view
    header = view.table.horizontalHeader()
    letter = view.table.fontMetrics().averageCharWidth()
    for i in range(header.count() - 1):
        if header.isSectionHidden(i):
            continue
        title = view.model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        tooltip = view.model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert tooltip.startswith(title)
        assert header.sectionSize(i) >= min(header.sectionSizeHint(i), 32 * letter), title


def test_memberships_tab_names_whose_memberships_they_are(make_window: Any, demo_workspace: Any) -> None:
    from desk.i18n import gettext_for
    from desk.services import roster

    window = make_window(demo_workspace)
    window.ctx.set_language("ru")
    view = window.show_page("persons").view
    person = roster.roster(demo_workspace)[0].person
    view.open_record(person)
    tab = next(w for _t, w in view.extra_tabs if hasattr(w, "heading"))
    assert tab.heading.text() == gettext_for("ru")("Memberships of {name}").format(name=person.full_name())
    assert person.full_name() in tab.heading.text()


def test_moments_show_the_medium_date_with_a_four_digit_year() -> None:
    import datetime as dt

    from desk.i18n import format_date, format_moment

    moment = dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.UTC)
    for lang in ("kk", "ru", "en"):
        text = format_moment(moment, lang)
        assert text.startswith(format_date(moment.astimezone().date(), lang)) and "2026" in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("page_key", ["associations", "persons"])
def test_a_wide_register_shows_its_tools(
    make_window: Any, demo_workspace: Any, qtbot: Any, lang: str, page_key: str
) -> None:
    """At 1366×768 the tools beside the search box had no width at all (Columns, New, Export and "Archived too"
    were invisible)."""
    window = make_window(demo_workspace)
    window.resize(1366, 768)
    window.ctx.set_language(lang)
    view = window.show_page(page_key).view
    qtbot.waitUntil(lambda: view.left.width() > 900 and view.tools.width() > 0)
    for widget in (view.tools, view.archived, view.new_button):
        assert widget.width() >= widget.sizeHint().width(), widget.objectName() or type(widget).__name__
    right = view.tools.mapTo(view.left, view.tools.rect().topRight()).x()
    assert right <= view.left.width()
