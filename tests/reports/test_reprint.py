"""A signed quarterly report reprinted after later edits prints the same text: every past figure comes from the
records' history, not from their state today (issue 14, points 1 and 7)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import select

from desk.domain import rules
from desk.domain.records import Association, Event
from desk.reports.quarterly import render_quarterly
from desk.services import associations, body_rules, decisions, events, meetings, quarterly, roster
from desk.services.records import ListQuery
from tests.reports.pdfread import pdf_text

YEAR, QUARTER = 2023, 2


def _text(ws, path: Path, lang: str) -> str:
    render_quarterly(ws, path, year=YEAR, quarter=QUARTER, lang=lang)
    # the footer's "generated at" moment differs between printings; everything else must not
    return "\n".join(line for line in pdf_text(path).splitlines() if not re.search(r"\d{1,2}:\d{2}", line))


def _edit_everything_after_the_quarter(ws) -> dict[str, int]:
    """What a clerk does in later quarters, each change dated after the quarter (today or a later day)."""
    start, end = quarterly.quarter_bounds(YEAR, QUARTER)
    later = end + dt.timedelta(days=20)
    done: dict[str, int] = {}
    # associations active at the quarter's end are liquidated or suspended later (one already suspended set to
    # "suspended" again with a later day is a correction of its day, by design: not a later change)
    alive = [r for r in quarterly.associations_on(ws, end) if r.status == "active"][:6]
    for i, row in enumerate(alive):
        status = "liquidated" if i % 2 else "suspended"
        associations.REGISTER.update(
            ws, row.association.id, {"status": status, "status_date": later, "status_reason": "Решение суда"}
        )
    done["associations"] = len(alive)
    # every item open at the quarter's end is executed after it, and deadlines are moved
    open_items = [r for r in decisions.control_list(ws, end) if r.status != rules.EXECUTED]
    for r in open_items[:10]:
        decisions.update_item(ws, r.item.id, {"deadline": later + dt.timedelta(days=30)})
        decisions.mark_executed(ws, r.item.id, later)
    done["items"] = min(10, len(open_items))
    # the members of the quarter's end: roles change later, some leave later
    members = roster.roster(ws, end)
    for e in members[:3]:
        roster.set_roles(ws, e.id, ["mediator"], since=later)
    head = [e for e in members if "head_of_secretariat" in rules.split_codes(e.roles)]
    for e in head:
        roster.set_roles(ws, e.id, [], since=later)
    for e in members[3:6]:
        if e.membership.left_on is None:
            roster.leave(ws, e.id, left_on=later, ground="own_wish")
    done["members"] = len(members[:6])
    # an event of the quarter's plan item held only after the quarter; a new association registered later
    with ws.db.read() as session:
        planned = session.scalars(
            select(Event).where(
                Event.plan_item_id.is_not(None),  # type: ignore[union-attr]
                Event.start_date > end,
                Event.status != "held",
                Event.start_date < dt.date.today(),
            )
        ).first()
    if planned is not None:
        events.REGISTER.update(ws, planned.id, {"status": "held"})
    done["events"] = int(planned is not None)
    some = associations.REGISTER.list_page(ws, ListQuery(limit=1)).rows[0]
    associations.REGISTER.create(
        ws,
        {
            "name_ru": "Новый центр",
            "ethnic_group": some.ethnic_group,
            "legal_status": "initiative",
            "registration_date": later,
        },
    )
    # a meeting after the quarter; the region records its own thresholds from a day after the quarter
    meetings.create_meeting(
        ws, {"kind": "session", "date": later, "notice_date": later - dt.timedelta(days=40)}
    )
    body_rules.add(
        ws,
        {
            "body": "assembly",
            "valid_from": end + dt.timedelta(days=1),
            "document": "Регламент",
            "quorum_num": 1,
            "quorum_den": 2,
            "quorum_strict": True,
        },
    )
    body_rules.add(
        ws,
        {
            "body": "council",
            "valid_from": end + dt.timedelta(days=1),
            "document": "Регламент",
            "adoption_num": 1,
            "adoption_den": 2,
            "adoption_strict": True,
        },
    )
    return done


def test_a_past_quarter_reprinted_after_later_edits_is_the_same(demo_workspace, tmp_path: Path):
    ws = demo_workspace
    before = {lang: _text(ws, tmp_path / f"before-{lang}.pdf", lang) for lang in ("ru", "kk", "en")}
    figures_before = quarterly.quarterly_figures(ws, YEAR, QUARTER)
    done = _edit_everything_after_the_quarter(ws)
    assert done["associations"] and done["items"] and done["members"]  # the edits really touched the quarter
    figures_after = quarterly.quarterly_figures(ws, YEAR, QUARTER)
    assert figures_after.to_dict() == figures_before.to_dict()
    assert figures_after.head_of_secretariat == figures_before.head_of_secretariat
    for lang in ("ru", "kk", "en"):
        after = _text(ws, tmp_path / f"after-{lang}.pdf", lang)
        assert after == before[lang], lang


def test_the_reprint_test_can_fail_when_a_figure_really_changes(demo_workspace, tmp_path: Path):
    """The same comparison notices a correction dated inside the quarter (a guard that the test above can fail)."""
    ws = demo_workspace
    before = _text(ws, tmp_path / "before.pdf", "en")
    start, end = quarterly.quarter_bounds(YEAR, QUARTER)
    row = quarterly.associations_on(ws, end)[0]
    associations.REGISTER.update(ws, row.association.id, {"status": "liquidated", "status_date": start})
    assert _text(ws, tmp_path / "after.pdf", "en") != before
    with ws.db.read() as session:
        assert session.get(Association, row.association.id).status == "liquidated"
