"""Sync: key epochs. A region reinstalled with a new key starts its bundles again from a full one: each trusted key
of a region has an epoch (1 for its first key, then 2, 3 … for each new key), and the centre's received bundles
are numbered within the epoch of the key that signed them.

Revision ID: 0005_sync_key_epoch
Revises: 0003_sync
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005_sync_key_epoch"
down_revision: str | Sequence[str] | None = "0003_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    "region",
    "sequence",
    "manifest_hash",
    "key_id",
    "full",
    "created_at",
    "imported_at",
    "counts",
    "file_name",
    "receipt_file",
)


def _received_bundle(name: str, with_epoch: bool) -> None:
    op.create_table(
        name,
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        *([sa.Column("epoch", sa.Integer(), nullable=False, server_default="1")] if with_epoch else []),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("manifest_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("counts", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("receipt_file", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("region", "epoch", "sequence")
        if with_epoch
        else sa.PrimaryKeyConstraint("region", "sequence"),
    )


def upgrade() -> None:
    with op.batch_alter_table("sync_trusted_key", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.Integer(), nullable=False, server_default="1"))
    # the keys a region had so far, in the order they were trusted
    op.execute(
        "UPDATE sync_trusted_key SET epoch = (SELECT count(*) FROM sync_trusted_key AS k "
        "WHERE k.region = sync_trusted_key.region AND k.id <= sync_trusted_key.id)"
    )
    # the primary key changes: a new table, the rows copied with the epoch of the key that signed them
    _received_bundle("sync_received_bundle_new", with_epoch=True)
    columns = ", ".join(f'"{c}"' for c in _COLUMNS)  # quoted: "full" is a reserved word in PostgreSQL
    op.execute(
        f"INSERT INTO sync_received_bundle_new ({columns}, epoch) SELECT {columns}, coalesce(("
        "SELECT max(k.epoch) FROM sync_trusted_key AS k WHERE k.region = sync_received_bundle.region "
        "AND k.key_id = sync_received_bundle.key_id), 1) FROM sync_received_bundle"
    )
    op.drop_table("sync_received_bundle")
    op.rename_table("sync_received_bundle_new", "sync_received_bundle")


def downgrade() -> None:
    _received_bundle("sync_received_bundle_old", with_epoch=False)
    columns = ", ".join(f'"{c}"' for c in _COLUMNS)  # quoted: "full" is a reserved word in PostgreSQL
    # only the newest epoch's bundles fit the old primary key
    op.execute(
        f"INSERT INTO sync_received_bundle_old ({columns}) SELECT {columns} FROM sync_received_bundle AS b "
        "WHERE b.epoch = (SELECT max(epoch) FROM sync_received_bundle AS c WHERE c.region = b.region)"
    )
    op.drop_table("sync_received_bundle")
    op.rename_table("sync_received_bundle_old", "sync_received_bundle")
    with op.batch_alter_table("sync_trusted_key", schema=None) as batch_op:
        batch_op.drop_column("epoch")
