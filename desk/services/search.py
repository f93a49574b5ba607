"""Search across the registers by name: what `desk search` and the window's search box call."""

from __future__ import annotations

from dataclasses import dataclass

from desk.services.workspace import Workspace
from desk.store import search as index


@dataclass(frozen=True)
class Hit:
    kind: str
    id: str
    region: str
    title: str


def search(
    ws: Workspace,
    text: str,
    *,
    kinds: tuple[str, ...] | None = None,
    lang: str = "ru",
    limit: int = 50,
    region: str | None = None,
) -> list[Hit]:
    """The best matches for `text`: every word a prefix, case and Kazakh letters forgiven."""
    region = region or (None if ws.is_central else ws.region)
    with ws.db.engine.connect() as conn:
        found = index.search(
            conn, ws.db.engine.dialect.name, text, kinds=kinds, region=region, limit=limit, lang=lang
        )
    return [Hit(*row) for row in found]


def rebuild_index(ws: Workspace) -> int:
    """Re-create the search index from the records; returns the number of entries."""
    with ws.db.transact(audit=False) as session:
        return index.rebuild(session.connection(), ws.db.engine.dialect.name)
