"""The reference lists the central office sends (ethnic groups, event types, districts, responsible bodies): where
they are kept, how they are put in force, and what may not be withdrawn.

The lists travel in the "reference" section of a centre → region bundle (desk.sync.centre_sections). A region keeps
the last received lists in its meta (`centre_reference`, JSON); the central office keeps there the lists it sends
(`desk central reference set`). `install(db)` puts them in force in the domain (`desk.domain.reference.terms`), so
forms, filters, validation, lists, reports and spreadsheets read them: the workspace installs them when it opens
(desk.services.workspace), the bundle import once its transaction is committed.

Withdrawing a code: a received list replaces the built-in one (or the one received before) whole; a kind the
section does not name keeps its list. A list that leaves out a code records still
hold (an association's or a person's ethnic group, an event's type, a decision's responsible body) is refused,
naming the code and how many records hold it: the records would otherwise show a bare code, or fail their checks
at the next save. A code no record holds may be withdrawn: it is no longer offered nor accepted. Districts are
records of the region (with their own names and codes): a received district list is in force for new data
folders and the demo, and is never checked against nor written into the region's districts.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from desk.domain import reference
from desk.domain.records import Association, Event, ExecutionItem, Meta, Person, table_of
from desk.errors import DeskError
from desk.i18n import N_, _, ngettext
from desk.store.db import Database, set_meta

REFERENCE_META = "centre_reference"

KIND_NAMES = {
    "ethnic_groups": N_("ethnic groups"),
    "event_types": N_("event types"),
    "districts": N_("districts"),
    "responsible_bodies": N_("responsible bodies"),
}


def stored(db: Database) -> dict[str, Any]:
    """The reference lists kept in this data folder (checked when they were stored), or {} before any."""
    raw = db.meta(REFERENCE_META)
    return json.loads(raw) if raw else {}


def install(db: Database) -> None:
    """Put the lists this data folder keeps in force (none kept: the built-in lists)."""
    reference.install(reference.terms_from_data(stored(db)))


def store(session: Any, data: dict[str, Any]) -> None:
    """Keep checked lists (inside the caller's transaction), after refusing any withdrawal of a code in use. A kind
    the data does not name keeps the list kept before (a section from an older centre without responsible bodies
    leaves them as they were, never back to the built-in list)."""
    check_withdrawals(session, reference.terms_from_data(data))
    row = session.get(Meta, REFERENCE_META)
    kept = json.loads(row.value) if row is not None and row.value else {}
    set_meta(session, REFERENCE_META, json.dumps({**kept, **data}, ensure_ascii=False, sort_keys=True))


def codes_in_use(session: Any, kind: str) -> Counter[str]:
    """How many records hold each code of `kind` (archived records too: they are shown and reported)."""
    counts: Counter[str] = Counter()
    conn = session.connection()
    by_kind: dict[str, list[Any]] = {
        "ethnic_groups": [col(Association.ethnic_group), col(Person.ethnic_group)],
        "event_types": [col(Event.event_type)],
        "responsible_bodies": [col(ExecutionItem.responsible_body)],
    }
    columns = by_kind.get(kind, [])
    for column in columns:
        for code, n in conn.execute(select(column, func.count()).group_by(column)):
            if code:
                counts[code] += n
    if kind == "ethnic_groups":
        table = table_of(Association)
        others = select(table.c.other_ethnic_groups).where(table.c.other_ethnic_groups != "")
        for (value,) in conn.execute(others):
            counts.update(c.strip() for c in value.split(",") if c.strip())
    return counts


def check_withdrawals(session: Any, received: dict[str, tuple[reference.Term, ...]]) -> None:
    """Refuse lists that leave out a code records hold: DeskError naming each such code and its records."""
    problems = []
    for kind, items in received.items():
        kept = {t.code for t in items}
        for code, n in sorted(codes_in_use(session, kind).items()):
            if code not in kept:
                problems.append(
                    ngettext(
                        "“{code}” ({kind}) is held by {count} record",
                        "“{code}” ({kind}) is held by {count} records",
                        n,
                    ).format(code=code, kind=_(KIND_NAMES[kind]), count=n)
                )
    if problems:
        raise DeskError(
            _("The reference lists leave out codes still in use, so they were not applied: {codes}.").format(
                codes="; ".join(problems[:10]) + ("; …" if len(problems) > 10 else "")
            )
        )
