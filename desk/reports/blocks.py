"""A report's content as plain blocks (title, headings, figures, tables, notes, bar charts, the signature), so that
one story prints the same on paper (ReportLab, `flowables`) and in an editable Word document (`reports.word`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from desk.reports.tables import Column


@dataclass(frozen=True)
class Title:
    text: str
    subtitle: str


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Figures:
    """Label / value pairs."""

    rows: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    """A data table, or the `empty` sentence when it has no rows."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    empty: str = ""


@dataclass(frozen=True)
class Note:
    text: str
    small: bool = True


@dataclass(frozen=True)
class Bars:
    """A bar chart on paper (horizontal bars, or columns); a two-column table in a Word document."""

    title: str
    bars: Sequence[tuple[str, int]]
    horizontal: bool = True
    share: float = 1.0  # of the page's width
    label_heading: str = ""
    value_heading: str = ""


@dataclass(frozen=True)
class Space:
    points: float = 6


@dataclass(frozen=True)
class Signature:
    role: str
    name: str
    date_label: str
    date_line: str


Block = Title | Heading | Figures | Table | Note | Bars | Space | Signature


def flowables(blocks: Sequence[Block]) -> list[Flowable]:
    """The ReportLab flowables of the blocks."""
    from desk.reports.charts import columns, horizontal_bars
    from desk.reports.common import figures, heading, para, signature, table, title_block
    from desk.reports.page import CONTENT_WIDTH

    out: list[Flowable] = []
    for b in blocks:
        if isinstance(b, Title):
            out += title_block(b.text, b.subtitle)
        elif isinstance(b, Heading):
            out += heading(b.text, b.level)
        elif isinstance(b, Figures):
            out.append(figures(b.rows))
        elif isinstance(b, Table):
            out.append(table(b.columns, b.rows, b.empty))
        elif isinstance(b, Note):
            out.append(para(b.text, small=b.small))
        elif isinstance(b, Bars):
            if b.horizontal:
                out.append(horizontal_bars(b.title, list(b.bars), CONTENT_WIDTH * b.share))
            else:
                out.append(KeepTogether([columns(b.title, list(b.bars), CONTENT_WIDTH * b.share)]))
        elif isinstance(b, Space):
            out.append(Spacer(1, b.points))
        elif isinstance(b, Signature):
            out.append(signature(b.role, b.name, b.date_label))
            out.append(para(b.date_line))
    return out
