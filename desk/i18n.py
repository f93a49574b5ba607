"""Languages: gettext helpers (`_`, `N_`, `ngettext`), the current language, and CLDR formatting via Babel.

Catalogs live in `i18n/<lang>/LC_MESSAGES/desk.po`. The compiled `.mo` files are built (`tools/i18n.py compile`,
run by the set-up script and the build); when a `.mo` is missing or older than its `.po`, the `.po` is read
directly, so a fresh checkout always shows the right text.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `desk list` starts light (issue 16)
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from decimal import Decimal
    from pathlib import Path

    from babel import Locale

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en", "kk-Latn")
LANGUAGE_NAMES: dict[str, str] = {
    "kk": "Қазақша",
    "kk-Latn": "Qazaqşa (latyn)",
    "ru": "Русский",
    "en": "English",
}
KK_LATN = "kk-Latn"
"""Kazakh in the Latin alphabet of 2021: its catalog, names and dates are the Kazakh ones transliterated
(`desk.domain.latin`); records keep their names in the data languages kk, ru and en."""
DATA_LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
DOMAIN = "desk"


def data_language(lang: str) -> str:
    """The language whose stored names and sort keys `lang` shows: Kazakh for kk-Latn."""
    return "kk" if lang == KK_LATN else lang


def catalog_name(lang: str) -> str:
    """The folder of a language's catalog: `kk_Latn` for kk-Latn (a POSIX locale name)."""
    return lang.replace("-", "_")


def catalog_dir() -> Path:
    """The folder holding the catalogs, in a checkout, an installed wheel and a PyInstaller build."""
    from desk.paths import catalog_dir as located

    return located()


class _PoTranslations(_gettext.NullTranslations):
    """Translations read straight from a .po file (used when no up-to-date .mo exists)."""

    def __init__(self, po_path: Path) -> None:
        super().__init__()
        from babel.messages.pofile import read_po

        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        self._plural = _gettext.c2py(catalog.plural_expr or "(n != 1)")
        self._messages: dict[str, str | tuple[str, ...]] = {}
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            self._messages[key] = message.string if isinstance(message.string, str) else tuple(message.string)

    def gettext(self, message: str) -> str:
        found = self._messages.get(message)
        if isinstance(found, str) and found:
            return found
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = self._messages.get(msgid1)
        if isinstance(found, tuple) and found:
            index = self._plural(n)
            if 0 <= index < len(found) and found[index]:
                return found[index]
        return msgid1 if n == 1 else msgid2


class _LatinTranslations(_gettext.NullTranslations):
    """kk-Latn read from the Kazakh catalog, each message transliterated (a checkout before `tools/i18n.py
    compile` built the kk_Latn catalog; the build always has it)."""

    def __init__(self, kazakh: _gettext.NullTranslations) -> None:
        super().__init__()
        self._kazakh = kazakh

    def gettext(self, message: str) -> str:
        from desk.domain.latin import to_latin_message

        found = self._kazakh.gettext(message)
        return found if found == message else to_latin_message(found)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        from desk.domain.latin import to_latin_message

        found = self._kazakh.ngettext(msgid1, msgid2, n)
        return found if found in (msgid1, msgid2) else to_latin_message(found)


_cache: dict[str, _gettext.NullTranslations] = {}


def translations(lang: str) -> _gettext.NullTranslations:
    """The translations of `lang`, loaded once."""
    if lang not in _cache:
        base = catalog_dir() / catalog_name(lang) / "LC_MESSAGES"
        mo, po = base / f"{DOMAIN}.mo", base / f"{DOMAIN}.po"
        trans: _gettext.NullTranslations
        if lang == KK_LATN:
            # generated from the Kazakh catalog: stale when the Kazakh .po changed after it was built
            po = catalog_dir() / "kk" / "LC_MESSAGES" / f"{DOMAIN}.po"
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as fh:
                trans = _gettext.GNUTranslations(fh)
            # The empty msgid is the catalog's header: `_("")` (an empty label) must stay empty, not show the header.
            trans._catalog.pop("", None)  # type: ignore[attr-defined]  # private, not in the stubs
        elif lang == KK_LATN:
            trans = _LatinTranslations(translations("kk"))
        elif po.exists():
            trans = _PoTranslations(po)
        else:
            trans = _gettext.NullTranslations()
        _cache[lang] = trans
    return _cache[lang]


