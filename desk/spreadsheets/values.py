"""Forgiving reading of what real spreadsheets hold: dates as text in local forms or as Excel serial numbers,
numbers stored as text, IINs and BINs that lost their leading zeros, yes/no in three languages, and reference
values written in Kazakh, Russian or English, singular or plural, with or without the Kazakh letters.

Every parser takes a raw cell (str, int, float, bool, datetime or None) and returns the value or raises
`CellError` with a message in the current language.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Iterable
from importlib import resources

from desk.domain import identifiers, reference
from desk.domain.text import fold
from desk.i18n import _


class CellError(ValueError):
    """A cell that cannot be read; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[\"'«»“”„.,:;()\[\]/\\№#*_\-–—!?]+")


def norm(text: str) -> str:
    """Folded, without punctuation, single-spaced: the form headers and reference values are compared in."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(str(text)))).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- text --------------------------------------------------------------------------------------------------------


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    out = str(value).strip()
    if out.startswith("'") and len(out) > 1 and out[1] in "=+-@\t\r":
        out = out[1:]  # our own protection against formula injection (desk.spreadsheets.exporter)
    return out


_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")


def language_of(name: str) -> str:
    """'kk' when the text has Kazakh letters, 'ru' for other Cyrillic, else 'en'."""
    if any(ch in _KAZAKH_LETTERS for ch in name):
        return "kk"
    if _CYRILLIC.search(name):
        return "ru"
    return "en"


# Kazakh header words written without a Kazakh letter ("Атауы", "Аудан"): a header's language is decided by its
# words, a Kazakh letter, or Latin letters; anything else in Cyrillic is Russian.
_KAZAKH_HEADER_WORDS = frozenset(
    {
        "атауы",
        "атау",
        "аудан",
        "ауданы",
        "аты",
        "тегі",
        "жөні",
        "мекенжайы",
        "мекенжай",
        "ұлты",
        "ұйым",
        "ұйымның",
        "бірлестік",
        "бірлестіктің",
        "шара",
        "шараның",
        "орталығы",
        "қала",
        "қаласы",
    }
)
_KAZAKH_HEADER_FOLDED = frozenset(fold(w) for w in _KAZAKH_HEADER_WORDS)


def header_language(header: str) -> str | None:
    """The language a column's header is written in ('kk', 'ru', 'en'), None without letters. A name read from a
    column goes into that language's field, whatever letters the name itself has."""
    if any(ch in _KAZAKH_LETTERS for ch in header):
        return "kk"
    if _KAZAKH_HEADER_FOLDED & set(norm(header).split()):
        return "kk"
    if _CYRILLIC.search(header):
        return "ru"
    if re.search(r"[A-Za-z]", header):
        return "en"
    return None


def split_full_name(value: str) -> tuple[str, str, str]:
    """'Ким Ольга Петровна' → surname, given name, patronymic (Kazakh '…ұлы/…қызы' stays one word)."""
    parts = value.split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return parts[0], "", ""
    return parts[0], parts[1], " ".join(parts[2:])


def split_list(value: object, separators: str = ",;/") -> list[str]:
    """'культура; молодёжь, СМИ' → the items (separated by , ; / or line breaks)."""
    pattern = "[" + re.escape(separators) + "\n\r]+"
    return [p.strip() for p in re.split(pattern, text(value)) if p.strip()]


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def record_id(value: object) -> str | None:
    """A record id as this program writes it (exports carry it); anything else is refused, never guessed."""
    if is_blank(value):
        return None
    raw = text(value).lower()
    if not _UUID.fullmatch(raw):
        raise CellError(
            _(
                "“{value}” is not a record id written by this program: leave the ID column empty or "
                "leave it out of the mapping."
            ).format(value=text(value))
        )
    return raw


# --- numbers -----------------------------------------------------------------------------------------------------

_CURRENCY = re.compile(r"(тг|тенге|теңге|₸|kzt|tenge)\.?$", re.IGNORECASE)


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise CellError(_("Expected a number, found “{value}”.").format(value=text(value)))
    if isinstance(value, int | float):
        return float(value)
    raw = text(value)
    s = _CURRENCY.sub("", raw.replace("\u00a0", " ").replace("\u202f", " ").strip()).strip()
    s = re.sub(r"[\s']", "", s)
    if "," in s and "." in s:
        s = s.replace(",", "") if s.rfind(".") > s.rfind(",") else s.replace(".", "").replace(",", ".")
    elif "," in s:
        s = s.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+", s) else s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        raise CellError(
            _("Expected a number such as 200 or 1 500, found “{value}”.").format(value=raw)
        ) from None


