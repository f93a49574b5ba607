"""Paragraphs of plain text made without ReportLab's markup parser: the wrapped cells of long tables.

ReportLab reads the text of every Paragraph as markup, through an HTML parser; for the thousands of wrapped cells of
a long report that parsing costs more than laying the cells out. A value whose markup is the value itself (one face,
nothing right to left, no character that markup escapes, no line break: `fallback.prints_as_is`) parses into one
fragment: the style's fragment holding the text with its whitespace collapsed by ReportLab's cleaner. `fragments`
makes that very fragment directly — a copy of the one the parser makes of a one-letter text in the same style —
and the paragraph is built from it; what it prints is the parser's to the letter (tests/reports/test_plain_cells.py
compares the two). Anything else, and a style that transforms its text, goes through the parser as before.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

_templates: dict[int, tuple[ParagraphStyle, ParaFrag, tuple[str, ...]]] = {}


def _template(style: ParagraphStyle) -> tuple[ParaFrag, tuple[str, ...]]:
    """The parser's fragment of a one-letter text in `style`, and the names of its list attributes (each copy
    gets lists of its own: ReportLab may add to them while it lays a paragraph out)."""
    known = _templates.get(id(style))
    if known is not None and known[0] is style:
        return known[1], known[2]
    parser = ParaParser()
    parser.caseSensitive = 1
    _style, frags, _bullet = parser.parse("x", style)
    if not frags or len(frags) != 1:
        raise RuntimeError("ReportLab parsed a one-letter text into other than one fragment")
    frag = frags[0]
    if type(frag) is not ParaFrag:
        raise RuntimeError("ReportLab's parser made a fragment of another class")
    lists = tuple(name for name, value in vars(frag).items() if isinstance(value, list))
    if any(getattr(frag, name) for name in lists):
        raise RuntimeError("ReportLab's fragment of a plain text holds list items")
    _templates[id(style)] = (style, frag, lists)
    return frag, lists


def fragments(value: str, style: ParagraphStyle) -> list[Any] | None:
    """The fragments ReportLab's parser makes of `value` (text that prints as it is) in `style`; None when the
    parser must make them (a style that transforms its text, a value with nothing to print)."""
    if getattr(style, "textTransform", None):
        return None
    cleaned = cleanBlockQuotedText(value)
    if not cleaned:
        return None
    template, lists = _template(style)
    frag = ParaFrag.__new__(ParaFrag)  # copy.copy's result, made without its reduce protocol
    frag.__dict__.update(vars(template))
    frag.text = cleaned
    for name in lists:
        setattr(frag, name, [])
    return [frag]
