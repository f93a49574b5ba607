"""The form of one meeting: kind, number, day, place, notice, agenda, request and convening for an extraordinary
session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desk.domain import reference, rules
from desk.i18n import _
from desk.services import meetings
from desk.services.meetings import MeetingResult
from desk.ui import central_mode
from desk.ui.context import AppContext
from desk.ui.meetings.common import language
from desk.ui.qt import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk.ui.tasks import refused
from desk.ui.unsaved import Snapshot
from desk.ui.widgets import ChoiceBox, DateField, IntField, LineEdit, VerticalScroll, message_label


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
        # each label above its field, which takes the form's width: beside the labels, the longest ("Number of
        # members who requested it") left the place and the centre's read-only dates a few letters at 1024 px
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
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
        self.read_only = central_mode.apply(
            ctx, writers=[self.save_button, self.delete_button], fields=[self.fields_scroll]
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
        self.kind.set_choices([(t.code, t.label(language())) for t in reference.MEETING_KINDS])
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
            self.rule.setText(_("Rule applied: {rule}.").format(rule=result.rule.describe(language())))
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
        if self.read_only:
            return False
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
        if self.meeting_id is None or self.read_only:
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
