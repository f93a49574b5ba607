"""The central office's choice of one region, or all, on the pages that list every region's records outside the
registers (the roster, meetings, the action plan; a register has its Region filter, desk/ui/registers.py
`at_centre`): the choice is remembered per page, and a Region column names each row's region."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from desk.domain.reference import REGIONS, term_label
from desk.i18n import N_, _, current_language
from desk.ui.context import AppContext
from desk.ui.qt import QWidget
from desk.ui.rows_model import RowColumn
from desk.ui.widgets import ChoiceBox

R = TypeVar("R")


class RegionChoice(ChoiceBox):
    """All regions, or one (remembered under `key` in the data folder's window settings)."""

    def __init__(self, ctx: AppContext, key: str, parent: QWidget | None = None) -> None:
        super().__init__(empty="", parent=parent)
        self.ctx = ctx
        self.key = key
        self.setObjectName("regionChoice")
        # "All regions" whole in kk and ru; a long region's name whole in the list below and in the tooltip
        self.setMinimumContentsLength(14)
        self.currentIndexChanged.connect(lambda *_a: self.setToolTip(self.currentText()))
        self.retranslate()
        saved = ctx.ui_value(key)
        if isinstance(saved, str) and saved and self.findData(saved) >= 0:
            self.set_value(saved, quiet=True)
        self.currentIndexChanged.connect(lambda *_a: ctx.set_ui_value(key, self.value() or ""))

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.blockSignals(True)
        self.set_choices([(t.code, t.label(lang)) for t in REGIONS], empty=_("All regions"))
        self.blockSignals(False)
        self.setAccessibleName(_("Region"))  # no label on screen: named for screen readers


def region_choice(ctx: AppContext, key: str) -> RegionChoice | None:
    """The choice at the central office; None in a region's window (its own region's records only)."""
    return RegionChoice(ctx, key) if ctx.workspace.is_central else None


def region_column(region_of: Callable[[R], str]) -> RowColumn[R]:
    """The Region column of a list of every region's rows."""
    return RowColumn(N_("Region"), lambda row: term_label(REGIONS, region_of(row), current_language()))


def region_columns(choice: RegionChoice | None, region_of: Callable[[R], str]) -> list[RowColumn[R]]:
    """The Region column where there is a choice of region (the central office), none in a region's window."""
    return [region_column(region_of)] if choice is not None else []
