"""What the centre derives itself from a bundle's rows: the sort keys and the search documents.

A bundle never carries them (they follow from the names, and the centre does not take them on trust). A large
bundle holds tens of thousands of persons whose surnames, given names and patronymics repeat: each part is
folded once and the results joined, which gives exactly `desk.domain.text.sort_key` and
`desk.store.search.body_of` of the joined name (a test holds them equal) at a fraction of the cost, because
neither folding nor the word split crosses the spaces between the parts.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence

from desk.domain.text import _LEADING_PUNCT, _SORT_TABLE, fold_words, sort_key


class NameFolding:
    """Sort keys and search bodies of names made of parts, with each distinct part folded once."""

    def __init__(self) -> None:
        self._words: dict[str, list[str]] = {}
        self._lower: dict[str, tuple[str, bool]] = {}
        self._keys: dict[str, str] = {}

    def words(self, part: str) -> list[str]:
        found = self._words.get(part)
        if found is None:
            found = self._words[part] = fold_words(part)
        return found

    def body(self, parts: Iterable[str | None]) -> str:
        """`search.body_of(" ".join(non-empty parts))`."""
        return " ".join(itertools.chain.from_iterable(self.words(p) for p in parts if p))

    def _folded(self, part: str) -> tuple[str, bool]:
        """The part case-folded with the sort letters substituted, and whether it starts with punctuation."""
        found = self._lower.get(part)
        if found is None:
            lowered = unicodedata.normalize("NFC", part).casefold()
            found = self._lower[part] = (
                lowered.translate(_SORT_TABLE),
                _LEADING_PUNCT.match(lowered) is not None,
            )
        return found

    def sort_key(self, parts: Sequence[str | None], width: int) -> str:
        """`sort_key(" ".join(non-empty parts))[:width]`."""
        present = [p for p in parts if p]
        if not present:
            return ""
        first, punctuated = self._folded(present[0])
        if punctuated:
            return sort_key(" ".join(present))[:width]  # a leading quote: the general rule decides
        if len(present) == 1:
            return first[:width]
        return " ".join([first, *(self._folded(p)[0] for p in present[1:])])[:width]

    def key(self, text: str, width: int) -> str:
        """`sort_key(text)[:width]`, each distinct text once."""
        found = self._keys.get(text)
        if found is None:
            found = self._keys[text] = sort_key(text)[:width]
        return found
