"""A table model over a short list of rows already read from a service (meetings of a period, a meeting's members,
decisions, plan items): column constants with a title and a value function, an optional check box per row, and a
warning colour for rows a predicate marks (inquorate meetings, rejected decisions, overdue items).

The long registers use `desk.ui.table_model.RegisterModel`, which fetches pages lazily; these lists hold at most a
few hundred rows, so they are read whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from desk.i18n import _
from desk.ui import theme
from desk.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 10
WARNING_COLOUR = QColor("#b3261e")
GOOD_COLOUR = QColor("#1b6e37")


def _take_colours(found: dict[str, QColor]) -> None:
    """The palette's warning and good colours, changed in place (desk/ui/theme.py)."""
    WARNING_COLOUR.setRgb(found["warning"].rgb())
    GOOD_COLOUR.setRgb(found["good"].rgb())


theme.on_colours(_take_colours)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RowColumn(Generic[R]):
    title: str  # N_()
    value: Callable[[R], str]
    numeric: bool = False
    colour: Callable[[R], QColor | None] | None = None


class RowsModel(QAbstractTableModel, Generic[R]):
    """Rows shown as they are; `checkable` puts a check box in the first column (see `checked_rows`)."""

    check_changed = Signal()

    def __init__(
        self,
        columns: Sequence[RowColumn[R]],
        *,
        checkable: bool = False,
        marked: Callable[[R], bool] | None = None,
        cached: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        # `cached`: each cell's text computed once until the rows change or `refresh_display()` (a language switch).
        # For the central office's lists of every region (hundreds of meetings, thousands of members): a view whose
        # columns fit their contents asks every cell again at each layout, and formatting them (dates through
        # Babel) took the UI thread most of a second.
        self._texts: dict[tuple[int, int], str] | None = {} if cached else None
        self.rows: list[R] = []
        self.checkable = checkable
        # checkable rows shown ticked or not, never ticked by the clerk (the central office)
        self.read_only = False
        self.marked = marked
        self._checked: list[bool] = []

    def set_rows(self, rows: Sequence[R], checked: Sequence[bool] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self._texts is not None:
            self._texts.clear()
        self._checked = list(checked) if checked is not None else [False] * len(self.rows)
        self.endResetModel()
        self.check_changed.emit()

    def row(self, index: int) -> R:
        return self.rows[index]

    # --- checks -------------------------------------------------------------------------------------------------

    def is_checked(self, row: int) -> bool:
        return self._checked[row]

    def set_checked(self, row: int, checked: bool) -> None:
        if self.read_only:
            return
        if self._checked[row] != checked:
            self._checked[row] = checked
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.check_changed.emit()

    def set_all_checked(self, checked: bool) -> None:
        if self.read_only:
            return
        self._checked = [checked] * len(self.rows)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
            )
        self.check_changed.emit()

    def checked_rows(self) -> list[R]:
        return [r for r, c in zip(self.rows, self._checked, strict=True) if c]

    # --- Qt ---------------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return _(
                self.columns[section].title
            )  # the tooltip: the whole heading when the column is narrower
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.checkable and index.column() == 0 and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):  # the tooltip: an elided cell whole
            if self._texts is None:
                return column.value(row)
            key = (index.row(), index.column())
            text = self._texts.get(key)
            if text is None:
                text = self._texts[key] = column.value(row)
            return text
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            return Qt.CheckState.Checked if self._checked[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = column.colour(row) if column.colour else None
            if colour is None and self.marked is not None and self.marked(row):
                colour = WARNING_COLOUR
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            self.set_checked(index.row(), checked)
            return True
        return False

    def refresh_display(self) -> None:
        """Repaint every cell (values computed from live state, e.g. outcomes while votes are typed)."""
        if self._texts is not None:
            self._texts.clear()
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))
