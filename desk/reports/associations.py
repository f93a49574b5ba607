"""The register of ethnocultural associations as of a day (today by default), filtered like the register's list:
district, ethnic group, legal status, status, House of Friendship."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from reportlab.platypus import Flowable

from desk.domain import reference
from desk.reports.common import Lang, figures, heading, render, table, title_block
from desk.reports.tables import Column
from desk.services import quarterly as service
from desk.services.workspace import Workspace


def filter_terms() -> dict[str, tuple[reference.Term, ...]]:
    """The lists the report's filters name (the ethnic groups in force: built-in or the central office's)."""
    return {
        "ethnic_group": reference.terms("ethnic_groups"),
        "legal_status": reference.LEGAL_STATUSES,
        "status": reference.ASSOCIATION_STATUSES,
    }


def _filter_lines(lang: Lang, filters: dict[str, Any], districts: dict[str, str]) -> list[tuple[str, str]]:
    _ = lang._
    names = {
        "ethnic_group": _("Ethnic group"),
        "legal_status": _("Legal status"),
        "status": _("Status"),
        "district_id": _("District"),
    }
    out = []
    for key, value in filters.items():
        if value in (None, ""):
            continue
        if key in (terms := filter_terms()):
            shown = lang.term(terms[key], value)
        elif key == "district_id":
            shown = districts.get(value, value)
        else:
            shown = str(value)
        out.append((names.get(key, key), shown))
    return out


def story(
    lang: Lang, day: dt.date, rows: list[Any], filters: dict[str, Any], districts: dict[str, str]
) -> tuple[str, list[Flowable]]:
    _ = lang._
    title = _("Register of ethnocultural associations")
    out: list[Flowable] = title_block(title, _("As of {date}").format(date=lang.date(day, "long")))
    summary = [(_("Associations"), lang.number(len(rows)))]
    summary += _filter_lines(lang, filters, districts)
    out.append(figures(summary))
    out += heading(_("Associations"))
    out.append(
        table(
            [
                Column("№", 0.55, numeric=True),
                Column(_("Name"), 3.1),
                Column(_("Ethnic group"), 1.45),
                Column(_("Legal status"), 1.7),
                Column(_("BIN"), 1.55, wrap=False),
                Column(_("Registered"), 1.35),
                Column(_("District"), 1.45),
                Column(_("Members"), 1.2, numeric=True),
                Column(_("Status"), 1.35),
            ],
            [
                (
                    lang.number(i),
                    lang.name(r.association),
                    lang.term(reference.terms("ethnic_groups"), r.association.ethnic_group),
                    lang.term(reference.LEGAL_STATUSES, r.association.legal_status),
                    r.association.bin or "",
                    lang.date(r.association.registration_date),
                    districts.get(r.association.district_id or "", ""),
                    lang.number(r.association.member_count),
                    lang.term(reference.ASSOCIATION_STATUSES, r.status),
                )
                for i, r in enumerate(rows, start=1)
            ],
            _("No associations match."),
        )
    )
    return title, out


def render_associations(
    ws: Workspace,
    out: str | Path | IO[bytes],
    *,
    lang: str,
    as_of: dt.date | None = None,
    filters: dict[str, Any] | None = None,
    region: str | None = None,
) -> int:
    """Write the register as of `as_of` (today by default); returns the number of associations listed."""
    day = as_of or dt.date.today()
    chosen = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    listed: list[int] = []

    def build(language: Lang) -> tuple[str, list[Flowable]]:
        rows = service.associations_as_of(ws, day, filters=chosen, region=region, lang=language.code)
        listed.append(len(rows))
        return story(language, day, rows, chosen, service.district_names(ws, language.code))

    render(ws, out, lang, build, subject=day.isoformat(), landscape=True, region=region)
    return listed[0]
