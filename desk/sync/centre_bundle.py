"""Centre → region bundles: what the central office sends every region (reference data, its key rotation, and any
section registered in `desk.sync.centre_sections`), signed with the centre's key, versioned and with an expiry.

The file (`.dqc`, JSON): `{"format", "format_version", "body", "public_key", "signature"}`; the body holds the
bundle's `version` (the centre's counter: each bundle a higher number), `created_at`, `expires_at`, `region` (the
one region it is for, or "*") and `sections` (a list of `{"type", "data"}`). The signature is minisign's over the
canonical JSON of the body, its trusted comment naming the version and the body's SHA-256.

A region applies a bundle only when: it is signed by the central office key the region trusts (set with `desk sync
trust-centre`, or confirmed from the first receipt); it is for this region; it has not expired; its version is
newer than the last applied (the same version again: nothing to do; an older one: refused); every section is of a
known type and passes its check. Then every section is applied in one transaction, or none. `desk sync status`
and the Sync page show how old the last applied bundle is ("reference data is 95 days old").

Sections holding personal data (`Section.personal`: the quarter decisions, whose comments may name people) travel
only in a bundle for one region, and that bundle file is then encrypted with age to the region's recipient (the
region's own age identity, desk.sync.keys; its recipient comes in the region's signed bundles and the centre keeps
the last one, desk.sync.trust.region_recipient). A bundle for every region never holds a personal section; a
personal bundle for a region whose recipient the centre does not know is not made (a clear error says why). The
region decrypts it with its identity; it refuses a personal section that arrived unencrypted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import minisign
import pyrage

from desk.errors import DeskError, os_error_reason
from desk.i18n import _, ngettext
from desk.services import reference_data
from desk.services.workspace import Workspace
from desk.sync import keys
from desk.sync.centre_sections import SECTIONS
from desk.sync.decrypt import AGE_HEADER, ARMOR_HEADER
from desk.sync.errors import CentreBundleRefused

FORMAT = "dostyq-desk-centre-bundle"
FORMAT_VERSION = 1
SUFFIX = ".dqc"
MAX_BYTES = 8 * 1024**2
VERSION_META = "centre_bundle_version"  # at the centre: the last version made; in a region: the last applied
CREATED_META = "centre_bundle_created_at"  # in a region: when the centre made the last reference data applied
BODY_META = "centre_bundle_sha256"  # in a region: the SHA-256 of the body of the bundle last applied
DEFAULT_VALID_DAYS = 120


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _comment(version: int, body: bytes) -> str:
    return f"dostyq-desk centre-bundle\tversion:{version}\tbody-sha256:{hashlib.sha256(body).hexdigest()}"


@dataclass(frozen=True)
class CentreBundleFile:
    path: Path
    version: int
    region: str
    sections: list[str]
    expires_at: dt.datetime
    encrypted: bool = False  # encrypted to the region's recipient (it holds a personal section)


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def make_centre_bundle(
    ws: Workspace,
    out_dir: Path,
    *,
    region: str | None = None,
    valid_days: int = DEFAULT_VALID_DAYS,
    extra: dict[str, Any] | None = None,
    secret: minisign.SecretKey | None = None,
) -> CentreBundleFile:
    """Write the next centre bundle into `out_dir`: every section that has data for `region` (None: every region),
    plus `extra` sections' data (as the key rotation gives). Signed with the centre's key (or `secret`)."""
    from desk.store.db import set_meta
    from desk.sync.trust import check_region_code, require_central

    require_central(ws)
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise DeskError(_("The folder {folder} does not exist.").format(folder=out_dir))
    if valid_days < 1:
        raise DeskError(_("A bundle must be valid for at least one day."))
    target = check_region_code(region) if region else "*"
    sections = []
    for name, section in SECTIONS.items():
        if section.personal and target == "*":
            continue  # personal data only ever goes to one region, encrypted to it
        data = (extra or {}).get(name)
        if data is None:
            data = section.collect(ws, None if target == "*" else target)
        if data is not None:
            section.check(data)
            sections.append({"type": name, "data": data})
    recipient = _recipient_of(ws, target, [s["type"] for s in sections if SECTIONS[s["type"]].personal])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with ws.db.transact(audit=False) as session:
        from sqlalchemy import text

        conn = session.connection()
        # two clerks making bundles at once on a server: the second waits for the first's number (without the lock
        # both read the same last version and two different bundles carried one number)
        lock = " FOR UPDATE" if conn.dialect.name == "postgresql" else ""
        raw = conn.execute(text("SELECT value FROM meta WHERE key = :k" + lock), {"k": VERSION_META})
        version = int(raw.scalar() or 0) + 1
        set_meta(session, VERSION_META, str(version))
        body = {
            "version": version,
            "created_at": now.isoformat(),
            "expires_at": (now + dt.timedelta(days=valid_days)).isoformat(),
            "region": target,
            "sections": sections,
        }
        canonical = _canonical(body)
        key = secret or keys.central_secret_key(ws)
        signature = key.sign(
            canonical,
            untrusted_comment=f"Dostyq Desk centre bundle {version}",
            trusted_comment=_comment(version, canonical),
        )
        public = keys.central_public_key(ws).base64 if secret is None else ""
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "body": body,
            "public_key": public,
            "signature": bytes(signature).decode("ascii"),
        }
        path = out_dir / f"centre-{target.replace('*', 'all')}-{version:06d}{SUFFIX}"
        content = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        if recipient is not None:
            content = pyrage.encrypt(content, [recipient])
        _write(path, content)
    return CentreBundleFile(
        path=path,
        version=version,
        region=target,
        sections=[s["type"] for s in sections],
        expires_at=now + dt.timedelta(days=valid_days),
        encrypted=recipient is not None,
    )


def _recipient_of(ws: Workspace, target: str, personal: list[str]) -> pyrage.x25519.Recipient | None:
    """The recipient a bundle holding the `personal` sections is encrypted to (None: none of them, plain); refused
    when the centre does not know the region's recipient yet."""
    from desk.sync.trust import region_recipient

    if not personal:
        return None
    known = region_recipient(ws, target)
    if not known:
        raise DeskError(
            _(
                "The bundle for {region} holds personal data ({sections}) and must be encrypted to the region's "
                "key, which the central office does not know yet: import a bundle {region} made with this "
                "version of the program first (it carries the key)."
            ).format(region=target, sections=", ".join(personal))
        )
    return pyrage.x25519.Recipient.from_str(keys.parse_recipient(known))


