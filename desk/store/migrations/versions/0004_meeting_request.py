"""Meetings: the day the members requested an extraordinary session (held within a month, 2002 Regulation item 8)

Revision ID: 0004_meeting_request
Revises: 0002_governance
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_meeting_request"
down_revision: str | Sequence[str] | None = "0002_governance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("meeting", sa.Column("requested_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("requested_on")
