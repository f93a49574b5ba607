"""A signed value that no form accepts — a code of none of the program's lists, a record without a name, a person
without a surname, an IIN or BIN with a wrong check digit — is refused by `central verify` and `central import`
alike, naming the file, the line and the field (they were imported without a word). The demo republic's bundles,
made by the program, all pass."""

from __future__ import annotations

import pytest

from .test_hardening import _both_refuse, _forged, _set


@pytest.mark.parametrize(
    ("table", "column", "value", "fragment"),
    [
        ("association", "legal_status", "bogus", "Unknown value: bogus"),
        ("association", "status", "", "Unknown value"),
        ("association", "lines_of_work", "culture,hacking", "Unknown value: hacking"),
        ("association", "name_*", "   ", "at least one language"),
        ("association", "bin", "991240000019", "check digit"),
        ("person", "surname", "", "required"),
        ("person", "given_name", " ", "required"),
        ("person", "iin", "123456789012", "7th digit"),
        ("district", "name_*", "", "at least one language"),
    ],
)
def test_a_value_no_form_accepts_is_refused_by_verify_and_import(
    central, region, bundle, tmp_path, table, column, value, fragment
):
    def change(rows):
        for name in ("name_kk", "name_ru", "name_en") if column == "name_*" else (column,):
            rows = _set(rows, name, value)
        return rows

    path = _forged(bundle, central, region, tmp_path, table, change)
    _both_refuse(central, path, fragment, f"{table}.jsonl, line 1", column.replace("*", "ru"))