def rotate_centre_key(
    ws: Workspace, out_dir: Path, *, valid_days: int = DEFAULT_VALID_DAYS
) -> CentreBundleFile:
    """A new receipt-signing key for the centre: the bundle announcing it is signed with the old key (which the
    regions trust), then the new key replaces the old one (kept beside it as `central.key.old`)."""
    from desk.sync.keys import CENTRAL_KEY, CENTRAL_PUB, parse_public_key

    folder = ws.home.keys
    old_secret = keys.central_secret_key(ws)
    pair = minisign.KeyPair.generate()
    pair.public_key.untrusted_comment = "Dostyq Desk central office receipt key"
    new_public = parse_public_key(pair.public_key.to_base64().decode())
    bundle = make_centre_bundle(
        ws,
        out_dir,
        valid_days=valid_days,
        extra={"centre_key": {"public_key": new_public.base64}},
        secret=old_secret,
    )
    for name in (CENTRAL_KEY, CENTRAL_PUB):
        old = folder / name
        os.replace(old, folder / (name + ".old"))
    keys._write_secret(folder / CENTRAL_KEY, bytes(pair.secret_key) + b"\n")
    (folder / CENTRAL_PUB).write_bytes(bytes(pair.public_key) + b"\n")
    return bundle


@dataclass(frozen=True)
class Applied:
    version: int
    already: bool
    sections: list[str]
    created_at: dt.datetime


