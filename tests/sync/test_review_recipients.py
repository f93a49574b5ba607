"""Review of the encrypted centre bundles and receipts: a region recipient that age cannot use is refused with the
manifest (not half-way through the import), a receipt that cannot be encrypted leaves the earlier one of the same
name whole, and a region whose own key file cannot be read is told so, not that the centre's file is damaged."""

from __future__ import annotations

import datetime as dt

import pyrage
import pytest

from desk.errors import DeskError
from desk.sync import keys, receipts, trust
from desk.sync.central_import import import_bundle
from desk.sync.centre_bundle import import_centre_bundle, make_centre_bundle
from desk.sync.errors import CentreBundleRefused, ReceiptRefused
from desk.sync.manifest import _RECIPIENT

from .conftest import export, rebuild
from .test_centre_personal import _returned_quarter


def _bad_checksum() -> str:
    """An age1… text of the right form whose bech32 checksum is wrong (a damaged or mistyped key)."""
    good = str(pyrage.x25519.Identity.generate().to_public())
    bad = good[:-1] + ("q" if good[-1] != "q" else "p")
    assert _RECIPIENT.match(bad)
    return bad


def test_a_recipient_with_a_wrong_checksum_is_refused_with_the_manifest(
    make_region, central, outbox, tmp_path
):
    region = make_region("KZ-35")
    forged = rebuild(
        export(region, outbox),
        central,
        tmp_path / "forged.age",
        manifest=lambda doc: {**doc, "region_recipient": _bad_checksum()},
        signer=keys.region_secret_key(region),
    )
    outcome = import_bundle(central, forged)
    assert outcome.result == "refused" and "region_recipient" in outcome.message
    assert trust.region_recipient(central, "KZ-35") == ""
    folder = receipts.receipts_folder(central)
    assert not folder.exists() or not list(folder.iterdir())


def test_a_receipt_that_cannot_be_encrypted_leaves_the_earlier_one_whole(central):
    given = dict(
        region="KZ-35",
        sequence=1,
        manifest_hash="0" * 64,
        counts={},
        imported_at=dt.datetime.now(dt.UTC),
        bundle_file="KZ-35-000001.age",
    )
    path = receipts.make_receipt(central, **given)
    before = path.read_bytes()
    with pytest.raises(DeskError):
        receipts.make_receipt(central, **given, recipient=_bad_checksum())
    assert path.read_bytes() == before


def test_an_unreadable_region_key_is_said_not_a_damaged_bundle(make_region, central, outbox):
    region = make_region("KZ-35")
    _returned_quarter(region, central, outbox)
    made = make_centre_bundle(central, outbox, region="KZ-35")
    assert made.encrypted
    receipt = import_bundle(central, export(region, outbox)).receipt
    assert receipt is not None and receipt.read_bytes().startswith(b"age-encryption.org/")
    (region.home.keys / keys.REGION_AGEKEY).write_text("not a key\n", encoding="ascii")
    with pytest.raises(DeskError, match="encryption key .* cannot be read") as refused:
        import_centre_bundle(region, made.path)
    assert not isinstance(refused.value, CentreBundleRefused)
    with pytest.raises(DeskError, match="encryption key .* cannot be read") as refused_receipt:
        receipts.load_receipt(region, receipt)
    assert not isinstance(refused_receipt.value, ReceiptRefused)
