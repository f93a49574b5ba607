"""The report fonts: Noto Sans regular and bold (every Kazakh letter), shipped in resources/fonts with the OFL.

The folder is found in a checkout (`<repo>/resources/fonts`) and in a PyInstaller build
(`sys._MEIPASS/resources/fonts`). The fonts are registered with ReportLab once; ReportLab embeds the subset of
glyphs a PDF uses, so the text extracts back intact.
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desk import paths

REGULAR = "DeskSans"
BOLD = "DeskSans-Bold"
_FILES = {REGULAR: "NotoSans-Regular.ttf", BOLD: "NotoSans-Bold.ttf"}


def resources_dir() -> Path:
    """The `resources` folder, in a checkout, an installed wheel and a PyInstaller build."""
    return paths.resources_dir()


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces (once) and return their names."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    if REGULAR not in registered:
        for name, filename in _FILES.items():
            path = fonts_dir() / filename
            if not path.exists():
                raise FileNotFoundError(f"report font missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        # reportlab.graphics starts every drawing in its default font: make that ours, so no unembedded
        # Helvetica is referenced by the charts.
        rl_config.defaultGraphicsFontName = REGULAR
    return REGULAR, BOLD
