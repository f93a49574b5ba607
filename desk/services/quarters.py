"""Quarters between a region and the centre, as stored: submissions (the region's frozen figures), the centre's
decisions (accepted, returned, reopened — each audited), the deadlines the centre sets, and the states the rules
of `desk.domain.quarters` give them. Signing, the report's PDF and receipts are `desk.sync.quarters`' business.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, union
from sqlmodel import col

from desk.domain import quarters as rules
from desk.domain import reference
from desk.domain.records import (
    Association,
    AuditEntry,
    Event,
    Meeting,
    Membership,
    Person,
    QuarterDecision,
    QuarterSubmission,
    table_name,
    utcnow,
)
from desk.domain.validation import text_problem
from desk.errors import DeskError, NotFound
from desk.i18n import _
from desk.services import quarterly
from desk.services.workspace import Workspace
from desk.store.db import set_meta
from desk.store.quarter_guard import read_statuses

DEADLINE_META = "quarter_deadline:{year}-{quarter}"


def period(year: int, quarter: int) -> rules.Period:
    return rules.Period(int(year), int(quarter))


def statuses(ws: Workspace, region: str | None = None) -> dict[tuple[str, rules.Period], rules.QuarterStatus]:
    with ws.db.read() as session:
        return read_statuses(session.connection(), region)


def status(ws: Workspace, region: str, p: rules.Period) -> rules.QuarterStatus:
    return statuses(ws, region).get((region, p)) or rules.QuarterStatus(region, p, rules.NOT_SENT)


def check_region(code: str) -> str:
    code = code.strip().upper()
    if reference.by_code(reference.REGIONS, code) is None:
        raise DeskError(_("Unknown region “{code}”: give a code such as KZ-35.").format(code=code))
    return code


# --- the region: submitting ---------------------------------------------------------------------------------------


def snapshot(ws: Workspace, p: rules.Period, today: dt.date | None = None) -> dict[str, Any]:
    """The figures of the region's quarter as the quarterly report prints them (JSON-ready)."""
    figures = quarterly.quarterly_figures(ws, p.year, p.quarter, region=ws.region, today=today or p.end)
    return json.loads(rules.canonical(figures.to_dict()))


def record_submission(
    ws: Workspace,
    p: rules.Period,
    *,
    version: int,
    submitted_at: dt.datetime,
    figures_text: str,
    report_sha256: str,
    report_pdf: str,
    key_id: str,
    signature: str,
) -> QuarterSubmission:
    """Store a submission (the next bundle carries it to the centre)."""
    with ws.db.transact() as session:
        row = QuarterSubmission(
            region=ws.region,
            year=p.year,
            quarter=p.quarter,
            version=version,
            submitted_at=submitted_at,
            submitted_by=ws.operator,
            figures=figures_text,
            figures_sha256=rules.sha256_text(figures_text),
            report_sha256=report_sha256,
            report_pdf=report_pdf,
            key_id=key_id,
            signature=signature,
        )
        session.add(row)
    return row


def submission_rows(ws: Workspace, region: str, p: rules.Period) -> list[QuarterSubmission]:
    """Every submitted version of a region's quarter, oldest first."""
    with ws.db.read() as session:
        return list(
            session.scalars(
                select(QuarterSubmission)
                .where(
                    col(QuarterSubmission.region) == region,
                    col(QuarterSubmission.year) == p.year,
                    col(QuarterSubmission.quarter) == p.quarter,
                )
                .order_by(col(QuarterSubmission.version), col(QuarterSubmission.submitted_at))
            )
        )


def decision_rows(ws: Workspace, region: str, p: rules.Period | None = None) -> list[QuarterDecision]:
    """The centre's decisions on a region's quarters (one quarter with `p`), oldest first."""
    with ws.db.read() as session:
        q = select(QuarterDecision).where(col(QuarterDecision.region) == region)
        if p is not None:
            q = q.where(col(QuarterDecision.year) == p.year, col(QuarterDecision.quarter) == p.quarter)
        return list(session.scalars(q.order_by(col(QuarterDecision.decided_at))))


@dataclass(frozen=True)
class Correction:
    """What changed between the version before and the latest one of a submitted quarter."""

    before: int
    after: int
    changes: list[rules.FigureChange]


