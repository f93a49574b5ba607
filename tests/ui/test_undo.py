"""Edit → Undo (Ctrl+Z) and Redo on the audit trail (issue 12, point 4): the last saved change of this operator —
a create, an edit, an archive, a meeting's attendance or votes — is undone, the window says what it undid, and Redo
puts it back."""

from __future__ import annotations

from desk.services import associations, meetings
from desk.services.records import ListQuery
from desk.ui.qt import QKeySequence


def _count(ws):
    return associations.REGISTER.count(ws, ListQuery(include_archived=True))


def test_undo_and_redo_a_create_an_edit_and_an_archive(make_window, workspace, qtbot):
    window = make_window(workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    assert window.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    view = window.show_page("associations").view
    view.new_record()
    view.form.widgets["name_ru"].setText("Уйгурский центр")
    view.form.widgets["ethnic_group"].set_value("uyghur")
    view.form.widgets["legal_status"].set_value("initiative")
    assert view.save()
    record_id = view.form.record.id
    view.form.widgets["name_ru"].setText("Уйгурский культурный центр")
    view.form.widgets["name_ru"].textEdited.emit("x")
    assert view.save()
    view.form.toggle_archived()
    assert associations.REGISTER.get(workspace, record_id).archived_at is not None

    window.act_undo.trigger()  # the archive
    assert window.undo_stack.last_message == "Undone: archiving the association «Уйгурский культурный центр»."
    assert window.statusBar().currentMessage() == window.undo_stack.last_message
    assert associations.REGISTER.get(workspace, record_id).archived_at is None

    window.act_undo.trigger()  # the edit
    assert window.undo_stack.last_message.startswith("Undone: the changes to the association")
    assert associations.REGISTER.get(workspace, record_id).name_ru == "Уйгурский центр"

    window.act_redo.trigger()  # the edit again
    assert window.undo_stack.last_message.startswith("Redone: the changes to the association")
    assert associations.REGISTER.get(workspace, record_id).name_ru == "Уйгурский культурный центр"

    window.act_undo.trigger()  # the redone edit
    assert associations.REGISTER.get(workspace, record_id).name_ru == "Уйгурский центр"
    window.act_undo.trigger()  # the create
    assert window.undo_stack.last_message == "Undone: creating the association «Уйгурский центр»."
    assert _count(workspace) == 0
    window.act_undo.trigger()
    assert window.undo_stack.last_message == "Nothing to undo: you have saved no change."
    window.act_redo.trigger()  # the create again, with the same id
    assert _count(workspace) == 1
    assert associations.REGISTER.get(workspace, record_id).name_ru == "Уйгурский центр"


def test_undo_a_meetings_attendance_and_votes(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    page = window.show_page("meetings")
    result = next(r for r in meetings.meetings(demo_workspace) if r.decisions)
    page.select_meeting(result.meeting.id)
    before = set(meetings.attendance(demo_workspace, result.meeting.id))
    page.detail.setCurrentWidget(page.attendance)
    page.attendance.model.set_all_checked(True)
    assert page.save()
    assert set(meetings.attendance(demo_workspace, result.meeting.id)) != before

    page.detail.setCurrentWidget(page.decisions)
    votes = page.decisions.votes_against.value()
    page.decisions.votes_against.setValue(votes + 1)
    assert page.save()

    window.act_undo.trigger()
    assert window.undo_stack.last_message.startswith("Undone: the changes to the decision and its votes")
    decision = next(
        d
        for d in meetings.evaluate(demo_workspace, result.meeting.id).decisions
        if d.decision.id == page.decisions.decision_id
    )
    assert decision.decision.votes_against == votes

    window.act_undo.trigger()
    assert window.undo_stack.last_message.startswith("Undone: the attendance of a meeting")
    assert set(meetings.attendance(demo_workspace, result.meeting.id)) == before


def test_redo_is_refused_after_a_new_change(make_window, workspace, qtbot):
    window = make_window(workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    associations.REGISTER.create(
        workspace, {"name_ru": "А", "ethnic_group": "tatar", "legal_status": "initiative"}
    )
    window.undo_stack.undo()
    assert _count(workspace) == 0
    associations.REGISTER.create(
        workspace, {"name_ru": "Б", "ethnic_group": "tatar", "legal_status": "initiative"}
    )
    assert window.undo_stack.redo() == "Nothing to redo: changes were saved after the undo."
    assert _count(workspace) == 1
