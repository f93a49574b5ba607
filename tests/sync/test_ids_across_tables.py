"""A record id names one record, whatever its table (search entries and tombstones are keyed by the id alone): the
same id in two tables of a bundle, or a bundle's person taking the id of an association the centre holds, is
refused by verify and import alike (the person's search entry silently replaced the association's, which could no
longer be found)."""

from __future__ import annotations

import json

from sqlalchemy import text

from desk.services import persons
from desk.sync.central_import import import_bundle
from desk.sync.receipts import load_receipt

from .conftest import export, rebuild
from .test_hardening import _both_refuse, _signer


def _search_kinds(central) -> list[str]:
    with central.db.engine.connect() as c:
        return sorted(r[0] for r in c.execute(text("SELECT kind FROM search_doc")))


def _person_takes_association_id(association_id=None):
    def members(files):
        taken = association_id or json.loads(files["association.jsonl"].splitlines()[0])["id"]
        rows = [json.loads(x) for x in files["person.jsonl"].splitlines()]
        rows[-1]["id"] = taken
        files["person.jsonl"] = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)
        return files

    return members


def test_one_id_in_two_tables_of_a_bundle_is_refused(central, region, bundle, tmp_path):
    path = rebuild(
        bundle,
        central,
        tmp_path / "x.age",
        members=_person_takes_association_id(),
        rehash=True,
        signer=_signer(region),
    )
    _both_refuse(central, path, "association.jsonl", "person.jsonl", "comes both in")
    assert _search_kinds(central) == []


def test_a_record_taking_the_id_of_another_kind_at_the_centre_is_refused(
    central, region, bundle, outbox, tmp_path
):
    load_receipt(region, import_bundle(central, bundle).receipt)
    kinds = _search_kinds(central)
    with region.db.read() as s:
        association_id = s.execute(text("SELECT id FROM association")).scalar_one()
    persons.REGISTER.create(region, {"surname": "Ли", "given_name": "Виктор"})
    later = export(region, outbox)
    path = rebuild(
        later,
        central,
        tmp_path / "x.age",
        members=_person_takes_association_id(association_id),
        rehash=True,
        signer=_signer(region),
    )
    _both_refuse(central, path, association_id, "another kind (association)")
    assert _search_kinds(central) == kinds
