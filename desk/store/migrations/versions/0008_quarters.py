"""Quarters between the regions and the centre: the region's submitted quarters (synced) and the centre's
decisions on them (accepted, returned, reopened; a region keeps the copies its receipts brought).

Revision ID: 0008_quarters
Revises: 0007_search_scripts
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008_quarters"
down_revision: str | Sequence[str] | None = "0007_search_scripts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "quarter_submission",
        sa.Column("id", _str(length=36), nullable=False),
        sa.Column("region", _str(length=8), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.Column("usn", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", _ts(), nullable=False),
        sa.Column("submitted_by", _str(length=200), nullable=False),
        sa.Column("figures", _str(length=2000000), nullable=False),
        sa.Column("figures_sha256", _str(length=64), nullable=False),
        sa.Column("report_sha256", _str(length=64), nullable=False),
        sa.Column("report_pdf", _str(length=8000000), nullable=False),
        sa.Column("key_id", _str(length=16), nullable=False),
        sa.Column("signature", _str(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quarter_submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quarter_submission_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_quarter_submission_usn"), ["usn"], unique=False)
        batch_op.create_index(batch_op.f("ix_quarter_submission_year"), ["year"], unique=False)
        batch_op.create_index(batch_op.f("ix_quarter_submission_quarter"), ["quarter"], unique=False)
    op.create_table(
        "quarter_decision",
        sa.Column("id", _str(length=36), nullable=False),
        sa.Column("region", _str(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("submission_id", _str(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", _str(length=20), nullable=False),
        sa.Column("comment", _str(length=2000), nullable=False),
        sa.Column("decided_at", _ts(), nullable=False),
        sa.Column("decided_by", _str(length=200), nullable=False),
        sa.Column("received_at", _ts(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quarter_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quarter_decision_region"), ["region"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_quarter_decision_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("quarter_decision")
    op.drop_table("quarter_submission")
