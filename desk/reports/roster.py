"""The member roster of the regional assembly and of its council as of a day (today by default).

Personal data stays out: no IIN, phones or e-mail; name, category, roles, admission and workplace only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable

from desk.domain import reference, rules
from desk.reports.common import Lang, figures, heading, para, render, table, title_block
from desk.reports.tables import Column
from desk.services import body_rules
from desk.services import roster as service
from desk.services.roster import RosterEntry
from desk.services.workspace import Workspace


def basis(lang: Lang, e: RosterEntry) -> str:
    """The session decision that admitted the member (in this version's language), or else the text basis."""
    if e.admission is not None:
        return e.admission.label(lang.code, gettext=lang._, date=lang.date)
    return e.membership.admission_basis


def _members_table(lang: Lang, entries: list[RosterEntry], empty: str) -> Flowable:
    _ = lang._
    return table(
        [
            Column("№", 0.5, numeric=True),
            Column(_("Member"), 2.8),
            Column(_("Category"), 2.2),
            Column(_("Roles"), 2),
            Column(_("Admitted"), 1.5, wrap=False),
            Column(_("Basis of admission"), 3),
            Column(_("Workplace and position"), 3),
        ],
        [
            (
                lang.number(i),
                e.name,
                lang.term(reference.MEMBER_CATEGORIES, e.membership.category),
                lang.terms(reference.MEMBER_ROLES, e.roles),
                lang.date(e.membership.admitted_on),
                basis(lang, e),
                ", ".join(p for p in (e.person.workplace, e.person.position) if p),
            )
            for i, e in enumerate(entries, start=1)
        ],
        empty,
    )


def story(
    lang: Lang,
    day: dt.date,
    assembly: list[RosterEntry],
    council: list[RosterEntry],
    rule: rules.Thresholds | None = None,
) -> tuple[str, list[Flowable]]:
    _ = lang._
    rule = rule or rules.DEFAULT_THRESHOLDS[rules.ASSEMBLY]
    title = _("Roster of the members of the assembly")
    out: list[Flowable] = title_block(title, _("As of {date}").format(date=lang.date(day, "long")))
    out.append(
        figures(
            [
                (_("Members of the assembly"), lang.number(len(assembly))),
                (_("Members of the council"), lang.number(len(council))),
                (
                    _("Members needed for a quorum of a session"),
                    lang.number(rule.quorum_needed(len(assembly))),
                ),
            ]
        )
    )
    out.append(
        para(
            _("Rule applied: {rule}.").format(
                rule=rule.describe(lang.code, date=lambda d: lang.date(d, "long"))
            ),
            small=True,
        )
    )
    out += heading(_("Members of the assembly"))
    out.append(_members_table(lang, assembly, _("The assembly has no members on this day.")))
    out += heading(_("Members of the council"))
    out.append(_members_table(lang, council, _("The council has no members on this day.")))
    return title, out


def render_roster(
    ws: Workspace,
    out: str | Path | IO[bytes],
    *,
    lang: str,
    as_of: dt.date | None = None,
    region: str | None = None,
) -> int:
    """Write the roster as of `as_of`; returns the number of members of the assembly."""
    day = as_of or dt.date.today()
    assembly = service.roster(ws, day, region=region)
    council = service.roster(ws, day, body=rules.COUNCIL, region=region)
    rule = body_rules.in_force(ws, rules.ASSEMBLY, day, region=region)
    # landscape: seven columns, the basis of admission among them, without words split in two
    render(
        ws,
        out,
        lang,
        lambda language: story(language, day, assembly, council, rule),
        subject=day.isoformat(),
        landscape=True,
        region=region,
    )
    return len(assembly)
