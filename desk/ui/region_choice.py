"""The central office's choice of one region, or all, on the pages that list every region's records outside the
registers (the roster, meetings, the action plan; a register has its Region filter, desk/ui/registers.py
`at_centre`): the choice is remembered per page, and a Region column names each row's region.

`RegionRead` reads such a page's rows: every region's are seconds of work on a large republic (every meeting
evaluated against its region's members), so at the central office they are read in the background like a
register's (desk/ui/reads.py: the newest request wins, an older one's rows are dropped) while the page says it is
loading; a region's window reads its own region's rows at once (a blink)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from desk.domain.reference import REGIONS, term_label
from desk.i18n import N_, _, current_language
from desk.ui.context import AppContext
from desk.ui.qt import QObject, QWidget
from desk.ui.rows_model import RowColumn
from desk.ui.widgets import ChoiceBox

R = TypeVar("R")
T = TypeVar("T")
log = logging.getLogger("desk.ui")


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


class RegionRead:
    """One view's read of its rows: in the background at the central office, at once in a region's window.

    `read(work, on_done)` runs `work()` (on a reader thread at the centre: no Qt, no widgets in it) and calls
    `on_done(result)` on the main thread, unless a newer `read` or `cancel` came meanwhile or `owner` was destroyed.
    `on_busy(True)` is called when a read starts in the background and `on_busy(False)` after its rows are shown (or
    it failed: `error` holds why), so the view can say it is loading and refuse what needs the rows meanwhile."""

    def __init__(
        self, ctx: AppContext, owner: QObject, name: str, on_busy: Callable[[bool], None] = lambda _b: None
    ) -> None:
        self.ctx = ctx
        self.owner = owner
        self.lane = (id(owner), name)
        self.on_busy = on_busy
        self.background = ctx.workspace.is_central
        self.busy = False
        self.error: BaseException | None = None

    def read(self, work: Callable[[], T], on_done: Callable[[T], None]) -> None:
        if not self.background:
            self.error = None
            on_done(work())
            return
        self.busy, self.error = True, None
        self.on_busy(True)
        self.ctx.reads.submit(
            self.lane, work, lambda result: self._arrived(on_done, result), self._failed, owner=self.owner
        )

    def _arrived(self, on_done: Callable[[Any], None], result: Any) -> None:
        self.busy = False
        on_done(result)
        self.on_busy(False)

    def _failed(self, exc: BaseException) -> None:
        log.error("reading %s failed", self.lane[1], exc_info=exc)
        self.busy, self.error = False, exc
        self.on_busy(False)

    def cancel(self) -> None:
        """Forget the read on its way (the window closes): nothing is delivered."""
        if self.busy:
            self.ctx.reads.cancel(self.lane)
            self.busy = False
