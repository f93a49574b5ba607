"""Every value of a centre bundle's sections is checked as the centre wrote it before anything is written: the
quarter decisions' numbers are numbers (never "2026", 2026.7 or true converted), their texts pass a form's rules
(no null turned into "None", no control character, no lone surrogate), each decision once, and a decision on one
quarter may not name another quarter's submission."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyrage
import pytest
from sqlalchemy import select

from desk.domain import quarters as rules
from desk.domain.records import QuarterDecision
from desk.services import quarters as service
from desk.sync import keys, quarters
from desk.sync.central_import import import_bundle
from desk.sync.centre_bundle import centre_bundle_status, import_centre_bundle, make_centre_bundle
from desk.sync.errors import CentreBundleRefused, ReceiptRefused
from desk.sync.receipts import load_receipt

from .conftest import export
from .test_centre_bundles import _resign


def _returned(region, central, outbox):
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 5))
    load_receipt(region, import_bundle(central, export(region, outbox)).receipt)
    quarters.decide(central, "KZ-35", 2026, 3, rules.RETURNED, "Нет протокола № 3")


def _forge_decisions(path: Path, region, central, change) -> Path:
    """The region's encrypted bundle with its decisions changed by `change(list)`, signed again by the centre."""
    plain = pyrage.decrypt(path.read_bytes(), keys.region_identities(region))
    path.write_bytes(plain)

    def body(b):
        for s in b["sections"]:
            if s["type"] == "quarter_decisions":
                s["data"] = change(s["data"])
        return b

    _resign(path, central, body)
    recipient = pyrage.x25519.Recipient.from_str(keys.parse_recipient(keys.region_recipient(region)))
    path.write_bytes(pyrage.encrypt(path.read_bytes(), [recipient]))
    return path


def _decisions(region) -> list[tuple]:
    with region.db.read() as s:
        return [(d.year, d.quarter, d.comment, d.decided_by) for d in s.scalars(select(QuarterDecision))]


def _one(key, value):
    return lambda items: [{**items[0], key: value}, *items[1:]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_one("year", "2026"), "year"),
        (_one("year", 2026.0), "year"),
        (_one("quarter", 3.9), "quarter"),
        (_one("version", True), "version"),
        (_one("version", 0), "version"),
        (_one("comment", None), "comment"),
        (_one("comment", 12), "comment"),
        (_one("comment", "Нет\x07протокола"), "comment"),
        (_one("comment", "Нет\x00протокола"), "comment"),
        (_one("comment", "x" * 2001), "comment"),
        (_one("decided_by", None), "decided_by"),
        (_one("decided_by", "a\nb"), "decided_by"),
        (_one("decided_by", "x" * 201), "decided_by"),
        (_one("id", {"a": 1}), "id"),
        (_one("id", "../../etc"), "id"),
        (_one("action", "approved"), "action"),
        (_one("decided_at", "yesterday"), "decided_at"),
        (lambda items: items + items, "id"),  # the same decision twice
    ],
)
def test_a_decision_value_of_another_type_or_rule_is_refused_not_converted(
    make_region, central, outbox, change, field
):
    region = make_region("KZ-35")
    _returned(region, central, outbox)
    before = _decisions(region)
    forged = _forge_decisions(
        make_centre_bundle(central, outbox, region="KZ-35").path, region, central, change
    )
    with pytest.raises(CentreBundleRefused, match=f"decision 1: “{field}”|decision 2: “{field}”") as refused:
        import_centre_bundle(region, forged)
    assert "receipt" not in str(refused.value)
    assert _decisions(region) == before and centre_bundle_status(region).version == 0
    assert service.status(region, "KZ-35", rules.Period(2026, 3)).state == rules.SUBMITTED


def test_a_decision_naming_another_quarters_submission_is_refused(make_region, central, outbox):
    region = make_region("KZ-35")
    _returned(region, central, outbox)
    forged = _forge_decisions(
        make_centre_bundle(central, outbox, region="KZ-35").path, region, central, _one("quarter", 1)
    )
    with pytest.raises(CentreBundleRefused, match="names the submission of"):
        import_centre_bundle(region, forged)
    assert _decisions(region) == [] and centre_bundle_status(region).version == 0


def test_a_receipt_with_a_malformed_decision_is_refused_with_its_reason(make_region, central, outbox):
    region = make_region("KZ-35")
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 5))
    outcome = import_bundle(central, export(region, outbox))
    quarters.decide(central, "KZ-35", 2026, 3, rules.RETURNED, "Нет протокола № 3")
    receipt = outcome.receipt
    doc = json.loads(pyrage.decrypt(receipt.read_bytes(), keys.region_identities(region)))
    doc["body"]["quarters"] = [{**d, "comment": None} for d in doc["body"].get("quarters") or []] or [
        {
            "id": "d1",
            "year": 2026,
            "quarter": 3,
            "submission_id": "s",
            "version": 1,
            "action": "returned",
            "comment": None,
            "decided_at": "2026-10-06T00:00:00+00:00",
        }
    ]
    from desk.sync.receipts import _canonical, _comment

    body = doc["body"]
    sig = keys.central_secret_key(central).sign(
        _canonical(body), trusted_comment=_comment(body["region"], body["sequence"], body["manifest_hash"])
    )
    doc["signature"] = bytes(sig).decode("ascii")
    receipt.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReceiptRefused, match="“comment”"):
        load_receipt(region, receipt)
    assert _decisions(region) == []
