"""A meeting's attendance, ticked from the roster as of the meeting's day, with a live quorum indicator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desk.domain import reference, rules
from desk.i18n import N_, _, format_date
from desk.services import meetings
from desk.services.meetings import MeetingResult
from desk.services.roster import RosterEntry
from desk.services.rows import codes_label, term_label
from desk.ui import central_mode
from desk.ui.context import AppContext
from desk.ui.meetings.common import button_rows, language, table_view
from desk.ui.qt import (
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk.ui.rows_model import GOOD_COLOUR, WARNING_COLOUR, RowColumn, RowsModel
from desk.ui.tasks import refused
from desk.ui.unsaved import Snapshot
from desk.ui.widgets import message_label


class AttendancePanel(QWidget):
    """The roster of the meeting's day, ticked for those present, and whether that makes the meeting valid."""

    present_changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: str | None = None
        self.kind = rules.SESSION
        self.rule: rules.Thresholds = rules.DEFAULT_THRESHOLDS[rules.ASSEMBLY]
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.model: RowsModel[RosterEntry] = RowsModel(
            [
                RowColumn(N_("Full name"), lambda e: e.name),
                RowColumn(
                    N_("Category"),
                    lambda e: term_label(reference.MEMBER_CATEGORIES, e.membership.category, language()),
                ),
                RowColumn(N_("Roles"), lambda e: codes_label(reference.MEMBER_ROLES, e.roles, language())),
            ],
            checkable=True,
            parent=self,
        )
        self.view = table_view(
            self.model,
            stretch=0,
            why_empty=lambda: _(
                "No members to tick: save a new meeting first; a saved one lists the members of the body on its day."
            ),
        )
        for column, width in ((1, 250), (2, 190)):
            self.view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        self.view.clicked.connect(self._toggle_clicked)
        self.model.check_changed.connect(self._update_indicator)
        self.date: dt.date | None = None
        self.indicator = QLabel()
        self.indicator.setObjectName("quorumIndicator")
        self.indicator.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.quorate = False
        self.all_button = QPushButton()
        self.all_button.clicked.connect(lambda: self.model.set_all_checked(True))
        self.none_button = QPushButton()
        self.none_button.clicked.connect(lambda: self.model.set_all_checked(False))
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.message = message_label()
        self.snapshot = Snapshot([lambda: tuple(e.id for e in self.model.checked_rows())])
        buttons = button_rows([self.all_button, self.none_button], [self.save_button])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.indicator)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.model.read_only = central_mode.apply(
            ctx, writers=[self.all_button, self.none_button, self.save_button]
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.all_button.setText(_("Tick everyone"))
        self.none_button.setText(_("Clear"))
        self.save_button.setText(_("Save attendance"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.model.refresh_display()
        self._update_heading()
        self._update_indicator()

    def _toggle_clicked(self, index: Any) -> None:
        if index.column() != 0:  # a click anywhere on the row's other cells ticks it too
            self.model.set_checked(index.row(), not self.model.is_checked(index.row()))

    def load(self, result: MeetingResult | None, entries: list[RosterEntry], attended: set[str]) -> None:
        self.message.clear()
        self.meeting_id = result.meeting.id if result else None
        self.kind = result.meeting.kind if result else rules.SESSION
        self.date = result.meeting.date if result else None
        self.rule = (
            result.rule if result else rules.DEFAULT_THRESHOLDS[rules.ASSEMBLY]
        )  # the region's, that day
        self.model.set_rows(entries, [e.id in attended for e in entries])
        self.setEnabled(result is not None)
        self._update_heading()
        self._update_indicator()
        self.snapshot.mark_clean()

    def show_reading(self) -> None:
        """The meeting's members are being read (the central office reads them in the background): nothing shown,
        nothing ticked meanwhile (another meeting's would mislead)."""
        self.message.clear()
        self.meeting_id = None
        self.model.set_rows([])
        self.setEnabled(False)
        self.heading.setText(_("Reading the attendance…"))
        self.indicator.clear()
        self.bar.setValue(0)
        self.snapshot.mark_clean()

    @property
    def dirty(self) -> bool:
        return self.meeting_id is not None and self.snapshot.changed

    def _update_heading(self) -> None:
        if self.meeting_id is None or self.date is None:
            self.heading.setText(_("Save the meeting first; then tick who was present."))
            return
        body = (
            _("Council members on {date}: {n}")
            if rules.is_council(self.kind)
            else _("Members of the assembly on {date}: {n}")
        )
        self.heading.setText(body.format(date=format_date(self.date, language()), n=len(self.model.rows)))

    @property
    def present(self) -> int:
        return len(self.model.checked_rows())

    @property
    def total(self) -> int:
        return len(self.model.rows)

    def _update_indicator(self) -> None:
        present, total = self.present, self.total
        self.quorate = rules.quorate(self.kind, total, present, self.rule) if total else False
        needed = self.rule.quorum_needed(total)
        state = _("valid") if self.quorate else _("not valid")
        self.indicator.setText(
            _("Present {present} of {total}; at least {needed} needed: the meeting is {state}.").format(
                present=present, total=total, needed=needed, state=state
            )
        )
        colour = GOOD_COLOUR if self.quorate else WARNING_COLOUR
        self.indicator.setStyleSheet(f"QLabel {{ color: {colour.name()}; font-weight: bold; }}")
        self.indicator.setProperty("quorate", self.quorate)
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(present)
        self.present_changed.emit(present)

    def save(self) -> bool:
        if self.meeting_id is None or self.model.read_only:
            return False
        ids = [e.id for e in self.model.checked_rows()]
        ws, meeting_id = self.ctx.workspace, self.meeting_id
        if refused(
            self.message,
            lambda: self.ctx.write(lambda: meetings.set_attendance(ws, meeting_id, ids), parent=self),
        ):
            return False
        self.snapshot.mark_clean()
        return True


# --- decisions and their execution ----------------------------------------------------------------------------------
