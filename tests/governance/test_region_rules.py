"""Which rules bind a regional assembly (../shared/DOMAIN.md): the region's own thresholds per body from a document
and a day (the 2024 fractions by default), each verdict naming its rule; members admitted by a session do not count
at it; the national deputies rule only as a recommendation and never before 2025; council decisions by poll."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import add_members

from desk.domain import rules
from desk.domain.rules import COUNCIL_MEETING, COUNCIL_POLL, EXTRAORDINARY_SESSION, SESSION, Thresholds
from desk.domain.validation import ValidationError
from desk.i18n import gettext_for, ngettext_for
from desk.services import body_rules, meetings, persons, roster

D = dt.date


# --- thresholds ------------------------------------------------------------------------------------------------------


def test_default_thresholds_are_the_2024_fractions_at_their_boundaries():
    session = rules.DEFAULT_THRESHOLDS[rules.ASSEMBLY]
    council = rules.DEFAULT_THRESHOLDS[rules.COUNCIL]
    assert session.quorate(30, 20) and not session.quorate(30, 19)
    assert session.adopts(20, 11) and not session.adopts(20, 10)  # more than half
    assert council.quorate(9, 6) and not council.quorate(9, 5)
    assert council.adopts(6, 4) and not council.adopts(6, 3)  # at least two thirds
    assert session.is_default and "27 December 2024" in session.describe("en")


@pytest.mark.parametrize(
    "num, den, strict, total, least",
    [
        (1, 2, True, 30, 16),  # more than half of 30
        (1, 2, False, 30, 15),  # at least half of 30
        (3, 4, False, 30, 23),  # at least three quarters
        (2, 3, False, 31, 21),
        (1, 2, True, 1, 1),
    ],
)
def test_a_regions_fraction_is_met_exactly_at_its_least_count(num, den, strict, total, least):
    t = Thresholds(rules.ASSEMBLY, num, den, strict)
    assert t.quorum_needed(total) == least
    assert t.quorate(total, least) and not t.quorate(total, least - 1)


def test_the_regions_thresholds_apply_from_their_day_and_each_verdict_names_its_rule(assembly_of_30):
    ws, ids = assembly_of_30
    body_rules.add(
        ws,
        {
            "body": "assembly",
            "valid_from": D(2025, 3, 1),
            "quorum_num": 1,
            "quorum_den": 2,
            "quorum_strict": True,
            "adoption_num": 1,
            "adoption_den": 2,
            "adoption_strict": True,
            "document": "Регламент ассамблеи области, утв. 20.02.2025",
        },
    )
    before = meetings.create_meeting(
        ws, {"kind": SESSION, "date": D(2025, 2, 28), "notice_date": D(2025, 1, 1)}
    )
    after = meetings.create_meeting(
        ws, {"kind": SESSION, "date": D(2025, 3, 1), "notice_date": D(2025, 1, 1)}
    )
    for m in (before, after):
        meetings.set_attendance(ws, m.id, ids[:16])
    old, new = meetings.evaluate(ws, before.id), meetings.evaluate(ws, after.id)
    assert not old.quorate and new.quorate  # 16 of 30: short of two thirds, more than half
    assert old.rule.is_default and "27 December 2024" in old.rule.describe("en")
    assert "Регламент ассамблеи области" in new.rule.describe("ru")
    inquorate = [w for w in old.warnings if w.code == "inquorate"][0]
    assert "27 December 2024" in inquorate.text("en")  # the warning names the rule it applied
    meetings.set_attendance(ws, after.id, ids[:15])
    assert not meetings.evaluate(ws, after.id).quorate  # exactly half is not more than half
    assert (
        meetings.evaluate(ws, after.id).to_dict("ru")["rule"].startswith("кворум")
        or "Регламент" in meetings.evaluate(ws, after.id).to_dict("ru")["rule"]
    )
    # the council keeps the default: the rule is per body
    assert body_rules.in_force(ws, "council", D(2025, 6, 1)).is_default


def test_thresholds_need_a_document_and_a_real_fraction(workspace):
    with pytest.raises(ValidationError):
        body_rules.add(workspace, {"body": "assembly", "valid_from": D(2025, 1, 1), "document": ""})
    with pytest.raises(ValidationError):
        body_rules.add(
            workspace,
            {
                "body": "assembly",
                "valid_from": D(2025, 1, 1),
                "document": "Регламент",
                "quorum_num": 3,
                "quorum_den": 2,
            },
        )
    with pytest.raises(ValidationError):
        body_rules.add(
            workspace,
            {"body": "assembly", "valid_from": D(2025, 1, 1), "document": "Регламент", "adoption_den": 0},
        )


# --- members admitted by the session ----------------------------------------------------------------------------------


def _admitting_session(ws, ids, *, new_members=3, present=20):
    day = D(2023, 5, 10)
    m = meetings.create_meeting(ws, {"kind": SESSION, "date": day, "notice_date": D(2023, 4, 1)})
    meetings.set_attendance(ws, m.id, ids[:present])
    d = meetings.add_decision(
        ws, m.id, {"number": "1", "name_ru": "О составе ассамблеи", "votes_for": present // 2 + 1}
    )
    newcomers = []
    for i in range(new_members):
        p = persons.REGISTER.create(ws, {"surname": f"Жаңа{i}", "given_name": "Мүше"})
        newcomers.append(roster.admit(ws, p.id, admitted_on=day, admission_decision_id=d.id).id)
    return m, d, newcomers


def test_members_admitted_by_a_session_neither_count_toward_its_quorum_nor_vote(assembly_of_30):
    ws, ids = assembly_of_30
    m, d, newcomers = _admitting_session(ws, ids)
    result = meetings.evaluate(ws, m.id)
    assert result.members_total == 30  # not 33: the three admitted take part from the next meeting
    assert result.quorate and [r.adopted for r in result.decisions] == [True]
    assert sorted(result.not_counted) == sorted(newcomers)
    assert "admitted_not_counted" in [w.code for w in result.warnings]
    with pytest.raises(ValidationError):  # they cannot be ticked as present at their own admission
        meetings.set_attendance(ws, m.id, [*ids[:20], newcomers[0]])
    assert {e.id for e in meetings.eligible(ws, m.id)} == set(ids)
    # at the next meeting they count: the next day, or another session later the same day
    next_day = meetings.create_meeting(
        ws, {"kind": SESSION, "date": D(2023, 5, 11), "notice_date": D(2023, 4, 1)}
    )
    assert meetings.evaluate(ws, next_day.id).members_total == 33
    same_day = meetings.create_meeting(
        ws,
        {
            "kind": EXTRAORDINARY_SESSION,
            "date": D(2023, 5, 10),
            "requested_by": 11,
            "requested_on": D(2023, 5, 1),
            "convened_on": D(2023, 5, 2),
        },
    )
    assert meetings.evaluate(ws, same_day.id).members_total == 33


def test_a_member_admitted_on_the_day_without_a_linked_decision_is_not_counted_either(assembly_of_30):
    ws, ids = assembly_of_30
    add_members(ws, 2, admitted_on=D(2023, 5, 10))
    m = meetings.create_meeting(ws, {"kind": SESSION, "date": D(2023, 5, 10), "notice_date": D(2023, 4, 1)})
    assert meetings.evaluate(ws, m.id).members_total == 30
    day_before = meetings.create_meeting(
        ws, {"kind": SESSION, "date": D(2023, 5, 9), "notice_date": D(2023, 4, 1)}
    )
    assert meetings.evaluate(ws, day_before.id).members_total == 30


def test_a_region_whose_regulation_lets_them_take_part_counts_them(assembly_of_30):
    ws, ids = assembly_of_30
    body_rules.add(
        ws,
        {
            "body": "assembly",
            "valid_from": D(2023, 1, 1),
            "document": "Регламент 2023",
            "admitted_take_part": True,
        },
    )
    m, _d, _newcomers = _admitting_session(ws, ids, present=25)
    assert meetings.evaluate(ws, m.id).members_total == 33


# --- the deputies rule --------------------------------------------------------------------------------------------


def _leaders(deputies: int, ethnocultural: int) -> list[tuple[str, str]]:
    out = [("executive_body", "chairman")]
    out += [("ethnocultural", "deputy_chairman")] * ethnocultural
    out += [("representative_body", "deputy_chairman")] * (deputies - ethnocultural)
    return out


def test_the_deputies_rule_is_never_applied_before_2025():
    assert rules.leadership_warnings(_leaders(1, 0), D(2024, 12, 31)) == []
    codes = [w.code for w in rules.leadership_warnings(_leaders(1, 0), D(2025, 1, 1))]
    assert codes == ["deputies", "deputies_ethnocultural"]
    assert all(w.recommendation for w in rules.leadership_warnings(_leaders(1, 0), D(2025, 1, 1)))
    assert rules.leadership_warnings(_leaders(3, 2), D(2025, 1, 1)) == []


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("n", [1, 2, 5, 21])
def test_deputies_are_counted_with_the_languages_plural(lang, n):
    warning = rules.RuleWarning("deputies", {"n": n})
    (singular, plural), _key = rules.PLURAL_WARNINGS["deputies"]
    expected = ngettext_for(lang)(singular, plural, n).format(n=n)
    assert warning.text(lang).startswith(expected)
    if lang == "en":
        assert ("has 1 deputy;" in warning.text(lang)) == (n == 1)
        assert "has 1 deputies" not in warning.text(lang)
    if lang == "ru":
        assert "Рекомендация" in warning.text(lang)
    assert gettext_for(lang)("Recommendation") != "" and warning.text(lang) != ""


# --- council decisions by poll ----------------------------------------------------------------------------------------


def test_a_council_poll_counts_the_council_and_its_votes(assembly_of_30):
    ws, ids = assembly_of_30
    people = [roster.get(ws, i).membership.person_id for i in ids[:9]]
    council = add_members(ws, 9, admitted_on=D(2021, 1, 1), body="council", person_ids=people)
    poll = meetings.create_meeting(ws, {"kind": COUNCIL_POLL, "date": D(2024, 2, 1)})
    meetings.set_attendance(ws, poll.id, council[:6])  # six returned their votes
    d = meetings.add_decision(ws, poll.id, {"name_ru": "О проведении фестиваля", "votes_for": 4})
    result = meetings.evaluate(ws, poll.id)
    assert result.members_total == 9 and result.quorate
    assert [r.adopted for r in result.decisions] == [True]
    meetings.update_decision(ws, d.id, {"votes_for": 3})
    assert [r.adopted for r in meetings.evaluate(ws, poll.id).decisions] == [False]
    assert rules.body_of(COUNCIL_POLL) == rules.body_of(COUNCIL_MEETING) == rules.COUNCIL
    with pytest.raises(ValidationError):  # only council members take part in a council poll
        meetings.set_attendance(ws, poll.id, [ids[20]])
    from desk.services import quarterly

    f = quarterly.quarterly_figures(ws, 2024, 1)
    assert (f.council_polls, f.council_meetings, f.decisions_taken) == (1, 0, 1)


def test_the_protocol_and_the_roster_name_the_rule_they_applied(assembly_of_30, tmp_path):
    from desk.reports.meeting import render_meeting
    from desk.reports.roster import render_roster
    from tests.reports.pdfread import raw_text

    ws, ids = assembly_of_30
    body_rules.add(
        ws,
        {
            "body": "assembly",
            "valid_from": D(2025, 3, 1),
            "quorum_num": 1,
            "quorum_den": 2,
            "quorum_strict": True,
            "document": "Регламент ассамблеи области № 7",
        },
    )
    m = meetings.create_meeting(ws, {"kind": SESSION, "date": D(2025, 4, 1), "notice_date": D(2025, 2, 1)})
    meetings.set_attendance(ws, m.id, ids[:16])
    out = tmp_path / "protocol.pdf"
    render_meeting(ws, out, lang="ru", meeting_id=m.id)
    text = raw_text(out)
    assert "Регламент ассамблеи области № 7" in text and "более 1/2 членов" in text
    render_roster(ws, out, lang="ru", as_of=D(2025, 4, 1))
    text = raw_text(out)
    assert "Регламент ассамблеи области № 7" in text and "кворума сессии 16" in text  # more than half of 30
    render_roster(ws, out, lang="ru", as_of=D(2025, 2, 1))
    assert "27 декабря 2024" in raw_text(out) and "кворума сессии 20" in raw_text(out)  # the default before


@pytest.mark.parametrize(
    "code",
    [
        "no_chairman",
        "notice_short",
        "request_small",
        "request_late",
        "convened_unknown",
        "no_session_years",
        "council_not_in_assembly",
        "deputies",
        "deputies_ethnocultural",
        "admitted_not_counted",
    ],
)
def test_every_warning_of_a_rule_names_the_rule(code):
    params = {
        "n": 1,
        "notice": D(2025, 1, 1),
        "date": D(2025, 1, 20),
        "requested": 1,
        "total": 30,
        "convened_on": D(2024, 11, 1),
        "years": ["2023"],
        "names": ["Ким"],
    }
    for lang in ("kk", "ru", "en"):
        text = rules.RuleWarning(code, params).text(lang)
        assert (
            "2002" in text or "2024" in text or gettext_for(lang)(rules.RULE_SOURCES.get(code, "x")) in text
        )


def test_the_third_who_ask_for_an_extraordinary_session_is_counted_on_the_day_of_the_request(assembly_of_30):
    ws, ids = assembly_of_30
    add_members(ws, 6, admitted_on=D(2024, 5, 1))  # 36 members from 1 May; 30 on the day of the request
    m = meetings.create_meeting(
        ws,
        {
            "kind": EXTRAORDINARY_SESSION,
            "date": D(2024, 5, 20),
            "requested_by": 10,
            "requested_on": D(2024, 4, 30),
            "convened_on": D(2024, 5, 2),
        },
    )
    assert "request_small" not in [w.code for w in meetings.evaluate(ws, m.id).warnings]  # 10 of 30: a third
    meetings.update_meeting(ws, m.id, {"requested_by": 9})
    assert "request_small" in [w.code for w in meetings.evaluate(ws, m.id).warnings]  # 9 of 30: fewer
    meetings.update_meeting(ws, m.id, {"requested_by": 10, "requested_on": D(2024, 5, 1)})
    assert "request_small" in [w.code for w in meetings.evaluate(ws, m.id).warnings]  # 10 of 36 that day
