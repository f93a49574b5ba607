"""Centre → region bundles: signed by the centre's key the region trusts, versioned (an older one refused), with an
expiry the region enforces, applied all or nothing; the centre's key rotation travels in one; the region shows how
old its reference data is."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desk.cli import main
from desk.sync import keys
from desk.sync.central_import import import_bundle
from desk.sync.centre_bundle import (
    _canonical,
    _comment,
    centre_bundle_status,
    import_centre_bundle,
    make_centre_bundle,
    rotate_centre_key,
)
from desk.sync.centre_sections import centre_reference
from desk.sync.errors import CentreBundleRefused, ReceiptRefused
from desk.sync.receipts import centre_key, load_receipt

from .conftest import export


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _resign(path, central, change):
    """A bundle changed by `change(body)` and signed again with the centre's real key (as the centre could)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    body = change(doc["body"])
    canonical = _canonical(body)
    signature = keys.central_secret_key(central).sign(
        canonical, trusted_comment=_comment(body["version"], canonical)
    )
    doc["body"], doc["signature"] = body, bytes(signature).decode("ascii")
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_reference_data_is_applied_once_and_its_age_shown(make_region, central, outbox):
    region = make_region("KZ-35")
    assert centre_bundle_status(region).text() == "No reference data from the central office yet."
    made = make_centre_bundle(central, outbox)
    assert made.sections == ["reference"] and made.region == "*" and made.path.name.endswith(".dqc")
    applied = import_centre_bundle(region, made.path)
    assert not applied.already and applied.sections == ["reference"]
    reference = centre_reference(region)
    assert {"ethnic_groups", "event_types", "districts"} <= set(reference)
    assert any(d["region"] == "KZ-35" for d in reference["districts"])
    assert import_centre_bundle(region, made.path).already
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=95, hours=1)
    assert centre_bundle_status(region, now=later).text() == (
        f"Reference data is 95 days old (central office bundle {made.version})."
    )


def test_an_older_version_and_an_expired_bundle_are_refused(make_region, central, outbox):
    region = make_region("KZ-35")
    first = make_centre_bundle(central, outbox, valid_days=30)
    second = make_centre_bundle(central, outbox)
    assert second.version == first.version + 1
    with pytest.raises(CentreBundleRefused, match="expired"):
        import_centre_bundle(region, first.path, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=31))
    import_centre_bundle(region, second.path)
    with pytest.raises(CentreBundleRefused, match="older than the one this region applied"):
        import_centre_bundle(region, first.path)


def test_only_the_trusted_centre_key_and_this_region(make_region, central, outbox, tmp_path):
    from desk.services.workspace import MODE_CENTRAL, create_workspace

    impostor = create_workspace(tmp_path / "impostor", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(impostor)
    region = make_region("KZ-35")
    with pytest.raises(CentreBundleRefused, match="not signed by the central office key"):
        import_centre_bundle(region, make_centre_bundle(impostor, outbox).path)
    impostor.close()
    untrusting = make_region("KZ-75", trusts_centre=False)
    with pytest.raises(CentreBundleRefused, match="trust-centre"):
        import_centre_bundle(untrusting, make_centre_bundle(central, outbox).path)
    other = make_centre_bundle(central, outbox, region="KZ-75")
    with pytest.raises(CentreBundleRefused, match="for KZ-75, not for KZ-35"):
        import_centre_bundle(region, other.path)
    tampered = make_centre_bundle(central, outbox)
    doc = json.loads(tampered.path.read_text(encoding="utf-8"))
    doc["body"]["expires_at"] = "2999-01-01T00:00:00+00:00"
    tampered.path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CentreBundleRefused, match="not signed"):
        import_centre_bundle(region, tampered.path)
    assert centre_reference(region) == {}


