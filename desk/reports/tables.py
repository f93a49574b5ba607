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

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from desk.reports.escape import clean, text
from desk.reports.fallback import needs_markup, prints_as_is
from desk.reports.fonts import BOLD, REGULAR
from desk.reports.plain_cells import fragments
from desk.reports.scripts import for_print, in_latin
from desk.reports.styles import cell_styles, rule_style, styles

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
        if self._measured_width == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._measured_width = availWidth
        return size


PADDING = 6
"""Left plus right cell padding of `grid_style`."""


def _cell_maker(columns: Sequence[Column], widths: Sequence[float]) -> Callable[[Sequence[Any]], list[Any]]:
    st = styles()
    size = st.cell.fontSize
    fits: dict[tuple[str, float], bool] = {}  # the values of a column repeat (dates, statuses, regions)

    def make(values: Sequence[Any]) -> list[Any]:
        cells: list[Any] = []
        for column, width, value in zip(columns, widths, values, strict=True):
            # a value that fits on one line is drawn as a plain string, in the same font as a paragraph cell
            # (never parsed, much faster); only what must wrap, or needs another script's face, becomes a paragraph
            plain = clean(value)
            known = fits.get((plain, width))
            if known is None:
                known = fits[(plain, width)] = (
                    "\n" not in plain
                    and not needs_markup(plain)
                    and stringWidth(plain, REGULAR, size) <= width - PADDING
                )
            if known:
                cells.append(plain)
                continue
            style = st.cell_number if column.numeric else st.cell
            # plain text that must wrap: the paragraph of the fragment the parser would make, without parsing
            frags = fragments(plain, style) if prints_as_is(plain) else None
            cells.append(
                CellParagraph(plain, style, frags=frags) if frags else CellParagraph(text(value), style)
            )
        return cells

    return make


def _header(columns: Sequence[Column], widths: Sequence[float]) -> list[CellParagraph]:
    """Header cells, in a smaller size where a word of the heading would not fit its column."""
    st = styles()
    cells = []
    for column, width in zip(columns, widths, strict=True):
        style = st.cell_head_number if column.numeric else st.cell_head
        longest = max(
            (stringWidth(word, BOLD, style.fontSize) for word in clean(column.heading).split()), default=0
        )
        room = width - PADDING
        if longest > room:
            size = max(HEADER_MIN_SIZE, style.fontSize * room / longest)
            style = ParagraphStyle(
                f"{style.name}-{size:.1f}", parent=style, fontSize=size, leading=size * 1.2
            )
        cells.append(CellParagraph(text(column.heading), style))
    return cells


HEADER_MIN_SIZE = 5.5
"""The smallest size a heading shrinks to so that its longest word fits its column; the column is widened for it."""

WORD_SAMPLE = 500
"""Rows looked at for each column's longest word (values of a column repeat: statuses, groups, districts)."""


def _fit_words(columns: Sequence[Column], rows: Sequence[Sequence[Any]], widths: list[float]) -> list[float]:
    """Widen a column whose longest word would not fit (ReportLab would cut it mid-word: "Незарегистрированн|ая"),
    taking the room from the columns that have more than their longest word needs, in proportion to that slack."""
    size = styles().cell.fontSize
    sample = rows[:WORD_SAMPLE]
    needs = []
    for index, column in enumerate(columns):
        values = [clean(row[index]) for row in sample]
        words = values if column.numeric or not column.wrap else [w for v in values for w in v.split()]
        need = max((stringWidth(w, REGULAR, size) for w in set(words)), default=0.0) + PADDING
        # the heading's longest word at the smallest header size: a heading never breaks inside a word
        heading = max(
            (stringWidth(w, BOLD, HEADER_MIN_SIZE) for w in clean(column.heading).split()), default=0.0
        )
        need = max(need, heading + PADDING)
        needs.append(
            min(need, sum(widths) * 0.4)
        )  # a freak word as long as a line wraps anyway: no column grows
    short = [max(0.0, need - width) for need, width in zip(needs, widths, strict=True)]
    slack = [max(0.0, width - need) for need, width in zip(needs, widths, strict=True)]
    deficit, spare = sum(short), sum(slack)
    if deficit <= 0 or spare <= 0:
        return widths
    moved = min(deficit, spare)  # the table never gets wider than it was
    return [
        width + lack * moved / deficit - extra * moved / spare
        for width, lack, extra in zip(widths, short, slack, strict=True)
    ]


