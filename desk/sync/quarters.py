"""Quarters on the wire: the region signs a submitted quarter (its figures and the report's PDF, with their
hashes), the next bundle carries it; the centre checks the signature, accepts, returns or reopens it, and the
decision travels back signed inside the region's receipt (`desk.sync.receipts`), which the region loads as any
receipt. Also the republic at a glance: every region × quarter with its state and the age of its last bundle.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import minisign
from sqlalchemy import select
from sqlmodel import col

from desk.domain import quarters as rules
from desk.domain import reference
from desk.domain.records import QuarterDecision, QuarterSubmission, utcnow
from desk.errors import DeskError
from desk.i18n import _
from desk.services import quarters as service
from desk.services.workspace import Workspace
from desk.sync import keys, trust
from desk.sync.tables import ReceivedBundle


@dataclass(frozen=True)
class Submitted:
    submission: QuarterSubmission
    status: rules.QuarterStatus
    correction: bool  # a version after the first


def report_pdf(ws: Workspace, p: rules.Period, region: str | None = None) -> bytes:
    """The quarterly report of the region's quarter in the three languages, as of the quarter's last day."""
    from desk.reports.quarterly import render_quarterly

    out = io.BytesIO()
    render_quarterly(
        ws, out, year=p.year, quarter=p.quarter, lang="all", region=region or ws.region, today=p.end
    )
    return out.getvalue()


def submit(ws: Workspace, year: int, quarter: int, *, today: dt.date | None = None) -> Submitted:
    """Freeze the region's quarter: figures and report, hashed and signed, stored for the next bundle."""
    if ws.is_central:
        raise DeskError(_("A quarter is submitted from a region's data folder, not the central one."))
    p = service.period(year, quarter)
    before = service.status(ws, ws.region, p)
    problem = rules.submit_problem(before, today or dt.date.today())
    if problem:
        raise DeskError(problem)
    secret = keys.region_secret_key(ws)
    public = keys.region_public_key(ws)
    figures_text = rules.canonical(service.snapshot(ws, p))
    pdf = report_pdf(ws, p)
    report_sha = hashlib.sha256(pdf).hexdigest()
    submitted_at = utcnow().replace(microsecond=0)
    version = before.versions + 1
    signed = rules.signed_text(
        ws.region, p, version, submitted_at, rules.sha256_text(figures_text), report_sha
    )
    signature = secret.sign(
        signed,
        untrusted_comment=f"Dostyq Desk {ws.region} quarter {p.key()} v{version}",
        trusted_comment=f"dostyq-desk quarter\tregion:{ws.region}\t{p.key()}\tversion:{version}",
    )
    row = service.record_submission(
        ws,
        p,
        version=version,
        submitted_at=submitted_at,
        figures_text=figures_text,
        report_sha256=report_sha,
        report_pdf=base64.b64encode(pdf).decode("ascii"),
        key_id=public.key_id,
        signature=base64.b64encode(bytes(signature)).decode("ascii"),  # one line: minisign's has four
    )
    return Submitted(row, service.status(ws, ws.region, p), version > 1)


def verify(ws: Workspace, row: QuarterSubmission) -> str | None:
    """Why a submission's signature or hashes do not hold (at the centre: against the region's trusted keys),
    or None when they do."""
    p = rules.Period(row.year, row.quarter)
    if rules.sha256_text(row.figures) != row.figures_sha256:
        return _("The figures do not match their hash: they were altered.")
    try:
        pdf = base64.b64decode(row.report_pdf.encode("ascii"), validate=True)
    except ValueError:
        return _("The report's PDF is damaged.")
    if hashlib.sha256(pdf).hexdigest() != row.report_sha256:
        return _("The report's PDF does not match its hash: it was altered.")
    submitted_at = row.submitted_at if row.submitted_at.tzinfo else row.submitted_at.replace(tzinfo=dt.UTC)
    signed = rules.signed_text(
        row.region, p, row.version, submitted_at, row.figures_sha256, row.report_sha256
    )
    if ws.is_central:
        candidates = [k for k in trust.keys_with_id(ws, row.key_id) if k.region == row.region]
        public_keys = [k.public_key for k in candidates]
    else:
        public_keys = [keys.region_public_key(ws).base64]
    if not public_keys:
        return _("The submission is signed with a key the centre does not know for {region}.").format(
            region=row.region
        )
    for text in public_keys:
        try:
            info = keys.parse_public_key(text)
            info.load().verify(
                signed, minisign.Signature.from_bytes(base64.b64decode(row.signature.encode("ascii")))
            )
            return None
        except Exception:  # noqa: BLE001 - any failure to parse or verify is "does not verify"
            continue
    return _("The submission's signature does not verify: it was altered or signed by another key.")


def pdf_of(row: QuarterSubmission) -> bytes:
    return base64.b64decode(row.report_pdf.encode("ascii"))


# --- the centre's decision, back with the receipt --------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    decision: QuarterDecision
    receipt: Path | None  # the region's receipt written again with the decision; None before any bundle