def reload_catalogs() -> None:
    """Forget loaded catalogs (after they were rebuilt)."""
    _cache.clear()


# Windows names a locale in words ("Russian_Russia.1251", "Kazakh_Kazakhstan", "English_United States"), and its
# API in language ids (LANGID: the primary language in the low 10 bits).
_WINDOWS_NAMES: dict[str, str] = {"kazakh": "kk", "russian": "ru", "english": "en"}
_WINDOWS_PRIMARY_LANGIDS: dict[int, str] = {0x3F: "kk", 0x19: "ru", 0x09: "en"}


def language_of(value: str) -> str | None:
    """One of our languages from a locale name in POSIX ("kk_KZ.UTF-8", "ru:en"), BCP 47 ("kk-KZ") or Windows
    ("Kazakh_Kazakhstan.1251") form; None when it is none of ours."""
    first = value.split(":")[0].strip()
    lowered = first.replace("-", "_").lower()
    if lowered.startswith("kk_latn") or (lowered.startswith("kk") and "@latin" in lowered):
        return KK_LATN
    code = lowered.split("_")[0].split(".")[0].split("@")[0]
    if code in LANGUAGES:
        return code
    return _WINDOWS_NAMES.get(code)


def language_of_langid(langid: int) -> str | None:
    """One of our languages from a Windows language id (0x043F Kazakh, 0x0419 Russian, 0x0409 English US …)."""
    return _WINDOWS_PRIMARY_LANGIDS.get(langid & 0x3FF)


def _on_windows() -> bool:
    return os.name == "nt"


def _windows_ui_languages() -> list[str]:
    """The Windows display language, then the user's locale (GetUserDefaultUILanguage, GetUserDefaultLCID)."""
    found: list[str] = []
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only (else AttributeError)
        for langid in (kernel32.GetUserDefaultUILanguage(), kernel32.GetUserDefaultLCID() & 0xFFFF):
            lang = language_of_langid(int(langid))
            if lang is not None:
                found.append(lang)
    except (AttributeError, OSError):
        pass
    return found


