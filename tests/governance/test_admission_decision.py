"""The basis of admission as a link: a member's admission points to the adopted session decision that admitted
them; only such decisions, taken on or before the day of admission, are accepted; the roster (JSON, report)
shows the meeting's date and number."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import FOUNDED, add_members

from desk.cli import main
from desk.domain.validation import ValidationError
from desk.i18n import gettext_for
from desk.reports.roster import render_roster
from desk.services import meetings, persons, roster
from tests.reports.pdfread import raw_text, squash

D = dt.date


@pytest.fixture
def decided(assembly_of_30):
    """Sessions with adopted and rejected decisions, and a council meeting with an adopted one."""
    ws, ids = assembly_of_30
    spring = meetings.create_meeting(ws, {"kind": "session", "number": "4", "date": D(2024, 4, 10)})
    meetings.set_attendance(ws, spring.id, ids[:25])
    admitted = meetings.add_decision(
        ws,
        spring.id,
        {
            "number": "4/1",
            "name_ru": "О составе ассамблеи",
            "name_kk": "Ассамблея құрамы туралы",
            "votes_for": 20,
        },
    )
    rejected = meetings.add_decision(
        ws, spring.id, {"number": "4/2", "name_ru": "О регламенте", "votes_for": 12, "votes_against": 13}
    )
    council = meetings.create_meeting(ws, {"kind": "council_meeting", "number": "7", "date": D(2024, 3, 1)})
    council_ids = add_members(
        ws,
        3,
        admitted_on=FOUNDED,
        body="council",
        person_ids=[roster.get(ws, i).membership.person_id for i in ids[:3]],
    )
    meetings.set_attendance(ws, council.id, council_ids)
    by_council = meetings.add_decision(
        ws, council.id, {"number": "7/1", "name_ru": "О плане", "votes_for": 3}
    )
    autumn = meetings.create_meeting(ws, {"kind": "session", "number": "5", "date": D(2024, 10, 1)})
    meetings.set_attendance(ws, autumn.id, ids[:25])
    later = meetings.add_decision(ws, autumn.id, {"number": "5/1", "name_ru": "О членстве", "votes_for": 25})
    return ws, {"admitted": admitted, "rejected": rejected, "council": by_council, "later": later}


def test_the_lookup_offers_adopted_session_decisions_up_to_a_day(decided):
    ws, d = decided
    offered = [s.id for s in meetings.adopted_session_decisions(ws, D(2024, 6, 1))]
    assert offered == [d["admitted"].id]  # not the rejected one, not the council's, not the later one
    assert [s.id for s in meetings.adopted_session_decisions(ws, D(2024, 4, 10))] == [d["admitted"].id]
    assert meetings.adopted_session_decisions(ws, D(2024, 4, 9)) == []
    newest_first = [s.id for s in meetings.adopted_session_decisions(ws, D(2024, 12, 31))]
    assert newest_first == [d["later"].id, d["admitted"].id]
    label = meetings.adopted_session_decisions(ws, D(2024, 6, 1))[0].label("ru")
    assert "Сессия" in label and "№ 4" in label and "4/1" in label and "2024" in label


def test_an_admission_points_to_the_decision_and_the_roster_shows_it(decided, capsys):
    ws, d = decided
    person = persons.REGISTER.create(ws, {"surname": "Нұрланова", "given_name": "Әсел"})
    m = roster.admit(
        ws,
        person.id,
        admitted_on=D(2024, 5, 1),
        category="ethnocultural",
        admission_decision_id=d["admitted"].id,
    )
    entry = roster.get(ws, m.id)
    assert entry.admission is not None and entry.admission.meeting.number == "4"
    assert "4/1" in entry.basis("en")
    capsys.readouterr()
    assert main(["roster", "--as-of", "2024-06-01", "--json", "--home", str(ws.home.root)]) == 0
    listed = json.loads(capsys.readouterr().out)
    mine = next(x for x in listed["members"] if x["membership_id"] == m.id)
    assert mine["admission_decision"] == {
        "id": d["admitted"].id,
        "number": "4/1",
        "title": "О составе ассамблеи",
        "meeting_id": d["admitted"].meeting_id,
        "meeting_kind": "session",
        "meeting_number": "4",
        "meeting_date": "2024-04-10",
    }
    assert {"admission_basis", "admitted_on", "category", "roles", "left_on"} <= set(mine)
    others = [x for x in listed["members"] if x["membership_id"] != m.id]
    assert others and all(x["admission_decision"] is None for x in others)


@pytest.mark.parametrize(
    "which, day",
    [
        ("rejected", D(2024, 5, 1)),
        ("council", D(2024, 5, 1)),
        ("later", D(2024, 5, 1)),
        ("missing", D(2024, 5, 1)),
    ],
)
def test_a_decision_that_cannot_admit_is_refused_beside_its_field(decided, which, day):
    ws, d = decided
    person = persons.REGISTER.create(ws, {"surname": "Ким", "given_name": "Ольга"})
    decision_id = d[which].id if which in d else "no-such-decision"
    with pytest.raises(ValidationError) as err:
        roster.admit(ws, person.id, admitted_on=day, category="other", admission_decision_id=decision_id)
    assert err.value.for_field("admission_decision_id")
    assert roster.memberships(ws, person_id=person.id) == []  # nothing written


def test_the_link_can_be_set_and_removed_later_and_text_stays_possible(decided):
    ws, d = decided
    person = persons.REGISTER.create(ws, {"surname": "Ли", "given_name": "Виктор"})
    m = roster.admit(
        ws,
        person.id,
        admitted_on=D(2024, 11, 1),
        category="other",
        admission_basis="Протокол № 5 от 1 октября 2024 г.",
    )
    assert roster.get(ws, m.id).basis("ru") == "Протокол № 5 от 1 октября 2024 г."
    roster.update(ws, m.id, {"admission_decision_id": d["later"].id})
    assert "5/1" in roster.get(ws, m.id).basis("ru")
    with pytest.raises(ValidationError):
        roster.update(ws, m.id, {"admission_decision_id": d["rejected"].id})
    assert roster.get(ws, m.id).membership.admission_decision_id == d["later"].id
    roster.update(ws, m.id, {"admission_decision_id": ""})  # "none" from a form
    assert roster.get(ws, m.id).admission is None


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_roster_report_prints_the_decision_in_its_language(decided, tmp_path, lang):
    ws, d = decided
    person = persons.REGISTER.create(ws, {"surname": "Жұмабаев", "given_name": "Ерлан"})
    roster.admit(
        ws, person.id, admitted_on=D(2024, 5, 1), category="other", admission_decision_id=d["admitted"].id
    )
    out = tmp_path / "roster.pdf"
    render_roster(ws, out, lang=lang, as_of=D(2024, 6, 1))
    text = raw_text(out)
    assert gettext_for(lang)("Basis of admission") in text
    entry = next(e for e in roster.roster(ws, D(2024, 6, 1)) if e.membership.person_id == person.id)
    from desk.reports.common import Lang
    from desk.reports.roster import basis

    printed = basis(Lang(lang), entry)
    assert "4/1" in printed and "2024" in printed
    assert (
        squash(printed.replace("\u202f", " ")) in text
    )  # the label, in the report's language, printed whole
    assert ("сессиясы" if lang == "kk" else "Сессия") in printed
