"""History and the region's own rules travel in bundles: the centre computes a region's past quarter from the same
dated facts and thresholds as the region (issue 14)."""

from __future__ import annotations

import datetime as dt

from desk.services import associations, body_rules, quarterly
from desk.sync.central_import import import_bundle

from .conftest import central_counts, export

D = dt.date


def test_status_history_and_thresholds_reach_the_centre(make_region, central, outbox):
    region = make_region("KZ-35")
    a = associations.REGISTER.create(
        region,
        {
            "name_ru": "Корейский центр",
            "ethnic_group": "korean",
            "legal_status": "initiative",
            "registration_date": D(2019, 5, 1),
        },
    )
    associations.REGISTER.update(region, a.id, {"status": "suspended", "status_date": D(2022, 3, 10)})
    associations.REGISTER.update(region, a.id, {"status": "liquidated", "status_date": D(2024, 11, 2)})
    body_rules.add(
        region,
        {
            "body": "assembly",
            "valid_from": D(2025, 3, 1),
            "document": "Регламент 2025",
            "quorum_num": 1,
            "quorum_den": 2,
            "quorum_strict": True,
        },
    )
    outcome = import_bundle(central, export(region, outbox))
    assert outcome.result == "imported", outcome.message
    counts = central_counts(central, "KZ-35")
    assert counts["state_change"] == 3 and counts["body_rule"] == 1
    for day in (D(2022, 3, 9), D(2022, 6, 30), D(2024, 11, 1)):
        here = {r.association.id: r.status for r in quarterly.associations_on(region, day)}
        there = {r.association.id: r.status for r in quarterly.associations_on(central, day, region="KZ-35")}
        assert here == there
    assert quarterly.quarterly_figures(central, 2022, 1, region="KZ-35").by_status == {"suspended": 1}
    assert "Регламент 2025" in body_rules.in_force(
        central, "assembly", D(2025, 6, 1), region="KZ-35"
    ).describe("ru")
