"""Meetings and decisions: sessions, extraordinary sessions and council meetings; attendance ticked from the roster
as of the meeting's date with a live quorum indicator; decisions with their votes and a live "adopted / not
adopted" by the assembly's rules; the execution items of each decision, overdue ones marked; and a list of every
item under control.

Data only through desk.services (meetings, roster, decisions); the rules themselves are desk.domain.rules, used
here only to show the outcome of what is being typed before it is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from desk.domain import reference, rules
from desk.domain.validation import ValidationError
from desk.i18n import N_, _, format_date
from desk.services import decisions, history, meetings
from desk.services.decisions import ExecutionRow
from desk.services.meetings import DecisionResult, MeetingResult
from desk.services.roster import RosterEntry
from desk.services.rows import codes_label, term_label
from desk.ui import unsaved
from desk.ui.button_rows import ButtonRows
from desk.ui.context import AppContext
from desk.ui.copy_rows import install_copy
from desk.ui.empty_table import ExplainedTable
from desk.ui.pages.base import Page
from desk.ui.panes import ListDetailSplitter
from desk.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QEvent,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    Qt,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk.ui.responsible_field import ResponsibleField
from desk.ui.rows_model import GOOD_COLOUR, WARNING_COLOUR, RowColumn, RowsModel
from desk.ui.tasks import refused
from desk.ui.unsaved import Snapshot
from desk.ui.widgets import ChoiceBox, DateField, IntField, LineEdit, VerticalScroll, message_label

ALL_YEARS = N_("All years")


def _lang() -> str:
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
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # As low as its headings and one row (a low window: 150% on a 768-px screen), not Qt's 70 px.
    row = view.fontMetrics().height() + 8
    bar = view.style().pixelMetric(
        QStyle.PixelMetric.PM_ScrollBarExtent
    )  # a horizontal bar may take a row's room
    view.setMinimumHeight(view.horizontalHeader().sizeHint().height() + row + bar + 2 * view.frameWidth())
    return view


def _responsible(item: Any) -> str:
    """The responsible body in the window's language, or what was written in (as it was written)."""
    return reference.responsible_name(item.responsible_body, item.responsible, _lang())


def kind_label(kind: str) -> str:
    return term_label(reference.MEETING_KINDS, kind, _lang())


def button_rows(first: list[QPushButton], second: list[QPushButton]) -> ButtonRows:
    """The form's buttons: one row when the pane is wide enough, else the first at the left and the second (saving or
    deleting) at the right under them (a pane beside the list at 1024 px in Kazakh and Russian)."""
    return ButtonRows(first, second)


# --- the meeting's record -------------------------------------------------------------------------------------------


