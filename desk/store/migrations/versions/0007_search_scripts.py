"""Search across scripts: the search index stores each word as its key shared by the Cyrillic and Latin spellings
(`desk.domain.latin.search_key`), so every existing index is rebuilt from the records.

Revision ID: 0007_search_scripts
Revises: 0006_history_rules (after the history migration; both were written at once)
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_search_scripts"
down_revision: str | Sequence[str] | None = "0006_history_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from desk.store import search

    conn = op.get_bind()
    search.rebuild(conn, conn.dialect.name)


def downgrade() -> None:
    # the older program folds words without keys: give it its own bodies back
    from desk.store import search

    conn = op.get_bind()
    search.rebuild(conn, conn.dialect.name)
