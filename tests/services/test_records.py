"""Create, update, archive, restore, delete: the change counter, tombstones, audit log and refusals."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text

from desk.domain.records import Association, AuditEntry, Tombstone
from desk.domain.validation import ValidationError
from desk.services import associations, events, persons
from desk.services.records import ListQuery, delete, history

REG = associations.REGISTER


def _association(ws, **extra):
    values = {"name_ru": "Корейский центр", "ethnic_group": "korean", "legal_status": "initiative"}
    values.update(extra)
    return REG.create(ws, values)


def _usn(ws):
    with ws.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT value FROM meta WHERE key='usn'")).scalar() or 0)


def test_every_write_takes_a_higher_change_counter(workspace):
    a = _association(workspace)
    first = a.usn
    b = REG.update(workspace, a.id, {"member_count": 40})
    assert b.usn > first
    c = REG.archive(workspace, a.id)
    assert c.usn > b.usn and c.archived_at is not None
    d = REG.restore(workspace, a.id)
    assert d.usn > c.usn and d.archived_at is None
    assert _usn(workspace) == d.usn


def test_deleting_leaves_a_tombstone_with_a_new_usn(workspace):
    a = _association(workspace)
    delete(workspace, Association, a.id)
    with workspace.db.read() as s:
        stone = s.get(Tombstone, a.id)
    assert stone is not None and stone.table_name == "association" and stone.usn > a.usn


def test_audit_records_who_when_and_old_and_new_values(workspace):
    workspace.db.operator = "Айгүл Серікқызы"
    a = _association(workspace, member_count=10)
    REG.update(workspace, a.id, {"member_count": 25, "leader": "Ким Ольга"})
    REG.archive(workspace, a.id)
    trail = history(workspace, a.id)
    assert [h.action for h in trail] == ["archive", "update", "create"]
    assert trail[1].changes == {"member_count": [10, 25], "leader": ["", "Ким Ольга"]}
    assert all(h.operator == "Айгүл Серікқызы" for h in trail)
    assert trail[2].changes["name_ru"] == "Корейский центр"


def test_a_refused_change_writes_nothing(workspace):
    a = _association(workspace, member_count=10)
    before = _usn(workspace)
    with pytest.raises(ValidationError) as err:
        REG.update(workspace, a.id, {"member_count": -1, "phone": "12"})
    assert {e.field for e in err.value.errors} == {"member_count", "phone"}
    assert REG.get(workspace, a.id).member_count == 10
    assert _usn(workspace) == before
    with workspace.db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.record_id == a.id)) == 1


def test_refused_creation_leaves_no_record(workspace):
    with pytest.raises(ValidationError):
        REG.create(workspace, {"name_ru": "Центр", "ethnic_group": "korean", "legal_status": "legal_entity"})
    assert REG.count(workspace, ListQuery()) == 0


def test_bin_and_iin_must_be_unique(workspace):
    from desk.domain import identifiers

    number = identifiers.make_bin(dt.date(2010, 5, 1), 777)
    _association(workspace, legal_status="legal_entity", bin=number)
    with pytest.raises(ValidationError) as err:
        _association(workspace, legal_status="legal_entity", bin=number, name_ru="Другой")
    assert err.value.for_field("bin")
    persons.REGISTER.create(workspace, {"surname": "Ким", "given_name": "Ольга", "iin": "890515300013"})
    with pytest.raises(ValidationError):
        persons.REGISTER.create(workspace, {"surname": "Пак", "given_name": "Ирина", "iin": "890515300013"})


def test_lists_filter_sort_by_kazakh_alphabet_and_page(workspace):
    for name in ["Ұлан", "Алтын", "Әділет", "Қайнар", "Кемел", "Бірлік"]:
        _association(workspace, name_kk=name, name_ru="")
    _association(workspace, name_kk="Өркен", name_ru="", ethnic_group="uzbek")
    q = ListQuery(lang="kk", limit=3)
    page = REG.list_page(workspace, q)
    assert [a.name_kk for a in page.rows] == ["Алтын", "Әділет", "Бірлік"]
    assert page.total == 7
    q.offset = 3
    assert [a.name_kk for a in REG.list_page(workspace, q).rows] == ["Кемел", "Қайнар", "Өркен"]
    only_uzbek = REG.list_page(workspace, ListQuery(lang="kk", filters={"ethnic_group": "uzbek"}))
    assert [a.name_kk for a in only_uzbek.rows] == ["Өркен"]
    desc = REG.list_page(workspace, ListQuery(lang="kk", descending=True, limit=1))
    assert desc.rows[0].name_kk == "Ұлан"


def test_archived_records_leave_the_list_until_asked_for(workspace):
    a = _association(workspace)
    REG.archive(workspace, a.id)
    assert REG.count(workspace, ListQuery()) == 0
    assert REG.count(workspace, ListQuery(include_archived=True)) == 1


def test_list_search_text_combines_with_filters(demo_workspace):
    q = ListQuery(text="корей", lang="ru")
    page = events.REGISTER.list_page(demo_workspace, q)
    assert page.total > 0
    assert all("корей" in e.name_ru.lower() or "корей" in e.name_kk.lower() for e in page.rows)
    q.filters = {"status": "held"}
    assert all(e.status == "held" for e in events.REGISTER.list_page(demo_workspace, q).rows)


def test_audit_changes_are_json(workspace):
    a = _association(workspace, registration_date=dt.date(2020, 1, 2))
    with workspace.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.record_id == a.id)).one()
    assert json.loads(entry.changes)["registration_date"] == "2020-01-02"