def system_language() -> str:
    """The operating system's language if it is one of ours, else Russian. A language set on purpose in the
    environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) comes first; on Windows, where those are rarely set, the
    Windows display language follows; then the locale Python reports (a Windows name such as "Kazakh_Kazakhstan")."""
    candidates = [os.environ.get(var, "") for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    for value in candidates:
        lang = language_of(value) if value else None
        if lang is not None:
            return lang
    if _on_windows():
        windows = _windows_ui_languages()
        if windows:
            return windows[0]
    try:
        lang = language_of(locale.getlocale()[0] or "")
    except ValueError:
        lang = None
    return lang or "ru"


_current = system_language()
_listeners: list[Callable[[str], None]] = []


def current_language() -> str:
    return _current


def set_language(lang: str) -> None:
    """Switch the language of every later `_()` call and tell the listeners (the UI retranslates)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang
    for listener in list(_listeners):
        listener(lang)


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call `listener(lang)` after each switch; returns a function that removes it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def _(message: str) -> str:
    """Translate to the current language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count, using the current language's plural rules."""
    return translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it later with `_()`."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a module-level message with a count for extraction (as ngettext's); translate it later with
    `ngettext`/`ngettext_for(lang)(singular, plural, n)`."""
    return singular, plural


def gettext_for(lang: str) -> Callable[[str], str]:
    """A `_` bound to one language, for reports printed in a language other than the window's."""
    return translations(lang).gettext


def ngettext_for(lang: str) -> Callable[[str, str, int], str]:
    return translations(lang).ngettext


# --- CLDR formatting -------------------------------------------------------------------------------------------


def babel_locale(lang: str | None = None) -> Locale:
    """The CLDR locale of `lang`; CLDR has no kk-Latn: its patterns are the Kazakh ones (the words are ours,
    see `_latin`)."""
    from babel import Locale  # imported when first needed: a start that formats nothing does without Babel

    return Locale.parse(data_language(lang or _current))


def _latin(lang: str | None, formatted: str) -> str:
    """kk-Latn: Kazakh CLDR output with its words (month names, "ж.") in Latin, from our table."""
    if (lang or _current) != KK_LATN:
        return formatted
    from desk.domain.latin import to_latin

    return to_latin(formatted)


def format_date(value: dt.date | None, lang: str | None = None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    from babel import dates as babel_dates

    return _latin(lang, babel_dates.format_date(value, format=fmt, locale=babel_locale(lang)))


def format_datetime(value: dt.datetime | None, lang: str | None = None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    from babel import dates as babel_dates

    return _latin(lang, babel_dates.format_datetime(value, format=fmt, locale=babel_locale(lang)))


def format_moment(value: dt.datetime | None, lang: str | None = None) -> str:
    """A moment as the window shows it everywhere: the medium date (four-digit year) and the time, in local time."""
    if value is None:
        return ""
    from babel import dates as babel_dates

    local = value.astimezone() if value.tzinfo is not None else value
    time = _latin(lang, babel_dates.format_time(local, format="short", locale=babel_locale(lang)))
    return f"{format_date(local.date(), lang)}, {time}"


def format_number(value: int | float | Decimal | None, lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel import numbers as babel_numbers

    if (lang or _current) == KK_LATN:
        return _latin_number(babel_numbers.format_decimal(value, locale="en"))
    return babel_numbers.format_decimal(value, locale=babel_locale(lang))


def format_percent(value: float | None, lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel import numbers as babel_numbers

    if (lang or _current) == KK_LATN:
        return _latin_number(babel_numbers.format_percent(value, locale="en"))
    return babel_numbers.format_percent(value, locale=babel_locale(lang))


def format_money(value: int | Decimal | None, lang: str | None = None) -> str:
    """An amount in tenge."""
    if value is None:
        return ""
    from babel import numbers as babel_numbers

    if (lang or _current) == KK_LATN:
        from desk.domain.latin import number_symbols

        amount = _latin_number(babel_numbers.format_decimal(value, format="#,##0.00", locale="en"))
        return f"{amount}\u00a0{number_symbols()['currency']}"
    return babel_numbers.format_currency(value, "KZT", locale=babel_locale(lang))


def quarter_name(year: int, quarter: int, lang: str | None = None) -> str:
    """'Q3 2025' in the language's CLDR words ("3-я четверть" style is not CLDR: we use its quarter names)."""
    if (lang or _current) == KK_LATN:
        from desk.domain.latin import quarter_word

        return f"{quarter_word(quarter)} {year}"
    loc = babel_locale(lang)
    name = loc.quarters["format"]["wide"][quarter]
    return f"{name} {year}"


def month_name(month: int, lang: str | None = None, width: str = "abbreviated") -> str:
    if (lang or _current) == KK_LATN:
        from desk.domain.latin import month_name as latin_month

        return latin_month(month, width)
    return babel_locale(lang).months["stand-alone"][width][month]


def _latin_number(english: str) -> str:
    """A number CLDR formatted the English way (1,234.5) written with kk-Latn's symbols (our data)."""
    from desk.domain.latin import number_symbols

    symbols = number_symbols()
    swap = {",": symbols["group"], ".": symbols["decimal"], "%": symbols["percent"]}
    return "".join(swap.get(ch, ch) for ch in english)
