"""Every catalog holds every string of the program, translated; plural forms follow each language's rules."""

import importlib.util
from pathlib import Path

import pytest

from desk import i18n

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_catalog_has_every_string_translated(lang):
    tool = _tool()
    template = tool.extract()
    catalog = tool.load(lang)
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = sorted(
        w for w in wanted if w not in have or not tool._translated(have[w].string) or have[w].fuzzy
    )
    assert missing == [], f"{lang}: {len(missing)} strings lack a translation, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_keep_their_placeholders(lang):
    import re

    tool = _tool()
    for m in tool.load(lang):
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(re.findall(r"\{\w+\}", ids[0]))
        for s in strings:
            assert set(re.findall(r"\{\w+\}", s)) == wanted, f"{lang}: {m.id!r} -> {s!r}"


def test_russian_has_three_plural_forms():
    tool = _tool()
    assert tool.load("ru").num_plurals == 3


def test_language_switch_changes_the_text():
    i18n.set_language("ru")
    ru = i18n._("This field is required.")
    i18n.set_language("kk")
    kk = i18n._("This field is required.")
    i18n.set_language("en")
    assert len({ru, kk, "This field is required."}) == 3


def test_cldr_formatting():
    import datetime as dt

    assert i18n.format_number(1234567, "ru") == "1\xa0234\xa0567"
    assert "2025" in i18n.quarter_name(2025, 3, "kk")
    assert i18n.format_date(dt.date(2025, 7, 1), "en", "long") == "July 1, 2025"
