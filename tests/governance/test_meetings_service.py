"""Meetings: attendance against the roster of the meeting's day, validity and adoption by the rules."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import add_members
from sqlalchemy import func, select

from desk.domain.records import Attendance, Decision, Meeting
from desk.domain.validation import ValidationError
from desk.services import meetings, roster

DAY = dt.date(2025, 7, 1)


def session_on(ws, day=DAY, kind="session", **extra):
    return meetings.create_meeting(
        ws,
        {
            "kind": kind,
            "date": day,
            "place": "Достық үйі",
            "notice_date": day - dt.timedelta(days=40),
            **extra,
        },
    )


def test_thirty_members_twenty_present_is_valid_nineteen_is_not(assembly_of_30):
    ws, ids = assembly_of_30
    m = session_on(ws)
    result = meetings.set_attendance(ws, m.id, ids[:19])
    assert (result.members_total, result.present, result.quorate) == (30, 19, False)
    assert "inquorate" in [w.code for w in result.warnings]
    result = meetings.set_attendance(ws, m.id, ids[:20])
    assert (result.members_total, result.present, result.quorate) == (30, 20, True)
    assert result.warnings == []


def test_twenty_present_ten_for_is_not_adopted_eleven_is(assembly_of_30):
    ws, ids = assembly_of_30
    m = session_on(ws)
    meetings.set_attendance(ws, m.id, ids[:20])
    ten = meetings.add_decision(
        ws, m.id, {"number": "1", "name_ru": "О плане", "votes_for": 10, "votes_against": 8, "abstained": 2}
    )
    eleven = meetings.add_decision(
        ws, m.id, {"number": "2", "name_kk": "Жоспар туралы", "votes_for": 11, "votes_against": 9}
    )
    outcome = {r.decision.id: r.adopted for r in meetings.evaluate(ws, m.id).decisions}
    assert outcome == {ten.id: False, eleven.id: True}


def test_a_member_who_left_the_day_before_the_meeting_does_not_count(assembly_of_30):
    ws, ids = assembly_of_30
    roster.leave(ws, ids[29], left_on=DAY - dt.timedelta(days=1), ground="own_wish")
    m = session_on(ws)
    assert len(meetings.eligible(ws, m.id)) == 29
    with pytest.raises(ValidationError) as err:
        meetings.set_attendance(ws, m.id, ids[:19] + [ids[29]])
    assert err.value.for_field("attendance")
    assert meetings.attendance(ws, m.id) == set()  # nothing written
    result = meetings.set_attendance(ws, m.id, ids[:20])
    # 29 members that day: 20 present is at least two thirds (3*20 >= 2*29); today's roster does not matter
    assert (result.members_total, result.present, result.quorate) == (29, 20, True)
    later = session_on(ws, DAY + dt.timedelta(days=400))
    add_members(ws, 10, admitted_on=DAY + dt.timedelta(days=100))
    assert meetings.evaluate(ws, m.id).members_total == 29
    assert meetings.evaluate(ws, later.id).members_total == 39


def test_votes_adding_up_to_more_than_present_are_refused(assembly_of_30):
    ws, ids = assembly_of_30
    m = session_on(ws)
    meetings.set_attendance(ws, m.id, ids[:20])
    with pytest.raises(ValidationError) as err:
        meetings.add_decision(
            ws, m.id, {"name_ru": "О бюджете", "votes_for": 15, "votes_against": 5, "abstained": 1}
        )
    assert "20" in str(err.value)
    with pytest.raises(ValidationError):
        meetings.add_decision(ws, m.id, {"name_ru": "О бюджете", "votes_for": -1})
    with pytest.raises(ValidationError):
        meetings.add_decision(ws, m.id, {"votes_for": 12})  # no wording
    with ws.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
    d = meetings.add_decision(ws, m.id, {"name_ru": "О бюджете", "votes_for": 15, "votes_against": 5})
    with pytest.raises(ValidationError):
        meetings.update_decision(ws, d.id, {"abstained": 1})
    with pytest.raises(ValidationError) as err:  # unticking would leave 15+5 votes with 19 present
        meetings.set_attendance(ws, m.id, ids[:19])
    assert err.value.for_field("attendance")
    assert len(meetings.attendance(ws, m.id)) == 20


def test_no_adoption_in_an_invalid_meeting(assembly_of_30):
    ws, ids = assembly_of_30
    m = session_on(ws)
    meetings.set_attendance(ws, m.id, ids[:19])
    meetings.add_decision(ws, m.id, {"name_ru": "Единогласно", "votes_for": 19})
    result = meetings.evaluate(ws, m.id)
    assert not result.quorate and [r.adopted for r in result.decisions] == [False]


def test_council_of_nine(assembly_of_30):
    ws, ids = assembly_of_30
    persons = [roster.get(ws, i).membership.person_id for i in ids[:9]]
    council = add_members(ws, 9, admitted_on=dt.date(2021, 1, 1), body="council", person_ids=persons)
    m = session_on(ws, kind="council_meeting")
    assert {e.id for e in meetings.eligible(ws, m.id)} == set(council)
    with pytest.raises(ValidationError):  # an assembly member who is not on the council
        meetings.set_attendance(ws, m.id, [ids[20]])
    result = meetings.set_attendance(ws, m.id, council[:5])
    assert (result.members_total, result.present, result.quorate) == (9, 5, False)
    result = meetings.set_attendance(ws, m.id, council[:6])
    assert (result.members_total, result.present, result.quorate) == (9, 6, True)
    four = meetings.add_decision(ws, m.id, {"name_ru": "Четыре", "votes_for": 4, "votes_against": 2})
    three = meetings.add_decision(ws, m.id, {"name_ru": "Три", "votes_for": 3, "votes_against": 3})
    outcome = {r.decision.id: r.adopted for r in meetings.evaluate(ws, m.id).decisions}
    assert outcome == {four.id: True, three.id: False}


def test_warnings_on_notice_and_extraordinary_request(assembly_of_30):
    ws, ids = assembly_of_30
    late = session_on(ws, notice_date=DAY - dt.timedelta(days=20))
    assert "notice_short" in [w.code for w in meetings.evaluate(ws, late.id).warnings]
    few = meetings.create_meeting(ws, {"kind": "extraordinary_session", "date": DAY, "requested_by": 9})
    assert "request_small" in [w.code for w in meetings.evaluate(ws, few.id).warnings]
    enough = meetings.create_meeting(ws, {"kind": "extraordinary_session", "date": DAY, "requested_by": 10})
    assert "request_small" not in [w.code for w in meetings.evaluate(ws, enough.id).warnings]
    with pytest.raises(ValidationError):
        meetings.create_meeting(
            ws, {"kind": "session", "date": DAY, "notice_date": DAY + dt.timedelta(days=1)}
        )
    with pytest.raises(ValidationError):
        meetings.create_meeting(ws, {"kind": "banquet", "date": DAY})
    with pytest.raises(ValidationError):
        meetings.create_meeting(ws, {"kind": "session", "date": DAY, "requested_by": 12})


def test_list_between_dates_and_delete_with_everything_attached(assembly_of_30):
    ws, ids = assembly_of_30
    first = session_on(ws, dt.date(2024, 5, 1))
    second = session_on(ws, dt.date(2025, 5, 1))
    meetings.set_attendance(ws, second.id, ids[:25])
    meetings.add_decision(ws, second.id, {"name_ru": "О плане", "votes_for": 20})
    found = meetings.meetings(ws, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
    assert [r.meeting.id for r in found] == [second.id]
    assert found[0].present == 25 and found[0].decisions[0].adopted
    assert [r.meeting.id for r in meetings.meetings(ws)] == [first.id, second.id]
    meetings.delete_meeting(ws, second.id)
    with ws.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendance)) == 0
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
        assert session.scalar(select(func.count()).select_from(Meeting)) == 1


def test_changing_the_date_changes_who_counts(assembly_of_30):
    ws, ids = assembly_of_30
    m = session_on(ws)
    meetings.set_attendance(ws, m.id, ids[:20])
    roster.leave(ws, ids[0], left_on=DAY + dt.timedelta(days=10), ground="own_wish")
    meetings.update_meeting(ws, m.id, {"date": DAY + dt.timedelta(days=20)})
    result = meetings.evaluate(ws, m.id)
    assert (result.members_total, result.present) == (29, 19)
    assert "attendance_not_members" in [w.code for w in result.warnings]
