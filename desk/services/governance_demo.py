"""Demo step: ten years of the assembly's life on top of the demo roster.

A regular session every year (on the days the roster step admitted members, and the founding session), some
extraordinary sessions, several council meetings a year; attendance drawn from those who were members on each day;
decisions with votes (some meetings inquorate, some decisions rejected); execution items of adopted decisions (some
executed, some overdue); an action plan for each year whose items are linked to events of the register (most to a
held event, some to a cancelled one, some to none).

The numbers are drawn so that the rules of `desk.domain.rules` decide the outcome, never the generator.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from sqlalchemy import bindparam

from desk.domain import rules
from desk.domain.records import (
    Attendance,
    Decision,
    Event,
    ExecutionItem,
    Meeting,
    Membership,
    PlanItem,
    table_of,
)
from desk.domain.text import sort_key
from desk.i18n import N_

DEMO_STEP_TITLE = N_("Meetings and decisions")

# (kk, ru, en) wordings; {year} (the meeting's) and {prev} (the year before) are filled in.
SESSION_DECISIONS: tuple[tuple[str, str, str], ...] = (
    (
        "{prev} жылғы ассамблея жұмысының қорытындылары туралы",
        "Об итогах работы ассамблеи за {prev} год",
        "On the results of the assembly's work in {prev}",
    ),
    (
        "Ассамблеяның {year} жылға арналған іс-шаралар жоспарын бекіту туралы",
        "Об утверждении плана мероприятий ассамблеи на {year} год",
        "On approving the assembly's action plan for {year}",
    ),
    (
        "Мемлекеттік тілді дамытудағы этномәдени бірлестіктердің рөлі туралы",
        "О роли этнокультурных объединений в развитии государственного языка",
        "On the role of ethnocultural associations in developing the state language",
    ),
    (
        "Жас ұрпақты отансүйгіштікке тәрбиелеу туралы",
        "О патриотическом воспитании молодежи",
        "On the patriotic education of young people",
    ),
    (
        "Қоғамдық келісім мен жалпыұлттық бірлікті нығайту туралы",
        "Об укреплении общественного согласия и общенационального единства",
        "On strengthening public accord and national unity",
    ),
    (
        "Ассамблея Кеңесінің құрамына өзгерістер енгізу туралы",
        "О внесении изменений в состав Совета ассамблеи",
        "On changes to the composition of the council of the assembly",
    ),
)
ADMISSION_DECISION = (
    "Ассамблея мүшелігіне қабылдау туралы",
    "О приеме в члены ассамблеи",
    "On admission to membership of the assembly",
)
EXTRAORDINARY_DECISIONS: tuple[tuple[str, str, str], ...] = (
    (
        "Өңірдегі этносаралық ахуал туралы",
        "О межэтнической обстановке в регионе",
        "On the interethnic situation in the region",
    ),
    (
        "Төтенше жағдайдан зардап шеккен тұрғындарға көмек көрсету туралы",
        "Об оказании помощи жителям, пострадавшим от чрезвычайной ситуации",
        "On help to residents affected by an emergency",
    ),
    (
        "Ассамблея төрағасының орынбасарын сайлау туралы",
        "Об избрании заместителя председателя ассамблеи",
        "On electing a deputy chairman of the assembly",
    ),
)
COUNCIL_DECISIONS: tuple[tuple[str, str, str], ...] = (
    (
        "Ассамблея мүшелігіне кандидатуралар туралы",
        "О кандидатурах в члены ассамблеи",
        "On candidates for membership of the assembly",
    ),
    (
        "Ассамблея сессиясының күн тәртібі туралы",
        "О повестке дня сессии ассамблеи",
        "On the agenda of the session of the assembly",
    ),
    (
        "Қазақстан халқының бірлігі күнін мерекелеуге дайындық туралы",
        "О подготовке к празднованию Дня единства народа Казахстана",
        "On preparations for the Day of Unity of the People of Kazakhstan",
    ),
    (
        "Достық үйлерінің қызметі туралы",
        "О деятельности Домов дружбы",
        "On the work of the Houses of Friendship",
    ),
    ("Жексенбілік мектептерді қолдау туралы", "О поддержке воскресных школ", "On support of Sunday schools"),
    (
        "Медиация кабинеттерінің жұмысы туралы",
        "О работе кабинетов медиации",
        "On the work of the mediation offices",
    ),
    (
        "Этносаралық қатынастар мониторингінің нәтижелері туралы",
        "О результатах мониторинга межэтнических отношений",
        "On the results of monitoring interethnic relations",
    ),
    (
        "Ассамблеяның қоғамдық наградаларымен марапаттау туралы",
        "О награждении общественными наградами ассамблеи",
        "On conferring the assembly's public awards",
    ),
)
PLAN_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("Наурыз мейрамын өткізу", "Проведение праздника Наурыз", "Holding the Nauryz celebration"),
    (
        "Қазақстан халқының бірлігі күніне арналған іс-шаралар",
        "Мероприятия ко Дню единства народа Казахстана",
        "Events for the Day of Unity of the People of Kazakhstan",
    ),
    (
        "Алғыс айту күніне арналған іс-шаралар",
        "Мероприятия ко Дню благодарности",
        "Events for the Day of Gratitude",
    ),
    (
        "Қазақстан халқының тілдері күнін өткізу",
        "Проведение Дня языков народа Казахстана",
        "Holding the Day of Languages of the People of Kazakhstan",
    ),
    (
        "Этномәдени бірлестіктер басшыларына арналған семинар",
        "Семинар для руководителей этнокультурных объединений",
        "Seminar for the leaders of ethnocultural associations",
    ),
    ("«Бірлік» жастар форумы", "Молодежный форум «Бірлік»", "“Birlik” youth forum"),
    (
        "Этносаралық қатынастар бойынша дөңгелек үстел",
        "Круглый стол по межэтническим отношениям",
        "Round table on interethnic relations",
    ),
    (
        "Этномәдени бірлестіктердің фестивалі",
        "Фестиваль этнокультурных объединений",
        "Festival of ethnocultural associations",
    ),
    (
        "Жексенбілік мектептер оқушыларының байқауы",
        "Конкурс учащихся воскресных школ",
        "Contest of Sunday school pupils",
    ),
    ("Мемлекеттік тілді оқыту курстары", "Курсы обучения государственному языку", "State language courses"),
    ("«Мейірім» қайырымдылық акциясы", "Благотворительная акция «Мейірім»", "“Meirim” charity campaign"),
    (
        "Ассамблея медиаторларының кездесуі",
        "Встреча медиаторов ассамблеи",
        "Meeting of the assembly's mediators",
    ),
    (
        "Ғылыми-сарапшылық топтың конференциясы",
        "Конференция научно-экспертной группы",
        "Conference of the scientific-expert group",
    ),
    ("Достық үйлерінің көрмесі", "Выставка Домов дружбы", "Exhibition of the Houses of Friendship"),
    (
        "Аналар кеңесінің отбасы күніне арналған кездесуі",
        "Встреча Совета матерей ко Дню семьи",
        "Council of Mothers' meeting for Family Day",
    ),
    (
        "Тәуелсіздік күніне арналған салтанатты жиын",
        "Торжественное собрание ко Дню Независимости",
        "Ceremonial meeting for Independence Day",
    ),
)
RESPONSIBLE: tuple[str, ...] = (
    "Облыстың ішкі саясат басқармасы",
    "Секретариат ассамблеи",
    "Облыстың білім басқармасы",
    "Управление культуры, архивов и документации",
    "Акимы районов и городов",
    "Совет матерей ассамблеи",
    "Научно-экспертная группа",
    "Облыстың жастар саясаты мәселелері жөніндегі басқармасы",
)
RESPONSIBLE_BODY: dict[str, str] = {
    "Облыстың ішкі саясат басқармасы": "internal_policy",
    "Секретариат ассамблеи": "secretariat",
    "Облыстың білім басқармасы": "education",
    "Управление культуры, архивов и документации": "culture",
    "Акимы районов и городов": "district_akimats",
    "Совет матерей ассамблеи": "council_of_mothers",
    "Научно-экспертная группа": "expert_group",
}
"""The demo's execution items name these bodies from the reference list (reference.RESPONSIBLE_BODIES); the youth
department's long name stays written in, as an "Other" body of a clerk's own spelling."""


def _responsible(name: str) -> dict[str, str]:
    body = RESPONSIBLE_BODY.get(name, "")
    return {"responsible_body": body, "responsible": "" if body else name}


TASKS: tuple[str, ...] = (
    "Подготовить информацию об исполнении",
    "Ақпаратты хатшылыққа ұсыну",
    "Провести разъяснительную работу",
    "Включить мероприятия в план работы",
    "Іс-шараларды қаржыландыру мәселесін қарау",
    "Организовать освещение в СМИ",
)
PLACES: tuple[str, ...] = (
    "Достық үйі, мәжіліс залы",
    "Дом дружбы, конференц-зал",
    "Облыс әкімдігінің мәжіліс залы",
    "Областной драматический театр",
)


def _names(kk: str, ru: str, en: str) -> dict[str, str]:
    out = {"name_kk": kk, "name_ru": ru, "name_en": en}
    for lang in ("kk", "ru", "en"):
        out[f"sort_{lang}"] = sort_key(out[f"name_{lang}"] or ru)[:500]
    return out


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


class _Builder:
    """Collects the rows of this step and inserts them at the end."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.meetings: list[dict[str, Any]] = []
        self.attendance: list[dict[str, Any]] = []
        self.decisions: list[dict[str, Any]] = []
        self.items: list[dict[str, Any]] = []
        self.admissions: dict[dt.date, str] = {}  # session day → the admission decision's id
        self.first_day = min(
            (m["admitted_on"] for m in ctx.memberships), default=ctx.today - dt.timedelta(days=3652)
        )

    def members_on(self, day: dt.date, body: str) -> list[dict[str, Any]]:
        return [
            m
            for m in self.ctx.memberships
            if m["body"] == body and rules.is_member_on(m["admitted_on"], m["left_on"], day)
        ]

    def meeting(
        self,
        kind: str,
        day: dt.date,
        number: int,
        *,
        inquorate: bool,
        requested_by: int | None = None,
        requested_on: dt.date | None = None,
        notice: dt.date | None = None,
        agenda: list[str] | None = None,
    ) -> None:
        ctx, rng = self.ctx, self.rng
        eligible = self.members_on(day, rules.body_of(kind))
        if not rules.is_council(kind):  # members admitted by this session take part from the next meeting
            eligible = [m for m in eligible if m["admitted_on"] != day]
        total = len(eligible)
        if total == 0:
            return
        needed = rules.quorum_needed(total)
        if inquorate:
            present = rng.randint(max(1, total // 3), max(1, needed - 1))
        else:
            present = rng.randint(needed, total)
        row = {
            **ctx.base(day - dt.timedelta(days=35)),
            "kind": kind,
            "number": str(number),
            "date": day,
            "place": rng.choice(PLACES),
            "notice_date": notice,
            "agenda": "\n".join(agenda or []),
            "requested_by": requested_by,
            "requested_on": requested_on,
            "convened_on": _convened_day(requested_on, notice) if requested_on is not None else None,
            "notes": "",
            "archived_at": None,
        }
        self.meetings.append(row)
        for m in rng.sample(eligible, present):
            self.attendance.append({**ctx.base(day), "meeting_id": row["id"], "membership_id": m["id"]})
        if kind == rules.COUNCIL_MEETING:
            wordings = rng.sample(COUNCIL_DECISIONS, rng.randint(2, 4))
        elif kind == rules.EXTRAORDINARY_SESSION:
            wordings = rng.sample(EXTRAORDINARY_DECISIONS, rng.randint(1, 2))
        else:
            wordings = rng.sample(SESSION_DECISIONS, rng.randint(2, 4))
            if any(m["admitted_on"] == day for m in ctx.memberships if m["body"] == rules.ASSEMBLY):
                wordings = [ADMISSION_DECISION, *wordings]
        if inquorate:
            wordings = wordings[:2]
        for n, (kk, ru, en) in enumerate(wordings, start=1):
            fmt = {"year": day.year, "prev": day.year - 1}
            decision = {
                **ctx.base(day),
                **_names(kk.format(**fmt), ru.format(**fmt), en.format(**fmt)),
                "meeting_id": row["id"],
                "number": f"{number}/{n}",
                **self.votes(kind, present, sure=(kk, ru, en) == ADMISSION_DECISION),
            }
            self.decisions.append(decision)
            adopted = rules.adopted(
                kind, total, present, decision["votes_for"], decision["votes_against"], decision["abstained"]
            )
            if (kk, ru, en) == ADMISSION_DECISION and adopted:
                self.admissions[day] = decision["id"]
            if adopted and (kk, ru, en) != ADMISSION_DECISION:
                self.execution_items(decision["id"], day)

    def votes(self, kind: str, present: int, *, sure: bool = False) -> dict[str, int]:
        """Votes of `present` members: usually a clear majority, sometimes short of what the rule asks."""
        rng = self.rng
        needed = rules.votes_needed(kind, present)
        if not sure and rng.random() < 0.18 and needed > 1:
            votes_for = rng.randint(max(0, needed - 4), needed - 1)
        else:
            votes_for = rng.randint(needed, present) if needed <= present else present
        rest = present - votes_for
        abstained = rng.randint(0, rest)
        against = rng.randint(0, rest - abstained)
        return {"votes_for": votes_for, "votes_against": against, "abstained": abstained}

    def execution_items(self, decision_id: str, day: dt.date) -> None:
        ctx, rng = self.ctx, self.rng
        for _n in range(rng.randint(1, 3)):
            deadline = day + dt.timedelta(days=rng.choice([30, 60, 90, 120, 180, 270, 365]))
            executed_on = None
            if deadline < ctx.today:
                # old items were mostly carried out long ago; the recent ones are where delays show
                if rng.random() < (0.97 if (ctx.today - deadline).days > 365 else 0.7):
                    executed_on = min(ctx.today, deadline + dt.timedelta(days=rng.randint(-25, 10)))
            elif rng.random() < 0.2:
                executed_on = ctx.date_between(day, ctx.today)
            self.items.append(
                {
                    **ctx.base(day),
                    "decision_id": decision_id,
                    **_responsible(rng.choice(RESPONSIBLE)),
                    "task": rng.choice(TASKS),
                    "deadline": deadline,
                    "status": rules.EXECUTED if executed_on else rules.IN_PROGRESS,
                    "executed_on": max(executed_on, day) if executed_on else None,
                    "notes": "",
                }
            )


def _session_days(b: _Builder) -> list[dt.date]:
    """The first session after the assembly was formed, the days members were admitted, and one session in every
    year that has none."""
    ctx = b.ctx
    days = {
        m["admitted_on"]
        for m in ctx.memberships
        if m["body"] == rules.ASSEMBLY and m["admitted_on"] <= ctx.today
    }
    # the founding members take part from the first session, held two weeks after the assembly was formed
    days.discard(b.first_day)
    days.add(b.first_day + dt.timedelta(days=14))
    for year in range(b.first_day.year, ctx.today.year + 1):
        if not any(d.year == year for d in days):
            start = max(b.first_day, dt.date(year, 2, 1))
            end = min(ctx.today - dt.timedelta(days=1), dt.date(year, 12, 20))
            if start <= end:
                days.add(ctx.date_between(start, end))
    return sorted(days)


def _request_day(day: dt.date, notice: dt.date, *, late: bool) -> dt.date:
    """When the members asked for an extraordinary session: a few days before the notice (held within the month),
    or, when `late`, long before (the rule warns). Its own generator, so the rest of the demo stays as it was."""
    rng = random.Random(f"request {day.isoformat()}")
    if late:
        return day - dt.timedelta(days=rng.randint(35, 60))
    return notice - dt.timedelta(days=rng.randint(0, 7))  # at most 27 days before the session


def _convened_day(requested_on: dt.date, notice: dt.date | None) -> dt.date:
    """The decision to convene an extraordinary session: on the day it was announced, or a few days after the
    request when that came long before (then the session is late and the rule warns)."""
    rng = random.Random(f"convened {requested_on.isoformat()}")
    if notice is None or notice < requested_on:
        return requested_on
    if (notice - requested_on).days > 14:
        return requested_on + dt.timedelta(days=rng.randint(1, 5))
    return notice


def _meetings(b: _Builder) -> None:
    ctx, rng = b.ctx, b.rng
    admission_days = {m["admitted_on"] for m in ctx.memberships if m["body"] == rules.ASSEMBLY}
    for number, day in enumerate(_session_days(b), start=1):
        notice = day - dt.timedelta(days=rng.randint(31, 45))
        if rng.random() < 0.15:
            notice = day - dt.timedelta(days=rng.randint(10, 27))  # announced late: the rule warns
        # a session that admitted members was valid; the others are sometimes not
        inquorate = day not in admission_days and rng.random() < 0.3
        b.meeting(rules.SESSION, day, number, inquorate=inquorate, notice=notice)
    extraordinary = 0
    for year in range(b.first_day.year, ctx.today.year + 1):
        start = max(b.first_day + dt.timedelta(days=1), dt.date(year, 1, 15))
        end = min(ctx.today - dt.timedelta(days=1), dt.date(year, 12, 20))
        if start > end:
            continue
        if rng.random() < 0.35:
            day = ctx.date_between(start, end)
            total = len(b.members_on(day, rules.ASSEMBLY))
            requested = rng.randint(-(-total // 3), max(-(-total // 3), total // 2))
            if rng.random() < 0.3:
                requested = rng.randint(max(1, total // 6), max(1, -(-total // 3) - 1))  # too few asked
            extraordinary += 1
            notice = day - dt.timedelta(days=rng.randint(7, 20))
            requested_on = _request_day(day, notice, late=extraordinary % 3 == 2)
            # the third is counted among the members of the day of the request: the same share of them asked
            on_request = len(b.members_on(requested_on, rules.ASSEMBLY))
            if total and on_request != total:
                requested = max(1, -(-requested * on_request // total))
            b.meeting(
                rules.EXTRAORDINARY_SESSION,
                day,
                extraordinary,
                inquorate=rng.random() < 0.25,
                requested_by=requested,
                requested_on=requested_on,
                notice=notice,
            )
        council_days = sorted(_council_days(ctx, start, end))
        for n, day in enumerate(council_days):
            b.meeting(
                rules.COUNCIL_MEETING,
                day,
                n + 1,
                inquorate=rng.random() < 0.12,
                notice=day - dt.timedelta(days=rng.randint(5, 14)),
            )


def _council_days(ctx: Any, start: dt.date, end: dt.date) -> list[dt.date]:
    """The council meets every quarter (so every past quarter of every demo region has a meeting to report),
    and now and then once more."""
    days = []
    for q in range(4):
        q_start = max(start, dt.date(start.year, 3 * q + 1, 1))
        q_end = min(
            end,
            (dt.date(start.year + 1, 1, 1) if q == 3 else dt.date(start.year, 3 * q + 4, 1))
            - dt.timedelta(days=1),
        )
        if q_start <= q_end:
            days.append(ctx.date_between(q_start, q_end))
    if ctx.rng.random() < 0.5:
        days.append(ctx.date_between(start, end))
    return days


def _plan(ctx: Any, first_day: dt.date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Plan items for every year, and the events linked to them ({"id", "plan_item_id"})."""
    rng = ctx.rng
    by_slot: dict[tuple[int, int, bool], list[dict[str, Any]]] = defaultdict(list)
    for e in ctx.events:
        if e.get("plan_item_id") is None:
            by_slot[(e["start_date"].year, _quarter(e["start_date"]), e["status"] == "held")].append(e)
    per_year = max(8, min(len(PLAN_ITEMS), len(ctx.events) // 1000 + 8))
    items: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for year in range(first_day.year, ctx.today.year + 1):
        for n, (kk, ru, en) in enumerate(rng.sample(PLAN_ITEMS, per_year)):
            quarter = n % 4 + 1
            item = {
                **ctx.base(dt.date(year - 1, 12, 20)),
                **_names(kk, ru, en),
                "year": year,
                "quarter": quarter,
                "responsible": rng.choice(RESPONSIBLE),
                "notes": "",
            }
            items.append(item)
            roll = rng.random()
            if roll < 0.7:
                pool = by_slot[(year, quarter, True)] or by_slot[(year, quarter, False)]
            elif roll < 0.8:
                pool = by_slot[(year, quarter, False)]
            else:
                pool = []
            for _k in range(min(len(pool), rng.randint(1, 2))):
                event = pool.pop(rng.randrange(len(pool)))
                event["plan_item_id"] = item["id"]
                links.append({"event_id": event["id"], "plan_item_id": item["id"]})
    return items, links


def demo_step(ctx: Any) -> None:
    b = _Builder(ctx)
    _meetings(b)
    ctx.insert(Meeting, b.meetings)
    ctx.insert(Decision, b.decisions)
    ctx.insert(Attendance, b.attendance)
    ctx.insert(ExecutionItem, b.items)
    admitted = [
        {"membership_id": m["id"], "decision_id": b.admissions[m["admitted_on"]]}
        for m in ctx.memberships
        if m["body"] == rules.ASSEMBLY and m["admitted_on"] in b.admissions
    ]
    for row in admitted:
        for m in ctx.memberships:
            if m["id"] == row["membership_id"]:
                m["admission_decision_id"] = row["decision_id"]
    if admitted:
        table = table_of(Membership)
        ctx.conn.execute(
            table.update()
            .where(table.c.id == bindparam("membership_id"))
            .values(admission_decision_id=bindparam("decision_id")),
            admitted,
        )
    items, links = _plan(ctx, b.first_day)
    ctx.insert(PlanItem, items)
    if links:
        table = table_of(Event)
        ctx.conn.execute(
            table.update()
            .where(table.c.id == bindparam("event_id"))
            .values(plan_item_id=bindparam("plan_item_id")),
            links,
        )
