"""Responsible bodies of decisions (issue 12, point 8): chosen from a reference list with names in kk/ru/en, written
in only as "Other"; what was written before the list is kept as it was and shown as "Other", never matched to a body
of the list after the fact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desk import i18n
from desk.domain import reference
from desk.domain.validation import ValidationError
from desk.services import decisions, meetings
from desk.ui.responsible_field import OTHER

DAY = dt.date(2025, 7, 1)


@pytest.fixture
def adopted(assembly_of_30):
    ws, ids = assembly_of_30
    m = meetings.create_meeting(ws, {"kind": "session", "date": DAY})
    meetings.set_attendance(ws, m.id, ids[:25])
    d = meetings.add_decision(ws, m.id, {"name_ru": "О Домах дружбы", "votes_for": 20})
    return ws, m, d


def test_the_list_names_every_body_in_three_languages_with_distinct_codes():
    codes = [t.code for t in reference.RESPONSIBLE_BODIES]
    assert len(codes) == len(set(codes)) >= 15
    for t in reference.RESPONSIBLE_BODIES:
        assert t.code.isascii() and len(t.code) <= 40
        assert t.kk and t.ru and t.en and "ё" not in t.ru
        assert any(ch in t.kk for ch in "әғқңөұүһі") or t.kk.startswith("«")  # Kazakh, not Russian
    names = {t.code: t.ru for t in reference.RESPONSIBLE_BODIES}
    assert {
        "akimat",
        "maslikhat",
        "secretariat",
        "friendship_houses",
        "internal_policy",
        "education",
        "culture",
    } <= set(names)


def test_a_body_from_the_list_is_stored_by_code_and_named_in_each_language(adopted):
    ws, _m, d = adopted
    item = decisions.add_item(ws, d.id, {"responsible_body": "education", "deadline": DAY})
    assert (item.responsible_body, item.responsible) == ("education", "")
    row = decisions.items(ws, decision_id=d.id)[0]
    assert row.to_dict("kk")["responsible_name"] == "Облыстың білім басқармасы"
    assert row.to_dict("ru")["responsible_name"] == "Управление образования области"
    assert row.to_dict("en")["responsible_name"] == "Regional Department of Education"
    assert row.to_dict("kk-Latn")["responsible_name"] == "Oblystyñ bılım basqarmasy"


def test_an_unknown_code_or_nothing_at_all_is_refused_naming_the_field(adopted):
    ws, _m, d = adopted
    with pytest.raises(ValidationError) as unknown:
        decisions.add_item(ws, d.id, {"responsible_body": "ministry_of_magic", "deadline": DAY})
    assert [e.field for e in unknown.value.errors] == ["responsible_body"]
    with pytest.raises(ValidationError) as nothing:
        decisions.add_item(ws, d.id, {"responsible_body": "", "responsible": "  ", "deadline": DAY})
    assert [e.field for e in nothing.value.errors] == ["responsible"]
    assert decisions.items(ws, decision_id=d.id) == []


def test_free_text_of_before_is_kept_shown_as_other_and_saved_back_unchanged(qtbot, assembly_of_30, adopted):
    from desk.ui.app import application, open_main_window

    ws, m, d = adopted
    # Written before the list existed, and spelled exactly as a body of the list: still not matched to it.
    typed = "Облыстың білім басқармасы, 3-кабинет"
    exact = "Управление образования области"
    first = decisions.add_item(ws, d.id, {"responsible": typed, "deadline": DAY})
    second = decisions.add_item(ws, d.id, {"responsible": exact, "deadline": DAY})
    application()
    i18n.set_language("ru")
    w = open_main_window(ws)
    qtbot.addWidget(w)
    try:
        w.resize(1280, 800)
        w.show()
        page = w.show_page("meetings")
        page.select_meeting(m.id)
        panel = page.decisions
        page.detail.setCurrentWidget(panel)
        panel.view.selectRow(0)
        panel.parts.setCurrentIndex(1)  # the execution items
        qtbot.waitUntil(lambda: len(panel.items_model.rows) == 2)
        by_id = {r.item.id: i for i, r in enumerate(panel.items_model.rows)}
        panel.items_view.selectRow(by_id[first.id])
        field = panel.responsible
        assert field.body.value() == OTHER and field.other.isVisible() and field.other.text() == typed
        assert panel.items_model.index(by_id[first.id], 0).data() == typed
        panel.task.setText("Отчитаться")  # another field changed; the responsible text goes back as it was
        assert panel.save_item()
        stored = next(r.item for r in decisions.items(ws, decision_id=d.id) if r.item.id == first.id)
        assert (stored.responsible_body, stored.responsible, stored.task) == ("", typed, "Отчитаться")

        panel.items_view.selectRow(by_id[second.id])
        assert field.body.value() == OTHER and field.other.text() == exact  # not guessed to be "education"

        panel.new_item()
        assert field.body.value() is None and not field.other.isVisible()
        field.body.set_value("maslikhat")
        panel.deadline.set_value(DAY)
        assert panel.save_item()
        chosen = [r.item for r in decisions.items(ws, decision_id=d.id) if r.item.responsible_body]
        assert [(i.responsible_body, i.responsible) for i in chosen] == [("maslikhat", "")]
        names = {panel.items_model.index(i, 0).data() for i in range(len(panel.items_model.rows))}
        assert "Областной маслихат" in names
        w.ctx.set_language("kk")
        names = {panel.items_model.index(i, 0).data() for i in range(len(panel.items_model.rows))}
        assert "Облыстық мәслихат" in names and typed in names  # the typed text stays as typed
    finally:
        w.ctx.close()
        i18n.set_language("en")


def test_choosing_a_body_after_typing_under_other_keeps_the_typed_text_in_view(qtbot):
    from desk.ui.responsible_field import ResponsibleField

    field = ResponsibleField()
    qtbot.addWidget(field)
    field.show()
    field.body.set_value(OTHER)
    assert field.other.isVisible()
    field.other.setText("Комиссия по этике")
    field.body.set_value("culture")
    assert field.other.isVisible()  # what is saved is in view
    assert field.value() == ("culture", "Комиссия по этике")
    field.other.clear()
    assert not field.other.isVisible() and field.value() == ("culture", "")


def test_a_body_chosen_is_printed_in_the_report_language(adopted: Any):
    ws, _m, d = adopted
    decisions.add_item(
        ws, d.id, {"responsible_body": "akimat", "responsible": "отдел кадров", "deadline": DAY}
    )
    assert reference.responsible_name("akimat", "отдел кадров", "en") == "Regional akimat — отдел кадров"
    assert reference.responsible_name("", "Комиссия", "en") == "Комиссия"
    assert reference.responsible_name("gone_code", "", "ru") == "gone_code"  # shown as it is, never dropped
