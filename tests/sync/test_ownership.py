"""A region's signed bundle cannot take over or delete another region's records, whether it upserts the record
under its own region or sends a tombstone for it; nothing is applied and the search index is left whole."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from desk.domain.records import Association
from desk.sync import keys
from desk.sync.central_import import import_bundle, verify_bundle

from .conftest import central_counts, export, open_members, rebuild


def _triggers(ws) -> list[str]:
    with ws.db.engine.connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_doc' ORDER BY name"
                    if ws.db.is_sqlite
                    else "SELECT tgname FROM pg_trigger WHERE tgrelid = 'search_doc'::regclass AND NOT tgisinternal"
                )
            )
        ]


@pytest.fixture
def two_regions(make_region, central, outbox):
    from desk.services import associations

    almaty = make_region("KZ-75")
    theirs = associations.REGISTER.create(
        almaty, {"name_ru": "Алматинский центр", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    assert import_bundle(central, export(almaty, outbox)).result == "imported"
    karaganda = make_region("KZ-35")
    associations.REGISTER.create(
        karaganda, {"name_ru": "Карагандинский центр", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    return almaty, karaganda, theirs.id


@pytest.mark.parametrize("how", ["upsert", "tombstone"])
def test_another_regions_record_cannot_be_taken_over(two_regions, central, outbox, tmp_path, how):
    _almaty, karaganda, their_id = two_regions
    bundle = export(karaganda, outbox)

    def take_over(files):
        if how == "upsert":
            row = json.loads(files["association.jsonl"].splitlines()[0])
            row["id"], row["name_ru"] = their_id, "Захвачено"
            files["association.jsonl"] += json.dumps(row, ensure_ascii=False).encode() + b"\n"
        else:
            files["tombstones.jsonl"] += (
                json.dumps(
                    {
                        "id": their_id,
                        "table": "association",
                        "region": "KZ-35",
                        "deleted_at": "2025-01-01T00:00:00+00:00",
                        "usn": 9,
                    }
                ).encode()
                + b"\n"
            )
        return files

    def recount(doc):
        doc["counts"]["association" if how == "upsert" else "tombstones"] += 1
        return doc

    forged = rebuild(
        bundle,
        central,
        tmp_path / "forged.age",
        members=take_over,
        manifest=recount,
        rehash=True,
        signer=keys.region_secret_key(karaganda),
    )
    assert set(open_members(forged, central)) >= {"association.jsonl", "tombstones.jsonl"}
    before = central_counts(central)
    for check in (verify_bundle, import_bundle):
        outcome = check(central, forged)
        assert outcome.result == "refused", outcome.message
        assert "would change a record of KZ-75" in outcome.message and their_id in outcome.message
    assert central_counts(central) == before
    with central.db.read() as s:
        theirs = s.scalar(select(Association).where(Association.id == their_id))
        assert theirs is not None and theirs.region == "KZ-75" and theirs.name_ru == "Алматинский центр"
    assert _triggers(central) == (
        ["search_doc_ad", "search_doc_ai", "search_doc_au"] if central.db.is_sqlite else []
    )
    # the sound bundle still goes in afterwards
    assert import_bundle(central, bundle).result == "imported"
    assert central_counts(central, "KZ-35")["association"] == 1
