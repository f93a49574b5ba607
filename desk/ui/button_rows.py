"""A form's buttons in one row when the pane is wide enough for all of them, else in two: the first group at the left
on the first line, the second (saving, deleting) at the right under it.

Two rows always fitted a pane beside the list at 1024 px in Kazakh and Russian, but cost a line of height that a
window at 150% on a 768-px screen (about 430 logical px) does not have; that window shows the pane alone and wide.
Like the filter grid, the height follows the width: resizeEvent re-arranges and asks the parent layout again.
"""

from __future__ import annotations

from typing import Any

from desk.ui.qt import QHBoxLayout, QPushButton, QSize, QSizePolicy, QVBoxLayout, QWidget


class ButtonRows(QWidget):
    def __init__(
        self, first: list[QPushButton], second: list[QPushButton], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.first, self.second = first, second
        # Two lines made once and kept: the second group moves between them (no layout is ever deleted).
        self._lines = QVBoxLayout(self)
        self._lines.setContentsMargins(0, 0, 0, 0)
        self._top, self._bottom = QHBoxLayout(), QHBoxLayout()
        for button in first:
            self._top.addWidget(button)
        self._top.addStretch(1)
        self._bottom.addStretch(1)
        self._lines.addLayout(self._top)
        self._lines.addLayout(self._bottom)
        self._one_row: bool | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._arrange(False)

    def _spacing(self) -> int:
        return max(self._top.spacing(), 6)

    def _width(self, buttons: list[QPushButton]) -> int:
        shown = [b for b in buttons if not b.isHidden()]
        return sum(b.sizeHint().width() for b in shown) + self._spacing() * max(len(shown) - 1, 0)

    def one_row_width(self) -> int:
        return self._width(self.first) + self._spacing() * 2 + self._width(self.second)

    def _row_height(self) -> int:
        return max((b.sizeHint().height() for b in (*self.first, *self.second)), default=0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = max(self._width(self.first), self._width(self.second))
        one = self.width() >= self.one_row_width()  # a hidden tab is laid out too (resized when shown)
        rows = 1 if one else 2
        return QSize(width, rows * self._row_height() + (rows - 1) * max(self._lines.spacing(), 0))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.one_row_width(), self.minimumSizeHint().height())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._arrange(event.size().width() >= self.one_row_width())
        super().resizeEvent(event)

    def _arrange(self, one_row: bool) -> None:
        if one_row == self._one_row:
            return
        self._one_row = one_row
        target = self._top if one_row else self._bottom
        for button in self.second:
            self._top.removeWidget(button)
            self._bottom.removeWidget(button)
            target.addWidget(button)
        self.updateGeometry()
