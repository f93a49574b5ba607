"""Small lists a form or a filter offers to choose from: districts, Houses of Friendship, republican associations,
and the names behind ids. Few rows each (a region has dozens of houses and few republican associations)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import col

from desk.domain.records import Association, House
from desk.domain.reference import REGIONS, term_label
from desk.i18n import _, data_language
from desk.services.districts import all_districts
from desk.services.workspace import Workspace

Choice = tuple[str, str]
"""(id, name in the asked language)"""


def districts(ws: Workspace, lang: str, *, region: str | None = None) -> list[Choice]:
    """The region's districts (at the central office: every region's, or those of `region`)."""
    return [(d.id, d.name(lang)) for d in all_districts(ws, lang, region)]


def districts_with_regions(ws: Workspace, lang: str) -> list[Choice]:
    """Every region's districts, each named with its region (the central office's list: several regions have an
    "Abai District")."""
    return _with_regions([(d.id, d.name(lang), d.region) for d in all_districts(ws, lang)], lang)


def houses(
    ws: Workspace, lang: str, *, include_archived: bool = False, region: str | None = None
) -> list[Choice]:
    """The Houses of Friendship of the region (at the central office: every region's, or those of `region`)."""
    stmt = select(House)
    area = region or (None if ws.is_central else ws.region)
    if area:
        stmt = stmt.where(col(House.region) == area)
    if not include_archived:
        stmt = stmt.where(col(House.archived_at).is_(None))
    with ws.db.read() as session:
        rows = list(session.scalars(stmt.order_by(getattr(House, f"sort_{data_language(lang)}"))))
    return [(h.id, h.name(lang)) for h in rows]


def houses_with_regions(ws: Workspace, lang: str) -> list[Choice]:
    """Every region's Houses of Friendship, each named with its region (the central office's list)."""
    stmt = select(House).where(col(House.archived_at).is_(None))
    with ws.db.read() as session:
        rows = list(session.scalars(stmt.order_by(getattr(House, f"sort_{data_language(lang)}"))))
    return _with_regions([(h.id, h.name(lang), h.region) for h in rows], lang)


def _with_regions(named: list[tuple[str, str, str]], lang: str) -> list[Choice]:
    """(id, name, region) as (id, "name (region)"), in the order given."""
    return [
        (record_id, _("{name} ({region})").format(name=name, region=term_label(REGIONS, region, lang)))
        for record_id, name, region in named
    ]


def parent_associations(ws: Workspace, lang: str, *, exclude: str | None = None) -> list[Choice]:
    """Associations that can be a parent: the republican ones (any region)."""
    stmt = select(Association).where(
        col(Association.is_republican).is_(True), col(Association.archived_at).is_(None)
    )
    with ws.db.read() as session:
        rows = list(session.scalars(stmt.order_by(getattr(Association, f"sort_{data_language(lang)}"))))
    return [(a.id, a.name(lang)) for a in rows if a.id != exclude]


def association_names(ws: Workspace, ids: Iterable[str], lang: str) -> dict[str, str]:
    wanted = [i for i in set(ids) if i]
    out: dict[str, str] = {}
    with ws.db.read() as session:
        for chunk in (wanted[i : i + 500] for i in range(0, len(wanted), 500)):
            for a in session.scalars(select(Association).where(col(Association.id).in_(chunk))):
                out[a.id] = a.name(lang)
    return out
