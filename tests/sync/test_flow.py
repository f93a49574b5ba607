"""Region → centre → receipt → the next bundle: only new changes travel; nothing is lost before a receipt;
deletions travel as tombstones; two regions end up side by side in the central database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desk.domain.records import Association, House
from desk.errors import DeskError
from desk.services import associations, houses, records
from desk.services.records import ListQuery
from desk.services.search import search
from desk.sync.central_import import import_bundle, verify_bundle
from desk.sync.export import acknowledged_bundle, pending_changes
from desk.sync.receipts import load_receipt
from desk.sync.status import region_statuses
from desk.sync.tables import ImportAttempt, ReceivedBundle

from .conftest import central_counts, export, open_members, read_receipt


def _association(ws, name: str):
    return associations.REGISTER.create(
        ws, {"name_ru": name, "ethnic_group": "korean", "legal_status": "initiative"}
    )


def _rows(path, central, table):
    data = open_members(path, central)[f"{table}.jsonl"]
    return [json.loads(line) for line in data.splitlines()]


def test_region_to_centre_and_back_then_only_new_changes_travel(make_region, central, outbox):
    region = make_region("KZ-35")
    first = _association(region, "Корейский центр «Чинсон»")
    house = houses.REGISTER.create(
        region, {"name_ru": "Дом дружбы Караганды", "name_kk": "Қарағанды Достық үйі"}
    )

    bundle1 = export(region, outbox)
    assert bundle1.name.startswith("KZ-35-bundle-000001-") and bundle1.suffix == ".age"
    outcome = import_bundle(central, bundle1)
    assert outcome.result == "imported", outcome.message
    assert central_counts(central, "KZ-35")["association"] == 1
    assert central_counts(central, "KZ-35")["district"] == central_counts(region)["district"] > 0

    # Before the receipt, the next export carries the same changes again (a lost stick loses nothing).
    bundle2 = export(region, outbox)
    assert {r["id"] for r in _rows(bundle2, central, "association")} == {first.id}

    result = load_receipt(region, outcome.receipt)
    assert result.sequence == 1 and not result.already
    assert acknowledged_bundle(region).sequence == 1
    assert pending_changes(region) == 0

    second = _association(region, "Татарский центр «Туган тел»")
    records.update(region, House, house.id, {"address": "ул. Ерубаева, 1"}, lambda h: None)
    bundle3 = export(region, outbox)
    assert {r["id"] for r in _rows(bundle3, central, "association")} == {second.id}
    assert [r["id"] for r in _rows(bundle3, central, "house")] == [house.id]
    assert _rows(bundle3, central, "district") == []

    assert import_bundle(central, bundle2).result == "imported"  # same content again: harmless
    imported = import_bundle(central, bundle3)
    assert imported.result == "imported", imported.message
    with central.db.read() as s:
        assert s.get(House, house.id).address == "ул. Ерубаева, 1"
        assert s.get(Association, second.id).region == "KZ-35"
    assert central_counts(central, "KZ-35")["association"] == 2


def test_deletions_travel_as_tombstones(make_region, central, outbox):
    region = make_region()
    doomed = _association(region, "Общество «Временное»")
    assert import_bundle(central, export(region, outbox)).result == "imported"
    records.delete(region, Association, doomed.id)
    bundle = export(region, outbox)
    assert [t["id"] for t in _rows(bundle, central, "tombstones")] == [doomed.id]
    assert import_bundle(central, bundle).result == "imported"
    with central.db.read() as s:
        assert s.get(Association, doomed.id) is None
    assert search(central, "Временное") == []


def test_a_bundle_imported_twice_is_skipped_and_nothing_is_duplicated(make_region, central, outbox):
    region = make_region()
    _association(region, "Немецкий центр «Видергебурт»")
    bundle = export(region, outbox)
    assert import_bundle(central, bundle).result == "imported"
    before = central_counts(central)
    again = import_bundle(central, bundle)
    assert again.result == "skipped" and "already imported" in again.message
    assert central_counts(central) == before
    with central.db.read() as s:
        assert len(s.scalars(select(ReceivedBundle)).all()) == 1
        assert [a.result for a in s.scalars(select(ImportAttempt).order_by(ImportAttempt.id))] == [
            "imported",
            "skipped",
        ]


def test_a_later_bundle_covers_a_lost_one(make_region, central, outbox):
    """No receipt arrived after bundle 1: bundle 3 carries every change since the start (base 0), bundle 2's
    too, so the centre takes it although bundle 2 was lost; bundle 2, arriving late, is then skipped."""
    region = make_region()
    _association(region, "Первое")
    b1 = export(region, outbox)
    _association(region, "Второе")
    b2 = export(region, outbox)
    _association(region, "Третье")
    b3 = export(region, outbox)
    assert import_bundle(central, b1).result == "imported"
    outcome = import_bundle(central, b3)
    assert outcome.result == "imported", outcome.message
    assert central_counts(central, "KZ-35")["association"] == 3
    assert import_bundle(central, b2).result == "skipped"


def test_a_gap_before_the_bundles_base_is_refused_naming_the_missing_bundle_unless_full(
    make_region, central, outbox
):
    """The region loaded the receipt of bundle 2, so bundle 3 carries only what changed after it; a centre that
    lost bundle 2 (restored from a backup taken before it) cannot take bundle 3, and says which bundle it lacks."""
    region = make_region()
    _association(region, "Первое")
    assert import_bundle(central, export(region, outbox)).result == "imported"
    _association(region, "Второе")
    second = import_bundle(central, export(region, outbox))
    assert second.result == "imported"
    load_receipt(region, second.receipt)
    _association(region, "Третье")
    b3 = export(region, outbox)
    with central.db.transact(audit=False) as session:  # the centre's restored state: bundle 2 never arrived
        session.delete(session.get(ReceivedBundle, ("KZ-35", 1, 2)))
    refused = import_bundle(central, b3)
    assert refused.result == "refused"
    assert "bundle 2 has not been imported" in refused.message
    assert verify_bundle(central, b3).result == "refused"

    full = export(region, outbox, full=True)
    outcome = import_bundle(central, full)
    assert outcome.result == "imported", outcome.message
    assert central_counts(central, "KZ-35")["association"] == 3


def test_a_full_bundle_replaces_what_the_centre_held_for_the_region(make_region, central, outbox):
    region = make_region()
    keep = _association(region, "Остаётся")
    gone = _association(region, "Исчезает")
    assert import_bundle(central, export(region, outbox)).result == "imported"
    records.delete(region, Association, gone.id)
    outcome = import_bundle(central, export(region, outbox, full=True))
    assert outcome.result == "imported" and outcome.counts["deleted"] == 1
    with central.db.read() as s:
        assert s.get(Association, keep.id) is not None and s.get(Association, gone.id) is None


def test_verify_checks_everything_and_applies_nothing(make_region, central, outbox):
    region = make_region()
    _association(region, "Проверка")
    bundle = export(region, outbox)
    outcome = verify_bundle(central, bundle)
    assert outcome.result == "verified" and "can be imported" in outcome.message
    assert central_counts(central, "KZ-35")["association"] == 0
    with central.db.read() as s:
        assert s.scalars(select(ReceivedBundle)).all() == []
        assert [a.action for a in s.scalars(select(ImportAttempt))] == ["verify"]


def test_two_regions_consolidated(make_region, central, outbox):
    karaganda = make_region("KZ-35")
    almaty = make_region("KZ-75")
    _association(karaganda, "Корейское общество Караганды")
    _association(almaty, "Корейское общество Алматы")
    _association(almaty, "Уйгурский центр Алматы")
    for ws in (karaganda, almaty):
        outcome = import_bundle(central, export(ws, outbox))
        assert outcome.result == "imported", outcome.message

    everything = associations.REGISTER.list_page(central, ListQuery(lang="ru"))
    assert everything.total == 3
    only_almaty = associations.REGISTER.list_page(central, ListQuery(lang="ru", region="KZ-75"))
    assert {a.name("ru") for a in only_almaty.rows} == {"Корейское общество Алматы", "Уйгурский центр Алматы"}
    hits = search(central, "корейское", lang="ru")
    assert {h.region for h in hits} == {"KZ-35", "KZ-75"}
    assert {h.region for h in search(central, "корейское", lang="ru", region="KZ-35")} == {"KZ-35"}

    statuses = {s.code: s for s in region_statuses(central, "en")}
    assert statuses["KZ-75"].last_sequence == 1 and statuses["KZ-75"].associations == 2
    assert statuses["KZ-75"].age_days() == 0
    assert statuses["KZ-11"].last_sequence is None and statuses["KZ-11"].key_fingerprint == ""


def test_receipts_are_checked_before_they_move_anything(make_region, central, outbox, tmp_path):
    karaganda = make_region("KZ-35")
    almaty = make_region("KZ-75")
    _association(karaganda, "Общество")
    outcome = import_bundle(central, export(karaganda, outbox))
    assert outcome.receipt.read_bytes().startswith(b"age-encryption.org/v1\n")  # encrypted to KZ-35's key
    with pytest.raises(DeskError, match=r"encrypted for another region's key, not for this region \(KZ-75\)"):
        load_receipt(almaty, outcome.receipt)
    doc = read_receipt(outcome.receipt, karaganda)
    in_clear = tmp_path / "in-clear.json"  # as a centre that does not know KZ-35's key writes it
    in_clear.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DeskError, match="for KZ-35, not for KZ-75"):
        load_receipt(almaty, in_clear)

    doc["body"]["sequence"] = 7
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DeskError, match="signature does not verify"):
        load_receipt(karaganda, forged)
    assert acknowledged_bundle(karaganda) is None
    assert load_receipt(karaganda, outcome.receipt).sequence == 1
    assert load_receipt(karaganda, outcome.receipt).already


def test_every_column_arrives_as_the_region_stored_it(demo_workspace, central, outbox):
    """A full bundle of the demo region: every record at the centre equals the region's, column by column (sort
    keys recomputed by the centre included), and the export reads exactly what record_dict gives."""
    from desk.domain.records import SYNCED_TABLES
    from desk.services.rows import record_dict
    from desk.sync import keys, trust
    from desk.sync.export import record_dicts

    region = demo_workspace
    region.settings.set("central_recipient", keys.central_recipient(central))
    trust.add(central, region.region, keys.region_public_key(region).base64)
    outcome = import_bundle(central, export(region, outbox))
    assert outcome.result == "imported", outcome.message

    def table_rows(ws, cls):
        table = cls.__table__
        cols = [c for c in table.columns if c.name != "usn"]
        with ws.db.engine.connect() as conn:
            return {row[0]: row for row in conn.execute(select(table.c.id, *cols).order_by(table.c.id))}

    for cls in SYNCED_TABLES:
        assert table_rows(central, cls) == table_rows(region, cls), cls.__tablename__
        with region.db.read() as session:
            expected = sorted((record_dict(o) for o in session.scalars(select(cls))), key=lambda d: d["id"])
            fast = sorted(record_dicts(session, cls, 0, 10**9), key=lambda d: d["id"])
        assert fast == expected, cls.__tablename__
    with central.db.engine.connect() as conn:
        from sqlalchemy import text

        docs = dict(conn.execute(text("SELECT record_id, body FROM search_doc")).all())
    with region.db.engine.connect() as conn:
        assert docs == dict(conn.execute(text("SELECT record_id, body FROM search_doc")).all())
