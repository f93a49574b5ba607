"""What makes each record acceptable. Each check raises one ValidationError naming every refused field."""

from __future__ import annotations

import datetime as dt

from desk.domain import reference
from desk.domain.records import Association, District, Event, House, Person
from desk.domain.validation import Checker
from desk.i18n import _


def codes(terms: tuple[reference.Term, ...]) -> frozenset[str]:
    return frozenset(t.code for t in terms)


def split_codes(value: str | None) -> list[str]:
    return [c.strip() for c in (value or "").split(",") if c.strip()]


def check_district(d: District) -> None:
    c = Checker()
    c.storable_text(d)
    c.names("name", d.name_kk, d.name_ru, d.name_en)
    c.raise_if_any()


def check_house(h: House, today: dt.date | None = None) -> None:
    c = Checker()
    c.storable_text(h)
    c.names("name", h.name_kk, h.name_ru, h.name_en)
    c.phone("phone", h.phone)
    c.email("email", h.email)
    c.date_rules("house", h, today)
    c.raise_if_any()


def check_association(a: Association, today: dt.date | None = None) -> None:
    c = Checker()
    c.storable_text(a)
    c.names("name", a.name_kk, a.name_ru, a.name_en)
    c.required("ethnic_group", a.ethnic_group)
    ethnic = codes(reference.terms("ethnic_groups"))
    c.choice("ethnic_group", a.ethnic_group or None, ethnic)
    for code in split_codes(a.other_ethnic_groups):
        c.choice("ethnic_group", code, ethnic)
    c.choice("legal_status", a.legal_status, codes(reference.LEGAL_STATUSES))
    if a.legal_status == "legal_entity" and not a.bin:
        c.fail("bin", _("A legal entity needs its BIN."))
    c.bin("bin", a.bin)
    c.choice("status", a.status, codes(reference.ASSOCIATION_STATUSES))
    if a.status in ("suspended", "liquidated") and a.status_date is None:
        c.fail("status_date", _("Give the date of suspension or liquidation."))
    c.date_rules("association", a, today)
    for code in split_codes(a.lines_of_work):
        c.choice("lines_of_work", code, codes(reference.LINES_OF_WORK))
    c.not_negative("member_count", a.member_count)
    c.phone("phone", a.phone)
    c.email("email", a.email)
    if a.parent_id is not None and a.parent_id == a.id:
        c.fail("parent_id", _("An association cannot be its own parent."))
    c.raise_if_any()


def check_event(e: Event, today: dt.date | None = None) -> None:
    """Also: an event is "held" only once it has begun (not in the future), and a funding amount needs a source."""
    c = Checker()
    c.storable_text(e)
    c.names("title", e.name_kk, e.name_ru, e.name_en)
    c.required("event_type", e.event_type)
    c.choice("event_type", e.event_type or None, codes(reference.terms("event_types")))
    c.required("start_date", e.start_date)
    c.date_rules("event", e, today)
    c.not_negative("participants", e.participants)
    c.not_negative("youth", e.youth)
    c.not_more_than("youth", e.youth, "participants", e.participants)
    c.not_negative("funding_amount", e.funding_amount)
    c.choice("funding_source", e.funding_source, codes(reference.FUNDING_SOURCES))
    c.choice("status", e.status, codes(reference.EVENT_STATUSES))
    if e.funding_amount and (e.funding_source or "none") == "none":
        c.fail(
            "funding_amount",
            _("An amount is given only with a funding source: choose the source, or clear the amount."),
        )
    c.raise_if_any()


def check_person(p: Person, today: dt.date | None = None) -> None:
    """Also fills the birth date and sex from a valid IIN, and refuses a birth date that contradicts it."""
    c = Checker()
    c.storable_text(p)
    c.required("surname", p.surname)
    c.required("given_name", p.given_name)
    info = c.iin("iin", p.iin)
    if info is not None:
        if p.birth_date is not None and p.birth_date != info.birth_date:
            c.fail("birth_date", _("Does not match the date of birth in the IIN."))
        p.birth_date = info.birth_date
        p.sex = info.sex
    c.date_rules("person", p, today)
    if p.ethnic_group:
        c.choice("ethnic_group", p.ethnic_group, codes(reference.terms("ethnic_groups")))
    c.phone("phone", p.phone)
    c.email("email", p.email)
    c.raise_if_any()
