"""Small input widgets the forms and filters share: a date that may be empty, a whole number that may be empty,
a choice from a code list, several codes ticked from a list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desk.domain.validation import FieldError, ValidationError
from desk.i18n import _, current_language
from desk.ui.qt import (
    QAbstractItemView,
    QCalendarWidget,
    QColor,
    QComboBox,
    QDate,
    QEvent,
    QFrame,
    QIcon,
    QIntValidator,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QLocale,
    QObject,
    QPainter,
    QPixmap,
    QScrollArea,
    QSize,
    QStyle,
    Qt,
    QVBoxLayout,
    QWheelEvent,
    QWidget,
    Signal,
)
from desk.ui.typed_dates import NoSuchDate, PartialDate, format_typed_date, parse_typed_date


def qt_date_format() -> str:
    """The pattern of a date field, in Qt's notation: day.month.year with a four-digit year in every language.

    Kazakhstan writes dates day first (15.11.2026) whatever the language of the window; English's CLDR pattern
    (M/d/yy, American) turned a clerk's 03.02.2024 into March the 2nd on screen."""
    return "dd.MM.yyyy"


class DateTextError(ValidationError):
    """A date field holds text that is not a whole date; names the field in its message."""


@dataclass(frozen=True)
class _DateProblem(FieldError):
    shown_label: str = ""

    @property
    def label(self) -> str:
        return self.shown_label or super().label

    def __str__(self) -> str:
        return self.message  # the message names the field itself


