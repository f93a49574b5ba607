"""The central office on PostgreSQL: full-text search by PostgreSQL's own means, and a change counter that
concurrent imports do not queue on.

On PostgreSQL, `search_doc` gets a `tsvector` column generated from the folded words (the `simple`
configuration: the words are folded and keyed by the program, `desk.domain.text.fold_words`, exactly as SQLite's
FTS5 index receives them) and a GIN index; the change counter becomes a sequence (`desk_usn`), so two clerks
importing two regions at once do not wait on one row of `meta`. SQLite is unchanged.

Revision ID: 0010_centre_bundles
Revises: 0007_search_scripts
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_centre_bundles"
down_revision: str | Sequence[str] | None = "0009_responsible_bodies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE search_doc ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED"
    )
    op.execute("CREATE INDEX ix_search_doc_tsv ON search_doc USING gin (tsv)")
    op.execute("CREATE SEQUENCE IF NOT EXISTS desk_usn")
    op.execute(
        "SELECT setval('desk_usn', GREATEST(1, coalesce((SELECT CAST(value AS BIGINT) FROM meta "
        "WHERE key = 'usn'), 0)), (SELECT count(*) > 0 FROM meta WHERE key = 'usn'))"
    )


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    op.execute(
        "INSERT INTO meta (key, value) SELECT 'usn', CAST(last_value AS TEXT) FROM desk_usn WHERE is_called "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    op.execute("DROP SEQUENCE desk_usn")
    op.execute("DROP INDEX ix_search_doc_tsv")
    op.execute("ALTER TABLE search_doc DROP COLUMN tsv")
