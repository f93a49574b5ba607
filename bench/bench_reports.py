"""Benchmark: the quarterly report of the large demo in all three languages against a bare ReportLab script that
lays out the same tables, measured in the same run; and the associations register (thousands of rows) against a
bare ReportLab table of the same rows.

    .venv/bin/python bench/bench_reports.py [--home DIR] [--year Y --quarter Q] [--repeat N]

Without --home it copies the large demo data folder (/tmp/desk-large, or $DESK_BENCH_HOME) to a temporary folder,
so the original is never written to. Targets: the quarterly report no more than 1.2 times the bare ReportLab script,
and its .docx no more than 1.2 times a bare python-docx script writing the same tables.

"Ours" is everything `desk report quarterly --lang all` does: the figures and lists read through the services,
three language versions with summary tables, charts, the page frame with "page X of Y", the outline. The bare
script gets the very same cell texts prepared beforehand (not timed) and only lays them out: one ReportLab table
per list with a repeated header row, in the same fonts, on plain A4 pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table  # noqa: E402

from desk.domain import reference  # noqa: E402
from desk.reports.associations import render_associations  # noqa: E402
from desk.reports.blocks import Bars, Figures, Heading  # noqa: E402
from desk.reports.blocks import Table as BlockTable  # noqa: E402
from desk.reports.common import Lang  # noqa: E402
from desk.reports.escape import text  # noqa: E402
from desk.reports.quarterly import QuarterlyData, blocks, render_quarterly, render_quarterly_docx  # noqa: E402
from desk.reports.styles import grid_style, styles  # noqa: E402
from desk.services.quarterly import associations_as_of, district_names  # noqa: E402
from desk.services.workspace import open_workspace  # noqa: E402

Row = list[str]
Listing = tuple[list[str], list[Row], set[int]]  # headings, rows, columns that wrap (Paragraph cells)


def timed(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` runs."""
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(ours: Callable[[], object], bare: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall times of both, their runs taken in turn (ours, bare, ours, …) so that a busy moment of the
    machine weighs on both alike; one warm-up run each first (fonts, caches)."""
    ours()
    bare()
    times: tuple[list[float], list[float]] = ([], [])
    for _i in range(repeat):
        for run, found in ((ours, times[0]), (bare, times[1])):
            start = time.perf_counter()
            run()
            found.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def quarterly_listings(data: QuarterlyData, lang: Lang) -> list[Listing]:
    """The cell texts of every table of one language version of the quarterly report: its figures, tables and the
    data of its charts, taken from the very blocks the report prints (prepared beforehand, not timed)."""
    out: list[Listing] = []
    for b in blocks(lang, data)[1]:
        if isinstance(b, Figures):
            out.append((["", ""], [list(row) for row in b.rows], {0}))
        elif isinstance(b, BlockTable) and b.rows:
            wrapping = {i for i, c in enumerate(b.columns) if c.wrap and not c.numeric}
            out.append(([c.heading for c in b.columns], [[str(v) for v in row] for row in b.rows], wrapping))
        elif isinstance(b, Bars) and b.bars:
            out.append(([b.label_heading, b.value_heading], [[label, str(v)] for label, v in b.bars], {0}))
    return out


def headings_of(data: QuarterlyData, lang: Lang) -> list[str]:
    return [b.text for b in blocks(lang, data)[1] if isinstance(b, Heading)]


def bare_layout(versions: list[tuple[str, list[Listing]]], *, wide: bool = False) -> bytes:
    """What a bare ReportLab script does: a title and one table per list, header row repeated, plain pages."""
    st = styles()
    size = landscape(A4) if wide else A4
    width = size[0] - 33 * mm
    story: list = []
    for index, (title, listings) in enumerate(versions):
        if index:
            story.append(PageBreak())
        story.append(Paragraph(text(title), st.title))
        for headings, rows, wrapping in listings:
            if not rows:
                continue
            cols = len(headings)
            data = [[Paragraph(text(h), st.cell_head) for h in headings]]
            data += [
                [Paragraph(text(v), st.cell) if i in wrapping else v for i, v in enumerate(row)]
                for row in rows
            ]
            story.append(Table(data, colWidths=[width / cols] * cols, repeatRows=1, style=grid_style()))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=size, leftMargin=18 * mm, rightMargin=15 * mm).build(story)
    return out.getvalue()


def bare_docx_script(versions: list[tuple[str, list[str], list[Listing]]]) -> bytes:
    """What a bare python-docx script does: a title, the headings, one table per list with its header row (bold,
    repeated on each page), numbers right-aligned, a section per language."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    for index, (title, headings, listings) in enumerate(versions):
        if index:
            doc.add_section(WD_SECTION.NEW_PAGE)
        doc.add_paragraph(title, style="Title")
        for heading in headings:
            doc.add_heading(heading, level=2)
        for columns, rows, wrapping in listings:
            table = doc.add_table(rows=1, cols=len(columns))
            table.style = "Table Grid"
            header = table.rows[0]
            flag = OxmlElement("w:tblHeader")
            flag.set(qn("w:val"), "true")
            header._tr.get_or_add_trPr().append(flag)
            for cell, heading in zip(header.cells, columns, strict=True):
                cell.text = heading
                cell.paragraphs[0].runs[0].bold = True if heading else False
            right = [i not in wrapping for i in range(len(columns))]
            for values in rows:
                row = table.add_row()
                for cell, value, is_right in zip(row.cells, values, right, strict=True):
                    cell.text = value
                    if is_right:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def last_complete_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--home", default=None, help="data folder to use as it is (default: a copy of the large demo)"
    )
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--quarter", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    scratch = None
    if args.home:
        home = Path(args.home)
    else:
        source = Path(os.environ.get("DESK_BENCH_HOME", "/tmp/desk-large"))
        if not source.exists():
            print(f"no large demo at {source}: make one with `desk demo --size large --home {source}`")
            return 2
        scratch = Path(tempfile.mkdtemp(prefix="bench-reports-"))
        home = scratch / "home"
        shutil.copytree(source, home)
    try:
        ws = open_workspace(home)
        year, quarter = last_complete_quarter(dt.date.today())
        year, quarter = args.year or year, args.quarter or quarter
        langs = [Lang(code) for code in ("kk", "ru", "en")]

        data = QuarterlyData(ws, year, quarter)
        versions = [
            (
                lang._("Quarterly report: {quarter}").format(quarter=lang.quarter(year, quarter)),
                quarterly_listings(data, lang),
            )
            for lang in langs
        ]
        ours, bare = paired(
            lambda: render_quarterly(ws, io.BytesIO(), year=year, quarter=quarter, lang="all"),
            lambda: bare_layout(versions),
            args.repeat,
        )
        rows = sum(len(r) for _t, listings in versions for _h, r, _w in listings)
        print(
            f"quarterly report {year} Q{quarter}, kk+ru+en ({rows} table rows; {len(data.events)} events, "
            f"{len(data.new_associations)} new associations, {len(data.changes)} membership changes)"
        )
        print(f"  ours (services + layout):  {ours:7.2f} s")
        print(f"  bare ReportLab (layout):   {bare:7.2f} s")
        print(f"  ratio ours/bare:           {ours / bare:7.2f}   (target <= 1.2)")

        word_versions = [
            (title, headings_of(data, lang), listings)
            for lang, (title, listings) in zip(langs, versions, strict=True)
        ]
        ours_docx, bare_docx = paired(
            lambda: render_quarterly_docx(ws, io.BytesIO(), year=year, quarter=quarter, lang="all"),
            lambda: bare_docx_script(word_versions),
            args.repeat,
        )
        print(f"quarterly report as .docx, kk+ru+en ({rows} table rows)")
        print(f"  ours (services + python-docx): {ours_docx:7.2f} s")
        print(f"  bare python-docx (writing):    {bare_docx:7.2f} s")
        print(f"  ratio ours/bare:               {ours_docx / bare_docx:7.2f}   (target <= 1.2)")

        today = dt.date.today()
        rows_en = associations_as_of(ws, today, lang="en")
        lang = Lang("en")
        districts = district_names(ws, "en")
        listing: Listing = (
            [
                "No.",
                "Name",
                "Ethnic group",
                "Legal status",
                "BIN",
                "Registered",
                "District",
                "Members",
                "Status",
            ],
            [
                [
                    lang.number(i),
                    lang.name(r.association),
                    lang.term(reference.terms("ethnic_groups"), r.association.ethnic_group),
                    lang.term(reference.LEGAL_STATUSES, r.association.legal_status),
                    r.association.bin or "",
                    lang.date(r.association.registration_date),
                    districts.get(r.association.district_id or "", ""),
                    lang.number(r.association.member_count),
                    lang.term(reference.ASSOCIATION_STATUSES, r.status),
                ]
                for i, r in enumerate(rows_en, start=1)
            ],
            {1, 2, 3, 5, 6, 8},
        )
        ours_register = timed(lambda: render_associations(ws, io.BytesIO(), lang="en", as_of=today), 1)
        bare_register = timed(lambda: bare_layout([("Register", [listing])], wide=True), 1)
        print(f"associations register, en ({len(rows_en)} rows)")
        print(f"  ours (services + chunked table): {ours_register:7.2f} s")
        print(f"  bare ReportLab (one table):      {bare_register:7.2f} s")
        print(f"  ratio ours/bare:                 {ours_register / bare_register:7.2f}")
        ws.close()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
