"""A name holding a direction override (U+202E shows it reversed) is refused by the form under its field, in the
window's language; the marks Arabic-script names use (RLM, zero-width joiners) are saved."""

from __future__ import annotations

import pytest

from desk import i18n
from desk.services import associations
from desk.services.records import ListQuery

REVERSED = "Koryo \u202eртнец"


def _count(ws):
    return associations.REGISTER.count(ws, ListQuery(include_archived=True))


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "direction override"), ("ru", "направлени"), ("kk", "бағыт")]
)
def test_a_direction_override_is_refused_under_its_field(make_window, workspace, qtbot, lang, words):
    i18n.set_language(lang)
    try:
        window = make_window(workspace)
        qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
        view = window.show_page("associations").view
        view.new_record()
        field = view.form.widgets["name_ru"]
        qtbot.keyClicks(
            field, "Koryo "
        )  # typed (QTest types ASCII only); the rest comes pasted, override and all
        field.insert("\u202eртнец")
        field.textEdited.emit(field.text())
        assert field.text() == REVERSED
        view.form.widgets["ethnic_group"].set_value("korean")
        view.form.widgets["legal_status"].set_value("initiative")
        assert view.save() is False
        message = view.form.message_for("name_ru")
        assert words in message and "U+202E" in message, message
        assert _count(workspace) == 0
    finally:
        i18n.set_language("en")


def test_arabic_script_marks_are_saved(make_window, workspace, qtbot):
    window = make_window(workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    view = window.show_page("associations").view
    view.new_record()
    name = "\u0626\u06c7\u064a\u063a\u06c7\u0631\u200d \u200fمەدەنىيەت"  # Uyghur, with ZWJ and RLM
    view.form.widgets["name_ru"].setText(name)
    view.form.widgets["name_ru"].textEdited.emit(name)
    view.form.widgets["ethnic_group"].set_value("uyghur")
    view.form.widgets["legal_status"].set_value("initiative")
    assert view.save() is True, view.form.message_for("name_ru")
    assert _count(workspace) == 1


def test_the_sync_page_marks_an_import_with_warnings(qapp):
    from desk.sync.central_import import Outcome
    from desk.ui.pages.sync import OUTCOME_COLUMNS

    warning = "The bundle changes 1 record dated in 3rd quarter 2026, which the centre accepted on 05.10.2026"
    with_warning = Outcome(
        "b.age", "imported", f"Bundle 2 of KZ-35 imported. Warning: {warning}", warnings=[warning]
    )
    plain = Outcome("a.age", "imported", "Bundle 1 of KZ-35 imported.")
    result, details = OUTCOME_COLUMNS[3], OUTCOME_COLUMNS[4]
    assert result.value(with_warning).endswith("(with warnings)") and warning in details.value(with_warning)
    assert "warnings" not in result.value(plain)
    assert result.colour(with_warning) != result.colour(plain)
