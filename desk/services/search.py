"""Search across the registers by name: what `desk search` and the window's search box call."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desk.domain.records import SEARCHABLE, Person
from desk.services.workspace import Workspace
from desk.store import search as index


@dataclass(frozen=True)
class Hit:
    kind: str
    id: str
    region: str
    title: str


def search(
    ws: Workspace, text: str, *, kinds: tuple[str, ...] | None = None, lang: str = "ru", limit: int = 50,
    region: str | None = None,
) -> list[Hit]:
    """The best matches for `text`: every word a prefix, case and Kazakh letters forgiven."""
    region = region or (None if ws.is_central else ws.region)
    with ws.db.read() as session:
        conn = session.connection()
        found = index.search(conn, ws.db.engine.dialect.name, text, kinds=kinds, region=region, limit=limit)
        by_kind: dict[str, list[str]] = {}
        for kind, record_id in found:
            by_kind.setdefault(kind, []).append(record_id)
        objects = {}
        for kind, ids in by_kind.items():
            cls = SEARCHABLE[kind]
            for obj in session.scalars(select(cls).where(cls.id.in_(ids))):  # type: ignore[attr-defined]
                objects[obj.id] = obj
    hits = []
    for kind, record_id in found:
        obj = objects.get(record_id)
        if obj is None:
            continue
        title = obj.full_name() if isinstance(obj, Person) else obj.name(lang)
        hits.append(Hit(kind, record_id, obj.region, title))
    return hits
