"""What each register shows: its columns, filters and form fields (the screens themselves are RegisterView)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from desk.domain import reference
from desk.domain.records import Association, House, Person
from desk.i18n import N_, format_number, ngettext
from desk.services import associations, events, houses, lookups, persons
from desk.services.records import REGION_SORT
from desk.services.rows import codes_label, term_label
from desk.ui.context import AppContext
from desk.ui.forms import Field
from desk.ui.register_view import REGION_FILTER, Filter, RegisterDef
from desk.ui.table_model import Column, RowContext


def _items(items: tuple[reference.Term, ...] | str) -> tuple[reference.Term, ...]:
    """A fixed list, or the name of a list the central office may send (read when the choices are shown, so a
    received list is offered as soon as it is applied)."""
    return reference.terms(items) if isinstance(items, str) else items


def terms(items: tuple[reference.Term, ...] | str) -> Any:
    def choices(_ctx: AppContext, lang: str) -> Sequence[tuple[str, str]]:
        return [(t.code, t.label(lang)) for t in _items(items)]

    return choices


def sorted_terms(items: tuple[reference.Term, ...] | str) -> Any:
    from desk.domain.text import sort_key

    def choices(_ctx: AppContext, lang: str) -> Sequence[tuple[str, str]]:
        return sorted(((t.code, t.label(lang)) for t in _items(items)), key=lambda c: sort_key(c[1]))

    return choices


def district_choices(ctx: AppContext, lang: str) -> Sequence[tuple[str, str]]:
    choices: list[tuple[str, str]] = ctx.lookup(
        ("districts", lang), frozenset({"district"}), lambda: lookups.districts(ctx.workspace, lang)
    )
    return list(choices)


def house_choices(ctx: AppContext, lang: str) -> Sequence[tuple[str, str]]:
    return lookups.houses(ctx.workspace, lang)


def parent_choices(ctx: AppContext, lang: str) -> Sequence[tuple[str, str]]:
    return lookups.parent_associations(ctx.workspace, lang)


def regional_districts(ctx: AppContext, lang: str, region: str | None) -> Sequence[tuple[str, str]]:
    """The central office's District filter: the region's districts, or every region's named with their region."""
    if region is None:
        return ctx.lookup(
            ("districts-with-regions", lang),
            frozenset({"district"}),
            lambda: lookups.districts_with_regions(ctx.workspace, lang),
        )
    return ctx.lookup(
        ("districts", lang, region),
        frozenset({"district"}),
        lambda: lookups.districts(ctx.workspace, lang, region=region),
    )


def regional_houses(ctx: AppContext, lang: str, region: str | None) -> Sequence[tuple[str, str]]:
    """The central office's House of Friendship filter: the region's houses, or every region's named with their
    region."""
    if region is None:
        return lookups.houses_with_regions(ctx.workspace, lang)
    return lookups.houses(ctx.workspace, lang, region=region)


def district_names(ctx: AppContext, lang: str) -> Mapping[str, Mapping[str, str]]:
    return {"district": dict(district_choices(ctx, lang))}


def district_and_house_names(ctx: AppContext, lang: str) -> Mapping[str, Mapping[str, str]]:
    return {
        "district": dict(district_choices(ctx, lang)),
        "house": dict(lookups.houses(ctx.workspace, lang, include_archived=True)),
    }


def _name(record: Any, ctx: RowContext) -> str:
    return record.name(ctx.lang)


# --- associations ---------------------------------------------------------------------------------------------


def _association_count(shown: int, total: int) -> str:
    return ngettext("{shown} of {total} association", "{shown} of {total} associations", total).format(
        shown=format_number(shown), total=format_number(total)
    )


