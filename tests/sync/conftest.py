"""Fixtures for sync: a central office, regions that trust it (`desk sync trust-centre`) and are trusted by it,
and a bundle re-builder."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import minisign
import pyrage
import pytest
from sqlalchemy import func, select

from desk.domain.records import SYNCED_TABLES
from desk.services.workspace import MODE_CENTRAL, Workspace, create_workspace
from desk.setup_region import init_region
from desk.sync import keys, trust
from desk.sync.export import export_bundle
from desk.sync.manifest import MANIFEST, SIGNATURE, sha256, trusted_comment
from desk.sync.receipts import trust_centre


@pytest.fixture
def central(tmp_path: Path, centre_database_url: str | None) -> Iterator[Workspace]:
    """A central office, on SQLite and (with a server, see tests/conftest.py) on PostgreSQL."""
    ws = create_workspace(
        tmp_path / "central", region=None, mode=MODE_CENTRAL, database_url=centre_database_url
    )
    keys.create_central_keys(ws)
    yield ws
    ws.close()


@pytest.fixture
def make_region(tmp_path: Path, central: Workspace) -> Iterator[Callable[..., Workspace]]:
    """A region data folder whose bundles go to `central`, and whose key the centre trusts (unless told not)."""
    opened: list[Workspace] = []

    def make(code: str = "KZ-35", *, trusted: bool = True, trusts_centre: bool = True) -> Workspace:
        ws = init_region(tmp_path / code, code)
        ws.settings.set("central_recipient", keys.central_recipient(central))
        if trusted:
            trust.add(central, code, keys.region_public_key(ws).base64)
        if trusts_centre:  # `desk sync trust-centre` with the key `desk central key show` printed
            trust_centre(ws, keys.central_public_key(central).base64)
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


def export(ws: Workspace, folder: Path, *, full: bool = False) -> Path:
    return export_bundle(ws, folder, full=full).path


def central_counts(ws: Workspace, region: str | None = None) -> dict[str, int]:
    out = {}
    with ws.db.read() as session:
        for cls in SYNCED_TABLES:
            stmt = select(func.count()).select_from(cls)
            if region:
                stmt = stmt.where(cls.region == region)
            out[cls.__tablename__] = session.execute(stmt).scalar_one()
    return out


def open_members(path: Path, central: Workspace) -> dict[str, bytes]:
    """The decrypted archive's members of a bundle, in order."""
    data = pyrage.decrypt(path.read_bytes(), [keys.central_identity(central)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rebuild(
    path: Path,
    central: Workspace,
    out: Path,
    *,
    members: Callable[[dict[str, bytes]], dict[str, bytes]] = lambda m: m,
    manifest: Callable[[dict], dict] | None = None,
    signer: minisign.SecretKey | None = None,
    rehash: bool = False,
) -> Path:
    """A forged bundle: decrypt `path`, let the caller change its files and manifest, re-sign the manifest (with
    `signer`, when given) and encrypt it again to the centre's public recipient, as anyone could."""
    files = open_members(path, central)
    files = members(dict(files))
    if manifest is not None or signer is not None or rehash:
        doc = json.loads(files[MANIFEST])
        if rehash:
            doc["files"] = {n: sha256(d) for n, d in files.items() if n.endswith(".jsonl")}
        if manifest is not None:
            doc = manifest(doc)
        raw = json.dumps(doc, sort_keys=True, ensure_ascii=False, indent=1).encode()
        files[MANIFEST] = raw
        if signer is not None:
            sig = signer.sign(
                raw, trusted_comment=trusted_comment(doc["region"], doc["sequence"], sha256(raw))
            )
            files[SIGNATURE] = bytes(sig) + b"\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    recipient = pyrage.x25519.Recipient.from_str(keys.central_recipient(central))
    out.write_bytes(pyrage.encrypt(buffer.getvalue(), [recipient]))
    return out


def read_receipt(path: Path, region: Workspace) -> dict:
    """A receipt's JSON document: receipts for a region whose recipient the centre knows are encrypted to it."""
    raw = path.read_bytes()
    if raw.startswith(b"age-encryption.org/v1\n"):
        raw = pyrage.decrypt(raw, keys.region_identities(region))
    return json.loads(raw.decode("utf-8"))


@pytest.fixture
def region(make_region: Callable[..., Workspace]) -> Workspace:
    """A small region (a district, an association, a person) whose bundles go to `central`; modules that need
    other records define their own."""
    from desk.services import associations, districts, persons

    ws = make_region("KZ-35")
    districts.create(ws, name_ru="Октябрьский район")
    associations.REGISTER.create(
        ws, {"name_ru": "Корейский центр", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    persons.REGISTER.create(ws, {"surname": "Ким", "given_name": "Анна"})
    return ws


@pytest.fixture
def bundle(region: Workspace, outbox: Path) -> Path:
    """`region`'s first bundle."""
    return export(region, outbox)
