"""Every bad input is refused with one clear sentence, logged, and nothing of it is applied."""

from __future__ import annotations

import json

import minisign
import pytest
from sqlalchemy import select

from desk.sync import keys, trust
from desk.sync.central_import import import_bundle, verify_bundle
from desk.sync.tables import ImportAttempt, ReceivedBundle

from .conftest import central_counts, export, rebuild


@pytest.fixture
def bundle(make_region, central, outbox):
    """A sound bundle of KZ-35 with a few records, not yet imported."""
    from desk.services import associations

    region = make_region("KZ-35")
    for name in ("Казахское общество", "Русская община", "Корейский центр"):
        associations.REGISTER.create(
            region, {"name_ru": name, "ethnic_group": "korean", "legal_status": "initiative"}
        )
    return export(region, outbox)


def _refused(central, path, *fragments: str) -> str:
    before = central_counts(central)
    for check in (verify_bundle, import_bundle):
        outcome = check(central, path)
        assert outcome.result == "refused", outcome.message
        assert "\n" not in outcome.message
        for fragment in fragments:
            assert fragment in outcome.message
    assert central_counts(central) == before
    with central.db.read() as s:
        assert s.scalars(select(ReceivedBundle)).all() == []
        assert [a.result for a in s.scalars(select(ImportAttempt))][-2:] == ["refused", "refused"]
    assert not (central.home.root / "receipts").exists() or not any(
        (central.home.root / "receipts").iterdir()
    )
    return outcome.message


@pytest.mark.parametrize("where", [0, 30, 120, 200, "middle", -17, -1])
def test_a_byte_flipped_anywhere(central, bundle, tmp_path, where):
    data = bytearray(bundle.read_bytes())
    index = len(data) // 2 if where == "middle" else where
    data[index] ^= 0x01
    bad = tmp_path / "flipped.age"
    bad.write_bytes(bytes(data))
    _refused(central, bad)


@pytest.mark.parametrize("keep", [0, 10, 100, "half", -1])
def test_a_truncated_file(central, bundle, tmp_path, keep):
    data = bundle.read_bytes()
    cut = len(data) // 2 if keep == "half" else (len(data) - 1 if keep == -1 else keep)
    bad = tmp_path / "truncated.age"
    bad.write_bytes(data[:cut])
    _refused(central, bad)


def test_a_file_for_another_recipient(make_region, central, outbox):
    import pyrage

    region = make_region("KZ-35")
    region.settings.set("central_recipient", str(pyrage.x25519.Identity.generate().to_public()))
    _refused(central, export(region, outbox), "not encrypted for this central office")


def test_an_unknown_region_key(make_region, central, outbox):
    region = make_region("KZ-35", trusted=False)
    _refused(central, export(region, outbox), "unknown key")


def test_a_revoked_region_key(make_region, central, outbox):
    region = make_region("KZ-35")
    trust.revoke(central, "KZ-35")
    _refused(central, export(region, outbox), "revoked")


def test_a_key_that_signs_for_another_region(make_region, central, bundle, tmp_path):
    almaty = make_region("KZ-75")
    forged = rebuild(
        bundle,
        central,
        tmp_path / "forged.age",
        signer=keys.region_secret_key(almaty),
        manifest=lambda m: {**m, "key_id": keys.region_public_key(almaty).key_id},
    )
    _refused(central, forged, "comes from KZ-35 but is signed with the key of KZ-75")


def test_records_of_another_region_in_a_signed_bundle(make_region, central, tmp_path, outbox):
    """Even with its own valid key, a region cannot send (and overwrite) another region's records."""
    from desk.services import associations

    almaty = make_region("KZ-75")
    associations.REGISTER.create(
        almaty, {"name_ru": "Чужое", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    bundle = export(almaty, outbox)

    def relabel(files):
        files["association.jsonl"] = files["association.jsonl"].replace(
            b'"region":"KZ-75"', b'"region":"KZ-35"'
        )
        return files

    forged = rebuild(
        bundle,
        central,
        tmp_path / "forged.age",
        members=relabel,
        rehash=True,
        signer=keys.region_secret_key(almaty),
    )
    _refused(central, forged, "a record of KZ-35 in a bundle of KZ-75")


def test_a_hash_mismatch(central, bundle, tmp_path):
    def tamper(files):
        files["association.jsonl"] = files["association.jsonl"].replace("Русская".encode(), "Чужая".encode())
        return files

    forged = rebuild(bundle, central, tmp_path / "tampered.age", members=tamper)
    _refused(central, forged, "association.jsonl does not match its hash")


def test_an_altered_manifest_breaks_the_signature(central, bundle, tmp_path):
    forged = rebuild(bundle, central, tmp_path / "altered.age", manifest=lambda m: {**m, "sequence": 9})
    _refused(central, forged, "signature does not match the trusted key of KZ-35")


def test_an_unsupported_format_version(make_region, central, bundle, tmp_path):
    region_key = minisign.SecretKey.from_file(bundle.parent.parent / "KZ-35" / "keys" / "region.key")
    forged = rebuild(
        bundle, central, tmp_path / "v2.age", signer=region_key, manifest=lambda m: {**m, "format_version": 2}
    )
    _refused(central, forged, "format version 2")


@pytest.mark.parametrize(
    "name", ["../escape.jsonl", "/etc/passwd", "sub/../../x.jsonl", "..\\win.jsonl", "C:x.jsonl"]
)
def test_archive_paths_that_climb_out(central, bundle, tmp_path, name):
    def add(files):
        files[name] = b"{}\n"
        return files

    forged = rebuild(bundle, central, tmp_path / "climb.age", members=add)
    _refused(central, forged, "a path outside its folder")


def test_a_payload_that_inflates_beyond_a_sane_bound(central, bundle, tmp_path):
    def bomb(files):
        files["person.jsonl"] = b"\0" * (64 * 1024**2)
        return files

    forged = rebuild(bundle, central, tmp_path / "bomb.age", members=bomb)
    assert forged.stat().st_size < 1024**2
    _refused(central, forged, "decompression bomb")


def test_rows_that_do_not_match_the_manifest_count(central, bundle, tmp_path):
    region_key = minisign.SecretKey.from_file(bundle.parent.parent / "KZ-35" / "keys" / "region.key")

    def drop_one(files):
        files["association.jsonl"] = b"\n".join(files["association.jsonl"].splitlines()[1:]) + b"\n"
        return files

    forged = rebuild(
        bundle, central, tmp_path / "short.age", members=drop_one, rehash=True, signer=region_key
    )
    _refused(central, forged, "holds 2 rows; its manifest says 3")


def test_a_row_with_an_unknown_column(central, bundle, tmp_path):
    region_key = minisign.SecretKey.from_file(bundle.parent.parent / "KZ-35" / "keys" / "region.key")

    def extra(files):
        rows = [json.loads(x) for x in files["association.jsonl"].splitlines()]
        rows[0]["secret_column"] = 1
        files["association.jsonl"] = b"".join(json.dumps(r).encode() + b"\n" for r in rows)
        return files

    forged = rebuild(bundle, central, tmp_path / "extra.age", members=extra, rehash=True, signer=region_key)
    _refused(central, forged, "line 1", "secret_column")


def test_not_a_bundle_at_all(central, tmp_path):
    junk = tmp_path / "notes.age"
    junk.write_text("hello", encoding="utf-8")
    _refused(central, junk, "not an age-encrypted bundle")
