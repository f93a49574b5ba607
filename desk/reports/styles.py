"""Paragraph and table styles of the reports, built on the embedded fonts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle
from reportlab.platypus.tables import CellStyle

from desk.reports.fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#1b2631")
MUTED = colors.HexColor("#5d6d7e")
ACCENT = colors.HexColor("#1f618d")
RULE = colors.HexColor("#aab7b8")
HEADER_FILL = colors.HexColor("#d6eaf8")
ZEBRA = colors.HexColor("#f4f6f7")
CHART_COLOURS = (
    colors.HexColor("#1f618d"),
    colors.HexColor("#d68910"),
    colors.HexColor("#239b56"),
    colors.HexColor("#a93226"),
)


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_number: ParagraphStyle
    cell_number: ParagraphStyle
    figure_label: ParagraphStyle
    figure_value: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=9.5,
        leading=12.5,
        textColor=INK,
        alignment=TA_LEFT,
        splitLongWords=1,
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=9.8)
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceAfter=4, textColor=ACCENT
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=10
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=12,
            spaceAfter=6,
            textColor=ACCENT,
        ),
        h2=ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=4
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED),
        cell=cell,
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=BOLD),
        cell_head_number=ParagraphStyle("cell_head_number", parent=cell, fontName=BOLD, alignment=TA_RIGHT),
        cell_number=ParagraphStyle("cell_number", parent=cell, alignment=TA_RIGHT),
        figure_label=ParagraphStyle("figure_label", parent=body, fontSize=9, leading=11.5),
        figure_value=ParagraphStyle(
            "figure_value", parent=body, fontName=BOLD, fontSize=9, leading=11.5, alignment=TA_RIGHT
        ),
    )


def cell_styles(columns: Sequence[Any]) -> tuple[list[CellStyle], list[CellStyle]]:
    """Cell styles of a data table's header row and body rows, made once per table: giving them to `Table`
    directly spares it applying style commands to every cell of every page's table."""
    register_fonts()
    head: list[CellStyle] = []
    body: list[CellStyle] = []
    for index, column in enumerate(columns):
        for row, font in ((head, BOLD), (body, REGULAR)):
            cell = CellStyle(f"cell-{index}")
            cell.fontname, cell.fontsize, cell.leading = font, 8, 9.8
            cell.color = INK
            cell.valign = "TOP"
            cell.alignment = "RIGHT" if getattr(column, "numeric", False) else "LEFT"
            cell.leftPadding = cell.rightPadding = 3
            cell.topPadding, cell.bottomPadding = 2, 2.5
            row.append(cell)
    return head, body


def rule_style() -> TableStyle:
    """The lines and shading of a data table (cell fonts and padding come from `cell_styles`)."""
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ]
    )


def grid_style(numeric_columns: tuple[int, ...] = (), header_rows: int = 1) -> TableStyle:
    """A data table: bold shaded header, thin rules, numbers right-aligned."""
    register_fonts()
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8, 9.8),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 8, 9.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for col in numeric_columns:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    return TableStyle(commands)


CENTER = TA_CENTER
