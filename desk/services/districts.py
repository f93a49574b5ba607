"""The region's districts: few, so they are read whole and cached by the caller."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from desk.domain.record_checks import check_district
from desk.domain.records import District
from desk.domain.text import fold
from desk.i18n import data_language
from desk.services import records
from desk.services.workspace import Workspace


def all_districts(ws: Workspace, lang: str = "ru", region: str | None = None) -> list[District]:
    """The districts of the workspace's region (or of `region` in central mode), in alphabetical order."""
    stmt = select(District)
    region = region or (None if ws.is_central else ws.region)
    if region:
        stmt = stmt.where(col(District.region) == region)
    with ws.db.read() as session:
        rows = list(session.scalars(stmt))
    return sorted(rows, key=lambda d: getattr(d, f"sort_{data_language(lang)}"))


def find_by_name(ws: Workspace, name: str, region: str | None = None) -> District | None:
    """A district whose name in any language matches `name`, forgiving case and the Kazakh letters."""
    wanted = fold(name).strip()
    for d in all_districts(ws, region=region):
        if wanted in {fold(n).strip() for n in (d.name_kk, d.name_ru, d.name_en) if n}:
            return d
    return None


def create(ws: Workspace, name_kk: str = "", name_ru: str = "", name_en: str = "") -> District:
    return records.create(
        ws, District, {"name_kk": name_kk, "name_ru": name_ru, "name_en": name_en}, check_district
    )
