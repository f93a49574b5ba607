"""`desk bundle export`: the region's changes as one signed, encrypted file for the central office.

Incremental by default: every record with a change counter (usn) above the one of the last bundle the centre
acknowledged, and the tombstones of deletions since then. Until a receipt arrives, every export carries those
changes again, so a lost USB stick or e-mail loses nothing. `full=True` carries every record.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from sqlalchemy import func, select
from sqlmodel import SQLModel, col

from desk.domain.records import SYNCED_TABLES, SyncedRecord, Tombstone, table_name, table_of
from desk.errors import DeskError, cannot_write
from desk.i18n import _
from desk.services.rows import _HIDDEN as HIDDEN_COLUMNS  # the columns record_dict leaves out
from desk.services.workspace import Workspace
from desk.store.db import current_usn
from desk.store.migrate import schema_version
from desk.sync import archive, keys
from desk.sync.manifest import (
    MANIFEST,
    SIGNATURE,
    TOMBSTONES,
    Manifest,
    payload_file,
    sha256,
    trusted_comment,
)
from desk.sync.tables import SyncBundle

Progress = Callable[[int, int, str], bool]
"""progress(done, total, what) → False to cancel."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    full: bool
    counts: dict[str, int]
    size: int
    over_email_limit: bool
    email_limit_mb: int