@pytest.mark.parametrize(
    "extra",
    [
        {"type": "quarter_decisions_from_the_future", "data": []},
        {"type": "centre_key", "data": {"public_key": "not a key"}},
        {"type": "reference", "data": {"ethnic_groups": [{"code": "x\x07", "kk": "", "ru": "", "en": ""}]}},
    ],
)
def test_all_or_nothing(make_region, central, outbox, extra):
    region = make_region("KZ-35")
    made = make_centre_bundle(central, outbox)
    bad = _resign(made.path, central, lambda body: {**body, "sections": [*body["sections"], extra]})
    pinned = centre_key(region).public_key
    with pytest.raises(CentreBundleRefused):
        import_centre_bundle(region, bad)
    assert centre_reference(region) == {} and centre_bundle_status(region).version == 0
    assert centre_key(region).public_key == pinned


def test_the_centres_key_rotation_travels_in_a_bundle(make_region, central, outbox):
    region = make_region("KZ-35")
    late = make_region("KZ-75")  # does not get the rotation bundle
    old = keys.central_public_key(central)
    rotation = rotate_centre_key(central, outbox)
    new = keys.central_public_key(central)
    assert new.base64 != old.base64 and rotation.sections == ["reference", "centre_key"]
    import_centre_bundle(region, rotation.path)
    assert centre_key(region).public_key == new.base64 and centre_key(region).source == "rotation"
    outcome = import_bundle(central, export(region, outbox))
    assert load_receipt(region, outcome.receipt).sequence == 1  # signed with the new key
    outcome = import_bundle(central, export(late, outbox))
    with pytest.raises(ReceiptRefused, match="another central office key"):
        load_receipt(late, outcome.receipt)
    # bundles made after the rotation are signed with the new key
    assert not import_centre_bundle(region, make_centre_bundle(central, outbox).path).already


def test_from_the_command_line(make_region, central, outbox, capsys):
    region = make_region("KZ-35")
    code, out, err = run(capsys, "central", "bundle", "-o", str(outbox), "--home", str(central.home.root))
    assert code == 0, err
    path = out.splitlines()[0]
    code, out, err = run(capsys, "sync", "import", path, "--home", str(region.home.root))
    assert code == 0 and "applied (reference)" in out, err
    code, out, _ = run(capsys, "sync", "status", "--home", str(region.home.root))
    assert "Reference data is 0 days old" in out
    code, _out, err = run(
        capsys, "sync", "import", str(outbox / "nothing.dqc"), "--home", str(region.home.root)
    )
    assert code != 0 and "nothing.dqc" in err
    code, out, err = run(
        capsys, "central", "key", "rotate", "-o", str(outbox), "--home", str(central.home.root)
    )
    assert code == 0 and keys.central_public_key(central).fingerprint in out, err


def test_the_centres_quarter_decisions_travel_in_a_bundle_for_the_region(make_region, central, outbox):
    """A region whose receipt was lost learns of the centre's decision from a bundle made for it; a bundle for every
    region carries no region's decisions; the same decision twice changes nothing."""
    from desk.domain import quarters as rules
    from desk.services import quarters as service
    from desk.sync import quarters

    region = make_region("KZ-35")
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 5))
    outcome = import_bundle(central, export(region, outbox))
    load_receipt(region, outcome.receipt)
    quarters.decide(
        central, "KZ-35", 2026, 3, rules.RETURNED, "Нет протокола № 3"
    )  # its receipt never arrives
    assert "quarter_decisions" not in make_centre_bundle(central, outbox).sections
    made = make_centre_bundle(central, outbox, region="KZ-35")
    assert "quarter_decisions" in made.sections
    assert service.status(region, "KZ-35", rules.Period(2026, 3)).state == rules.SUBMITTED
    import_centre_bundle(region, made.path)
    assert service.status(region, "KZ-35", rules.Period(2026, 3)).state == rules.RETURNED
    again = make_centre_bundle(central, outbox, region="KZ-35")
    import_centre_bundle(region, again.path)
    assert service.status(region, "KZ-35", rules.Period(2026, 3)).state == rules.RETURNED