def correction(ws: Workspace, region: str, p: rules.Period) -> Correction | None:
    """The changes of the latest version against the one before it; None for a first submission."""
    rows = submission_rows(ws, region, p)
    if len(rows) < 2:
        return None
    a, b = rows[-2], rows[-1]
    return Correction(a.version, b.version, rules.changes(json.loads(a.figures), json.loads(b.figures)))


# --- the centre: deciding -----------------------------------------------------------------------------------------


def record_decision(
    ws: Workspace, region: str, p: rules.Period, action: str, comment: str = ""
) -> QuarterDecision:
    """Accept, return or reopen a region's quarter (refused with a sentence when the state does not allow it).
    Audited: who, when, which quarter, which version, the comment."""
    if not ws.is_central:
        raise DeskError(_("Quarters are accepted, returned and reopened at the central office."))
    if action not in rules.DECISIONS:
        raise DeskError(_("Unknown decision “{action}”.").format(action=action))
    comment = comment.strip()
    if action in (rules.RETURNED, rules.REOPENED) and not comment:
        raise DeskError(_("Give a comment: the region reads it to know what to correct."))
    if len(comment) > 2000:
        raise DeskError(_("The comment is too long: at most 2000 characters."))
    current = status(ws, region, p)
    problem = rules.next_decision_problem(current, action)
    if problem:
        raise DeskError(problem)
    assert current.submission is not None
    with ws.db.transact() as session:
        row = QuarterDecision(
            region=region,
            year=p.year,
            quarter=p.quarter,
            submission_id=current.submission.id,
            version=current.submission.version,
            action=action,
            comment=comment,
            decided_at=utcnow(),
            decided_by=ws.operator,
        )
        session.add(row)
        session.info.setdefault("changed_tables", set()).add(table_name(QuarterDecision))
        session.add(
            AuditEntry(
                operator=session.info.get("operator", ""),
                table_name=table_name(QuarterDecision),
                record_id=row.id,
                action=action[:20],
                changes=json.dumps(
                    {
                        "region": region,
                        "quarter": p.key(),
                        "version": current.submission.version,
                        "state": [current.state, action],
                        "comment": comment,
                    },
                    ensure_ascii=False,
                ),
            )
        )
    return row


def decision_dicts(ws: Workspace, region: str) -> list[dict[str, Any]]:
    """The centre's decisions on a region's quarters, as a receipt carries them back to the region."""
    return [
        {
            "id": d.id,
            "year": d.year,
            "quarter": d.quarter,
            "submission_id": d.submission_id,
            "version": d.version,
            "action": d.action,
            "comment": d.comment,
            "decided_at": _utc(d.decided_at).isoformat(),
            "decided_by": d.decided_by,
        }
        for d in decision_rows(ws, region)
    ]


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


_DECISION_ID = re.compile(r"^[A-Za-z0-9-]{1,36}$")


def parse_decisions(items: Any, refusal: Callable[[str], Exception] | None = None) -> list[QuarterDecision]:
    """Decisions from a receipt's body or a centre bundle's section (already verified by its signature): every
    value of the type and range the centre writes, each text passing a form's rules, each id once; a value of
    another type is refused, never converted. `refusal(why)` is what is raised (default: a DeskError)."""
    refused = refusal or (
        lambda why: DeskError(
            _(
                "The central office's decisions on the quarters cannot be read ({why}): nothing was changed."
            ).format(why=why)
        )
    )
    if items is None:
        return []
    if not isinstance(items, list):
        raise refused(_("not a list of decisions"))
    out: list[QuarterDecision] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):

        def bad(field: str, number: int = number) -> Exception:
            return refused(_("decision {number}: “{field}”").format(number=number, field=field))

        if not isinstance(item, dict):
            raise bad("*")
        for key in ("year", "quarter", "version"):
            if type(item.get(key)) is not int:
                raise bad(key)
        for key, limit, required in (
            ("id", 36, True),
            ("submission_id", 36, True),
            ("action", 20, True),
            ("decided_at", 40, True),
            ("comment", 2000, False),
            ("decided_by", 200, False),
        ):
            value = item.get(key) if required or key in item else ""
            if type(value) is not str or text_problem(value, limit, key == "comment"):
                raise bad(key)
        if not _DECISION_ID.match(item["id"]) or not _DECISION_ID.match(item["submission_id"]):
            raise bad("id" if not _DECISION_ID.match(item["id"]) else "submission_id")
        if item["action"] not in rules.DECISIONS:
            raise bad("action")
        if item["version"] < 1 or item["version"] > 2**31:
            raise bad("version")
        try:
            rules.Period(item["year"], item["quarter"])
        except DeskError:
            raise bad("year" if item["quarter"] in (1, 2, 3, 4) else "quarter") from None
        try:
            decided_at = dt.datetime.fromisoformat(item["decided_at"])
        except ValueError:
            raise bad("decided_at") from None
        if item["id"] in seen:
            raise bad("id")
        seen.add(item["id"])
        out.append(
            QuarterDecision(
                id=item["id"],
                region="",
                year=item["year"],
                quarter=item["quarter"],
                submission_id=item["submission_id"],
                version=item["version"],
                action=item["action"],
                comment=item.get("comment", ""),
                decided_at=_utc(decided_at),
                decided_by=item.get("decided_by", ""),
            )
        )
    return out


