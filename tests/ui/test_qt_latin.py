"""Qt's own words (standard buttons, their accelerators) in the window's language, kk-Latn included: Qt ships no
Latin Kazakh, so its Kazakh is transliterated (they showed in Cyrillic under kk-Latn)."""

from __future__ import annotations

import re

import pytest

from desk import i18n
from desk.ui.qt import QDialogButtonBox, QMessageBox

CYRILLIC = re.compile("[\u0400-\u04ff]")
STANDARD = (
    QDialogButtonBox.StandardButton.Ok
    | QDialogButtonBox.StandardButton.Cancel
    | QDialogButtonBox.StandardButton.Yes
    | QDialogButtonBox.StandardButton.No
    | QDialogButtonBox.StandardButton.Save
    | QDialogButtonBox.StandardButton.Discard
    | QDialogButtonBox.StandardButton.Close
)


@pytest.fixture
def app():
    from desk.ui.app import application

    yield application()
    i18n.set_language("en")


def _texts() -> list[str]:
    box = QDialogButtonBox(STANDARD)  # kept alive while its buttons are read
    return [b.text() for b in box.buttons()]


def test_qt_standard_buttons_are_latin_under_kk_latn(app):
    i18n.set_language("kk")
    kazakh = _texts()
    assert any(CYRILLIC.search(t) for t in kazakh)  # Qt's Kazakh is there to transliterate
    i18n.set_language("kk-Latn")
    latin = _texts()
    assert not [t for t in latin if CYRILLIC.search(t)], latin
    assert "&Joq" in latin and "Bas tartu" in latin  # No and Cancel, the accelerator kept
    box = QMessageBox(
        QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    assert not [b.text() for b in box.buttons() if CYRILLIC.search(b.text())]


def test_switching_back_from_kk_latn_gives_qt_its_cyrillic_and_russian_again(app):
    i18n.set_language("kk-Latn")
    i18n.set_language("kk")
    assert any(CYRILLIC.search(t) for t in _texts())
    i18n.set_language("ru")
    assert "Отмена" in _texts()


def test_the_latin_translator_keeps_the_interpreter_whole(app):
    """PySide hands a Python QTranslator None without a reference of its own for a null disambiguation: without the
    translator giving it back, 2000 dialogs' buttons took 4000 references of None and the interpreter died
    deallocating None (a worker of the test run crashed). Python 3.12+ keeps None forever: this holds trivially."""
    import sys

    i18n.set_language("kk-Latn")
    before = sys.getrefcount(None)
    for _ in range(500):
        _texts()
    assert sys.getrefcount(None) >= before - 100