def _decrypt(ws: Workspace, raw: bytes) -> bytes:
    """The plaintext of a bundle encrypted to this region (binary or armored age), or a refusal."""
    try:
        return keys.decrypt_for_region(ws, raw)
    except keys.NotForThisRegion:
        raise CentreBundleRefused(
            _(
                "The central office's bundle is encrypted for another region's key, not for this region "
                "({region}): refused."
            ).format(region=ws.region)
        ) from None
    except keys.NotAuthentic:
        raise CentreBundleRefused(
            _("The central office's bundle is damaged: its encryption does not authenticate.")
        ) from None


def _parse(ws: Workspace, path: Path) -> tuple[dict[str, Any], minisign.Signature, bytes, bool]:
    """The body, signature and canonical body of a bundle file, and whether the file was encrypted."""
    try:
        raw = Path(path).read_bytes() if Path(path).stat().st_size <= MAX_BYTES else None
    except OSError as exc:
        raise CentreBundleRefused(
            _("Cannot read {path}: {error}").format(path=path, error=os_error_reason(exc, path))
        ) from None
    if raw is None:
        raise CentreBundleRefused(_("{path} is too large to be a central office bundle.").format(path=path))
    encrypted = raw.startswith(AGE_HEADER) or raw.lstrip().startswith(ARMOR_HEADER)
    if encrypted:
        raw = _decrypt(ws, raw)
    try:
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError
        body = doc["body"]
        if not isinstance(body, dict):
            raise ValueError
        signature = minisign.Signature.from_bytes(str(doc["signature"]).encode("ascii"))
        canonical = _canonical(body)  # a text no UTF-8 holds (a lone surrogate) is refused here
    except (ValueError, KeyError, TypeError, RecursionError, minisign.Error):
        raise CentreBundleRefused(_("{path} is not a central office bundle.").format(path=path)) from None
    if doc.get("format_version") != FORMAT_VERSION:
        raise CentreBundleRefused(
            _(
                "The central office's bundle has format version {version}; this program reads version "
                "{supported}. Update the program."
            ).format(version=doc.get("format_version"), supported=FORMAT_VERSION)
        )
    return body, signature, canonical, encrypted


