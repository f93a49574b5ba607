"""Independent tools check what the application makes: `age` decrypts a bundle with the centre's key file, and
`minisign` verifies its manifest with the region's public key file (skipped only where a tool is absent; the
set-up script installs both)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest

from desk.sync.manifest import sha256

from .conftest import export

needs_age = pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
needs_minisign = pytest.mark.skipif(
    shutil.which("minisign") is None, reason="the minisign tool is not installed"
)


@pytest.fixture
def decrypted(make_region, central, outbox, tmp_path):
    from desk.services import associations

    region = make_region("KZ-35")
    associations.REGISTER.create(
        region, {"name_kk": "Қазақ мәдени орталығы", "ethnic_group": "kazakh", "legal_status": "initiative"}
    )
    bundle = export(region, outbox)
    if shutil.which("age") is None:
        pytest.skip("the age tool is not installed")
    proc = subprocess.run(
        ["age", "--decrypt", "-i", str(central.home.keys / "central.agekey"), str(bundle)],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    folder = tmp_path / "opened"
    folder.mkdir()
    with zipfile.ZipFile(io.BytesIO(proc.stdout)) as zf:
        for name in zf.namelist():
            (folder / name).write_bytes(zf.read(name))
    return region, folder


@needs_age
def test_age_decrypts_a_bundle_made_by_the_application(decrypted):
    _region, folder = decrypted
    names = {p.name for p in folder.iterdir()}
    assert {"manifest.json", "manifest.json.minisig", "association.jsonl", "tombstones.jsonl"} <= names
    assert "Қазақ мәдени орталығы" in (folder / "association.jsonl").read_text(encoding="utf-8")


@needs_age
@needs_minisign
def test_minisign_verifies_the_manifest_and_shows_the_trusted_comment(decrypted):
    region, folder = decrypted
    manifest = folder / "manifest.json"
    proc = subprocess.run(
        ["minisign", "-V", "-m", str(manifest), "-p", str(region.home.keys / "region.pub")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"region:KZ-35\tsequence:1\tmanifest-sha256:{sha256(manifest.read_bytes())}" in proc.stdout

    manifest.write_bytes(manifest.read_bytes().replace(b'"sequence": 1', b'"sequence": 2'))
    proc = subprocess.run(
        ["minisign", "-V", "-m", str(manifest), "-p", str(region.home.keys / "region.pub")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0


@needs_minisign
def test_minisign_reads_the_region_public_key_file(workspace, tmp_path):
    """The key `desk init` made is a minisign key the tool accepts: sign with ours, verify with theirs."""
    from desk.sync.keys import region_secret_key

    data = tmp_path / "note.txt"
    data.write_text("Достық", encoding="utf-8")
    sig = region_secret_key(workspace).sign(data.read_bytes(), trusted_comment="test")
    (tmp_path / "note.txt.minisig").write_bytes(bytes(sig) + b"\n")
    proc = subprocess.run(
        ["minisign", "-V", "-m", str(data), "-p", str(workspace.home.keys / "region.pub")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
