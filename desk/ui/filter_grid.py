"""Filters as "label: field" pairs in as many columns as the width allows, wrapping onto more lines when the window is
narrow (Kazakh labels are long: a fixed three-a-row grid made the window 1,350 px wide).

The pairs keep their columns aligned (a grid, not a ragged flow); the extra widgets (e.g. "Clear filters") take the
next free cell. The width the grid asks for is that of one pair, so it never holds the window wide.
"""

from __future__ import annotations

from desk.ui.qt import QAbstractScrollArea, QEvent, QGridLayout, QLabel, QSize, QSizePolicy, Qt, QWidget


class FilterGrid(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._pairs: list[tuple[QLabel, QWidget]] = []
        self._extras: list[QWidget] = []
        self._columns = 0
        self._pair_width: int | None = None
        # The height follows the columns the width allows: resizeEvent re-arranges and asks the parent layout
        # again (updateGeometry). Qt's height-for-width is not used: a widget with a layout answers it from the
        # layout, which knows nothing of the wrapping.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def add_pair(self, label: QLabel, field: QWidget) -> None:
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._pairs.append((label, field))
        self.relayout()

    def add_extra(self, widget: QWidget) -> None:
        self._extras.append(widget)
        self.relayout()

    # --- geometry ---------------------------------------------------------------------------------------------

    def _spacing(self) -> int:
        return max(self._grid.horizontalSpacing(), 0)

    def _label_width(self) -> int:
        return max((label.sizeHint().width() for label, _f in self._pairs), default=0)

    def _field_width(self) -> int:
        widths = [field.minimumSizeHint().width() for _l, field in self._pairs]
        widths += [w.sizeHint().width() for w in self._extras]
        return max(widths, default=0)

    def pair_width(self) -> int:
        # Asked at every layout pass (each keystroke in the search changes the count under the list): measured once
        # per arrangement, as a combo box measures all its choices (130 ethnic groups) each time it is asked.
        if self._pair_width is None:
            self._pair_width = self._label_width() + self._spacing() + self._field_width()
        return self._pair_width

    def columns_for(self, width: int) -> int:
        if not self._pairs:
            return 1
        fits = (width + self._spacing()) // max(self.pair_width() + self._spacing(), 1)
        return max(1, min(len(self._pairs), fits))

    def _rows(self, columns: int) -> int:
        cells = len(self._pairs) + len(self._extras)
        return -(-cells // columns) if cells else 0

    def row_height(self) -> int:
        return self._row_height()

    def _row_height(self) -> int:
        heights = [max(label.sizeHint().height(), field.sizeHint().height()) for label, field in self._pairs]
        heights += [w.sizeHint().height() for w in self._extras]
        return max(heights, default=0)

    def height_for(self, width: int) -> int:
        rows = self._rows(self.columns_for(width))
        return rows * self._row_height() + max(rows - 1, 0) * max(self._grid.verticalSpacing(), 0)

    def usable(self, width: int) -> int:
        """The width to arrange the filters for: with the scroll bar of the scroll area they are in counted as room
        when it is shown. Else its appearing put them on fewer, taller lines, which kept it shown, and its going put
        them back on more: each resize led to the next inside it, until the program crashed (the central office's
        six filters beside an open form at 1024 px)."""
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        if isinstance(area, QAbstractScrollArea) and area.verticalScrollBar().isVisible():
            return width + area.verticalScrollBar().width()
        return width

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(
            self.pair_width(),
            self.height_for(self.usable(self.width()) if self.isVisible() else self.pair_width()),
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        columns = min(len(self._pairs), 3) or 1
        width = columns * self.pair_width() + (columns - 1) * self._spacing()
        return QSize(width, self.minimumSizeHint().height())

    def changeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._pair_width = None
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        self._arrange(self.columns_for(self.usable(event.size().width())))
        super().resizeEvent(event)

    def relayout(self) -> None:
        """Arrange again (after the labels changed language)."""
        self._columns = 0
        self._pair_width = None
        self._arrange(
            self.columns_for(self.usable(self.width()) if self.isVisible() else self.sizeHint().width())
        )

    def columns(self) -> int:
        return self._columns

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        while self._grid.count():
            self._grid.takeAt(0)
        for c in range(self._grid.columnCount()):
            self._grid.setColumnStretch(c, 0)
        for n, (label, field) in enumerate(self._pairs):
            row, col = divmod(n, columns)
            self._grid.addWidget(label, row, 2 * col)
            self._grid.addWidget(field, row, 2 * col + 1)
        for n, widget in enumerate(self._extras, start=len(self._pairs)):
            row, col = divmod(n, columns)
            self._grid.addWidget(widget, row, 2 * col + 1, Qt.AlignmentFlag.AlignLeft)
        for col in range(columns):
            self._grid.setColumnStretch(2 * col + 1, 1)
        self.updateGeometry()
