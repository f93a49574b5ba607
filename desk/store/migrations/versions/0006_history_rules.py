"""History and the region's own rules: dated facts of records' state (association status, a member's roles, an
execution item's status and deadline), the region's quorum and adoption thresholds per body, a member's roles'
starting day, and the day an extraordinary session was convened. Merges the three heads before it.

Existing records need no rows: a record without history rows has the history its own columns imply
(`desk.domain.history.implied`).

Revision ID: 0006_history_rules
Revises: 0003_import, 0004_meeting_request, 0005_sync_key_epoch
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006_history_rules"
down_revision: str | Sequence[str] | None = ("0003_import", "0004_meeting_request", "0005_sync_key_epoch")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("usn", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "state_change",
        *_synced_columns(),
        sa.Column("record_table", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("region", "usn", "record_id", "valid_from"):
        op.create_index(f"ix_state_change_{column}", "state_change", [column])
    op.create_table(
        "body_rule",
        *_synced_columns(),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("document", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("quorum_num", sa.Integer(), nullable=False),
        sa.Column("quorum_den", sa.Integer(), nullable=False),
        sa.Column("quorum_strict", sa.Boolean(), nullable=False),
        sa.Column("adoption_num", sa.Integer(), nullable=False),
        sa.Column("adoption_den", sa.Integer(), nullable=False),
        sa.Column("adoption_strict", sa.Boolean(), nullable=False),
        sa.Column("admitted_take_part", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("region", "usn", "body", "valid_from"):
        op.create_index(f"ix_body_rule_{column}", "body_rule", [column])
    op.add_column("membership", sa.Column("roles_since", sa.Date(), nullable=True))
    op.add_column("meeting", sa.Column("convened_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("convened_on")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("roles_since")
    for column in ("region", "usn", "body", "valid_from"):
        op.drop_index(f"ix_body_rule_{column}", table_name="body_rule")
    op.drop_table("body_rule")
    for column in ("region", "usn", "record_id", "valid_from"):
        op.drop_index(f"ix_state_change_{column}", table_name="state_change")
    op.drop_table("state_change")
