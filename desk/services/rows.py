"""Records as plain dictionaries: `record_dict` for JSON and sync (every column, codes as stored), and
display rows with names and labels in one language for lists, the command line and reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import inspect

from desk.domain import reference
from desk.domain.records import Association, District, Event, House, Person, SyncedRecord
from desk.domain.reference import term_label as term_label  # where lists and reports look it up

_HIDDEN = {"sort_kk", "sort_ru", "sort_en", "sort_name"}


def record_dict(obj: SyncedRecord) -> dict[str, Any]:
    """Every column of a record (sort keys left out), dates as ISO strings."""
    out: dict[str, Any] = {}
    for attr in inspect(type(obj)).column_attrs:
        if attr.key in _HIDDEN:
            continue
        value = getattr(obj, attr.key)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        out[attr.key] = value
    return out


def codes_label(terms: tuple[reference.Term, ...], codes: str | None, lang: str) -> str:
    return ", ".join(term_label(terms, c.strip(), lang) for c in (codes or "").split(",") if c.strip())


def district_names(districts: list[District], lang: str) -> dict[str, str]:
    return {d.id: d.name(lang) for d in districts}


def association_row(a: Association, lang: str, districts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name(lang),
        "ethnic_group": term_label(reference.terms("ethnic_groups"), a.ethnic_group, lang),
        "legal_status": term_label(reference.LEGAL_STATUSES, a.legal_status, lang),
        "bin": a.bin or "",
        "district": districts.get(a.district_id or "", ""),
        "registration_date": a.registration_date,
        "member_count": a.member_count,
        "status": term_label(reference.ASSOCIATION_STATUSES, a.status, lang),
        "leader": a.leader,
    }


def house_row(h: House, lang: str, districts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": h.id,
        "name": h.name(lang),
        "district": districts.get(h.district_id or "", ""),
        "address": h.address,
        "director": h.director,
        "phone": h.phone,
    }


def event_row(e: Event, lang: str, houses: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name(lang),
        "event_type": term_label(reference.terms("event_types"), e.event_type, lang),
        "start_date": e.start_date,
        "end_date": e.end_date,
        "house": (houses or {}).get(e.house_id or "", e.venue),
        "participants": e.participants,
        "youth": e.youth,
        "status": term_label(reference.EVENT_STATUSES, e.status, lang),
    }


def person_row(p: Person, lang: str, districts: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.full_name(),
        "iin": p.iin or "",
        "birth_date": p.birth_date,
        "ethnic_group": term_label(reference.terms("ethnic_groups"), p.ethnic_group, lang),
        "workplace": p.workplace,
        "position": p.position,
        "district": (districts or {}).get(p.district_id or "", ""),
    }
