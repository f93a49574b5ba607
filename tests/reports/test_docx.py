"""The quarterly report as an editable .docx: the same content as the PDF (the same blocks), headers and footers
in the version's language, header rows repeated, the operator's name in its properties; and neither holds stored
English or ISO dates in a Russian or Kazakh version."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from desk.i18n import gettext_for
from desk.reports.blocks import Bars, Figures, Heading, Note, Signature, Table, Title
from desk.reports.common import Lang
from desk.reports.escape import clean
from desk.reports.quarterly import blocks, render_quarterly, render_quarterly_docx
from tests.reports.pdfread import past_quarter, pdf_text

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _texts(content) -> list[str]:
    """Every text a version's blocks print."""
    out: list[str] = []
    for b in content:
        if isinstance(b, Title):
            out += [b.text, b.subtitle]
        elif isinstance(b, Heading | Note):
            out.append(b.text)
        elif isinstance(b, Figures):
            out += [x for row in b.rows for x in row]
        elif isinstance(b, Table):
            out += (
                [c.heading for c in b.columns] + [str(x) for row in b.rows for x in row]
                if b.rows
                else [b.empty]
            )
        elif isinstance(b, Bars):
            out += [label for label, _v in b.bars]
        elif isinstance(b, Signature):
            out += [b.role, b.name, b.date_line]
    return [clean(t) for t in out if t and clean(t).strip()]


def _docx_texts(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_docx_holds_the_same_content_as_the_pdf(demo_workspace, tmp_path: Path, lang):
    year, quarter = past_quarter()
    demo_workspace.settings.set("operator", "Айгерим Нұрланқызы")
    out = tmp_path / f"q-{lang}.docx"
    data = render_quarterly_docx(demo_workspace, out, year=year, quarter=quarter, lang=lang)
    title, content = blocks(Lang(lang), data)
    text = _docx_texts(out)
    missing = [t for t in _texts(content) if t not in text]
    assert missing == []
    d = docx.Document(str(out))
    assert d.core_properties.author == "Айгерим Нұрланқызы" and d.core_properties.title == title
    header = d.sections[0].header.paragraphs[0].text
    assert title in header
    footer = d.sections[0].footer.paragraphs[0].text
    assert "Айгерим Нұрланқызы" in footer and re.search(r"\b20\d\d\b", footer)  # a four-digit year
    assert gettext_for(lang)("Control of the execution of decisions at the end of the quarter") in text
    repeated = [
        t
        for t in d.tables
        if t.rows
        and t.rows[0]._tr.trPr is not None
        and t.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    ]
    assert len(repeated) >= 5  # every data table repeats its header row on each page
    if lang == "kk":
        assert any(ch in text for ch in "әғқңөұүһі")


def test_all_three_languages_each_from_a_new_section(demo_workspace, tmp_path: Path):
    year, quarter = past_quarter()
    out = tmp_path / "all.docx"
    render_quarterly_docx(demo_workspace, out, year=year, quarter=quarter, lang="all")
    d = docx.Document(str(out))
    assert len(d.sections) == 3
    heads = [s.header.paragraphs[0].text for s in d.sections]
    assert "Тоқсандық есеп" in heads[0] and "Квартальный отчет" in heads[1] and "Quarterly report" in heads[2]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_iso_dates_or_stored_english_in_russian_and_kazakh_reports(demo_workspace, tmp_path: Path, lang):
    year, quarter = past_quarter()
    pdf, word = tmp_path / "q.pdf", tmp_path / "q.docx"
    render_quarterly(demo_workspace, pdf, year=year, quarter=quarter, lang=lang)
    render_quarterly_docx(demo_workspace, word, year=year, quarter=quarter, lang=lang)
    for text in (pdf_text(pdf), _docx_texts(word)):
        assert ISO_DATE.findall(text) == []
        for english in (
            "Decision of the session",
            "Other grounds",
            ": Other",
            "Regulation on the Assembly",
            "quorum at least",
            "Recommendation",
            "(Rule:",
        ):
            assert english not in text, english


def test_membership_changes_render_the_linked_decision_and_the_ground_in_the_reports_language(
    demo_workspace, tmp_path: Path
):
    import datetime as dt

    from desk.services import meetings, persons, quarterly, roster

    ws = demo_workspace
    year, quarter = past_quarter()
    start, end = quarterly.quarter_bounds(year, quarter)
    day = start + dt.timedelta(days=20)
    members = roster.roster(ws, day)
    m = meetings.create_meeting(
        ws, {"kind": "session", "number": "77", "date": day, "notice_date": day - dt.timedelta(days=40)}
    )
    meetings.set_attendance(ws, m.id, [e.id for e in members])
    d = meetings.add_decision(
        ws, m.id, {"number": "77/1", "name_en": "On membership", "votes_for": len(members)}
    )
    p = persons.REGISTER.create(ws, {"surname": "Жаңабаев", "given_name": "Ержан"})
    roster.admit(
        ws,
        p.id,
        admitted_on=day,
        admission_decision_id=d.id,
        admission_basis=f"Decision of the session of {day.isoformat()}",
    )
    leaver = next(e for e in members if e.membership.left_on is None)
    roster.leave(ws, leaver.id, left_on=day, ground="other", note="Other")
    for lang in ("ru", "kk"):
        pdf, word = tmp_path / f"m-{lang}.pdf", tmp_path / f"m-{lang}.docx"
        render_quarterly(ws, pdf, year=year, quarter=quarter, lang=lang)
        render_quarterly_docx(ws, word, year=year, quarter=quarter, lang=lang)
        for text in (re.sub(r"\s+", " ", pdf_text(pdf)), _docx_texts(word)):
            assert "Decision of the session" not in text and day.isoformat() not in text
            assert "77/1" in text  # the linked decision, rendered in the report's language
            assert ": Other" not in text


def test_in_the_docx_a_total_row_keeps_with_the_row_before(demo_workspace, tmp_path: Path):
    from docx.oxml.ns import qn

    year, quarter = past_quarter()
    out = tmp_path / "q.docx"
    render_quarterly_docx(demo_workspace, out, year=year, quarter=quarter, lang="en")
    d = docx.Document(str(out))
    totals = [t for t in d.tables if len(t.rows) > 2 and t.rows[-1].cells[0].text == "Total"]
    assert totals
    for t in totals:
        before = t.rows[-2]._tr
        assert before.find(f".//{qn('w:keepNext')}") is not None
        assert t.rows[-1]._tr.trPr.find(qn("w:cantSplit")) is not None
