"""Every script in the PDFs: font fallback, Arabic shaping and right-to-left order, and a visible mark for what no
font can draw.

The reports' face is Noto Sans (Latin, Cyrillic, Greek). A character it lacks is printed in the first bundled face
that has it: Noto Sans Arabic, Hebrew, Georgian, Armenian, WenQuanYi Micro Hei (Chinese, Japanese kana, Korean)
and Symbola (symbols and emoji, drawn in one colour). ReportLab embeds the subset of each face a PDF uses.
Arabic is shaped (`arabic_reshaper`: the joined letter forms) and every line holding right-to-left text is put in
visual order (`python-bidi`, the Unicode bidirectional algorithm), which ReportLab does not do itself.
A character no face holds is printed as REPLACEMENT (a visible mark, never a blank) and remembered: the CLI and
the window warn about them after a report (`undrawable()`).
"""

from __future__ import annotations

import contextvars
import functools
import unicodedata
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desk.reports.fonts import BOLD, REGULAR, fonts_dir, register_fonts

REPLACEMENT = "\ufffd"
"""What a character no bundled face can draw is printed as (Noto Sans has it: a visible mark)."""

FALLBACKS: tuple[tuple[str, str], ...] = (
    ("DeskArabic", "NotoSansArabic-Regular.ttf"),
    ("DeskHebrew", "NotoSansHebrew-Regular.ttf"),
    ("DeskGeorgian", "NotoSansGeorgian-Regular.ttf"),
    ("DeskArmenian", "NotoSansArmenian-Regular.ttf"),
    ("DeskCJK", "WenQuanYiMicroHei-CJK.ttf"),
    ("DeskSymbols", "Symbola-Symbols.ttf"),
)

# Characters that print as nothing on purpose: joiners, variation selectors, direction marks.
_INVISIBLE = (
    {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFE0E, 0xFE0F, 0x061C}
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
    | set(range(0xE0020, 0xE0080))
)

_missing: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "desk_report_missing", default=None
)


def _utf16_hex(code: int) -> str:
    """A code point as the UTF-16 hex a ToUnicode CMap wants (a surrogate pair beyond the BMP)."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with characters beyond the BMP (emoji) written as UTF-16 surrogate pairs:
    ReportLab 5 writes them as five hex digits, which readers take for another character, so the emoji of a
    PDF would not extract back (`pdftotext` read 🙂 as ὤ)."""
    lines = ttfonts_original(fontname, subset).split("\n")
    start = next(i for i, line in enumerate(lines) if line.endswith("beginbfchar")) + 1
    lines[start : start + len(subset)] = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    return "\n".join(lines)


ttfonts_original = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # used when a PDF's font subsets are written


@functools.cache
def _base() -> tuple[str, frozenset[int]]:
    """(font name, the characters it has) of the base face."""
    register_fonts()
    return REGULAR, frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


