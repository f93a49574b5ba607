"""Centre → region bundles holding personal data (the quarter decisions: the centre's comments may name people) are
encrypted to the region's own age identity: made at `desk init` (or the first time it is needed), kept 0600 and in
the database (so a backup holds it), its recipient sent in the region's signed bundles. A bundle for every region
never holds personal data; another region cannot read one; a personal section in clear is refused; a region whose
recipient the centre does not know gets no personal bundle; bundles of older programs (no recipient) still import."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3

import pytest

from desk.domain import quarters as rules
from desk.errors import DeskError
from desk.services import quarters as service
from desk.sync import keys, quarters, trust
from desk.sync.central_import import import_bundle
from desk.sync.centre_bundle import VERSION_META, import_centre_bundle, make_centre_bundle
from desk.sync.decrypt import AGE_HEADER
from desk.sync.errors import CentreBundleRefused
from desk.sync.manifest import MANIFEST
from desk.sync.receipts import load_receipt

from .conftest import export, open_members, rebuild
from .test_centre_bundles import _resign

COMMENT = "Нет протокола № 3, исполнитель Әбілқасымова Ғ. Қ."


def _returned_quarter(region, central, outbox) -> None:
    """The region submits 2026 Q3 and sends it; the centre returns it with a comment naming a person, and the
    region never gets the receipt."""
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 5))
    outcome = import_bundle(central, export(region, outbox))
    assert outcome.result == "imported", outcome.message
    load_receipt(region, outcome.receipt)
    quarters.decide(central, region.region, 2026, 3, rules.RETURNED, COMMENT)


def test_the_region_has_an_age_identity_kept_private_and_in_its_database(make_region):
    region = make_region("KZ-35")
    path = region.home.keys / keys.REGION_AGEKEY
    assert path.exists()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    recipient = keys.region_recipient(region)
    assert recipient.startswith("age1") and recipient in path.read_text(encoding="ascii")
    assert str(keys.region_identities(region)[0]) in region.db.meta(keys.REGION_IDENTITY_META)


def test_a_backup_holds_the_identity_and_a_lost_key_file_comes_back_from_it(make_region, tmp_path):
    from desk.services.backups import backup_now

    region = make_region("KZ-35")
    recipient = keys.region_recipient(region)
    backup = backup_now(region)
    with sqlite3.connect(backup) as conn:
        kept = conn.execute("SELECT value FROM meta WHERE key = ?", (keys.REGION_IDENTITY_META,)).fetchone()[
            0
        ]
    assert recipient in kept
    (region.home.keys / keys.REGION_AGEKEY).unlink()  # a new PC: the database restored, the keys folder lost
    assert keys.region_recipient(region) == recipient
    assert (region.home.keys / keys.REGION_AGEKEY).exists()


def test_a_database_restored_with_an_older_identity_keeps_both_the_files_first(make_region):
    """A database restored from a colleague's older backup holds another identity than the key file: the database
    then keeps the file's first (what the centre encrypts to) and the older one after it, so the next backup, on a
    new PC, brings back the current identity, and what was encrypted to the older one stays readable."""
    import pyrage

    region = make_region("KZ-35")
    current = keys.region_recipient(region)
    older = pyrage.x25519.Identity.generate()
    region.db.set_meta(keys.REGION_IDENTITY_META, f"# an older backup\n{older}\n")
    found = [str(i.to_public()) for i in keys.region_identities(region)]
    assert found == [current, str(older.to_public())]
    (
        region.home.keys / keys.REGION_AGEKEY
    ).unlink()  # the PC lost; the database (as a backup has it) restored
    assert keys.region_recipient(region) == current
    assert [str(i.to_public()) for i in keys.region_identities(region)] == found


def test_a_folder_made_before_the_identity_gets_one_when_it_exports(make_region, central, outbox):
    region = make_region("KZ-35")
    (region.home.keys / keys.REGION_AGEKEY).unlink()
    region.db.set_meta(keys.REGION_IDENTITY_META, "")
    path = export(region, outbox)
    recipient = keys.region_recipient(region)
    assert json.loads(open_members(path, central)[MANIFEST])["region_recipient"] == recipient
    assert import_bundle(central, path).result == "imported"
    assert trust.region_recipient(central, "KZ-35") == recipient


def test_personal_data_travels_encrypted_to_the_region_end_to_end(make_region, central, outbox):
    region = make_region("KZ-35")
    _returned_quarter(region, central, outbox)
    assert trust.region_recipient(central, "KZ-35") == keys.region_recipient(region)

    every = make_centre_bundle(central, outbox)  # for every region: never personal
    assert "quarter_decisions" not in every.sections and not every.encrypted
    assert every.path.read_bytes().startswith(b"{")

    made = make_centre_bundle(central, outbox, region="KZ-35")
    assert made.encrypted and "quarter_decisions" in made.sections
    raw = made.path.read_bytes()
    assert raw.startswith(AGE_HEADER)
    assert "Әбілқасымова".encode() not in raw and b"quarter_decisions" not in raw

    assert service.status(region, "KZ-35", rules.Period(2026, 3)).state == rules.SUBMITTED
    applied = import_centre_bundle(region, made.path)
    assert "quarter_decisions" in applied.sections
    state = service.status(region, "KZ-35", rules.Period(2026, 3))
    assert state.state == rules.RETURNED
    assert any(d.comment == COMMENT for d in service.decision_rows(region, "KZ-35"))


def test_another_region_cannot_read_it(make_region, central, outbox):
    region = make_region("KZ-35")
    other = make_region("KZ-75")
    _returned_quarter(region, central, outbox)
    made = make_centre_bundle(central, outbox, region="KZ-35")
    with pytest.raises(CentreBundleRefused, match="encrypted for another region's key"):
        import_centre_bundle(other, made.path)
    assert other.db.meta(VERSION_META) == ""
    # a damaged encrypted file is refused as damaged
    damaged = outbox / "damaged.dqc"
    data = bytearray(made.path.read_bytes())
    data[-20] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(CentreBundleRefused, match="damaged"):
        import_centre_bundle(region, damaged)


def test_a_personal_section_in_clear_is_refused(make_region, central, outbox):
    region = make_region("KZ-35")
    _returned_quarter(region, central, outbox)
    decisions = service.decision_dicts(central, "KZ-35")
    plain = make_centre_bundle(
        central, outbox, region="KZ-75"
    )  # signed by the real centre key, not encrypted
    assert not plain.encrypted
    forged = _resign(
        plain.path,
        central,
        lambda body: {
            **body,
            "region": "KZ-35",
            "sections": [*body["sections"], {"type": "quarter_decisions", "data": decisions}],
        },
    )
    with pytest.raises(CentreBundleRefused, match="unencrypted"):
        import_centre_bundle(region, forged)
    assert service.status(region, "KZ-35", rules.Period(2026, 3)).state == rules.SUBMITTED
    assert region.db.meta(VERSION_META) == ""


def test_no_personal_bundle_without_the_regions_recipient_and_old_bundles_still_import(
    make_region, central, outbox, tmp_path
):
    region = make_region("KZ-35")
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 5))
    # a bundle as a program before the recipient made it: no "region_recipient" in its signed manifest
    old = rebuild(
        export(region, outbox),
        central,
        tmp_path / "old.age",
        manifest=lambda doc: {k: v for k, v in doc.items() if k != "region_recipient"},
        signer=keys.region_secret_key(region),
    )
    outcome = import_bundle(central, old)
    assert outcome.result == "imported", outcome.message
    assert trust.region_recipient(central, "KZ-35") == ""
    assert outcome.receipt.read_bytes().startswith(b"{")  # signed in clear, as an old region reads it
    decided = quarters.decide(central, "KZ-35", 2026, 3, rules.RETURNED, COMMENT)
    assert decided.receipt is not None and decided.receipt.read_bytes().startswith(b"{")
    version = central.db.meta(VERSION_META)
    with pytest.raises(DeskError, match="KZ-35.*does not know"):
        make_centre_bundle(central, outbox, region="KZ-35")
    assert central.db.meta(VERSION_META) == version  # no version spent on a bundle not made
    assert not list(outbox.glob("centre-KZ-35-*"))
    # a bundle for every region is still made (no personal data in it)
    assert "quarter_decisions" not in make_centre_bundle(central, outbox).sections
    # the region's next bundle names its recipient: the centre can then send it (a full one: the forged old
    # bundle's manifest hash is not the one the region's history names)
    outcome = import_bundle(central, export(region, outbox, full=True))
    assert outcome.result == "imported", outcome.message
    assert make_centre_bundle(central, outbox, region="KZ-35").encrypted
    # and its receipts, which carry the decisions and their comments, are encrypted to it from now on
    raw = outcome.receipt.read_bytes()
    assert raw.startswith(AGE_HEADER) and "Әбілқасымова".encode() not in raw
    assert load_receipt(region, outcome.receipt).quarters


def test_a_malformed_recipient_in_a_signed_manifest_is_refused(make_region, central, outbox, tmp_path):
    region = make_region("KZ-35")
    forged = rebuild(
        export(region, outbox),
        central,
        tmp_path / "forged.age",
        manifest=lambda doc: {**doc, "region_recipient": "age1notarecipient"},
        signer=keys.region_secret_key(region),
    )
    outcome = import_bundle(central, forged)
    assert outcome.result == "refused" and "region_recipient" in outcome.message
    assert trust.region_recipient(central, "KZ-35") == ""


def test_the_central_bundle_command_says_it_is_encrypted(make_region, central, outbox, capsys):
    from desk.cli import main

    region = make_region("KZ-35")
    _returned_quarter(region, central, outbox)
    code = main(
        ["central", "bundle", "-o", str(outbox), "--region", "KZ-35", "--home", str(central.home.root)]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "encrypted to KZ-35's key" in out
    path = out.splitlines()[0]
    code = main(["sync", "import", path, "--home", str(region.home.root)])
    out, err = capsys.readouterr()
    assert code == 0 and "quarter_decisions" in out, err