class DataTable(Flowable):
    """A table of any length that splits across pages, repeating its header on each."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Any]],
        width: float | None = None,
        *,
        _start: int = 0,
        _shared: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        if _shared is None:
            if in_latin():  # a kk-Latn version: its cells are made later, while the PDF is laid out
                rows = [[for_print(v) if isinstance(v, str) else v for v in row] for row in rows]
            total = sum(c.width for c in columns)
            _shared = {
                "columns": list(columns),
                "rows": rows,
                "shares": [c.width / total for c in columns],
                "width": width,
                "widths": None,
                "header": None,
                "style": rule_style(),
                "per_page": CHUNK_ROWS,
                "make": None,
                "built": {},
            }
        self._shared = _shared
        self._start = _start
        self._whole: Table | None = None

    @property
    def remaining(self) -> int:
        return len(self._shared["rows"]) - self._start

    def _table(self, count: int, heights: Sequence[float] | None = None) -> Table:
        """A table of the header and the next `count` rows; with `heights` known, nothing is measured again."""
        shared = self._shared
        built: dict[int, list[Any]] = shared["built"]
        data = [shared["header"]]
        for index in range(self._start, self._start + count):
            cells = built.get(index)
            if cells is None:
                cells = built[index] = shared["make"](shared["rows"][index])
            data.append(cells)
        head_styles, body_styles = shared["cell_styles"]
        cell_styles = [head_styles[:]] + [body_styles[:] for _i in range(count)]
        return Table(
            data,
            colWidths=shared["widths"],
            rowHeights=list(heights) if heights else None,
            style=shared["style"],
            repeatRows=1,
            splitInRow=1,
            cellStyles=cell_styles,
        )

    def _fix_widths(self, aW: float) -> None:
        """Column widths from their shares of the table's width (the frame's, unless one was given)."""
        shared = self._shared
        if shared["widths"] is None:
            width = shared["width"] or aW
            widths = _fit_words(
                shared["columns"], shared["rows"], [width * share for share in shared["shares"]]
            )
            shared["widths"] = widths
            shared["header"] = _header(shared["columns"], widths)
            shared["make"] = _cell_maker(shared["columns"], widths)
            shared["cell_styles"] = cell_styles(shared["columns"])

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
        shared = self._shared
        # measure about a page of rows (as many as the last page took, and some), more if they all fit
        count = min(self.remaining, max(8, shared["per_page"] * 5 // 4 + 2))
        while True:
            table = self._table(count)
            _w, height = table.wrap(aW, aH)
            if height > aH or count == self.remaining:
                break
            count = min(count * 2, self.remaining)
        if height <= aH:
            return [table]
        heights = table._rowHeights
        used, total = 0, heights[0]
        while used < count and total + heights[used + 1] <= aH:
            used += 1
            total += heights[used]
        if used and self.remaining - used == 1 and used > 1:
            used -= 1  # the last row (a total, usually) never stands alone on the next page: one more goes with it
        if used:
            shared["per_page"] = used
            first = self._table(used, heights[: used + 1])
            return [first, DataTable([], [], 0, _start=self._start + used, _shared=shared)]
        # not even one row fits: on a fresh page that row is taller than a page, so let ReportLab cut it
        parts = table.split(aW, aH)
        if not parts or len(parts[0]._cellvalues) <= 1:
            return []
        following = DataTable([], [], 0, _start=self._start + count, _shared=shared)
        return [parts[0], *_rest(list(parts[1:]), following)]


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


def data_table(
    columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: float | None = None
) -> DataTable:
    return DataTable(columns, rows, width)
