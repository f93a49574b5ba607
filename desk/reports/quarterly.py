"""The quarterly report of the regional assembly: summary figures, the quarter's events, new associations and
membership changes, charts, and the signature block of the head of the secretariat.

The figures come from `desk.services.quarterly` (which takes the governance figures from the roster, meetings,
decisions and plan services), so the report prints exactly what the services count.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from reportlab.platypus import Flowable

from desk.domain import quarters as quarter_rules
from desk.domain import reference
from desk.i18n import month_name
from desk.reports.blocks import Bars, Block, Figures, Heading, Note, Signature, Space, Table, Title, flowables
from desk.reports.common import Lang, render
from desk.reports.tables import Column
from desk.services import quarterly as service
from desk.services import quarters as quarter_service
from desk.services.workspace import Workspace

TOP_GROUPS = 12
"""Ethnic groups drawn as bars; the rest are summed in one bar."""


class QuarterlyData:
    """Everything the report prints, read once and shared by the language versions."""

    def __init__(
        self, ws: Workspace, year: int, quarter: int, region: str | None = None, today: dt.date | None = None
    ) -> None:
        self.figures = service.quarterly_figures(
            ws, year, quarter, region=region, today=today, with_previous=True
        )
        self.events = service.quarter_events(ws, year, quarter, region=region)
        self.new_associations = service.new_associations(ws, year, quarter, region=region)
        self.changes = service.membership_changes(ws, year, quarter, region=region)
        self.districts = {lang: service.district_names(ws, lang) for lang in ("kk", "ru", "en")}
        self.houses = {lang: service.house_names(ws, lang) for lang in ("kk", "ru", "en")}
        # the central office's republic-wide report: the sums above, each region's own figures ("no data" for a
        # region the centre holds nothing of), which regions submitted the quarter, and a region column in lists
        self.republic = ws.is_central and region is None
        self.by_region: list[tuple[str, service.MainFigures | None]] = []
        self.states: dict[str, str] = {}
        self.completeness: quarter_service.Completeness | None = None
        if self.republic:
            with_data = quarter_service.regions_with_data(ws)
            counted = service.main_figures_by_region(ws, year, quarter)
            self.by_region = [
                (
                    term.code,
                    counted.get(term.code) or service.no_main_figures(year, quarter)
                    if term.code in with_data
                    else None,
                )
                for term in reference.REGIONS
            ]
            period = quarter_service.period(year, quarter)
            known = quarter_service.statuses(ws)
            self.states = {
                t.code: known[(t.code, period)].state if (t.code, period) in known else quarter_rules.NOT_SENT
                for t in reference.REGIONS
            }
            self.completeness = quarter_service.completeness(ws, period)


def title(lang: Lang, year: int, quarter: int) -> str:
    return lang._("Quarterly report: {quarter}").format(quarter=lang.quarter(year, quarter))


def _regional(
    lang: Lang, data: QuarterlyData, columns: list[Column], rows: list[tuple[str, tuple[Any, ...]]]
) -> tuple[list[Column], list[tuple[Any, ...]]]:
    """A list's columns and rows, with the region first in the republic's report (two regions' "Session № 3"
    must be told apart); `rows` are (region code, cells)."""
    if not data.republic:
        return columns, [cells for _code, cells in rows]
    return [Column(lang._("Region"), 2), *columns], [
        (lang.term(reference.REGIONS, code), *cells) for code, cells in rows
    ]


def _completeness(lang: Lang, data: QuarterlyData) -> list[Block]:
    """The republic's report says how complete it is: which regions submitted the quarter, which did not."""
    c = data.completeness
    if c is None:
        return []
    _ = lang._
    line = lang.ngettext(
        "Submitted to the centre: {count} of {total} region.",
        "Submitted to the centre: {count} of {total} regions.",
        c.total,
    ).format(count=lang.number(len(c.submitted)), total=lang.number(c.total))
    if c.missing:
        line += " " + _("Missing: {regions}.").format(
            regions=", ".join(lang.term(reference.REGIONS, code) for code in c.missing)
        )
    out: list[Block] = [Note(line, False)]
    no_data = [code for code, f in data.by_region if f is None]
    if no_data:
        out.append(
            Note(
                _(
                    "The totals cover only the regions whose data the centre holds; no data from: {regions}."
                ).format(regions=", ".join(lang.term(reference.REGIONS, code) for code in no_data))
            )
        )
    return out


