"""The roster: admitting, roles, leaving with a ground, and who the members were on any day."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FOUNDED, add_members
from sqlalchemy import func, select

from desk.domain.records import AuditEntry, Membership
from desk.domain.validation import ValidationError
from desk.services import persons, roster


def test_roster_as_of_a_date_keeps_those_who_left(assembly_of_30):
    ws, ids = assembly_of_30
    roster.leave(ws, ids[0], left_on=dt.date(2025, 6, 30), ground="own_wish")
    late = add_members(ws, 1, admitted_on=dt.date(2025, 7, 2))[0]
    assert len(roster.roster(ws, dt.date(2025, 6, 29))) == 30
    on_1_july = {e.id for e in roster.roster(ws, dt.date(2025, 7, 1))}
    assert len(on_1_july) == 29 and ids[0] not in on_1_july and late not in on_1_july
    assert late in {e.id for e in roster.roster(ws, dt.date(2025, 7, 2))}
    assert roster.members_total(ws, FOUNDED - dt.timedelta(days=1)) == 0
    everyone = roster.memberships(ws, body="assembly")
    assert len(everyone) == 31 and any(e.membership.left_on == dt.date(2025, 6, 30) for e in everyone)
    with ws.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Membership)) == 31


def test_leaving_needs_a_known_ground_and_text_for_other(assembly_of_30):
    ws, ids = assembly_of_30
    with pytest.raises(ValidationError) as err:
        roster.leave(ws, ids[1], left_on=dt.date(2025, 1, 1), ground="other")
    assert err.value.for_field("leaving_note")
    with pytest.raises(ValidationError):
        roster.leave(ws, ids[1], left_on=dt.date(2025, 1, 1), ground="bored")
    with pytest.raises(ValidationError) as err:
        roster.leave(ws, ids[1], left_on=FOUNDED - dt.timedelta(days=1), ground="own_wish")
    assert err.value.for_field("left_on")
    assert roster.get(ws, ids[1]).membership.left_on is None  # nothing written
    left = roster.leave(
        ws, ids[1], left_on=dt.date(2025, 1, 1), ground="other", note="Переезд в другую область"
    )
    assert left.leaving_ground == "other"
    with pytest.raises(ValidationError):
        roster.leave(ws, ids[1], left_on=dt.date(2025, 2, 1), ground="own_wish")


def test_admission_is_checked_and_audited(workspace):
    p = persons.REGISTER.create(workspace, {"surname": "Ким", "given_name": "Ольга"})
    first = roster.admit(
        workspace,
        p.id,
        admitted_on=dt.date(2021, 3, 1),
        category="ethnocultural",
        roles=["deputy_chairman"],
        admission_basis="Решение сессии от 01.03.2021",
    )
    with pytest.raises(ValidationError):  # already a member on those days
        roster.admit(workspace, p.id, admitted_on=dt.date(2022, 1, 1))
    with pytest.raises(ValidationError) as err:
        roster.admit(workspace, p.id, admitted_on=dt.date(2022, 1, 1), category="clergy", roles=["king"])
    assert err.value.for_field("category") and err.value.for_field("roles")
    with pytest.raises(ValidationError):
        roster.admit(workspace, "no-such-person", admitted_on=dt.date(2022, 1, 1))
    roster.leave(workspace, first.id, left_on=dt.date(2023, 1, 1), ground="changed_job")
    again = roster.admit(workspace, p.id, admitted_on=dt.date(2024, 1, 1))  # readmitted after leaving
    assert {e.id for e in roster.roster(workspace, dt.date(2024, 5, 1))} == {again.id}
    with workspace.db.read() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.record_id == first.id)).all()
    assert actions == ["create", "update"]


def test_council_is_formed_from_assembly_members_and_ends_with_it(assembly_of_30):
    ws, ids = assembly_of_30
    entries = roster.roster(ws, dt.date(2021, 1, 1))
    council = [
        roster.admit(
            ws,
            e.membership.person_id,
            body="council",
            admitted_on=dt.date(2021, 1, 1),
            roles=["council_member"],
        ).id
        for e in entries[:9]
    ]
    assert roster.members_total(ws, dt.date(2021, 6, 1), body="council") == 9
    outsider = persons.REGISTER.create(ws, {"surname": "Петров", "given_name": "Иван"})
    with pytest.raises(ValidationError):
        roster.admit(ws, outsider.id, body="council", admitted_on=dt.date(2021, 1, 1))
    leaver = roster.roster(ws, dt.date(2021, 1, 1), body="council")[0]
    assembly_membership = next(e for e in entries if e.membership.person_id == leaver.membership.person_id)
    roster.leave(ws, assembly_membership.id, left_on=dt.date(2024, 4, 1), ground="released_from_office")
    assert roster.members_total(ws, dt.date(2024, 3, 31), body="council") == 9
    assert roster.members_total(ws, dt.date(2024, 4, 1), body="council") == 8
    assert roster.get(ws, leaver.id).membership.leaving_ground == "released_from_office"
    assert len(council) == 9


def test_warnings_on_the_chairmans_deputies(assembly_of_30):
    ws, ids = assembly_of_30
    day = dt.date(2025, 6, 1)
    since = dt.date(2025, 1, 1)
    roster.set_roles(ws, ids[0], ["chairman"], since=since)
    roster.update(ws, ids[0], {"category": "executive_body"})
    roster.set_roles(ws, ids[1], ["deputy_chairman"], since=since)
    roster.set_roles(ws, ids[2], ["deputy_chairman"], since=since)
    assert [w.code for w in roster.warnings(ws, day)] == ["deputies"]
    assert all(w.recommendation for w in roster.warnings(ws, day))  # never an error at regional level
    roster.set_roles(ws, ids[3], ["deputy_chairman", "council_member"], since=since)
    roster.update(ws, ids[3], {"category": "representative_body"})
    assert roster.warnings(ws, day) == []
    roster.update(ws, ids[2], {"category": "representative_body"})
    assert [w.code for w in roster.warnings(ws, day)] == ["deputies_ethnocultural"]
    roster.leave(ws, ids[1], left_on=dt.date(2025, 5, 31), ground="own_wish")
    codes = [w.code for w in roster.warnings(ws, day)]
    assert codes == ["deputies", "deputies_ethnocultural"]
    # in 2021 nobody held these roles yet (they hold from 2025), and the deputies rule is not applied before 2025
    assert [w.code for w in roster.warnings(ws, dt.date(2021, 12, 30))] == ["no_chairman"]


def test_roles_must_be_known(assembly_of_30):
    ws, ids = assembly_of_30
    with pytest.raises(ValidationError):
        roster.set_roles(ws, ids[0], ["emperor"])
    assert roster.get(ws, ids[0]).membership.roles == ""
