"""A meeting's decisions with their votes and a live "adopted / not adopted" by the assembly's rules, and the
execution items of each decision, overdue ones marked."""

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
from desk.services.rows import term_label
from desk.ui import central_mode
from desk.ui.context import AppContext
from desk.ui.meetings.common import button_rows, language, responsible_label, table_view
from desk.ui.qt import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from desk.ui.responsible_field import ResponsibleField
from desk.ui.rows_model import GOOD_COLOUR, WARNING_COLOUR, RowColumn, RowsModel
from desk.ui.tasks import refused
from desk.ui.unsaved import Snapshot
from desk.ui.widgets import DateField, LineEdit, VerticalScroll, message_label


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
                RowColumn(N_("Decision"), lambda r: r.decision.name(language())),
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
                RowColumn(N_("Responsible"), lambda r: responsible_label(r.item)),
                RowColumn(N_("Task"), lambda r: r.item.task),
                RowColumn(N_("Deadline"), lambda r: format_date(r.item.deadline, language())),
                RowColumn(
                    N_("Status"), lambda r: term_label(reference.EXECUTION_STATUSES, r.status, language())
                ),
                RowColumn(N_("Executed on"), lambda r: format_date(r.item.executed_on, language())),
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
        decision_inputs: list[QWidget] = [
            self.number,
            self.name_kk,
            self.name_ru,
            self.name_en,
            self.votes_for,
            self.votes_against,
            self.abstained,
        ]
        item_inputs: list[QWidget] = [
            self.responsible,
            self.task,
            self.deadline,
            self.executed_on,
            self.item_notes,
        ]
        self.decision_snapshot = Snapshot(decision_inputs)
        self.item_snapshot = Snapshot(item_inputs)
        self.read_only = central_mode.apply(
            ctx,
            writers=[
                self.new_button,
                self.save_button,
                self.delete_button,
                self.new_item_button,
                self.save_item_button,
                self.executed_button,
                self.delete_item_button,
            ],
            fields=[*decision_inputs, *item_inputs],
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
        if self.result is None or self.read_only:
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
        if self.decision_id is None or self.read_only:
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
                    date=format_date(line.valid_from, language()),
                    value=f"{line.field_label}: {line.value_label}",
                )
                for line in history.record_history(self.ctx.workspace, "executionitem", r.item.id, language())
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
        if self.read_only:
            return False
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
        if self.item_id is not None and not self.read_only:
            ws, item_id = self.ctx.workspace, self.item_id
            if refused(
                self.item_message,
                lambda: self.ctx.write(lambda: decisions.delete_item(ws, item_id), parent=self),
            ):
                return
            self.item_id = None
            self._load_items()


# --- every item under control ---------------------------------------------------------------------------------------
