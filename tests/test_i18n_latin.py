"""kk-Latn (issue 17, point 1): a fourth language made from the Kazakh catalog; dates, months, quarters and
numbers of our own; the CLI and the reports in Latin."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk import i18n
from desk.domain.latin import to_latin, to_latin_message

ROOT = Path(__file__).resolve().parent.parent


def test_kk_latn_is_a_language_everywhere_languages_are_listed():
    assert "kk-Latn" in i18n.LANGUAGES and i18n.LANGUAGE_NAMES["kk-Latn"] == "Qazaqşa (latyn)"
    assert i18n.language_of("kk-Latn") == i18n.language_of("kk_KZ@latin") == "kk-Latn"
    assert i18n.language_of("kk_KZ.UTF-8") == "kk"
    assert i18n.data_language("kk-Latn") == "kk"


def test_the_compiled_catalog_is_the_kazakh_one_in_latin():
    subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "compile"], check=True)
    i18n.reload_catalogs()
    kk, latn = i18n.translations("kk"), i18n.translations("kk-Latn")
    assert (ROOT / "i18n" / "kk_Latn" / "LC_MESSAGES" / "desk.mo").exists()
    checked = 0
    for msgid, value in kk._catalog.items():  # type: ignore[attr-defined]
        if isinstance(msgid, str) and msgid:
            assert latn.gettext(msgid) == to_latin_message(value), msgid
            assert not any("\u0400" <= ch <= "\u04ff" for ch in latn.gettext(msgid)), msgid
            checked += 1
    assert checked > 500
    assert i18n.ngettext_for("kk-Latn")("{n} association", "{n} associations", 5) == to_latin_message(
        i18n.ngettext_for("kk")("{n} association", "{n} associations", 5)
    )


def test_without_a_compiled_catalog_the_kazakh_one_is_transliterated(tmp_path, monkeypatch):
    (tmp_path / "kk" / "LC_MESSAGES").mkdir(parents=True)
    po = ROOT / "i18n" / "kk" / "LC_MESSAGES" / "desk.po"
    (tmp_path / "kk" / "LC_MESSAGES" / "desk.po").write_bytes(po.read_bytes())
    monkeypatch.setattr(i18n, "catalog_dir", lambda: tmp_path)
    i18n.reload_catalogs()
    try:
        assert i18n.gettext_for("kk-Latn")("Associations") == to_latin(i18n.gettext_for("kk")("Associations"))
        assert i18n.gettext_for("kk-Latn")("Associations") == "Bırlestıkter"
    finally:
        i18n.reload_catalogs()


def test_dates_months_quarters_numbers():
    day = dt.date(2025, 9, 5)
    assert i18n.format_date(day, "kk-Latn", "long").replace("\u202f", " ") == "2025 j. 5 qyrküiek"
    assert i18n.format_date(dt.date(2025, 1, 5), "kk-Latn").replace("\u202f", " ") == "2025 j. 05 qañ."
    assert i18n.month_name(8, "kk-Latn", "wide") == "Tamyz"
    assert i18n.month_name(4, "kk-Latn") == "säu."
    assert i18n.quarter_name(2025, 3, "kk-Latn") == "III toqsan 2025"
    assert i18n.format_number(1234567.5, "kk-Latn") == "1\u00a0234\u00a0567,5"
    assert i18n.format_percent(0.25, "kk-Latn") == "25%"
    assert i18n.format_money(1500, "kk-Latn") == "1\u00a0500,00\u00a0₸"
    assert "nau." in i18n.format_moment(dt.datetime(2025, 3, 3, 14, 5), "kk-Latn")
    # the numbers are the Kazakh ones
    assert i18n.format_number(1234567.5, "kk-Latn") == i18n.format_number(1234567.5, "kk")


def test_the_cli_speaks_kk_latn():
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "desk", "--help", "--lang", "kk-Latn"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )  # the CLI writes UTF-8 everywhere
    assert done.returncode == 0, done.stderr
    assert "kk-Latn" in done.stdout
    assert not any(
        "\u0400" <= ch <= "\u04ff" for ch in done.stdout.replace("Қазақша", "").replace("Русский", "")
    )


def test_records_and_terms_in_kk_latn():
    from desk.domain import reference
    from desk.domain.records import Association

    a = Association(name_kk="Корей этномәдени орталығы", name_ru="Корейский центр", region="KZ-75")
    assert a.name("kk-Latn") == "Korei etnomädeni ortalyğy"
    b = Association(name_kk="Dostyq ortalyğy", name_ru="Центр Достык", region="KZ-75")
    assert b.name("kk-Latn") == "Dostyq ortalyğy"  # a Latin name is kept
    c = Association(name_ru="Узбекский центр", region="KZ-75")
    assert c.name("kk-Latn") == "Uzbekskii sentr"  # only a Cyrillic name: transliterated
    assert reference.by_code(reference.ETHNIC_GROUPS, "kazakh").label("kk-Latn") == "Qazaqtar"


@pytest.fixture
def latin_window_language():
    before = i18n.current_language()
    i18n.set_language("kk-Latn")
    yield
    i18n.set_language(before)


def test_all_holds_kk_latn_when_it_is_the_chosen_language(latin_window_language):
    from desk.reports.common import languages

    assert languages("all") == ("kk", "kk-Latn", "ru", "en")
    i18n.set_language("ru")
    assert languages("all") == ("kk", "ru", "en")
