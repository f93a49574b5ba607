"""The annual action plan: its items by quarter with their titles in kk/ru/en and responsible body, the events of
the register that carry each out, and the fulfilment of each quarter (items with a held event / items planned).

Data only through desk.services (plan, events).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desk.domain import reference
from desk.domain.records import Event
from desk.i18n import N_, _, babel_locale, current_language, format_date, quarter_name
from desk.services import events, plan
from desk.services.plan import Fulfilment, PlanReport, PlanRow
from desk.services.records import ListQuery
from desk.services.rows import term_label
from desk.ui import central_mode, unsaved
from desk.ui.context import AppContext
from desk.ui.meetings.common import table_view
from desk.ui.pages.base import Page
from desk.ui.qt import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desk.ui.region_choice import RegionRead, region_choice, region_columns
from desk.ui.rows_model import RowColumn, RowsModel
from desk.ui.tasks import error_text, refused
from desk.ui.unsaved import Snapshot
from desk.ui.widgets import ChoiceBox, IntField, LineEdit, VerticalScroll, message_label


def _quarter_over(year: int, quarter: int, today: dt.date) -> bool:
    return (year, quarter) < (today.year, (today.month - 1) // 3 + 1)


class QuarterGauge(QWidget):
    """One quarter's (or the year's) fulfilment: "3 of 4 items (75 %)" and a bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("gaugeTitle")
        self.value = QLabel()
        self.value.setObjectName("gaugeValue")
        self.value.setWordWrap(True)  # five gauges side by side must fit a 1024-px window in Kazakh
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.bar)

    def show_fulfilment(self, title: str, f: Fulfilment) -> None:
        self.title.setText(title)
        share = "—" if f.percent is None else f"{f.percent} %"
        self.value.setText(
            _("{fulfilled} of {planned} items ({share})").format(
                fulfilled=f.fulfilled, planned=f.planned, share=share
            )
        )
        self.bar.setValue(f.percent or 0)

    def show_reading(self, title: str) -> None:
        """The figures are being read: none shown (an older choice's would mislead)."""
        self.title.setText(title)
        self.value.setText("…")
        self.bar.setValue(0)


