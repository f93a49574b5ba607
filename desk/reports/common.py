"""What every report module uses: the language a version is printed in (strings, CLDR dates and numbers, names
of records and reference values), and the building blocks of a page (headings, paragraphs, figure tables,
data tables, the signature block).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desk.domain import reference
from desk.i18n import (
    KK_LATN,
    current_language,
    data_language,
    format_date,
    format_number,
    gettext_for,
    ngettext_for,
    quarter_name,
)
from desk.reports import fallback
from desk.reports.escape import text
from desk.reports.fonts import BOLD, REGULAR
from desk.reports.page import Version, write_pdf
from desk.reports.scripts import for_print, printing
from desk.reports.styles import INK, RULE, styles
from desk.reports.tables import Column, DataTable
from desk.services.workspace import Workspace

REPORT_LANGS: tuple[str, ...] = ("kk", "kk-Latn", "ru", "en", "all")
"""What `--lang` takes: one language, or `all` for the three versions in one PDF (four, with Kazakh in Latin
too, when kk-Latn is the chosen language)."""


def languages(lang: str) -> tuple[str, ...]:
    """The languages of the versions a report holds, in print order."""
    if lang == "all":
        return ("kk", KK_LATN, "ru", "en") if current_language() == KK_LATN else ("kk", "ru", "en")
    if lang not in ("kk", KK_LATN, "ru", "en"):
        raise ValueError(f"unknown report language {lang!r}")
    return (lang,)


@functools.lru_cache(maxsize=8192, typed=True)
def _date(value: dt.date | None, lang: str, fmt: str) -> str:
    """`format_date` in a language named: the same day prints on every row of a long list (a quarter has 92)."""
    return format_date(value, lang, fmt)


@functools.lru_cache(maxsize=8192, typed=True)
def _number(value: int, lang: str) -> str:
    """`format_number` in a language named: small numbers repeat on every row (participants, members)."""
    return format_number(value, lang)


@dataclass(frozen=True)
class Lang:
    """One language of a report: its strings and its CLDR formats. `code` is the language of the stored names and
    terms (kk, ru, en); `printed` the version's own language when it differs (kk-Latn: Kazakh data in Latin)."""

    code: str
    printed: str = ""

    @property
    def shown(self) -> str:
        return self.printed or self.code

    @property
    def _(self) -> Callable[[str], str]:
        return gettext_for(self.shown)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ngettext_for(self.shown)(singular, plural, n)

    def date(self, value: dt.date | None, fmt: str = "medium") -> str:
        return _date(value, self.shown, fmt)

    def number(self, value: int | None) -> str:
        return _number(value, self.shown) if value is not None else ""

    def money(self, value: int | None) -> str:
        """A sum in tenge as a whole number with the language's grouping (the column says "tenge")."""
        return format_number(value, self.code) if value is not None else ""

    def percent(self, value: int | None) -> str:
        """A whole percentage (already rounded by the service), or a dash when there is none."""
        if value is None:
            return "—"
        return format_number(value, self.shown) + ("\u00a0%" if self.code == "ru" else "%")

    def quarter(self, year: int, quarter: int) -> str:
        return quarter_name(year, quarter, self.shown)

    def term(self, terms: tuple[reference.Term, ...], code: str | None) -> str:
        if not code:
            return ""
        found = reference.by_code(terms, code)
        return found.label(self.code) if found else code

    def terms(self, terms: tuple[reference.Term, ...], codes: str | None) -> str:
        return ", ".join(self.term(terms, c.strip()) for c in (codes or "").split(",") if c.strip())

    def name(self, record: Any) -> str:
        """A record's name in this language, falling back to another recorded language."""
        return record.name(self.code) if record is not None else ""


# --- building blocks -------------------------------------------------------------------------------------------------


def title_block(title: str, subtitle: str) -> list[Flowable]:
    st = styles()
    return [Paragraph(text(title), st.title), Paragraph(text(subtitle), st.subtitle)]


HEADING_ROOM = 80
"""Points a heading needs below it (a few table rows) to stay on the page; otherwise it starts the next one.
ReportLab's keepWithNext would push a heading and the whole long table after it to a new page instead."""


def heading(value: str, level: int = 1) -> list[Flowable]:
    st = styles()
    return [CondPageBreak(HEADING_ROOM), Paragraph(text(value), st.h1 if level == 1 else st.h2)]


def para(value: str, *, small: bool = False) -> Paragraph:
    st = styles()
    return Paragraph(text(value), st.small if small else st.body)


def figures(rows: Sequence[tuple[str, str]]) -> Table:
    """Label / value pairs: the summary figures of a report."""
    st = styles()
    data = [
        [Paragraph(text(label), st.figure_label), Paragraph(text(value), st.figure_value)]
        for label, value in rows
    ]
    table = Table(data, colWidths=["78%", "22%"], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def table(columns: Sequence[Column], rows: Sequence[Sequence[Any]], empty: str) -> Flowable:
    """A data table, or a line saying there is nothing to list."""
    if not rows:
        return para(empty, small=True)
    return DataTable(columns, rows)


def signature(role: str, name: str, date_label: str) -> Flowable:
    """The signature block: role, a line to sign on, the name, and the date line."""
    st = styles()
    data = [
        [Paragraph(text(role), st.body), "", Paragraph(text(name), st.body)],
        ["", Paragraph(text("(" + date_label + ")"), st.small), ""],
    ]
    block = Table(data, colWidths=["36%", "26%", "38%"], hAlign="LEFT")
    block.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9.5),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LINEBELOW", (1, 0), (1, 0), 0.6, INK),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return KeepTogether([Spacer(1, 14 * mm), block])


def render(
    ws: Workspace,
    out: str | Path | IO[bytes],
    lang: str,
    build: Callable[[Lang], tuple[str, list[Flowable]]],
    *,
    subject: str = "",
    generated: dt.datetime | None = None,
    landscape: bool = False,
    region: str | None = None,
) -> None:
    """Build each language version with `build(lang) -> (title, flowables)` and write them as one PDF.
    `region`: the region the report covers when the central office makes it for one region only."""
    versions: list[Version] = []
    fallback.begin()  # characters no font can draw are remembered for the warning
    for code in languages(lang):
        with printing(code):
            title, flowables = build(Lang(data_language(code), "" if code == data_language(code) else code))
            versions.append(
                Version(code, for_print(title), for_print(region_heading(ws, code, region)), flowables)
            )
    write_pdf(
        out, versions, operator=ws.operator_name, generated=generated, subject=subject, landscape=landscape
    )


def region_heading(ws: Workspace, lang: str, region: str | None = None) -> str:
    """The header's first line: the assembly of the region the report covers — the data folder's own region, or
    in the central office the one chosen with --region; the republic's Assembly for a republic-wide report."""
    _ = gettext_for(lang)
    term = reference.by_code(reference.REGIONS, region) if region else None
    if term is not None:
        return _("{region} — Assembly of People of Kazakhstan").format(region=term.label(lang))
    if ws.is_central:
        return _("Assembly of People of Kazakhstan")
    return _("{region} — Assembly of People of Kazakhstan").format(region=ws.region_name(lang))


__all__ = [
    "BOLD",
    "Column",
    "Lang",
    "figures",
    "heading",
    "para",
    "render",
    "signature",
    "table",
    "title_block",
]
