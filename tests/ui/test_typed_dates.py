"""A date typed into an empty field is saved as exactly that date (issue 12, point 1): typed with the keyboard as a
clerk does, in each language, then saved through the form; a partial date is refused with a message naming the
field; clearing the field saves no date."""

from __future__ import annotations

import datetime as dt

import pytest

from desk import i18n
from desk.services import events
from desk.services.records import ListQuery
from desk.ui.qt import QLocale, Qt
from desk.ui.typed_dates import NoSuchDate, PartialDate, parse_typed_date
from desk.ui.widgets import DateField

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.11.2026", dt.date(2026, 11, 15)),
        ("03.02.2024", dt.date(2024, 2, 3)),
        ("3.2.24", dt.date(2024, 2, 3)),
        ("5.1.85", dt.date(1985, 1, 5)),
        ("2026-11-15", dt.date(2026, 11, 15)),
        ("2026-11-15 00:00:00", dt.date(2026, 11, 15)),
        ("15112026", dt.date(2026, 11, 15)),
        (" 15/11/2026 ", dt.date(2026, 11, 15)),
        ("", None),
        ("   ", None),
    ],
)
def test_typed_text_reads_as_that_date(text, expected):
    assert parse_typed_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["15", "15.11", "15.11.", "15.11.202", "1511", "abc", "15.11.2026.1"])
def test_a_partial_date_is_refused(text):
    with pytest.raises(PartialDate):
        parse_typed_date(text, today=TODAY)


@pytest.mark.parametrize("text", ["31.02.2026", "15.13.2026", "0.1.2026", "1.1.1800"])
def test_no_such_date_is_refused(text):
    with pytest.raises(NoSuchDate):
        parse_typed_date(text, today=TODAY)


def _events_view(window):
    page = window.show_page("houses")
    return page.show_register("events")


def _type_new_event(qtbot, view, start_text: str) -> None:
    view.new_record()
    form = view.form
    form.widgets["name_ru"].setText("Семинар")  # (keyClicks types ASCII only)
    form.widgets["event_type"].set_value("seminar")
    field = form.widgets["start_date"]
    assert field.text() == ""  # a new event's start date is empty
    field.setFocus()
    qtbot.keyClicks(field, start_text)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("15.11.2026", dt.date(2026, 11, 15)),
        ("03.02.2024", dt.date(2024, 2, 3)),
        ("3.2.24", dt.date(2024, 2, 3)),
    ],
)
def test_a_date_typed_into_a_new_events_empty_start_date_is_saved_as_typed(
    make_window, demo_workspace, qtbot, lang, typed, saved
):
    i18n.set_language(lang)
    QLocale.setDefault(
        QLocale(QLocale.Language.Arabic, QLocale.Country.Egypt)
    )  # Windows' own locale plays no part
    try:
        window = make_window(demo_workspace)
        view = _events_view(window)
        _type_new_event(qtbot, view, typed)
        assert view.form.widgets["start_date"].text() == typed  # nothing typed is replaced while typing
        assert view.form.dirty
        assert view.save() is True
        assert view.form.record.start_date == saved
        stored = events.REGISTER.get(demo_workspace, view.form.record.id)
        assert stored.start_date == saved
        assert view.form.widgets["start_date"].text() == saved.strftime("%d.%m.%Y")
    finally:
        QLocale.setDefault(QLocale.c())


def test_a_pasted_iso_date_is_saved_as_that_date(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    view = _events_view(window)
    view.new_record()
    view.form.widgets["name_ru"].setText("Семинар")
    view.form.widgets["event_type"].set_value("seminar")
    field = view.form.widgets["start_date"]
    field.setFocus()
    field.insert("2026-11-15")  # what a paste does
    assert view.save() is True
    assert events.REGISTER.get(demo_workspace, view.form.record.id).start_date == dt.date(2026, 11, 15)


@pytest.mark.parametrize(("lang", "word"), [("kk", "Басталу"), ("ru", "Дата начала"), ("en", "Start date")])
def test_a_partial_date_is_refused_with_a_message_naming_the_field(
    make_window, demo_workspace, qtbot, lang, word
):
    i18n.set_language(lang)
    window = make_window(demo_workspace)
    view = _events_view(window)
    before = events.REGISTER.count(demo_workspace, ListQuery(include_archived=True))
    _type_new_event(qtbot, view, "15.11")
    qtbot.keyClick(view.form.widgets["start_date"], Qt.Key.Key_Tab)  # leaving the field keeps what was typed
    assert view.form.widgets["start_date"].text() == "15.11"
    assert view.save() is False
    message = view.form.message_for("start_date")
    assert word.lower() in message.lower(), message
    assert "15.11.2026" in message  # an example of a whole date
    assert view.form.messages["start_date"].isVisible()
    assert events.REGISTER.count(demo_workspace, ListQuery(include_archived=True)) == before


def test_clearing_a_date_saves_no_date(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    view = _events_view(window)
    _type_new_event(qtbot, view, "15.11.2026")
    assert view.save() is True
    field = view.form.widgets["end_date"]
    qtbot.keyClicks(field, "16.11.2026")
    assert view.save() is True
    assert view.form.record.end_date == dt.date(2026, 11, 16)
    field = view.form.widgets["end_date"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == ""
    assert view.form.dirty
    assert view.save() is True
    assert events.REGISTER.get(demo_workspace, view.form.record.id).end_date is None


def test_the_calendar_sets_the_date_and_marks_the_form_changed(make_window, demo_workspace, qtbot):
    from desk.ui.qt import QDate

    window = make_window(demo_workspace)
    view = _events_view(window)
    view.new_record()
    field: DateField = view.form.widgets["start_date"]
    calendar = field.show_calendar()
    calendar.clicked.emit(QDate(2026, 3, 8))
    assert field.value() == dt.date(2026, 3, 8)
    assert field.text() == "08.03.2026"
    assert view.form.dirty


def test_a_date_filter_follows_a_whole_date_only(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    view = _events_view(window)
    qtbot.waitUntil(lambda: not view.model.busy, timeout=5000)
    field = view.filter_widgets["date_from"]
    field.setFocus()
    qtbot.keyClicks(field, "01.01.20")  # half typed: the list does not follow yet
    assert view.filters()["date_from"] is None
    qtbot.keyClicks(field, "26")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert view.filters()["date_from"] == dt.date(2026, 1, 1)
