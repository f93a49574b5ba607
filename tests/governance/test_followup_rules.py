"""Follow-up rules: an extraordinary session held within a month of the members' request (a month as for the
notice), a session in every calendar year, warnings that carry a code and parameters and print in any language."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import add_members
from sqlalchemy import inspect

from desk import i18n
from desk.domain import rules
from desk.domain.records import Meeting
from desk.domain.rules import EXTRAORDINARY_SESSION, SESSION
from desk.domain.validation import ValidationError
from desk.services import dashboard, meetings
from desk.services.folder_check import run_checks
from desk.services.governance_checks import checks
from desk.services.workspace import open_workspace
from desk.store.db import Database
from desk.store.home import Home
from desk.store.migrate import upgrade

D = dt.date


# --- held within a month of the request -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "held, in_time, late",
    [
        (
            D(2025, 3, 15),
            D(2025, 2, 15),
            D(2025, 2, 14),
        ),  # the same day of the previous month is still in time
        (D(2025, 3, 31), D(2025, 2, 28), D(2025, 2, 27)),  # February is shorter: its last day
        (D(2024, 3, 31), D(2024, 2, 29), D(2024, 2, 28)),  # a leap year
        (D(2025, 1, 10), D(2024, 12, 10), D(2024, 12, 9)),  # across the new year
    ],
)
def test_exactly_a_month_after_the_request_is_in_time_one_day_more_is_late(held, in_time, late):
    assert not rules.request_late(EXTRAORDINARY_SESSION, held, in_time)
    assert rules.request_late(EXTRAORDINARY_SESSION, held, late)
    # "a month" is the notice rule's month: a notice on the same day is enough, one day later is short
    assert not rules.notice_short(SESSION, held, in_time)
    assert rules.notice_short(SESSION, held, in_time + dt.timedelta(days=1))
    codes = [w.code for w in rules.meeting_warnings(EXTRAORDINARY_SESSION, held, None, 30, 10, late)]
    assert codes == ["request_late"]
    assert rules.meeting_warnings(EXTRAORDINARY_SESSION, held, None, 30, 10, in_time) == []


def test_only_an_extraordinary_session_with_a_known_request_date_is_judged():
    assert not rules.request_late(SESSION, D(2025, 3, 15), D(2024, 1, 1))
    assert not rules.request_late(EXTRAORDINARY_SESSION, D(2025, 3, 15), None)


def _extraordinary(ws, day, requested_on, **extra):
    return meetings.create_meeting(
        ws,
        {
            "kind": EXTRAORDINARY_SESSION,
            "date": day,
            "requested_by": 10,
            "requested_on": requested_on,
            **extra,
        },
    )


def test_the_month_runs_from_the_decision_to_convene_not_from_the_request(assembly_of_30):
    ws, _ids = assembly_of_30
    # requested long before, convened exactly a month before: in time (the request's day does not count)
    m = _extraordinary(ws, D(2025, 3, 15), D(2025, 1, 10), convened_on=D(2025, 2, 15))
    assert meetings.get(ws, m.id).requested_on == D(2025, 1, 10)
    assert "request_late" not in [w.code for w in meetings.evaluate(ws, m.id).warnings]
    meetings.update_meeting(ws, m.id, {"convened_on": D(2025, 2, 14)})
    warned = [w for w in meetings.evaluate(ws, m.id).warnings if w.code == "request_late"]
    assert len(warned) == 1 and "2025-02-14" in warned[0].message and "2025-03-15" in warned[0].message
    assert "2002 Regulation, item 8" in warned[0].message  # the warning names its rule
    assert meetings.evaluate(ws, m.id).to_dict()["convened_on"] == "2025-02-14"


def test_an_extraordinary_session_without_the_day_it_was_convened_says_so(assembly_of_30):
    ws, _ids = assembly_of_30
    m = _extraordinary(ws, D(2025, 3, 15), D(2025, 1, 10))
    codes = [w.code for w in meetings.evaluate(ws, m.id).warnings]
    assert "convened_unknown" in codes and "request_late" not in codes


def test_the_decision_to_convene_falls_between_the_request_and_the_session(assembly_of_30):
    ws, _ids = assembly_of_30
    with pytest.raises(ValidationError):
        _extraordinary(ws, D(2025, 3, 15), D(2025, 2, 10), convened_on=D(2025, 2, 9))
    with pytest.raises(ValidationError):
        _extraordinary(ws, D(2025, 3, 15), D(2025, 2, 10), convened_on=D(2025, 3, 16))
    with pytest.raises(ValidationError):
        meetings.create_meeting(ws, {"kind": SESSION, "date": D(2025, 3, 15), "convened_on": D(2025, 3, 1)})


def test_a_request_date_is_refused_after_the_session_or_on_a_regular_session(assembly_of_30):
    ws, _ids = assembly_of_30
    m = _extraordinary(ws, D(2025, 3, 15), D(2025, 3, 1))
    with pytest.raises(ValidationError) as err:
        meetings.update_meeting(ws, m.id, {"requested_on": D(2025, 3, 16)})
    assert err.value.for_field("requested_on")
    assert meetings.get(ws, m.id).requested_on == D(2025, 3, 1)  # unchanged
    with pytest.raises(ValidationError) as err:
        meetings.create_meeting(ws, {"kind": SESSION, "date": D(2025, 4, 1), "requested_on": D(2025, 3, 1)})
    assert err.value.for_field("requested_on")
    assert len(meetings.meetings(ws)) == 1


def test_a_database_before_the_request_column_is_upgraded(tmp_path):
    home = Home(tmp_path / "old")
    home.ensure()
    db = Database(home.database)
    upgrade(db, "0002_governance")
    assert "requested_on" not in {c["name"] for c in inspect(db.engine).get_columns("meeting")}
    db.dispose()
    ws = open_workspace(home.root)
    try:
        assert "requested_on" in {c["name"] for c in inspect(ws.db.engine).get_columns("meeting")}
    finally:
        ws.close()


# --- a session every year -------------------------------------------------------------------------------------------


def test_years_without_a_session_from_the_first_admission_to_last_year(workspace):
    ws = workspace
    add_members(ws, 3, admitted_on=D(2020, 5, 10))
    for day in (D(2020, 6, 1), D(2022, 3, 1)):
        meetings.create_meeting(ws, {"kind": SESSION, "date": day})
    meetings.create_meeting(ws, {"kind": "council_meeting", "date": D(2021, 3, 1)})  # not a session
    meetings.create_meeting(ws, {"kind": EXTRAORDINARY_SESSION, "date": D(2023, 3, 1)})  # not a regular one
    archived = meetings.create_meeting(ws, {"kind": SESSION, "date": D(2023, 9, 1)})
    with ws.db.transact() as session:  # an archived session does not count
        session.get(Meeting, archived.id).archived_at = dt.datetime.now(dt.UTC)

    today = D(2025, 2, 1)  # 2025 is still open
    problems = checks(ws, today=today)
    assert len(problems) == 1 and problems[0].check == "sessions"
    assert "2021, 2023, 2024" in problems[0].message
    assert "2020" not in problems[0].message and "2025" not in problems[0].message
    meetings.create_meeting(ws, {"kind": SESSION, "date": D(2021, 12, 31)})
    meetings.create_meeting(ws, {"kind": SESSION, "date": D(2023, 1, 1)})
    meetings.create_meeting(ws, {"kind": SESSION, "date": D(2024, 6, 1)})
    assert checks(ws, today=today) == []


def test_desk_check_and_home_report_a_year_without_a_session(workspace):
    ws = workspace
    last_year = dt.date.today().year - 1
    add_members(ws, 3, admitted_on=D(last_year - 1, 1, 10))
    meetings.create_meeting(ws, {"kind": SESSION, "date": D(last_year - 1, 1, 10)})
    assert [p.message for p in run_checks(ws) if p.check == "sessions"] == [
        rules.RuleWarning("no_session_years", {"years": [str(last_year)]}).message
    ]
    glance = dashboard.glance(ws)
    assert [w.code for w in glance.session_warnings] == ["no_session_years"]
    assert str(last_year) in glance.session_warnings[0].text("kk")


def test_a_region_without_members_has_nothing_to_report(workspace):
    assert checks(workspace) == []


# --- warnings in any language ---------------------------------------------------------------------------------------


def test_a_warning_prints_in_any_language_and_follows_the_window():
    w = rules.meeting_warnings(EXTRAORDINARY_SESSION, D(2025, 5, 1), None, 30, 9, D(2025, 3, 1))
    assert [x.code for x in w] == ["request_small", "request_late"]
    small = w[0]
    texts = {lang: small.text(lang) for lang in ("kk", "ru", "en")}
    assert texts["en"] == (
        "The extraordinary session was requested by 9 of 30 members, fewer than a third. "
        "(Rule: 2002 Regulation, item 8.)"
    )
    assert len(set(texts.values())) == 3 and all("9" in t and "30" in t for t in texts.values())
    assert any(ch in texts["kk"] for ch in "әғқңөұүһі")
    late = w[1]
    assert "2025-03-01" in late.text("ru")
    assert "1 мар. 2025" in late.text("ru", date=lambda d: i18n.format_date(d, "ru"))
    assert small.message == texts["en"]
    i18n.set_language("ru")
    try:
        assert small.message == texts["ru"] and str(small) == texts["ru"]
    finally:
        i18n.set_language("en")


def test_names_in_parameters_follow_the_language():
    w = rules.RuleWarning("votes", {"number": {"kk": "Жоспар туралы", "ru": "О плане", "en": ""}})
    assert "О плане" in w.text("ru") and "Жоспар туралы" in w.text("kk")
    assert "Жоспар туралы" in w.text("en")  # no English wording: another recorded language


def test_a_year_without_a_session_is_a_warning_that_does_not_fail_desk_check(workspace, capsys):
    from desk.cli import main

    last_year = dt.date.today().year - 1
    add_members(workspace, 3, admitted_on=D(last_year - 1, 1, 10))
    assert main(["check", "--home", str(workspace.home.root)]) == 0
    out = capsys.readouterr().out
    assert str(last_year) in out and "sound" in out
