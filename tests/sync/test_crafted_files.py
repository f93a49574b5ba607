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
