"""The central office's window shows the regions' records read-only.

The centre holds each region's records as the region's bundles bring them: the store refuses any change to them there
(`desk.store.db.CentralReadOnly`), since a change would be overwritten by the region's next bundle without a word. So
the window offers none: `read_only(ctx)` is the one decision, and the views call `apply()` with their controls that
write a region's record (New, Save, Archive, Delete, Link…: hidden) and their fields (shown read-only: the values
still selectable and copyable), and put a `note()` where the clerk looks. The window's New, Save, Undo, Redo and
Import commands are disabled there (desk/ui/main_window.py). A region's window is untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from desk.i18n import N_, _
from desk.ui.qt import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    Qt,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:  # the window's frame imports this module before the database layer is loaded
    from desk.ui.context import AppContext

NOTE = N_(
    "The central office sees the regions' records as their bundles bring them; they are changed by the region's "
    "secretariat."
)


def read_only(ctx: AppContext) -> bool:
    """True in the central office: the regions' records are shown, never written from the window."""
    return ctx.workspace.is_central


class ReadOnlyNote(QLabel):
    """The one short line saying why nothing can be changed here, in the current language."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyNote")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, *_args: object) -> None:
        self.setText("ⓘ " + _(NOTE))


def note(ctx: AppContext) -> ReadOnlyNote | None:
    """The note to put above a list or in a form at the central office; None in a region's window."""
    return ReadOnlyNote(ctx) if read_only(ctx) else None


def apply(ctx: AppContext, *, writers: Iterable[QWidget] = (), fields: Iterable[QWidget] = ()) -> bool:
    """At the central office: hide every control in `writers` and show `fields` (and the inputs inside them)
    read-only. Returns whether it did, for the view to refuse its own write commands too."""
    if not read_only(ctx):
        return False
    for widget in writers:
        widget.hide()
    for widget in fields:
        for part in [widget, *widget.findChildren(QWidget)]:
            show_read_only(part)
    return True


READ_ONLY_PROPERTY = "centreReadOnly"
"""Set on the inputs shown read-only: the application's stylesheet (desk/ui/app.py STYLE) gives them the window's
background instead of the input's, so they do not look like fields waiting to be typed into."""


def show_read_only(widget: QWidget) -> None:
    """One input shown as it is: text selectable and copyable, nothing typed, picked or ticked."""
    set_read_only = getattr(widget, "set_read_only", None)
    if callable(set_read_only):  # ChoiceBox, CodesList, AssociationsField: their own way
        set_read_only(True)
        line = widget.lineEdit() if isinstance(widget, QComboBox) else None
        if line is not None:  # a ChoiceBox shows its choice in a read-only line: the box and the line look it
            _look_read_only(widget)
            _look_read_only(line)
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        widget.setReadOnly(True)
        _look_read_only(widget)
    elif isinstance(widget, QAbstractSpinBox):
        widget.setReadOnly(True)
        widget.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        _look_read_only(widget)
    elif isinstance(widget, QComboBox):
        widget.setEnabled(False)
    elif isinstance(widget, QCheckBox):
        widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def _look_read_only(widget: QWidget) -> None:
    widget.setProperty(READ_ONLY_PROPERTY, True)
    style = widget.style()
    style.unpolish(widget)  # the stylesheet's property selector is matched again
    style.polish(widget)


def detail_or_hint(detail: QWidget) -> tuple[QStackedWidget, QLabel]:
    """A page's detail (its form) in a stack with a hint to show instead (index 1): at the central office nothing
    is new to type, so with nothing chosen the hint stands where the empty form would."""
    hint = QLabel()
    hint.setObjectName("emptyDetailHint")
    hint.setWordWrap(True)
    hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
    stack = QStackedWidget()
    stack.addWidget(detail)
    stack.addWidget(hint)
    return stack, hint