def _summary(lang: Lang, data: QuarterlyData) -> list[Block]:
    _ = lang._
    f = data.figures
    n = lang.number
    out: list[Block] = [Heading(_("Summary"))]
    out += [
        Heading(_("Ethnocultural associations"), 2),
        Figures(
            [
                (_("Associations in the register at the end of the quarter"), n(f.associations_total)),
                (_("Registered in the quarter"), n(f.associations_new)),
                (_("Liquidated in the quarter"), n(f.associations_liquidated)),
            ]
        ),
    ]
    out += [
        Heading(_("Associations by legal status"), 2),
        Table(
            [Column(_("Legal status"), 5), Column(_("Associations"), 1.4, numeric=True)],
            [
                (lang.term(reference.LEGAL_STATUSES, code), n(count))
                for code, count in f.by_legal_status.items()
            ],
            _("No associations."),
        ),
    ]
    groups = list(f.by_ethnic_group.items())
    out.append(Heading(_("Associations by ethnic group"), 2))
    if groups:
        bars = [
            (lang.term(reference.terms("ethnic_groups"), code), count) for code, count in groups[:TOP_GROUPS]
        ]
        rest = sum(count for _code, count in groups[TOP_GROUPS:])
        if rest:
            bars.append((_("Other groups"), rest))
        out.append(Bars("", bars, True, 1.0, _("Ethnic group"), _("Associations")))
        out.append(Space(6))
    out.append(
        Table(
            [Column(_("Ethnic group"), 5), Column(_("Associations"), 1.4, numeric=True)],
            [(lang.term(reference.terms("ethnic_groups"), code), n(count)) for code, count in groups],
            _("No associations."),
        )
    )
    out += [
        Heading(_("Associations by status at the end of the quarter"), 2),
        Table(
            [Column(_("Status"), 5), Column(_("Associations"), 1.4, numeric=True)],
            [
                (lang.term(reference.ASSOCIATION_STATUSES, code), n(count))
                for code, count in f.by_status.items()
            ],
            _("No associations."),
        ),
    ]
    out.append(Heading(_("Associations suspended or liquidated in the quarter"), 2))
    columns, rows = _regional(
        lang,
        data,
        [
            Column(_("Date"), 1.4, wrap=False),
            Column(_("Association"), 4),
            Column(_("Status"), 1.9),
            Column(_("Reason"), 2.7),
        ],
        [
            (
                r.association.region,
                (
                    lang.date(r.day),
                    lang.name(r.association),
                    lang.term(reference.ASSOCIATION_STATUSES, r.status),
                    r.reason,
                ),
            )
            for r in f.status_changes
        ],
    )
    out.append(Table(columns, rows, _("No association was suspended or liquidated in the quarter.")))
    out += [
        Heading(_("Members of the assembly"), 2),
        Figures(
            [
                (_("Members of the assembly at the end of the quarter"), n(f.members_total)),
                (_("Admitted in the quarter"), n(f.members_admitted)),
                (_("Left in the quarter"), n(f.members_left)),
                (_("Members of the council at the end of the quarter"), n(f.council_members)),
            ]
        ),
    ]
    out += [
        Heading(_("Events held"), 2),
        Figures(
            [
                (_("Events held in the quarter"), n(f.events_held)),
                (_("Participants"), n(f.participants)),
                (_("Young people among the participants"), n(f.youth)),
            ]
        ),
        Space(6),
    ]
    rows = [
        (lang.term(reference.terms("event_types"), r.event_type), n(r.held), n(r.participants), n(r.youth))
        for r in f.events_by_type
    ]
    if rows:
        rows.append((_("Total"), n(f.events_held), n(f.participants), n(f.youth)))
    out.append(
        Table(
            [
                Column(_("Type of event"), 4),
                Column(_("Held"), 1.2, numeric=True),
                Column(_("Participants"), 1.4, numeric=True),
                Column(_("Youth"), 1.2, numeric=True),
            ],
            rows,
            _("No events were held in the quarter."),
        )
    )
    out.append(Heading(_("Funding of the events held"), 2))
    funding_rows = [
        (
            lang.term(reference.FUNDING_SOURCES, r.source),
            n(r.events),
            lang.money(r.amount) if r.source != "none" else "—",
        )
        for r in f.funding
    ]
    if funding_rows:
        funding_rows.append(
            (
                _("Total"),
                n(sum(r.events for r in f.funding)),
                lang.money(sum(r.amount for r in f.funding if r.source != "none")),
            )
        )
    out.append(
        Table(
            [
                Column(_("Source of funding"), 4),
                Column(_("Events"), 1.2, numeric=True),
                Column(_("Amount, tenge"), 2, numeric=True),
            ],
            funding_rows,
            _("No events were held in the quarter."),
        )
    )
    months = [(month_name(m, lang.code, "wide"), count) for m, count in f.events_by_month.items()]
    out.append(Space(6))
    out.append(Bars(_("Events held by month"), months, False, 0.6, _("Month"), _("Events held")))
    out += [
        Heading(_("Action plan"), 2),
        Figures(
            [
                (_("Plan items for the quarter"), n(f.plan_items)),
                (_("Plan items carried out (with an event held in the quarter)"), n(f.plan_items_fulfilled)),
                (_("Plan fulfilment"), lang.percent(f.plan_percent)),
            ]
        ),
        Space(6),
    ]
    out.append(
        Table(
            [
                Column("№", 0.5, numeric=True),
                Column(_("Plan item"), 4),
                Column(_("Responsible"), 2),
                Column(_("Carried out"), 1.2),
                Column(_("Events held in the quarter"), 3),
            ],
            [
                (
                    n(i),
                    lang.name(r.item),
                    r.item.responsible,
                    _("yes") if r.fulfilled else _("no"),
                    "; ".join(f"{lang.date(e.start_date)} {lang.name(e)}" for e in r.held),
                )
                for i, r in enumerate(f.plan_rows, start=1)
            ],
            _("No plan items for the quarter."),
        )
    )
    out += [
        Heading(_("Sessions, council meetings and decisions"), 2),
        Figures(
            [
                (_("Sessions held"), n(f.sessions)),
                (_("Sessions with a quorum"), n(f.sessions_quorate)),
                (_("Council meetings held"), n(f.council_meetings)),
                (_("Council meetings with a quorum"), n(f.council_meetings_quorate)),
                (_("Council decisions by poll (polls held)"), n(f.council_polls)),
                (_("Decisions put to the vote"), n(f.decisions_taken)),
                (_("Decisions adopted"), n(f.decisions_adopted)),
                (_("Decisions overdue at the end of the quarter"), n(f.decisions_overdue)),
                (_("Execution items overdue"), n(f.execution_items_overdue)),
            ]
        ),
        Space(6),
    ]
    if f.meetings:
        columns, rows = _regional(
            lang,
            data,
            [
                Column(_("Date"), 1.4, wrap=False),
                Column(_("Meeting"), 2.9),
                Column(_("Members"), 1.2, numeric=True),
                Column(_("Present"), 1.35, numeric=True),
                Column(_("Quorum"), 0.9),
                Column(_("Decisions adopted"), 1.3, numeric=True),
            ],
            [
                (
                    m.region,
                    (
                        lang.date(m.day),
                        _join(lang.term(reference.MEETING_KINDS, m.kind), m.number),
                        n(m.members_total),
                        n(m.present),
                        _("yes") if m.quorate else _("no"),
                        _("{adopted} of {taken}").format(adopted=n(m.adopted), taken=n(m.decisions)),
                    ),
                )
                for m in f.meetings
            ],
        )
        out.append(Table(columns, rows, ""))
        out.append(Space(4))
        rules_used = sorted(
            {
                m.rule.describe(lang.code, date=lambda d: lang.date(d, "long"))
                for m in f.meetings
                if m.rule is not None
            }
        )
        for text_ in rules_used:
            out.append(Note(_("Rule applied: {rule}.").format(rule=text_)))
    out.append(Heading(_("Warnings under the rules on the quarter's meetings"), 2))
    columns, warning_rows = _regional(
        lang,
        data,
        [Column(_("Date"), 1.4, wrap=False), Column(_("Meeting"), 2.6), Column(_("Warning"), 6)],
        [
            (
                m.region,
                (
                    lang.date(m.day),
                    _join(lang.term(reference.MEETING_KINDS, m.kind), m.number),
                    w.text(lang.code, date=lambda d: lang.date(d, "long")),
                ),
            )
            for m in f.meetings
            for w in m.warnings
        ],
    )
    out.append(Table(columns, warning_rows, _("No warnings on the quarter's meetings.")))
    out.append(Heading(_("Control of the execution of decisions at the end of the quarter"), 2))
    columns, rows = _regional(
        lang,
        data,
        [
            Column(_("Decision"), 2.2),
            Column(_("Task"), 2.6),
            Column(_("Responsible"), 2),
            Column(_("Deadline"), 1.4, wrap=False),
            Column(_("State at the end of the quarter"), 1.8),
        ],
        [
            (
                r.meeting.region,
                (
                    _("№ {number} of {date}").format(number=r.decision.number, date=lang.date(r.meeting.date))
                    if r.decision.number
                    else lang.date(r.meeting.date),
                    r.item.task,
                    reference.responsible_name(r.item.responsible_body, r.item.responsible, lang.code),
                    lang.date(r.deadline),
                    lang.term(reference.EXECUTION_STATUSES, r.status)
                    + (" " + lang.date(r.executed_on) if r.executed_on is not None else ""),
                ),
            )
            for r in f.control
        ],
    )
    out.append(Table(columns, rows, _("No decisions were under control in the quarter.")))
    return out


