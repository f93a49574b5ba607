"""The table model of a register: rows come from the services a page at a time, as the view scrolls.

The model never holds more rows than the user has scrolled through (the first page is 100 rows), sorts on the
server (ListQuery.sort) and searches on the full-text index (ListQuery.text). Values are formatted once per
fetched row, in the current language, with CLDR dates and numbers.

What the user changes (search text, filters, sort, archived too) is read in the background (`ctx.reads`, latest
wins), so a keystroke never waits for the database: the first page is read without its total (one row more than
shown tells whether there are more), the rows replace the old ones when they arrive, and the total is counted
afterwards in its own background read (`total_known`). Until then `total` is None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desk.i18n import _, current_language, format_date, format_number
from desk.services.records import ListQuery, Register
from desk.services.workspace import Workspace
from desk.ui import theme
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
from desk.ui.reads import ReadQueue

log = logging.getLogger("desk.ui")

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ID, _RECORD = int(ID_ROLE), int(RECORD_ROLE)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ARCHIVED_LOOK: dict[int, Any] = {}
ARCHIVED_COLOUR = QColor("#6b6b6b")
"""Grey of archived rows; desk/ui/theme.py sets it for the palette in use (legible on dark and light)."""


def _take_colours(found: dict[str, QColor]) -> None:
    global ARCHIVED_COLOUR
    _ARCHIVED_LOOK.clear()  # made again, with the archived colour below
    ARCHIVED_COLOUR = found["archived"]


theme.on_colours(_take_colours)


def _archived_look(role: int) -> Any:
    """Grey italics for archived rows (made once, after the QApplication exists)."""
    if not _ARCHIVED_LOOK:
        font = QFont()
        font.setItalic(True)
        _ARCHIVED_LOOK.update({_FOREGROUND: QBrush(ARCHIVED_COLOUR), _FONT: font})
    return _ARCHIVED_LOOK[role]


PAGE_SIZE = 100
RELOAD_CAP = 2000  # after a change, re-read at most this many of the rows already shown


@dataclass
class RowContext:
    """What formatting a row needs besides the record: the language and names of linked records."""

    lang: str
    names: Mapping[str, Mapping[str, str]]  # e.g. {"district": {id: name}, "house": {id: name}}

    def name(self, kind: str, record_id: str | None) -> str:
        return self.names.get(kind, {}).get(record_id or "", "")


def format_row(columns: Sequence[Column], ctx: RowContext, record: Any) -> list[str]:
    """A record's cells as shown (pure: runs on a reader thread as well)."""
    return [display(c.value(record, ctx), ctx.lang) for c in columns]


