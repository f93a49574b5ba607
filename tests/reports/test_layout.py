"""Print quality: any text prints literally, long names wrap, long tables split with their header on every page,
odd Unicode breaks nothing, and the fonts have every Kazakh letter."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from desk.reports.associations import render_associations
from desk.reports.fonts import BOLD, REGULAR, register_fonts
from desk.reports.page import CONTENT_WIDTH, Version, write_pdf
from desk.reports.tables import Column, DataTable
from desk.services import associations
from tests.reports.pdfread import page_texts, pdf_text, raw_text

TRICKY = '<b>AT&T R&D</b> "Достық" <unclosed'


def test_markup_in_a_name_prints_literally(demo_workspace, tmp_path: Path):
    associations.REGISTER.create(
        demo_workspace,
        {
            "name_ru": TRICKY,
            "name_kk": TRICKY,
            "name_en": TRICKY,
            "ethnic_group": "korean",
            "legal_status": "initiative",
        },
    )
    out = tmp_path / "register.pdf"
    for lang in ("kk", "ru", "en"):
        render_associations(demo_workspace, out, lang=lang, filters={"ethnic_group": "korean"})
        assert TRICKY in raw_text(out)


def test_the_operator_and_title_in_the_page_frame_print_literally(tmp_path: Path):
    out = tmp_path / "frame.pdf"
    write_pdf(out, [Version("en", TRICKY, "Region & <i>co</i>", [])], operator="<op> & Co")
    text = pdf_text(out, layout=False)
    assert TRICKY in text and "Region & <i>co</i>" in text and "<op> & Co" in text


def test_a_long_table_splits_across_pages_and_repeats_its_header(tmp_path: Path):
    rows = [
        (str(i), f"Association № {i} «Достық» & {'ұзын ' * (i % 7)}", "2025-01-01") for i in range(1, 3001)
    ]
    columns = [
        Column("No.", 0.6, numeric=True),
        Column("Name of the association", 5),
        Column("Day", 1.2, wrap=False),
    ]
    out = tmp_path / "long.pdf"
    write_pdf(out, [Version("en", "Long", "Region", [DataTable(columns, rows, CONTENT_WIDTH)])], operator="x")
    pages = page_texts(out)
    assert len(pages) > 40
    for page in pages:  # exactly one header per page, at the top of the table
        assert page.count("Name of the association") == 1
    seen = [
        int(line.split()[0])
        for page in pages
        for line in page.splitlines()
        if line.strip() and line.split()[0].isdigit() and "Association №" in line
    ]
    assert seen == list(range(1, 3001))  # every row once, in order, none lost at a page break


def test_very_long_names_wrap_and_odd_unicode_prints(tmp_path: Path):
    long_word = "Қазақстанхалқыассамблеясы" * 40
    odd = "NUL\x00 bell\x07 lone\ud800 surrogate, emoji 🎉, RTL עברית, combining е\u0301, tab\tand\nnewline"
    rows = [("1", long_word, "x"), ("2", odd, "y"), ("3", "x" * 20000, "z")]
    columns = [Column("No.", 0.6, numeric=True), Column("Name", 5), Column("Note", 1.2)]
    out = tmp_path / "odd.pdf"
    write_pdf(out, [Version("kk", odd, odd, [DataTable(columns, rows, CONTENT_WIDTH)])], operator=odd)
    text = raw_text(out)
    assert text.replace(" ", "").count("Қазақстанхалқыассамблеясы") >= 40  # wrapped, nothing cut off
    assert "combining" in text and "newline" in text
    assert text.count("x" * 50) > 10  # a 20,000-character cell is split across pages, not dropped


def test_fonts_have_every_kazakh_letter():
    register_fonts()
    letters = "ӘҒҚҢӨҰҮҺІәғқңөұүһі" + "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    for name in (REGULAR, BOLD):
        face = pdfmetrics.getFont(name).face
        missing = [ch for ch in letters if ord(ch) not in face.charToGlyph]
        assert missing == [], (name, missing)


def test_a_word_never_breaks_inside_a_column_that_could_be_widened(tmp_path: Path):
    # "Незарегистрированная инициативная группа" in a narrow legal-status column printed "Незарегистрированн|ая"
    word = "Незарегистрированная"
    rows = [
        (str(i), "Этнокультурное объединение", f"{word} инициативная группа", "210640010190")
        for i in range(30)
    ]
    columns = [
        Column("№", 0.5, numeric=True),
        Column("Name", 3),
        Column("Legal status", 0.9),
        Column("BIN", 3, wrap=False),
    ]
    out = tmp_path / "words.pdf"
    write_pdf(
        out, [Version("ru", "Words", "Region", [DataTable(columns, rows, CONTENT_WIDTH * 0.6)])], operator="x"
    )
    assert pdf_text(out, layout=False).count(word) == 30


def _rows_to_fill_a_page_but_one(columns, make_row, limit: int = 200) -> int:
    """How many rows exactly fill the first page of a table (found by laying it out)."""
    register_fonts()
    parts = DataTable(columns, [make_row(i) for i in range(limit)], CONTENT_WIDTH).split(CONTENT_WIDTH, 700.0)
    return len(parts[0]._cellvalues) - 1 if parts else 0


def test_a_total_row_never_stands_alone_on_a_page(tmp_path: Path):
    columns = [Column("Type of event", 4), Column("Held", 1.2, numeric=True)]

    def row(i):
        return (f"Festival {i}", str(i))

    per_page = _rows_to_fill_a_page_but_one(columns, row)
    rows = [row(i) for i in range(per_page)] + [
        ("Total", "999999")
    ]  # the total falls just past the first page
    parts = DataTable(columns, rows, CONTENT_WIDTH).split(CONTENT_WIDTH, 700.0)
    first, rest = parts
    assert rest.remaining >= 2 and len(first._cellvalues) - 1 == per_page - 1


def test_headers_never_break_inside_a_word(tmp_path: Path):
    heading = "Қатысушылардың"  # one long Kazakh word over a narrow numeric column
    columns = [Column("Name", 6), Column(heading, 0.5, numeric=True), Column("Note", 3)]
    rows = [("Фестиваль", "12", "—")] * 5
    out = tmp_path / "head.pdf"
    write_pdf(out, [Version("kk", "Head", "Region", [DataTable(columns, rows, CONTENT_WIDTH)])], operator="x")
    assert heading in pdf_text(out, layout=False)


def test_footers_have_four_digit_years_and_the_operators_name(tmp_path: Path, workspace):
    import datetime as dt

    from desk.reports.roster import render_roster

    out = tmp_path / "roster.pdf"
    for lang in ("kk", "ru", "en"):
        write_pdf(
            out,
            [Version(lang, "T", "R", [])],
            operator="Айгерим Нұрланқызы",
            generated=dt.datetime(2026, 11, 26, 9, 5).astimezone(),
        )
        text = pdf_text(out, layout=False)
        assert "2026" in text and "Айгерим Нұрланқызы" in text
        assert "11/26/26" not in text and "26.11.26" not in text
    # no name given: the computer's login never appears
    from desk.store.db import os_user

    render_roster(workspace, out, lang="en")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    author = next((line for line in info.splitlines() if line.startswith("Author:")), "Author:")
    assert os_user() not in author
    footer = [line for line in pdf_text(out, layout=False).splitlines() if line.startswith("Generated")]
    assert footer and all(" by " not in line for line in footer)
    workspace.settings.set("operator", "Айгерим Нұрланқызы")
    render_roster(workspace, out, lang="en")
    assert (
        "Айгерим Нұрланқызы" in subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    )
