"""Data tables: wrapped cells, numbers right-aligned, headers repeated on every page, long tables split cleanly.

ReportLab lays a table out whole before splitting it, so a table of thousands of rows gets slow (each page split
re-measures every remaining row). `DataTable` measures only about a page of rows at a time: on each page it
builds a table of the next rows, splits it where the page ends, and keeps the rest for the next page. Every page
starts with the header row, and a header never repeats in the middle of a page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table

from reports.escape import clean, text
from reports.styles import grid_style, styles

CHUNK_ROWS = 60
"""Rows measured at a time: more than an A4 page holds at the smallest row height."""


@dataclass(frozen=True)
class Column:
    """A table column: heading, share of the table width, and how its values print."""

    heading: str
    width: float
    numeric: bool = False
    wrap: bool = True


class CellParagraph(Paragraph):
    """A paragraph in a table cell. A table measures its cells several times at the same width (to lay out, to
    split, to draw): the first measurement is kept."""

    _measured_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._measured_width == availWidth:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._measured_width = availWidth
        return size


def _cell_maker(columns: Sequence[Column]) -> Callable[[Sequence[Any]], list[Any]]:
    st = styles()

    def make(values: Sequence[Any]) -> list[Any]:
        cells: list[Any] = []
        for column, value in zip(columns, values, strict=True):
            if column.numeric or not column.wrap:
                cells.append(clean(value))  # plain strings are drawn as they are, never parsed
            else:
                cells.append(CellParagraph(text(value), st.cell))
        return cells

    return make


class DataTable(Flowable):
    """A table of any length that splits across pages, repeating its header on each."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: float | None = None, *,
                 _start: int = 0, _shared: dict[str, Any] | None = None) -> None:
        super().__init__()
        if _shared is None:
            total = sum(c.width for c in columns)
            st = styles()
            _shared = {
                "columns": list(columns),
                "rows": rows,
                "shares": [c.width / total for c in columns],
                "width": width,
                "widths": None,
                "header": [CellParagraph(text(c.heading), st.cell_head_number if c.numeric else st.cell_head)
                           for c in columns],
                "style": grid_style(tuple(i for i, c in enumerate(columns) if c.numeric)),
                "make": _cell_maker(columns),
                "built": {},
            }
        self._shared = _shared
        self._start = _start
        self._whole: Table | None = None

    @property
    def remaining(self) -> int:
        return len(self._shared["rows"]) - self._start

    def _table(self, count: int) -> Table:
        shared = self._shared
        built: dict[int, list[Any]] = shared["built"]
        data = [shared["header"]]
        for index in range(self._start, self._start + count):
            cells = built.get(index)
            if cells is None:
                cells = built[index] = shared["make"](shared["rows"][index])
            data.append(cells)
        return Table(data, colWidths=shared["widths"], style=shared["style"], repeatRows=1, splitInRow=1)

    def _fix_widths(self, aW: float) -> None:
        """Column widths from their shares of the table's width (the frame's, unless one was given)."""
        shared = self._shared
        if shared["widths"] is None:
            width = shared["width"] or aW
            shared["widths"] = [width * share for share in shared["shares"]]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._fix_widths(aW)
        width = sum(self._shared["widths"])
        if self.remaining <= CHUNK_ROWS:
            self._whole = self._table(self.remaining)
            return self._whole.wrap(aW, aH)
        self._whole = None
        return width, aH + 1  # more than fits: the frame will ask for a split

    def draw(self) -> None:
        if self._whole is not None:
            self._whole.drawOn(self.canv, 0, 0)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        self._fix_widths(aW)
        count = min(CHUNK_ROWS, self.remaining)
        table = self._table(count)
        _w, height = table.wrap(aW, aH)
        while height <= aH and count < self.remaining:  # tiny rows: measure more of them
            count = min(count * 2, self.remaining)
            table = self._table(count)
            _w, height = table.wrap(aW, aH)
        if height <= aH:
            return [table]
        parts = table.split(aW, aH)
        if not parts:
            return []
        first = parts[0]
        used = len(first._cellvalues) - 1  # the header row is repeated, not consumed
        if used <= 0:
            return []
        rest_rows = sum(len(p._cellvalues) - 1 for p in parts[1:])
        following = DataTable([], [], 0, _start=self._start + count, _shared=self._shared)
        if used + rest_rows > count:  # a row too tall for a page was split inside: keep ReportLab's remainder
            return [first, *_rest(list(parts[1:]), following)]
        return [first, DataTable([], [], 0, _start=self._start + used, _shared=self._shared)]


class _Rest(Flowable):
    """What is left after a row split between pages (its remainder, as ReportLab's table parts), then the
    following rows."""

    def __init__(self, parts: list[Flowable], following: DataTable) -> None:
        super().__init__()
        self._parts = parts
        self._following = following

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return aW, aH + 1  # always split: the parts are laid out one page at a time

    def split(self, aW: float, aH: float) -> list[Flowable]:
        head, rest = self._parts[0], self._parts[1:]
        _w, height = head.wrap(aW, aH)
        if height <= aH:
            return [head, *_rest(rest, self._following)]
        pieces = head.split(aW, aH)
        if not pieces:
            return []
        return [pieces[0], *_rest(list(pieces[1:]) + rest, self._following)]

    def draw(self) -> None:
        pass


def _rest(parts: list[Flowable], following: DataTable) -> list[Flowable]:
    if parts:
        return [_Rest(parts, following)]
    return [following] if following.remaining else []


def data_table(columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: float | None = None) -> DataTable:
    return DataTable(columns, rows, width)
