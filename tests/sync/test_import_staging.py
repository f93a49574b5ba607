"""The central import stages each table's checked rows in the database a chunk at a time while the bundle is
verified (`open_bundle(..., stage)`), so no table's parsed rows are held whole, then applies them on the same
connection in one transaction. What is staged is exactly what the whole-table parse gives; a bundle refused after
some tables were staged changes nothing and leaves no staged rows behind. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from desk.domain.records import SYNCED_TABLES, table_name
from desk.services import associations, districts, persons
from desk.sync import verify
from desk.sync.central_import import import_bundle, verify_bundle
from desk.sync.manifest import payload_file
from desk.sync.verify import open_bundle

from .conftest import central_counts, export, open_members, rebuild


@pytest.fixture
def region(make_region):
    ws = make_region("KZ-35")
    for n in range(3):
        districts.create(ws, name_ru=f"Район {n}")
    for n in range(7):
        associations.REGISTER.create(
            ws, {"name_ru": f"Центр {n}", "ethnic_group": "korean", "legal_status": "initiative"}
        )
    for n in range(9):
        persons.REGISTER.create(ws, {"surname": f"Ким{n}", "given_name": "Анна", "iin": None})
    return ws


def _staged_tables(ws) -> int:
    """How many staging tables exist on any connection of the centre's database."""
    if ws.db.is_sqlite:  # temporary tables are each connection's own: look at every pooled connection at once
        conns = [ws.db.engine.connect() for _n in range(6)]
        try:
            return sum(
                len(
                    c.exec_driver_sql("SELECT name FROM sqlite_temp_master WHERE name LIKE 'bulk_in_%'").all()
                )
                for c in conns
            )
        finally:
            for c in conns:
                c.close()
    with ws.db.engine.connect() as conn:  # every session's temporary tables are in the catalog
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM pg_class WHERE relname LIKE 'bulk_in_%%' AND relpersistence = 't'"
            ).scalar_one()
        )


def test_staged_chunks_are_the_whole_table_parse_and_only_ids_are_kept(central, region, outbox, monkeypatch):
    monkeypatch.setattr(verify, "CHUNK_LINES", 2)
    bundle = export(region, outbox)
    members = open_members(bundle, central)
    staged: dict[str, list[dict]] = {}

    def stage(cls, columns, count):
        assert 0 < count <= 2 and all(len(v) == count for v in columns.values())
        staged.setdefault(table_name(cls), []).append(columns)

    opened = open_bundle(central, bundle, stage)
    dialect = central.db.engine.dialect
    assert {"district", "association", "person"} <= set(staged)
    for table, chunks in staged.items():
        whole = verify._parse_rows(table, members[payload_file(table)], "KZ-35", dialect)
        joined = {c: [v for chunk in chunks for v in chunk[c]] for c in whole.columns}
        assert joined == whole.columns
        assert list(chunks[0]) == list(whole.columns)  # every column, in the table's order
        assert opened.rows[table].columns == {"id": whole.ids}  # the values went to the stage, not kept
        assert opened.rows[table].count == whole.count
    assert _staged_tables(central) == 0  # a verification stages nothing in the database
    assert verify_bundle(central, bundle).result == "verified"
    assert _staged_tables(central) == 0


def test_a_refusal_after_tables_were_staged_changes_nothing_and_leaves_nothing_staged(
    central, region, outbox, tmp_path, monkeypatch
):
    monkeypatch.setattr(verify, "CHUNK_LINES", 2)
    first = export(region, outbox)
    assert import_bundle(central, first).result == "imported"
    assert _staged_tables(central) == 0
    before = central_counts(central)
    with central.db.read() as s:
        names_before = sorted(s.scalars(select(text("surname")).select_from(text("person"))))

    persons.REGISTER.create(region, {"surname": "Ли", "given_name": "Ольга"})
    associations.REGISTER.create(
        region, {"name_ru": "Новый центр", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    second = export(region, outbox)

    def late_bad_person(files):  # person comes after district and association: those are staged by then
        rows = [json.loads(x) for x in files["person.jsonl"].splitlines()]
        rows[-1]["surname"] = "Ли\x07"
        files["person.jsonl"] = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)
        return files

    from desk.sync import keys

    forged = rebuild(
        second,
        central,
        tmp_path / "forged.age",
        members=late_bad_person,
        rehash=True,
        signer=keys.region_secret_key(region),
    )
    outcome = import_bundle(central, forged)
    assert outcome.result == "refused" and "person.jsonl" in outcome.message, outcome.message
    assert "control character" in outcome.message
    assert central_counts(central) == before
    with central.db.read() as s:
        assert sorted(s.scalars(select(text("surname")).select_from(text("person")))) == names_before
    assert _staged_tables(central) == 0

    outcome = import_bundle(central, second)  # the genuine bundle goes through on the same connections
    assert outcome.result == "imported", outcome.message
    after = central_counts(central)
    assert after["person"] == before["person"] + 1 and after["association"] == before["association"] + 1
    assert _staged_tables(central) == 0


def test_a_transaction_on_a_pinned_connection_starts_outside_any_other(central):
    with central.db.pinned() as conn:
        conn.execute(text("SELECT 1"))  # begins a transaction on the connection
        with pytest.raises(RuntimeError, match="outside"):
            with central.db.transact(connection=conn):
                pass
        conn.rollback()
        with central.db.transact(connection=conn) as session:
            assert session.connection().connection.driver_connection is conn.connection.driver_connection
        assert not conn.in_transaction()  # the session committed what it began


def test_every_synced_table_can_be_staged_and_dropped(central):
    from desk.store import bulk

    sql = (
        "SELECT name FROM sqlite_temp_master WHERE name LIKE 'bulk_in_%'"
        if central.db.is_sqlite
        else "SELECT relname FROM pg_class WHERE relname LIKE 'bulk_in_%%' AND relpersistence = 't'"
    )
    with central.db.pinned() as conn:
        for cls in SYNCED_TABLES:
            bulk.start_staging_table(conn, cls)
        conn.commit()
        assert len(conn.exec_driver_sql(sql).all()) == len(SYNCED_TABLES)
        bulk.drop_staging(conn, SYNCED_TABLES)
        conn.commit()
        assert conn.exec_driver_sql(sql).all() == []
    assert _staged_tables(central) == 0


def test_a_full_bundle_without_any_row_of_a_table_removes_the_region_s_records_of_it(
    central, make_region, outbox
):
    """A table the full bundle carries no row of is never staged: every record of the region in it goes, and
    another region's records stay."""
    from desk.domain.records import Association
    from desk.services import records

    region, other = make_region("KZ-35"), make_region("KZ-75")
    made = [
        associations.REGISTER.create(
            region, {"name_ru": f"Центр {n}", "ethnic_group": "korean", "legal_status": "initiative"}
        )
        for n in range(2)
    ]
    associations.REGISTER.create(
        other, {"name_ru": "Центр Алматы", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    persons.REGISTER.create(region, {"surname": "Ким", "given_name": "Анна"})
    for ws in (region, other):
        assert import_bundle(central, export(ws, outbox)).result == "imported"
    for association in made:
        records.delete(region, Association, association.id)
    outcome = import_bundle(central, export(region, outbox, full=True))
    assert outcome.result == "imported" and outcome.counts["deleted"] == 2, outcome.message
    assert "association" not in outcome.counts  # no row of it in the bundle
    assert central_counts(central, "KZ-35")["association"] == 0
    assert central_counts(central, "KZ-35")["person"] == 1
    assert central_counts(central, "KZ-75")["association"] == 1
    assert _staged_tables(central) == 0
