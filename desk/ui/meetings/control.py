"""Every execution item under control, overdue ones first."""

from __future__ import annotations

import datetime as dt

from desk.domain import reference
from desk.i18n import N_, _, format_date
from desk.services import decisions
from desk.services.decisions import ExecutionRow
from desk.services.rows import term_label
from desk.ui.context import AppContext
from desk.ui.meetings.common import kind_label, language, responsible_label, table_view
from desk.ui.qt import (
    QCheckBox,
    QHeaderView,
    QLabel,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desk.ui.region_choice import RegionRead, region_column
from desk.ui.rows_model import RowColumn, RowsModel
from desk.ui.tasks import error_text


class ControlPanel(QWidget):
    """Every execution item of every decision, overdue ones marked; optionally only the overdue."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, central: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.region: str | None = None  # at the central office: the region chosen on the page, None for all
        self.loader = RegionRead(
            ctx, self, "items under control", self._busy_changed
        )  # in the background there
        self.only_overdue = QCheckBox()
        self.only_overdue.toggled.connect(self.refresh)
        self.summary = QLabel()
        self.model: RowsModel[ExecutionRow] = RowsModel(
            [
                RowColumn(N_("Deadline"), lambda r: format_date(r.item.deadline, language())),
                RowColumn(
                    N_("Status"), lambda r: term_label(reference.EXECUTION_STATUSES, r.status, language())
                ),
                RowColumn(
                    N_("Days overdue"), lambda r: str(r.days_overdue) if r.overdue else "", numeric=True
                ),
                RowColumn(N_("Responsible"), lambda r: responsible_label(r.item)),
                RowColumn(N_("Task"), lambda r: r.item.task),
                RowColumn(
                    N_("Meeting"),
                    lambda r: f"{format_date(r.meeting.date, language())}, {kind_label(r.meeting.kind)}",
                ),
                RowColumn(N_("Decision"), lambda r: r.decision.name(language())),
                *([region_column(lambda r: r.item.region)] if central else []),  # last: the places above stay
            ],
            marked=lambda r: r.overdue,
            cached=True,  # every region's items at the centre
            parent=self,
        )
        self.view = table_view(
            self.model,
            stretch=6,
            why_empty=lambda: (
                _("Reading the items under control…")
                if self.loader.busy
                else error_text(self.loader.error)
                if self.loader.error is not None
                else _("No item is overdue.")
                if self.only_overdue.isChecked()
                else _("No decision is under control yet: items are added on a meeting's Decisions tab.")
            ),
        )
        for column in (3, 4):
            self.view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, 220)
        self.summary.setWordWrap(True)  # under the check box: a long language keeps the tab narrow
        layout = QVBoxLayout(self)
        layout.addWidget(self.only_overdue)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.only_overdue.setText(_("Only overdue"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.model.refresh_display()
        self._summarise()

    def refresh(self) -> None:
        ws, overdue_only, region = self.ctx.workspace, self.only_overdue.isChecked(), self.region

        def read() -> list[ExecutionRow]:
            rows = decisions.items(ws, overdue_only=overdue_only, region=region)
            rows.sort(key=lambda r: (not r.overdue, -r.days_overdue, r.item.deadline or dt.date.max))
            return rows

        self.loader.read(read, self._show_rows)

    def _show_rows(self, rows: list[ExecutionRow]) -> None:
        self.model.set_rows(rows)
        self._summarise()

    def _busy_changed(self, busy: bool) -> None:
        if busy:  # another region's (or every region's) items are not shown meanwhile
            self.model.set_rows([])
        self.view.setEnabled(not busy)
        self.view.viewport().update()
        self._summarise()

    def _summarise(self) -> None:
        if self.loader.busy:
            self.summary.setText(_("Reading the items under control…"))
            return
        overdue = sum(1 for r in self.model.rows if r.overdue)
        self.summary.setText(
            _("Items under control: {n}, overdue: {overdue}").format(n=len(self.model.rows), overdue=overdue)
        )


# --- the page -------------------------------------------------------------------------------------------------------