_COUNT_UNITS = re.compile(
    r"\s*(чел|человек|человека|участник\w*|адам|кісі|people|persons|participants|pers)\.?$", re.IGNORECASE
)
_APPROXIMATE = re.compile(
    r"(около|примерно|приблизительно|более|свыше|менее|до|порядка|шамамен|астам|кем|about|"
    r"approx\w*|over|more than|less than|under|~|≈|>|<|\+$|\d\s*[-–—]\s*\d)",
    re.IGNORECASE,
)


def integer(value: object) -> int | None:
    """A whole number; '1 200', '1200.0', '1,200' and '200 чел.' are accepted. An estimate ("около 200",
    "200+", "150-200") is refused: the register holds a count, and guessing one would change the value."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        raw = text(value)
        bare = _COUNT_UNITS.sub("", raw).strip()
        if _APPROXIMATE.search(fold(bare)):
            raise CellError(
                _("“{value}” is an estimate: enter the number itself, e.g. 200.").format(value=raw)
            )
        value = bare
    number = _number(value)
    if not number.is_integer():
        raise CellError(_("Expected a whole number, found “{value}”.").format(value=text(value)))
    return int(number)


def money(value: object) -> int | None:
    """An amount in tenge, rounded to whole tenge; '1 500 000 тг' is accepted."""
    if is_blank(value):
        return None
    return int(round(_number(value)))


# --- identifiers -------------------------------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"^\d([.,]\d+)?e\+?\d+$", re.IGNORECASE)


def identifier(value: object) -> str | None:
    """An IIN or BIN as 12 digits. A number that lost its leading zeros gets them back; a number Excel shows in
    scientific form (digits lost) is refused."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("Must be exactly {n} digits.").format(n=12))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Must be exactly {n} digits.").format(n=12))
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        return digits.zfill(12) if len(digits) <= 12 else digits
    raw = text(value).lstrip("'")
    if _SCIENTIFIC.match(raw.replace(" ", "")):
        raise CellError(
            _(
                "Excel turned the number into “{value}” and lost its digits: format the column as text "
                "and enter the number again."
            ).format(value=raw)
        )
    if re.fullmatch(r"\d+\.0+", raw):
        raw = raw.split(".")[0]
    digits = identifiers.normalize(raw)
    if len(digits) == 10 and digits.isdigit() and identifiers.has_valid_check_digit(digits.zfill(12)):
        digits = digits.zfill(12)
    return digits


# --- yes / no ---------------------------------------------------------------------------------------------------

_TRUE = {"да", "yes", "y", "true", "1", "иә", "ия", "+", "x", "х", "✓", "✔", "v", "истина", "ақиқат"}
_FALSE = {"нет", "no", "n", "false", "0", "жоқ", "-", "ложь", "жалған"}


def boolean(value: object) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    s = fold(text(value)).strip().rstrip(".")
    if s in {fold(w) for w in _TRUE}:
        return True
    if s in {fold(w) for w in _FALSE}:
        return False
    raise CellError(_("Expected yes or no, found “{value}”.").format(value=text(value)))


