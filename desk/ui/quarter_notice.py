"""The window's warning after a save changed records dated in a quarter already submitted to the centre: the change
is not in what the centre received, so the quarter must be submitted again as a correction.

The store says so after the commit (`desk.store.quarter_guard.on_warning`), on whichever thread saved; a signal
brings it to the window's thread, where it is shown in the status bar and in a non-blocking message.
"""

from __future__ import annotations

from desk.i18n import _
from desk.store.quarter_guard import on_warning
from desk.ui.qt import QMainWindow, QMessageBox, QObject, Qt, Signal


class QuarterNotice(QObject):
    said = Signal(list)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.said.connect(self.show)
        self._remove = on_warning(self.said.emit)
        window.destroyed.connect(lambda *_a: self._remove())
        self.last: list[str] = []

    def show(self, sentences: list[str]) -> None:
        self.last = list(sentences)
        text = "\n".join(sentences)
        self._window.statusBar().showMessage(text, 30_000)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Submitted quarter changed"), text, parent=self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
