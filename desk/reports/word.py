"""A report as an editable Word document (.docx, python-docx), from the same blocks as its PDF (`reports.blocks`):
A4 with the PDF's margins, each language version from a new page with its own header (the region's assembly and the
title) and footer (generated when and by whom, page X of Y), tables with their header row repeated on every page
and rows never split across pages, numbers right-aligned, charts as their data tables. No display needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desk.i18n import format_moment, gettext_for
from desk.reports.blocks import Bars, Block, Figures, Heading, Note, Signature, Space, Table, Title
from desk.reports.common import Lang, languages, region_heading
from desk.reports.escape import clean
from desk.services.workspace import Workspace

FONT = "Arial"
"""A font every Windows PC has, with every Kazakh letter."""


def _font(style: Any, size: float | None = None, bold: bool | None = None) -> None:
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def _prepare(doc: Any) -> None:
    styles = doc.styles
    _font(styles["Normal"], 10)
    styles["Normal"].paragraph_format.space_after = Pt(3)
    for name, size in (("Title", 18), ("Subtitle", 11), ("Heading 1", 14), ("Heading 2", 11.5)):
        _font(styles[name], size)
    styles["Heading 1"].paragraph_format.keep_with_next = True
    styles["Heading 2"].paragraph_format.keep_with_next = True


def _page(section: Any) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(18), Mm(15)
    section.top_margin, section.bottom_margin = Mm(24), Mm(18)
    section.header_distance, section.footer_distance = Mm(10), Mm(8)


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    run = paragraph.add_run()
    begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


def _frame(section: Any, lang: str, region: str, title: str, operator: str, generated: dt.datetime) -> None:
    _ = gettext_for(lang)
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    head = section.header.paragraphs[0]
    head.text = ""
    head.add_run(clean(region)).font.size = Pt(8)
    head.add_run("\n")
    bold = head.add_run(clean(title))
    bold.bold = True
    bold.font.size = Pt(9)
    foot = section.footer.paragraphs[0]
    foot.text = ""
    moment = format_moment(generated, lang)
    text = (
        _("Generated {date} by {operator}").format(date=moment, operator=operator)
        if operator
        else _("Generated {date}").format(date=moment)
    )
    foot.add_run(clean(text) + "    ").font.size = Pt(7.5)
    # "Page X of Y" with Word's own fields in place of the numbers
    page_text = _("Page {page} of {pages}")
    before, _sep, rest = page_text.partition("{page}")
    middle, _sep, after = rest.partition("{pages}")
    for piece, code in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if piece:
            foot.add_run(piece).font.size = Pt(7.5)
        if code:
            _field(foot, code)


def _twips(shares: Sequence[float], total_mm: float = 177) -> list[int]:
    whole = sum(shares) or 1
    return [int(Mm(total_mm * share / whole).twips) for share in shares]


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    child = parent.makeelement(qn(tag), {qn(k): v for k, v in attrs.items()})
    parent.append(child)
    return child


def _rows(
    table: Any,
    rows: Sequence[Sequence[Any]],
    numeric: Sequence[bool],
    widths: Sequence[int],
    *,
    header: bool = False,
) -> None:
    """Append rows to a table as WordprocessingML: each row kept on one page (a header row repeated on every page
    instead), each cell with its width, numbers right-aligned, headings bold. Written as elements directly: the
    cell-by-cell API would rebuild the table's cell grid for every row."""
    tbl = table._tbl
    for values in rows:
        tr = _sub(tbl, "w:tr")
        tr_pr = _sub(tr, "w:trPr")
        _sub(tr_pr, "w:cantSplit", **{"w:val": "true"})
        if header:
            _sub(tr_pr, "w:tblHeader", **{"w:val": "true"})
        for value, right, width in zip(values, numeric, widths, strict=True):
            tc = _sub(tr, "w:tc")
            _sub(_sub(tc, "w:tcPr"), "w:tcW", **{"w:w": str(width), "w:type": "dxa"})
            p = _sub(tc, "w:p")
            if right:
                _sub(_sub(p, "w:pPr"), "w:jc", **{"w:val": "right"})
            text = clean(value)
            if text:
                r = _sub(p, "w:r")
                if header:
                    _sub(_sub(r, "w:rPr"), "w:b")
                t = _sub(r, "w:t")
                t.text = text
                if text != text.strip():
                    t.set(qn("xml:space"), "preserve")


