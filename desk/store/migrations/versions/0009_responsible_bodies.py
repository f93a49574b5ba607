"""Responsible bodies of decisions chosen from a reference list (desk.domain.reference.RESPONSIBLE_BODIES): an
execution item keeps the chosen body's code in `responsible_body`; `responsible` keeps what was typed (a body not in
the list, "Other") and every value written before, unchanged: nothing is matched to the list after the fact.

Revision ID: 0009_responsible_bodies
Revises: 0007_search_scripts
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009_responsible_bodies"
down_revision: str | Sequence[str] | None = "0008_quarters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("executionitem")}
    if "responsible_body" in columns:  # a database set back to an earlier revision by hand (tests) keeps it
        return
    with op.batch_alter_table("executionitem") as batch:
        batch.add_column(
            sa.Column(
                "responsible_body",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    # The older program knows only the typed text: a chosen body is written into it (in Russian, the register's
    # common language) so that nothing chosen is lost on the way down.
    conn = op.get_bind()
    from desk.domain.reference import RESPONSIBLE_BODIES

    table = sa.table(
        "executionitem", sa.column("responsible_body", sa.String), sa.column("responsible", sa.String)
    )
    for term in RESPONSIBLE_BODIES:
        conn.execute(
            table.update()
            .where(table.c.responsible_body == term.code, table.c.responsible == "")
            .values(responsible=term.ru)
        )
        conn.execute(
            table.update()
            .where(table.c.responsible_body == term.code, table.c.responsible != "")
            .values(responsible=term.ru + " — " + table.c.responsible)
        )
    with op.batch_alter_table("executionitem") as batch:
        batch.drop_column("responsible_body")
