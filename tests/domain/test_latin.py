"""Kazakh in the Latin alphabet of 2021 (issue 17, point 1): the table letter by letter, casing, messages."""

import json

import pytest
from babel import Locale

from desk.domain import latin
from desk.domain.latin import latin_upper, to_latin, to_latin_message

# Every Cyrillic letter of the Kazakh alphabet: (capital, small) in Latin, as the 2021 alphabet writes them.
EXPECTED = {
    "А": ("A", "a"),
    "Ә": ("Ä", "ä"),
    "Б": ("B", "b"),
    "В": ("V", "v"),
    "Г": ("G", "g"),
    "Ғ": ("Ğ", "ğ"),
    "Д": ("D", "d"),
    "Е": ("E", "e"),
    "Ё": ("İo", "io"),
    "Ж": ("J", "j"),
    "З": ("Z", "z"),
    "И": ("İ", "i"),
    "Й": ("İ", "i"),
    "К": ("K", "k"),
    "Қ": ("Q", "q"),
    "Л": ("L", "l"),
    "М": ("M", "m"),
    "Н": ("N", "n"),
    "Ң": ("Ñ", "ñ"),
    "О": ("O", "o"),
    "Ө": ("Ö", "ö"),
    "П": ("P", "p"),
    "Р": ("R", "r"),
    "С": ("S", "s"),
    "Т": ("T", "t"),
    "У": ("U", "u"),
    "Ұ": ("Ū", "ū"),
    "Ү": ("Ü", "ü"),
    "Ф": ("F", "f"),
    "Х": ("H", "h"),
    "Һ": ("H", "h"),
    "Ц": ("S", "s"),
    "Ч": ("Ş", "ş"),
    "Ш": ("Ş", "ş"),
    "Щ": ("Ş", "ş"),
    "Ъ": ("", ""),
    "Ы": ("Y", "y"),
    "І": ("I", "ı"),
    "Ь": ("", ""),
    "Э": ("E", "e"),
    "Ю": ("İu", "iu"),
    "Я": ("İa", "ia"),
}
KAZAKH_CYRILLIC = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"


def test_the_table_covers_the_42_letters_of_kazakh_cyrillic():
    assert len(KAZAKH_CYRILLIC) == 42
    assert set(latin.table()["letters"]) == set(KAZAKH_CYRILLIC) == set(EXPECTED)


@pytest.mark.parametrize("cyrillic", list(KAZAKH_CYRILLIC))
def test_each_letter(cyrillic):
    upper, lower = EXPECTED[cyrillic]
    assert to_latin(cyrillic) == upper
    assert to_latin(cyrillic.lower()) == lower


def test_the_output_uses_only_the_31_letters_of_2021():
    alphabet = latin.table()["alphabet"]
    assert len(alphabet) == 31
    allowed = set(alphabet) | {a.lower() for a in alphabet if a not in "İI"} | {"i", "ı"}
    for letter in KAZAKH_CYRILLIC:
        for form in (to_latin(letter), to_latin(letter.lower()), to_latin(letter * 2)):
            assert set(form) <= allowed, (letter, form)


def test_dotted_and_dotless_i():
    # І is I / ı; И and Й are İ / i — Python's own casing knows neither
    assert to_latin("Іні") == "Inı"
    assert to_latin("ІНІ") == "INI"
    assert to_latin("Ит") == "İt"
    assert to_latin("иіс") == "iıs"
    assert latin_upper("iı") == "İI"
    assert to_latin("Айгүл") == "Aigül"


def test_two_letter_forms_follow_the_case_of_the_word():
    assert to_latin("Юрий") == "İurii"
    assert to_latin("ЮРИЙ") == "İURİİ"
    assert to_latin("Ян") == "İan"
    assert to_latin("ЯН") == "İAN"
    assert to_latin("Ё") == "İo"


def test_words():
    assert to_latin("Қазақстан Республикасы") == "Qazaqstan Respublikasy"
    assert to_latin("Достық үйі") == "Dostyq üiı"
    assert to_latin("Шыңғыс Жұмабеков") == "Şyñğys Jūmabekov"
    assert to_latin("Сәуір, Қыркүйек") == "Säuır, Qyrküiek"


def test_latin_and_other_scripts_are_left_as_they_are():
    for value in ("Dostyq Youth Club", "Ärtüqov İurii", "مركز", "한국", "2025-01-05", "№ 5 «x»"):
        assert to_latin(value) == value


def test_messages_keep_their_placeholders_and_markup():
    assert (
        to_latin_message("{n} бірлестік, <b>{name}</b> &amp; %(x)s %s")
        == "{n} bırlestık, <b>{name}</b> &amp; %(x)s %s"
    )
    assert (
        to_latin_message("{region} — Қазақстан халқы Ассамблеясы")
        == "{region} — Qazaqstan halqy Assambleiasy"
    )


def test_months_and_quarters_of_our_data_are_the_kazakh_cldr_words_in_latin():
    kk = Locale.parse("kk")
    for month in range(1, 13):
        assert latin.month_name(month, "wide") == to_latin(kk.months["stand-alone"]["wide"][month])
        assert latin.month_name(month, "abbreviated") == to_latin(
            kk.months["stand-alone"]["abbreviated"][month]
        )
    for quarter in range(1, 5):
        assert latin.quarter_word(quarter) == to_latin(kk.quarters["format"]["wide"][quarter])


def test_the_data_file_is_valid_json_with_its_documentation():
    data = json.loads(latin.DATA.read_text(encoding="utf-8"))
    assert "2021" in data["about"] and "İ/i" in data["about"] and "I/ı" in data["about"]