def _composition(lang: Lang, data: QuarterlyData) -> list[Block]:
    """The assembly's members at the quarter's end by category and by ethnic group."""
    _ = lang._
    n = lang.number
    f = data.figures
    out: list[Block] = [Heading(_("Composition of the assembly at the end of the quarter"), 2)]
    out.append(
        Table(
            [Column(_("Category"), 5), Column(_("Members"), 1.4, numeric=True)],
            [(lang.term(reference.MEMBER_CATEGORIES, c), n(k)) for c, k in f.members_by_category.items()],
            _("The assembly has no members on this day."),
        )
    )
    out.append(Space(6))
    out.append(
        Table(
            [Column(_("Ethnic group"), 5), Column(_("Members"), 1.4, numeric=True)],
            [
                (lang.term(reference.terms("ethnic_groups"), g) if g else _("not recorded"), n(k))
                for g, k in f.members_by_ethnic_group.items()
            ],
            _("The assembly has no members on this day."),
        )
    )
    return out


def _places(lang: Lang, data: QuarterlyData) -> list[Block]:
    """Figures per House of Friendship and per district."""
    _ = lang._
    n = lang.number
    f = data.figures
    houses, districts = data.houses[lang.code], data.districts[lang.code]
    columns = [
        Column(_("Associations"), 1.4, numeric=True),
        Column(_("Events held"), 1.2, numeric=True),
        Column(_("Participants"), 1.4, numeric=True),
    ]
    out: list[Block] = [Heading(_("By House of Friendship"), 2)]
    out.append(
        Table(
            [Column(_("House of Friendship"), 4.4), *columns],
            [
                (houses.get(r.place_id, ""), n(r.associations), n(r.events), n(r.participants))
                for r in sorted(f.houses, key=lambda r: houses.get(r.place_id, ""))
            ],
            _("No Houses of Friendship."),
        )
    )
    out.append(Heading(_("By district"), 2))
    out.append(
        Table(
            [Column(_("District"), 4.4), *columns],
            [
                (
                    districts.get(r.place_id, "") or _("not recorded"),
                    n(r.associations),
                    n(r.events),
                    n(r.participants),
                )
                for r in sorted(f.districts, key=lambda r: (not r.place_id, districts.get(r.place_id, "")))
            ],
            _("No districts."),
        )
    )
    return out


