"""Receipts: the centre's signed acknowledgement of an imported bundle, and the region loading it.

A receipt is one JSON file: the body (region, sequence, the bundle's manifest hash, counts, times), the centre's
minisign signature of the body's canonical JSON, and the centre's public key. The region accepts it only when it
names a bundle this region exported, with the same manifest hash (which only the region and the centre know: it
travelled inside the encrypted bundle), and when it is signed by the central office key the region pinned on
purpose: set beforehand with `desk sync trust-centre`, or shown with its fingerprint when the first receipt is
loaded and confirmed by the clerk (who compares it with the fingerprint the central office gave them). Then the
next incremental export starts after that bundle's changes. Receipts are written readable by their owner alone.

A receipt carries the centre's decisions on the region's quarters, whose comments may name people: when the centre
knows the region's age recipient (it comes in the region's signed bundles, desk.sync.trust.region_recipient), the
receipt file is encrypted to it (age, the file keeps its name); the region decrypts it with its own identity. A
region whose bundles name no recipient (a program before it) still gets the receipt as before, signed in clear.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import minisign
import pyrage
from sqlmodel import col

from desk.errors import DeskError, os_error_reason
from desk.i18n import _
from desk.services import quarters
from desk.services.workspace import Workspace
from desk.sync import keys
from desk.sync.decrypt import AGE_HEADER, ARMOR_HEADER
from desk.sync.errors import ReceiptRefused
from desk.sync.tables import SyncBundle

FORMAT = "dostyq-desk-receipt"
FORMAT_VERSION = 1
PINNED_KEY_META = "sync_central_key"
PINNED_SOURCE_META = "sync_central_key_source"  # operator, confirmed, or first-receipt (older versions)
SOURCE_OPERATOR = "operator"
SOURCE_CONFIRMED = "confirmed"  # the first receipt's key, its fingerprint confirmed by the clerk
SOURCE_FIRST_RECEIPT = "first-receipt"  # pinned without a word by versions before 0010: still honoured
SOURCE_ROTATION = "rotation"  # the centre's new key, from a bundle signed by the key trusted before
MAX_RECEIPT_BYTES = 256 * 1024


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _comment(region: str, sequence: int, manifest_hash: str) -> str:
    return f"dostyq-desk receipt\tregion:{region}\tsequence:{sequence}\tmanifest-sha256:{manifest_hash}"


def receipts_folder(ws: Workspace) -> Path:
    return ws.home.root / "receipts"


def make_receipt(
    ws: Workspace,
    *,
    region: str,
    sequence: int,
    manifest_hash: str,
    counts: dict[str, int],
    imported_at: dt.datetime,
    bundle_file: str,
    recipient: str = "",
) -> Path:
    """Sign a receipt and write it into the central data folder's `receipts/` (encrypted to the region's
    `recipient` when it is known). Returns its path."""
    body = {
        "region": region,
        "sequence": sequence,
        "manifest_hash": manifest_hash,
        "counts": counts,
        "imported_at": imported_at.isoformat(),
        "signed_at": dt.datetime.now(dt.UTC).isoformat(),
        "bundle_file": bundle_file,
        "quarters": quarters.decision_dicts(ws, region),  # the centre's decisions on the region's quarters
    }
    secret = keys.central_secret_key(ws)
    signature = secret.sign(
        _canonical(body),
        untrusted_comment=f"Dostyq Desk receipt {region} {sequence}",
        trusted_comment=_comment(region, sequence, manifest_hash),
    )
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "body": body,
        "public_key": keys.central_public_key(ws).base64,
        "signature": bytes(signature).decode("ascii"),
    }
    folder = receipts_folder(ws)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{region}-receipt-{sequence:06d}.json"
    # the content first, encrypted: a recipient that cannot be used refuses before the file is opened, so an
    # earlier receipt of the same name (a quarter decided again) is not left truncated, nor the file held open
    content = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    if recipient:
        content = pyrage.encrypt(content, [pyrage.x25519.Recipient.from_str(keys.parse_recipient(recipient))])
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    if os.name == "posix":
        os.fchmod(fd, 0o600)  # an older receipt of the same name may have been written 0644
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    return path


def _decrypt(ws: Workspace, raw: bytes) -> bytes:
    try:
        return keys.decrypt_for_region(ws, raw)
    except keys.NotForThisRegion:
        raise ReceiptRefused(
            _("The receipt is encrypted for another region's key, not for this region ({region}).").format(
                region=ws.region
            )
        ) from None
    except keys.NotAuthentic:
        raise ReceiptRefused(_("The receipt is damaged: its encryption does not authenticate.")) from None


class CentreKeyUnconfirmed(ReceiptRefused):
    """The region trusts no central office key yet: the receipt's key is shown with its fingerprint, to be
    confirmed (or set with `desk sync trust-centre`) before any receipt is accepted."""

    def __init__(self, fingerprint: str, public_key: str) -> None:
        super().__init__(
            _(
                "This region does not trust a central office key yet. The receipt is signed by the key "
                "{fingerprint}: compare it with the fingerprint the central office gave you (“desk central key "
                "show”), then load the receipt again confirming it (--confirm-key “{fingerprint}”), or set the "
                "key with “desk sync trust-centre PUBKEY”."
            ).format(fingerprint=fingerprint)
        )
        self.fingerprint = fingerprint
        self.public_key = public_key


def same_fingerprint(a: str, b: str) -> bool:
    """Fingerprints compared as a clerk types them: spaces and case do not matter."""

    def norm(x: str) -> str:
        return "".join(x.split()).upper()

    return bool(norm(a)) and norm(a) == norm(b)


@dataclass(frozen=True)
class ReceiptResult:
    sequence: int
    already: bool  # this bundle (or a later one) was acknowledged before
    counts: dict[str, int]
    central_key_fingerprint: str
    pinned_now: bool
    quarters: tuple[Any, ...] = ()  # decisions on the region's quarters this receipt brought (new ones only)


def load_receipt(ws: Workspace, path: Path, *, confirm_fingerprint: str = "") -> ReceiptResult:
    """Check a receipt and mark its bundle acknowledged. Raises ReceiptRefused and changes nothing when it fails.

    When the region trusts no central office key yet, the receipt's key is trusted only when
    `confirm_fingerprint` is its fingerprint (the clerk compared it); otherwise CentreKeyUnconfirmed says which
    key signed it."""
    if ws.is_central:
        raise ReceiptRefused(_("Receipts are loaded in a region's data folder, not the central one."))
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ReceiptRefused(
            _("Cannot read {path}: {error}").format(path=path, error=os_error_reason(exc, path))
        ) from None
    if len(raw) > MAX_RECEIPT_BYTES:
        raise ReceiptRefused(_("{path} is too large to be a receipt.").format(path=path))
    if raw.startswith(AGE_HEADER) or raw.lstrip().startswith(ARMOR_HEADER):
        raw = _decrypt(ws, raw)
    try:
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError
        body = doc["body"]
        region, sequence, manifest_hash = body["region"], body["sequence"], body["manifest_hash"]
        counts = body.get("counts", {})
        if not (isinstance(region, str) and isinstance(sequence, int) and isinstance(manifest_hash, str)):
            raise ValueError
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: arrays nested too deep
        raise ReceiptRefused(_("{path} is not a Dostyq Desk receipt.").format(path=path)) from None
    if doc.get("format_version") != FORMAT_VERSION:
        raise ReceiptRefused(
            _(
                "The receipt has format version {version}; this program reads version {supported}. "
                "Update the program."
            ).format(version=doc.get("format_version"), supported=FORMAT_VERSION)
        )
    try:
        info = keys.parse_public_key(str(doc.get("public_key", "")))
        signature = minisign.Signature.from_bytes(str(doc.get("signature", "")).encode("ascii"))
        info.load().verify(_canonical(body), signature)
        if signature.trusted_comment != _comment(region, sequence, manifest_hash):
            raise minisign.VerifyError("trusted comment")
    except Exception:  # noqa: BLE001 - an untrusted file: any failure to parse or verify is a refusal
        raise ReceiptRefused(
            _("The receipt's signature does not verify: it was altered or damaged.")
        ) from None
    pinned = ws.db.meta(PINNED_KEY_META)
    if not pinned and not same_fingerprint(confirm_fingerprint, info.fingerprint):
        raise CentreKeyUnconfirmed(info.fingerprint, info.base64)
    if pinned and pinned != info.base64:
        raise ReceiptRefused(
            _(
                "The receipt is signed by another central office key ({fingerprint}) than the "
                "one this region trusts ({trusted})."
            ).format(fingerprint=info.fingerprint, trusted=keys.parse_public_key(pinned).fingerprint)
        )
    if region != ws.region:
        raise ReceiptRefused(
            _("The receipt is for {other}, not for {region}.").format(other=region, region=ws.region)
        )
    from sqlalchemy import select

    from desk.store.db import set_meta

    with ws.db.transact(audit=False) as session:
        bundle = session.get(SyncBundle, sequence)
        if bundle is None:
            raise ReceiptRefused(
                _("The receipt names bundle {sequence}, which this region never exported.").format(
                    sequence=sequence
                )
            )
        if bundle.manifest_hash != manifest_hash:
            raise ReceiptRefused(
                _(
                    "The receipt names bundle {sequence} with another content than the one this "
                    "region exported."
                ).format(sequence=sequence)
            )
        later = session.scalar(
            select(col(SyncBundle.sequence))
            .where(col(SyncBundle.sequence) >= sequence, col(SyncBundle.acknowledged_at).is_not(None))
            .limit(1)
        )
        already = later is not None
        if bundle.acknowledged_at is None:
            bundle.acknowledged_at = dt.datetime.now(dt.UTC)
            try:
                bundle.receipt_signed_at = dt.datetime.fromisoformat(str(body.get("signed_at")))
            except ValueError:
                bundle.receipt_signed_at = None
        try:  # the centre's decisions on the region's quarters, kept in the same transaction
            decided = quarters.apply_decisions(
                session, region, quarters.parse_decisions(body.get("quarters"))
            )
        except DeskError as exc:
            raise ReceiptRefused(exc.message) from None
        if not pinned:  # the clerk confirmed the fingerprint of the first receipt's key
            set_meta(session, PINNED_KEY_META, info.base64)
            set_meta(session, PINNED_SOURCE_META, SOURCE_CONFIRMED)
    return ReceiptResult(
        sequence=sequence,
        already=already,
        counts=counts if isinstance(counts, dict) else {},
        central_key_fingerprint=info.fingerprint,
        pinned_now=not pinned,
        quarters=tuple(decided),
    )


@dataclass(frozen=True)
class CentreKey:
    """The central office key this region checks receipts with, and how it came to be trusted."""

    public_key: str  # "" when none is set yet: the first receipt's key is shown to be confirmed
    fingerprint: str
    source: str  # SOURCE_OPERATOR, SOURCE_CONFIRMED, SOURCE_FIRST_RECEIPT, or "" when none is set


def receipt_key(ws: Workspace, path: Path) -> keys.PublicKeyInfo | None:
    """The key that signed the receipt at `path` when this region trusts none yet (to show its fingerprint and
    ask), None when a key is trusted already or the file is no receipt (loading it then says why)."""
    if ws.is_central or ws.db.meta(PINNED_KEY_META):
        return None
    try:
        load_receipt(ws, path)
    except CentreKeyUnconfirmed as exc:
        return keys.parse_public_key(exc.public_key)
    except ReceiptRefused:
        return None
    return None


def centre_key(ws: Workspace) -> CentreKey:
    pinned = ws.db.meta(PINNED_KEY_META)
    if not pinned:
        return CentreKey(public_key="", fingerprint="", source="")
    source = ws.db.meta(PINNED_SOURCE_META) or SOURCE_FIRST_RECEIPT
    return CentreKey(public_key=pinned, fingerprint=keys.parse_public_key(pinned).fingerprint, source=source)


def trust_centre(ws: Workspace, public_key: str, *, replace: bool = False) -> tuple[CentreKey, bool]:
    """Set the central office key receipts must be signed with (from `desk central key show`, read over the
    phone or from a letter). Returns the key and whether anything changed. Replacing a different key needs
    `replace`: receipts signed by any other key are refused from now on."""
    from desk.errors import DeskError
    from desk.store.db import set_meta

    if ws.is_central:
        raise DeskError(
            _("The central office's own data folder does not load receipts; run this in a region's.")
        )
    info = keys.parse_public_key(public_key)
    current = centre_key(ws)
    if current.public_key == info.base64 and current.source == SOURCE_OPERATOR:
        return current, False
    if current.public_key and current.public_key != info.base64 and not replace:
        raise DeskError(
            _(
                "This region already trusts the central office key {fingerprint}. To replace it with "
                "{new}, run the command again with --replace."
            ).format(fingerprint=current.fingerprint, new=info.fingerprint)
        )
    with ws.db.transact(audit=False) as session:
        set_meta(session, PINNED_KEY_META, info.base64)
        set_meta(session, PINNED_SOURCE_META, SOURCE_OPERATOR)
    return CentreKey(public_key=info.base64, fingerprint=info.fingerprint, source=SOURCE_OPERATOR), True
