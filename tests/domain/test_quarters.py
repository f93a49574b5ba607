"""The rules of quarters between a region and the centre (desk.domain.quarters), without storage."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from desk.domain import quarters as rules
from desk.errors import DeskError
from desk.i18n import set_language

P = rules.Period(2026, 3)
T0 = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english():
    set_language("en")


def _sub(sid: str, version: int, hours: int = 0) -> rules.Submitted:
    return rules.Submitted(sid, "KZ-35", P, version, T0 + dt.timedelta(hours=hours))


def _dec(sid: str, action: str, hours: int, comment: str = "") -> rules.Decided:
    return rules.Decided(f"d-{sid}-{hours}", "KZ-35", P, sid, action, T0 + dt.timedelta(hours=hours), comment)


def test_periods_and_their_days():
    assert (P.start, P.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert rules.Period(2026, 4).end == dt.date(2026, 12, 31)
    assert rules.Period.of(dt.date(2026, 10, 1)) == rules.Period(2026, 4)
    assert rules.Period(2026, 1).previous() == rules.Period(2025, 4)
    assert rules.last_finished(dt.date(2026, 10, 1)) == P
    assert rules.recent(dt.date(2026, 10, 1), 3) == [rules.Period(2026, 1), rules.Period(2026, 2), P]
    with pytest.raises(DeskError, match="quarter must be 1, 2, 3 or 4"):
        rules.Period(2026, 0)
    assert not rules.can_be_submitted(dt.date(1899, 12, 31)) and rules.can_be_submitted(dt.date(1900, 1, 1))


def test_each_state_from_submissions_and_decisions():
    assert rules.status_of("KZ-35", P, [], []).state == rules.NOT_SENT
    assert rules.status_of("KZ-35", P, [_sub("a", 1)], []).state == rules.SUBMITTED
    accepted = rules.status_of("KZ-35", P, [_sub("a", 1)], [_dec("a", rules.ACCEPTED, 1)])
    assert accepted.state == rules.ACCEPTED and accepted.locked
    reopened = [_dec("a", rules.ACCEPTED, 1), _dec("a", rules.REOPENED, 2, "why")]
    assert rules.status_of("KZ-35", P, [_sub("a", 1)], reopened).state == rules.REOPENED
    # a correction after the reopening: the decisions on version 1 no longer count
    again = rules.status_of("KZ-35", P, [_sub("a", 1), _sub("b", 2, 3)], reopened)
    assert again.state == rules.SUBMITTED and again.versions == 2 and again.submission.id == "b"
    returned = rules.status_of("KZ-35", P, [_sub("a", 1)], [_dec("a", rules.RETURNED, 1, "no protocol")])
    assert (
        returned.state == rules.RETURNED
        and not returned.locked
        and returned.decision.comment == "no protocol"
    )
    # another region's rows are not this region's
    assert rules.status_of("KZ-55", P, [_sub("a", 1)], []).state == rules.NOT_SENT


def test_which_decision_each_state_allows():
    def problem(state: str, action: str) -> str | None:
        return rules.next_decision_problem(rules.QuarterStatus("KZ-35", P, state, _sub("a", 1)), action)

    assert (
        problem(rules.SUBMITTED, rules.ACCEPTED) is None and problem(rules.SUBMITTED, rules.RETURNED) is None
    )
    assert problem(rules.ACCEPTED, rules.REOPENED) is None
    assert "only a submitted quarter" in problem(rules.ACCEPTED, rules.ACCEPTED)
    assert "only a submitted quarter" in problem(rules.RETURNED, rules.RETURNED)
    assert "only an accepted quarter" in problem(rules.SUBMITTED, rules.REOPENED)
    assert "has not been submitted" in rules.next_decision_problem(
        rules.QuarterStatus("KZ-35", P, rules.NOT_SENT), rules.ACCEPTED
    )


def test_a_quarter_is_submitted_only_after_its_last_day():
    status = rules.QuarterStatus("KZ-35", P, rules.NOT_SENT)
    assert "has not ended yet" in rules.submit_problem(status, dt.date(2026, 9, 30))
    assert rules.submit_problem(status, dt.date(2026, 10, 1)) is None


def test_the_days_a_record_is_dated_on():
    assert rules.days_of("event", {"start_date": dt.date(2026, 8, 1)}) == {dt.date(2026, 8, 1)}
    assert rules.days_of("membership", {"admitted_on": dt.date(2020, 1, 1), "left_on": None}) == {
        dt.date(2020, 1, 1)
    }
    assert rules.days_of("planitem", {"year": 2026, "quarter": 3}) == {P.start}
    assert rules.days_of("person", {"birth_date": dt.date(1980, 1, 1)}) == set()  # a person is not dated
    assert rules.days_of("association", {"registration_date": "2026-08-01", "status_date": None}) == {
        dt.date(2026, 8, 1)
    }


def test_what_changed_between_two_versions():
    before = {"events": {"held": 1, "by_type": [{"type": "holiday", "held": 1}]}, "plan": {"percent": None}}
    after = {"events": {"held": 2, "by_type": [{"type": "holiday", "held": 2}]}, "plan": {"percent": 50}}
    changed = {c.figure: (c.before, c.after) for c in rules.changes(before, after)}
    assert changed == {
        "events.held": (1, 2),
        "events.by_type.0.held": (1, 2),
        "plan.percent": (None, 50),
    }
    assert rules.changes(before, before) == []


def test_on_time_is_judged_on_the_deadline_day_in_kazakhstan():
    deadline = dt.date(2026, 10, 10)
    assert (
        rules.on_time(dt.datetime(2026, 10, 10, 18, 59, tzinfo=dt.UTC), deadline) is True
    )  # 23:59 in Astana
    assert rules.on_time(dt.datetime(2026, 10, 10, 19, 0, tzinfo=dt.UTC), deadline) is False  # 00:00 next day
    assert rules.on_time(T0, None) is None


def test_the_signed_text_names_region_quarter_version_and_both_hashes():
    text = rules.signed_text("KZ-35", P, 2, T0, "a" * 64, "b" * 64).decode("utf-8")
    assert '"region":"KZ-35"' in text and '"version":2' in text and '"quarter":3' in text
    assert rules.signed_text("KZ-35", P, 2, T0, "a" * 64, "b" * 64) != rules.signed_text(
        "KZ-35", P, 3, T0, "a" * 64, "b" * 64
    )


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="the zone of a process is set by TZ on POSIX only")
def test_a_moment_is_shown_on_the_users_local_day(monkeypatch):
    """Moments are stored in UTC; 20:30 UTC on 30 September is already 1 October in Astana (UTC+5): the
    sentences that name a day (submitted on, accepted on) say the local one."""
    monkeypatch.setenv("TZ", "Asia/Almaty")
    time.tzset()
    try:
        late = dt.datetime(2026, 9, 30, 20, 30, tzinfo=dt.UTC)
        assert rules.local_day(late) == dt.date(2026, 10, 1)
        assert rules.local_day(late.replace(tzinfo=None)) == dt.date(2026, 10, 1)  # naive: stored UTC
        assert rules.moment_text(late) == "01.10.2026"
    finally:
        monkeypatch.undo()
        time.tzset()