# --- dates -------------------------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MONTHS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("январ", "январь", "қаңтар", "jan")),
    (2, ("феврал", "ақпан", "feb")),
    (3, ("март", "наурыз", "mar")),
    (4, ("апрел", "сәуір", "apr")),
    (5, ("мая", "май", "мамыр", "may")),
    (6, ("июн", "маусым", "jun")),
    (7, ("июл", "шілде", "jul")),
    (8, ("август", "тамыз", "aug")),
    (9, ("сентябр", "қыркүйек", "sep")),
    (10, ("октябр", "қазан", "oct")),
    (11, ("ноябр", "қараша", "nov")),
    (12, ("декабр", "желтоқсан", "dec")),
)
_MONTH_STEMS = sorted(
    ((fold(stem), month) for month, stems in _MONTHS for stem in stems), key=lambda item: -len(item[0])
)
_DMY = re.compile(
    r"^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{4}|\d{2})(?:\s*(?:г|ж)\.?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_YMD = re.compile(r"^(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s*([^\W\d_]+)\.?,?\s*(\d{4})")
_MONTH_D_Y = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_Y_D_MONTH = re.compile(r"^(\d{4})\s*(?:ж\.?|жыл\w*)?\s+(\d{1,2})\s*([^\W\d_]+)")


def _month(word: str) -> int | None:
    folded = fold(word)
    for stem, month in _MONTH_STEMS:
        if folded == stem or (len(stem) >= 3 and folded.startswith(stem)):
            return month
    return None


def _year(text_year: str) -> int:
    year = int(text_year)
    if len(text_year) == 2:
        year += 2000 if year <= dt.date.today().year % 100 else 1900
    return year


def _make(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("“{value}” is not a real date.").format(value=raw)) from None


def date(value: object) -> dt.date | None:
    """A date from a date cell, an Excel serial number, or text: 05.03.2021, 5/3/2021, 2021-03-05,
    5 марта 2021, 2021 жылғы 5 наурыз, March 5, 2021. Day before month, as in Kazakhstan."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(_("Expected a date, found “{value}”.").format(value=text(value)))
    if isinstance(value, int | float):
        return _serial(value, text(value))
    raw = text(value)
    s = raw.strip().rstrip(".")
    if re.fullmatch(r"\d{5}(\.0+)?", s):
        return _serial(float(s), raw)
    if re.fullmatch(r"\d{4}", s):
        raise CellError(_("Only a year, “{value}”: enter the full date.").format(value=raw))
    if m := _DMY.match(s):
        return _make(_year(m.group(3)), int(m.group(2)), int(m.group(1)), raw)
    if m := _YMD.match(s):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw)
    if (m := _D_MONTH_Y.match(s)) and (month := _month(m.group(2))):
        return _make(int(m.group(3)), month, int(m.group(1)), raw)
    if (m := _MONTH_D_Y.match(s)) and (month := _month(m.group(1))):
        return _make(int(m.group(3)), month, int(m.group(2)), raw)
    if (m := _Y_D_MONTH.match(s)) and (month := _month(m.group(3))):
        return _make(int(m.group(1)), month, int(m.group(2)), raw)
    if re.search(r"\d\s*[-–—]\s*\d", s) or re.search(r"\b(по|до|to)\b", s):
        raise CellError(
            _("“{value}” is a range of dates: this column takes one date, such as 05.03.2021.").format(
                value=raw
            )
        )
    raise CellError(_("Expected a date such as 05.03.2021, found “{value}”.").format(value=raw))


_RANGE_DASH = re.compile(r"\s*(?:[-–—]|\bпо\b|\bдо\b|\bto\b|\bдейін\b)\s*")
_RANGE_FROM = re.compile(r"^(?:с|со|from|от)\s+", re.IGNORECASE)


def date_range(value: object) -> tuple[dt.date | None, dt.date | None]:
    """A date or a range in one cell: "12.05.2024", "12-14.05.2024", "12–14 мая 2024", "30.05-02.06.2024",
    "12.05.2024 - 14.05.2024", "с 12 по 14 мая 2024" → (start, end or None)."""
    if is_blank(value) or not isinstance(value, str):
        return date(value), None
    raw = text(value)
    s = _RANGE_FROM.sub("", raw.strip().rstrip("."))
    s = _RANGE_DASH.sub("-", s)
    if "-" not in s.strip("-") or re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", s):
        return date(value), None
    left, _sep, right = s.partition("-")
    left, right = left.strip(), right.strip()
    expected = _(
        "Expected a date such as 05.03.2021 or a range such as 12–14.05.2024, found “{value}”."
    ).format(value=raw)
    try:
        end = date(right)
    except CellError:
        raise CellError(expected) from None
    if end is None:
        raise CellError(expected)
    try:
        start = date(left)
    except CellError:
        m = re.fullmatch(r"(\d{1,2})(?:[./](\d{1,2})|\s*([^\W\d_]+)\.?)?", left)
        word_month = _month(m.group(3)) if m is not None and m.group(3) else None
        if m is None or (m.group(3) and word_month is None):
            raise CellError(expected) from None
        month = int(m.group(2)) if m.group(2) else (word_month or end.month)
        year = end.year - 1 if month > end.month else end.year
        start = _make(year, month, int(m.group(1)), raw)
    if start is None or end < start:
        raise CellError(_("The range “{value}” ends before it starts.").format(value=raw))
    return start, end


def moment(value: object) -> dt.datetime | None:
    """A moment as exports write it ("2025-03-12 10:15:00+00:00"), or a date cell; UTC when no zone is given."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        found = value
    elif isinstance(value, dt.date):
        found = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            found = dt.datetime.fromisoformat(text(value))
        except ValueError:
            day = date(value)
            if day is None:
                return None
            found = dt.datetime(day.year, day.month, day.day)
    return found if found.tzinfo else found.replace(tzinfo=dt.UTC)


def _serial(number: float, raw: str) -> dt.date:
    if 1800 <= number <= 2100 and float(number).is_integer():
        raise CellError(_("Only a year, “{value}”: enter the full date.").format(value=raw))
    if not 1 <= number < 2958466:
        raise CellError(_("Expected a date such as 05.03.2021, found “{value}”.").format(value=raw))
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


# --- reference values --------------------------------------------------------------------------------------------


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class Matcher:
    """Finds the code (or id) for a name written any of several ways.

    Exact match on the normalised forms first; then the one candidate sharing the longest beginning with the
    value (at least 5 letters and most of the shorter word), which forgives plural and singular, adjectives and
    endings ("корейцы", "кореец", "Корей", "Korean" all find korean)."""

    def __init__(self, variants: Iterable[tuple[str, str]] = ()) -> None:
        self._exact: dict[str, str | None] = {}
        self._forms: list[tuple[str, str]] = []
        for form, code in variants:
            self.add(form, code)

    def add(self, form: str, code: str) -> None:
        key = norm(form)
        if not key:
            return
        if key in self._exact and self._exact[key] != code:
            self._exact[key] = None  # two codes share this form: only the caller can tell
        else:
            self._exact[key] = code
        self._forms.append((key, code))

    def find(self, value: str) -> str | None:
        key = norm(value)
        if not key:
            return None
        if key in self._exact:
            return self._exact[key]
        best, codes = 0, set()
        for form, code in self._forms:
            n = _common_prefix(key, form)
            if n < 5 or n < 0.6 * min(len(key), len(form)):
                continue
            if n > best:
                best, codes = n, {code}
            elif n == best:
                codes.add(code)
        return codes.pop() if len(codes) == 1 else None


ETHNIC_FORMS_FILE = "ethnic_group_forms.csv"


@functools.cache
def ethnic_group_forms() -> dict[str, tuple[str, ...]]:
    """code → the forms of `data/ethnic_group_forms.csv` (women's nouns, Kazakh singulars and plurals, other
    spellings): what a clerk may write for an ethnic group is a table in data, not code."""
    raw = resources.files("desk.spreadsheets").joinpath("data", ETHNIC_FORMS_FILE).read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    rows = csv.reader((ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")), delimiter=";")
    next(rows, None)  # the header
    for row in rows:
        if len(row) >= 2 and row[0].strip() and row[1].strip():
            out.setdefault(row[0].strip(), []).append(row[1].strip())
    return {code: tuple(forms) for code, forms in out.items()}


def term_matcher(
    terms: tuple[reference.Term, ...], aliases: dict[str, tuple[str, ...]] | None = None
) -> Matcher:
    """A matcher over a code list: codes, names in three languages (also without a bracketed part), the forms
    of an ethnic group (singular, attributive, adjectives), and extra aliases."""
    m = Matcher()
    for t in terms:
        forms = [t.code, t.code.replace("_", " "), t.kk, t.ru, t.en]
        if isinstance(t, reference.EthnicGroup):
            forms += [t.ru_singular, t.kk_attr, t.ru_adj, t.ru_adj_n, t.ru_adj_f, t.en_adj]
            forms += ethnic_group_forms().get(t.code, ())
        forms += [re.sub(r"\(.*?\)", "", f) for f in forms if "(" in f]
        for form in forms:
            if form:
                m.add(form, t.code)
        for alias in (aliases or {}).get(t.code, ()):
            m.add(alias, t.code)
    return m


_PLACE_WORDS = re.compile(
    r"\b(район|района|ауданы|аудан|district|р н|город|города|г|қаласы|қ|city|имени|атындағы)\b"
)


def place_forms(*names: str) -> list[str]:
    """The names of a district plus the same without 'район', 'ауданы', 'District', 'город', …"""
    out = []
    for name in names:
        if name:
            out.append(name)
            bare = _SPACES.sub(" ", _PLACE_WORDS.sub(" ", norm(name))).strip()
            if bare:
                out.append(bare)
    return out