def _calendar_icon() -> QIcon:
    """A small calendar drawn here (the program ships no icon files)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(2, 3, 12, 3, QColor("#c0392b"))
    for row in range(2):
        for col in range(3):
            painter.fillRect(3 + 4 * col, 8 + 3 * row, 2, 2, QColor("#555555"))
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """A date, or nothing (empty). Typed or pasted as text (15.11.2026, 5.1.26, 2026-11-15: see desk/ui/typed_dates.py),
    or chosen from the calendar (the button at the right, or Alt+Down).

    What is typed stays exactly as typed until the field is left, then shows in the language's pattern; text that is
    not a whole date is kept (never replaced by another date) and refused by `value()` with a message naming the field.
    `dateChanged(value)` is emitted when the date it holds changes (leaving the field, the calendar, `set_value`).
    """

    dateChanged = Signal(object)  # noqa: N815 - Qt's spelling, as QDateEdit had it

    def __init__(self, parent: QWidget | None = None, label: str = "") -> None:
        super().__init__(parent)
        self.label_text = label  # the field's name in the current language, for messages (set by the form)
        self._value: dt.date | None = None
        self._pattern = qt_date_format()
        self.setMaxLength(32)
        self.calendar_action = self.addAction(_calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.triggered.connect(self.show_calendar)
        self._popup: QCalendarWidget | None = None
        self.editingFinished.connect(self._commit_text)
        self.retranslate()

    def retranslate(self) -> None:
        self._pattern = qt_date_format()
        self.setPlaceholderText(
            self._pattern.replace("dd", _("DD")).replace("MM", _("MM")).replace("yyyy", _("YYYY"))
        )
        self.calendar_action.setToolTip(_("Choose from the calendar (Alt+Down)"))
        try:
            value = self.parsed()
        except (PartialDate, NoSuchDate):
            return
        if value is not None:
            super().setText(format_typed_date(value, self._pattern))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        sample = self.fontMetrics().horizontalAdvance("00.00.0000" + "0000")
        return QSize(max(hint.width(), sample + 24), hint.height())

    # --- the value ----------------------------------------------------------------------------------------------

    def parsed(self) -> dt.date | None:
        return parse_typed_date(self.text(), self._pattern)

    def problem(self) -> str | None:
        """Why the text is not a date (naming the field), or None when it is one or is empty."""
        label = self.label_text or self._buddy_text() or _("Date")
        example = format_typed_date(dt.date(2026, 11, 15), self._pattern)
        try:
            self.parsed()
        except PartialDate:
            return _(
                "{field}: not a whole date. Type the day, month and year, for example {example}."
            ).format(field=label, example=example)
        except NoSuchDate:
            return _("{field}: there is no such date: {text}.").format(field=label, text=self.text().strip())
        return None

    def _buddy_text(self) -> str:
        """The text of the label naming this field (QFormLayout makes a row's label the field's buddy)."""
        for label in self.window().findChildren(QLabel):
            if label.buddy() is self and label.text():
                return label.text().strip().rstrip(":").replace("&", "")
        return ""

    def committed(self) -> dt.date | None:
        """The last whole date the field held (what filters follow while a date is half typed)."""
        return self._value

    def value(self) -> dt.date | None:
        """The date; None when empty. Raises DateTextError (a ValidationError) for text that is not a whole date."""
        message = self.problem()
        if message is not None:
            name = self.objectName().removeprefix("field_") or "date"
            raise DateTextError([_DateProblem(name, message, self.label_text)])
        return self.parsed()

    def set_value(self, value: dt.date | None) -> None:
        super().setText("" if value is None else format_typed_date(value, self._pattern))
        self._remember(value)

    def _remember(self, value: dt.date | None) -> None:
        if value != self._value:
            self._value = value
            self.dateChanged.emit(value)

    def _commit_text(self) -> None:
        """Leaving the field (or Enter): a whole date shows in the language's pattern; other text stays as typed."""
        try:
            value = self.parsed()
        except (PartialDate, NoSuchDate):
            return
        super().setText("" if value is None else format_typed_date(value, self._pattern))
        self._remember(value)

    # --- the calendar -------------------------------------------------------------------------------------------

    def setReadOnly(self, on: bool) -> None:  # noqa: N802 - Qt's name
        """Read-only: no calendar either (its button hidden, Alt+Down does nothing)."""
        super().setReadOnly(on)
        self.calendar_action.setVisible(not on)

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        if (event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier) or (
            event.key() == Qt.Key.Key_F4
        ):
            if not self.isReadOnly():
                self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> QCalendarWidget:
        if self._popup is None:
            popup = QCalendarWidget(self)
            popup.setWindowFlags(Qt.WindowType.Popup)
            popup.setGridVisible(True)
            popup.clicked.connect(self._picked)
            popup.activated.connect(self._picked)
            self._popup = popup
        popup = self._popup
        popup.setLocale(QLocale(self._qt_locale_name()))
        try:
            current = self.parsed()
        except (PartialDate, NoSuchDate):
            current = None
        day = current or dt.date.today()
        popup.setSelectedDate(QDate(day.year, day.month, day.day))
        popup.adjustSize()
        below = self.mapToGlobal(self.rect().bottomLeft())
        popup.move(below)
        popup.show()
        popup.setFocus()
        return popup

    @staticmethod
    def _qt_locale_name() -> str:
        return {"kk": "kk_KZ", "ru": "ru_RU"}.get(current_language(), "en_GB")

    def _picked(self, day: QDate) -> None:
        value = dt.date(day.year(), day.month(), day.day())
        if self._popup is not None:
            self._popup.hide()
        super().setText(format_typed_date(value, self._pattern))
        self.textEdited.emit(self.text())  # a choice in the calendar is an edit of the form
        self._remember(value)
        self.setFocus()


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


class MessageLabel(QLabel):
    """A form's message that takes room only while it says something (a low window has no line to spare)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setVisible(bool(text))


def message_label(*, hidden: bool = False) -> QLabel:
    """A wrapped label for a refusal's message (styled red by its object name "fieldMessage"): a field's message
    (`hidden`, shown by its form with the refusal), or a form's, seen only while it has text."""
    label = QLabel() if hidden else MessageLabel()
    label.setObjectName("fieldMessage")
    label.setWordWrap(True)
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
        self._read_only = False

    # Keys that pick another entry of a closed box.
    _PICKING_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})

    def set_read_only(self, on: bool) -> None:
        """Read-only: the chosen entry's text selectable and copyable (a read-only line in the box), never another
        entry picked (no list, no arrow keys, no wheel)."""
        self._read_only = on
        self.setEditable(on)
        if on:
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.lineEdit().setReadOnly(True)
            self._show_start()

    def is_read_only(self) -> bool:
        return self._read_only

    def _show_start(self) -> None:
        """A read-only box's line shows the entry's start, as a closed box does (it scrolled to its end on a narrow
        form: "блея сессиясы")."""
        line = self.lineEdit() if self._read_only else None
        if line is not None:
            line.setCursorPosition(0)

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        if not self._read_only:
            super().showPopup()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self._read_only and event.key() in self._PICKING_KEYS:
            event.ignore()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        if self._read_only:
            event.ignore()
            return
        super().wheelEvent(event)

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
        self._show_start()


