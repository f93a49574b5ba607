"""The detail form of a record: fields built in code from a list of `Field`s, each with its validation message
shown right under it in the current language, and the record's audit history.

The form never writes by itself: `save()` hands the values to the register's service, which validates; a refusal
(ValidationError) puts every message beside its field and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desk.domain.validation import FieldError, ValidationError, field_label
from desk.errors import DeskError
from desk.i18n import N_, _, current_language, format_date, format_moment
from desk.services import history as state_history
from desk.services import records
from desk.services.records import Register
from desk.ui import central_mode
from desk.ui.context import AppContext
from desk.ui.qt import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk.ui.widgets import (
    ChoiceBox,
    CodesList,
    DateField,
    IntField,
    LineEdit,
    field_cell,
    keep_wrapped_text_whole,
    not_a_number,
)

Choices = Callable[[AppContext, str], Sequence[tuple[str, str]]]


@dataclass(frozen=True)
class Field:
    """One input of a form, named like the record's attribute it edits."""

    name: str
    label: str  # N_()
    kind: str = (
        "text"  # text, multiline, date, int, choice, codes, bool, readonly, associations (ids, picked)
    )
    choices: Choices | None = None
    empty: str | None = ""  # choice: the label of "none" (N_), None = a value is required
    nullable: bool = False  # text: empty means None
    errors: tuple[str, ...] = ()  # other error field names shown under this field (e.g. "name")
    readonly_value: Callable[[AppContext, Any, str], str] | None = None
    max_length: int = 500


def _make_widget(f: Field, ctx: AppContext) -> QWidget:
    if f.kind == "associations":
        from desk.ui.association_picker import AssociationsField

        return AssociationsField(ctx)
    if f.kind == "multiline":
        w = QPlainTextEdit()
        w.setTabChangesFocus(True)
        w.setMaximumHeight(80)
        return w
    if f.kind == "date":
        return DateField()
    if f.kind == "int":
        return IntField()
    if f.kind == "choice":
        return ChoiceBox()
    if f.kind == "codes":
        return CodesList()
    if f.kind == "bool":
        return QCheckBox()
    if f.kind == "readonly":
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label
    line = LineEdit()
    line.setMaxLength(f.max_length)
    return line


ACTIONS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "archive": N_("Archived"),
    "restore": N_("Restored"),
    "delete": N_("Deleted"),
}


