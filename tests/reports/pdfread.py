"""Helpers for the report tests: read a PDF back with poppler (pdftotext, pdffonts, pdftohtml), which the set-up
script installs (Debian's poppler-utils). On Windows poppler is not part of the system: install it (for example
`winget install oschwartz10612.Poppler`, or conda's `poppler`) and put its bin folder on PATH; without it these
tests are skipped with that reason (the project's Windows check reads the PDFs it makes with the Linux poppler)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None and os.name != "nt":
        pytest.fail(f"{tool} (poppler-utils) is not installed: bash tools/bootstrap.sh installs it")
    if found is None:
        pytest.skip(f"{tool} (poppler) is not installed; see tests/reports/pdfread.py for Windows")
    return found


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None, layout: bool = True) -> str:
    """The text of a PDF (or of some pages), spaces normalised (CLDR numbers use no-break spaces)."""
    args = [_poppler("pdftotext"), "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return out.replace("\u00a0", " ").replace("\u202f", " ")


def raw_text(path: Path) -> str:
    """The text in drawing order (the lines of one table cell stay together), whitespace squashed."""
    out = subprocess.run(
        [_poppler("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return squash(out.replace("\u00a0", " "))


def page_texts(path: Path) -> list[str]:
    """One text per page (pdftotext separates pages with a form feed)."""
    return pdf_text(path).split("\f")[:-1]


def fonts(path: Path) -> list[dict[str, str]]:
    lines = subprocess.run(
        [_poppler("pdffonts"), str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()
    out = []
    for line in lines[2:]:
        parts = line.split()
        # name type [type…] encoding emb sub uni object ID
        out.append({"name": parts[0], "emb": parts[-5], "uni": parts[-3]})
    return out


def outline(path: Path) -> list[tuple[int, str]]:
    """Top-level entries of the PDF outline: (page, title)."""
    xml = subprocess.run(
        [_poppler("pdftohtml"), "-xml", "-i", "-q", "-stdout", str(path)], capture_output=True, check=True
    ).stdout.decode("utf-8")
    match = re.search(r"<outline>(.*?)</outline>", xml, re.S)
    if not match:
        return []
    body = re.sub(r"<outline>.*?</outline>", "", match.group(1), flags=re.S)  # nested levels left out
    return [(int(p), t) for p, t in re.findall(r'<item page="(\d+)">(.*?)</item>', body)]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def past_quarter(today: dt.date | None = None) -> tuple[int, int]:
    """The last complete quarter before today: the demo data has every kind of record in it."""
    day = today or dt.date.today()
    year, quarter = day.year, (day.month - 1) // 3 + 1
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)
