"""Rebuild the bundled fallback fonts of the reports (resources/fonts) from Debian's font packages, subset with
fontTools (`pip install -e '.[build]'`):

    apt-get install --no-install-recommends fonts-noto-core fonts-wqy-microhei fonts-symbola
    python tools/fonts.py

Noto Sans Arabic, Hebrew, Georgian and Armenian are copied as they are (small, OFL); WenQuanYi Micro Hei's first
face is kept for CJK and Hangul only (Apache 2.0); Symbola for punctuation, symbols and emoji (free for any use).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = [
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x30FF),
    (0x3100, 0x312F),
    (0x3130, 0x318F),
    (0x31A0, 0x31FF),
    (0x3200, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
]
SYMBOLS = [
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x2000, 0x2BFF),
    (0x1F000, 0x1FAFF),
    (0x2E00, 0x2E7F),
    (0xFE00, 0xFE0F),
]


def _subset(source: Path, target: Path, ranges: list[tuple[int, int]]) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={c for a, b in ranges for c in range(a, b + 1)})
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main() -> int:
    for script in ("Arabic", "Hebrew", "Georgian", "Armenian"):
        shutil.copyfile(NOTO / f"NotoSans{script}-Regular.ttf", OUT / f"NotoSans{script}-Regular.ttf")
    first = OUT / "wqy-face0.ttf"
    TTCollection("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").fonts[0].save(str(first))
    _subset(first, OUT / "WenQuanYiMicroHei-CJK.ttf", CJK)
    first.unlink()
    _subset(
        Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),
        OUT / "Symbola-Symbols.ttf",
        SYMBOLS,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