def _change(lang: Lang, data: QuarterlyData) -> list[Block]:
    """The main figures against the previous quarter."""
    _ = lang._
    n = lang.number
    f, p = data.figures, data.figures.previous
    if p is None:
        return []

    def delta(now: int | None, before: int | None) -> str:
        if now is None or before is None:
            return "—"
        d = now - before
        return ("+" if d > 0 else "" if d < 0 else "±") + n(
            d
        )  # the language's own minus sign (CLDR), in our face

    rows = [
        (
            _("Associations in the register at the end of the quarter"),
            f.associations_total,
            p.associations_total,
        ),
        (_("Members of the assembly at the end of the quarter"), f.members_total, p.members_total),
        (_("Events held in the quarter"), f.events_held, p.events_held),
        (_("Participants"), f.participants, p.participants),
        (_("Decisions adopted"), f.decisions_adopted, p.decisions_adopted),
    ]
    table_rows = [(label, n(now), n(before), delta(now, before)) for label, now, before in rows]
    table_rows.append(
        (
            _("Plan fulfilment"),
            lang.percent(f.plan_percent),
            lang.percent(p.plan_percent),
            delta(f.plan_percent, p.plan_percent),
        )
    )
    return [
        Heading(_("Change against the previous quarter"), 2),
        Table(
            [
                Column(_("Figure"), 4.4),
                Column(lang.quarter(f.year, f.quarter), 1.6, numeric=True),
                Column(lang.quarter(p.year, p.quarter), 1.6, numeric=True),
                Column(_("Change"), 1.2, numeric=True),
            ],
            table_rows,
            "",
        ),
    ]


