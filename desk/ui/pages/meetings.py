"""Meetings and decisions: sessions, extraordinary sessions and council meetings; attendance ticked from the roster
as of the meeting's date with a live quorum indicator; decisions with their votes and a live "adopted / not
adopted" by the assembly's rules; the execution items of each decision, overdue ones marked; and a list of every
item under control.

Data only through desk.services (meetings, roster, decisions); the rules themselves are desk.domain.rules, used
here only to show the outcome of what is being typed before it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desk.i18n import N_, _, format_date
from desk.services import meetings
from desk.services.meetings import MeetingResult
from desk.ui import central_mode, unsaved
from desk.ui.context import AppContext
from desk.ui.meetings.attendance import AttendancePanel
from desk.ui.meetings.common import ALL_YEARS, kind_label, language, table_view
from desk.ui.meetings.control import ControlPanel
from desk.ui.meetings.decisions import DecisionsPanel
from desk.ui.meetings.meeting_form import MeetingForm
from desk.ui.pages.base import Page
from desk.ui.panes import ListDetailSplitter
from desk.ui.qt import (
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from desk.ui.region_choice import RegionRead, region_choice, region_columns
from desk.ui.rows_model import RowColumn, RowsModel
from desk.ui.tasks import error_text
from desk.ui.widgets import ChoiceBox


class MeetingsPage(Page):
    key = "meetings"
    title = N_("Meetings and decisions")
    regions_records = True
    watches = frozenset({"meeting", "decision", "attendance", "executionitem", "membership", "person"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.results: list[MeetingResult] = []
        self.meeting_id: str | None = None
        self._open_latest = True  # the first rows read open on the latest meeting
        # every region's meetings, each evaluated against its region's members: read in the background at the centre
        self.loader = RegionRead(ctx, self, "meetings", self._busy_changed)
        self.members_loader = RegionRead(ctx, self, "meeting's members")  # a meeting's attendance, there too
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.year = ChoiceBox()
        self.year.currentIndexChanged.connect(self._filter)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_record)
        self.region = region_choice(ctx, "meetings/region")  # the central office: one region's, or all
        if self.region is not None:
            self.region.currentIndexChanged.connect(lambda _i: self.refresh())
        self.list_model: RowsModel[MeetingResult] = RowsModel(
            [  # the central office's Region column last: the columns' places are used below
                RowColumn(N_("Date"), lambda r: format_date(r.meeting.date, language())),
                RowColumn(
                    N_("Kind of meeting"),
                    lambda r: (
                        kind_label(r.meeting.kind) + (f" № {r.meeting.number}" if r.meeting.number else "")
                    ),
                ),
                RowColumn(N_("Present"), lambda r: f"{r.present} / {r.members_total}", numeric=True),
                RowColumn(N_("Valid"), lambda r: _("yes") if r.quorate else _("no")),
                RowColumn(
                    N_("Adopted"),
                    lambda r: f"{sum(d.adopted for d in r.decisions)} / {len(r.decisions)}",
                    numeric=True,
                ),
                *region_columns(self.region, lambda r: r.meeting.region),
            ],
            marked=lambda r: not r.quorate,
            cached=True,  # every region's meetings at the centre
            parent=self,
        )
        self.list_view = table_view(
            self.list_model,
            why_empty=lambda: (
                _("Reading the meetings…")
                if self.loader.busy
                else error_text(self.loader.error)
                if self.loader.error is not None
                else _("No meeting in the year chosen: choose “{all}”.").format(all=_(ALL_YEARS))
                if self.year.value()
                else _("No meetings recorded yet.")
                if self.read_only
                else _("No meetings recorded yet: press “New meeting”.")
            ),
        )
        self.list_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.list_view.setTextElideMode(
            Qt.TextElideMode.ElideRight
        )  # the start tells a session from a council meeting
        self.list_view.selectionModel().currentRowChanged.connect(self._meeting_selected)

        self.form = MeetingForm(ctx)
        self.form.saved.connect(self._saved)
        self.form.deleted.connect(self._deleted)
        self.attendance = AttendancePanel(ctx)
        self.decisions = DecisionsPanel(ctx)
        self.attendance.present_changed.connect(self.decisions.set_present)
        self.detail = QTabWidget()
        self.detail.addTab(self.form, "")
        self.detail.addTab(self.attendance, "")
        self.detail.addTab(self.decisions, "")
        self.detail_title = QLabel()
        self.detail_title.setObjectName("formTitle")
        self.detail_title.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        if self.region is not None:
            filters.addWidget(self.region)
        filters.addWidget(self.year)
        filters.addStretch(1)
        filters.addWidget(self.new_button)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.list_view, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        # A narrow window shows the list or the meeting, one at a time; this brings the list back.
        self.back_button = QPushButton()
        self.back_button.setObjectName("backToList")
        self.back_button.hide()
        title_row = QHBoxLayout()
        title_row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        title_row.addWidget(self.detail_title, 1)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.detail, 1)
        self.right = (
            right  # each tab keeps its Save in view; what is too long for a low screen scrolls inside it
        )
        self.right_stack, self.hint = central_mode.detail_or_hint(right)
        self.splitter = ListDetailSplitter(left, self.right_stack)
        self.splitter.narrow_changed.connect(self.back_button.setVisible)
        self.back_button.clicked.connect(self.splitter.show_list)
        self.list_view.clicked.connect(lambda _index: self.splitter.show_detail())
        self.list_view.activated.connect(lambda _index: self.splitter.show_detail())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([550, 450])
        self._split_fitted = (
            ctx.ui_value("splitters/meetings/splitter") is not None
        )  # the clerk's own split stays
        ctx.remember_splitter(self.splitter, "meetings/splitter")
        self.splitter.splitterMoved.connect(lambda *_a: setattr(self, "_split_fitted", True))
        self.splitter.installEventFilter(self)
        self.control = ControlPanel(ctx, central=self.region is not None)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, "")
        self.tabs.addTab(self.control, "")
        self.read_only = central_mode.apply(ctx, writers=[self.new_button])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        note = central_mode.note(ctx)  # the central office: why there is no New meeting, no Save
        if note is not None:
            layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(self.nav_title())
        self.new_button.setText(_("New meeting"))
        self.back_button.setText(_("◀ Meetings"))
        self.back_button.setToolTip(_("Back to the list of meetings"))
        self.tabs.setTabText(0, _("Meetings"))
        self.tabs.setTabText(1, _("Decisions under control"))
        self.detail.setTabText(0, _("Meeting"))
        self.detail.setTabText(1, _("Attendance"))
        self.detail.setTabText(2, _("Decisions"))
        self._show_hint()
        self.year.set_choices(self._year_choices(), empty=_(ALL_YEARS))
        self.year.setAccessibleName(_("Year"))  # a filter without a label: named for screen readers
        if self.region is not None:
            self.region.retranslate()
        self.list_model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.list_model.columnCount() - 1
        )
        self.list_model.refresh_display()
        self._size_kind_column()
        for part in (self.form, self.attendance, self.decisions, self.control):
            part.retranslate()
        if not self._split_fitted:
            self.fit_split()
        self._update_title()

    def _year_choices(self) -> list[tuple[str, str]]:
        years = sorted({r.meeting.date.year for r in self.results}, reverse=True)
        return [(str(y), str(y)) for y in years]

    # --- data -----------------------------------------------------------------------------------------------------

    def ready(self) -> bool:
        return not self.busy

    @property
    def busy(self) -> bool:
        """The meetings (or the items under control) are still being read."""
        return self.loader.busy or self.control.loader.busy or self.members_loader.busy

    def refresh(self) -> None:
        region = self.region.value() if self.region is not None else None
        ws = self.ctx.workspace
        self.loader.read(lambda: meetings.meetings(ws, region=region), self._show_results)
        self.control.region = region
        self.control.refresh()

    def _busy_changed(self, busy: bool) -> None:
        """While the meetings are read the list is empty and says so, and nothing needing them can be chosen; the
        meeting open is kept and shown again if it is among the rows read."""
        if busy:
            self.results = []
            self.list_model.set_rows([])
            self._load_detail(None, keep_id=True)
        self.year.setEnabled(not busy)
        self.list_view.setEnabled(not busy)
        self.list_view.viewport().update()
        self._show_hint()

    def _show_results(self, results: list[MeetingResult]) -> None:
        self.results = results
        self.year.set_choices(self._year_choices(), empty=_(ALL_YEARS))
        self._filter()
        if not self._split_fitted:  # the list's columns as wide as the rows read now need
            self.fit_split()
        if self._open_latest:  # open on the latest meeting
            self._open_latest = False
            if self.list_model.rows and self.meeting_id is None:
                self.select_meeting(self.list_model.row(0).meeting.id)

    def _filter(self) -> None:
        year = self.year.value()
        shown = [r for r in self.results if year is None or str(r.meeting.date.year) == year]
        shown.sort(key=lambda r: (r.meeting.date, r.meeting.id), reverse=True)
        keep = self.meeting_id
        self.list_model.set_rows(shown)
        self._size_kind_column()
        row = next((i for i, r in enumerate(shown) if r.meeting.id == keep), None)
        if row is not None:
            self.list_view.selectRow(row)
        self._load_detail(keep)

    def _size_kind_column(self) -> None:
        """The kind to its contents, at most 15 average letters: date, kind, presence and validity show at 1024 px;
        an elided kind shows whole in its tooltip."""
        letter = max(self.list_view.fontMetrics().averageCharWidth(), 1)
        self.list_view.resizeColumnToContents(1)
        self.list_view.setColumnWidth(1, min(self.list_view.columnWidth(1), 15 * letter))

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if watched is self.splitter and event.type() == QEvent.Type.Resize and not self._split_fitted:
            self.fit_split()  # the splitter's own resize: the page's comes before the tab widget lays it out
        return super().eventFilter(watched, event)

    def fit_split(self) -> None:
        """The list as wide as its date, kind, presence and validity need, the meeting's pane at least as wide as
        its tabs need (1024 px in Russian: both fit); what is left over goes to the pane."""
        total = self.splitter.width() - self.splitter.handleWidth()  # sizes() lag behind a resize
        if total <= 0:
            return
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        frame = 2 * self.list_view.frameWidth()
        header = self.list_view.horizontalHeader()
        widths = [max(self.list_view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in (0, 2, 3)]
        wanted = sum(widths) + self.list_view.columnWidth(1) + bar + frame + 2
        pane = self.detail.minimumSizeHint().width() + bar + 2  # not the title: a wrapped label asks a lot
        left = max(min(wanted, total - pane), total // 3)
        self.splitter.setSizes([left, total - left])

    def _meeting_selected(self, current: Any, _previous: Any = None) -> None:
        if current.isValid():
            meeting_id = self.list_model.row(current.row()).meeting.id
            if meeting_id != self.meeting_id:
                if not self._may_leave():
                    self._reselect(self.meeting_id)
                    return
                self._load_detail(meeting_id)
                self.splitter.show_detail()

    def _reselect(self, meeting_id: str | None) -> None:
        """Cancel of another meeting: the list shows the one still open again."""
        selection = self.list_view.selectionModel()
        selection.blockSignals(True)
        self.list_view.clearSelection()
        for i, r in enumerate(self.list_model.rows):
            if r.meeting.id == meeting_id:
                self.list_view.selectRow(i)
        selection.blockSignals(False)

    # --- unsaved changes ------------------------------------------------------------------------------------------

    def _unsaved_parts(self) -> list[tuple[str, QWidget, Callable[[], bool]]]:
        """(what, its tab, save) of each part of the open meeting that holds unsaved changes."""
        parts: list[tuple[str, QWidget, Callable[[], bool]]] = []
        if self.form.dirty:
            parts.append(
                (_("the meeting") if self.meeting_id else _("the new meeting"), self.form, self.form.save)
            )
        if self.attendance.dirty:
            parts.append((_("the attendance of the meeting"), self.attendance, self.attendance.save))
        if self.decisions.decision_dirty:
            parts.append((_("the decision"), self.decisions, self.decisions.save_decision))
        if self.decisions.item_dirty:
            parts.append((_("the execution item"), self.decisions, self.decisions.save_item))
        return parts

    def unsaved(self) -> str | None:
        parts = self._unsaved_parts()
        return ", ".join(what for what, _tab, _save in parts) if parts else None

    def save_unsaved(self) -> bool:
        for _what, tab, save in self._unsaved_parts():
            self.tabs.setCurrentIndex(0)
            self.detail.setCurrentWidget(tab)  # a refusal's message is seen where it is
            if not save():
                return False
        return True

    def discard_unsaved(self) -> None:
        self.attendance.snapshot.mark_clean()  # else _load_detail keeps the ticks
        self._load_detail(self.meeting_id)

    def _may_leave(self) -> bool:
        return unsaved.settle(self, self.unsaved(), self.save_unsaved, self.discard_unsaved)

    def _load_detail(self, meeting_id: str | None, *, keep_id: bool = False) -> None:
        """Show the meeting (None: none, or a new one); `keep_id`: shown empty while the rows are read, the meeting
        stays the one to open again when they arrive."""
        result = next((r for r in self.results if r.meeting.id == meeting_id), None) if meeting_id else None
        same = result is not None and meeting_id == self.meeting_id
        if not keep_id:
            self.meeting_id = result.meeting.id if result else None
        if not (same and self.form.dirty):  # a refresh keeps what is being typed into the open meeting
            self.form.load(result)
        present = self.attendance.present
        if not (same and self.attendance.dirty and self.attendance.meeting_id == meeting_id):
            ws = self.ctx.workspace
            self.members_loader.cancel()
            if result is None:
                self.attendance.load(None, [], set())
            elif self.members_loader.background:  # the central office: the members of that day read apart
                mid = result.meeting.id
                self.attendance.show_reading()
                self.members_loader.read(
                    lambda: (meetings.eligible(ws, mid), meetings.attendance(ws, mid)),
                    lambda found, r=result: self._attendance_read(r, *found),
                )
            else:
                self.attendance.load(
                    result,
                    meetings.eligible(ws, result.meeting.id),
                    meetings.attendance(ws, result.meeting.id),
                )
            present = (
                result.present if self.members_loader.busy and result is not None else self.attendance.present
            )
        self.decisions.load(result, present)
        self._update_title()
        self._show_hint(result)

    def _attendance_read(self, result: MeetingResult, entries: list[Any], attended: set[str]) -> None:
        if self.meeting_id == result.meeting.id:  # still the meeting shown
            self.attendance.load(result, entries, attended)

    def _show_hint(self, result: MeetingResult | None | bool = False) -> None:
        """At the central office: the meeting's tabs when one is shown, else a hint in their place (what to do, or
        that the meetings are being read). A region's window always shows the form (a new meeting to type)."""
        if not hasattr(self, "right_stack"):
            return
        if result is False:
            result = next((r for r in self.results if r.meeting.id == self.meeting_id), None)
        if not self.read_only or (result is not None and not self.loader.busy):
            self.right_stack.setCurrentIndex(0)
            return
        self.hint.setText(
            _("Reading the meetings…") if self.loader.busy else _("Choose a meeting in the list to see it.")
        )
        self.right_stack.setCurrentIndex(1)

    def _update_title(self) -> None:
        result = next((r for r in self.results if r.meeting.id == self.meeting_id), None)
        if result is None:
            self.detail_title.setText("" if self.read_only else _("New meeting"))
            return
        m = result.meeting
        number = f" № {m.number}" if m.number else ""
        self.detail_title.setText(f"{kind_label(m.kind)}{number}, {format_date(m.date, language())}")

    def _saved(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def _deleted(self) -> None:
        self.meeting_id = None
        self.refresh()

    def select_meeting(self, meeting_id: str) -> None:
        """Show one meeting (for links from elsewhere and for tests); while the meetings are read, once they are."""
        self.year.set_value(None)
        if self.loader.busy:
            self.meeting_id = meeting_id
            return
        self.meeting_id = None
        for i, r in enumerate(self.list_model.rows):
            if r.meeting.id == meeting_id:
                self.list_view.selectRow(i)
                break
        if self.meeting_id != meeting_id:  # not loaded already by the row's selection
            self._load_detail(meeting_id)

    def closing(self) -> None:
        """The window closes: a read on its way is forgotten."""
        self.loader.cancel()
        self.control.loader.cancel()
        self.members_loader.cancel()

    # --- window commands ------------------------------------------------------------------------------------------

    def new_record(self) -> bool:
        if self.read_only or not self._may_leave():
            return False
        self.tabs.setCurrentIndex(0)
        self.list_view.clearSelection()
        self._load_detail(None)
        self.splitter.show_detail()
        self.detail.setCurrentIndex(0)
        self.form.kind.setFocus()
        return True

    def save(self) -> bool:
        """Ctrl+S: what the tab in front shows; a new meeting (or its changed record) is saved first, whichever tab is
        in front, so Ctrl+S on the Attendance tab of a new meeting saves the meeting (it did nothing)."""
        if self.read_only:
            return False
        current = self.detail.currentWidget()
        if self.meeting_id is None or self.form.dirty:
            if not self.form.save():
                self.detail.setCurrentWidget(self.form)
                return False
            if current is self.form:
                return True
        if current is self.attendance:
            return self.attendance.save()
        if current is self.decisions:
            return self.decisions.save_decision()
        return self.form.save()


PAGE = MeetingsPage
