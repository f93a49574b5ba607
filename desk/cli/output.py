"""Printing results: aligned text tables for people, JSON for scripts."""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from functools import cache

# typing.TYPE_CHECKING without importing typing (the light `desk list` prints with these)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def print_json(data: Any) -> None:
    import json

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_jsonable)
    sys.stdout.write("\n")


@cache
def _char_width(ch: str) -> int:
    return 0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _width(text: str) -> int:
    """Columns `text` takes on a terminal (combining marks none, wide East Asian letters two)."""
    return len(text) if text.isascii() else sum(map(_char_width, text))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\n", " ")


def print_table(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[tuple[str, str]], *, max_width: int = 48
) -> None:
    """`columns` are (key, heading) pairs."""
    table = [[_cell(row.get(key)) for key, _h in columns] for row in rows]
    table = [[c if _width(c) <= max_width else c[: max_width - 1] + "…" for c in r] for r in table]
    headings = [h for _k, h in columns]
    widths = [max([_width(h)] + [_width(r[i]) for r in table]) for i, h in enumerate(headings)]
    out = sys.stdout

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out.write(line(headings) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in table:
        out.write(line(r) + "\n")