def _regions(lang: Lang, data: QuarterlyData) -> list[Block]:
    """The per-region table of the republic-wide report (central office)."""
    _ = lang._
    n = lang.number
    if not data.by_region:
        return []
    no_data = _("no data")
    rows = [
        (
            lang.term(reference.REGIONS, code),
            _(quarter_rules.STATE_TITLES[data.states.get(code, quarter_rules.NOT_SENT)]),
            *(
                (
                    n(f.associations_total),
                    n(f.associations_new),
                    n(f.members_total),
                    n(f.events_held),
                    n(f.participants),
                    lang.percent(f.plan_percent),
                )
                if f is not None
                else (no_data,) * 6  # a region that sent nothing is not a region with nothing: never 0
            ),
        )
        for code, f in data.by_region
    ]
    f = data.figures
    rows.append(
        (
            _("Total"),
            "",
            n(f.associations_total),
            n(f.associations_new),
            n(f.members_total),
            n(f.events_held),
            n(f.participants),
            lang.percent(f.plan_percent),
        )
    )
    return [
        Heading(_("By region")),
        Table(
            [
                Column(_("Region"), 2.6),
                Column(_("Quarter"), 1.2),
                Column(_("Associations"), 1.4, numeric=True),
                Column(_("Registered in the quarter"), 1.4, numeric=True),
                Column(_("Members"), 1.2, numeric=True),
                Column(_("Events held"), 1.2, numeric=True),
                Column(_("Participants"), 1.4, numeric=True),
                Column(_("Plan fulfilment"), 1.7, numeric=True),
            ],
            rows,
            "",
        ),
    ]


def _join(kind: str, number: str) -> str:
    return f"{kind} №\u00a0{number}" if number else kind


def _lists(lang: Lang, data: QuarterlyData) -> list[Block]:
    _ = lang._
    n = lang.number
    districts = data.districts[lang.code]
    out: list[Block] = [Heading(_("Events of the quarter"))]
    columns, rows = _regional(
        lang,
        data,
        [
            Column(_("Date"), 1.4, wrap=False),
            Column(_("Event"), 3.4),
            Column(_("Type"), 1.75),
            Column(_("Status"), 1.6),
            Column(_("Participants"), 1.45, numeric=True),
            Column(_("Youth"), 1.15, numeric=True),
        ],
        [
            (
                e.region,
                (
                    lang.date(e.start_date),
                    lang.name(e),
                    lang.term(reference.terms("event_types"), e.event_type),
                    lang.term(reference.EVENT_STATUSES, e.status),
                    n(e.participants),
                    n(e.youth),
                ),
            )
            for e in data.events
        ],
    )
    out.append(Table(columns, rows, _("No events in the quarter.")))
    out.append(Heading(_("New associations")))
    columns, rows = _regional(
        lang,
        data,
        [
            Column(_("Registered"), 1.4, wrap=False),
            Column(_("Name"), 4.1),
            Column(_("Ethnic group"), 1.5),
            Column(_("Legal status"), 1.9),
            Column(_("District"), 1.6),
        ],
        [
            (
                a.region,
                (
                    lang.date(a.registration_date or a.created_at.date()),
                    lang.name(a),
                    lang.term(reference.terms("ethnic_groups"), a.ethnic_group),
                    lang.term(reference.LEGAL_STATUSES, a.legal_status),
                    districts.get(a.district_id or "", ""),
                ),
            )
            for a in data.new_associations
        ],
    )
    out.append(Table(columns, rows, _("No associations were registered in the quarter.")))
    out.append(Heading(_("Membership changes")))
    columns, rows = _regional(
        lang,
        data,
        [
            Column(_("Date"), 1.4, wrap=False),
            Column(_("Member"), 2.9),
            Column(_("Change"), 1.2),
            Column(_("Category"), 2),
            Column(_("Basis or ground"), 3),
        ],
        [
            (
                c.region,
                (
                    lang.date(c.day),
                    c.name,
                    _("admitted") if c.admitted else _("left"),
                    lang.term(reference.MEMBER_CATEGORIES, c.category),
                    _admission(lang, c) if c.admitted else _join_ground(lang, c.ground, c.note),
                ),
            )
            for c in data.changes
        ],
    )
    out.append(Table(columns, rows, _("No members were admitted or left in the quarter.")))
    return out


