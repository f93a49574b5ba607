"""Reports in kk-Latn (issue 17, point 1): `--lang kk-Latn` and `all`; names entered in Cyrillic printed in
Latin unless a Latin name is stored; read back from the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desk.cli import main
from desk.domain.latin import to_latin
from desk.services import associations
from desk.services.records import ListQuery
from tests.reports.pdfread import outline, pdf_text


def _cyrillic(text: str) -> list[str]:
    return [ch for ch in text if "\u0400" <= ch <= "\u04ff"]


def test_the_register_in_kk_latn_from_the_cli(demo_workspace, tmp_path: Path):
    ws = demo_workspace
    associations.REGISTER.create(
        ws,
        {
            "name_kk": "Dostyq jastar ortalyğy",
            "name_ru": "Центр молодёжи Достык",
            "ethnic_group": "korean",
            "legal_status": "initiative",
        },
    )
    out = tmp_path / "latin.pdf"
    assert (
        main(
            [
                "report",
                "associations",
                "--filter",
                "ethnic_group=korean",
                "--lang",
                "kk-Latn",
                "-o",
                str(out),
                "--home",
                str(ws.home.root),
            ]
        )
        == 0
    )
    text = pdf_text(out, layout=False)
    assert _cyrillic(text) == []
    assert "Dostyq jastar ortalyğy" in text  # stored in Latin: kept
    rows = associations.REGISTER.list_page(ws, ListQuery(limit=1000, filters={"ethnic_group": "korean"})).rows
    today = dt.date.today()
    cyrillic_named = [
        a
        for a in rows
        if a.name_kk
        and _cyrillic(a.name_kk)
        and a.status != "liquidated"
        and (a.registration_date or a.created_at.date()) <= today
    ]
    assert cyrillic_named
    flat = " ".join(text.split())
    # every word of every name, in Latin (a long name wraps inside its cell)
    words = {
        w for a in cyrillic_named for w in to_latin(a.name_kk).replace("«", " ").replace("»", " ").split()
    }
    assert words and all(w in flat for w in words), sorted(w for w in words if w not in flat)[:5]
    assert "Bırlestıkter" in text  # the catalog's word for Associations


def test_the_quarterly_report_in_all_with_kk_latn_chosen(demo_workspace, tmp_path: Path):
    out = tmp_path / "all.pdf"
    year = dt.date.today().year
    assert (
        main(
            [
                "report",
                "quarterly",
                "--year",
                str(year),
                "--quarter",
                "1",
                "--lang",
                "all",
                "-o",
                str(out),
                "--home",
                str(demo_workspace.home.root),
                "--operator",
                "Әсел",
            ]
        )
        == 0
    )
    assert len(outline(out)) == 3  # the window's language is not kk-Latn here
    from desk import i18n

    i18n.set_language("kk-Latn")
    try:
        from desk.reports.quarterly import render_quarterly

        render_quarterly(demo_workspace, out, year=year, quarter=1, lang="all")
    finally:
        i18n.set_language("en")
    entries = outline(out)
    assert len(entries) == 4
    assert entries[1][1].startswith("Qazaqşa (latyn): ")
    latin_pages = pdf_text(out, first=entries[1][0], last=entries[2][0] - 1, layout=False)
    assert _cyrillic(latin_pages) == []
    assert "I toqsan" in latin_pages
    kazakh_pages = pdf_text(out, first=1, last=entries[1][0] - 1, layout=False)
    assert "І тоқсан" in kazakh_pages
