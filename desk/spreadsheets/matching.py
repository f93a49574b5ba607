"""Matching a sheet's rows to what the region already has (`desk.spreadsheets.importer` uses it): the districts,
houses and associations a row names (an event's organisers, the plan's districts), and the keys by which a row's
record is found — its BIN/IIN, else its names with what tells two records of one name apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from desk.domain.records import (
    Association,
    Decision,
    District,
    House,
    Meeting,
    Membership,
    Person,
    PlanItem,
    new_id,
)
from desk.domain.text import sort_key
from desk.i18n import _
from desk.services.workspace import Workspace
from desk.spreadsheets import fields as F
from desk.spreadsheets import links, values


class Names:
    """Districts, houses and associations of the region by name, plus what this import adds."""

    def __init__(self, ws: Workspace, session: Session, kind: str = "") -> None:
        self.ws = ws
        self.session = session
        region_filter = District.region == ws.region
        self.districts = values.Matcher()
        for d in session.scalars(select(District).where(region_filter)):
            for form in values.place_forms(d.name_kk, d.name_ru, d.name_en):
                self.districts.add(form, d.id)
        self.houses = values.Matcher()
        self.house_links = links.LinkIndex()
        district_names = {
            d.id: {x: d.name(x) for x in links.LANGS}
            for d in session.scalars(select(District).where(region_filter))
        }
        for h in session.scalars(select(House).where(House.region == ws.region)):
            for form in (h.name_kk, h.name_ru, h.name_en):
                self.houses.add(form, h.id)
            self.house_links.add(h.id, links.all_forms(links.house_forms, h, district_names))
        self.plan_links = links.LinkIndex()
        for p in session.scalars(select(PlanItem).where(PlanItem.region == ws.region)):
            self.plan_links.add(p.id, links.all_forms(links.plan_forms, p))
        self.meeting_links = links.LinkIndex()
        self.meetings: dict[str, Meeting] = {}
        for m in session.scalars(select(Meeting).where(Meeting.region == ws.region)):
            self.meetings[m.id] = m
            self.meeting_links.add(m.id, links.all_forms(links.meeting_forms, m))
        self.membership_links = links.LinkIndex()
        if (
            kind == "attendance"
        ):  # only attendance links to members (a register of 50,000 persons stays unread)
            people = {
                p.id: p.full_name() for p in session.scalars(select(Person).where(Person.region == ws.region))
            }
            for m in session.scalars(select(Membership).where(Membership.region == ws.region)):
                self.membership_links.add(
                    m.id, links.all_forms(links.membership_forms, m, people.get(m.person_id, ""), F.BODIES)
                )
        self.decision_links = links.LinkIndex()
        for d in session.scalars(select(Decision).where(Decision.region == ws.region)):
            self.decision_links.add(
                d.id, links.all_forms(links.decision_forms, d, self.meetings.get(d.meeting_id))
            )
        # Association names are not unique: keep every (id, district, BIN) a name belongs to.
        self.associations: dict[str, list[tuple[str, str, str]]] = {}
        for rid, kk, ru, en, district, bin_ in session.execute(
            select(
                Association.id,
                Association.name_kk,
                Association.name_ru,
                Association.name_en,
                Association.district_id,
                Association.bin,
            ).where(Association.region == ws.region)
        ):
            for form in {values.norm(n) for n in (kk, ru, en) if n}:
                self.associations.setdefault(form, []).append((rid, district or "", bin_ or ""))
        self.planned: dict[str, str] = {}  # normalised name → id of a district this import adds
        self.planned_ids: set[str] = set()
        self.added: set[str] = set()  # of those, the ones a taken row needed

    def district(self, name: str) -> str | None:
        return self.districts.find(name) or self.planned.get(values.norm(name))

    def house(self, name: str) -> str | None:
        """A house by its exported link text (desk.spreadsheets.links), else by a name written as clerks write it."""
        ids = self.house_links.find(name)
        if len(ids) > 1:
            raise values.CellError(
                _(
                    "Several Houses of Friendship are named “{name}”: add the district in brackets, "
                    "e.g. “{name} (District)”."
                ).format(name=name)
            )
        return ids[0] if ids else self.houses.find(name)

    @staticmethod
    def link(index: links.LinkIndex, text_: str, what: str) -> str:
        ids = index.find(text_)
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise values.CellError(
                _(
                    "“{name}” names several records ({what}): write it as the export does, with "
                    "the start of its id in brackets."
                ).format(name=text_, what=what)
            )
        raise values.CellError(_("No {what} “{name}” in the region.").format(what=what, name=text_))

    def plan_district(self, name: str) -> str:
        district_id = new_id()
        self.planned[values.norm(name)] = district_id
        self.planned_ids.add(district_id)
        return district_id


# --- the run ------------------------------------------------------------------------------------------------------


@dataclass
class _Known:
    """What the register holds for one chunk: ids present, identifier → ids, name key → (id, has BIN/IIN)."""

    ids: set[str] = field(default_factory=set)
    idents: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)

    def add_name(self, key: str, record_id: str, has_ident: bool) -> None:
        self.names.setdefault(key, []).append((record_id, has_ident))


# --- the keys a row's record is found by ------------------------------------------------------------------------
#
# A row is matched to a record by its id, else by its BIN/IIN (associations, persons), else by the keys below: its
# names with what tells two records of the same name apart (district; an event's day and place; a plan item's year;
# a meeting's kind, day and number; …). One function a register.


def identifier_of(kind: str, obj: Any) -> str | None:
    """The record's BIN (associations) or IIN (persons), if it has one."""
    if kind == "associations":
        return obj.bin or None
    if kind == "persons":
        return obj.iin or None
    return None