class MeetingForm(QWidget):
    """Kind, number, date, notice date, place, agenda, how many members requested it and when (extraordinary
    sessions)."""

    saved = Signal(str)
    deleted = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: str | None = None
        self.kind = ChoiceBox()
        self.number = QLineEdit()
        self.date = DateField()
        self.notice_date = DateField()
        self.place = LineEdit()
        self.requested_by = IntField()
        self.requested_on = DateField()
        self.convened_on = DateField()
        self.agenda = QPlainTextEdit()
        self.agenda.setTabChangesFocus(True)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # fits 1024 px in Kazakh
        self.labels = {
            name: QLabel()
            for name in (
                "kind",
                "number",
                "date",
                "notice_date",
                "place",
                "requested_by",
                "requested_on",
                "convened_on",
                "agenda",
                "notes",
            )
        }
        for name, widget in (
            ("kind", self.kind),
            ("number", self.number),
            ("date", self.date),
            ("notice_date", self.notice_date),
            ("place", self.place),
            ("requested_by", self.requested_by),
            ("requested_on", self.requested_on),
            ("convened_on", self.convened_on),
            ("agenda", self.agenda),
            ("notes", self.notes),
        ):
            self.form.addRow(self.labels[name], widget)
        self.message = message_label()
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.rule = QLabel()  # the thresholds the verdicts applied, with their document
        self.rule.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        fields = QWidget()
        fields_layout = QVBoxLayout(fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addLayout(self.form)
        fields_layout.addStretch(1)
        self.fields_scroll = VerticalScroll(
            fields
        )  # the fields scroll on a low screen; Save stays in view below
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields_scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.warnings)
        layout.addWidget(self.rule)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.snapshot = Snapshot(
            [
                self.kind,
                self.number,
                self.date,
                self.notice_date,
                self.place,
                self.requested_by,
                self.requested_on,
                self.agenda,
                self.notes,
            ]
        )
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            "kind": _("Kind of meeting"),
            "number": _("Number"),
            "date": _("Date"),
            "notice_date": _("Notice date"),
            "place": _("Place"),
            "requested_by": _("Requested by (members)"),
            "requested_on": _("Requested on"),
            "convened_on": _("Convened on (decision to convene)"),
            "agenda": _("Agenda (one item a line)"),
            "notes": _("Notes"),
        }
        for name, label in self.labels.items():
            label.setText(texts[name])
        self.kind.set_choices([(t.code, t.label(_lang())) for t in reference.MEETING_KINDS])
        self.date.retranslate()
        self.notice_date.retranslate()
        self.requested_on.retranslate()
        self.convened_on.retranslate()
        self.save_button.setText(_("Save the meeting"))
        self.delete_button.setText(_("Delete the meeting"))

    def _kind_changed(self) -> None:
        extraordinary = self.kind.value() == rules.EXTRAORDINARY_SESSION
        self.requested_by.setEnabled(extraordinary)
        self.requested_on.setEnabled(extraordinary)
        self.convened_on.setEnabled(extraordinary)

    def load(self, result: MeetingResult | None) -> None:
        self.message.clear()
        if result is None:
            self.meeting_id = None
            self.kind.set_value(rules.SESSION)
            for w in (self.number, self.place):
                w.clear()
            self.date.set_value(dt.date.today())
            self.notice_date.set_value(None)
            self.requested_by.set_value(None)
            self.requested_on.set_value(None)
            self.convened_on.set_value(None)
            self.agenda.clear()
            self.notes.clear()
            self.warnings.clear()
            self.rule.clear()
            self.delete_button.setEnabled(False)
        else:
            m = result.meeting
            self.meeting_id = m.id
            self.kind.set_value(m.kind)
            self.number.setText(m.number)
            self.date.set_value(m.date)
            self.notice_date.set_value(m.notice_date)
            self.place.setText(m.place)
            self.requested_by.set_value(m.requested_by)
            self.requested_on.set_value(m.requested_on)
            self.convened_on.set_value(m.convened_on)
            self.agenda.setPlainText(m.agenda)
            self.notes.setPlainText(m.notes)
            self.warnings.setText("\n".join(f"⚠ {w.message}" for w in result.warnings))
            self.rule.setText(_("Rule applied: {rule}.").format(rule=result.rule.describe(_lang())))
            self.delete_button.setEnabled(True)
        self._kind_changed()
        self.snapshot.mark_clean()

    @property
    def dirty(self) -> bool:
        return self.snapshot.changed

    def values(self) -> dict[str, Any]:
        try:
            requested = self.requested_by.value() if self.requested_by.isEnabled() else None
        except ValueError:
            requested = -1
        requested_on = self.requested_on.value() if self.requested_on.isEnabled() else None
        convened_on = self.convened_on.value() if self.convened_on.isEnabled() else None
        return {
            "kind": self.kind.value(),
            "number": self.number.text(),
            "date": self.date.value(),
            "notice_date": self.notice_date.value(),
            "place": self.place.text(),
            "requested_by": requested,
            "requested_on": requested_on,
            "convened_on": convened_on,
            "agenda": self.agenda.toPlainText(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> bool:
        ws, meeting_id = self.ctx.workspace, self.meeting_id
        saved: list[Any] = []

        def write() -> None:
            values = self.values()  # here, on the GUI thread; the write itself on the background writer
            saved.append(
                self.ctx.write(
                    (lambda: meetings.create_meeting(ws, values))
                    if meeting_id is None
                    else (lambda: meetings.update_meeting(ws, meeting_id, values)),
                    parent=self,
                )
            )

        if refused(self.message, write):
            return False
        meeting = saved[0]
        self.meeting_id = meeting.id
        self.snapshot.mark_clean()
        self.saved.emit(meeting.id)
        return True

    def delete(self) -> None:
        if self.meeting_id is None:
            return
        answer = QMessageBox.question(
            self,
            _("Delete the meeting"),
            _("Delete this meeting with its attendance, decisions and their execution items?"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ws, meeting_id = self.ctx.workspace, self.meeting_id
        if refused(
            self.message, lambda: self.ctx.write(lambda: meetings.delete_meeting(ws, meeting_id), parent=self)
        ):
            return
        self.meeting_id = None
        self.deleted.emit()


# --- attendance -----------------------------------------------------------------------------------------------------


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
                    lambda e: term_label(reference.MEMBER_CATEGORIES, e.membership.category, _lang()),
                ),
                RowColumn(N_("Roles"), lambda e: codes_label(reference.MEMBER_ROLES, e.roles, _lang())),
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
        self.heading.setText(body.format(date=format_date(self.date, _lang()), n=len(self.model.rows)))

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
        if self.meeting_id is None:
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


class DecisionsPanel(QWidget):
    """The decisions of a meeting with votes and a live outcome, and the execution items of the selected one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: MeetingResult | None = None
        self.present = 0
        self.decision_id: str | None = None
        self.item_id: str | None = None
        self.model: RowsModel[DecisionResult] = RowsModel(
            [
                RowColumn(N_("Number"), lambda r: r.decision.number),
                RowColumn(N_("Decision"), lambda r: r.decision.name(_lang())),
                RowColumn(N_("For"), lambda r: str(r.decision.votes_for), numeric=True),
                RowColumn(N_("Against"), lambda r: str(r.decision.votes_against), numeric=True),
                RowColumn(N_("Abstained"), lambda r: str(r.decision.abstained), numeric=True),
                RowColumn(
                    N_("Outcome"),
                    lambda r: self._outcome_text(
                        self._adopted(r.decision.votes_for, r.decision.votes_against, r.decision.abstained)
                    ),
                ),
            ],
            marked=lambda r: (
                not self._adopted(r.decision.votes_for, r.decision.votes_against, r.decision.abstained)
            ),
            parent=self,
        )
        self.view = table_view(
            self.model,
            stretch=1,
            why_empty=lambda: _("No decisions recorded for this meeting yet: press “New decision”."),
        )
        self.view.selectionModel().currentRowChanged.connect(self._decision_selected)

        self.number = QLineEdit()
        self.name_kk, self.name_ru, self.name_en = LineEdit(), LineEdit(), LineEdit()
        self.votes_for, self.votes_against, self.abstained = QSpinBox(), QSpinBox(), QSpinBox()
        for box in (self.votes_for, self.votes_against, self.abstained):
            box.setRange(0, 100000)
            box.valueChanged.connect(self._update_outcome)
        self.outcome = QLabel()
        self.outcome.setObjectName("decisionOutcome")
        self.outcome.setWordWrap(True)
        votes = QGridLayout()  # each label above its box: the row stays narrow at 1024 px in Kazakh
        self.vote_labels = [QLabel(), QLabel(), QLabel()]
        for n, (label, box) in enumerate(
            zip(self.vote_labels, (self.votes_for, self.votes_against, self.abstained), strict=True)
        ):
            votes.addWidget(label, 0, n)
            votes.addWidget(box, 1, n)
        votes.setColumnStretch(3, 1)
        editor_fields = QWidget()
        form = QFormLayout(editor_fields)
        form.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapAllRows
        )  # labels above: the pane beside the list is narrow
        self.editor_labels = [QLabel() for _i in range(5)]
        form.addRow(self.editor_labels[0], self.number)
        form.addRow(self.editor_labels[1], self.name_kk)
        form.addRow(self.editor_labels[2], self.name_ru)
        form.addRow(self.editor_labels[3], self.name_en)
        form.addRow(self.editor_labels[4], votes)
        self.outcome.setMinimumWidth(1)  # wraps to the pane's width instead of widening it
        form.addRow(self.outcome)
        self.message = message_label()
        self.new_button, self.save_button, self.delete_button = QPushButton(), QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_decision)
        self.save_button.clicked.connect(self.save_decision)
        self.delete_button.clicked.connect(self.delete_decision)
        # The decision and its execution are two tabs under the list, each with its buttons pinned below fields that
        # scroll: on a low screen (768 px at 150%) both Saves stay in view.
        self.editor_box = QWidget()
        editor_layout = QVBoxLayout(self.editor_box)
        editor_layout.setContentsMargins(4, 4, 4, 4)
        editor_layout.addWidget(VerticalScroll(editor_fields), 1)
        editor_layout.addWidget(self.message)
        editor_layout.addWidget(button_rows([self.new_button, self.save_button], [self.delete_button]))

        self.items_box = QWidget()
        self.items_model: RowsModel[ExecutionRow] = RowsModel(
            [
                RowColumn(N_("Responsible"), lambda r: _responsible(r.item)),
                RowColumn(N_("Task"), lambda r: r.item.task),
                RowColumn(N_("Deadline"), lambda r: format_date(r.item.deadline, _lang())),
                RowColumn(
                    N_("Status"), lambda r: term_label(reference.EXECUTION_STATUSES, r.status, _lang())
                ),
                RowColumn(N_("Executed on"), lambda r: format_date(r.item.executed_on, _lang())),
            ],
            marked=lambda r: r.overdue,
            parent=self,
        )
        self.items_view = table_view(
            self.items_model,
            stretch=1,
            why_empty=lambda: _(
                "Nothing is under control for this decision yet: an adopted one gets items with “New item”."
            ),
        )
        self.items_view.selectionModel().currentRowChanged.connect(self._item_selected)
        self.responsible, self.task = (
            ResponsibleField(),
            LineEdit(),
        )  # a body from the list, or "Other" written in
        self.deadline, self.executed_on = DateField(), DateField()
        self.item_notes = QLineEdit()
        self.item_labels = [QLabel() for _i in range(5)]
        item_fields = QWidget()
        item_form = QFormLayout(
            item_fields
        )  # one field a line: two a line made the pane wider than 1024 px allows
        item_form.setContentsMargins(0, 0, 0, 0)
        item_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for label, widget in zip(
            self.item_labels,
            (self.responsible, self.task, self.deadline, self.executed_on, self.item_notes),
            strict=True,
        ):
            item_form.addRow(label, widget)
        self.item_history = QLabel()  # the item's dated history: deadlines and execution, with their days
        self.item_history.setObjectName("itemHistory")
        self.item_history.setWordWrap(True)
        self.item_message = message_label()
        self.new_item_button, self.save_item_button = QPushButton(), QPushButton()
        self.executed_button, self.delete_item_button = QPushButton(), QPushButton()
        self.new_item_button.clicked.connect(self.new_item)
        self.save_item_button.clicked.connect(self.save_item)
        self.executed_button.clicked.connect(self.mark_executed)
        self.delete_item_button.clicked.connect(self.delete_item)
        item_buttons = button_rows(
            [self.new_item_button, self.save_item_button], [self.executed_button, self.delete_item_button]
        )
        items_layout = QVBoxLayout(self.items_box)
        items_layout.setContentsMargins(4, 4, 4, 4)
        items_layout.addWidget(self.items_view, 1)
        item_form.addRow(self.item_history)  # scrolls with the fields; the buttons stay in view below
        items_layout.addWidget(VerticalScroll(item_fields), 1)
        items_layout.addWidget(self.item_message)
        items_layout.addWidget(item_buttons)
        self.parts = QTabWidget()
        self.parts.addTab(self.editor_box, "")
        self.parts.addTab(self.items_box, "")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.parts)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.decision_snapshot = Snapshot(
            [
                self.number,
                self.name_kk,
                self.name_ru,
                self.name_en,
                self.votes_for,
                self.votes_against,
                self.abstained,
            ]
        )
        self.item_snapshot = Snapshot(
            [self.responsible, self.task, self.deadline, self.executed_on, self.item_notes]
        )
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(self.vote_labels, (_("For"), _("Against"), _("Abstained")), strict=True):
            label.setText(text)
        for label, text in zip(
            self.editor_labels,
            (_("Number"), _("Wording (Kazakh)"), _("Wording (Russian)"), _("Wording (English)"), _("Votes")),
            strict=True,
        ):
            label.setText(text)
        self.parts.setTabText(0, _("Decision"))
        self.new_button.setText(_("New decision"))
        self.save_button.setText(_("Save the decision"))
        self.delete_button.setText(_("Delete the decision"))
        self.parts.setTabText(1, _("Execution of the decision"))
        for label, text in zip(
            self.item_labels,
            (_("Responsible"), _("Task"), _("Deadline"), _("Executed on"), _("Notes")),
            strict=True,
        ):
            label.setText(text)
        self.deadline.retranslate()
        self.executed_on.retranslate()
        self.responsible.retranslate()
        self.new_item_button.setText(_("New item"))
        self.save_item_button.setText(_("Save the item"))
        self.executed_button.setText(_("Executed today"))
        self.delete_item_button.setText(_("Delete the item"))
        for model in (self.model, self.items_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
            model.refresh_display()
        self._update_outcome()

    # --- live outcome ---------------------------------------------------------------------------------------------

    def _adopted(self, votes_for: int, against: int, abstained: int) -> bool:
        if self.result is None:
            return False
        return rules.adopted(
            self.result.meeting.kind,
            self.result.members_total,
            self.present,
            votes_for,
            against,
            abstained,
            self.result.rule,
        )

    @staticmethod
    def _outcome_text(adopted: bool) -> str:
        return _("adopted") if adopted else _("not adopted")

    def set_present(self, present: int) -> None:
        """The number ticked on the attendance tab (saved or not): outcomes follow it at once."""
        self.present = present
        self.model.refresh_display()
        self._update_outcome()

    def _update_outcome(self) -> None:
        if self.result is None:
            self.outcome.clear()
            return
        kind, total, present = self.result.meeting.kind, self.result.members_total, self.present
        f, a, ab = self.votes_for.value(), self.votes_against.value(), self.abstained.value()
        if not rules.votes_valid(present, f, a, ab):
            text, ok = (
                _("More votes ({votes}) than members present ({present}).").format(
                    votes=f + a + ab, present=present
                ),
                False,
            )
        elif not rules.quorate(kind, total, present, self.result.rule):
            text, ok = _("Not adopted: the meeting is not valid."), False
        else:
            threshold = self.result.rule
            ok = rules.adopted(kind, total, present, f, a, ab, threshold)
            fraction = f"{threshold.adoption_num}/{threshold.adoption_den}"
            rule = (
                _("more than {fraction} of those present")
                if threshold.adoption_strict
                else _("at least {fraction} of those present")
            ).format(fraction=fraction)
            text = _("{outcome}: {votes} for, {needed} needed ({rule}).").format(
                outcome=self._outcome_text(ok).capitalize(),
                votes=f,
                needed=threshold.votes_needed(present),
                rule=rule,
            )
        colour = GOOD_COLOUR if ok else WARNING_COLOUR
        self.outcome.setText(text)
        self.outcome.setProperty("adopted", ok)
        self.outcome.setStyleSheet(f"QLabel {{ color: {colour.name()}; font-weight: bold; }}")

    # --- loading --------------------------------------------------------------------------------------------------

    def load(self, result: MeetingResult | None, present: int) -> None:
        keep = self.decision_id
        self.result = result
        self.present = present
        self.model.set_rows(result.decisions if result else [])
        self.setEnabled(result is not None)
        row = next((i for i, r in enumerate(self.model.rows) if r.decision.id == keep), None)
        if row is None and self.model.rows:
            row = 0
        if row is not None:
            self.view.selectRow(row)
            self._show_decision(self.model.row(row))
        else:
            self.new_decision()

    def _decision_selected(self, current: Any, _previous: Any = None) -> None:
        if current.isValid():
            self._show_decision(self.model.row(current.row()))

    def _show_decision(self, r: DecisionResult) -> None:
        d = r.decision
        self.decision_id = d.id
        self.number.setText(d.number)
        self.name_kk.setText(d.name_kk)
        self.name_ru.setText(d.name_ru)
        self.name_en.setText(d.name_en)
        self.votes_for.setValue(d.votes_for)
        self.votes_against.setValue(d.votes_against)
        self.abstained.setValue(d.abstained)
        self.message.clear()
        self.delete_button.setEnabled(True)
        self._update_outcome()
        self.decision_snapshot.mark_clean()
        self._load_items()

    def new_decision(self) -> None:
        self.decision_id = None
        self.view.clearSelection()
        for w in (self.number, self.name_kk, self.name_ru, self.name_en):
            w.clear()
        for box in (self.votes_for, self.votes_against, self.abstained):
            box.setValue(0)
        self.message.clear()
        self.delete_button.setEnabled(False)
        self._update_outcome()
        self.decision_snapshot.mark_clean()
        self._load_items()

    def _values(self) -> dict[str, Any]:
        return {
            "number": self.number.text(),
            "name_kk": self.name_kk.text(),
            "name_ru": self.name_ru.text(),
            "name_en": self.name_en.text(),
            "votes_for": self.votes_for.value(),
            "votes_against": self.votes_against.value(),
            "abstained": self.abstained.value(),
        }

    def save_decision(self) -> bool:
        if self.result is None:
            return False
        ws = self.ctx.workspace
        meeting_id = self.result.meeting.id

        def write() -> None:
            values, decision_id = self._values(), self.decision_id
            if decision_id is None:
                self.decision_id = self.ctx.write(
                    lambda: meetings.add_decision(ws, meeting_id, values), parent=self
                ).id
            else:
                self.ctx.write(lambda: meetings.update_decision(ws, decision_id, values), parent=self)

        if refused(self.message, write):
            return False
        self.decision_snapshot.mark_clean()
        return True

    @property
    def decision_dirty(self) -> bool:
        return self.result is not None and self.decision_snapshot.changed

    @property
    def item_dirty(self) -> bool:
        return self.decision_id is not None and self.item_snapshot.changed

    def delete_decision(self) -> None:
        if self.decision_id is None:
            return
        answer = QMessageBox.question(
            self, _("Delete the decision"), _("Delete this decision and its execution items?")
        )
        if answer == QMessageBox.StandardButton.Yes:
            ws, decision_id = self.ctx.workspace, self.decision_id
            if refused(
                self.message,
                lambda: self.ctx.write(lambda: meetings.delete_decision(ws, decision_id), parent=self),
            ):
                return
            self.decision_id = None

    # --- execution items ------------------------------------------------------------------------------------------

    def _load_items(self) -> None:
        keep = self.item_id
        rows = decisions.items(self.ctx.workspace, decision_id=self.decision_id) if self.decision_id else []
        self.items_model.set_rows(rows)
        adopted = any(
            r.adopted
            for r in (self.result.decisions if self.result else [])
            if r.decision.id == self.decision_id
        )
        self.items_box.setEnabled(self.decision_id is not None and (adopted or bool(rows)))
        self.parts.setTabEnabled(1, self.items_box.isEnabled())
        row = next((i for i, r in enumerate(rows) if r.item.id == keep), None)
        if row is not None:
            self.items_view.selectRow(row)
            self._show_item(rows[row])
        else:
            self.new_item()
        if self.decision_id is not None and not adopted:
            self.item_message.setText(_("Only an adopted decision is put under control."))

    def _item_selected(self, current: Any, _previous: Any = None) -> None:
        if current.isValid():
            self._show_item(self.items_model.row(current.row()))

    def _show_item(self, r: ExecutionRow) -> None:
        self.item_id = r.item.id
        self.responsible.set_value(r.item.responsible_body, r.item.responsible)
        self.task.setText(r.item.task)
        self.deadline.set_value(r.item.deadline)
        self.executed_on.set_value(r.item.executed_on)
        self.item_notes.setText(r.item.notes)
        self.item_history.setText(
            "\n".join(
                _("from {date}: {value}").format(
                    date=format_date(line.valid_from, _lang()),
                    value=f"{line.field_label}: {line.value_label}",
                )
                for line in history.record_history(self.ctx.workspace, "executionitem", r.item.id, _lang())
            )
        )
        self.item_message.clear()
        self.delete_item_button.setEnabled(True)
        self.executed_button.setEnabled(r.item.status != rules.EXECUTED)
        self.item_snapshot.mark_clean()

    def new_item(self) -> None:
        self.item_id = None
        self.items_view.clearSelection()
        for w in (self.responsible, self.task, self.item_notes):
            w.clear()  # ResponsibleField.clear too
        self.deadline.set_value(None)
        self.executed_on.set_value(None)
        self.item_history.clear()
        self.item_message.clear()
        self.delete_item_button.setEnabled(False)
        self.executed_button.setEnabled(False)
        self.item_snapshot.mark_clean()

    def _item_values(self) -> dict[str, Any]:
        executed = self.executed_on.value()
        return {
            "responsible_body": self.responsible.value()[0],
            "responsible": self.responsible.value()[1],
            "task": self.task.text(),
            "deadline": self.deadline.value(),
            "executed_on": executed,
            "status": rules.EXECUTED if executed else rules.IN_PROGRESS,
            "notes": self.item_notes.text(),
        }

    def _write_item(self, write: Callable[[], Any]) -> bool:
        """`write` runs on the background writer: it must not read widgets (read them before)."""
        written: list[Any] = []
        if refused(self.item_message, lambda: written.append(self.ctx.write(write, parent=self))):
            return False
        self.item_id = written[0].id
        self._load_items()
        return True

    def save_item(self) -> bool:
        if self.decision_id is None:
            return False
        ws, decision_id, item_id = self.ctx.workspace, self.decision_id, self.item_id
        try:
            values = self._item_values()
        except ValidationError as exc:  # a date typed only in part
            self.item_message.setText("\n".join(str(e) for e in exc.errors))
            return False
        if item_id is None:
            return self._write_item(lambda: decisions.add_item(ws, decision_id, values))
        return self._write_item(lambda: decisions.update_item(ws, item_id, values))

    def mark_executed(self) -> bool:
        if self.item_id is None:
            return False
        ws, item_id = self.ctx.workspace, self.item_id
        return self._write_item(lambda: decisions.mark_executed(ws, item_id, dt.date.today()))

    def delete_item(self) -> None:
        if self.item_id is not None:
            ws, item_id = self.ctx.workspace, self.item_id
            if refused(
                self.item_message,
                lambda: self.ctx.write(lambda: decisions.delete_item(ws, item_id), parent=self),
            ):
                return
            self.item_id = None
            self._load_items()


# --- every item under control ---------------------------------------------------------------------------------------


class ControlPanel(QWidget):
    """Every execution item of every decision, overdue ones marked; optionally only the overdue."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.only_overdue = QCheckBox()
        self.only_overdue.toggled.connect(self.refresh)
        self.summary = QLabel()
        self.model: RowsModel[ExecutionRow] = RowsModel(
            [
                RowColumn(N_("Deadline"), lambda r: format_date(r.item.deadline, _lang())),
                RowColumn(
                    N_("Status"), lambda r: term_label(reference.EXECUTION_STATUSES, r.status, _lang())
                ),
                RowColumn(
                    N_("Days overdue"), lambda r: str(r.days_overdue) if r.overdue else "", numeric=True
                ),
                RowColumn(N_("Responsible"), lambda r: _responsible(r.item)),
                RowColumn(N_("Task"), lambda r: r.item.task),
                RowColumn(
                    N_("Meeting"),
                    lambda r: f"{format_date(r.meeting.date, _lang())}, {kind_label(r.meeting.kind)}",
                ),
                RowColumn(N_("Decision"), lambda r: r.decision.name(_lang())),
            ],
            marked=lambda r: r.overdue,
            parent=self,
        )
        self.view = table_view(
            self.model,
            stretch=6,
            why_empty=lambda: (
                _("No item is overdue.")
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
        rows = decisions.items(self.ctx.workspace, overdue_only=self.only_overdue.isChecked())
        rows.sort(key=lambda r: (not r.overdue, -r.days_overdue, r.item.deadline or dt.date.max))
        self.model.set_rows(rows)
        self._summarise()

    def _summarise(self) -> None:
        overdue = sum(1 for r in self.model.rows if r.overdue)
        self.summary.setText(
            _("Items under control: {n}, overdue: {overdue}").format(n=len(self.model.rows), overdue=overdue)
        )


# --- the page -------------------------------------------------------------------------------------------------------


class MeetingsPage(Page):
    key = "meetings"
    title = N_("Meetings and decisions")
    watches = frozenset({"meeting", "decision", "attendance", "executionitem", "membership", "person"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.results: list[MeetingResult] = []
        self.meeting_id: str | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.year = ChoiceBox()
        self.year.currentIndexChanged.connect(self._filter)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_record)
        self.list_model: RowsModel[MeetingResult] = RowsModel(
            [
                RowColumn(N_("Date"), lambda r: format_date(r.meeting.date, _lang())),
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
            ],
            marked=lambda r: not r.quorate,
            parent=self,
        )
        self.list_view = table_view(
            self.list_model,
            why_empty=lambda: (
                _("No meeting in the year chosen: choose “{all}”.").format(all=_(ALL_YEARS))
                if self.year.value()
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
        self.splitter = ListDetailSplitter(left, right)
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
        self.control = ControlPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, "")
        self.tabs.addTab(self.control, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.retranslate()
        self.refresh()
        if self.list_model.rows:  # open on the latest meeting
            self.select_meeting(self.list_model.row(0).meeting.id)

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
        self.year.set_choices(self._year_choices(), empty=_(ALL_YEARS))
        self.year.setAccessibleName(_("Year"))  # a filter without a label: named for screen readers
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

    def refresh(self) -> None:
        self.results = meetings.meetings(self.ctx.workspace)
        self.year.set_choices(self._year_choices(), empty=_(ALL_YEARS))
        self._filter()
        self.control.refresh()

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

    def _load_detail(self, meeting_id: str | None) -> None:
        result = next((r for r in self.results if r.meeting.id == meeting_id), None) if meeting_id else None
        same = result is not None and meeting_id == self.meeting_id
        self.meeting_id = result.meeting.id if result else None
        if not (same and self.form.dirty):  # a refresh keeps what is being typed into the open meeting
            self.form.load(result)
        if not (same and self.attendance.dirty and self.attendance.meeting_id == meeting_id):
            if result is not None:
                entries = meetings.eligible(self.ctx.workspace, result.meeting.id)
                attended = meetings.attendance(self.ctx.workspace, result.meeting.id)
            else:
                entries, attended = [], set()
            self.attendance.load(result, entries, attended)
        self.decisions.load(result, self.attendance.present)
        self._update_title()

    def _update_title(self) -> None:
        result = next((r for r in self.results if r.meeting.id == self.meeting_id), None)
        if result is None:
            self.detail_title.setText(_("New meeting"))
            return
        m = result.meeting
        number = f" № {m.number}" if m.number else ""
        self.detail_title.setText(f"{kind_label(m.kind)}{number}, {format_date(m.date, _lang())}")

    def _saved(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def _deleted(self) -> None:
        self.meeting_id = None
        self.refresh()

    def select_meeting(self, meeting_id: str) -> None:
        """Show one meeting (for links from elsewhere and for tests)."""
        self.year.set_value(None)
        self.meeting_id = None
        for i, r in enumerate(self.list_model.rows):
            if r.meeting.id == meeting_id:
                self.list_view.selectRow(i)
                break
        self._load_detail(meeting_id)

    # --- window commands ------------------------------------------------------------------------------------------

    def new_record(self) -> bool:
        if not self._may_leave():
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
