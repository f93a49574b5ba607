"""The page template every report shares, and the function that writes the PDF.

A4 portrait. Each page carries a header (the region and the report title) and a footer (generation date and
operator on the left, "page X of Y" on the right), all in the language of the version the page belongs to: a PDF
in `all` holds the Kazakh, Russian and English versions in turn, each numbered from 1 and each with its own entry
in the PDF outline. Page totals are known only at the end, so the canvas keeps every page and draws headers,
footers and outline entries when the document is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as turned
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from desk.domain.latin import KK_LATN, to_latin
from desk.i18n import LANGUAGE_NAMES, format_moment, gettext_for
from desk.reports.escape import clean
from desk.reports.fallback import draw_string
from desk.reports.fonts import BOLD, REGULAR, register_fonts
from desk.reports.styles import INK, MUTED, RULE

# Compressed streams are written as they are, without an ASCII85 encoding on top (a 7-bit file is no longer needed
# anywhere): ReportLab encodes ASCII85 in pure Python when its C accelerator is not installed, a twentieth of a long
# report's time; the PDF is a fifth smaller and its pages are the same to the byte once decoded.
rl_config.useA85 = 0

page_listener: ContextVar[Callable[[int], None] | None] = ContextVar("page_listener", default=None)
"""Called with the number of each page as it is laid out (the window shows it as progress); raising from it stops
the report. Unset (None) on the command line."""

PAGE_SIZE = A4
LEFT_MARGIN = 18 * mm
RIGHT_MARGIN = 15 * mm
TOP_MARGIN = 24 * mm
BOTTOM_MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - LEFT_MARGIN - RIGHT_MARGIN
"""Width of the text on a portrait page (a landscape page is wider: tables take the width they are given)."""


@dataclass
class Version:
    """One language version of a report: what its header says and what it holds."""

    lang: str
    title: str
    region_name: str
    flowables: list[Flowable] = field(default_factory=list)

    @property
    def outline_title(self) -> str:
        return f"{LANGUAGE_NAMES.get(self.lang, self.lang)}: {clean(self.title)}"


class _VersionStart(Flowable):
    """Zero-size marker at the top of a version: tells the canvas which version its pages belong to."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv._desk_version = self.index
        canv._desk_marks.append(self.index)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis so that it fits `width`."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class _DecoratedCanvas(Canvas):
    """A canvas that keeps its pages until `save()`, then draws headers, footers and outline entries."""

    def __init__(
        self, *args: Any, versions: Sequence[Version], operator: str, generated: dt.datetime, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._desk_size = kwargs.get("pagesize") or PAGE_SIZE
        self._desk_versions = versions
        self._desk_operator = clean(operator)
        self._desk_generated = generated
        self._desk_version = 0
        self._desk_marks: list[int] = []
        self._desk_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        listener = page_listener.get()
        if listener is not None:
            listener(len(self._desk_pages) + 1)  # may raise to stop the report (the window's Cancel)
        self._desk_pages.append(dict(self.__dict__))
        self._desk_marks = []
        self._startPage()

    def save(self) -> None:
        pages = self._desk_pages
        totals: dict[int, int] = {}
        for state in pages:
            totals[state["_desk_version"]] = totals.get(state["_desk_version"], 0) + 1
        seen: dict[int, int] = {}
        for state in pages:
            self.__dict__.update(state)
            index = state["_desk_version"]
            seen[index] = seen.get(index, 0) + 1
            version = self._desk_versions[index]
            self._decorate(version, seen[index], totals[index])
            for mark in state["_desk_marks"]:
                key = f"version-{mark}"
                self.bookmarkPage(key)
                self.addOutlineEntry(self._desk_versions[mark].outline_title, key, level=0)
            Canvas.showPage(self)
        if len(self._desk_versions) > 1:
            self.showOutline()
        Canvas.save(self)

    def _decorate(self, version: Version, page: int, pages: int) -> None:
        _ = gettext_for(version.lang)
        width, height = self._desk_size
        left, right = LEFT_MARGIN, width - RIGHT_MARGIN
        room = right - left
        self.saveState()
        top = height - 12 * mm
        self.setFillColor(MUTED)
        self.setFont(REGULAR, 8)
        draw_string(self, left, top, _fit(clean(version.region_name), REGULAR, 8, room), REGULAR, 8)
        self.setFillColor(INK)
        self.setFont(BOLD, 9)
        draw_string(self, left, top - 11, _fit(clean(version.title), BOLD, 9, room), BOLD, 9)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(left, top - 16, right, top - 16)
        bottom = 10 * mm
        self.line(left, bottom + 10, right, bottom + 10)
        self.setFillColor(MUTED)
        self.setFont(REGULAR, 7.5)
        page_text = _("Page {page} of {pages}").format(page=page, pages=pages)
        self.drawRightString(right, bottom, page_text)
        moment = format_moment(self._desk_generated, version.lang)  # a four-digit year in every language
        operator = to_latin(self._desk_operator) if version.lang == KK_LATN else self._desk_operator
        footer = (
            _("Generated {date} by {operator}").format(date=moment, operator=operator)
            if operator
            else _("Generated {date}").format(date=moment)
        )
        draw_string(
            self,
            left,
            bottom,
            _fit(footer, REGULAR, 7.5, room - stringWidth(page_text, REGULAR, 7.5) - 12),
            REGULAR,
            7.5,
        )
        self.restoreState()


def write_pdf(
    out: str | Path | IO[bytes],
    versions: Sequence[Version],
    *,
    operator: str,
    generated: dt.datetime | None = None,
    subject: str = "",
    landscape: bool = False,
) -> None:
    """Lay out the versions one after another, each from a new page, and write the PDF to `out` (A4, portrait or
    landscape for wide registers)."""
    if not versions:
        raise ValueError("a report needs at least one version")
    register_fonts()
    generated = generated or dt.datetime.now().astimezone()
    target = str(out) if isinstance(out, Path) else out
    size = turned(PAGE_SIZE) if landscape else PAGE_SIZE
    doc = BaseDocTemplate(
        target,
        pagesize=size,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=clean(versions[0].title),
        author=clean(operator),
        subject=clean(subject),
        creator="Dostyq Desk",
        lang=versions[0].lang,
        initialFontName=REGULAR,
    )
    frame = Frame(
        LEFT_MARGIN,
        BOTTOM_MARGIN,
        size[0] - LEFT_MARGIN - RIGHT_MARGIN,
        size[1] - TOP_MARGIN - BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story: list[Flowable] = []
    for index, version in enumerate(versions):
        if index:
            story.append(PageBreak())
        story.append(_VersionStart(index))
        story.extend(version.flowables)

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        return _DecoratedCanvas(*args, versions=versions, operator=operator, generated=generated, **kwargs)

    doc.build(story, canvasmaker=canvasmaker)
