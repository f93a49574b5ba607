"""The bundle's manifest: what it carries and where it sits in the region's sequence of bundles.

`manifest.json` is canonical JSON (sorted keys, UTF-8). Its SHA-256 is the bundle's identity (the next bundle
names it as `previous_hash`; receipts name it); `manifest.json.minisig` signs these bytes, and its trusted comment
repeats region, sequence and that hash, so `minisign -V` alone shows which bundle a signature is for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from desk.domain.records import SYNCED_TABLES, table_name
from desk.i18n import _
from desk.sync.errors import BundleRefused

FORMAT = "dostyq-desk-bundle"
FORMAT_VERSION = 1
SUPPORTED_VERSIONS = (1,)
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
TOMBSTONES = "tombstones"
MAX_MANIFEST_BYTES = 1024**2

SYNCED_TABLE_NAMES: tuple[str, ...] = tuple(table_name(cls) for cls in SYNCED_TABLES)
PAYLOAD_NAMES: tuple[str, ...] = (*SYNCED_TABLE_NAMES, TOMBSTONES)

_REGION = re.compile(r"^KZ-\d{2}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")  # bech32: an X25519 recipient as age-keygen prints it


def _is_recipient(text: str) -> bool:
    """An X25519 recipient age can encrypt to: the bech32 form and its checksum (the form alone lets a mistyped
    or damaged key through, and the centre's receipt and personal bundles for the region then fail)."""
    if not _RECIPIENT.match(text):
        return False
    import pyrage

    try:
        pyrage.x25519.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError):
        return False
    return True


def payload_file(table: str) -> str:
    return f"{table}.jsonl"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    region: str
    key_id: str
    sequence: int
    base_sequence: int
    previous_hash: str
    created_at: str
    schema_version: str
    full: bool
    since_usn: int
    until_usn: int
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # file name → SHA-256
    region_recipient: str = (
        ""  # the region's age recipient (age1…): the centre encrypts personal bundles to it;
    )
    # "" in bundles of programs before it (they still import)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, indent=1).encode("utf-8")

    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)

    def total_rows(self) -> int:
        return sum(self.counts.values())


def trusted_comment(region: str, sequence: int, manifest_hash: str) -> str:
    return f"dostyq-desk bundle\tregion:{region}\tsequence:{sequence}\tmanifest-sha256:{manifest_hash}"


def parse(data: bytes) -> Manifest:
    """Read a manifest, refusing an unknown format or version and any field of the wrong shape."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # RecursionError: arrays nested too deep
        raise BundleRefused(_("The bundle's manifest is not valid JSON.")) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleRefused(_("This file is not a Dostyq Desk bundle (its manifest names another format)."))
    version = raw.get("format_version")
    if version not in SUPPORTED_VERSIONS:
        raise BundleRefused(
            _(
                "The bundle has format version {version}; this program reads version {supported}. Update the program."
            ).format(version=version, supported=", ".join(map(str, SUPPORTED_VERSIONS)))
        )
    try:
        m = Manifest(
            region=_typed(raw, "region", str),
            key_id=_typed(raw, "key_id", str),
            sequence=_typed(raw, "sequence", int),
            base_sequence=_typed(raw, "base_sequence", int),
            previous_hash=_typed(raw, "previous_hash", str),
            created_at=_typed(raw, "created_at", str),
            schema_version=_typed(raw, "schema_version", str),
            full=_typed(raw, "full", bool),
            since_usn=_typed(raw, "since_usn", int),
            until_usn=_typed(raw, "until_usn", int),
            counts=_typed(raw, "counts", dict),
            files=_typed(raw, "files", dict),
            region_recipient=_typed(raw, "region_recipient", str) if "region_recipient" in raw else "",
            format=raw["format"],
            format_version=version,
        )
        dt.datetime.fromisoformat(m.created_at)
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleRefused(
            _("The bundle's manifest is incomplete or malformed ({field}).").format(field=str(exc).strip("'"))
        ) from None
    if not _REGION.match(m.region):
        raise BundleRefused(
            _("The bundle's manifest names no valid region (“{region}”).").format(region=m.region)
        )
    if m.sequence < 1 or m.base_sequence < 0 or m.base_sequence >= m.sequence:
        raise BundleRefused(
            _("The bundle's sequence numbers are invalid ({sequence} after {base}).").format(
                sequence=m.sequence, base=m.base_sequence
            )
        )
    if m.region_recipient and not _is_recipient(m.region_recipient):
        raise BundleRefused(
            _("The bundle's manifest is incomplete or malformed ({field}).").format(field="region_recipient")
        )
    if m.previous_hash and not _HEX64.match(m.previous_hash):
        raise BundleRefused(
            _("The bundle's manifest is incomplete or malformed ({field}).").format(field="previous_hash")
        )
    expected = {payload_file(t) for t in PAYLOAD_NAMES}
    for name, digest in m.files.items():
        if name not in expected or not isinstance(digest, str) or not _HEX64.match(digest):
            raise BundleRefused(
                _("The bundle's manifest lists an unexpected file “{name}”.").format(name=name[:80])
            )
    for table, n in m.counts.items():
        if table not in PAYLOAD_NAMES or not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise BundleRefused(
                _("The bundle's manifest is incomplete or malformed ({field}).").format(
                    field=f"counts.{table}"[:80]
                )
            )
    return m


def _typed(raw: dict[str, Any], key: str, kind: type) -> Any:
    value = raw[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(key)
    return value