A_COLUMNS = [
    Column("name", N_("Name"), _name, sort="name"),
    Column(
        "ethnic_group",
        N_("Ethnic group"),
        lambda a, c: term_label(reference.terms("ethnic_groups"), a.ethnic_group, c.lang),
        sort="ethnic_group",
    ),
    Column(
        "legal_status",
        N_("Legal status"),
        lambda a, c: term_label(reference.LEGAL_STATUSES, a.legal_status, c.lang),
        sort="legal_status",
    ),
    Column("bin", N_("BIN"), lambda a, c: a.bin or "", sort="bin"),
    Column("district", N_("District"), lambda a, c: c.name("district", a.district_id), sort="district"),
    Column(
        "registration_date",
        N_("Registration date"),
        lambda a, c: a.registration_date,
        sort="registration_date",
    ),
    Column(
        "member_count",
        N_("Number of members"),
        lambda a, c: a.member_count,
        sort="member_count",
        numeric=True,
    ),
    Column(
        "status",
        N_("Status"),
        lambda a, c: term_label(reference.ASSOCIATION_STATUSES, a.status, c.lang),
        sort="status",
    ),
    Column("leader", N_("Leader"), lambda a, c: a.leader, shown=False),
    Column("phone", N_("Phone"), lambda a, c: a.phone, shown=False),
    Column(
        "lines_of_work",
        N_("Lines of work"),
        lambda a, c: codes_label(reference.LINES_OF_WORK, a.lines_of_work, c.lang),
        shown=False,
    ),
    Column("updated_at", N_("Changed"), lambda a, c: a.updated_at, sort="updated_at", shown=False),
]

A_FIELDS = [
    Field("name_kk", N_("Name in Kazakh"), errors=("name",)),
    Field("name_ru", N_("Name in Russian")),
    Field("name_en", N_("Name in English")),
    Field(
        "ethnic_group",
        N_("Ethnic group"),
        "choice",
        sorted_terms("ethnic_groups"),
        empty=N_("— choose —"),
    ),
    Field("other_ethnic_groups", N_("Other ethnic groups"), "codes", sorted_terms("ethnic_groups")),
    Field("legal_status", N_("Legal status"), "choice", terms(reference.LEGAL_STATUSES), empty=None),
    Field("bin", N_("BIN"), nullable=True, max_length=12),
    Field("is_republican", N_("Republican"), "bool"),
    Field("parent_id", N_("Parent association"), "choice", parent_choices, nullable=True),
    Field("registration_date", N_("Registration date"), "date"),
    Field("registration_number", N_("Registration number")),
    Field("district_id", N_("District"), "choice", district_choices, nullable=True),
    Field("address", N_("Address")),
    Field("house_id", N_("House of Friendship"), "choice", house_choices, nullable=True),
    Field("leader", N_("Leader")),
    Field("phone", N_("Phone")),
    Field("email", N_("E-mail")),
    Field("member_count", N_("Number of members"), "int"),
    Field("member_count_date", N_("Members counted on"), "date"),
    Field("lines_of_work", N_("Lines of work"), "codes", terms(reference.LINES_OF_WORK)),
    Field("status", N_("Status"), "choice", terms(reference.ASSOCIATION_STATUSES), empty=None),
    Field("status_date", N_("Status date"), "date"),
    Field("status_reason", N_("Reason for the status")),
    Field("notes", N_("Notes"), "multiline"),
]

ASSOCIATIONS = RegisterDef(
    key="associations",
    register=associations.REGISTER,
    columns=A_COLUMNS,
    filters=[
        Filter("district_id", N_("District"), choices=district_choices),
        Filter("ethnic_group", N_("Ethnic group"), choices=sorted_terms("ethnic_groups")),
        Filter("status", N_("Status"), choices=terms(reference.ASSOCIATION_STATUSES)),
        Filter("registered_from", N_("Registered from"), "date"),
        Filter("registered_to", N_("To"), "date"),
    ],
    fields=A_FIELDS,
    names=district_names,
    new_title=N_("New association"),
    record_title=lambda a, lang: a.name(lang),
    count_text=_association_count,
    search_hint=N_("Search associations by name or BIN (Ctrl+F)"),
    tables=frozenset({"association", "district", "house"}),
)


# --- houses ---------------------------------------------------------------------------------------------------


def _house_count(shown: int, total: int) -> str:
    return ngettext(
        "{shown} of {total} House of Friendship", "{shown} of {total} Houses of Friendship", total
    ).format(shown=format_number(shown), total=format_number(total))


