"""Where the program's own files are: fonts (`resources`) and translation catalogs (`i18n`).

Three places, first found wins:
- a PyInstaller build: `sys._MEIPASS/<name>`;
- an installed wheel: `desk/_data/<name>` (setup.py's build step copies `resources/` and the compiled catalogs there);
- a checkout (or an editable install): `<repo>/<name>`.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder `name` ("resources" or "i18n") wherever this copy of the program keeps it."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / name
    bundled = PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return PACKAGE.parent / name


def resources_dir() -> Path:
    return data_dir("resources")


def catalog_dir() -> Path:
    return data_dir("i18n")
