"""The assembly's annual action plan: items with a title in kk/ru/en, a planned quarter and a responsible body,
linked to the events of the events register that carry them out.

Fulfilment of a quarter is the number of its items with at least one event held within that quarter (an event held
after the quarter does not carry out its item for that quarter) over the number of items planned for it (kept as two integers; the percentage is rounded half up only when shown).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from desk.domain.governance import check_plan_item
from desk.domain.records import Event, PlanItem
from desk.domain.validation import FieldError, ValidationError
from desk.errors import NotFound
from desk.i18n import _, current_language
from desk.services import records
from desk.services.workspace import Workspace

HELD = "held"

SPEC: records.ListSpec[PlanItem] = records.ListSpec(
    cls=PlanItem,
    kind=None,
    filters={"year": lambda v: col(PlanItem.year) == int(v)},
    sorts={"name": lambda lang: [PlanItem.year, PlanItem.quarter, getattr(PlanItem, f"sort_{lang}")]},
)
REGISTER: records.Register[PlanItem] = records.Register(SPEC, lambda ws, obj: check_plan_item(obj))
"""The plan as a register: listed for spreadsheet exports (items are written through add_item/update_item)."""
_FIELDS = {"year", "quarter", "name_kk", "name_ru", "name_en", "responsible", "notes"}


def percent(done: int, planned: int) -> int | None:
    """done/planned as a whole percentage rounded half up; None when nothing was planned."""
    if planned <= 0:
        return None
    return (200 * done + planned) // (2 * planned)


@dataclass(frozen=True)
class Fulfilment:
    """Items planned and items with a held event, for one quarter (or for the year when `quarter` is None)."""

    quarter: int | None
    planned: int
    fulfilled: int

    @property
    def percent(self) -> int | None:
        return percent(self.fulfilled, self.planned)

    def to_dict(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter,
            "planned": self.planned,
            "fulfilled": self.fulfilled,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class PlanRow:
    item: PlanItem
    events: list[Event]

    @property
    def held_in_quarter(self) -> list[Event]:
        """The item's events held within its own quarter: only they carry it out (one held later does not)."""
        first_month = 3 * (self.item.quarter - 1) + 1
        return [
            e
            for e in self.events
            if e.status == HELD
            and e.start_date.year == self.item.year
            and first_month <= e.start_date.month <= first_month + 2
        ]

    @property
    def fulfilled(self) -> bool:
        return bool(self.held_in_quarter)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or current_language()
        i = self.item
        return {
            "id": i.id,
            "region": i.region,
            "year": i.year,
            "quarter": i.quarter,
            "title": i.name(lang),
            "title_kk": i.name_kk,
            "title_ru": i.name_ru,
            "title_en": i.name_en,
            "responsible": i.responsible,
            "events": [
                {
                    "id": e.id,
                    "title": e.name(lang),
                    "start_date": e.start_date.isoformat(),
                    "status": e.status,
                }
                for e in self.events
            ],
            "fulfilled": self.fulfilled,
        }


@dataclass(frozen=True)
class PlanReport:
    year: int
    rows: list[PlanRow]
    quarters: list[Fulfilment] = field(default_factory=list)
    total: Fulfilment = Fulfilment(None, 0, 0)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "year": self.year,
            "items": [r.to_dict(lang) for r in self.rows],
            "fulfilment": {"quarters": [q.to_dict() for q in self.quarters], "total": self.total.to_dict()},
        }


def plan(ws: Workspace, year: int, *, region: str | None = None) -> PlanReport:
    """The plan of `year`: its items by quarter with their events, and fulfilment per quarter and for the year."""
    area = region or (None if ws.is_central else ws.region)
    stmt = select(PlanItem).where(col(PlanItem.year) == year)
    if area:
        stmt = stmt.where(col(PlanItem.region) == area)
    with ws.db.read() as session:
        found = list(
            session.scalars(stmt.order_by(col(PlanItem.quarter), col(PlanItem.sort_ru), col(PlanItem.id)))
        )
        events: dict[str, list[Event]] = defaultdict(list)
        ids = [i.id for i in found]
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for e in session.scalars(
                select(Event)
                .where(col(Event.plan_item_id).in_(chunk), col(Event.archived_at).is_(None))
                .order_by(col(Event.start_date))
            ):
                events[e.plan_item_id or ""].append(e)
    rows = [PlanRow(i, events[i.id]) for i in found]
    quarters = []
    for q in (1, 2, 3, 4):
        in_quarter = [r for r in rows if r.item.quarter == q]
        quarters.append(Fulfilment(q, len(in_quarter), sum(r.fulfilled for r in in_quarter)))
    total = Fulfilment(None, len(rows), sum(r.fulfilled for r in rows))
    return PlanReport(year, rows, quarters, total)


def _values(values: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if key not in _FIELDS:
            raise ValidationError([FieldError(key, _("This field cannot be changed here."))])
        out[key] = value.strip() if isinstance(value, str) else value
    return out


def add_item(ws: Workspace, values: Mapping[str, Any], *, region: str | None = None) -> PlanItem:
    """Add an item to a year's plan (title in at least one language, year, quarter 1–4, responsible)."""
    return records.create(ws, PlanItem, _values(values), check_plan_item, region=region)


def update_item(ws: Workspace, item_id: str, values: Mapping[str, Any]) -> PlanItem:
    return records.update(ws, PlanItem, item_id, _values(values), check_plan_item)


def delete_item(ws: Workspace, item_id: str) -> None:
    """Delete a plan item; its events stay in the register, no longer linked."""
    with ws.db.transact() as session:
        item = session.get(PlanItem, item_id)
        if item is None:
            raise NotFound(_("No plan item with id {id}.").format(id=item_id))
        for e in session.scalars(select(Event).where(col(Event.plan_item_id) == item_id)):
            e.plan_item_id = None
        session.flush()
        session.delete(item)


def link_event(ws: Workspace, event_id: str, plan_item_id: str | None) -> Event:
    """Link an event to the plan item it carries out (None unlinks it)."""
    with ws.db.transact() as session:
        e = session.get(Event, event_id)
        if e is None:
            raise NotFound(_("No event with id {id}.").format(id=event_id))
        if plan_item_id is not None:
            item = session.get(PlanItem, plan_item_id)
            if item is None:
                raise ValidationError([FieldError("plan_item_id", _("No such plan item."))])
            if item.region != e.region:
                raise ValidationError(
                    [FieldError("plan_item_id", _("The plan item belongs to another region."))]
                )
        e.plan_item_id = plan_item_id
    return e


def years(ws: Workspace, *, region: str | None = None) -> list[int]:
    """Years that have a plan, newest first."""
    area = region or (None if ws.is_central else ws.region)
    stmt = select(col(PlanItem.year)).distinct()
    if area:
        stmt = stmt.where(col(PlanItem.region) == area)
    with ws.db.read() as session:
        return sorted(set(session.scalars(stmt)), reverse=True)
