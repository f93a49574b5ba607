"""Sync: the region's bundle log; the centre's trusted keys, received bundles and import log

Revision ID: 0003_sync
Revises: 0002_governance
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003_sync"
down_revision: str | Sequence[str] | None = "0002_governance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "sync_bundle",
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("base_sequence", sa.Integer(), nullable=False),
        sa.Column("since_usn", sa.Integer(), nullable=False),
        sa.Column("until_usn", sa.Integer(), nullable=False),
        sa.Column("manifest_hash", _str(length=64), nullable=False),
        sa.Column("previous_hash", _str(length=64), nullable=False),
        sa.Column("counts", _str(), nullable=False),
        sa.Column("file_name", _str(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", _ts(), nullable=True),
        sa.Column("receipt_signed_at", _ts(), nullable=True),
        sa.PrimaryKeyConstraint("sequence"),
    )
    op.create_table(
        "sync_trusted_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region", _str(length=8), nullable=False),
        sa.Column("public_key", _str(length=120), nullable=False),
        sa.Column("key_id", _str(length=16), nullable=False),
        sa.Column("fingerprint", _str(length=40), nullable=False),
        sa.Column("added_at", _ts(), nullable=False),
        sa.Column("revoked_at", _ts(), nullable=True),
        sa.Column("operator", _str(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sync_trusted_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_trusted_key_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_trusted_key_key_id"), ["key_id"], unique=False)
    op.create_table(
        "sync_received_bundle",
        sa.Column("region", _str(length=8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("manifest_hash", _str(length=64), nullable=False),
        sa.Column("key_id", _str(length=16), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("imported_at", _ts(), nullable=False),
        sa.Column("counts", _str(), nullable=False),
        sa.Column("file_name", _str(), nullable=False),
        sa.Column("receipt_file", _str(), nullable=False),
        sa.PrimaryKeyConstraint("region", "sequence"),
    )
    op.create_table(
        "sync_import_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("operator", _str(), nullable=False),
        sa.Column("action", _str(length=10), nullable=False),
        sa.Column("file_name", _str(), nullable=False),
        sa.Column("region", _str(length=8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("result", _str(length=10), nullable=False),
        sa.Column("message", _str(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sync_import_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_import_log_at"), ["at"], unique=False)


def downgrade() -> None:
    op.drop_table("sync_import_log")
    op.drop_table("sync_received_bundle")
    with op.batch_alter_table("sync_trusted_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_trusted_key_key_id"))
        batch_op.drop_index(batch_op.f("ix_sync_trusted_key_region"))
    op.drop_table("sync_trusted_key")
    op.drop_table("sync_bundle")
