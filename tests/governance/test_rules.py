"""The assembly's rules at their exact boundaries, and against a plain rational-number oracle."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.domain import rules
from desk.domain.rules import COUNCIL_MEETING, EXTRAORDINARY_SESSION, SESSION

SESSIONS = (SESSION, EXTRAORDINARY_SESSION)


@pytest.mark.parametrize("kind", SESSIONS)
def test_thirty_members_twenty_present_is_valid_nineteen_is_not(kind):
    assert rules.quorate(kind, 30, 20)
    assert not rules.quorate(kind, 30, 19)
    assert rules.quorum_needed(30) == 20


@pytest.mark.parametrize("kind", SESSIONS)
def test_twenty_present_ten_for_is_not_adopted_eleven_is(kind):
    assert not rules.adopted(kind, 30, 20, votes_for=10, votes_against=10)
    assert rules.adopted(kind, 30, 20, votes_for=11, votes_against=9)
    assert rules.votes_needed(kind, 20) == 11


def test_council_of_nine_six_present_is_valid_five_is_not():
    assert rules.quorate(COUNCIL_MEETING, 9, 6)
    assert not rules.quorate(COUNCIL_MEETING, 9, 5)


def test_council_six_present_four_for_is_adopted_three_is_not():
    assert rules.adopted(COUNCIL_MEETING, 9, 6, votes_for=4, votes_against=2)
    assert not rules.adopted(COUNCIL_MEETING, 9, 6, votes_for=3, votes_against=3)
    assert rules.votes_needed(COUNCIL_MEETING, 6) == 4


def test_council_rule_is_two_thirds_not_a_majority():
    # 7 present: 4 for is a majority but less than two thirds; 5 is enough
    assert not rules.adopted(COUNCIL_MEETING, 9, 7, votes_for=4)
    assert rules.adopted(COUNCIL_MEETING, 9, 7, votes_for=5)
    assert rules.adopted(SESSION, 9, 7, votes_for=4)


@pytest.mark.parametrize("kind", rules.MEETING_KIND_CODES)
def test_no_adoption_in_an_invalid_meeting(kind):
    assert not rules.quorate(kind, 30, 19)
    assert not rules.adopted(kind, 30, 19, votes_for=19)


@pytest.mark.parametrize("kind", rules.MEETING_KIND_CODES)
def test_votes_beyond_those_present_adopt_nothing(kind):
    assert not rules.votes_valid(20, 15, 5, 1)
    assert rules.votes_valid(20, 15, 4, 1)
    assert not rules.adopted(kind, 20, 20, votes_for=15, votes_against=5, abstained=1)
    assert not rules.votes_valid(20, -1, 0, 0)


def test_empty_body_or_empty_room_is_never_valid():
    assert not rules.quorate(SESSION, 0, 0)
    assert not rules.quorate(SESSION, 3, 0)
    assert not rules.quorate(SESSION, 3, 4)
    with pytest.raises(ValueError):
        rules.quorate("picnic", 3, 3)


def test_a_member_who_left_the_day_before_does_not_count():
    meeting = dt.date(2025, 7, 1)
    assert not rules.is_member_on(dt.date(2020, 1, 1), meeting - dt.timedelta(days=1), meeting)
    assert not rules.is_member_on(dt.date(2020, 1, 1), meeting, meeting)
    assert rules.is_member_on(dt.date(2020, 1, 1), meeting + dt.timedelta(days=1), meeting)
    assert rules.is_member_on(meeting, None, meeting)
    assert not rules.is_member_on(meeting + dt.timedelta(days=1), None, meeting)


# --- the oracle -------------------------------------------------------------------------------------------------------


def oracle_quorate(total: int, present: int) -> bool:
    return total > 0 and 0 < present <= total and Fraction(present, total) >= Fraction(2, 3)


def oracle_adopted(kind: str, total: int, present: int, votes_for: int, against: int, abstained: int) -> bool:
    if not oracle_quorate(total, present) or votes_for + against + abstained > present:
        return False
    share = Fraction(votes_for, present)
    return (
        share >= Fraction(2, 3) if kind in (COUNCIL_MEETING, rules.COUNCIL_POLL) else share > Fraction(1, 2)
    )


meeting_kinds = st.sampled_from(rules.MEETING_KIND_CODES)


@given(kind=meeting_kinds, total=st.integers(0, 400), present=st.integers(0, 450))
def test_quorum_matches_the_oracle(kind, total, present):
    assert rules.quorate(kind, total, present) == oracle_quorate(total, present)


@given(kind=meeting_kinds, total=st.integers(1, 300), data=st.data())
def test_adoption_matches_the_oracle(kind, total, data):
    present = data.draw(st.integers(0, total))
    votes_for = data.draw(st.integers(0, present + 2))
    against = data.draw(st.integers(0, present + 2))
    abstained = data.draw(st.integers(0, present + 2))
    assert rules.adopted(kind, total, present, votes_for, against, abstained) == oracle_adopted(
        kind, total, present, votes_for, against, abstained
    )


@given(kind=meeting_kinds, total=st.integers(1, 300), data=st.data())
def test_thresholds_are_the_least_that_pass(kind, total, data):
    needed = rules.quorum_needed(total)
    assert oracle_quorate(total, needed) and not oracle_quorate(total, needed - 1)
    present = data.draw(st.integers(needed, total))
    votes = rules.votes_needed(kind, present)
    assert oracle_adopted(kind, total, present, votes, 0, 0)
    assert not oracle_adopted(kind, total, present, votes - 1, 0, 0)


# --- notices, requests, leadership, overdue ------------------------------------------------------------------------


def test_session_announced_less_than_a_month_ahead_is_warned():
    day = dt.date(2025, 3, 31)
    assert rules.one_month_before(day) == dt.date(2025, 2, 28)
    assert not rules.notice_short(SESSION, day, dt.date(2025, 2, 28))
    assert rules.notice_short(SESSION, day, dt.date(2025, 3, 1))
    assert not rules.notice_short(SESSION, dt.date(2025, 3, 15), dt.date(2025, 2, 15))
    assert rules.notice_short(SESSION, dt.date(2025, 3, 15), dt.date(2025, 2, 16))
    assert rules.one_month_before(dt.date(2025, 1, 10)) == dt.date(2024, 12, 10)
    assert not rules.notice_short(EXTRAORDINARY_SESSION, day, day)
    codes = [w.code for w in rules.meeting_warnings(SESSION, day, dt.date(2025, 3, 20), 30, None)]
    assert codes == ["notice_short"]


def test_extraordinary_session_requested_by_fewer_than_a_third_is_warned():
    assert rules.request_too_small(30, 9)
    assert not rules.request_too_small(30, 10)
    assert rules.request_too_small(31, 10) and not rules.request_too_small(31, 11)
    warned = rules.meeting_warnings(EXTRAORDINARY_SESSION, dt.date(2025, 5, 1), None, 30, 9)
    assert [w.code for w in warned] == ["request_small"] and "9" in warned[0].message
    assert rules.meeting_warnings(EXTRAORDINARY_SESSION, dt.date(2025, 5, 1), None, 30, 10) == []


def test_chairman_needs_three_deputies_two_of_them_ethnocultural():
    good = [
        ("other", "chairman"),
        ("ethnocultural", "deputy_chairman"),
        ("ethnocultural", "deputy_chairman,council_member"),
        ("executive_body", "deputy_chairman"),
    ]
    assert rules.leadership_warnings(good) == []
    two = good[:3]
    assert [w.code for w in rules.leadership_warnings(two)] == ["deputies"]
    one_ethno = [good[0], good[1], ("other", "deputy_chairman"), good[3]]
    assert [w.code for w in rules.leadership_warnings(one_ethno)] == ["deputies_ethnocultural"]
    four = [*good, ("ethnocultural", "deputy_chairman")]
    assert [w.code for w in rules.leadership_warnings(four)] == ["deputies"]


def test_overdue_is_computed_from_today():
    deadline = dt.date(2025, 6, 30)
    assert not rules.is_overdue("in_progress", deadline, deadline)
    assert rules.is_overdue("in_progress", deadline, deadline + dt.timedelta(days=1))
    assert not rules.is_overdue("executed", deadline, dt.date(2026, 1, 1))
    assert not rules.is_overdue("in_progress", None, dt.date(2026, 1, 1))
    assert rules.effective_status("in_progress", deadline, dt.date(2025, 7, 1)) == "overdue"


def test_years_without_a_regular_session():
    kinds = {
        2023: {SESSION},
        2024: {COUNCIL_MEETING, EXTRAORDINARY_SESSION},
        2025: {SESSION, COUNCIL_MEETING},
    }
    assert rules.years_without_session(kinds, 2022, 2025) == [2022, 2024]
