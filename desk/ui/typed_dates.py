"""Reading a date as a clerk types or pastes it: 15.11.2026, 5.1.26, 2026-11-15 (ISO, also with a time after it,
as a spreadsheet pastes it), 15112026, and the language's own short pattern (11/15/2026 in English).

Pure Python (no Qt, no system locale): the same text gives the same date on every PC, whatever Windows' regional
settings are. A dotted or dashed day-first date is read day first in every language (Kazakhstan writes dates so);
only a slashed date follows the order of the language's pattern.
"""

from __future__ import annotations

import datetime as dt
import re

FIRST_YEAR = 1900
LAST_YEAR = 2100


class PartialDate(ValueError):
    """Day, month or year missing (or a year of one or three digits)."""


class NoSuchDate(ValueError):
    """Three numbers that make no day of the calendar (31.02.2026, month 13), or a year out of range."""


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]*)?$")


def _year(text: str, today: dt.date) -> int:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        year = 2000 + int(text)
        # A two-digit year is this century unless that is more than 20 years ahead (a birth date "85" is 1985).
        return year if year <= today.year + 20 else year - 100
    raise PartialDate(text)


def _make(year: int, month: int, day: int) -> dt.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NoSuchDate(f"{year}")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise NoSuchDate(str(exc)) from exc


def month_first(qt_pattern: str) -> bool:
    """Whether a language's pattern ("MM/dd/yyyy") puts the month before the day."""
    return qt_pattern.find("M") < qt_pattern.find("d")


def parse_typed_date(
    text: str, qt_pattern: str = "dd.MM.yyyy", today: dt.date | None = None
) -> dt.date | None:
    """The date in `text`; None for an empty text. Raises PartialDate or NoSuchDate."""
    today = today or dt.date.today()
    text = text.strip().replace("\u00a0", " ")
    if not text:
        return None
    iso = _ISO.match(text)
    if iso:
        return _make(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    if text.isdigit():
        if len(text) == 8:  # 15112026
            return _make(int(text[4:]), int(text[2:4]), int(text[:2]))
        if len(text) == 6:  # 151126
            return _make(_year(text[4:], today), int(text[2:4]), int(text[:2]))
        raise PartialDate(text)
    parts = [p for p in re.split(r"[./\-\s,]+", text) if p]
    if not all(p.isdigit() for p in parts):
        raise PartialDate(text)
    if len(parts) != 3:
        raise PartialDate(text)
    if len(parts[0]) == 4:  # 2026.11.15, 2026/11/15
        return _make(int(parts[0]), int(parts[1]), int(parts[2]))
    first, second, year_text = parts
    if len(first) > 2 or len(second) > 2:
        raise NoSuchDate(text)
    year = _year(year_text, today)
    if "/" in text and month_first(qt_pattern):
        return _make(year, int(first), int(second))
    return _make(year, int(second), int(first))


def format_typed_date(value: dt.date, qt_pattern: str) -> str:
    """`value` in a Qt pattern made of dd, MM and yyyy (what qt_date_format gives)."""
    return (
        qt_pattern.replace("yyyy", f"{value.year:04d}")
        .replace("MM", f"{value.month:02d}")
        .replace("dd", f"{value.day:02d}")
    )
