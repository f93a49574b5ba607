"""Nothing typed is lost (issue 12, point 2): closing the window (its close button, Ctrl+Q), another page, another
record, restoring a backup and another language each ask Save / Discard / Cancel about a form with unsaved changes;
Cancel keeps everything as it was."""

from __future__ import annotations

from desk import i18n
from desk.services import associations, backups, meetings
from desk.services.records import ListQuery
from desk.ui import unsaved

NAME = "Татарский культурный центр"


def _dirty_new_association(window):
    view = window.show_page("associations").view
    view.new_record()
    view.form.widgets["name_ru"].setText(NAME)
    view.form.widgets["name_ru"].textEdited.emit(NAME)  # as typed: the form is changed
    view.form.widgets["ethnic_group"].set_value("tatar")
    view.form.widgets["legal_status"].set_value("initiative")
    assert view.form.dirty
    return view


def _count(ws):
    return associations.REGISTER.count(ws, ListQuery(include_archived=True))


def test_closing_the_window_asks_and_cancel_keeps_the_form(make_window, workspace, unsaved_questions):
    window = make_window(workspace)
    view = _dirty_new_association(window)
    unsaved_questions.answers = [unsaved.CANCEL]
    assert window.close() is False  # the close button
    assert unsaved_questions.asked == ["the new record"]
    assert window.isVisible()
    assert view.detail.isVisible() and view.form.widgets["name_ru"].text() == NAME and view.form.dirty
    assert _count(workspace) == 0


def test_ctrl_q_asks_and_save_saves_before_quitting(make_window, workspace, unsaved_questions, qtbot):
    window = make_window(workspace)
    _dirty_new_association(window)
    unsaved_questions.answers = [unsaved.SAVE]
    assert window.act_quit.shortcut().toString() == "Ctrl+Q"
    window.act_quit.trigger()
    assert unsaved_questions.asked == ["the new record"]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert _count(workspace) == 1


def test_a_refused_save_keeps_the_window_open(make_window, workspace, unsaved_questions):
    window = make_window(workspace)
    view = _dirty_new_association(window)
    view.form.widgets["legal_status"].set_value("legal_entity")
    view.form.widgets["bin"].setText("123456789012")  # a wrong check digit: refused
    unsaved_questions.answers = [unsaved.SAVE]
    assert window.close() is False
    assert window.isVisible() and view.form.message_for("bin")
    assert _count(workspace) == 0


def test_discard_closes_without_saving(make_window, workspace, unsaved_questions):
    window = make_window(workspace)
    _dirty_new_association(window)
    unsaved_questions.answers = [unsaved.DISCARD]
    assert window.close() is True
    assert _count(workspace) == 0


def test_another_page_asks_and_cancel_stays(make_window, workspace, unsaved_questions):
    window = make_window(workspace)
    view = _dirty_new_association(window)
    row = window.nav.currentRow()
    unsaved_questions.answers = [unsaved.CANCEL]
    window.show_page("persons")  # Ctrl+2 … and a click in the navigation do the same
    assert unsaved_questions.asked == ["the new record"]
    assert window.nav.currentRow() == row
    assert window.current_page().key == "associations"
    assert view.form.widgets["name_ru"].text() == NAME and view.form.dirty

    unsaved_questions.answers = [unsaved.DISCARD]
    window.show_page("persons")
    assert window.current_page().key == "persons"
    assert not view.form.dirty
    assert _count(workspace) == 0


def test_another_record_asks_and_cancel_keeps_the_form(make_window, workspace, unsaved_questions, qtbot):
    associations.REGISTER.create(
        workspace, {"name_ru": "Немецкий центр", "ethnic_group": "german", "legal_status": "initiative"}
    )
    window = make_window(workspace)
    view = window.show_page("associations").view
    qtbot.waitUntil(lambda: not view.model.busy and view.model.rowCount() == 1, timeout=5000)
    view.open_row(0)
    view.form.widgets["name_ru"].setText("Немецкий культурный центр")
    view.form.widgets["name_ru"].textEdited.emit("x")
    unsaved_questions.answers = [unsaved.CANCEL]
    assert view.new_record() is False  # Ctrl+N: another (new) record
    assert unsaved_questions.asked == ["the record «Немецкий центр»"]
    assert view.form.widgets["name_ru"].text() == "Немецкий культурный центр"


