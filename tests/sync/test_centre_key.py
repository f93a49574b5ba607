"""The region's trust in the central office's receipt key: set beforehand with `desk sync trust-centre` (the key
`desk central key show` prints), or the first receipt's key shown with its fingerprint and confirmed by the clerk;
never trusted without a word. `desk sync status` says which."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.cli import main
from desk.services.workspace import MODE_CENTRAL, create_workspace
from desk.sync import keys, trust
from desk.sync.central_import import import_bundle
from desk.sync.errors import ReceiptRefused
from desk.sync.receipts import load_receipt

from .conftest import export


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def impostor(tmp_path: Path, make_region):
    """Another 'central office' the region's bundles could be sent to, with its own receipt key."""
    ws = create_workspace(tmp_path / "impostor", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(ws)
    yield ws
    ws.close()


def test_central_key_show_prints_the_receipt_key(central, capsys):
    code, out, _err = run(capsys, "central", "key", "show", "--home", str(central.home.root))
    info = keys.central_public_key(central)
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == info.base64 and info.fingerprint in out
    assert f"desk sync trust-centre {info.base64}" in out


def test_a_set_centre_key_refuses_receipts_of_another_key(make_region, central, impostor, outbox, capsys):
    region = make_region("KZ-35", trusts_centre=False)
    home = str(region.home.root)
    code, out, _ = run(capsys, "sync", "status", "--home", home)
    assert "--confirm-key" in out
    code, out, _ = run(capsys, "sync", "status", "--json", "--home", home)
    assert json.loads(out)["centre_key"] == {
        "public_key": None,
        "fingerprint": None,
        "source": None,
        "confirm_on_first_receipt": True,
    }

    real = keys.central_public_key(central)
    code, out, _ = run(capsys, "sync", "trust-centre", real.base64, "--home", home)
    assert code == 0 and real.fingerprint in out
    code, out, _ = run(capsys, "sync", "status", "--home", home)
    assert real.fingerprint in out and "desk sync trust-centre" in out and "first receipt" not in out

    # the impostor imports a bundle (it has its recipient and trusts the key) and signs a receipt: refused,
    # although it would have been the first receipt
    region.settings.set("central_recipient", keys.central_recipient(impostor))
    trust.add(impostor, "KZ-35", keys.region_public_key(region).base64)
    fake = import_bundle(impostor, export(region, outbox))
    assert fake.result == "imported"
    with pytest.raises(ReceiptRefused, match="another central office key"):
        load_receipt(region, fake.receipt)
    code, _out, err = run(capsys, "sync", "receipt", str(fake.receipt), "--home", home)
    assert code != 0 and real.fingerprint in err

    # the real centre's receipt is accepted
    region.settings.set("central_recipient", keys.central_recipient(central))
    outcome = import_bundle(central, export(region, outbox, full=True))
    assert outcome.result == "imported", outcome.message
    result = load_receipt(region, outcome.receipt)
    assert not result.pinned_now


def test_replacing_the_centre_key_needs_replace(make_region, central, impostor, capsys):
    region = make_region("KZ-35")
    home = str(region.home.root)
    real, other = keys.central_public_key(central), keys.central_public_key(impostor)
    assert run(capsys, "sync", "trust-centre", real.base64, "--home", home)[0] == 0
    code, out, _ = run(capsys, "sync", "trust-centre", real.base64, "--home", home)
    assert code == 0 and "nothing changed" in out
    code, _out, err = run(capsys, "sync", "trust-centre", other.base64, "--home", home)
    assert code != 0 and "--replace" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "sync", "trust-centre", other.base64, "--replace", "--home", home)
    assert code == 0 and other.fingerprint in out
    code, out, _ = run(capsys, "sync", "status", "--json", "--home", home)
    assert json.loads(out)["centre_key"]["fingerprint"] == other.fingerprint
    code, _out, err = run(capsys, "sync", "trust-centre", "not-a-key", "--home", home)
    assert code != 0 and "not a minisign public key" in err
    code, _out, err = run(capsys, "sync", "trust-centre", real.base64, "--home", str(central.home.root))
    assert code != 0 and "region's" in err


def test_without_a_set_key_the_first_receipt_shows_its_key_to_confirm(make_region, central, outbox, capsys):
    """A region that skipped `desk sync trust-centre` trusts nothing silently: the first receipt is refused
    showing its key's fingerprint; loaded again with that fingerprint confirmed, it pins the key."""
    from desk.sync.export import acknowledged_bundle
    from desk.sync.receipts import CentreKeyUnconfirmed, receipt_key

    region = make_region("KZ-35", trusts_centre=False)
    home = str(region.home.root)
    real = keys.central_public_key(central)
    outcome = import_bundle(central, export(region, outbox))
    with pytest.raises(CentreKeyUnconfirmed) as refused:
        load_receipt(region, outcome.receipt)
    assert refused.value.fingerprint == real.fingerprint and real.fingerprint in refused.value.message
    assert acknowledged_bundle(region) is None and region.db.meta("sync_central_key") == ""
    assert receipt_key(region, outcome.receipt).fingerprint == real.fingerprint

    code, _out, err = run(capsys, "sync", "receipt", str(outcome.receipt), "--home", home)
    assert code != 0 and real.fingerprint in err and "--confirm-key" in err
    code, _out, err = run(
        capsys,
        "sync",
        "receipt",
        str(outcome.receipt),
        "--confirm-key",
        "0000 0000 0000 0000",
        "--home",
        home,
    )
    assert code != 0 and acknowledged_bundle(region) is None
    typed = real.fingerprint.replace(" ", "").lower()  # as a clerk may type it
    code, out, _err = run(
        capsys, "sync", "receipt", str(outcome.receipt), "--confirm-key", typed, "--home", home
    )
    assert code == 0 and real.fingerprint in out
    assert acknowledged_bundle(region).sequence == 1
    assert receipt_key(region, outcome.receipt) is None
    code, out, _ = run(capsys, "sync", "status", "--home", home)
    assert "confirmed when the first receipt was loaded" in out and real.fingerprint in out
    code, out, _ = run(capsys, "sync", "status", "--json", "--home", home)
    assert json.loads(out)["centre_key"]["source"] == "confirmed"


def test_receipts_are_written_for_their_owner_alone(make_region, central, outbox):
    import os
    import stat

    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    outcome = import_bundle(central, export(make_region("KZ-35"), outbox))
    assert stat.S_IMODE(outcome.receipt.stat().st_mode) == 0o600
