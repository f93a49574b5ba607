"""What the meetings page's panels share: a read-only table view, the language, the labels of kinds and of
responsible bodies, and rows of buttons (desk.ui.pages.plan uses the table view too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desk.domain import reference
from desk.i18n import N_
from desk.services.rows import term_label
from desk.ui.button_rows import ButtonRows
from desk.ui.copy_rows import install_copy
from desk.ui.empty_table import ExplainedTable
from desk.ui.qt import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QStyle,
    QTableView,
)
from desk.ui.rows_model import RowsModel

ALL_YEARS = N_("All years")
FITTED_ROWS = 100
"""The rows (besides those in view) a column's width is fitted to: every region's meetings at the central office are
hundreds, each asked for at every layout pass (the UI thread stalled most of a second); their cells are alike."""


def language() -> str:
    from desk.i18n import current_language

    return current_language()


def table_view(
    model: RowsModel[Any], *, stretch: int | None = None, why_empty: Callable[[], str] | None = None
) -> QTableView:
    """A table of rows; `why_empty` says, while it has none, why and what to do (painted in its place)."""
    view = ExplainedTable(why_empty)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    install_copy(view)  # Ctrl+C copies the row for Excel with the headings
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)  # one row opens at a time here
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setResizeContentsPrecision(FITTED_ROWS)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # As low as its headings and one row (a low window: 150% on a 768-px screen), not Qt's 70 px.
    row = view.fontMetrics().height() + 8
    bar = view.style().pixelMetric(
        QStyle.PixelMetric.PM_ScrollBarExtent
    )  # a horizontal bar may take a row's room
    view.setMinimumHeight(view.horizontalHeader().sizeHint().height() + row + bar + 2 * view.frameWidth())
    return view


def responsible_label(item: Any) -> str:
    """The responsible body in the window's language, or what was written in (as it was written)."""
    return reference.responsible_name(item.responsible_body, item.responsible, language())


def kind_label(kind: str) -> str:
    return term_label(reference.MEETING_KINDS, kind, language())


def button_rows(first: list[QPushButton], second: list[QPushButton]) -> ButtonRows:
    """The form's buttons: one row when the pane is wide enough, else the first at the left and the second (saving or
    deleting) at the right under them (a pane beside the list at 1024 px in Kazakh and Russian)."""
    return ButtonRows(first, second)


# --- the meeting's record -------------------------------------------------------------------------------------------
