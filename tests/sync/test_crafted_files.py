"""A file anyone could craft (no signature needed: a lone surrogate, arrays nested too deep, nothing, half a
document) given to `desk sync import` or `desk sync receipt` is refused with a sentence in the user's language,
never an unexpected error (a lone surrogate and deep nesting once crashed both)."""

from __future__ import annotations

import json

import minisign
import pytest

from desk.cli import main
from desk.sync.centre_bundle import import_centre_bundle
from desk.sync.errors import CentreBundleRefused


def _any_signature() -> str:
    return bytes(minisign.KeyPair.generate().secret_key.sign(b"x", trusted_comment="x")).decode("ascii")


@pytest.mark.parametrize(
    "content",
    [
        lambda: (
            '{"format":"dostyq-desk-centre-bundle","format_version":1,"body":{"x":"\\ud800"},"public_key":"",'
            f'"signature":{json.dumps(_any_signature())}}}'
        ),
        lambda: "[" * 100_000,
        lambda: "",
        lambda: '{"format":"dostyq-desk-centre-bundle"',
    ],
    ids=["lone-surrogate", "nested-too-deep", "empty", "truncated"],
)
def test_a_crafted_file_is_refused_in_the_users_language(make_region, outbox, capsys, content):
    region = make_region("KZ-35")
    path = outbox / "crafted.dqc"
    path.write_text(content(), encoding="utf-8")
    with pytest.raises(CentreBundleRefused, match="not a central office bundle"):
        import_centre_bundle(region, path)
    code = main(["sync", "import", str(path), "--home", str(region.home.root), "--lang", "ru"])
    err = capsys.readouterr().err
    assert code != 0 and "не является пакетом центрального аппарата" in err, err
    code = main(["sync", "receipt", str(path), "--home", str(region.home.root), "--lang", "kk"])
    err = capsys.readouterr().err
    assert code != 0 and "crafted.dqc" in err and "Error" not in err, err


def test_a_password_protected_archive_member_is_refused_with_a_sentence(central, tmp_path):
    """A member flagged as encrypted (zip's own password protection) once failed with "could not be processed
    (RuntimeError: … password required …)"; it is refused as an unsupported compression, before any row is read."""
    import io
    import zipfile

    import pyrage

    from desk.sync import keys
    from desk.sync.central_import import import_bundle, verify_bundle

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("manifest.json", b"{}")
        zf.writestr("manifest.json.minisig", b"x")
    data = bytearray(buffer.getvalue())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag in the local and central headers
        at = data.find(header)
        while at >= 0:
            data[at + (6 if header == b"PK\x03\x04" else 8)] |= 0x1
            at = data.find(header, at + 4)
    recipient = pyrage.x25519.Recipient.from_str(keys.central_recipient(central))
    path = tmp_path / "locked.age"
    path.write_bytes(pyrage.encrypt(bytes(data), [recipient]))
    for check in (verify_bundle, import_bundle):
        outcome = check(central, path)
        assert outcome.result == "refused" and "unsupported compression" in outcome.message, outcome.message


def test_a_manifest_quoting_nul_and_escapes_is_logged_and_the_batch_goes_on(
    make_region, central, outbox, tmp_path
):
    """An unsigned bundle (anyone holding the centre's recipient can make one) whose manifest names the region
    "KZ-\\x003\\x1b[2J\\u202e5": the refusal quoting it once crashed the log on PostgreSQL (no NUL in its texts), so the
    attempt went unlogged and the batch stopped; and it wrote the terminal's escape codes to the screen. The
    characters are now shown as their codes."""
    from sqlalchemy import select

    from desk.sync.central_import import import_files
    from desk.sync.tables import ImportAttempt

    from .conftest import export, rebuild

    region = make_region("KZ-35")
    bundle = export(region, outbox)

    def members(files):
        doc = json.loads(files["manifest.json"])
        doc["region"] = "KZ-\x003\x1b[2J\u202e5"
        files["manifest.json"] = json.dumps(doc).encode()
        return files

    crafted = rebuild(bundle, central, tmp_path / "0-crafted.age", members=members)
    outcomes = import_files(central, [crafted, bundle])
    assert [o.result for o in outcomes] == ["refused", "imported"]
    assert "KZ-\\x003\\x1b[2J\\u202e5" in outcomes[0].message
    with central.db.read() as s:
        logged = [(a.result, a.message) for a in s.scalars(select(ImportAttempt).order_by(ImportAttempt.id))]
    assert [r for r, _m in logged] == ["refused", "imported"] and "\x00" not in logged[0][1]


def test_sync_import_shows_a_crafted_files_escape_codes_as_codes(make_region, outbox, capsys):
    """A centre bundle anyone could craft, naming its format version "\\x1b[2J" (clear the screen): the refusal quotes
    it as its code, in the user's language, and the terminal is left alone."""
    region = make_region("KZ-35")
    path = outbox / "crafted.dqc"
    path.write_text(
        json.dumps(
            {
                "format": "dostyq-desk-centre-bundle",
                "format_version": "\x1b[2J\x00",
                "body": {},
                "public_key": "",
                "signature": _any_signature(),
            }
        ),
        encoding="utf-8",
    )
    code = main(["sync", "import", str(path), "--home", str(region.home.root), "--lang", "ru"])
    err = capsys.readouterr().err
    assert code != 0 and "\\x1b[2J\\x00" in err and "\x1b" not in err and "\x00" not in err, err
    assert "Обновите программу" in err
