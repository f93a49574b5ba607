"""A bundle deleting a record dated in a quarter the centre has accepted is refused like any bad file: its attempt
logged, the next file of the batch imported (the refusal was raised past the batch: unlogged, the others not
processed)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desk.domain import quarters as rules
from desk.domain.records import Association
from desk.services import associations, records
from desk.sync import quarters
from desk.sync.central_import import import_bundle, import_files, verify_bundle
from desk.sync.tables import ImportAttempt

from .conftest import export


@pytest.mark.parametrize("full", [False, True], ids=["tombstone", "left-out-of-a-full-bundle"])
def test_a_deletion_in_an_accepted_quarter_is_a_refused_file_not_a_stopped_batch(
    make_region, central, outbox, full
):
    region = make_region("KZ-35")
    other = make_region("KZ-75")
    assoc = associations.REGISTER.create(
        region,
        {
            "name_ru": "Корейский центр",
            "ethnic_group": "korean",
            "legal_status": "initiative",
            "registration_date": dt.date(2026, 8, 10),
        },
    )
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 5))
    assert import_bundle(central, export(region, outbox)).result == "imported"
    quarters.decide(central, "KZ-35", 2026, 3, rules.ACCEPTED)
    # the region has not loaded the receipt yet: it only warns, and the change travels
    records.delete(region, Association, assoc.id)
    late = export(region, outbox, full=full)
    associations.REGISTER.create(
        other, {"name_ru": "Татарский центр", "ethnic_group": "tatar", "legal_status": "initiative"}
    )
    good = export(other, outbox)
    outcomes = import_files(central, [late, good])
    assert [o.result for o in outcomes] == ["refused", "imported"], [o.message for o in outcomes]
    assert "deletes a record of association dated in a quarter the centre accepted" in outcomes[0].message
    with central.db.read() as s:
        logged = [a.result for a in s.scalars(select(ImportAttempt).order_by(ImportAttempt.id))]
    assert logged[-2:] == ["refused", "imported"]
    verified = verify_bundle(central, late)
    assert (verified.result, verified.message) == ("refused", outcomes[0].message)