def import_centre_bundle(ws: Workspace, path: Path, *, now: dt.datetime | None = None) -> Applied:
    """Check a centre bundle and apply every section in one transaction, or refuse it (CentreBundleRefused) and
    change nothing."""
    from desk.store.db import set_meta
    from desk.sync.receipts import centre_key

    if ws.is_central:
        raise CentreBundleRefused(_("Central office bundles are imported in a region's data folder."))
    body, signature, canonical, encrypted = _parse(ws, Path(path))
    trusted = centre_key(ws)
    if not trusted.public_key:
        raise CentreBundleRefused(
            _(
                "This region does not trust a central office key yet: set it with “desk sync trust-centre "
                "PUBKEY” (from “desk central key show”), then import the bundle again."
            )
        )
    try:
        keys.parse_public_key(trusted.public_key).load().verify(canonical, signature)
        version = body["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ValueError
        if signature.trusted_comment != _comment(version, canonical):
            raise ValueError
    except Exception:  # noqa: BLE001 - an untrusted file: any failure to verify is a refusal
        raise CentreBundleRefused(
            _(
                "The bundle is not signed by the central office key this region trusts ({fingerprint}): refused."
            ).format(fingerprint=trusted.fingerprint)
        ) from None
    try:
        created = dt.datetime.fromisoformat(str(body["created_at"]))
        expires = dt.datetime.fromisoformat(str(body["expires_at"]))
        target = body["region"]
        sections = body["sections"]
        if not isinstance(sections, list) or not isinstance(target, str) or created.tzinfo is None:
            raise ValueError
        if expires.tzinfo is None or expires <= created:  # no moment, or expired before it was made
            raise ValueError
    except (KeyError, ValueError, TypeError):
        raise CentreBundleRefused(_("{path} is not a central office bundle.").format(path=path)) from None
    if target not in ("*", ws.region):
        raise CentreBundleRefused(
            _("The central office's bundle is for {other}, not for {region}.").format(
                other=target, region=ws.region
            )
        )
    moment = now or dt.datetime.now(dt.UTC)
    if moment > expires:
        raise CentreBundleRefused(
            _("The central office's bundle {version} expired on {date}: ask for a new one.").format(
                version=version, date=expires.date().isoformat()
            )
        )
    last = int(ws.db.meta(VERSION_META) or 0)
    digest = hashlib.sha256(canonical).hexdigest()
    if version == last:
        applied = ws.db.meta(BODY_META)
        if applied and applied != digest:  # the same number, another content: never dropped without a word
            raise CentreBundleRefused(
                _(
                    "The central office's bundle {version} differs from the bundle {version} this region applied: "
                    "refused. Ask the central office for a new bundle."
                ).format(version=version)
            )
        return Applied(version=version, already=True, sections=[], created_at=created)
    if version < last:
        raise CentreBundleRefused(
            _(
                "The central office's bundle {version} is older than the one this region applied ({last}): refused."
            ).format(version=version, last=last)
        )
    names = []
    for item in sections:
        if not isinstance(item, dict) or item.get("type") not in SECTIONS or "data" not in item:
            kind = item.get("type") if isinstance(item, dict) else None
            raise CentreBundleRefused(
                _(
                    "The central office's bundle has a section this program does not know ({name}): update the program."
                ).format(name=str(kind)[:40])
            )
        if SECTIONS[item["type"]].personal and not encrypted:
            raise CentreBundleRefused(
                _(
                    "The central office's bundle carries personal data (“{name}”) unencrypted: refused. Personal "
                    "data travels only encrypted to the region's key."
                ).format(name=item["type"])
            )
        SECTIONS[item["type"]].check(item["data"])  # every section checked before anything is written
        names.append(item["type"])
    if len(set(names)) != len(names):
        raise CentreBundleRefused(_("The central office's bundle holds a section twice: refused."))
    with ws.db.transact(audit=False) as session:
        for item in sections:
            SECTIONS[item["type"]].apply(ws, session, item["data"])
        set_meta(session, VERSION_META, str(version))
        if "reference" in names:  # the age shown is the reference data's: a bundle without it leaves it
            set_meta(session, CREATED_META, created.isoformat())
        set_meta(session, BODY_META, digest)
    if "reference" in names:
        reference_data.install(ws.db)  # the received lists in force from now on (forms, checks, reports)
    return Applied(version=version, already=False, sections=names, created_at=created)


@dataclass(frozen=True)
class CentreBundleStatus:
    version: int  # 0: none applied yet
    created_at: dt.datetime | None
    age_days: int | None

    def text(self) -> str:
        if not self.version or self.created_at is None:
            return _("No reference data from the central office yet.")
        return ngettext(
            "Reference data is {days} day old (central office bundle {version}).",
            "Reference data is {days} days old (central office bundle {version}).",
            self.age_days or 0,
        ).format(days=self.age_days, version=self.version)


def centre_bundle_status(ws: Workspace, *, now: dt.datetime | None = None) -> CentreBundleStatus:
    version = int(ws.db.meta(VERSION_META) or 0)
    created_raw = ws.db.meta(CREATED_META)
    if ws.is_central or not version or not created_raw:
        return CentreBundleStatus(version=version, created_at=None, age_days=None)
    created = dt.datetime.fromisoformat(created_raw)
    age = ((now or dt.datetime.now(dt.UTC)) - created).days
    return CentreBundleStatus(version=version, created_at=created, age_days=max(0, age))
