"""History: an association's status, a member's roles and an execution item's status and deadline are kept with the
days they hold from, and every "as of" reads them from there (../shared/DOMAIN.md, "History")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import FOUNDED
from sqlalchemy import select, text

from desk.domain import history
from desk.domain.records import StateChange
from desk.services import associations, decisions, meetings, quarterly, roster
from desk.services import history as history_service
from desk.services.workspace import open_workspace
from desk.store.db import Database
from desk.store.home import Home
from desk.store.migrate import upgrade

D = dt.date


def _association(ws, **values):
    base = {
        "name_ru": "Корейский центр",
        "ethnic_group": "korean",
        "legal_status": "initiative",
        "registration_date": D(2019, 5, 1),
    }
    return associations.REGISTER.create(ws, {**base, **values})


def _statuses(ws, a, day):
    return {r.association.id: r.status for r in quarterly.associations_on(ws, day, with_liquidated=True)}.get(
        a.id
    )


def test_a_liquidation_in_november_leaves_september_active(workspace):
    ws = workspace
    a = _association(ws)
    associations.REGISTER.update(
        ws,
        a.id,
        {"status": "liquidated", "status_date": D(2026, 11, 2), "status_reason": "Решение общего собрания"},
    )
    assert _statuses(ws, a, D(2026, 9, 30)) == "active"
    assert _statuses(ws, a, D(2026, 11, 1)) == "active"
    assert _statuses(ws, a, D(2026, 11, 2)) == "liquidated"  # from its day on
    assert a.id in {r.association.id for r in quarterly.associations_as_of(ws, D(2026, 9, 30))}
    assert a.id not in {r.association.id for r in quarterly.associations_as_of(ws, D(2026, 11, 2))}
    as_of = quarterly.associations_as_of(ws, D(2026, 9, 30), filters={"status": "active"})
    assert [r.status for r in as_of if r.association.id == a.id] == ["active"]


def test_suspension_and_reactivation_are_both_kept(workspace):
    ws = workspace
    a = _association(ws)
    associations.REGISTER.update(
        ws,
        a.id,
        {"status": "suspended", "status_date": D(2022, 3, 10), "status_reason": "Приостановлено судом"},
    )
    associations.REGISTER.update(
        ws, a.id, {"status": "active", "status_date": D(2022, 9, 1), "status_reason": ""}
    )
    assert _statuses(ws, a, D(2022, 3, 9)) == "active"
    assert _statuses(ws, a, D(2022, 3, 10)) == "suspended"
    assert _statuses(ws, a, D(2022, 8, 31)) == "suspended"
    assert _statuses(ws, a, D(2022, 9, 1)) == "active"
    f = quarterly.quarterly_figures(ws, 2022, 1)
    assert [(r.day, r.status, r.reason) for r in f.status_changes] == [
        (D(2022, 3, 10), "suspended", "Приостановлено судом")
    ]
    assert f.by_status == {"suspended": 1}
    assert quarterly.quarterly_figures(ws, 2022, 3).by_status == {"active": 1}
    # the window's history: newest first, in the language asked for
    lines = history_service.record_history(ws, "association", a.id, "ru")
    assert [(line.valid_from, line.value_label) for line in lines] == [
        (D(2022, 9, 1), "Действующее"),
        (D(2022, 3, 10), "Деятельность приостановлена"),
        (D(2019, 5, 1), "Действующее"),
    ]
    assert lines[1].reason == "Приостановлено судом"


def test_correcting_the_day_of_a_status_corrects_that_fact(workspace):
    ws = workspace
    a = _association(ws)
    associations.REGISTER.update(ws, a.id, {"status": "liquidated", "status_date": D(2024, 6, 1)})
    associations.REGISTER.update(ws, a.id, {"status_date": D(2024, 5, 20)})  # a typo fixed, not a new event
    with ws.db.read() as session:
        rows = session.scalars(select(StateChange).where(StateChange.record_id == a.id)).all()
    assert sorted((r.value, r.valid_from) for r in rows) == [
        ("active", D(2019, 5, 1)),
        ("liquidated", D(2024, 5, 20)),
    ]


def test_a_status_change_without_its_own_day_holds_from_the_day_it_was_recorded(workspace):
    ws = workspace
    a = _association(ws, status="suspended", status_date=D(2023, 2, 1))
    associations.REGISTER.update(ws, a.id, {"status": "active"})
    facts = history_service.facts(ws, [associations.REGISTER.get(ws, a.id)], "status")[a.id]
    assert [f.value for f in history.ordered(facts)] == ["active", "suspended", "active"]
    assert history.ordered(facts)[-1].valid_from == dt.date.today()


def test_roles_are_kept_with_the_day_they_hold_from(assembly_of_30):
    ws, ids = assembly_of_30
    roster.set_roles(ws, ids[0], ["head_of_secretariat"], since=D(2021, 1, 1))
    roster.set_roles(ws, ids[0], ["deputy_chairman"], since=D(2024, 7, 1))
    roster.set_roles(ws, ids[1], ["head_of_secretariat"], since=D(2024, 7, 1))

    def roles(day):
        return {e.id: e.roles for e in roster.roster(ws, day) if e.roles}

    assert roles(D(2020, 6, 1)) == {}
    assert roles(D(2021, 1, 1)) == {ids[0]: "head_of_secretariat"}
    assert roles(D(2024, 6, 30)) == {ids[0]: "head_of_secretariat"}
    assert roles(D(2024, 7, 1)) == {ids[0]: "deputy_chairman", ids[1]: "head_of_secretariat"}
    # the quarterly report is signed by the head of the secretariat of that quarter
    first = roster.get(ws, ids[0]).name
    assert quarterly.quarterly_figures(ws, 2024, 2).head_of_secretariat == first
    assert quarterly.quarterly_figures(ws, 2024, 3).head_of_secretariat == roster.get(ws, ids[1]).name
    lines = history_service.record_history(ws, "membership", ids[0], "en")
    assert [(line.valid_from, line.value_label) for line in lines][:2] == [
        (D(2024, 7, 1), "Deputy chairman"),
        (D(2021, 1, 1), "Head of the secretariat"),
    ]


def test_council_seats_have_their_own_dates(assembly_of_30):
    ws, ids = assembly_of_30
    person = roster.get(ws, ids[0]).membership.person_id
    seat = roster.admit(ws, person, body="council", admitted_on=D(2022, 3, 1))
    roster.leave(ws, seat.id, left_on=D(2023, 3, 1), ground="own_wish")
    assert roster.members_total(ws, D(2022, 2, 28), body="council") == 0
    assert roster.members_total(ws, D(2022, 3, 1), body="council") == 1
    assert roster.members_total(ws, D(2023, 3, 1), body="council") == 0
    assert roster.members_total(ws, D(2023, 3, 1)) == 30  # the assembly seat is untouched


def _item(ws, ids, *, deadline):
    m = meetings.create_meeting(
        ws, {"kind": "session", "date": D(2021, 1, 20), "notice_date": D(2020, 12, 1)}
    )
    meetings.set_attendance(ws, m.id, ids[:25])
    d = meetings.add_decision(ws, m.id, {"number": "1/1", "name_ru": "О плане", "votes_for": 20})
    return decisions.add_item(
        ws, d.id, {"responsible": "Управление", "task": "Отчитаться", "deadline": deadline}
    )


def test_an_item_executed_after_the_quarter_was_overdue_at_its_end(assembly_of_30):
    ws, ids = assembly_of_30
    item = _item(ws, ids, deadline=D(2021, 3, 1))
    decisions.mark_executed(ws, item.id, D(2021, 4, 4))
    f = quarterly.quarterly_figures(ws, 2021, 1)
    assert f.execution_items_overdue == 1 and f.decisions_overdue == 1
    assert [(r.status, r.executed_on) for r in f.control] == [("overdue", None)]
    q2 = quarterly.quarterly_figures(ws, 2021, 2)
    assert q2.execution_items_overdue == 0
    assert [(r.status, r.executed_on) for r in q2.control] == [("executed", D(2021, 4, 4))]
    # executed before a quarter began: no longer on that quarter's control list
    assert quarterly.quarterly_figures(ws, 2021, 3).control == []


def test_a_deadline_moved_later_does_not_change_a_past_quarter(assembly_of_30):
    ws, ids = assembly_of_30
    item = _item(ws, ids, deadline=D(2021, 3, 1))
    with ws.db.engine.begin() as conn:  # the item was entered when the decision was taken, in 2021
        conn.execute(
            text("UPDATE executionitem SET created_at = '2021-01-21 09:00:00' WHERE id = :id"),
            {"id": item.id},
        )
    # the extension is recorded today: the old deadline held until then
    decisions.update_item(ws, item.id, {"deadline": D(2021, 12, 31)})
    f = quarterly.quarterly_figures(ws, 2021, 1)
    assert [(r.deadline, r.status) for r in f.control] == [(D(2021, 3, 1), "overdue")]
    lines = history_service.record_history(ws, "executionitem", item.id, "en")
    assert {line.field for line in lines} == {"status", "deadline"}


def test_membership_on_the_day_of_admission_and_of_leaving(assembly_of_30):
    ws, ids = assembly_of_30
    roster.leave(ws, ids[0], left_on=D(2021, 4, 1), ground="own_wish")
    assert roster.members_total(ws, D(2021, 3, 31)) == 30
    assert roster.members_total(ws, D(2021, 4, 1)) == 29
    assert roster.members_total(ws, FOUNDED - dt.timedelta(days=1)) == 0


def test_a_database_with_data_is_upgraded_and_its_history_is_implied(tmp_path: Path):
    home = Home(tmp_path / "old")
    home.ensure()
    db = Database(home.database)
    for head in ("0003_import", "0004_meeting_request", "0005_sync_key_epoch"):
        upgrade(db, head)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('region', 'KZ-35'), ('mode', 'region')"))
        conn.execute(
            text(
                "INSERT INTO association (id, region, created_at, updated_at, usn, name_kk, name_ru, name_en, sort_kk,"
                " sort_ru, sort_en, ethnic_group, other_ethnic_groups, legal_status, is_republican, registration_date,"
                " registration_number, address, leader, phone, email, lines_of_work, status, status_date,"
                " status_reason, notes) VALUES ('a1', 'KZ-35', '2019-01-01', '2019-01-01', 1, '', 'Центр', '', '',"
                " 'центр', '', 'korean', '', 'initiative', 0, '2019-05-01', '', '', '', '', '', '', 'liquidated',"
                " '2026-11-02', 'Решение', '')"
            )
        )
    db.dispose()
    ws = open_workspace(home.root)
    try:
        ids = {r.association.id: r.status for r in quarterly.associations_on(ws, D(2026, 9, 30))}
        assert ids == {"a1": "active"}
        assert quarterly.associations_on(ws, D(2026, 11, 2)) == []
        # the first change writes the implied history first, then the new fact
        associations.REGISTER.update(ws, "a1", {"status": "active", "status_date": D(2027, 1, 10)})
        facts = history_service.facts(ws, [associations.REGISTER.get(ws, "a1")], "status")["a1"]
        assert [(f.value, f.valid_from) for f in facts] == [
            ("active", D(2019, 5, 1)),
            ("liquidated", D(2026, 11, 2)),
            ("active", D(2027, 1, 10)),
        ]
    finally:
        ws.close()


def test_a_deleted_record_takes_its_history_along(workspace):
    from desk.domain.records import Association, Tombstone
    from desk.services import records

    ws = workspace
    a = _association(ws)
    associations.REGISTER.update(ws, a.id, {"status": "suspended", "status_date": D(2022, 3, 10)})
    with ws.db.read() as session:
        ids = [r.id for r in session.scalars(select(StateChange).where(StateChange.record_id == a.id))]
    assert len(ids) == 2
    records.delete(ws, Association, a.id)
    with ws.db.read() as session:
        assert session.scalars(select(StateChange).where(StateChange.record_id == a.id)).all() == []
        assert {t.record_id for t in session.scalars(select(Tombstone))} >= {a.id, *ids}


def test_a_deadline_fixed_on_the_day_it_was_entered_is_a_correction(assembly_of_30):
    ws, ids = assembly_of_30
    item = _item(ws, ids, deadline=D(2012, 3, 1))  # a typo, entered today for a decision of 2021
    decisions.update_item(ws, item.id, {"deadline": D(2021, 3, 1)})  # fixed the same day
    f = quarterly.quarterly_figures(ws, 2021, 1)
    assert [r.deadline for r in f.control] == [D(2021, 3, 1)]
    lines = history_service.record_history(ws, "executionitem", item.id, "en")
    assert [line.value for line in lines if line.field == "deadline"] == ["2021-03-01"]
