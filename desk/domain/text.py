"""Text rules for Kazakh and Russian: search folding and alphabetical sort keys.

Search forgives text typed without the Kazakh letters: both the indexed text and the query are folded
(case first, then қ→к ғ→г ң→н ө→о ұ→у ү→у һ→х і→и ә→а ё→е), so "казак" finds "Қазақ";
then every word becomes a key shared by its Cyrillic and Latin spellings, so "Qazaq" finds it too.
Sorting follows the Kazakh alphabet, which contains the Russian one in its order.
"""

from __future__ import annotations

import re
import unicodedata

from desk.domain.latin import search_key

_FOLD = str.maketrans(
    {
        "қ": "к",
        "ғ": "г",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ә": "а",
        "ё": "е",
        # Latin look-alikes typed on the wrong layout inside Cyrillic words are left alone: they are rare
        # and folding them would merge real Latin names.
    }
)

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_SORT_BASE = 0xE000  # private-use block: after every ASCII letter and digit, before nothing we index
_SORT_MAP = {ch: chr(_SORT_BASE + i) for i, ch in enumerate(KAZAKH_ALPHABET)}
_SORT_TABLE = str.maketrans(_SORT_MAP)
_WORD = re.compile(r"\w+", re.UNICODE)
_LEADING_PUNCT = re.compile(r"^[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case `text` and replace the Kazakh letters by their plain Cyrillic neighbours."""
    text = unicodedata.normalize("NFC", text).casefold()
    return text.translate(_FOLD)


def fold_words(text: str) -> list[str]:
    """The folded words of `text`, as the search index stores and queries them: each as its search key, the same
    for Cyrillic and Latin spellings (`desk.domain.latin.search_key`: "Қазақ", "Qazaq" and "Kazak" meet)."""
    if text.isdigit() and text.isascii():  # one number (an IIN): its own key (`search_key`), nothing to fold
        return [text]
    # casefold() writes İ as i + combining dot above, which would split the word
    return [search_key(word) for word in _WORD.findall(fold(text).replace("\u0307", ""))]


def sort_key(text: str | None) -> str:
    """A string that sorts in Kazakh alphabetical order with plain binary comparison (portable SQL).

    Leading quotes and punctuation are skipped, so «Достық» sorts under Д.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _LEADING_PUNCT.sub("", text)
    return text.translate(_SORT_TABLE)