def test_restoring_a_backup_asks_and_cancel_restores_nothing(
    make_window, workspace, unsaved_questions, monkeypatch, qtbot
):
    taken = backups.backup_now(workspace, "manual")
    window = make_window(workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)  # Home's figures read in the background
    view = _dirty_new_association(window)
    settings = window.page("settings")  # built, not shown: the form stays in front
    section = next(s for s in settings.sections if hasattr(s, "restore"))
    restored: list[object] = []
    monkeypatch.setattr(backups, "restore", lambda *a, **k: restored.append(a))
    unsaved_questions.answers = [unsaved.CANCEL]
    path = getattr(taken, "path", taken)
    assert section.restore(path) is False
    assert unsaved_questions.asked == ["the new record"]
    assert restored == []
    assert view.form.widgets["name_ru"].text() == NAME and view.form.dirty


def test_another_language_asks_and_cancel_keeps_the_language_and_the_form(
    make_window, workspace, unsaved_questions
):
    window = make_window(workspace)
    view = _dirty_new_association(window)
    unsaved_questions.answers = [unsaved.CANCEL]
    window.language_actions["ru"].trigger()  # View → Language → Русский
    assert unsaved_questions.asked == ["the new record"]
    assert i18n.current_language() == "en"
    assert window.language_actions["en"].isChecked() and not window.language_actions["ru"].isChecked()
    assert view.form.widgets["name_ru"].text() == NAME and view.form.dirty

    unsaved_questions.answers = [unsaved.SAVE]
    window.language_actions["ru"].trigger()
    assert i18n.current_language() == "ru"
    assert _count(workspace) == 1


def test_another_meeting_asks_about_unsaved_attendance(make_window, demo_workspace, unsaved_questions):
    found = meetings.meetings(demo_workspace)
    assert len(found) >= 2
    window = make_window(demo_workspace)
    page = window.show_page("meetings")
    first, second = page.list_model.row(0).meeting.id, page.list_model.row(1).meeting.id
    page.select_meeting(first)
    ticked = page.attendance.present
    page.attendance.model.set_all_checked(ticked == 0)
    assert page.attendance.dirty
    unsaved_questions.answers = [unsaved.CANCEL]
    page.list_view.selectRow(1)
    assert unsaved_questions.asked == ["the attendance of the meeting"]
    assert page.meeting_id == first and page.attendance.dirty
    assert page.attendance.present != ticked

    unsaved_questions.answers = [unsaved.DISCARD]
    page.list_view.selectRow(1)
    assert page.meeting_id == second and not page.attendance.dirty
    assert window.close() is True  # nothing left unsaved: no question
    assert len(unsaved_questions.asked) == 2


def test_a_new_meeting_typed_then_closing_asks(make_window, workspace, unsaved_questions):
    window = make_window(workspace)
    page = window.show_page("meetings")
    page.new_record()
    page.form.place.setText("Дом дружбы")
    unsaved_questions.answers = [unsaved.CANCEL]
    assert window.close() is False
    assert unsaved_questions.asked == ["the new meeting"]


def test_a_new_plan_item_typed_then_another_page_asks(make_window, workspace, unsaved_questions):
    window = make_window(workspace)
    page = window.show_page("plan")
    page.new_record()
    page.name_ru.setText("Фестиваль")
    unsaved_questions.answers = [unsaved.CANCEL]
    window.show_page("home")
    assert unsaved_questions.asked == ["the new plan item"]
    assert window.current_page() is page and page.name_ru.text() == "Фестиваль"
