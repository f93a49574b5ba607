"""What the sync pages and `desk central status` show: the regions' last bundles at the centre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import col

from desk.domain import reference
from desk.domain.records import Association, Event, Person
from desk.services.workspace import Workspace
from desk.sync.tables import ReceivedBundle, TrustedKey


@dataclass(frozen=True)
class RegionStatus:
    code: str
    name: str
    key_fingerprint: str  # "" when no active trusted key
    key_epoch: int | None  # 1 for the region's first key, 2 after one key change …; None without a key
    last_sequence: int | None
    last_created_at: dt.datetime | None  # when the region made its last imported bundle
    last_imported_at: dt.datetime | None
    associations: int
    persons: int
    events: int

    def age_days(self, today: dt.datetime | None = None) -> int | None:
        if self.last_created_at is None:
            return None
        now = today or dt.datetime.now(dt.UTC)
        created = (
            self.last_created_at
            if self.last_created_at.tzinfo
            else self.last_created_at.replace(tzinfo=dt.UTC)
        )
        return max(0, (now - created).days)


def region_statuses(ws: Workspace, lang: str) -> list[RegionStatus]:
    """Every region of the republic, with its trusted key, last bundle received and record counts."""
    with ws.db.read() as session:
        last: dict[str, ReceivedBundle] = {}
        for bundle in session.scalars(
            select(ReceivedBundle).order_by(col(ReceivedBundle.epoch), col(ReceivedBundle.sequence))
        ):
            last[bundle.region] = bundle
        keys = {
            k.region: k
            for k in session.scalars(select(TrustedKey).where(col(TrustedKey.revoked_at).is_(None)))
        }
        counts: dict[type, dict[str, int]] = {}
        for cls in (Association, Person, Event):
            region = col(cls.region)
            counts[cls] = {r: n for r, n in session.execute(select(region, func.count()).group_by(region))}
    out = []
    for term in reference.REGIONS:
        rb = last.get(term.code)
        key = keys.get(term.code)
        out.append(
            RegionStatus(
                code=term.code,
                name=term.label(lang),
                key_fingerprint=key.fingerprint if key else "",
                key_epoch=key.epoch if key else None,
                last_sequence=rb.sequence if rb else None,
                last_created_at=rb.created_at if rb else None,
                last_imported_at=rb.imported_at if rb else None,
                associations=counts[Association].get(term.code, 0),
                persons=counts[Person].get(term.code, 0),
                events=counts[Event].get(term.code, 0),
            )
        )
    return out
