"""A bundle's links between records, held by `central verify` and `central import` alike before anything is
written: a link to a record neither the bundle nor the centre holds, and a deletion of a record another one stays
linked to, are refused with a sentence naming them; the attempt is logged and the next file of the batch goes on
(the import once crashed at SQLite's commit and left the database locked: the attempt unlogged, the batch stopped)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desk.services import associations, districts, persons
from desk.sync.central_import import import_bundle, import_files, verify_bundle
from desk.sync.receipts import load_receipt
from desk.sync.tables import ImportAttempt

from .conftest import central_counts, export, rebuild
from .test_hardening import _both_refuse, _forged, _set, _signer

MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def region(make_region):
    ws = make_region("KZ-35")
    district = districts.create(ws, name_ru="Октябрьский район")
    associations.REGISTER.create(
        ws,
        {
            "name_ru": "Корейский центр",
            "ethnic_group": "korean",
            "legal_status": "initiative",
            "district_id": district.id,
        },
    )
    persons.REGISTER.create(ws, {"surname": "Ким", "given_name": "Анна", "district_id": district.id})
    return ws


@pytest.fixture
def bundle(region, outbox):
    return export(region, outbox)


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("association", "parent_id"),
        ("association", "house_id"),
        ("association", "district_id"),
        ("person", "district_id"),
    ],
)
def test_a_link_to_a_record_nobody_holds_is_refused_by_both(central, region, bundle, tmp_path, table, column):
    path = _forged(bundle, central, region, tmp_path, table, lambda rows: _set(rows, column, MISSING))
    message = _both_refuse(
        central, path, f"{table}.jsonl", column, MISSING, "neither the bundle nor the central"
    )
    assert "FOREIGN KEY" not in message
    # the next file of the same command imports, and both attempts are logged
    first = path.rename(tmp_path / "0-first.age")
    outcomes = import_files(central, [bundle, first])
    assert [o.result for o in outcomes] == ["refused", "imported"]
    with central.db.read() as s:
        assert [a.result for a in s.scalars(select(ImportAttempt).order_by(ImportAttempt.id))][-2:] == [
            "refused",
            "imported",
        ]


def test_a_link_to_a_record_the_centre_holds_is_accepted(central, region, bundle, outbox):
    outcome = import_bundle(central, bundle)
    load_receipt(region, outcome.receipt)
    persons.REGISTER.create(region, {"surname": "Ли", "given_name": "Виктор"})
    later = export(region, outbox)  # links nothing new; its association row is not carried again
    assert verify_bundle(central, later).result == "verified"
    assert import_bundle(central, later).result == "imported"


def test_deleting_a_record_another_stays_linked_to_is_refused_by_both(
    central, region, bundle, outbox, tmp_path
):
    outcome = import_bundle(central, bundle)
    load_receipt(region, outcome.receipt)
    with region.db.read() as s:
        from desk.domain.records import Association

        district_id = s.scalars(select(Association)).one().district_id
    persons.REGISTER.create(region, {"surname": "Ли", "given_name": "Виктор"})
    later = export(region, outbox)

    def with_tombstone(files):
        tomb = {"id": district_id, "table": "district", "region": "KZ-35"}
        files["tombstones.jsonl"] = files.get("tombstones.jsonl", b"") + json.dumps(tomb).encode() + b"\n"
        return files

    def counted(m):
        return {**m, "counts": {**m["counts"], "tombstones": m["counts"].get("tombstones", 0) + 1}}

    forged = rebuild(
        later,
        central,
        tmp_path / "forged.age",
        members=with_tombstone,
        manifest=counted,
        rehash=True,
        signer=_signer(region),
    )
    before = central_counts(central)
    message = _both_refuse(central, forged, district_id, "still links")
    assert "FOREIGN KEY" not in message
    assert central_counts(central) == before
    assert import_bundle(central, later).result == "imported"


def test_a_commit_sqlite_refuses_leaves_the_database_unlocked(central, region, bundle, tmp_path, monkeypatch):
    """Should a link slip past the check, SQLite refuses the import at COMMIT: the import says so, the attempt is
    logged and the next file imports (the refused COMMIT once kept the write lock: "database is locked")."""
    from desk.sync import verify

    monkeypatch.setattr(verify, "check_links", lambda conn, opened: None)
    path = _forged(
        bundle, central, region, tmp_path, "association", lambda rows: _set(rows, "parent_id", MISSING)
    )
    first = path.rename(tmp_path / "0-first.age")
    outcomes = import_files(central, [bundle, first])
    assert [o.result for o in outcomes] == ["refused", "imported"], outcomes[0].message
    assert "links between records" in outcomes[0].message
    with central.db.read() as s:
        assert [a.result for a in s.scalars(select(ImportAttempt).order_by(ImportAttempt.id))] == [
            "refused",
            "imported",
        ]


def test_a_bundle_refused_for_its_links_or_another_regions_record_takes_no_backup(
    make_region, central, region, bundle, tmp_path
):
    """The checks the import runs inside its transaction (links, another region's records) run before the batch's
    backup: a refused bundle takes none."""
    from desk.services.backups import list_backups

    if not central.db.is_sqlite:
        pytest.skip("a PostgreSQL centre is backed up by its server (pg_dump), never by an import")
    almaty = make_region("KZ-75")
    theirs = districts.create(almaty, name_ru="Медеуский район")
    assert import_files(central, [export(almaty, tmp_path)])[0].result == "imported"
    assert len(list_backups(central)) == 1
    dangling = _forged(
        bundle, central, region, tmp_path, "person", lambda rows: _set(rows, "district_id", MISSING)
    )
    taken = rebuild(
        bundle,
        central,
        tmp_path / "taken.age",
        members=_edit_rows_add(theirs.id),
        manifest=lambda m: {**m, "counts": {**m["counts"], "district": m["counts"]["district"] + 1}},
        rehash=True,
        signer=_signer(region),
    )
    outcomes = import_files(central, [dangling])
    assert [o.result for o in outcomes] == ["refused"] and "neither the bundle" in outcomes[0].message
    outcomes = import_files(central, [taken])
    assert [o.result for o in outcomes] == ["refused"] and "KZ-75" in outcomes[0].message
    assert len(list_backups(central)) == 1


def _edit_rows_add(their_id):
    def members(files):
        row = json.loads(files["district.jsonl"].splitlines()[0])
        row["id"] = their_id
        files["district.jsonl"] += json.dumps(row, ensure_ascii=False).encode() + b"\n"
        return files

    return members
