"""The events log: every event starting in a period, with its type, status, organisers, participants and youth."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable

from desk.domain import reference
from desk.domain.records import Event
from desk.reports.common import Lang, figures, heading, render, table, title_block
from desk.reports.tables import Column
from desk.services import quarterly as service
from desk.services.workspace import Workspace

HELD = "held"


def story(
    lang: Lang, date_from: dt.date, date_to: dt.date, events: list[Event], organisers: dict[str, str]
) -> tuple[str, list[Flowable]]:
    _ = lang._
    n = lang.number
    title = _("Events log")
    period = _("{start} – {end}").format(start=lang.date(date_from, "long"), end=lang.date(date_to, "long"))
    out: list[Flowable] = title_block(title, period)
    held = [e for e in events if e.status == HELD]
    out.append(
        figures(
            [
                (_("Events in the period"), n(len(events))),
                (_("Events held"), n(len(held))),
                (_("Participants"), n(sum(e.participants or 0 for e in held))),
                (_("Young people among the participants"), n(sum(e.youth or 0 for e in held))),
            ]
        )
    )
    out += heading(_("Events"))

    def organised_by(e: Event) -> str:
        names = [organisers.get(i, "") for i in (e.organiser_ids or "").split(",") if i]
        if e.by_secretariat:
            names.insert(0, _("Secretariat"))
        return "; ".join(x for x in names if x)

    out.append(
        table(
            [
                Column("№", 0.55, numeric=True),
                Column(_("Date"), 1.3, wrap=False),
                Column(_("Event"), 3.6),
                Column(_("Type"), 1.4),
                Column(_("Organisers"), 2.6),
                Column(_("Status"), 1.3),
                Column(_("Participants"), 1.45, numeric=True),
                Column(_("Youth"), 1, numeric=True),
            ],
            [
                (
                    n(i),
                    lang.date(e.start_date),
                    lang.name(e),
                    lang.term(reference.terms("event_types"), e.event_type),
                    organised_by(e),
                    lang.term(reference.EVENT_STATUSES, e.status),
                    n(e.participants),
                    n(e.youth),
                )
                for i, e in enumerate(events, start=1)
            ],
            _("No events in the period."),
        )
    )
    return title, out


def render_events(
    ws: Workspace,
    out: str | Path | IO[bytes],
    *,
    lang: str,
    date_from: dt.date,
    date_to: dt.date,
    region: str | None = None,
    status: str | None = None,
    event_type: str | None = None,
) -> int:
    """Write the events log of a period; returns the number of events listed."""
    events = service.events_between(
        ws, date_from, date_to, region=region, status=status, event_type=event_type
    )
    ids = [i for e in events for i in (e.organiser_ids or "").split(",") if i]
    names = {code: service.association_names(ws, ids, code) for code in ("kk", "ru", "en")}
    render(
        ws,
        out,
        lang,
        lambda language: story(language, date_from, date_to, events, names[language.code]),
        subject=f"{date_from.isoformat()}/{date_to.isoformat()}",
        landscape=True,
        region=region,
    )
    return len(events)