def decide(ws: Workspace, region: str, year: int, quarter: int, action: str, comment: str = "") -> Decided:
    """Accept, return or reopen a region's quarter, and write the region's latest receipt again carrying it."""
    trust.require_central(ws)
    region = service.check_region(region)
    p = service.period(year, quarter)
    row = service.record_decision(ws, region, p, action, comment)
    return Decided(row, reissue_receipt(ws, region))


def reissue_receipt(ws: Workspace, region: str) -> Path | None:
    """Sign the receipt of the region's latest imported bundle again, now with every decision on its quarters."""
    from desk.sync import receipts

    with ws.db.read() as session:
        last = session.scalars(
            select(ReceivedBundle)
            .where(col(ReceivedBundle.region) == region)
            .order_by(col(ReceivedBundle.epoch).desc(), col(ReceivedBundle.sequence).desc())
            .limit(1)
        ).first()
    if last is None:
        return None
    imported = last.imported_at if last.imported_at.tzinfo else last.imported_at.replace(tzinfo=dt.UTC)
    return receipts.make_receipt(
        ws,
        region=region,
        sequence=last.sequence,
        manifest_hash=last.manifest_hash,
        counts=json.loads(last.counts or "{}"),
        imported_at=imported,
        bundle_file=last.file_name,
        recipient=trust.region_recipient(ws, region),
    )


def decision_sentence(d: QuarterDecision) -> str:
    """What a decision says to the region."""
    p = rules.Period(d.year, d.quarter)
    day = rules.moment_text(d.decided_at)
    if d.action == rules.ACCEPTED:
        return _("{quarter} was accepted by the centre on {date}.").format(quarter=p.label(), date=day)
    if d.action == rules.RETURNED:
        return _("{quarter} was returned by the centre on {date}: {comment}").format(
            quarter=p.label(), date=day, comment=d.comment
        )
    return _(
        "{quarter} was reopened by the centre on {date}: {comment}. Correct it and submit it again."
    ).format(quarter=p.label(), date=day, comment=d.comment)


# --- the republic at a glance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One region's quarter in the republic's table."""

    state: str
    version: int = 0
    submitted_at: dt.datetime | None = None
    on_time: bool | None = None  # against the centre's deadline; None without one or when not sent
    decided_at: dt.datetime | None = None
    comment: str = ""

    def text(self) -> str:
        """ "submitted 10.10.2026, on time" and the like, in the current language."""
        title = _(rules.STATE_TITLES[self.state])
        if self.state == rules.NOT_SENT:
            return title
        when = self.decided_at if self.decided_at is not None else self.submitted_at
        out = f"{title} {rules.moment_text(when)}" if when else title
        if self.state == rules.SUBMITTED and self.on_time is not None:
            out += ", " + (_("on time") if self.on_time else _("late"))
        return out


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    cells: dict[rules.Period, Cell]
    last_bundle_at: dt.datetime | None  # when the region made its last bundle the centre imported
    last_bundle_age_days: int | None


@dataclass(frozen=True)
class Republic:
    periods: list[rules.Period]
    deadlines: dict[rules.Period, dt.date | None]
    rows: list[RegionRow]

    def to_dict(self) -> dict[str, Any]:
        return {
            "quarters": [p.key() for p in self.periods],
            "deadlines": {p.key(): (d.isoformat() if d else None) for p, d in self.deadlines.items()},
            "regions": [
                {
                    "region": r.code,
                    "name": r.name,
                    "last_bundle_at": r.last_bundle_at.isoformat() if r.last_bundle_at else None,
                    "last_bundle_age_days": r.last_bundle_age_days,
                    "quarters": {
                        p.key(): {
                            "state": c.state,
                            "version": c.version or None,
                            "submitted_at": c.submitted_at.isoformat() if c.submitted_at else None,
                            "on_time": c.on_time,
                            "decided_at": c.decided_at.isoformat() if c.decided_at else None,
                            "comment": c.comment or None,
                        }
                        for p, c in r.cells.items()
                    },
                }
                for r in self.rows
            ],
        }


def republic(
    ws: Workspace, periods: list[rules.Period], lang: str, now: dt.datetime | None = None
) -> Republic:
    """Every region of the republic × `periods`: state, when, on time or late, and the last bundle's age."""
    from desk.sync.status import region_statuses

    trust.require_central(ws)
    known = service.statuses(ws)
    deadlines = {p: service.deadline(ws, p) for p in periods}
    bundles = {s.code: s for s in region_statuses(ws, lang)}
    rows = []
    for term in reference.REGIONS:
        cells = {}
        for p in periods:
            s = known.get((term.code, p))
            if s is None or s.submission is None:
                cells[p] = Cell(rules.NOT_SENT)
                continue
            sub = s.submission
            cells[p] = Cell(
                s.state,
                sub.version,
                sub.submitted_at,
                rules.on_time(sub.submitted_at, deadlines[p]),
                s.decision.decided_at if s.decision else None,
                s.decision.comment if s.decision else "",
            )
        b = bundles.get(term.code)
        rows.append(
            RegionRow(
                term.code,
                term.label(lang),
                cells,
                b.last_created_at if b else None,
                b.age_days(now) if b else None,
            )
        )
    return Republic(periods, deadlines, rows)
