"""The demo's governance: years of meetings decided by the rules, with the outcomes a clerk needs to see."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from desk.domain import rules
from desk.services import decisions, meetings, plan, roster


def test_demo_has_valid_and_inquorate_meetings_and_rejected_decisions(demo_workspace):
    ws = demo_workspace
    found = meetings.meetings(ws)
    kinds = Counter(r.meeting.kind for r in found)
    assert kinds["session"] >= 9 and kinds["extraordinary_session"] >= 1 and kinds["council_meeting"] >= 20
    assert any(not r.quorate for r in found) and any(r.quorate for r in found)
    outcomes = [d.adopted for r in found for d in r.decisions]
    assert True in outcomes and False in outcomes
    assert any(not d.adopted for r in found if r.quorate for d in r.decisions)  # rejected by the vote itself
    years = {r.meeting.date.year for r in found if r.meeting.kind == "session"}
    first, last = min(years), dt.date.today().year - 1
    assert meetings.years_without_session(ws, first, last) == []
    for r in found:
        assert r.present <= r.members_total
        assert all(
            rules.votes_valid(r.present, d.decision.votes_for, d.decision.votes_against, d.decision.abstained)
            for d in r.decisions
        )
        assert not any(w.code == "attendance_not_members" for w in r.warnings)


def test_demo_attendance_follows_the_roster_of_the_day(demo_workspace):
    ws = demo_workspace
    found = meetings.meetings(ws)
    sessions = [r for r in found if r.meeting.kind == "session"]
    assert len({r.members_total for r in sessions}) >= 1
    for r in found[:: max(1, len(found) // 8)]:
        body = rules.body_of(r.meeting.kind)
        # members admitted by a session itself are not counted at it
        assert r.members_total == roster.members_total(ws, r.meeting.date, body=body) - len(r.not_counted)
    left = [e for e in roster.memberships(ws, body="assembly") if e.membership.left_on]
    assert left, "members leave over the years"


def test_demo_has_overdue_and_executed_items_and_plans_with_and_without_events(demo_workspace):
    ws = demo_workspace
    rows = decisions.items(ws)
    statuses = Counter(r.status for r in rows)
    assert statuses["overdue"] > 0 and statuses["executed"] > 0
    last_year = dt.date.today().year - 1
    reports = [plan.plan(ws, y) for y in range(last_year - 5, last_year + 1)]
    assert all(r.rows for r in reports)
    assert any(r.fulfilled for rep in reports for r in rep.rows)
    assert any(not r.fulfilled for rep in reports for r in rep.rows)
    assert any(not r.events for rep in reports for r in rep.rows)
