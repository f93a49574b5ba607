"""The table model of a register: rows come from the services a page at a time, as the view scrolls.

The model never holds more rows than the user has scrolled through (the first page is 100 rows), sorts on the
server (ListQuery.sort) and searches on the full-text index (ListQuery.text). Values are formatted once per
fetched row, in the current language, with CLDR dates and numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from desk.i18n import _, current_language, format_date, format_number
from desk.services.records import ListQuery, Register
from desk.services.workspace import Workspace
from desk.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 100
RELOAD_CAP = 2000  # after a change, re-read at most this many of the rows already shown


@dataclass
class RowContext:
    """What formatting a row needs besides the record: the language and names of linked records."""

    lang: str
    names: Mapping[str, Mapping[str, str]]  # e.g. {"district": {id: name}, "house": {id: name}}

    def name(self, kind: str, record_id: str | None) -> str:
        return self.names.get(kind, {}).get(record_id or "", "")


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # N_()
    value: Callable[[Any, RowContext], Any]
    sort: str | None = None  # the service's sort key; None: not sortable
    numeric: bool = False
    shown: bool = True  # shown by default


def display(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, dt.datetime):
        return format_date(value.date(), lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, int | float):
        return format_number(value, lang)
    return str(value)


class RegisterModel(QAbstractTableModel):
    """Rows of one register, fetched lazily in pages."""

    reloaded = Signal()  # after each reload: total and first rows known

    def __init__(
        self,
        ws: Workspace,
        register: Register[Any],
        columns: list[Column],
        names: Callable[[str], Mapping[str, Mapping[str, str]]] | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.register = register
        self.columns = columns
        self._names = names or (lambda lang: {})
        self.page_size = page_size
        self.query = ListQuery(limit=page_size, lang=current_language())
        self.total = 0
        self._records: list[Any] = []
        self._cells: list[list[str]] = []
        self._ctx = RowContext(self.query.lang, {})
        self._names_cache: tuple[str, Mapping[str, Mapping[str, str]]] | None = None

    # --- what to show -------------------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        if text != self.query.text:
            self.query.text = text
            self.reload()

    def set_filters(self, filters: Mapping[str, Any]) -> None:
        cleaned = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
        if cleaned != self.query.filters:
            self.query.filters = cleaned
            self.reload()

    def set_include_archived(self, include: bool) -> None:
        if include != self.query.include_archived:
            self.query.include_archived = include
            self.reload()

    def names(self, lang: str) -> Mapping[str, Mapping[str, str]]:
        """Names of linked records (districts, houses), read once per language until data changes."""
        if self._names_cache is None or self._names_cache[0] != lang:
            self._names_cache = (lang, self._names(lang))
        return self._names_cache[1]

    def forget_names(self) -> None:
        self._names_cache = None

    def reload(self, *, keep_rows: bool = False) -> None:
        """Read the first page again (or as many rows as were shown, up to RELOAD_CAP, when keep_rows)."""
        limit = self.page_size
        if keep_rows:
            limit = min(max(self.page_size, len(self._records)), RELOAD_CAP)
        lang = current_language()
        self.query.lang = lang
        page = self.register.list_page(self.ws, dataclasses.replace(self.query, offset=0, limit=limit))
        self.beginResetModel()
        self._ctx = RowContext(lang, self.names(lang))
        self._records = list(page.rows)
        self._cells = [self._format(r) for r in self._records]
        self.total = max(page.total, len(self._records))
        self.endResetModel()
        self.reloaded.emit()

    def _format(self, record: Any) -> list[str]:
        return [display(c.value(record, self._ctx), self._ctx.lang) for c in self.columns]

    # --- lazy fetching ------------------------------------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self._records) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or len(self._records) >= self.total:
            return
        q = dataclasses.replace(self.query, offset=len(self._records), limit=self.page_size)
        rows = self.register.list_page(self.ws, q, with_total=False).rows
        if not rows:
            self.total = len(self._records)
            return
        start = len(self._records)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._records.extend(rows)
        self._cells.extend(self._format(r) for r in rows)
        self.endInsertRows()

    # --- the model interface ------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            text = self._cells[row][col]
            return text if role == Qt.ItemDataRole.DisplayRole or len(text) > 40 else None
        if role == ID_ROLE:
            return self._records[row].id
        if role == RECORD_ROLE:
            return self._records[row]
        archived = getattr(self._records[row], "archived_at", None) is not None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.columns[col].numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and archived:
            return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.FontRole and archived:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self.columns[section].title)
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].sort is None:
                return _("This column cannot be sorted.")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].sort
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.query.sort, self.query.descending):
            self.query.sort = key
            self.query.descending = descending
            self.reload()

    def sort_column(self) -> int:
        for i, c in enumerate(self.columns):
            if c.sort == self.query.sort:
                return i
        return 0

    # --- helpers for the view -----------------------------------------------------------------------------------

    def record(self, row: int) -> Any:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, record_id: str) -> int:
        for i, r in enumerate(self._records):
            if r.id == record_id:
                return i
        return -1

    def loaded_count(self) -> int:
        return len(self._records)