HOUSES = RegisterDef(
    key="houses",
    register=houses.REGISTER,
    columns=[
        Column("name", N_("Name"), _name, sort="name"),
        Column("district", N_("District"), lambda h, c: c.name("district", h.district_id), sort="district"),
        Column("address", N_("Address"), lambda h, c: h.address),
        Column("director", N_("Director"), lambda h, c: h.director),
        Column("phone", N_("Phone"), lambda h, c: h.phone),
        Column("opened_on", N_("Opened on"), lambda h, c: h.opened_on, sort="opened_on"),
        Column("email", N_("E-mail"), lambda h, c: h.email, shown=False),
        Column("updated_at", N_("Changed"), lambda h, c: h.updated_at, sort="updated_at", shown=False),
    ],
    filters=[Filter("district_id", N_("District"), choices=district_choices)],
    fields=[
        Field("name_kk", N_("Name in Kazakh"), errors=("name",)),
        Field("name_ru", N_("Name in Russian")),
        Field("name_en", N_("Name in English")),
        Field("district_id", N_("District"), "choice", district_choices, nullable=True),
        Field("address", N_("Address")),
        Field("director", N_("Director")),
        Field("phone", N_("Phone")),
        Field("email", N_("E-mail")),
        Field("opened_on", N_("Opened on"), "date"),
        Field("notes", N_("Notes"), "multiline"),
    ],
    names=district_names,
    new_title=N_("New House of Friendship"),
    record_title=lambda h, lang: h.name(lang),
    count_text=_house_count,
    search_hint=N_("Search Houses of Friendship by name (Ctrl+F)"),
    tables=frozenset({"house", "district"}),
)


# --- events ---------------------------------------------------------------------------------------------------


def _event_count(shown: int, total: int) -> str:
    return ngettext("{shown} of {total} event", "{shown} of {total} events", total).format(
        shown=format_number(shown), total=format_number(total)
    )


EVENTS = RegisterDef(
    key="events",
    register=events.REGISTER,
    columns=[
        Column("name", N_("Title"), _name, sort="name"),
        Column(
            "event_type",
            N_("Event type"),
            lambda e, c: term_label(reference.terms("event_types"), e.event_type, c.lang),
            sort="event_type",
        ),
        Column("start_date", N_("Start date"), lambda e, c: e.start_date, sort="start_date"),
        Column("end_date", N_("End date"), lambda e, c: e.end_date, shown=False),
        Column("house", N_("House of Friendship"), lambda e, c: c.name("house", e.house_id) or e.venue),
        Column(
            "participants", N_("Participants"), lambda e, c: e.participants, sort="participants", numeric=True
        ),
        Column("youth", N_("Young participants"), lambda e, c: e.youth, numeric=True, shown=False),
        Column(
            "funding_amount",
            N_("Funding amount"),
            lambda e, c: e.funding_amount,
            sort="funding_amount",
            numeric=True,
            shown=False,
        ),
        Column(
            "status",
            N_("Status"),
            lambda e, c: term_label(reference.EVENT_STATUSES, e.status, c.lang),
            sort="status",
        ),
        Column("updated_at", N_("Changed"), lambda e, c: e.updated_at, sort="updated_at", shown=False),
    ],
    filters=[
        Filter("event_type", N_("Event type"), choices=terms("event_types")),
        Filter("status", N_("Status"), choices=terms(reference.EVENT_STATUSES)),
        Filter("house_id", N_("House of Friendship"), choices=house_choices),
        Filter("date_from", N_("From"), "date"),
        Filter("date_to", N_("To"), "date"),
    ],
    fields=[
        Field("name_kk", N_("Title in Kazakh"), errors=("title",)),
        Field("name_ru", N_("Title in Russian")),
        Field("name_en", N_("Title in English")),
        Field("event_type", N_("Event type"), "choice", terms("event_types"), empty=N_("— choose —")),
        Field("start_date", N_("Start date"), "date"),
        Field("end_date", N_("End date"), "date"),
        Field("house_id", N_("House of Friendship"), "choice", house_choices, nullable=True),
        Field("venue", N_("Venue")),
        Field("organiser_ids", N_("Organisers"), "associations", errors=("organisers",)),
        Field("by_secretariat", N_("Organised by the secretariat"), "bool"),
        Field("partners", N_("Partners")),
        Field("participants", N_("Participants"), "int"),
        Field("youth", N_("Young participants"), "int"),
        Field("funding_source", N_("Funding source"), "choice", terms(reference.FUNDING_SOURCES), empty=None),
        Field("funding_amount", N_("Funding amount"), "int"),
        Field("status", N_("Status"), "choice", terms(reference.EVENT_STATUSES), empty=None),
        Field("notes", N_("Notes"), "multiline"),
    ],
    names=district_and_house_names,
    new_title=N_("New event"),
    record_title=lambda e, lang: e.name(lang),
    count_text=_event_count,
    search_hint=N_("Search events by title (Ctrl+F)"),
    tables=frozenset({"event", "house", "association"}),
    default_sort=("start_date", True),  # newest first, as a clerk reads a log of events
)


# --- persons --------------------------------------------------------------------------------------------------


