"""Wrapped plain-text cells are made without ReportLab's markup parser (`reports.plain_cells`): they must be the
parser's paragraphs to the letter — the same fragments, the same lines at every width, the same drawing."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desk.reports.escape import clean, text
from desk.reports.fallback import prints_as_is
from desk.reports.plain_cells import fragments
from desk.reports.styles import styles

AS_IS = [
    "Қазақстан халқы Ассамблеясының өңірлік хатшылығы",
    "Республиканский  фестиваль   национальных культур «Достык»",
    "  leading and trailing spaces  ",
    "no\u00a0break\u00a0spaces between words",
    "Жамбыл облысы, Тараз қаласы — мәдениет үйі (2-ші қабат)",
    "Aйтыс; Наурыз: 1 234 567 — 50%",
    "Averyveryveryveryveryveryveryverylongwordthatcannotfitinacolumnatall and more",
    "Ө",
]
NOT_AS_IS = [
    "Tom & Jerry",
    "<b>not bold</b>",
    'a "quote"',
    "O'Brien",
    "two\nlines",
    "עברית",
    "\u200fmark",
    "中文",
]


def _parsed(value: str, style) -> Paragraph:
    return Paragraph(text(value), style)


def _fast(value: str, style) -> Paragraph:
    frags = fragments(value, style)
    assert frags is not None
    return Paragraph(value, style, frags=frags)


def _drawn(paragraph: Paragraph, width: float) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=0)
    paragraph.wrapOn(canvas, width, 1000)
    paragraph.drawOn(canvas, 20, 400)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_what_prints_as_is_and_what_needs_the_parser():
    assert all(prints_as_is(clean(v)) for v in AS_IS)
    assert not any(prints_as_is(clean(v)) for v in NOT_AS_IS)


@pytest.mark.parametrize("value", AS_IS)
@pytest.mark.parametrize("style_name", ["cell", "cell_number"])
def test_a_plain_cell_is_the_parser_s_paragraph_to_the_letter(value, style_name):
    style = getattr(styles(), style_name)
    plain = clean(value)
    parsed, fast = _parsed(value, style), _fast(plain, style)
    assert [vars(f) for f in fast.frags] == [vars(f) for f in parsed.frags]
    for width in (30, 61.5, 90, 140, 400):
        assert _drawn(_parsed(value, style), width) == _drawn(_fast(plain, style), width), width


def test_each_plain_cell_has_lists_of_its_own():
    style = styles().cell
    one, two = fragments("один", style), fragments("два", style)
    assert one is not None and two is not None
    assert one[0].text == "один" and two[0].text == "два"
    for name, value in vars(one[0]).items():
        if isinstance(value, list):
            assert value is not getattr(two[0], name), name


def test_nothing_to_print_is_left_to_the_parser():
    assert fragments("   ", styles().cell) is None
