"""The scripts a report prints: Kazakh in Latin for a kk-Latn version, and (see `reports.fallback`) the fonts
for every other script.

A kk-Latn version is the Kazakh one printed in the Latin alphabet of 2021: its strings come from the generated
kk-Latn catalog, and every value it prints (names entered in Cyrillic, reference terms, dates) is transliterated
with `desk.domain.latin.to_latin` while the version is built. A name stored in Latin is printed as it is.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from desk.domain.latin import KK_LATN, to_latin

_latin: contextvars.ContextVar[bool] = contextvars.ContextVar("desk_report_latin", default=False)


@contextlib.contextmanager
def printing(lang: str) -> Iterator[None]:
    """While a version in `lang` is built: values printed in Latin when it is kk-Latn."""
    token = _latin.set(lang == KK_LATN)
    try:
        yield
    finally:
        _latin.reset(token)


def in_latin() -> bool:
    return _latin.get()


def for_print(value: str) -> str:
    """The value in the script of the version being built."""
    return to_latin(value) if _latin.get() else value
