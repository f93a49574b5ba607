"""Small input widgets the forms and filters share: a date that may be empty, a whole number that may be empty,
a choice from a code list, several codes ticked from a list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from desk.i18n import _, babel_locale
from desk.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDate,
    QDateEdit,
    QIntValidator,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

EMPTY_DATE = QDate(1900, 1, 1)


def qt_date_format() -> str:
    """The current language's short CLDR date pattern with a four-digit year, in Qt's notation."""
    pattern = babel_locale().date_formats["short"].pattern
    pattern = re.sub(r"y+", "yyyy", pattern)
    pattern = re.sub(r"(?<!M)M(?!M)", "MM", pattern)
    pattern = re.sub(r"(?<!d)d(?!d)", "dd", pattern)
    return pattern


class DateField(QDateEdit):
    """A date, or nothing (shown blank). Typing or the calendar pop-up; Delete clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(" ")
        self.retranslate()
        self.set_value(None)

    def retranslate(self) -> None:
        self.setDisplayFormat(qt_date_format())

    def value(self) -> dt.date | None:
        d = self.date()
        if d == EMPTY_DATE:
            return None
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.setDate(EMPTY_DATE)
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentSection() == self.sectionAt(0):
            if self.lineEdit().selectedText() == self.lineEdit().text():
                self.set_value(None)
                return
        if self.value() is None and event.text().isdigit():
            self.setDate(QDate.currentDate())
        if self.value() is None and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) \
                and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            # empty (the blank special value): no sections to step through, and QDateEdit would keep Tab here
            # for ever — a keyboard trap (tests/ui/test_accessibility.py)
            QWidget.focusNextPrevChild(self, event.key() == Qt.Key.Key_Tab)
            return
        super().keyPressEvent(event)


class IntField(QLineEdit):
    """A whole number, or nothing. `value()` raises ValueError on text that is not a number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QIntValidator(-(2**31), 2**31 - 1, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def value(self) -> int | None:
        text = self.text().strip().replace(" ", "").replace("\u00a0", "")
        return int(text) if text else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


def message_label(*, hidden: bool = False) -> QLabel:
    """A wrapped label for a refusal's message (styled red by its object name "fieldMessage")."""
    label = QLabel()
    label.setObjectName("fieldMessage")
    label.setWordWrap(True)
    if hidden:
        label.hide()
    return label


def field_cell(widget: QWidget) -> tuple[QWidget, QLabel]:
    """A form row's field with its message under it (hidden until there is one): the cell and the message."""
    message = message_label(hidden=True)
    cell = QWidget()
    box = QVBoxLayout(cell)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(widget)
    box.addWidget(message)
    return cell, message


class LineEdit(QLineEdit):
    """A line edit that shows a loaded value from its beginning: QLineEdit.setText leaves the cursor at the end, so a
    long name or place showed only its tail ("…дружбы, конференц-зал")."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setCursorPosition(0)


class ChoiceBox(QComboBox):
    """A choice of codes with labels; an optional first empty entry means "none" (or "any", in filters)."""

    def __init__(self, empty: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty = empty
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)

    def set_choices(self, choices: Iterable[tuple[str, str]], empty: str | None = None) -> None:
        """Replace the entries, keeping the chosen code if it is still offered."""
        if empty is not None:
            self._empty = empty
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self._empty is not None:
            self.addItem(self._empty, None)
        for code, label in choices:
            self.addItem(label, code)
        self.blockSignals(False)
        self.set_value(current, quiet=True)

    def value(self) -> str | None:
        data = self.currentData()
        return None if data in (None, "") else str(data)

    def set_value(self, code: str | None, *, quiet: bool = False) -> None:
        index = self.findData(code) if code else (0 if self.count() else -1)  # no code: "none", or the first
        if index < 0 and code:  # a code not in the list (e.g. an archived house): keep it visible
            self.addItem(code, code)
            index = self.count() - 1
        if quiet:
            self.blockSignals(True)
        self.setCurrentIndex(index)
        if quiet:
            self.blockSignals(False)


class CodesList(QListWidget):
    """Several codes ticked from a list; stored comma-separated."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, rows: int = 5) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setMaximumHeight(self.fontMetrics().height() * rows + 12)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        ticked = set(self.codes())
        self.blockSignals(True)
        self.clear()
        for code, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)

    def codes(self) -> list[str]:
        return [
            str(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def value(self) -> str:
        return ",".join(self.codes())

    def set_value(self, value: str | None) -> None:
        wanted = {c.strip() for c in (value or "").split(",") if c.strip()}
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            code = str(item.data(Qt.ItemDataRole.UserRole))
            item.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)
        self.blockSignals(False)


def not_a_number() -> str:
    return _("Enter a whole number.")