@functools.cache
def _faces() -> tuple[tuple[str, frozenset[int]], ...]:
    """(font name, the characters it has) for the base face and each fallback, registered with ReportLab once
    (only when a character the base face lacks is met: reading the fallback faces takes a moment)."""
    known = set(pdfmetrics.getRegisteredFontNames())
    out = [_base()]
    for name, filename in FALLBACKS:
        if name not in known:
            path = fonts_dir() / filename
            if not path.exists():
                raise FileNotFoundError(f"report font missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        out.append((name, frozenset(pdfmetrics.getFont(name).face.charToGlyph)))
    return tuple(out)


def face_of(ch: str) -> str | None:
    """The face that draws `ch` (the base face first), None when no bundled face has it."""
    code = ord(ch)
    if code in _base()[1]:
        return REGULAR
    for name, chars in _faces():
        if code in chars:
            return name
    return None


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def visual(text: str) -> str:
    """A line in the order it is drawn: Arabic shaped and right-to-left runs reversed; other text unchanged."""
    if not _is_rtl(text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    lines = text.split("\n")
    return "\n".join(get_display(arabic_reshaper.reshape(line)) if _is_rtl(line) else line for line in lines)


def drawable(text: str) -> str:
    """`text` in visual order with every character no face has replaced by the mark (and remembered)."""
    text = visual(text)
    out: list[str] = []
    for ch in text:
        if ch in "\n " or ord(ch) in _INVISIBLE or face_of(ch) is not None:
            out.append(ch)
        else:
            _remember(ch)
            out.append(REPLACEMENT)
    return "".join(out)


def _remember(ch: str) -> None:
    found = _missing.get()
    if found is not None:
        found.add(ch)


def needs_markup(text: str) -> bool:
    """Whether a plain string holds anything the base face cannot draw as it is (another face, RTL, a mark)."""
    base = _base()[1]
    return not base.issuperset(map(ord, text.replace("\n", "")))


_MARKED = frozenset("&<>\"'\n")
"""What `markup` writes otherwise: as an entity, or a line break as a break."""


def prints_as_is(text: str) -> bool:
    """Whether `markup(text)` is `text` itself: every character in the base face, nothing right to left, nothing
    to escape, no line break (what `reports.plain_cells` may turn into a paragraph without the parser)."""
    codes = set(map(ord, text))
    return _base()[1].issuperset(codes) and _MARKED.isdisjoint(text) and _rtl_in_base().isdisjoint(codes)


@functools.cache
def _rtl_in_base() -> frozenset[int]:
    """The characters of the base face that are right to left (`visual` reorders a text holding one)."""
    return frozenset(c for c in _base()[1] if unicodedata.bidirectional(chr(c)) in ("R", "AL"))


def markup(text: str) -> str:
    """Paragraph markup for a cleaned value: escaped, each run of a fallback face in a <font> tag."""
    text = drawable(text)
    runs: list[tuple[str | None, list[str]]] = []
    base = _base()[1]
    for ch in text:
        # spaces and invisible marks stay in the base face (the subset fallback faces have no space)
        face = None if ch == "\n" or ord(ch) in base or ord(ch) in _INVISIBLE else face_of(ch)
        if runs and runs[-1][0] == face:
            runs[-1][1].append(ch)
        else:
            runs.append((face, [ch]))
    parts = []
    for face, chars in runs:
        escaped = escape("".join(chars), {'"': "&quot;", "'": "&#39;"})
        parts.append(escaped if face is None or face == REGULAR else f'<font face="{face}">{escaped}</font>')
    return "".join(parts)


def runs(text: str) -> list[tuple[str | None, str]]:
    """A drawable line cut where the face changes: (fallback face or None for the base face, text)."""
    base = _base()[1]
    out: list[tuple[str | None, list[str]]] = []
    for ch in text:
        face = None if ord(ch) in base or ord(ch) in _INVISIBLE or ch == " " else face_of(ch)
        if out and out[-1][0] == face:
            out[-1][1].append(ch)
        else:
            out.append((face, [ch]))
    return [(face, "".join(chars)) for face, chars in out]


def draw_string(canvas: Any, x: float, y: float, text: str, font: str, size: float) -> None:
    """`canvas.drawString` for a line that may hold other scripts (page headers and footers): each run in the
    face that has it, right-to-left text in visual order, the mark for what no face has."""
    for face, part in runs(drawable(text)):
        name = face or font
        canvas.setFont(name, size)
        canvas.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, name, size)
    canvas.setFont(font, size)


class Collector:
    """The characters a report could not draw (see `collecting`)."""

    def __init__(self) -> None:
        self.chars: set[str] = set()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.chars))

    def __bool__(self) -> bool:
        return bool(self.chars)

    def describe(self) -> str:
        """The characters and their code points: "U+10FFFD"."""
        return ", ".join(f"U+{ord(ch):04X}" for ch in sorted(self.chars))


_last: list[Collector] = [Collector()]


def begin() -> Collector:
    """Start remembering undrawable characters for a new report (`reports.common.render` calls it)."""
    collector = Collector()
    _last[0] = collector
    _missing.set(collector.chars)
    return collector


def undrawable() -> Collector:
    """The characters the last report printed as the replacement mark."""
    return _last[0]


__all__ = ["BOLD", "REPLACEMENT", "drawable", "markup", "needs_markup", "undrawable", "visual"]
