"""Spreadsheet exports carry every script as it is (issue 17, point 3): Arabic, Hebrew, Georgian, Armenian,
Chinese, Korean, symbols and emoji come back from .xlsx and .csv unchanged; headers in kk-Latn."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from desk.domain.latin import to_latin
from desk.services import associations
from desk.spreadsheets.exporter import export, header

NAMES = [
    "مركز الثقافة العربية",
    "מרכז התרבות",
    "ქართული ცენტრი",
    "Հայկական կենտրոն",
    "中国文化中心",
    "고려인 문화 센터",
    "Клуб ✓ ★ 🙂 🎉 👨‍👩‍👧",
    "Қазақ Ә І Ң Ғ Ү Ұ Қ Ө Һ",
]


@pytest.fixture
def named(workspace):
    for name in NAMES:
        associations.REGISTER.create(
            workspace, {"name_kk": name, "ethnic_group": "korean", "legal_status": "initiative"}
        )
    return workspace


def _xlsx_values(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {c for row in book.active.iter_rows(values_only=True) for c in row if isinstance(c, str)}


def _csv_values(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {c for row in csv.reader(fh, delimiter=";") for c in row}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_script_comes_back_unchanged(named, tmp_path: Path, fmt: str):
    out = tmp_path / f"a.{fmt}"
    assert export(named, "associations", out, lang="kk") == len(NAMES)
    values = _xlsx_values(out) if fmt == "xlsx" else _csv_values(out)
    assert all(name in values for name in NAMES), [n for n in NAMES if n not in values]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_in_kk_latn_has_latin_headers_and_imports_again(named, tmp_path: Path, fmt: str):
    out = tmp_path / f"a.{fmt}"
    export(named, "associations", out, lang="kk-Latn")
    values = _xlsx_values(out) if fmt == "xlsx" else _csv_values(out)
    head = header("associations", "kk-Latn")
    assert head == [to_latin(h) for h in header("associations", "kk")] and all(h in values for h in head)
    assert "Ağylşyn tılındegı atauy" in head
    assert "Корейлер" in values  # values in the Kazakh the importer reads
    assert all(name in values for name in NAMES)  # the names as stored
    from desk.services.records import ListQuery
    from desk.setup_region import init_region
    from desk.spreadsheets import importer

    empty = init_region(tmp_path / "empty", "KZ-35")
    try:
        importer.run(empty, out, "associations", dry_run=False)
        back = associations.REGISTER.list_page(empty, ListQuery(limit=100)).rows
        assert sorted(a.name_kk for a in back) == sorted(NAMES)
        assert {a.ethnic_group for a in back} == {"korean"}
    finally:
        empty.close()
