"""The centre's trusted region keys: add, list, revoke, and find the key a signature was made with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from desk.domain import reference
from desk.domain.quarters import moment_text
from desk.domain.records import utcnow
from desk.errors import DeskError
from desk.i18n import _
from desk.services.workspace import Workspace
from desk.sync.keys import PublicKeyInfo, parse_public_key
from desk.sync.tables import TrustedKey


def require_central(ws: Workspace) -> None:
    if not ws.is_central:
        raise DeskError(
            _(
                "This is a region's data folder; this command works in the central office's. "
                "Create one with “desk central init”."
            )
        )


def check_region_code(code: str) -> str:
    code = code.strip().upper()
    if reference.by_code(reference.REGIONS, code) is None:
        codes = ", ".join(r.code for r in reference.REGIONS)
        raise DeskError(_("Unknown region “{code}”. Use one of: {codes}.").format(code=code, codes=codes))
    return code


def all_keys(ws: Workspace) -> list[TrustedKey]:
    with ws.db.read() as session:
        return list(session.scalars(select(TrustedKey).order_by(col(TrustedKey.region), col(TrustedKey.id))))


def active_key(ws: Workspace, region: str) -> TrustedKey | None:
    with ws.db.read() as session:
        return session.scalar(
            select(TrustedKey).where(col(TrustedKey.region) == region, col(TrustedKey.revoked_at).is_(None))
        )


def keys_with_id(ws: Workspace, key_id: str) -> list[TrustedKey]:
    with ws.db.read() as session:
        return list(session.scalars(select(TrustedKey).where(col(TrustedKey.key_id) == key_id)))


def _check_new_key(session: Any, region: str, info: PublicKeyInfo) -> TrustedKey | None:
    """The trusted key that is this very key of `region` (nothing to do), None for a new key; refuses a key of
    another region or one revoked before."""
    for known in session.scalars(select(TrustedKey).where(col(TrustedKey.public_key) == info.base64)):
        if known.region != region:
            raise DeskError(
                _("This key is already trusted for {other}; a key signs for one region only.").format(
                    other=known.region
                )
            )
        if known.revoked_at is not None:
            raise DeskError(
                _("This key of {region} was revoked on {date}; it cannot be trusted again.").format(
                    region=region, date=moment_text(known.revoked_at)
                )
            )
        return known
    for other in session.scalars(select(TrustedKey).where(col(TrustedKey.key_id) == info.key_id)):
        # a minisign key id is a label inside the key, not derived from it: two keys with one id would make a
        # bundle's signature ambiguous, so a second key with a known id is refused
        raise DeskError(
            _(
                "This key carries the key id {key_id}, which the trusted key {fingerprint} of {other} already "
                "has; a different key with the same id is refused. Make a new key in the region."
            ).format(key_id=info.key_id, fingerprint=other.fingerprint, other=other.region)
        )
    return None


def _new_key(ws: Workspace, session: Any, region: str, info: PublicKeyInfo) -> TrustedKey:
    epoch = (
        session.scalar(select(func.max(col(TrustedKey.epoch))).where(col(TrustedKey.region) == region)) or 0
    )
    key = TrustedKey(
        region=region,
        epoch=epoch + 1,
        public_key=info.base64,
        key_id=info.key_id,
        fingerprint=info.fingerprint,
        operator=ws.operator,
    )
    session.add(key)
    return key


def add(ws: Workspace, region: str, public_key: str) -> TrustedKey:
    """Trust `public_key` for `region`. Refuses a second active key (see `rotate`), a revoked key, a key of
    another region."""
    require_central(ws)
    region = check_region_code(region)
    info = parse_public_key(public_key)
    with ws.db.transact() as session:
        same = _check_new_key(session, region, info)
        if same is not None:
            return same
        current = _active(session, region)
        if current is not None:
            raise DeskError(
                _(
                    "{region} already has a trusted key ({fingerprint}). To replace it (a reinstalled "
                    "region), run “desk central trust rotate {region} PUBKEY”."
                ).format(region=region, fingerprint=current.fingerprint)
            )
        return _new_key(ws, session, region, info)


@dataclass(frozen=True)
class Rotation:
    region: str
    old: TrustedKey | None  # revoked now (None when the region had no active key)
    new: TrustedKey


def rotate(ws: Workspace, region: str, public_key: str) -> Rotation:
    """Replace the region's trusted key by a new one, in one step: the old key is revoked (its bundles are refused
    from now on) and the new key starts the next epoch, whose first bundle must be a full one."""
    require_central(ws)
    region = check_region_code(region)
    info = parse_public_key(public_key)
    with ws.db.transact() as session:
        current = _active(session, region)
        same = _check_new_key(session, region, info)
        if same is not None:
            raise DeskError(
                _("This key ({fingerprint}) is already the trusted key of {region}.").format(
                    fingerprint=same.fingerprint, region=region
                )
            )
        if current is not None:
            current.revoked_at = utcnow()
        new = _new_key(ws, session, region, info)
    return Rotation(region=region, old=current, new=new)


def _active(session: Any, region: str) -> TrustedKey | None:
    return session.scalar(
        select(TrustedKey).where(col(TrustedKey.region) == region, col(TrustedKey.revoked_at).is_(None))
    )


def revoke(ws: Workspace, region: str) -> TrustedKey:
    require_central(ws)
    region = check_region_code(region)
    with ws.db.transact() as session:
        current = session.scalar(
            select(TrustedKey).where(col(TrustedKey.region) == region, col(TrustedKey.revoked_at).is_(None))
        )
        if current is None:
            raise DeskError(_("{region} has no trusted key to revoke.").format(region=region))
        current.revoked_at = utcnow()
    return current


# --- the regions' encryption recipients --------------------------------------------------------------------------
# A region's age recipient arrives in its signed bundles (Manifest.region_recipient): the centre keeps the last one
# per region in its meta, and encrypts to it the centre → region bundles that hold personal data.

RECIPIENT_META = "region_recipient:{region}"


def record_recipient(session: Any, region: str, recipient: str) -> None:
    """Keep the recipient a region's signed, imported bundle named (inside the import's transaction)."""
    from desk.store.db import set_meta

    if recipient:
        set_meta(session, RECIPIENT_META.format(region=region), recipient)


def region_recipient(ws: Workspace, region: str) -> str:
    """The age recipient of `region` from its last imported bundle ("" when none of its bundles named one)."""
    return ws.db.meta(RECIPIENT_META.format(region=region))
