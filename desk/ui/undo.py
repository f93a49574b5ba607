"""Edit → Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, Ctrl+Y): the last saved change of this operator, reverted through
the audit trail (desk/services/undo.py) on the background writer; the status bar says what was undone or redone.

Undo walks back through this operator's changes one at a time (changes already undone in this session are passed
over); Redo puts back what the last Undo took away, as long as nothing was saved since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk.errors import DeskError
from desk.i18n import N_, _
from desk.services import undo as undo_service
from desk.services.undo import Change
from desk.ui.qt import QKeySequence, QObject

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow


class UndoStack(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.skip: set[int] = set()  # audit entries of changes undone, and of the undos themselves
        self.redo_stack: list[tuple[Change, Change]] = []  # (what was undone, the undo that did it)
        self.last_message = ""

    def _say(self, text: str) -> str:
        self.last_message = text
        self.window.statusBar().showMessage(text, 15000)
        return text

    def undo(self) -> str:
        if not self.window.settle_unsaved():  # an open form's changes first: saved, discarded, or no undo
            return ""
        ws, skip = self.ctx.workspace, set(self.skip)
        operator = ws.db.operator or ws.operator

        def work() -> tuple[Change, Change] | None:
            change = undo_service.last_change(ws, operator, skip=skip)
            if change is None:
                return None
            return change, undo_service.revert(ws, change)

        try:
            done = self.ctx.write(work, parent=self.window, title=_("Undoing"))
        except DeskError as exc:
            return self._say(exc.message)
        if done is None:
            return self._say(_("Nothing to undo: you have saved no change."))
        change, revert = done
        self.skip.update(change.ids)
        self.skip.update(revert.ids)
        self.redo_stack.append((change, revert))
        return self._say(_("Undone: {what}.").format(what=change.describe()))

    def redo(self) -> str:
        if not self.redo_stack:
            return self._say(_("Nothing to redo."))
        if not self.window.settle_unsaved():
            return ""
        ws = self.ctx.workspace
        change, revert = self.redo_stack[-1]

        def work() -> Change:
            if undo_service.latest_id(ws) != revert.last_id:
                raise DeskError(_("Nothing to redo: changes were saved after the undo."))
            return undo_service.revert(ws, revert)

        try:
            self.ctx.write(work, parent=self.window, title=_("Redoing"))
        except DeskError as exc:
            self.redo_stack.clear()
            return self._say(exc.message)
        self.redo_stack.pop()
        return self._say(_("Redone: {what}.").format(what=change.describe()))


def add_actions(window: MainWindow) -> None:
    stack = UndoStack(window)
    window.undo_stack = stack  # type: ignore[attr-defined]
    window.act_undo = window.add_menu_action("edit", N_("&Undo"), stack.undo, QKeySequence.StandardKey.Undo)  # type: ignore[attr-defined]
    window.act_redo = window.add_menu_action("edit", N_("&Redo"), stack.redo, QKeySequence.StandardKey.Redo)  # type: ignore[attr-defined]
    window.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])  # type: ignore[attr-defined]
