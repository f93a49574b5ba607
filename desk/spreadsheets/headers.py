"""Finding the header of a real sheet and mapping its columns to a register's fields.

The header is the row (among the first 30) whose cells name the most fields; when the row below it names more
fields together with it, the header is two rows deep (a merged group cell over its sub-headers, as in
"Руководитель" over "ФИО" and "Телефон"). A streamed sheet shows a merged cell's text only in its first cell, so
an empty cell in the upper row takes the group text to its left, and an empty cell in the lower row takes the
text above it (a cell merged down).

Headers are compared folded and without punctuation. A mapping the user adjusted is saved per register in the
data folder (`import-mappings.json`) and wins over the built-in synonyms next time.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.i18n import LANGUAGES, gettext_for
from desk.spreadsheets.fields import FIELDS, Field
from desk.spreadsheets.values import is_blank, norm, text

HEADER_SCAN_ROWS = 30
MAPPINGS_FILE = "import-mappings.json"
IGNORE = ""  # the field of a column the user chose to leave out


@dataclass
class Column:
    index: int  # 0-based
    header: str  # as the file shows it (group and sub-header joined by " / ")
    field: str | None = None
    also: str | None = None  # a field this column looks like too, taken by another column (reported)

    @property
    def letter(self) -> str:
        # openpyxl is imported when a report names a column, not when the window starts
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.index + 1)

    @property
    def title(self) -> str:
        """How the report names the column: its header, else its letter."""
        return self.header or self.letter


@dataclass
class Layout:
    """Where a sheet's header is and what each column holds."""

    kind: str
    sheet: str
    header_rows: tuple[int, ...]
    columns: list[Column] = field(default_factory=list)

    @property
    def data_start(self) -> int:
        return max(self.header_rows) + 1

    def by_field(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns if c.field}

    def ignored(self) -> list[Column]:
        """Columns with a header that no field takes: the report lists them, so nothing is dropped unsaid."""
        return [c for c in self.columns if c.header and not c.field]

    def mapping(self) -> dict[str, str]:
        """{header: field key or '' (left out)}: what `--mapping` files and the saved mappings hold."""
        return {c.title: c.field or IGNORE for c in self.columns}

    def recognised(self) -> int:
        return len(self.by_field())

    def set_field(self, index: int, key: str | None) -> None:
        """Map column `index` to `key` (None or '' to leave it out); a field maps to one column only."""
        for c in self.columns:
            if key and c.field == key and c.index != index:
                c.field = None
            if c.index == index:
                c.field = key or None
                c.also = None


class HeaderIndex:
    """Recognises a register's headers: learned (saved) mappings, then synonyms and labels, then containment."""

    def __init__(self, kind: str, learned: Mapping[str, str] | None = None) -> None:
        self.kind = kind
        self.fields: dict[str, Field] = {f.key: f for f in FIELDS[kind]}
        self.learned = {norm(k): v for k, v in (learned or {}).items()}
        self.exact: dict[str, str] = {}
        for f in FIELDS[kind]:
            forms = [f.key, f.key.replace("_", " "), *f.synonyms]
            forms += [gettext_for(lang)(f.label) for lang in LANGUAGES]
            for form in forms:
                self.exact.setdefault(norm(form), f.key)
        self._by_length = sorted(
            ((k, v) for k, v in self.exact.items() if len(k) >= 3), key=lambda kv: -len(kv[0])
        )

    def match(self, header: str) -> tuple[str | None, int]:
        """(field key or None, strength: 3 learned, 2 exact, 1 contained, 0 none). A learned '' means left out."""
        key = norm(header)
        if not key:
            return None, 0
        if key in self.learned:
            return (self.learned[key] or None), 3
        if key in self.exact:
            return self.exact[key], 2
        padded = f" {key} "
        for form, field_key in self._by_length:
            if f" {form} " in padded:
                return field_key, 1
        return None, 0


def _labels(upper: list[str] | None, lower: list[str]) -> list[tuple[str, list[str]]]:
    """For each column, the header as shown and the texts to try, best first."""
    width = max(len(lower), len(upper or []))
    out: list[tuple[str, list[str]]] = []
    group = ""
    for i in range(width):
        lo = lower[i] if i < len(lower) else ""
        if upper is None:
            out.append((lo, [lo] if lo else []))
            continue
        up = upper[i] if i < len(upper) else ""
        if up:
            group = up
        elif not lo:
            group = ""  # an empty column ends a merged group
        if lo and group and group != lo:
            out.append((f"{group} / {lo}", [lo, f"{group} {lo}", group]))
        else:
            shown = lo or up
            out.append((shown, [shown] if shown else []))
    return out


_LANGUAGE_WORDS = {
    "kk": (
        "казахском",
        "казахский",
        "каз",
        "kaz",
        "государственном",
        "гос",
        "госязыке",
        "қазақша",
        "қазақ",
        "kazakh",
        "kk",
    ),
    "ru": ("русском", "русский", "рус", "rus", "орысша", "орыс", "russian", "ru"),
    "en": ("английском", "английский", "англ", "eng", "ағылшынша", "ағылшын", "english", "en"),
}
_LANGUAGE_OF_WORD = {norm(w): lang for lang, words in _LANGUAGE_WORDS.items() for w in words}


def name_language(header: str) -> str | None:
    """The language a name column's header names ("на казахском языке", "рус.", "қазақша", "in English")."""
    langs = {_LANGUAGE_OF_WORD[w] for w in norm(header).split() if w in _LANGUAGE_OF_WORD}
    return langs.pop() if len(langs) == 1 else None


