"""A table that says why it is empty (issue 12, point 8): a blank grid told a clerk nothing; the reason (a filter
chosen, nothing recorded yet, what to press) is painted where the rows would be."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desk.ui.qt import QPainter, QPalette, QRect, Qt, QTableView


class ExplainedTable(QTableView):
    def __init__(self, why_empty: Callable[[], str] | None = None) -> None:
        super().__init__()
        self.why_empty = why_empty

    def empty_reason(self) -> str:
        """What the table says while it has no rows ("" when it has some, or nothing to say)."""
        model = self.model()
        if self.why_empty is None or model is None or model.rowCount() > 0:
            return ""
        return self.why_empty()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        reason = self.empty_reason()
        if not reason:
            return
        viewport = self.viewport()
        area = QRect(8, 8, max(viewport.width() - 16, 1), max(viewport.height() - 16, 1))
        painter = QPainter(viewport)
        painter.setPen(self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(area, int(flags), reason)
        painter.end()