class CodesList(QListWidget):
    """Several codes ticked from a list; stored comma-separated."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, rows: int = 5) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setMaximumHeight(self.fontMetrics().height() * rows + 12)
        self.itemChanged.connect(lambda _item: self.changed.emit())
        self._read_only = False

    def _item_flags(self) -> Qt.ItemFlag:
        if self._read_only:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def set_read_only(self, on: bool) -> None:
        """Read-only: the ticks shown, none changed."""
        self._read_only = on
        for i in range(self.count()):
            self.item(i).setFlags(self._item_flags())

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        ticked = set(self.codes())
        self.blockSignals(True)
        self.clear()
        for code, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(self._item_flags())
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


class _HeightForWidth(QObject):
    """Keeps a scroll area's contents as tall as their wrapped text needs at the width they are given.

    A scroll area that resizes its contents (widgetResizable) gives them at least their minimum size hint, which a
    form with word-wrapped messages under its fields answers for some other width: with Windows' font metrics a
    message got two lines of height where its text needed three at the width it was laid out in, and was cut (or
    overlapped the next field). Here the contents' minimum height follows their heightForWidth at the viewport's
    width, whenever the viewport or the contents' layout changes.
    """

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        self.content: QWidget | None = None
        self._busy = False
        area.viewport().installEventFilter(self)

    def watch(self, content: QWidget) -> None:
        self.content = content
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and not self._busy:
            self.fit()
        return False

    def fit(self) -> None:
        content = self.content
        if content is None or content.layout() is None or not content.layout().hasHeightForWidth():
            return
        self._busy = True
        try:
            needed = content.layout().totalHeightForWidth(self.area.viewport().width())
            if needed > 0 and needed != content.minimumHeight():
                content.setMinimumHeight(needed)
        except RuntimeError:  # torn down with the window
            self.content = None
        finally:
            self._busy = False


def keep_wrapped_text_whole(area: QScrollArea) -> None:
    """Make `area`'s contents (set with setWidget) as tall as their wrapped text needs (see _HeightForWidth)."""
    fitter = _HeightForWidth(area)
    content = area.widget()
    if content is not None:
        fitter.watch(content)


LOW_WINDOW = 600  # logical px: a window lower than this (150% on a 768-px screen leaves about 430) is low


class VerticalScroll(QScrollArea):
    """A scroll area for a form's fields that scrolls up and down only: as wide as its contents need (so nothing is
    cut at the right), as low as the window allows (the form's buttons stay pinned below it, never scrolled away)."""

    def __init__(
        self, content: QWidget, parent: QWidget | None = None, *, least: int = 52, low_window_rows: int = 0
    ) -> None:
        super().__init__(parent)
        self.least = least  # the lowest it goes (a low window): what scrolls then
        self.low_window_rows = (
            low_window_rows  # in a low window, asks for no more than this many times `least`
        )
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        keep_wrapped_text_whole(self)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        if self.low_window_rows and self.window().height() < LOW_WINDOW:  # the list below it comes first
            hint.setHeight(min(hint.height(), self.least * self.low_window_rows))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        content = self.widget()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = (
            (content.minimumSizeHint().width() if content is not None else 0) + bar + 2 * self.frameWidth()
        )
        return QSize(width, min(super().minimumSizeHint().height(), self.least))


def not_a_number() -> str:
    return _("Enter a whole number.")


class ElidedLabel(QLabel):
    """One line that gives way to a narrow window: what does not fit ends in "…", the whole text in its tooltip (the
    status bar's region, operator and data folder held a 667-px window at 538 px)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), text)