def _assign(
    index: HeaderIndex, labels: list[tuple[str, list[str]]]
) -> list[tuple[str, str | None, int, str | None]]:
    """(shown header, field, strength, field it also looks like) per column; each field goes to its strongest
    column (leftmost on ties), and a column that loses its field says so (the report lists it)."""
    candidates: list[tuple[str, str | None, int]] = []
    for shown, forms in labels:
        best: tuple[str | None, int] = (None, 0)
        for form in forms:
            found, strength = index.match(form)
            if strength == 3 and found is None:  # the user left this column out
                best = (None, 3)
                break
            if found and strength > best[1]:  # on equal strength the column's own text wins over the group's
                best = (found, strength)
        key, strength = best
        if key in ("name", "title") and strength < 3:
            # "Наименование" over "на казахском языке": the name in the language the sub-header names
            lang = name_language(forms[0] if forms else shown)
            if lang and f"name_{lang}" in index.fields:
                key, strength = f"name_{lang}", max(strength, 2)
        candidates.append((shown, key, strength))
    winners: dict[str, tuple[int, int]] = {}
    for i, (_shown, key, strength) in enumerate(candidates):
        if key and (key not in winners or strength > winners[key][1]):
            winners[key] = (i, strength)
    return [
        (
            shown,
            key if key and winners[key][0] == i else None,
            strength,
            key if key and winners[key][0] != i else None,
        )
        for i, (shown, key, strength) in enumerate(candidates)
    ]


def _row_texts(values: list[Any]) -> list[str]:
    return [" ".join(text(v).split()) if not is_blank(v) else "" for v in values]


def detect(
    kind: str, sheet: str, rows: Iterable[tuple[int, list[Any]]], learned: Mapping[str, str] | None = None
) -> Layout | None:
    """The layout of a sheet from its first rows, or None when no row names at least two fields."""
    index = HeaderIndex(kind, learned)
    head: list[tuple[int, list[str]]] = []
    for number, values in rows:
        head.append((number, _row_texts(values)))
        if len(head) >= HEADER_SCAN_ROWS:
            break
    best: tuple[int, tuple[int, ...], list[tuple[str, str | None, int, str | None]]] | None = None
    for i, (number, texts) in enumerate(head):
        options = [((number,), _labels(None, texts))]
        if i + 1 < len(head) and head[i + 1][0] == number + 1:
            options.append(((number, number + 1), _labels(texts, head[i + 1][1])))
        for header_rows, labels in options:
            assigned = _assign(index, labels)
            score = sum(1 for _s, key, _st, _also in assigned if key)
            # On a tie a one-row header wins: a title above the header is not a group of merged cells.
            if score >= 2 and (best is None or (score, -len(header_rows)) > (best[0], -len(best[1]))):
                best = (score, header_rows, assigned)
    if best is None:
        return None
    _score, header_rows, assigned = best
    columns = [
        Column(i, shown, key, also) for i, (shown, key, _st, also) in enumerate(assigned) if shown or key
    ]
    return Layout(kind=kind, sheet=sheet, header_rows=header_rows, columns=columns)


def _is_letter(text_: str) -> bool:
    return 1 <= len(text_) <= 3 and text_.isascii() and text_.isalpha()


def apply_mapping(layout: Layout, mapping: Mapping[str, str | None]) -> list[str]:
    """Adjust a layout with {header or column letter: field key or ''}; returns the unknown field keys."""
    index = HeaderIndex(layout.kind)
    unknown = []
    by_header = {norm(c.title): c for c in layout.columns}
    by_letter = {c.letter: c for c in layout.columns}
    for header, key in mapping.items():
        column = by_letter.get(str(header).strip().upper()) or by_header.get(norm(str(header)))
        if key and key not in index.fields:
            unknown.append(key)
            continue
        if column is None and key and _is_letter(str(header).strip().upper()):
            # a column without a header can be mapped by its letter too
            from openpyxl.utils import column_index_from_string

            column = Column(column_index_from_string(str(header).strip().upper()) - 1, "")
            layout.columns.append(column)
            layout.columns.sort(key=lambda c: c.index)
        if column is not None:
            layout.set_field(column.index, key or None)
    return unknown


# --- saved mappings ---------------------------------------------------------------------------------------------


def mappings_path(home: Path) -> Path:
    return home / MAPPINGS_FILE


def load_saved(home: Path, kind: str) -> dict[str, str]:
    """The mapping saved for a register: {folded header: field key or ''}."""
    try:
        data = json.loads(mappings_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    saved = data.get(kind, {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else {}


def save(home: Path, layout: Layout) -> None:
    """Remember this layout's choices (merged into what was saved before) for the next import."""
    path = mappings_path(home)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    saved = data.setdefault(layout.kind, {})
    for c in layout.columns:
        if c.header:
            saved[norm(c.header)] = c.field or IGNORE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".mappings-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
    os.replace(tmp, path)


def read_mapping_file(path: Path) -> dict[str, str]:
    """A `--mapping` file: JSON {header or column letter: field key or ''}."""
    from desk.errors import DeskError, os_error_reason
    from desk.i18n import _

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError):
            error = os_error_reason(exc)
        elif isinstance(exc, json.JSONDecodeError):
            error = _("not valid JSON (line {line}, column {column})").format(
                line=exc.lineno, column=exc.colno
            )
        else:
            error = _("not UTF-8 text")
        raise DeskError(
            _("Cannot read the mapping file {file}: {error}").format(file=path, error=error), exit_code=2
        ) from None
    if not isinstance(data, dict):
        raise DeskError(
            _('The mapping file {file} must hold an object {{"header": "field"}}.').format(file=path),
            exit_code=2,
        )
    return {str(k): str(v or "") for k, v in data.items()}
