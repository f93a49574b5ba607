"""The sync bookkeeping tables (migration 0003_sync): the region's bundle log; the centre's trusted keys,
received bundles and import log. They are local to one data folder and never travel in a bundle."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from desk.domain.records import utcnow


class SyncBundle(SQLModel, table=True):
    """A bundle this region exported, and the centre's receipt for it once loaded."""

    __tablename__ = "sync_bundle"
    sequence: int = Field(primary_key=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    full: bool = False
    base_sequence: int = 0
    since_usn: int = 0
    until_usn: int = 0
    manifest_hash: str = Field(max_length=64)
    previous_hash: str = Field(default="", max_length=64)
    counts: str = "{}"  # JSON {table: rows}
    file_name: str = ""
    size: int = 0
    acknowledged_at: dt.datetime | None = None  # when the receipt was loaded
    receipt_signed_at: dt.datetime | None = None  # when the centre signed it


class TrustedKey(SQLModel, table=True):
    """A region's minisign public key the centre trusts (one active key per region; revoked keys stay listed).
    `epoch` counts the region's keys: 1 for its first, 2 for the key that replaced it, and so on."""

    __tablename__ = "sync_trusted_key"
    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(max_length=8, index=True)
    epoch: int = 1
    public_key: str = Field(max_length=120)
    key_id: str = Field(max_length=16, index=True)
    fingerprint: str = Field(max_length=40)
    added_at: dt.datetime = Field(default_factory=utcnow)
    revoked_at: dt.datetime | None = None
    operator: str = ""


class ReceivedBundle(SQLModel, table=True):
    """A bundle the centre imported. Sequence numbers count within a key epoch: a region reinstalled with a new
    key starts again (from a full bundle) in the next epoch."""

    __tablename__ = "sync_received_bundle"
    region: str = Field(primary_key=True, max_length=8)
    epoch: int = Field(default=1, primary_key=True)
    sequence: int = Field(primary_key=True)
    manifest_hash: str = Field(max_length=64)
    key_id: str = Field(max_length=16)
    full: bool = False
    created_at: dt.datetime  # when the region made it
    imported_at: dt.datetime = Field(default_factory=utcnow)
    counts: str = "{}"
    file_name: str = ""
    receipt_file: str = ""


class ImportAttempt(SQLModel, table=True):
    """Every import or verification the centre attempted, with its result."""

    __tablename__ = "sync_import_log"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    operator: str = ""
    action: str = Field(max_length=10)  # import, verify
    file_name: str = ""
    region: str = Field(default="", max_length=8)
    sequence: int | None = None
    result: str = Field(max_length=10)  # imported, skipped, refused, verified
    message: str = ""
