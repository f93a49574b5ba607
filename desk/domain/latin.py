"""Kazakh in the Latin alphabet of 2021 (kk-Latn), and search keys that are the same in both scripts.

The letter table, the month and quarter names and the number symbols CLDR lacks for kk-Latn are kept in data,
`desk/domain/data/kazakh_latin.json` (documented there, tested letter by letter in tests/domain/test_latin.py).

`to_latin()` transliterates Kazakh Cyrillic (and Russian Cyrillic, with the 2021 rules for the letters Kazakh
dropped); everything else is left as it is, so a name already stored in Latin is kept. Casing follows the
alphabet, not Python: И is İ/i and І is I/ı, so "Иіс" is "İıs" and "ІНІ" is "INI".

`search_key()` turns a folded word of either script into one plain Latin key ("Қазақ", "Qazaq", "Kazak" → "kazak";
"Жұмабек", "Jūmabek", "Zhumabek" → "jumabek"): the search index stores and queries these keys.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

KK_LATN = "kk-Latn"
"""The language code of Kazakh in Latin (BCP 47)."""

DATA = Path(__file__).resolve().parent / "data" / "kazakh_latin.json"


@functools.cache
def table() -> dict[str, Any]:
    """The data file, read once."""
    return json.loads(DATA.read_text(encoding="utf-8"))


@functools.cache
def _letters() -> dict[str, tuple[str, str]]:
    """Cyrillic letter (either case) → (Latin form, is capital)."""
    out: dict[str, tuple[str, str]] = {}
    for capital, (upper, lower) in table()["letters"].items():
        out[capital] = (upper, "upper")
        out[capital.lower()] = (lower, "lower")
    return out


def latin_upper(text: str) -> str:
    """Capitals in the Kazakh Latin way: i → İ, ı → I (Python's upper() knows neither)."""
    return "".join("İ" if ch == "i" else "I" if ch == "ı" else ch.upper() for ch in text)


def to_latin(text: str) -> str:
    """`text` with every Cyrillic letter written in the 2021 Kazakh Latin alphabet; other characters unchanged."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    letters = _letters()
    out: list[str] = []
    for index, ch in enumerate(text):
        found = letters.get(ch)
        if found is None:
            out.append(ch)
            continue
        latin, case = found
        if case == "upper" and len(latin) > 1 and _next_is_capital(text, index):
            latin = latin_upper(latin)
        out.append(latin)
    return "".join(out)


def _next_is_capital(text: str, index: int) -> bool:
    """Whether a word in capitals goes on (ЮРИЙ → İURİİ), judged by the neighbouring letters."""
    for neighbour in (text[index + 1 : index + 2], text[index - 1 : index] if index else ""):
        if neighbour.isalpha():
            return neighbour.isupper()
    return False


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


_PROTECTED = re.compile(r"\{[^{}]*\}|%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[sdifr%]|%[sdifr%]|<[^<>]*>|&[#\w]+;")


def to_latin_message(message: str) -> str:
    """A catalog message in Latin, leaving its placeholders ({name}, %(n)s, %s), markup and entities as they are."""
    parts: list[str] = []
    last = 0
    for found in _PROTECTED.finditer(message):
        parts.append(to_latin(message[last : found.start()]))
        parts.append(found.group())
        last = found.end()
    parts.append(to_latin(message[last:]))
    return "".join(parts)


# --- calendar and numbers (CLDR has no kk-Latn) ------------------------------------------------------------------


def month_name(month: int, width: str = "wide") -> str:
    """The month's name (1–12); `abbreviated` or `wide`."""
    names = table()["months"]["abbreviated" if width == "abbreviated" else "wide"]
    return str(names[month - 1])


def quarter_word(quarter: int, width: str = "wide") -> str:
    names = table()["quarters"]["abbreviated" if width == "abbreviated" else "wide"]
    return str(names[quarter - 1])


def number_symbols() -> dict[str, str]:
    return dict(table()["numbers"])


# --- search keys ---------------------------------------------------------------------------------------------


@functools.cache
def _search_tables() -> tuple[dict[int, str], list[tuple[re.Pattern[str], str]]]:
    search = table()["search"]
    chars = {ord(k): v for k, v in {**search["cyrillic"], **search["latin"]}.items()}
    rules = [(re.compile(pattern), replacement) for pattern, replacement in search["spellings"]]
    return chars, rules


def _strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


@functools.lru_cache(maxsize=65536)
def search_key(word: str) -> str:
    """The key of one lower-case, folded word: Cyrillic and the Latin spellings of it meet at one plain form.
    Words of other scripts (Arabic, Chinese …) and digits are kept as they are."""
    if word.isdigit() and word.isascii():  # a number (an IIN): no letter to map, no spelling rule applies
        return word
    chars, rules = _search_tables()
    key = word.translate(chars)
    if not key.isascii():
        key = _strip_marks(key)
    if not key.isascii() or not key.isalnum():
        return key
    for pattern, replacement in rules:
        key = pattern.sub(replacement, key)
    return key
