"""Print quality: any text prints literally, long names wrap, long tables split with their header on every page,
odd Unicode breaks nothing, and the fonts have every Kazakh letter."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from desk.services import associations
from reports.associations import render_associations
from reports.fonts import BOLD, REGULAR, register_fonts
from reports.page import CONTENT_WIDTH, Version, write_pdf
from reports.tables import Column, DataTable
from tests.reports.pdfread import page_texts, pdf_text, raw_text

TRICKY = '<b>AT&T R&D</b> "Достық" <unclosed'


def test_markup_in_a_name_prints_literally(demo_workspace, tmp_path: Path):
    associations.REGISTER.create(demo_workspace, {"name_ru": TRICKY, "name_kk": TRICKY, "name_en": TRICKY,
                                                  "ethnic_group": "korean", "legal_status": "initiative"})
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
    rows = [(str(i), f"Association № {i} «Достық» & {'ұзын ' * (i % 7)}", "2025-01-01") for i in range(1, 3001)]
    columns = [Column("No.", 0.6, numeric=True), Column("Name of the association", 5), Column("Day", 1.2, wrap=False)]
    out = tmp_path / "long.pdf"
    write_pdf(out, [Version("en", "Long", "Region", [DataTable(columns, rows, CONTENT_WIDTH)])], operator="x")
    pages = page_texts(out)
    assert len(pages) > 40
    for page in pages:  # exactly one header per page, at the top of the table
        assert page.count("Name of the association") == 1
    seen = [int(line.split()[0]) for page in pages for line in page.splitlines()
            if line.strip() and line.split()[0].isdigit() and "Association №" in line]
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
    rows = [(str(i), "Этнокультурное объединение", f"{word} инициативная группа", "210640010190") for i in range(30)]
    columns = [Column("№", 0.5, numeric=True), Column("Name", 3), Column("Legal status", 0.9),
               Column("BIN", 3, wrap=False)]
    out = tmp_path / "words.pdf"
    write_pdf(out, [Version("ru", "Words", "Region", [DataTable(columns, rows, CONTENT_WIDTH * 0.6)])], operator="x")
    assert pdf_text(out, layout=False).count(word) == 30