def apply_decisions(session: Any, region: str, items: Iterable[QuarterDecision]) -> list[QuarterDecision]:
    """Keep the decisions a receipt brought (inside the receipt's transaction); returns the new ones."""
    new = []
    now = utcnow()
    for item in items:
        if session.get(QuarterDecision, item.id) is not None:
            continue
        submission = session.get(QuarterSubmission, item.submission_id)
        if submission is not None and (submission.region, submission.year, submission.quarter) != (
            region,
            item.year,
            item.quarter,
        ):  # a decision on one quarter naming the submission of another would change that other quarter
            raise DeskError(
                _(
                    "The central office's decision on {quarter} names the submission of {other}: refused, nothing "
                    "was changed."
                ).format(
                    quarter=rules.Period(item.year, item.quarter).label(),
                    other=rules.Period(submission.year, submission.quarter).label(),
                )
            )
        item.region = region
        item.received_at = now
        session.add(item)
        new.append(item)
    if new:  # the window's pages that show quarters refresh after the commit
        session.info.setdefault("changed_tables", set()).add(table_name(QuarterDecision))
    return new


# --- deadlines and completeness ------------------------------------------------------------------------------


def deadline(ws: Workspace, p: rules.Period) -> dt.date | None:
    value = ws.db.meta(DEADLINE_META.format(year=p.year, quarter=p.quarter))
    return dt.date.fromisoformat(value) if value else None


def set_deadline(ws: Workspace, p: rules.Period, day: dt.date) -> None:
    """The day by which the regions must submit `p` (the centre sets it; audited)."""
    if not ws.is_central:
        raise DeskError(_("The deadline of a quarter is set at the central office."))
    if day <= p.end:
        raise DeskError(
            _("The deadline must come after the quarter's last day ({date}).").format(
                date=rules.day_text(p.end)
            )
        )
    key = DEADLINE_META.format(year=p.year, quarter=p.quarter)
    before = ws.db.meta(key)
    with ws.db.transact() as session:
        set_meta(session, key, day.isoformat())
        session.add(
            AuditEntry(
                operator=session.info.get("operator", ""),
                table_name="meta",
                record_id=key,
                action="update",
                changes=json.dumps({"value": [before or None, day.isoformat()]}),
            )
        )


def regions_with_data(ws: Workspace) -> set[str]:
    """The regions the database holds any record of (at the centre: those that sent a bundle with data)."""
    with ws.db.read() as session:
        q = union(
            *(select(col(cls.region)).distinct() for cls in (Association, Event, Person, Meeting, Membership))
        )
        return {r for (r,) in session.execute(q)}


@dataclass(frozen=True)
class Completeness:
    """Which regions submitted a quarter, and which did not."""

    period: rules.Period
    submitted: list[str]  # region codes: submitted or accepted
    missing: list[str]

    @property
    def total(self) -> int:
        return len(self.submitted) + len(self.missing)


def completeness(ws: Workspace, p: rules.Period) -> Completeness:
    known = statuses(ws)
    sent = [
        t.code
        for t in reference.REGIONS
        if (s := known.get((t.code, p))) is not None and s.state in (rules.SUBMITTED, rules.ACCEPTED)
    ]
    return Completeness(p, sent, [t.code for t in reference.REGIONS if t.code not in sent])


def submission_of(ws: Workspace, submission_id: str) -> QuarterSubmission:
    with ws.db.read() as session:
        row = session.get(QuarterSubmission, submission_id)
    if row is None:
        raise NotFound(_("No such submission."))
    return row