def _new_table(doc: Any, widths: Sequence[int]) -> Any:
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(width))
    return table


def _table(
    doc: Any,
    headings: Sequence[str],
    numeric: Sequence[bool],
    shares: Sequence[float],
    rows: Sequence[Sequence[Any]],
    *,
    header: bool = True,
) -> None:
    widths = _twips(shares)
    table = _new_table(doc, widths)
    if header:
        _rows(table, [headings], numeric, widths, header=True)
    _rows(table, rows, numeric, widths)
    if len(rows) >= 2:  # the last row (a total, usually) never alone on a page: the one before keeps with it
        for p in table._tbl.findall(qn("w:tr"))[-2].iter(qn("w:p")):
            p_pr = p.find(qn("w:pPr"))
            if p_pr is None:
                p_pr = p.makeelement(qn("w:pPr"), {})
                p.insert(0, p_pr)
            p_pr.insert(0, p_pr.makeelement(qn("w:keepNext"), {}))


def _blocks(doc: Any, content: Sequence[Block]) -> None:
    for b in content:
        if isinstance(b, Title):
            doc.add_paragraph(clean(b.text), style="Title")
            doc.add_paragraph(clean(b.subtitle), style="Subtitle")
        elif isinstance(b, Heading):
            doc.add_heading(clean(b.text), level=min(max(b.level, 1), 2))
        elif isinstance(b, Figures):
            _table(doc, ("", ""), (False, True), (78, 22), b.rows, header=False)
        elif isinstance(b, Table):
            if not b.rows:
                doc.add_paragraph(clean(b.empty)).runs[0].italic = True
                continue
            _table(
                doc,
                [c.heading for c in b.columns],
                [c.numeric for c in b.columns],
                [c.width for c in b.columns],
                b.rows,
            )
        elif isinstance(b, Note):
            run = doc.add_paragraph().add_run(clean(b.text))
            if b.small:
                run.font.size = Pt(8.5)
        elif isinstance(b, Bars):
            if b.title:
                doc.add_paragraph(clean(b.title)).runs[0].bold = True
            _table(
                doc,
                (b.label_heading, b.value_heading),
                (False, True),
                (78, 22),
                [(label, str(value)) for label, value in b.bars],
            )
        elif isinstance(b, Space):
            continue
        elif isinstance(b, Signature):
            doc.add_paragraph()
            widths = _twips((36, 26, 38))
            table = _new_table(doc, widths)
            table.style = None
            _rows(
                table, [(b.role, "_" * 24, b.name), ("", "(" + b.date_label + ")", "")], (False,) * 3, widths
            )
            doc.add_paragraph(clean(b.date_line))


def write_docx(
    ws: Workspace,
    out: str | Path | IO[bytes],
    lang: str,
    build: Callable[[Lang], tuple[str, list[Block]]],
    *,
    subject: str = "",
    generated: dt.datetime | None = None,
    region: str | None = None,
) -> None:
    """Build each language version with `build(lang) -> (title, blocks)` and write them as one .docx."""
    generated = generated or dt.datetime.now().astimezone()
    operator = ws.operator_name
    doc = Document()
    _prepare(doc)
    first_title = ""
    for index, code in enumerate(languages(lang)):
        title, content = build(Lang(code))
        first_title = first_title or title
        section = doc.sections[0] if index == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section)
        _frame(section, code, region_heading(ws, code, region), title, operator, generated)
        _blocks(doc, content)
    props = doc.core_properties
    props.title = clean(first_title)
    props.author = operator
    props.last_modified_by = operator
    props.subject = clean(subject)
    props.language = languages(lang)[0]
    props.comments = "Dostyq Desk"
    doc.save(str(out) if isinstance(out, Path) else out)