class HistoryView(QTreeWidget):
    """The audit trail of one record: when, who, what, and each changed field's old and new value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setRootIsDecorated(True)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHeaderLabels([_("When"), _("Who"), _("What")])

    def load(self, ctx: AppContext, record_id: str | None) -> None:
        self.clear()
        if record_id is None:
            return
        dated = state_history.history_of(ctx.workspace, record_id, current_language())
        if dated:
            # the dated history of the record's state (status, roles, execution): what held from which day
            group = QTreeWidgetItem([_("Dated history"), "", ""])
            group.setFirstColumnSpanned(True)
            for line in dated:
                child = QTreeWidgetItem(
                    [
                        format_date(line.valid_from, current_language()),
                        line.reason,
                        f"{line.field_label}: {line.value_label}",
                    ]
                )
                group.addChild(child)
            self.addTopLevelItem(group)
            group.setExpanded(True)
        for entry in records.history(ctx.workspace, record_id):
            at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=dt.UTC)
            top = QTreeWidgetItem(
                [format_moment(at), entry.operator, _(ACTIONS.get(entry.action, entry.action))]
            )
            for key, change in sorted(entry.changes.items()):
                if entry.action == "create":
                    if change in (None, "", False):
                        continue
                    text = _short(change)
                elif isinstance(change, list) and len(change) == 2:
                    text = f"{_short(change[0])} → {_short(change[1])}"
                else:
                    text = _short(change)
                if key in ("id", "region"):
                    continue
                top.addChild(QTreeWidgetItem(["", field_label(key), text]))
            self.addTopLevelItem(top)
        self.resizeColumnToContents(0)
        self.resizeColumnToContents(1)


def _short(value: Any) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


class RecordForm(QWidget):
    """Create or edit one record of a register. Signals: saved(record), archived(record)."""

    saved = Signal(object)
    dirty_changed = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        register: Register[Any],
        fields: Sequence[Field],
        *,
        new_title: str,
        record_title: Callable[[Any, str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.register = register
        self.fields = list(fields)
        self.new_title = new_title
        self.record_title = record_title
        self.record: Any = None
        self._dirty = False
        self._loading = False

        self.heading = QLabel()
        self.heading.setObjectName("formTitle")
        self.heading.setWordWrap(True)
        self.general_message = QLabel()
        self.general_message.setObjectName("fieldMessage")
        self.general_message.setWordWrap(True)
        self.general_message.hide()

        body = QWidget()
        self.layout_ = QFormLayout(body)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        for f in self.fields:
            widget = _make_widget(f, ctx)
            widget.setObjectName(f"field_{f.name}")
            cell, message = field_cell(widget)
            label = QLabel()
            label.setBuddy(widget)
            self.layout_.addRow(label, cell)
            self.widgets[f.name] = widget
            self.labels[f.name] = label
            self.messages[f.name] = message
            self._watch(widget)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        keep_wrapped_text_whole(
            scroll
        )  # a message under a field gets the lines its text needs (Windows' fonts too)

        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.archive_button = QPushButton()
        self.close_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.archive_button.clicked.connect(self.toggle_archived)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.general_message)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        # Tab order: the fields top to bottom, then Save, Archive, Close (set once all share this window).
        chain = [self.widgets[f.name] for f in self.fields if f.kind != "readonly"]
        chain += [self.save_button, self.archive_button, self.close_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        # the central office: the record shown as its region's bundle brought it, no Save or Archive
        self.read_only = central_mode.apply(
            ctx, writers=[self.save_button, self.archive_button], fields=self.widgets.values()
        )
        self.retranslate()

    # --- building -----------------------------------------------------------------------------------------------

    def _watch(self, widget: QWidget) -> None:
        mark = self._mark_dirty
        if isinstance(widget, DateField):  # typed (textEdited) or picked from the calendar (dateChanged)
            widget.textEdited.connect(mark)
            widget.dateChanged.connect(mark)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(mark)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(mark)
        elif isinstance(widget, ChoiceBox):
            widget.currentIndexChanged.connect(mark)
        elif isinstance(widget, CodesList):
            widget.changed.connect(mark)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(mark)
        elif f_changed := getattr(widget, "changed", None):  # AssociationsField
            f_changed.connect(mark)

    def _mark_dirty(self, *_args: Any) -> None:
        if not self._loading and not self._dirty:
            self._dirty = True
            self.dirty_changed.emit(True)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def retranslate(self) -> None:
        lang = self.ctx.language
        for f in self.fields:
            self.labels[f.name].setText(_(f.label) + ":")
            widget = self.widgets[f.name]
            if f.kind == "choice" and f.choices is not None:
                assert isinstance(widget, ChoiceBox)
                was = self._loading
                self._loading = True
                widget.set_choices(
                    f.choices(self.ctx, lang), empty=_(f.empty) if f.empty is not None else None
                )
                self._loading = was
            elif f.kind == "codes" and f.choices is not None:
                assert isinstance(widget, CodesList)
                widget.set_choices(f.choices(self.ctx, lang))
            elif f.kind == "date":
                assert isinstance(widget, DateField)
                widget.label_text = _(f.label)
                widget.retranslate()
            elif f.kind == "associations":
                widget.retranslate()  # type: ignore[attr-defined]
            elif f.kind == "readonly" and f.readonly_value is not None:
                assert isinstance(widget, QLabel)
                widget.setText(
                    f.readonly_value(self.ctx, self.record, lang) if self.record is not None else ""
                )
        self.save_button.setText(_("Save"))
        self.close_button.setText(_("Close"))
        self._update_heading()

    def _update_heading(self) -> None:
        archived = self.record is not None and getattr(self.record, "archived_at", None) is not None
        if self.record is None:
            self.heading.setText(_(self.new_title))
        else:
            title = self.record_title(self.record, self.ctx.language)
            self.heading.setText(title + ("  " + _("(archived)") if archived else ""))
        self.archive_button.setText(_("Restore") if archived else _("Archive"))
        self.archive_button.setEnabled(self.record is not None)

    # --- values -------------------------------------------------------------------------------------------------

    def load(self, record: Any) -> None:
        """Show a record (None: a new, empty one)."""
        self._loading = True
        self.record = record
        lang = self.ctx.language
        for f in self.fields:
            widget = self.widgets[f.name]
            value = getattr(record, f.name, None) if record is not None else None
            if isinstance(widget, DateField | IntField):
                widget.set_value(value)
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText("" if value is None else str(value))
            elif isinstance(widget, ChoiceBox):
                widget.set_value(value)
            elif isinstance(widget, CodesList):
                widget.set_value(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLabel) and f.readonly_value is not None:
                widget.setText(f.readonly_value(self.ctx, record, lang) if record is not None else "")
            elif f.kind == "associations":
                widget.set_value(value)  # type: ignore[attr-defined]
        self._loading = False
        self._dirty = False
        self.dirty_changed.emit(False)
        self.clear_messages()
        self._update_heading()

    def values(self) -> tuple[dict[str, Any], list[FieldError]]:
        """The entered values, and the refusals the form itself can tell (a number that is not a number)."""
        out: dict[str, Any] = {}
        errors: list[FieldError] = []
        for f in self.fields:
            widget = self.widgets[f.name]
            if f.kind == "readonly":
                continue
            if isinstance(widget, IntField):
                try:
                    out[f.name] = widget.value()
                except ValueError:
                    errors.append(FieldError(f.name, not_a_number()))
            elif isinstance(widget, DateField):
                try:
                    out[f.name] = widget.value()
                except ValidationError as exc:  # a partial date: refused here, never saved as another date
                    errors.extend(exc.errors)
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                out[f.name] = (text or None) if f.nullable else text
            elif isinstance(widget, QPlainTextEdit):
                out[f.name] = widget.toPlainText().strip()
            elif isinstance(widget, ChoiceBox | CodesList):
                value = widget.value()
                out[f.name] = value if value is not None or f.kind != "choice" or f.nullable else ""
            elif isinstance(widget, QCheckBox):
                out[f.name] = widget.isChecked()
            elif f.kind == "associations":
                out[f.name] = widget.value()  # type: ignore[attr-defined]
        return out, errors

    # --- messages -----------------------------------------------------------------------------------------------

    def clear_messages(self) -> None:
        for label in self.messages.values():
            label.clear()
            label.hide()
        self.general_message.clear()
        self.general_message.hide()

    def field_for_error(self, error_field: str) -> str | None:
        for f in self.fields:
            if f.name == error_field or error_field in f.errors:
                return f.name
        return None

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        self.clear_messages()
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for e in errors:
            name = self.field_for_error(e.field)
            if name is None:
                general.append(str(e))
            else:
                by_field.setdefault(name, []).append(e.message)
        for name, messages in by_field.items():
            self.messages[name].setText("\n".join(messages))
            self.messages[name].show()
        if general:
            self.general_message.setText("\n".join(general))
            self.general_message.show()
        first = next((f.name for f in self.fields if f.name in by_field), None)
        if first is not None:
            self.widgets[first].setFocus()

    def message_for(self, name: str) -> str:
        label = self.messages[name]
        return label.text() if not label.isHidden() else ""

    # --- commands -----------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Validate and write; on refusal show the messages and write nothing. True when saved."""
        if self.read_only:
            return False
        values, errors = self.values()
        if errors:
            self.show_errors(errors)
            return False
        ws, register = self.ctx.workspace, self.register
        record_id = self.record.id if self.record is not None else None
        try:  # on the background writer (desk/ui/writer.py); the form waits, the window keeps painting
            if record_id is None:
                record = self.ctx.write(lambda: register.create(ws, values), parent=self)
            else:
                record = self.ctx.write(lambda: register.update(ws, record_id, values), parent=self)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except DeskError as exc:
            self.clear_messages()
            self.general_message.setText(exc.message)
            self.general_message.show()
            return False
        self.load(self.register.get(ws, record.id))
        self.saved.emit(self.record)
        return True

    def toggle_archived(self) -> None:
        if self.record is None or self.read_only:
            return
        ws, register, record_id = self.ctx.workspace, self.register, self.record.id
        try:
            if getattr(self.record, "archived_at", None) is None:
                record = self.ctx.write(lambda: register.archive(ws, record_id), parent=self)
            else:
                record = self.ctx.write(lambda: register.restore(ws, record_id), parent=self)
        except DeskError as exc:
            self.clear_messages()
            self.general_message.setText(exc.message)
            self.general_message.show()
            return
        self.load(self.register.get(ws, record.id))
        self.saved.emit(self.record)
