"""The rules of a record's form that hold value by value, checked a whole column at a time: what a central import
checks a bundle's rows by besides the text and integer rules of `desk.domain.validation` (so a value no form
accepts is refused there too, rather than stored without a word).

- a code from one of the program's own lists (a legal status, an association's or an event's status, a funding
  source, a body, a member's category, roles and ground for leaving, a kind of meeting, an execution status);
- a name in at least one language for a named record, a person's surname and given name;
- an IIN or BIN whose date and check digit are valid.

Codes of the lists the central office sends (ethnic groups, event types, districts, responsible bodies) are not
checked here: a region works under the lists it received, which the centre may have changed since.
Dates in order and dates not in the future are `desk.domain.date_rules` (the same declarations the forms apply);
other rules that join several fields (a ground with a date of leaving) stay with the forms.
"""

from __future__ import annotations

from typing import Any

from desk.domain import identifiers, reference, rules
from desk.domain.governance import STORED_EXECUTION_STATUSES
from desk.domain.record_checks import codes, split_codes
from desk.domain.validation import _identifier_message
from desk.i18n import _

_CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("association", "legal_status"): codes(reference.LEGAL_STATUSES),
    ("association", "status"): codes(reference.ASSOCIATION_STATUSES),
    ("event", "funding_source"): codes(reference.FUNDING_SOURCES),
    ("event", "status"): codes(reference.EVENT_STATUSES),
    ("membership", "body"): frozenset(rules.BODIES),
    ("membership", "category"): codes(reference.MEMBER_CATEGORIES),
    ("meeting", "kind"): frozenset(rules.MEETING_KIND_CODES),
    ("executionitem", "status"): frozenset(STORED_EXECUTION_STATUSES),
    ("body_rule", "body"): frozenset(rules.BODIES),
}
"""Columns holding one code of a list of the program's own (None where the column may be empty)."""

_CODE_LISTS: dict[tuple[str, str], frozenset[str]] = {
    ("association", "lines_of_work"): codes(reference.LINES_OF_WORK),
    ("membership", "roles"): codes(reference.MEMBER_ROLES),
}
"""Columns holding comma-separated codes of a list."""

_OPTIONAL_CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("membership", "leaving_ground"): codes(reference.LEAVING_GROUNDS),
}
"""Columns holding a code of a list or nothing."""

_NAMED = ("district", "house", "association", "planitem", "event", "decision")
_REQUIRED: dict[str, tuple[str, ...]] = {"person": ("surname", "given_name")}
_BINS = ("association", "bin")
_IINS = ("person", "iin")


def _unknown(value: Any) -> str:
    return _("Unknown value: {value}.").format(value=str(value)[:40])


def column_rule_problems(table: str, columns: dict[str, list[Any]]) -> tuple[str, int, str] | None:
    """The first value of `table`'s columns (stored values, column by column) that a form refuses:
    (column, row index, why), or None."""
    for (name, column), allowed in _CHOICES.items():
        if name == table and column in columns and not set(columns[column]) <= allowed | {None}:
            index = next(i for i, v in enumerate(columns[column]) if v is not None and v not in allowed)
            return column, index, _unknown(columns[column][index])
    for (name, column), allowed in _OPTIONAL_CHOICES.items():
        if name == table and column in columns and not set(columns[column]) <= allowed | {None, ""}:
            index = next(i for i, v in enumerate(columns[column]) if v and v not in allowed)
            return column, index, _unknown(columns[column][index])
    for (name, column), allowed in _CODE_LISTS.items():
        if name != table or column not in columns:
            continue
        for index, value in enumerate(columns[column]):
            if value and not set(split_codes(value)) <= allowed:
                return column, index, _unknown(next(c for c in split_codes(value) if c not in allowed))
    if table in _NAMED and "name_ru" in columns:
        for index, names in enumerate(
            zip(columns["name_kk"], columns["name_ru"], columns["name_en"], strict=True)
        ):
            if not any((v or "").strip() for v in names):
                return (
                    "name_ru",
                    index,
                    _("Enter the name in at least one language: Kazakh, Russian or English."),
                )
    for column in _REQUIRED.get(table, ()):
        if column in columns:
            blank = next((i for i, v in enumerate(columns[column]) if not (v or "").strip()), None)
            if blank is not None:
                return column, blank, _("This field is required.")
    if (table, "iin") == _IINS and "iin" in columns and (wrong := identifiers.iin_problems(columns["iin"])):
        return "iin", wrong[0], _identifier_message(wrong[1], 12)
    if (table, "iin") == _IINS and {"iin", "birth_date", "sex"} <= columns.keys():
        found = identifiers.iin_contradiction(columns["iin"], columns["birth_date"], columns["sex"])
        if found is not None:
            index, column = found
            why = (
                _("Does not match the date of birth in the IIN.")
                if column == "birth_date"
                else _("Does not match the sex the IIN carries.")
            )
            return column, index, why
    if (table, "bin") == _BINS and "bin" in columns:
        for index, value in enumerate(columns["bin"]):
            if value:
                try:
                    identifiers.parse_bin(value)
                except identifiers.IdentifierError as exc:
                    return "bin", index, _identifier_message(exc.reason, 12)
    return None


CENTRE_LIST_COLUMNS: dict[tuple[str, str], tuple[str, bool]] = {
    ("association", "ethnic_group"): ("ethnic_groups", False),
    ("association", "other_ethnic_groups"): ("ethnic_groups", True),
    ("person", "ethnic_group"): ("ethnic_groups", False),
    ("event", "event_type"): ("event_types", False),
    ("district", "code"): ("districts", False),
    ("executionitem", "responsible_body"): ("responsible_bodies", False),
}
"""Columns holding codes of a list the central office sends: (kind of list, comma-separated codes?). A code the
list in force does not know is not refused (a region may still work under an older list) but said: it is shown as
the bare code wherever the list names it."""


def unknown_list_codes(table: str, columns: dict[str, list[Any]]) -> dict[tuple[str, str, str], int]:
    """(column, kind of list, code) → how many rows hold a code of a list the central office sends that the list
    in force (`reference.terms`) does not know. Sets of the column's values (no Python loop over the rows); the
    rows are counted only for a code found unknown."""
    out: dict[tuple[str, str, str], int] = {}
    for (name, column), (kind, several) in CENTRE_LIST_COLUMNS.items():
        if name != table or column not in columns:
            continue
        values = columns[column]
        known = codes(reference.terms(kind))
        distinct = set(values) - {None, ""}
        if several:
            unknown = {c for v in distinct for c in split_codes(v)} - known
            for code in sorted(unknown):
                out[(column, kind, code)] = sum(1 for v in values if v and code in split_codes(v))
        else:
            unknown = distinct - known
            if unknown:
                for code in sorted(unknown):
                    out[(column, kind, code)] = values.count(code)
    return out