def _person_count(shown: int, total: int) -> str:
    return ngettext("{shown} of {total} person", "{shown} of {total} persons", total).format(
        shown=format_number(shown), total=format_number(total)
    )


SEXES = (reference.Term("m", "Ер", "Мужской", "Male"), reference.Term("f", "Әйел", "Женский", "Female"))

PERSONS = RegisterDef(
    key="persons",
    register=persons.REGISTER,
    columns=[
        Column("name", N_("Full name"), lambda p, c: p.full_name(), sort="name"),
        Column("iin", N_("IIN"), lambda p, c: p.iin or ""),
        Column("birth_date", N_("Date of birth"), lambda p, c: p.birth_date, sort="birth_date"),
        Column(
            "ethnic_group",
            N_("Ethnic group"),
            lambda p, c: term_label(reference.terms("ethnic_groups"), p.ethnic_group, c.lang),
            sort="ethnic_group",
        ),
        Column("workplace", N_("Workplace"), lambda p, c: p.workplace, sort="workplace"),
        Column("position", N_("Position"), lambda p, c: p.position),
        Column("district", N_("District"), lambda p, c: c.name("district", p.district_id), shown=False),
        Column("phone", N_("Phone"), lambda p, c: p.phone, shown=False),
        Column("updated_at", N_("Changed"), lambda p, c: p.updated_at, sort="updated_at", shown=False),
    ],
    filters=[
        Filter("district_id", N_("District"), choices=district_choices),
        Filter("ethnic_group", N_("Ethnic group"), choices=sorted_terms("ethnic_groups")),
        Filter("sex", N_("Sex"), choices=terms(SEXES)),
        Filter("born_from", N_("Born from"), "date"),
        Filter("born_to", N_("To"), "date"),
    ],
    fields=[
        Field("surname", N_("Surname")),
        Field("given_name", N_("Given name")),
        Field("patronymic", N_("Patronymic")),
        Field("iin", N_("IIN"), nullable=True, max_length=12),
        Field("birth_date", N_("Date of birth"), "date"),
        Field("ethnic_group", N_("Ethnic group"), "choice", sorted_terms("ethnic_groups"), nullable=True),
        Field("workplace", N_("Workplace")),
        Field("position", N_("Position")),
        Field("phone", N_("Phone")),
        Field("email", N_("E-mail")),
        Field("district_id", N_("District"), "choice", district_choices, nullable=True),
        Field("notes", N_("Notes"), "multiline"),
    ],
    names=district_names,
    new_title=N_("New person"),
    record_title=lambda p, lang: p.full_name(),
    count_text=_person_count,
    search_hint=N_("Search persons by name or IIN (Ctrl+F)"),
    tables=frozenset({"person", "membership", "district"}),
)


# --- the central office ---------------------------------------------------------------------------------------

REGION_COLUMN = Column(
    "region",
    N_("Region"),
    lambda r, c: term_label(reference.REGIONS, r.region, c.lang),
    sort=REGION_SORT,
    place=1,  # beside the name
)
REGION_CHOICE = Filter(REGION_FILTER, N_("Region"), choices=terms(reference.REGIONS))
REGIONAL_CHOICES = {"district_id": regional_districts, "house_id": regional_houses}
NAMED_WITH_REGIONS = {  # a form's choices at the central office, each named with its region
    "district_id": lambda ctx, lang: regional_districts(ctx, lang, None),
    "house_id": lambda ctx, lang: regional_houses(ctx, lang, None),
}


def at_centre(spec: RegisterDef) -> RegisterDef:
    """The register as the central office sees it, every region's records together: a Region column (after the
    others, so a list's saved column order and widths still fit; placed beside the name on the first start), a
    Region filter first, which narrows the district and house choices to the region's, and the form's district and
    house choices named with their region (several regions have an "Abai District")."""
    filters = [dataclasses.replace(f, regional=REGIONAL_CHOICES.get(f.key)) for f in spec.filters]
    fields = [
        dataclasses.replace(f, choices=NAMED_WITH_REGIONS[f.name]) if f.name in NAMED_WITH_REGIONS else f
        for f in spec.fields
    ]
    return dataclasses.replace(
        spec, columns=[*spec.columns, REGION_COLUMN], filters=[REGION_CHOICE, *filters], fields=fields
    )


__all__ = ["ASSOCIATIONS", "EVENTS", "HOUSES", "PERSONS", "Association", "House", "Person", "at_centre"]