class PlanPage(Page):
    key = "plan"
    title = N_("Action plan")
    regions_records = True
    watches = frozenset({"planitem", "event"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.report: PlanReport | None = None
        self.item_id: str | None = None
        # every region's plan with its events: read in the background at the central office
        self.loader = RegionRead(ctx, self, "plan", self._busy_changed)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.year_label = QLabel()
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.region = region_choice(ctx, "plan/region")  # the central office: one region's plan, or all
        if self.region is not None:
            self.region.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_record)
        self.gauges = [QuarterGauge() for _i in range(5)]
        gauges = QGridLayout()
        for i, g in enumerate(self.gauges):
            gauges.addWidget(g, 0, i)

        self.model: RowsModel[PlanRow] = RowsModel(
            [
                RowColumn(N_("Quarter"), lambda r: str(r.item.quarter), numeric=True),
                RowColumn(N_("Title"), lambda r: r.item.name(current_language())),
                RowColumn(N_("Responsible"), lambda r: r.item.responsible),
                RowColumn(N_("Events"), lambda r: str(len(r.events)), numeric=True),
                RowColumn(N_("Held"), lambda r: _("yes") if r.fulfilled else _("no")),
                *region_columns(self.region, lambda r: r.item.region),  # last: the places below stay
            ],
            marked=lambda r: not r.fulfilled and _quarter_over(r.item.year, r.item.quarter, dt.date.today()),
            cached=True,  # every region's plan at the centre
            parent=self,
        )
        self.read_only = central_mode.read_only(ctx)
        self.view = table_view(
            self.model,
            stretch=1,
            why_empty=lambda: (
                _("Reading the plan…")
                if self.loader.busy
                else error_text(self.loader.error)
                if self.loader.error is not None
                else _("No plan items for this year.")
                if self.read_only
                else _("No plan items for this year: press “New plan item”.")
            ),
        )
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(2, 200)
        self.view.selectionModel().currentRowChanged.connect(self._selected)

        # the item's form
        self.form_box = QGroupBox()
        self.name_kk, self.name_ru, self.name_en = LineEdit(), LineEdit(), LineEdit()
        self.item_year = IntField()
        self.quarter = ChoiceBox()
        self.responsible = LineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(60)
        self.notes.setTabChangesFocus(True)
        self.form_labels = [QLabel() for _i in range(7)]
        fields = QWidget()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # fits 1024 px in Kazakh
        for label, widget in zip(
            self.form_labels,
            (
                self.name_kk,
                self.name_ru,
                self.name_en,
                self.item_year,
                self.quarter,
                self.responsible,
                self.notes,
            ),
            strict=True,
        ):
            form.addRow(label, widget)
        self.message = message_label()
        self.save_button, self.delete_button = QPushButton(), QPushButton()
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        box = QVBoxLayout(self.form_box)  # the fields scroll on a low screen; Save stays in view under them
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(VerticalScroll(fields), 1)
        box.addWidget(self.message)
        box.addLayout(buttons)
        self.snapshot = Snapshot(
            [
                self.name_kk,
                self.name_ru,
                self.name_en,
                self.item_year,
                self.quarter,
                self.responsible,
                self.notes,
            ]
        )

        # its events
        self.events_box = QGroupBox()
        self.events_model: RowsModel[Event] = RowsModel(
            [
                RowColumn(N_("Date"), lambda e: format_date(e.start_date, current_language())),
                RowColumn(N_("Title"), lambda e: e.name(current_language())),
                RowColumn(
                    N_("Status"), lambda e: term_label(reference.EVENT_STATUSES, e.status, current_language())
                ),
            ],
            marked=lambda e: e.status in ("cancelled", "postponed"),
            parent=self,
        )
        self.events_view = table_view(
            self.events_model,
            stretch=1,
            why_empty=lambda: (
                _("No events are linked to this item.")
                if self.read_only
                else _("No events are linked to this item: choose one below and press “Link”.")
            ),
        )
        self.candidates = QComboBox()
        self.candidates.setMinimumContentsLength(20)
        self.candidates.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.link_button, self.unlink_button = QPushButton(), QPushButton()
        self.link_button.clicked.connect(self.link)
        self.unlink_button.clicked.connect(self.unlink)
        self.events_message = message_label()
        link_row = QHBoxLayout()  # under the event to link: the box stays narrow enough for 150% on 1024 px
        link_row.addWidget(self.link_button)
        link_row.addWidget(self.unlink_button)
        link_row.addStretch(1)
        events_layout = QVBoxLayout(self.events_box)
        events_layout.setContentsMargins(4, 4, 4, 4)
        events_layout.addWidget(self.events_view, 1)
        events_layout.addWidget(self.candidates)
        events_layout.addLayout(link_row)
        events_layout.addWidget(self.events_message)

        right = QSplitter(Qt.Orientation.Vertical)  # the item over its events; each keeps its buttons in view
        right.addWidget(self.form_box)
        right.addWidget(self.events_box)
        right.setChildrenCollapsible(False)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        self.right_stack, self.hint = central_mode.detail_or_hint(right)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.right_stack)
        self.splitter.setSizes([640, 640])
        ctx.remember_splitter(self.splitter, "plan/splitter")

        top = QHBoxLayout()
        if self.region is not None:
            top.addWidget(self.region)
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.new_button)
        central_mode.apply(
            ctx,
            writers=[
                self.new_button,
                self.save_button,
                self.delete_button,
                self.candidates,
                self.link_button,
                self.unlink_button,
            ],
            fields=[self.form_box],
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        note = central_mode.note(ctx)  # the central office: why there is no New, no Save, no Link
        if note is not None:
            layout.addWidget(note)
        layout.addLayout(top)
        gauges_row = QWidget()
        gauges_row.setLayout(gauges)
        gauges.setContentsMargins(0, 0, 0, 0)
        self.gives_way.append(gauges_row)  # the fulfilment gauges give way to the item's form on a low window
        layout.addWidget(gauges_row)
        layout.addWidget(self.splitter, 1)
        self._fill_years()
        self.retranslate()
        self.snapshot.mark_clean()  # the form as built; the first refresh shows an item (or a new one) in it
        self.refresh()

    # --- texts ----------------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.nav_title())
        self.year_label.setText(_("Year"))
        if self.region is not None:
            self.region.retranslate()
        self.new_button.setText(_("New plan item"))
        self.candidates.setAccessibleName(_("Event to link to the plan item"))  # no label on screen
        self.form_box.setTitle(_("Plan item"))
        for label, text in zip(
            self.form_labels,
            (
                _("Title (Kazakh)"),
                _("Title (Russian)"),
                _("Title (English)"),
                _("Year"),
                _("Quarter"),
                _("Responsible"),
                _("Notes"),
            ),
            strict=True,
        ):
            label.setText(text)
        names = babel_locale().quarters["format"]["wide"]
        self.quarter.set_choices([(str(q), names[q]) for q in (1, 2, 3, 4)])
        self.save_button.setText(_("Save the item"))
        self.delete_button.setText(_("Delete the item"))
        self.events_box.setTitle(_("Events carrying out the item"))
        self.link_button.setText(_("Link"))
        self.unlink_button.setText(_("Unlink"))
        for model in (self.model, self.events_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
            model.refresh_display()
        self._show_gauges()
        self._show_hint()

    # --- data -----------------------------------------------------------------------------------------------------

    def _fill_years(self) -> None:
        this = dt.date.today().year
        years = sorted(set(plan.years(self.ctx.workspace)) | {this, this + 1}, reverse=True)
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(str(y), y)
        index = self.year.findData(current if current is not None else this)
        self.year.setCurrentIndex(max(0, index))
        self.year.blockSignals(False)

    def selected_year(self) -> int:
        data = self.year.currentData()
        return int(data) if data is not None else dt.date.today().year

    def show_year(self, year: int) -> None:
        index = self.year.findData(year)
        if index < 0:
            self.year.addItem(str(year), year)
            index = self.year.count() - 1
        self.year.setCurrentIndex(index)

    def ready(self) -> bool:
        return not self.loader.busy

    @property
    def busy(self) -> bool:
        """The plan is still being read."""
        return self.loader.busy

    def refresh(self) -> None:
        region = self.region.value() if self.region is not None else None
        ws, year = self.ctx.workspace, self.selected_year()
        self.loader.read(lambda: plan.plan(ws, year, region=region), self._show_report)

    def _busy_changed(self, busy: bool) -> None:
        """While the plan is read the list is empty and says so, and no item can be chosen; the item open is kept and
        shown again if it is among the rows read. The year and the region can still be changed (the newest wins)."""
        if busy:
            keep = self.item_id
            self.model.set_rows([])
            self._show(None)
            self.item_id = keep
            self._show_gauges()
        self.view.setEnabled(not busy)
        self.view.viewport().update()
        self._show_hint()

    def _show_hint(self) -> None:
        """At the central office: the item's form when one is shown, else a hint in its place (what to do, or that
        the plan is being read). A region's window always shows the form (a new item to type)."""
        if not self.read_only or (self.item_id is not None and not self.loader.busy):
            self.right_stack.setCurrentIndex(0)
            return
        self.hint.setText(
            _("Reading the plan…") if self.loader.busy else _("Choose a plan item in the list to see it.")
        )
        self.right_stack.setCurrentIndex(1)

    def closing(self) -> None:
        """The window closes: a read on its way is forgotten."""
        self.loader.cancel()

    def _show_report(self, report: PlanReport) -> None:
        self.report = report
        keep = self.item_id
        self.model.set_rows(self.report.rows)
        self._show_gauges()
        row = next((i for i, r in enumerate(self.model.rows) if r.item.id == keep), None)
        if self.snapshot.changed:  # a change elsewhere: the list follows, the form keeps what is being typed
            self._reselect()
        elif row is not None:
            self.view.selectRow(row)
            self._show(self.model.row(row))
        else:
            self._show(None)
        self._show_hint()

    def _show_gauges(self) -> None:
        lang = current_language()
        if self.loader.busy:
            year = self.selected_year()
            for gauge, quarter in zip(self.gauges, (1, 2, 3, 4, 0), strict=True):
                gauge.show_reading(
                    quarter_name(year, quarter, lang) if quarter else _("Year {year}").format(year=year)
                )
            return
        if self.report is None:
            return
        for gauge, f in zip(self.gauges, [*self.report.quarters, self.report.total], strict=True):
            title = (
                quarter_name(self.report.year, f.quarter, lang)
                if f.quarter
                else _("Year {year}").format(year=self.report.year)
            )
            gauge.show_fulfilment(title, f)

    def _selected(self, current: Any, _previous: Any = None) -> None:
        if current.isValid():
            row = self.model.row(current.row())
            if row.item.id == self.item_id:
                return
            if not self._may_leave():
                self._reselect()
                return
            self._show(row)
            self._show_hint()

    def _reselect(self) -> None:
        """Cancel of another item: the list shows the one still open again."""
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        self.view.clearSelection()
        for i, r in enumerate(self.model.rows):
            if r.item.id == self.item_id:
                self.view.selectRow(i)
        selection.blockSignals(False)

    # --- unsaved changes ------------------------------------------------------------------------------------------

    def unsaved(self) -> str | None:
        if not self.snapshot.changed:
            return None
        if self.item_id is None:
            return _("the new plan item")
        return _("the plan item «{name}»").format(
            name=self.name_kk.text() or self.name_ru.text() or self.name_en.text()
        )

    def save_unsaved(self) -> bool:
        return self.save()

    def discard_unsaved(self) -> None:
        row = next((r for r in self.model.rows if r.item.id == self.item_id), None)
        self._show(row)

    def _may_leave(self) -> bool:
        return unsaved.settle(self, self.unsaved(), self.save, self.discard_unsaved)

    def _show(self, row: PlanRow | None) -> None:
        self.message.clear()
        self.events_message.clear()
        if row is None:
            self.item_id = None
            for w in (self.name_kk, self.name_ru, self.name_en, self.responsible):
                w.clear()
            self.notes.clear()
            self.item_year.set_value(self.selected_year())
            self.quarter.set_value("1")
            self.events_model.set_rows([])
            self.delete_button.setEnabled(False)
            self.events_box.setEnabled(False)
            self.candidates.clear()
            self.snapshot.mark_clean()
            return
        i = row.item
        self.item_id = i.id
        self.name_kk.setText(i.name_kk)
        self.name_ru.setText(i.name_ru)
        self.name_en.setText(i.name_en)
        self.item_year.set_value(i.year)
        self.quarter.set_value(str(i.quarter))
        self.responsible.setText(i.responsible)
        self.notes.setPlainText(i.notes)
        self.events_model.set_rows(row.events)
        self.delete_button.setEnabled(True)
        self.events_box.setEnabled(True)
        if (
            not self.read_only
        ):  # the events to link: not offered at the central office (a read of no use there)
            self._fill_candidates(i.year, i.quarter)
        self.snapshot.mark_clean()

    def _fill_candidates(self, year: int, quarter: int) -> None:
        """Events of the item's quarter not linked to any plan item yet."""
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
        lang = current_language()
        page = events.REGISTER.list_page(
            self.ctx.workspace,
            ListQuery(filters={"date_from": start, "date_to": end}, sort="start_date", limit=1000, lang=lang),
            with_total=False,
        )
        self.candidates.clear()
        for e in page.rows:
            if e.plan_item_id is None:
                status = term_label(reference.EVENT_STATUSES, e.status, lang)
                self.candidates.addItem(
                    f"{format_date(e.start_date, lang)} · {e.name(lang)} ({status})", e.id
                )

    # --- writing --------------------------------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        try:
            year = self.item_year.value()
        except ValueError:
            year = 0
        return {
            "name_kk": self.name_kk.text(),
            "name_ru": self.name_ru.text(),
            "name_en": self.name_en.text(),
            "year": year or 0,
            "quarter": int(self.quarter.value() or 0),
            "responsible": self.responsible.text(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> bool:
        if self.read_only:
            return False
        ws, item_id = self.ctx.workspace, self.item_id
        values = self._values()  # here; the write itself on the background writer
        saved: list[Any] = []
        if refused(
            self.message,
            lambda: saved.append(
                self.ctx.write(
                    (lambda: plan.add_item(ws, values))
                    if item_id is None
                    else (lambda: plan.update_item(ws, item_id, values)),
                    parent=self,
                )
            ),
        ):
            return False
        item = saved[0]
        self.item_id = item.id
        self.snapshot.mark_clean()
        if item.year != self.selected_year():
            self._fill_years()
            self.show_year(item.year)
        else:
            self.refresh()
        return True

    def delete(self) -> None:
        if self.item_id is None or self.read_only:
            return
        answer = QMessageBox.question(
            self,
            _("Delete the item"),
            _("Delete this plan item? Its events stay in the register, no longer linked to the plan."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            ws, item_id = self.ctx.workspace, self.item_id
            if refused(
                self.message, lambda: self.ctx.write(lambda: plan.delete_item(ws, item_id), parent=self)
            ):
                return
            self.item_id = None
            self.refresh()

    def link(self) -> bool:
        event_id = self.candidates.currentData()
        if self.item_id is None or event_id is None or self.read_only:
            return False
        item_id = self.item_id
        ws = self.ctx.workspace
        if refused(
            self.events_message,
            lambda: self.ctx.write(lambda: plan.link_event(ws, str(event_id), item_id), parent=self),
        ):
            return False
        self.refresh()
        return True

    def unlink(self) -> bool:
        if self.read_only:
            return False
        index = self.events_view.currentIndex()
        if not index.isValid():
            self.events_message.setText(_("Choose an event in the list first."))
            return False
        ws, event_id = self.ctx.workspace, self.events_model.row(index.row()).id
        if refused(
            self.events_message,
            lambda: self.ctx.write(lambda: plan.link_event(ws, event_id, None), parent=self),
        ):
            return False
        self.refresh()
        return True

    # --- window commands ------------------------------------------------------------------------------------------

    def new_record(self) -> bool:
        if self.read_only or not self._may_leave():
            return False
        self.view.clearSelection()
        self._show(None)
        self.name_kk.setFocus()
        return True


PAGE = PlanPage
