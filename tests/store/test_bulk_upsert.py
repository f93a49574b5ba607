"""The bulk write path (`desk.store.bulk.stage_records` + `upsert_staged`) writes what the session writes record by
record: the same rows, the same audit lines ("create" with the values, "update" with old and new) and the same
search entries; a record whose every value is stored already is skipped. On SQLite and on PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from desk.domain.records import Association, AuditEntry, District, Person, utcnow
from desk.services.workspace import MODE_CENTRAL, create_workspace
from desk.store import bulk
from desk.store.db import next_usn
from desk.sync.export import _line, record_dicts
from desk.sync.verify import _parse_rows

REGION = "KZ-35"


def _records() -> list:
    district = District(region=REGION, name_ru="Октябрьский район", name_kk="Октябрь ауданы", code="D1")
    return [
        district,
        Association(
            region=REGION,
            name_kk="Қазақ тілі қоғамы",
            name_ru="Общество «Қазақ тілі»",
            ethnic_group="kazakh",
            legal_status="initiative",
            member_count=12,
            is_republican=True,
            district_id=district.id,
        ),
        Person(region=REGION, surname="Жұмабеков", given_name="Ерлан", iin=None, notes="две\nстроки"),
        Person(region=REGION, surname="Ким", given_name="Анна", patronymic="Сергеевна"),
    ]


def _state(ws, classes):
    with ws.db.engine.connect() as conn:
        rows = {
            cls.__tablename__: sorted(
                tuple(v for k, v in r._mapping.items() if k != "usn")
                for r in conn.execute(select(cls.__table__))
            )
            for cls in classes
        }
        docs = sorted(conn.execute(text("SELECT record_id, kind, region, body FROM search_doc")).all())
        audit = sorted(
            (
                a.table_name,
                a.record_id,
                a.action,
                json.dumps(json.loads(a.changes), sort_keys=True),
                a.operator,
            )
            for a in conn.execute(select(AuditEntry.__table__))
        )
    return rows, docs, audit


def _bulk_copy(source, target, classes) -> list[bulk.Upserted]:
    """Everything of `classes` in `source` written into `target` through the bulk path, as a central import does."""
    done = []
    with source.db.read() as s, target.db.transact(operator="clerk") as t:
        conn = t.connection()
        usn = next_usn(t)
        if conn.dialect.name == "sqlite":
            conn.execute(text("PRAGMA defer_foreign_keys = ON"))
        for cls in classes:
            data = b"".join(_line(r) for r in record_dicts(s, cls, 0, 10**9))
            rows = _parse_rows(cls.__tablename__, data, REGION, conn.dialect)
            bulk.stage_records(conn, cls, rows.columns, rows.count)
            done.append(bulk.upsert_staged(conn, cls, usn, utcnow(), "clerk", audit=True))
    return done


def test_the_bulk_path_writes_what_the_session_writes(tmp_path, centre_database_url):
    classes = [District, Association, Person]
    one = create_workspace(tmp_path / "one", region=None, mode=MODE_CENTRAL)
    two = create_workspace(tmp_path / "two", region=None, mode=MODE_CENTRAL, database_url=centre_database_url)
    one.db.central = (
        False  # the session path as a region's folder takes it (the centre changes no region's record)
    )
    for record in _records():  # one at a time: the flush does not order rows by foreign key
        with one.db.transact(operator="clerk") as s:
            s.add(record)
    first = _bulk_copy(one, two, classes)
    assert [(len(u.created), len(u.updated), u.unchanged) for u in first] == [(1, 0, 0), (1, 0, 0), (2, 0, 0)]
    assert _state(two, classes) == _state(one, classes)

    with one.db.transact(operator="clerk") as s:  # an edit and an archive, record by record
        person = s.scalar(select(Person).where(Person.surname == "Ким"))
        person.surname = "Ли"
        association = s.scalar(select(Association))
        association.archived_at = utcnow()
    second = _bulk_copy(one, two, classes)
    assert [(len(u.created), len(u.updated), u.unchanged) for u in second] == [
        (0, 0, 1),
        (0, 1, 0),
        (0, 1, 1),
    ]
    assert _state(two, classes) == _state(one, classes)
    actions = {a[2] for a in _state(two, classes)[2]}
    assert actions == {"create", "update", "archive"}

    third = _bulk_copy(one, two, classes)  # nothing changed: nothing written, not even an audit line
    assert [u.written for u in third] == [0, 0, 0]
    assert _state(two, classes) == _state(one, classes)
    one.close()
    two.close()