def format_rows(columns: Sequence[Column], ctx: RowContext, records: Sequence[Any]) -> list[list[str]]:
    return [format_row(columns, ctx, r) for r in records]


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # N_()
    value: Callable[[Any, RowContext], Any]
    sort: str | None = None  # the service's sort key; None: not sortable
    numeric: bool = False
    shown: bool = True  # shown by default
    place: int | None = None  # where it is shown until the clerk moves it (None: in the list's order)


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

    reloaded = Signal()  # after each reload: the first rows are shown (the total may still be counted)
    total_known = Signal()  # the total of the current query arrived
    busy_changed = Signal(bool)  # a background read for this model started (True) or ended (False)

    def __init__(
        self,
        ws: Workspace,
        register: Register[Any],
        columns: list[Column],
        names: Callable[[str], Mapping[str, Mapping[str, str]]] | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
        reads: ReadQueue | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.register = register
        self.columns = columns
        self._names = names or (lambda lang: {})
        self.page_size = page_size
        self.reads = reads if reads is not None else ReadQueue(self)
        self.query = ListQuery(limit=page_size, lang=current_language())
        self.total: int | None = 0  # None while it is being counted
        self._more = False  # more rows than loaded (known without the total)
        self._records: list[Any] = []
        self._cells: list[list[str]] = []
        self._ctx = RowContext(self.query.lang, {})
        self._names_cache: tuple[str, Mapping[str, Mapping[str, str]]] | None = None
        self._page_lane = (id(self), "page")
        self._total_lane = (id(self), "total")
        self._more_lane = (id(self), "more")  # the next page when the view scrolls near the end
        self.last_update_seconds = 0.0  # how long the last replacement of the rows took on the UI thread

    # --- what to show -------------------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        if text != self.query.text:
            self.query.text = text
            self.request()

    def set_filters(self, filters: Mapping[str, Any], *, region: str | None = None) -> None:
        """The register's filters, and (at the central office) the one region to list, None for all."""
        cleaned = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
        if cleaned != self.query.filters or region != self.query.region:
            self.query.filters = cleaned
            self.query.region = region
            self.request()

    def set_include_archived(self, include: bool) -> None:
        if include != self.query.include_archived:
            self.query.include_archived = include
            self.request()

    def names(self, lang: str) -> Mapping[str, Mapping[str, str]]:
        """Names of linked records (districts, houses), read once per language until data changes."""
        if self._names_cache is None or self._names_cache[0] != lang:
            self._names_cache = (lang, self._names(lang))
        return self._names_cache[1]

    def forget_names(self) -> None:
        self._names_cache = None

    @property
    def busy(self) -> bool:
        """Rows or the total of the current query are still being read."""
        return self.reads.pending(self._page_lane) or self.reads.pending(self._total_lane)

    def _page_query(self, limit: int) -> ListQuery:
        lang = current_language()
        self.query.lang = lang
        return dataclasses.replace(self.query, filters=dict(self.query.filters), offset=0, limit=limit + 1)

    def request(self) -> None:
        """Read the first page for the current query in the background; the rows are replaced when it arrives.
        Returns at once (this is what a keystroke costs the UI thread)."""
        q = self._page_query(self.page_size)
        ws, register = self.ws, self.register
        self.reads.cancel(self._total_lane)
        self.reads.cancel(self._more_lane)  # a next page of the old query must not be appended to the new one
        ctx, columns = RowContext(q.lang, self.names(q.lang)), self.columns

        def read() -> tuple[list[Any], list[list[str]]]:
            rows = register.list_page(ws, q, with_total=False).rows
            return rows, format_rows(
                columns, ctx, rows[: q.limit - 1]
            )  # formatted here, not on the GUI thread

        self.reads.submit(
            self._page_lane,
            read,
            on_done=lambda result: self._show_rows(q, result[0], result[1], ctx),
            on_error=self._read_failed,
        )
        self.busy_changed.emit(True)

    def reload(self, *, keep_rows: bool = False) -> None:
        """Read the first page again now (or as many rows as were shown, up to RELOAD_CAP, when keep_rows); the
        total follows in the background."""
        limit = self.page_size
        if keep_rows:
            limit = min(max(self.page_size, len(self._records)), RELOAD_CAP)
        q = self._page_query(limit)
        self.reads.cancel(self._page_lane)  # a page still on its way would be older than this one
        self.reads.cancel(self._more_lane)
        self._show_rows(q, self.register.list_page(self.ws, q, with_total=False).rows)

    def _show_rows(
        self,
        q: ListQuery,
        rows: list[Any],
        cells: list[list[str]] | None = None,
        ctx: RowContext | None = None,
    ) -> None:
        started = time.perf_counter()
        limit = q.limit - 1
        more = len(rows) > limit
        rows = list(rows[:limit])
        self.beginResetModel()
        fresh = RowContext(q.lang, self.names(q.lang))
        if cells is None or ctx is None or ctx.lang != fresh.lang or ctx.names is not fresh.names:
            # formatted in another language or with other names (or not at all): again here
            cells = format_rows(self.columns, fresh, rows)
        self._ctx = fresh
        self._records = rows
        self._cells = cells
        self._more = more
        self.total = None if more else len(rows)
        self.endResetModel()
        self.last_update_seconds = time.perf_counter() - started
        self.reloaded.emit()
        if more:
            self._count(q)
        else:
            self.reads.cancel(self._total_lane)
            self.total_known.emit()
            self.busy_changed.emit(False)

    def _count(self, q: ListQuery) -> None:
        ws, register = self.ws, self.register
        counted = dataclasses.replace(q, offset=0)
        self.reads.submit(
            self._total_lane,
            lambda: register.count(ws, counted),
            on_done=self._total_counted,
            on_error=self._read_failed,
        )

    def _total_counted(self, total: int) -> None:
        self.total = max(int(total), len(self._records))
        self._more = len(self._records) < self.total
        self.total_known.emit()
        self.busy_changed.emit(False)

    def _read_failed(self, exc: BaseException) -> None:
        log.error("reading the %s register failed", self.register.cls.__name__, exc_info=exc)
        self.busy_changed.emit(False)

    def _format(self, record: Any) -> list[str]:
        return format_row(self.columns, self._ctx, record)

    # --- lazy fetching ------------------------------------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._more and not self.reads.pending(self._more_lane)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        """The next page, read in the background (a read at a large offset took the GUI thread most of a second on
        the large data set while scrolling); the rows are appended when they arrive."""
        if parent.isValid() or not self._more or self.reads.pending(self._more_lane):
            return
        q = dataclasses.replace(
            self.query, filters=dict(self.query.filters), offset=len(self._records), limit=self.page_size + 1
        )
        ws, register = self.ws, self.register
        ctx, columns, size = self._ctx, self.columns, self.page_size

        def read() -> tuple[list[Any], list[list[str]]]:
            rows = register.list_page(ws, q, with_total=False).rows
            return rows, format_rows(
                columns, ctx, rows[:size]
            )  # formatted here: ~15 ms a page off the GUI thread

        self.reads.submit(
            self._more_lane,
            read,
            on_done=lambda result: self._append_rows(q, result[0], result[1], ctx),
            on_error=self._read_failed,
        )

    def _append_rows(
        self,
        q: ListQuery,
        rows: list[Any],
        cells: list[list[str]] | None = None,
        ctx: RowContext | None = None,
    ) -> None:
        if q.offset != len(self._records):  # the rows changed meanwhile: this page no longer follows them
            return
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        self._more = more
        if not rows:
            return
        if cells is None or ctx is not self._ctx:  # another language or names since it was asked for
            cells = [self._format(r) for r in rows]
        start = len(self._records)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._records.extend(rows)
        self._cells.extend(cells)
        self.endInsertRows()
        if not more and self.total is not None and self.total != len(self._records):
            self.total = len(self._records)

    # --- the model interface ------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # Asked for every visible cell and each of ~7 roles at every paint: answer from prepared values, the
        # frequent roles first, nothing formatted or allocated here.
        row = index.row()
        if row < 0:
            return None
        if role == _DISPLAY:
            return self._cells[row][index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if self.columns[index.column()].numeric else _LEFT
        if role == _FOREGROUND or role == _FONT:
            if getattr(self._records[row], "archived_at", None) is None:
                return None
            return _archived_look(role)
        if role == _TOOLTIP:
            text = self._cells[row][index.column()]
            return text if len(text) > 40 else None
        if role == _ID:
            return self._records[row].id
        if role == _RECORD:
            return self._records[row]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self.columns[section].title)
            if (
                role == Qt.ItemDataRole.TextAlignmentRole
            ):  # from the column's start: a saved header state keeps
                return int(
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                )  # its old default alignment
            if role == Qt.ItemDataRole.ToolTipRole:  # the whole heading, also when the column elides it
                title = _(self.columns[section].title)
                if self.columns[section].sort is None:
                    return title + "\n" + _("This column cannot be sorted.")  # _() outside an f-string: the
                    # extractor of Python 3.11 does not look inside one
                return title
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
            self.request()

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
