"""`desk check` for the assembly's rules over the years: a session is convened at least once a year (2002
Regulation, item 8). Each calendar year from the first admission to the assembly up to last year without a
regular session is reported, per region in a central folder."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import col

from desk.domain import rules
from desk.domain.problems import Problem
from desk.domain.records import Membership
from desk.services import meetings
from desk.services.workspace import Workspace


def _regions(ws: Workspace) -> list[str]:
    if not ws.is_central:
        return [ws.region]
    with ws.db.read() as session:
        return sorted(
            set(session.scalars(select(col(Membership.region)).where(col(Membership.body) == rules.ASSEMBLY)))
        )


def checks(ws: Workspace, today: dt.date | None = None) -> list[Problem]:
    problems = []
    for region in _regions(ws):
        for warning in meetings.session_year_warnings(ws, region=region, today=today):
            text = warning.message
            problems.append(
                Problem("sessions", f"{region}: {text}" if ws.is_central else text, level="warning")
            )
    return problems