def _admission(lang: Lang, c: service.MembershipChange) -> str:
    """The session decision that admitted the member, in the report's language; the stored text only without one."""
    if c.admission is not None:
        return c.admission.label(lang.code, gettext=lang._, date=lang.date)
    return c.note


def _join_ground(lang: Lang, ground: str | None, note: str) -> str:
    """The ground in the report's language, with the clerk's note unless it only names a ground again (in any
    language)."""
    label = lang.term(reference.LEAVING_GROUNDS, ground)
    repeated = {t.label(code).casefold() for t in reference.LEAVING_GROUNDS for code in ("kk", "ru", "en")}
    if note.strip().casefold() in repeated or note.strip().casefold() in {"other", "иное", "басқа"}:
        note = ""
    return f"{label}: {note}" if label and note else label or note


def blocks(lang: Lang, data: QuarterlyData) -> tuple[str, list[Block]]:
    """The title and the content of one language version, as blocks (the same for the PDF and the .docx)."""
    _ = lang._
    f = data.figures
    heading_text = title(lang, f.year, f.quarter)
    period = _("{start} – {end}").format(start=lang.date(f.start, "long"), end=lang.date(f.end, "long"))
    out: list[Block] = [Title(heading_text, period)]
    out += _completeness(lang, data)
    out += _summary(lang, data)
    out += _composition(lang, data)
    out += _places(lang, data)
    out += _change(lang, data)
    out += _regions(lang, data)
    out += _lists(lang, data)
    out.append(
        Signature(
            _("Head of the secretariat"),
            f.head_of_secretariat or "",
            _("signature"),
            _("Date: ____________________"),
        )
    )
    return heading_text, out


def story(lang: Lang, data: QuarterlyData) -> tuple[str, list[Flowable]]:
    """The title and the flowables of one language version."""
    heading_text, content = blocks(lang, data)
    return heading_text, flowables(content)


def render_quarterly(
    ws: Workspace,
    out: str | Path | IO[bytes],
    *,
    year: int,
    quarter: int,
    lang: str,
    region: str | None = None,
    today: dt.date | None = None,
) -> QuarterlyData:
    """Write the quarterly report of `year`/`quarter` in `lang` (kk, ru, en or all) to `out`."""
    data = QuarterlyData(ws, year, quarter, region=region, today=today)
    render(ws, out, lang, lambda language: story(language, data), subject=f"{year} Q{quarter}", region=region)
    return data


def render_quarterly_docx(
    ws: Workspace,
    out: str | Path | IO[bytes],
    *,
    year: int,
    quarter: int,
    lang: str,
    region: str | None = None,
    today: dt.date | None = None,
) -> QuarterlyData:
    """Write the same report as an editable Word document (.docx): the same blocks, for the secretariats that
    send Word documents."""
    from desk.reports.word import write_docx

    data = QuarterlyData(ws, year, quarter, region=region, today=today)
    write_docx(
        ws, out, lang, lambda language: blocks(language, data), subject=f"{year} Q{quarter}", region=region
    )
    return data
