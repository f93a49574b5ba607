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


def test_the_binding_cannot_use_up_the_references_of_none(app):
    """PySide6 6.12 on Python 3.11 loses a reference of None at every C++ null it hands to Python (a top-level's
    parentWidget(), the Latin translator's missing disambiguation): switching pages lost about a thousand, and test
    workers died deallocating None. application() gives None a reserve no session can use up (Python 3.12+: None is
    immortal and this holds trivially)."""
    import sys

    from desk.ui.qt import QWidget

    i18n.set_language("kk-Latn")
    top = QWidget()
    for _ in range(200):
        _texts()
        top.parentWidget()
    assert sys.getrefcount(None) > 1 << 30