def _names(obj: Any) -> set[str]:
    return {n for n in (obj.name_kk, obj.name_ru, obj.name_en) if n}


def _plan_keys(obj: Any) -> list[str]:
    return sorted({f"name:{sort_key(n)}|{obj.year}" for n in _names(obj)})


def _meeting_keys(obj: Any) -> list[str]:
    return [f"name:{obj.kind}|{obj.date}|{values.norm(obj.number or '')}"]


def _attendance_keys(obj: Any) -> list[str]:
    return [f"name:{obj.meeting_id}|{obj.membership_id}"]


def _execution_keys(obj: Any) -> list[str]:
    return [f"name:{obj.decision_id}|{values.norm(obj.responsible or '')}|{values.norm(obj.task or '')}"]


def _decision_keys(obj: Any) -> list[str]:
    if obj.number:
        return [f"name:{obj.meeting_id}|no {values.norm(obj.number)}"]
    return sorted({f"name:{obj.meeting_id}|{sort_key(n)}" for n in _names(obj)})


def _person_keys(obj: Any) -> list[str]:
    return [f"name:{sort_key(obj.full_name())}|{obj.district_id or ''}"]


def _event_keys(obj: Any) -> list[str]:
    place = f"{obj.house_id or ''}|{values.norm(obj.venue or '')}"
    return sorted(f"name:{sort_key(n)}|{obj.start_date}|{place}" for n in _names(obj))


def _named_in_district_keys(obj: Any) -> list[str]:
    """Associations and houses: a name in one of the three languages, in a district."""
    return sorted(f"name:{sort_key(n)}|{obj.district_id or ''}" for n in _names(obj))


NAME_KEYS: dict[str, Callable[[Any], list[str]]] = {
    "plan": _plan_keys,
    "meetings": _meeting_keys,
    "attendance": _attendance_keys,
    "execution": _execution_keys,
    "decisions": _decision_keys,
    "persons": _person_keys,
    "events": _event_keys,
}


def name_keys(kind: str, obj: Any) -> list[str]:
    """The keys by which a record without an id or BIN/IIN is found again."""
    return NAME_KEYS.get(kind, _named_in_district_keys)(obj)
