"""IIN and BIN: the 12-digit identification numbers of persons and organisations, with their check digit."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

_WEIGHTS_1 = tuple(range(1, 12))
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first11: str) -> int | None:
    """The check digit for the first 11 digits, or None when no digit is possible (the number is invalid)."""
    digits = [int(c) for c in first11]
    total = sum(w * d for w, d in zip(_WEIGHTS_1, digits, strict=True)) % 11
    if total == 10:
        total = sum(w * d for w, d in zip(_WEIGHTS_2, digits, strict=True)) % 11
        if total == 10:
            return None
    return total


def normalize(number: str) -> str:
    """Strip spaces and dashes; restore a leading zero a spreadsheet dropped from an 11-digit number."""
    digits = "".join(ch for ch in str(number) if not ch.isspace() and ch != "-")
    if len(digits) == 11 and digits.isdigit():
        digits = "0" + digits
    return digits


def has_valid_check_digit(number: str) -> bool:
    if len(number) != 12 or not number.isdigit():
        return False
    expected = check_digit(number[:11])
    return expected is not None and expected == int(number[11])


@dataclass(frozen=True)
class IinInfo:
    birth_date: dt.date
    sex: str  # "m" or "f"


_CENTURY = {
    "1": (1800, "m"),
    "2": (1800, "f"),
    "3": (1900, "m"),
    "4": (1900, "f"),
    "5": (2000, "m"),
    "6": (2000, "f"),
}


class IdentifierError(ValueError):
    """Why a number is not a valid IIN or BIN; `reason` is a stable code the caller turns into words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_iin(number: str) -> IinInfo:
    """Check an IIN and return the birth date and sex it carries; raise IdentifierError otherwise."""
    if len(number) != 12 or not number.isdigit():
        raise IdentifierError("length")
    century = _CENTURY.get(number[6])
    if century is None:
        raise IdentifierError("century")
    try:
        born = dt.date(century[0] + int(number[0:2]), int(number[2:4]), int(number[4:6]))
    except ValueError:
        raise IdentifierError("date") from None
    if not has_valid_check_digit(number):
        raise IdentifierError("check_digit")
    return IinInfo(birth_date=born, sex=century[1])


def parse_bin(number: str) -> dt.date:
    """Check a BIN and return the first day of its registration month; raise IdentifierError otherwise."""
    if len(number) != 12 or not number.isdigit():
        raise IdentifierError("length")
    month = int(number[2:4])
    if not 1 <= month <= 12:
        raise IdentifierError("date")
    if number[4] not in "456":  # kind of entity: resident legal entity, non-resident, joint entrepreneurship
        raise IdentifierError("kind")
    if number[5] not in "0123":  # head office, branch, representative office, peasant farm
        raise IdentifierError("kind")
    if not has_valid_check_digit(number):
        raise IdentifierError("check_digit")
    year = int(number[0:2])
    year += 2000 if year <= dt.date.today().year % 100 else 1900
    return dt.date(year, month, 1)


def _pair_tables(weights: tuple[int, ...]) -> list[dict[str, int]]:
    """For each pair of positions, the weighted sum of every two-digit text there (the last table: one digit)."""
    out = []
    for start in range(0, 11, 2):
        w = weights[start : start + 2]
        if len(w) == 2:
            out.append({f"{a}{b}": w[0] * a + w[1] * b for a in range(10) for b in range(10)})
        else:
            out.append({str(a): w[0] * a for a in range(10)})
    return out


_PAIRS_1 = _pair_tables(_WEIGHTS_1)
_PAIRS_2 = _pair_tables(_WEIGHTS_2)


def _weighted(number: str, pairs: list[dict[str, int]]) -> int:
    """The weighted sum of the first 11 digits mod 11, two digits per table lookup."""
    a, b, c, d, e, f = pairs
    return (
        a[number[0:2]] + b[number[2:4]] + c[number[4:6]] + d[number[6:8]] + e[number[8:10]] + f[number[10]]
    ) % 11


def _birth_problem(head: str) -> str | None:
    """Why the first seven digits of an IIN name no birth day (as `parse_iin` says it), or None."""
    century = _CENTURY.get(head[6])
    if century is None:
        return "century"
    month, day = int(head[2:4]), int(head[4:6])
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS[month]:
        return "date"
    if month == 2 and day == 29 and not calendar.isleap(century[0] + int(head[0:2])):
        return "date"
    return None


_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def iin_contradiction(
    numbers: list[str | None], births: list[Any], sexes: list[Any]
) -> tuple[int, str] | None:
    """The first record whose birth date or sex contradicts its IIN (`iin_problems` passed: every IIN valid):
    (index, "birth_date" or "sex"), or None. A form fills both from the IIN and refuses a birth date that differs
    (desk.domain.record_checks.check_person); a central import refuses what a form would not have saved. Birth
    dates as a database column holds them (an ISO text or a date)."""
    heads: dict[str, tuple[str, str]] = {}  # the first seven digits → (the ISO birth day, the sex)
    for index, (number, born, sex) in enumerate(zip(numbers, births, sexes, strict=True)):
        if not number:
            continue
        head = number[:7]
        found = heads.get(head)
        if found is None:
            century, who = _CENTURY[head[6]]
            found = heads[head] = (f"{century + int(head[0:2]):04d}-{head[2:4]}-{head[4:6]}", who)
        if born is not None and (born if isinstance(born, str) else born.isoformat()) != found[0]:
            return index, "birth_date"
        if sex and sex != found[1]:  # (none given: not a contradiction)
            return index, "sex"
    return None


def iin_problems(numbers: list[str | None]) -> tuple[int, str] | None:
    """The first IIN of a column that `parse_iin` refuses (index, reason), or None: the same checks, at a tenth of
    the cost (a central import checks a region's 60,000 persons at once)."""
    born_ok: dict[str, str | None] = {}  # the first seven digits (birth day, century) → why they are wrong
    for index, number in enumerate(numbers):
        if not number:
            continue
        if len(number) != 12 or not number.isdigit() or not number.isascii():  # ASCII: the tables' digits
            return index, "length"
        head = number[:7]
        reason = born_ok.get(head, "?")
        if reason == "?":
            reason = _birth_problem(head)
            born_ok[head] = reason
        if reason is not None:
            return index, reason
        total = _weighted(number, _PAIRS_1)
        if total == 10:
            total = _weighted(number, _PAIRS_2)
            if total == 10:
                return index, "check_digit"
        if total != ord(number[11]) - 48:
            return index, "check_digit"
    return None


def make_iin(birth: dt.date, sex: str, serial: int) -> str | None:
    """Build a valid IIN (demo data and tests); None when the serial gives no check digit."""
    century = {1800: "1", 1900: "3", 2000: "5"}[birth.year // 100 * 100]
    if sex == "f":
        century = str(int(century) + 1)
    first11 = f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}{century}{serial % 10000:04d}"  # no strftime: Windows refuses %y before 1900
    digit = check_digit(first11)
    return None if digit is None else first11 + str(digit)


def make_bin(registered: dt.date, serial: int, kind: str = "4", office: str = "0") -> str | None:
    """Build a valid BIN (demo data and tests); None when the serial gives no check digit."""
    first11 = f"{registered.year % 100:02d}{registered.month:02d}{kind}{office}{serial % 100000:05d}"
    digit = check_digit(first11)
    return None if digit is None else first11 + str(digit)
