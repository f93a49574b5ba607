"""Unsaved changes: what a form holds that is not saved yet, and the one question asked before it would be lost
(closing the window, Ctrl+Q, another page, another record, restoring a backup, another language).

A page says what it holds unsaved with `Page.unsaved()`; the window asks `ask()` — Save, Discard or Cancel — and
Cancel leaves everything as it was. `Snapshot` tells a form's current values from the ones it was loaded with, so a
change typed and typed back is no change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from desk.i18n import _
from desk.ui.qt import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask(parent: QWidget | None, what: str) -> str:
    """Save, Discard or Cancel: what to do with `what` (e.g. "the record «…»") before it would be lost."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("Save the changes to {what}?").format(what=what))
    box.setInformativeText(_("Discard throws them away; Cancel goes back to the form."))
    save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return SAVE
    if clicked is discard:
        return DISCARD
    return CANCEL


def settle(
    parent: QWidget | None, what: str | None, save: Callable[[], bool], discard: Callable[[], object]
) -> bool:
    """Ask about `what` (None: nothing unsaved) and act on the answer: True when nothing is left to lose (saved or
    discarded), False on Cancel or a refused save."""
    if what is None:
        return True
    answer = ask(parent, what)
    if answer == SAVE:
        return save()
    if answer == DISCARD:
        discard()
        return True
    return False


def _value(widget: Any) -> Any:
    if callable(widget) and not isinstance(widget, QWidget):
        return widget()
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    value = getattr(widget, "value", None)  # CodesList, AssociationsField
    return value() if callable(value) else None


class Snapshot:
    """The values of a form's inputs when it was loaded or saved; `changed` when they differ now."""

    def __init__(self, inputs: Sequence[QWidget | Callable[[], Any]]) -> None:
        self.inputs = list(inputs)
        self._clean: tuple[Any, ...] = self.take()

    def take(self) -> tuple[Any, ...]:
        return tuple(_value(w) for w in self.inputs)

    def mark_clean(self) -> None:
        self._clean = self.take()

    @property
    def changed(self) -> bool:
        return self.take() != self._clean