def _line(data: dict[str, object]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"


def last_bundle(ws: Workspace) -> SyncBundle | None:
    with ws.db.read() as session:
        return session.scalar(select(SyncBundle).order_by(col(SyncBundle.sequence).desc()).limit(1))


def acknowledged_bundle(ws: Workspace) -> SyncBundle | None:
    """The newest bundle the centre has acknowledged (its receipt was loaded)."""
    with ws.db.read() as session:
        return session.scalar(
            select(SyncBundle)
            .where(col(SyncBundle.acknowledged_at).is_not(None))
            .order_by(col(SyncBundle.sequence).desc())
            .limit(1)
        )


def bundle_history(ws: Workspace) -> list[SyncBundle]:
    """Every bundle exported, newest first."""
    with ws.db.read() as session:
        return list(session.scalars(select(SyncBundle).order_by(col(SyncBundle.sequence).desc())))


def pending_changes(ws: Workspace) -> int:
    """How many records and deletions the next incremental export would carry."""
    acked = acknowledged_bundle(ws)
    since = acked.until_usn if acked else 0
    total = 0
    with ws.db.read() as session:
        tables: tuple[type[SQLModel], ...] = (*SYNCED_TABLES, Tombstone)
        for cls in tables:
            total += session.execute(
                select(func.count()).select_from(table_of(cls)).where(table_of(cls).c.usn > since)
            ).scalar_one()
    return total


def record_dicts(session: Any, cls: type[SyncedRecord], since: int, until: int) -> Iterator[dict[str, Any]]:
    """`desk.services.rows.record_dict` of every record with since < usn <= until, read without building ORM
    objects (ten times faster on a large region; a test holds the two to the same output)."""
    columns = [c for c in cls.__table__.columns if c.key not in HIDDEN_COLUMNS]  # type: ignore[attr-defined]
    keys = [c.key for c in columns]
    table = cls.__table__  # type: ignore[attr-defined]
    stmt = select(*columns).where(table.c.usn > since, table.c.usn <= until).order_by(table.c.usn, table.c.id)
    for row in session.connection().execute(stmt):
        yield {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in zip(keys, row, strict=True)}


def bundle_file_name(region: str, sequence: int, at: dt.datetime) -> str:
    return f"{region}-bundle-{sequence:06d}-{at:%Y%m%dT%H%M%SZ}.age"


def export_bundle(
    ws: Workspace, out_dir: Path, *, full: bool = False, progress: Progress | None = None
) -> ExportResult:
    """Write the next bundle into `out_dir` and log it. Raises DeskError with a clear message when it cannot."""
    if ws.is_central:
        raise DeskError(_("Bundles are exported from a region's data folder, not the central one."))
    recipient_text = ws.settings.get("central_recipient")
    if not recipient_text:
        raise DeskError(
            _("The central office's recipient is not set. Set it with “desk sync set-recipient AGE1…”.")
        )
    recipient = pyrage.x25519.Recipient.from_str(keys.parse_recipient(recipient_text))
    secret = keys.region_secret_key(ws)
    public = keys.region_public_key(ws)
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise DeskError(_("The folder {folder} does not exist.").format(folder=out_dir))
    report: Progress = progress or (lambda done, total, what: True)

    previous = last_bundle(ws)
    acked = None if full else acknowledged_bundle(ws)
    sequence = (previous.sequence if previous else 0) + 1
    since = acked.until_usn if acked else 0
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    steps = len(SYNCED_TABLES) + 3

    members: list[tuple[str, bytes]] = []
    counts: dict[str, int] = {}
    with ws.db.read() as session:
        until = current_usn(session)
        for number, cls in enumerate(SYNCED_TABLES):
            table = table_name(cls)
            if not report(number, steps, table):
                raise DeskError(_("Cancelled."))
            chunks = [_line(row) for row in record_dicts(session, cls, since, until)]
            counts[table] = len(chunks)
            members.append((payload_file(table), b"".join(chunks)))
        stmt_t = (
            select(Tombstone)
            .where(col(Tombstone.usn) > since, col(Tombstone.usn) <= until)
            .order_by(col(Tombstone.usn), col(Tombstone.record_id))
        )
        tombs = [
            _line(
                {
                    "id": t.record_id,
                    "table": t.table_name,
                    "region": t.region,
                    "deleted_at": t.deleted_at.isoformat(),
                    "usn": t.usn,
                }
            )
            for t in session.scalars(stmt_t)
        ]
        counts[TOMBSTONES] = len(tombs)
        members.append((payload_file(TOMBSTONES), b"".join(tombs)))

    report(len(SYNCED_TABLES), steps, _("Signing"))
    manifest = Manifest(
        region=ws.region,
        key_id=public.key_id,
        sequence=sequence,
        base_sequence=acked.sequence if acked else 0,
        previous_hash=previous.manifest_hash if previous else "",
        created_at=now.isoformat(),
        schema_version=schema_version(ws.db),
        full=full,
        since_usn=since,
        until_usn=until,
        counts=counts,
        files={name: sha256(data) for name, data in members},
        region_recipient=keys.region_recipient(ws),
    )
    manifest_bytes = manifest.to_bytes()
    manifest_hash = sha256(manifest_bytes)
    signature = secret.sign(
        manifest_bytes,
        untrusted_comment=f"Dostyq Desk {ws.region} bundle {sequence}",
        trusted_comment=trusted_comment(ws.region, sequence, manifest_hash),
    )
    packed = archive.write_zip([(MANIFEST, manifest_bytes), (SIGNATURE, bytes(signature) + b"\n"), *members])

    report(len(SYNCED_TABLES) + 1, steps, _("Encrypting"))
    encrypted = pyrage.encrypt(packed, [recipient])
    path = out_dir / bundle_file_name(ws.region, sequence, now)
    _write_atomically(path, encrypted)

    report(len(SYNCED_TABLES) + 2, steps, _("Saving"))
    with ws.db.transact(audit=False) as session:
        session.add(
            SyncBundle(
                sequence=sequence,
                created_at=now,
                full=full,
                base_sequence=manifest.base_sequence,
                since_usn=since,
                until_usn=until,
                manifest_hash=manifest_hash,
                previous_hash=manifest.previous_hash,
                counts=json.dumps(counts),
                file_name=path.name,
                size=len(encrypted),
            )
        )
    limit = int(ws.settings.get("email_limit_mb"))
    report(steps, steps, _("Done"))
    return ExportResult(
        path=path,
        sequence=sequence,
        full=full,
        counts=counts,
        size=len(encrypted),
        over_email_limit=len(encrypted) > limit * 1024**2,
        email_limit_mb=limit,
    )


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a pulled USB stick leaves no half bundle under the real name."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".partial-", suffix=".age")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise cannot_write(path, exc) from None
