"""`desk demo`: a realistic, deterministic demo data set (the same seed, region and day give the same data; each
region its own records, so demo regions consolidate at the centre).

Small is a few hundred records made in seconds, for tests and a first look; large is a busy region over ten years
(3,000+ associations, 60,000+ persons, 20,000+ events) for benchmarks. Rows are inserted in bulk in one transaction
(the change counter taken once, no per-row audit), then the search index is rebuilt.

The assembly's meetings, decisions and plan are a step of their own (`desk.services.governance_demo`).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session
from sqlmodel import col

from desk.domain import identifiers, reference
from desk.domain.records import (
    Association,
    AuditEntry,
    District,
    Draft,
    Event,
    House,
    Membership,
    Person,
    SyncedRecord,
    table_name,
    table_of,
    utcnow,
)
from desk.domain.text import sort_key
from desk.errors import DeskError
from desk.i18n import _
from desk.services import governance_demo
from desk.services.demo_corpus import (
    ADDRESS_STREETS,
    ASSOCIATION_NAME_PATTERNS,
    EVENT_TITLES,
    PERSON_NAMES,
    POSITIONS,
    WORKPLACES,
    placeholders,
)
from desk.services.workspace import Workspace
from desk.store import bulk
from desk.store import search as search_index
from desk.store.db import next_usn

Progress = Callable[[int, int, str], bool]
"""progress(done, total, what) → False to cancel."""


class Cancelled(DeskError):
    pass


@dataclass(frozen=True)
class Size:
    associations: int
    persons: int
    events: int
    houses_per_district: int
    assembly_members: int
    council_members: int


SIZES = {
    "small": Size(
        associations=120,
        persons=500,
        events=400,
        houses_per_district=1,
        assembly_members=45,
        council_members=11,
    ),
    "large": Size(
        associations=3200,
        persons=62000,
        events=21000,
        houses_per_district=3,
        assembly_members=90,
        council_members=15,
    ),
}


@dataclass
class DemoContext:
    """What the steps share: the connection, the random source, the region and what was made so far."""

    session: Session
    conn: Connection
    rng: random.Random
    region: str
    today: dt.date
    size: Size
    usn: int
    now: dt.datetime
    districts: list[District] = field(default_factory=list)
    houses: list[str] = field(default_factory=list)
    associations: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    memberships: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def base(self, created: dt.date | None = None) -> dict[str, Any]:
        """The columns every synced record carries."""
        stamp = self.now
        if created is not None:
            stamp = dt.datetime.combine(created, dt.time(9, 0), dt.UTC)
        return {
            "id": self.uuid(),
            "region": self.region,
            "created_at": stamp,
            "updated_at": self.now,
            "usn": self.usn,
        }

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        span = max(0, (end - start).days)
        return start + dt.timedelta(days=self.rng.randint(0, span))

    def insert(self, model: type[SyncedRecord], rows: list[dict[str, Any]]) -> None:
        """Rows through the store's bulk write (change counter, sort keys, search entries; no audit lines:
        the demo is one audit line of its own)."""
        if rows:
            bulk.insert_many(self.session, model, (Draft(model, **row) for row in rows), now=self.now)
            name = table_name(model)
            self.counts[name] = self.counts.get(name, 0) + len(rows)


def _names(kk: str, ru: str, en: str) -> dict[str, str]:
    out = {"name_kk": kk, "name_ru": ru, "name_en": en}
    for lang in ("kk", "ru", "en"):
        shown = out[f"name_{lang}"] or ru or kk or en
        out[f"sort_{lang}"] = sort_key(shown)[:500]
    return out


# Free text as clerks write it: in Russian or in Kazakh (never in the window's language), dates as dd.mm.yyyy.
STATUS_REASONS = (
    "Решение общего собрания участников",
    "Қатысушылардың жалпы жиналысының шешімі",
    "Решение суда",
    "Сот шешімі",
)
LEAVING_NOTES = ("Переезд в другой регион", "Басқа өңірге көшуіне байланысты", "По состоянию здоровья")


def _free_text(choices: tuple[str, ...], key: str) -> str:
    """One of `choices`, picked by its own generator so that the rest of the demo stays as it was."""
    return random.Random(f"free text {key}").choice(choices)


def _status_reason(status: str, registered: dt.date) -> str:
    return _free_text(STATUS_REASONS, f"{status} {registered}") if status != "active" else ""


def _admission_basis(day: dt.date, *, founding: bool) -> str:
    when = day.strftime("%d.%m.%Y")
    if founding:
        return _free_text(
            (
                f"Распоряжение акима области о составе ассамблеи от {when}",
                f"Облыс әкімінің ассамблея құрамы туралы {when} өкімі",
            ),
            when,
        )
    return _free_text((f"Решение сессии ассамблеи от {when}", f"Ассамблея сессиясының {when} шешімі"), when)


def _phone(rng: random.Random) -> str:
    return (
        "+77"
        + rng.choice(["01", "02", "05", "07", "08", "47", "71", "75", "77", "78"])
        + f"{rng.randint(0, 9999999):07d}"
    )


def _weighted_groups(rng: random.Random, k: int, flatten: float) -> list[reference.EthnicGroup]:
    # a group the central office added has no grammatical forms for the demo's names: the demo leaves it out
    groups = [
        g for g in reference.terms("ethnic_groups") if isinstance(g, reference.EthnicGroup) and g.ru_adj
    ]
    weights = [g.share**flatten for g in groups]
    return rng.choices(groups, weights=weights, k=k)


def _person_name(rng: random.Random, group: str, sex: str) -> tuple[str, str, str]:
    names = PERSON_NAMES.get(group) or PERSON_NAMES["russian"]
    if sex == "m":
        return (
            rng.choice(names.surnames_male),
            rng.choice(names.given_male),
            rng.choice(names.patronymics_male) if names.patronymics_male else "",
        )
    return (
        rng.choice(names.surnames_female),
        rng.choice(names.given_female),
        rng.choice(names.patronymics_female) if names.patronymics_female else "",
    )


# --- steps ----------------------------------------------------------------------------------------------------


def make_districts(ctx: DemoContext) -> None:
    existing = list(ctx.conn.execute(select(table_of(District)).where(col(District.region) == ctx.region)))
    if not existing:
        rows = [
            {**ctx.base(), "code": t.code, **_names(t.kk, t.ru, t.en)}
            for t in reference.terms("districts")
            if getattr(t, "region", "") == ctx.region
        ]
        ctx.insert(District, rows)
        existing = list(
            ctx.conn.execute(select(table_of(District)).where(col(District.region) == ctx.region))
        )
    ctx.districts = [District(**row._mapping) for row in existing]


def make_houses(ctx: DemoContext) -> None:
    rows = []
    region = reference.by_code(reference.REGIONS, ctx.region)
    for i, d in enumerate(ctx.districts):
        for n in range(ctx.size.houses_per_district):
            suffix_kk = "" if n == 0 else f" №{n + 1}"
            suffix_ru = "" if n == 0 else f" № {n + 1}"
            rows.append(
                {
                    **ctx.base(ctx.today - dt.timedelta(days=3650 + i * 30)),
                    **_names(
                        f"{d.name_kk} Достық үйі{suffix_kk}",
                        f"Дом дружбы ({d.name_ru}){suffix_ru}",
                        f"House of Friendship, {d.name_en}{suffix_ru}",
                    ),
                    "district_id": d.id,
                    "address": f"{ctx.rng.choice(ADDRESS_STREETS)}, {ctx.rng.randint(1, 120)}",
                    "phone": _phone(ctx.rng),
                    "email": "",
                    "director": " ".join(_person_name(ctx.rng, "kazakh", ctx.rng.choice("mf"))),
                    "opened_on": ctx.date_between(dt.date(2005, 1, 1), dt.date(2015, 12, 31)),
                    "notes": "",
                    "archived_at": None,
                }
            )
    if region is not None:
        rows.append(
            {
                **ctx.base(ctx.today - dt.timedelta(days=4000)),
                **_names(
                    f"{region.kk} Достық үйі",
                    f"Дом дружбы ({region.ru})",
                    f"House of Friendship, {region.en}",
                ),
                "district_id": None,
                "address": f"{ADDRESS_STREETS[0]}, 1",
                "phone": _phone(ctx.rng),
                "email": "",
                "director": " ".join(_person_name(ctx.rng, "kazakh", "m")),
                "opened_on": dt.date(2004, 10, 1),
                "notes": "",
                "archived_at": None,
            }
        )
    ctx.insert(House, rows)
    ctx.houses = [r["id"] for r in rows]


def make_associations(ctx: DemoContext) -> None:
    rng = ctx.rng
    rows = []
    statuses = ["active"] * 90 + ["suspended"] * 6 + ["liquidated"] * 4
    lines = [t.code for t in reference.LINES_OF_WORK]
    serial = 1000 + region_number(ctx.region) * 4000  # BINs of different demo regions never meet
    for group in _weighted_groups(rng, ctx.size.associations, 0.5):
        district = rng.choice(ctx.districts) if ctx.districts else None
        district_term = (
            reference.District(
                district.code or "", district.name_kk, district.name_ru, district.name_en, ctx.region
            )
            if district
            else None
        )
        kk, ru, en = rng.choice(ASSOCIATION_NAME_PATTERNS)
        values = placeholders(group, district_term)
        name_kk, name_ru, name_en = kk.format(**values), ru.format(**values), en.format(**values)
        languages = rng.random()
        if languages < 0.15:
            name_en = ""
        elif languages < 0.2:
            name_kk = ""
        registered = ctx.date_between(ctx.today - dt.timedelta(days=365 * 25), ctx.today)
        if rng.random() < 0.35:  # plenty of recent registrations, so every quarter has new associations
            registered = ctx.date_between(ctx.today - dt.timedelta(days=365 * 3), ctx.today)
        legal = rng.choices(["legal_entity", "branch", "initiative"], weights=[40, 45, 15])[0]
        bin_number = None
        if legal == "legal_entity":
            while bin_number is None:
                serial += 1
                bin_number = identifiers.make_bin(registered, serial)
        status = rng.choice(statuses)
        status_date = ctx.date_between(registered, ctx.today) if status != "active" else None
        leader = " ".join(
            _person_name(rng, group.code if group.code in PERSON_NAMES else "russian", rng.choice("mf"))
        )
        rows.append(
            {
                **ctx.base(registered),
                **_names(name_kk, name_ru, name_en),
                "ethnic_group": group.code,
                "other_ethnic_groups": "",
                "legal_status": legal,
                "bin": bin_number,
                "is_republican": False,
                "parent_id": None,
                "registration_date": registered if legal != "initiative" else None,
                "registration_number": f"{rng.randint(100, 9999)}-1930-{rng.randint(10, 99)}-ОО"
                if legal != "initiative"
                else "",
                "district_id": district.id if district else None,
                "address": f"{rng.choice(ADDRESS_STREETS)}, {rng.randint(1, 150)}",
                "house_id": rng.choice(ctx.houses) if ctx.houses and rng.random() < 0.6 else None,
                "leader": leader,
                "phone": _phone(rng),
                "email": "",
                "member_count": rng.randint(7, 600),
                "member_count_date": ctx.date_between(ctx.today - dt.timedelta(days=365), ctx.today),
                "lines_of_work": ",".join(sorted(set(rng.sample(lines, rng.randint(1, 3))))),
                "status": status,
                "status_date": status_date,
                "status_reason": _status_reason(status, registered),
                "notes": "",
                "archived_at": None,
            }
        )
    ctx.insert(Association, rows)
    ctx.associations = [r["id"] for r in rows]


def make_persons(ctx: DemoContext, progress: Progress) -> None:
    rng = ctx.rng
    groups = [g for g in _weighted_groups(rng, ctx.size.persons, 1.0)]
    rows: list[dict[str, Any]] = []
    serials: dict[tuple[dt.date, str], int] = {}  # the IIN's serial counts per birth date and sex: no repeats
    first_serial = region_number(ctx.region) * 400  # IINs of different demo regions never meet
    total = len(groups)
    for i, group in enumerate(groups):
        code = group.code if group.code in PERSON_NAMES else rng.choice(["russian", "kazakh"])
        sex = rng.choice("mf")
        born = ctx.date_between(dt.date(1945, 1, 1), dt.date(2006, 12, 31))
        iin = None
        while iin is None:
            serial = serials.get((born, sex), first_serial) + 1
            serials[(born, sex)] = serial
            iin = identifiers.make_iin(born, sex, serial)
        surname, given, patronymic = _person_name(rng, code, sex)
        rows.append(
            {
                **ctx.base(ctx.date_between(ctx.today - dt.timedelta(days=3650), ctx.today)),
                "surname": surname,
                "given_name": given,
                "patronymic": patronymic,
                "sort_name": sort_key(" ".join(p for p in (surname, given, patronymic) if p)),
                "iin": iin,
                "birth_date": born,
                "sex": sex,
                "ethnic_group": group.code,
                "workplace": rng.choice(WORKPLACES),
                "position": rng.choice(POSITIONS),
                "phone": _phone(rng) if rng.random() < 0.7 else "",
                "email": "",
                "district_id": rng.choice(ctx.districts).id if ctx.districts else None,
                "notes": "",
                "archived_at": None,
            }
        )
        if len(rows) >= 5000:
            ctx.insert(Person, rows)
            ctx.persons.extend(r["id"] for r in rows)
            rows = []
            if not progress(i + 1, total, _("Persons")):
                raise Cancelled(_("Cancelled."))
    ctx.insert(Person, rows)
    ctx.persons.extend(r["id"] for r in rows)


# Holidays that fall on a fixed day (by their English title in the corpus).
FIXED_DAYS: dict[str, tuple[int, int]] = {
    "Nauryz celebration": (3, 22),
    "Day of Unity of the People of Kazakhstan": (5, 1),
    "Day of Gratitude": (3, 1),
    "Republic Day": (10, 25),
    "Independence Day": (12, 16),
}


def make_events(ctx: DemoContext, progress: Progress) -> None:
    rng = ctx.rng
    start = ctx.today - dt.timedelta(days=3652)
    horizon = ctx.today + dt.timedelta(days=120)
    type_weights = {t.code: 1 for t in reference.terms("event_types")}
    funding = [t.code for t in reference.FUNDING_SOURCES]
    rows: list[dict[str, Any]] = []
    total = ctx.size.events
    for i in range(total):
        etype, kk, ru, en = rng.choice(EVENT_TITLES)
        group = _weighted_groups(rng, 1, 0.5)[0]
        values = placeholders(group)
        begins = ctx.date_between(start, horizon)
        fixed = FIXED_DAYS.get(en)
        if fixed is not None:  # holidays fall on their day
            begins = dt.date(begins.year, *fixed)
            if begins > horizon:
                begins = dt.date(begins.year - 1, *fixed)
        ends = begins + dt.timedelta(days=rng.choice([0, 0, 0, 0, 1, 2]))
        if begins > ctx.today:
            status = "planned"
        else:
            status = rng.choices(["held", "cancelled", "postponed"], weights=[90, 5, 5])[0]
        participants = rng.randint(15, 900) if status == "held" else None
        youth = rng.randint(0, participants // 2) if participants else None
        source = rng.choice(funding)
        organisers = rng.sample(ctx.associations, k=min(len(ctx.associations), rng.randint(0, 2)))
        rows.append(
            {
                **ctx.base(min(begins, ctx.today) - dt.timedelta(days=rng.randint(7, 60))),
                **_names(kk.format(**values), ru.format(**values), en.format(**values)),
                "event_type": etype if etype in type_weights else "other",
                "start_date": begins,
                "end_date": ends,
                "house_id": rng.choice(ctx.houses) if ctx.houses else None,
                "venue": "",
                "organiser_ids": ",".join(organisers),
                "by_secretariat": not organisers or rng.random() < 0.2,
                "partners": "",
                "participants": participants,
                "youth": youth,
                "funding_source": source,
                "funding_amount": None if source == "none" else rng.randint(5, 500) * 10_000,
                "status": status,
                "plan_item_id": None,
                "notes": "",
                "archived_at": None,
            }
        )
        if len(rows) >= 5000:
            ctx.insert(Event, rows)
            ctx.events.extend(rows)
            rows = []
            if not progress(i + 1, total, _("Events")):
                raise Cancelled(_("Cancelled."))
    ctx.insert(Event, rows)
    ctx.events.extend(rows)


def make_memberships(ctx: DemoContext) -> None:
    """The assembly over ten years: members join at sessions, some leave, the council is drawn from them."""
    rng = ctx.rng
    first_day = ctx.today - dt.timedelta(days=3652)
    categories = [t.code for t in reference.MEMBER_CATEGORIES]
    grounds = [t.code for t in reference.LEAVING_GROUNDS]
    pool = rng.sample(ctx.persons, k=min(len(ctx.persons), ctx.size.assembly_members * 3))
    rows: list[dict[str, Any]] = []
    active: list[dict[str, Any]] = []

    def admit(person: str, on: dt.date, category: str | None = None) -> dict[str, Any]:
        row = {
            **ctx.base(on),
            "person_id": person,
            "body": "assembly",
            "category": category or rng.choices(categories, weights=[20, 15, 45, 15, 5])[0],
            "nominated_by": "",
            "nominating_association_id": None,
            "admitted_on": on,
            "admission_basis": _admission_basis(on, founding=on == first_day),
            "admission_decision_id": None,
            "roles": "",
            "left_on": None,
            "leaving_ground": None,
            "leaving_note": "",
        }
        if row["category"] == "ethnocultural" and ctx.associations:
            row["nominating_association_id"] = rng.choice(ctx.associations)
        rows.append(row)
        active.append(row)
        return row

    for _i in range(ctx.size.assembly_members):
        admit(pool.pop(), first_day)
    # yearly turnover
    year_start = first_day
    while year_start < ctx.today:
        session_day = ctx.date_between(year_start, min(ctx.today, year_start + dt.timedelta(days=300)))
        for _i in range(rng.randint(2, max(3, ctx.size.assembly_members // 12))):
            if len(active) > ctx.size.assembly_members // 2 and session_day > first_day:
                leaving = active.pop(rng.randrange(len(active)))
                leaving["left_on"] = max(
                    leaving["admitted_on"] + dt.timedelta(days=1),
                    session_day - dt.timedelta(days=rng.randint(1, 60)),
                )
                leaving["leaving_ground"] = rng.choice(grounds)
                leaving["leaving_note"] = (
                    _free_text(LEAVING_NOTES, str(leaving["left_on"]))
                    if leaving["leaving_ground"] == "other"
                    else ""
                )
            if pool:
                admit(pool.pop(), session_day)
        year_start += dt.timedelta(days=365)
    # roles of those still in office; the council is drawn from the ethnocultural and other members
    rng.shuffle(active)
    ethno = [m for m in active if m["category"] == "ethnocultural"]
    others = [m for m in active if m["category"] != "ethnocultural"]
    if others:
        others[0]["roles"] = "chairman"
    for m in ethno[:2] + others[1:2]:
        m["roles"] = "deputy_chairman"
    if len(others) > 2:
        others[2]["roles"] = "head_of_secretariat"
    for m in active[-4:]:
        m["roles"] = ",".join(filter(None, [m["roles"], rng.choice(["expert_group", "mediator"])]))
    council_from = min(d["admitted_on"] for d in active) if active else first_day
    for m in active[: ctx.size.council_members]:
        rows.append(
            {
                **ctx.base(council_from),
                "person_id": m["person_id"],
                "body": "council",
                "category": m["category"],
                "nominated_by": "",
                "nominating_association_id": None,
                "admitted_on": max(m["admitted_on"], council_from),
                "admission_basis": m["admission_basis"],
                "admission_decision_id": None,
                "roles": "council_member",
                "left_on": None,
                "leaving_ground": None,
                "leaving_note": "",
            }
        )
    ctx.insert(Membership, rows)
    ctx.memberships = rows


"""Modules with a function `demo_step(ctx: DemoContext)` and a translatable `DEMO_STEP_TITLE`, run in this order
after the registers are made, inside the same transaction (the governance part adds meetings, votes, the plan)."""


def region_number(region: str) -> int:
    """The region's place in the republic's list (0 for a code outside it): demo identifiers' serials start
    apart by region."""
    codes = [t.code for t in reference.REGIONS]
    return codes.index(region) if region in codes else 0


def region_random(seed: int, region: str) -> random.Random:
    """The demo's random source: the seed and the region together, so every region gets its own ids, IINs and
    names (twenty demo regions consolidate at the centre without a collision) and the same region and seed
    always the same data."""
    return random.Random(f"{seed}/{region}")


def generate(
    ws: Workspace,
    *,
    size: str = "small",
    seed: int = 2025,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Add a demo data set to the workspace's region. Returns the number of rows made per table."""
    if ws.is_central:
        raise DeskError(_("Demo data is made in a region's data folder, not the central one."))
    if size not in SIZES:
        raise DeskError(_("Unknown size “{size}”: use small or large.").format(size=size))
    report: Progress = progress or (lambda done, total, what: True)
    with ws.db.transact(audit=False) as session:
        conn = session.connection()
        ctx = DemoContext(
            session=session,
            conn=conn,
            rng=region_random(seed, ws.region),
            region=ws.region,
            today=today or dt.date.today(),
            size=SIZES[size],
            usn=next_usn(session),
            now=utcnow(),
        )
        stages: list[tuple[str, Callable[[], None]]] = [
            (_("Districts"), lambda: make_districts(ctx)),
            (_("Houses of Friendship"), lambda: make_houses(ctx)),
            (_("Associations"), lambda: make_associations(ctx)),
            (_("Persons"), lambda: make_persons(ctx, report)),
            (_("Events"), lambda: make_events(ctx, report)),
            (_("Memberships"), lambda: make_memberships(ctx)),
            (_(governance_demo.DEMO_STEP_TITLE), lambda: governance_demo.demo_step(ctx)),
            (_("Search index"), lambda: search_index.optimize(conn, ws.db.engine.dialect.name)),
        ]
        for number, (name, run) in enumerate(stages, start=1):
            if not report(number - 1, len(stages), name):
                raise Cancelled(_("Cancelled."))
            run()
        session.add(
            AuditEntry(
                operator=ws.db.operator or "",
                table_name="*",
                record_id="demo",
                action="demo",
                changes=f'{{"size": "{size}", "seed": {seed}}}',
            )
        )
        report(len(stages), len(stages), _("Done"))
    return ctx.counts
