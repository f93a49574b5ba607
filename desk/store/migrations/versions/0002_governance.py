"""Governance: memberships, meetings, attendance, decisions and their execution items

Revision ID: 0002_governance
Revises: 0001_registry
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002_governance"
down_revision: str | Sequence[str] | None = "0001_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("archived_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("usn", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("notice_date", sa.Date(), nullable=True),
        sa.Column("agenda", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_archived_at"), ["archived_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_usn"), ["usn"], unique=False)

    op.create_table(
        "decision",
        sa.Column("name_kk", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("name_ru", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("sort_kk", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("sort_ru", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("sort_en", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("usn", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("abstained", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_sort_en"), ["sort_en"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_sort_kk"), ["sort_kk"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_sort_ru"), ["sort_ru"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_usn"), ["usn"], unique=False)

    op.create_table(
        "executionitem",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("usn", sa.Integer(), nullable=False),
        sa.Column("decision_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("responsible", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("task", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("executed_on", sa.Date(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("executionitem", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_executionitem_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_executionitem_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_executionitem_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_executionitem_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_executionitem_usn"), ["usn"], unique=False)

    op.create_table(
        "membership",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("usn", sa.Integer(), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("nominated_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("nominating_association_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("admitted_on", sa.Date(), nullable=False),
        sa.Column("admission_basis", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("admission_decision_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("roles", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("leaving_ground", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("leaving_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["admission_decision_id"],
            ["decision.id"],
        ),
        sa.ForeignKeyConstraint(
            ["nominating_association_id"],
            ["association.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_admitted_on"), ["admitted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_body"), ["body"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_left_on"), ["left_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_usn"), ["usn"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("usn", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("membership_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["membership.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_membership_id"), ["membership_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_usn"), ["usn"], unique=False)

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_usn"))
        batch_op.drop_index(batch_op.f("ix_attendance_region"))
        batch_op.drop_index(batch_op.f("ix_attendance_membership_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_usn"))
        batch_op.drop_index(batch_op.f("ix_membership_region"))
        batch_op.drop_index(batch_op.f("ix_membership_person_id"))
        batch_op.drop_index(batch_op.f("ix_membership_left_on"))
        batch_op.drop_index(batch_op.f("ix_membership_body"))
        batch_op.drop_index(batch_op.f("ix_membership_admitted_on"))

    op.drop_table("membership")
    with op.batch_alter_table("executionitem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_executionitem_usn"))
        batch_op.drop_index(batch_op.f("ix_executionitem_status"))
        batch_op.drop_index(batch_op.f("ix_executionitem_region"))
        batch_op.drop_index(batch_op.f("ix_executionitem_decision_id"))
        batch_op.drop_index(batch_op.f("ix_executionitem_deadline"))

    op.drop_table("executionitem")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_usn"))
        batch_op.drop_index(batch_op.f("ix_decision_sort_ru"))
        batch_op.drop_index(batch_op.f("ix_decision_sort_kk"))
        batch_op.drop_index(batch_op.f("ix_decision_sort_en"))
        batch_op.drop_index(batch_op.f("ix_decision_region"))
        batch_op.drop_index(batch_op.f("ix_decision_meeting_id"))

    op.drop_table("decision")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_usn"))
        batch_op.drop_index(batch_op.f("ix_meeting_region"))
        batch_op.drop_index(batch_op.f("ix_meeting_kind"))
        batch_op.drop_index(batch_op.f("ix_meeting_date"))
        batch_op.drop_index(batch_op.f("ix_meeting_archived_at"))

    op.drop_table("meeting")
