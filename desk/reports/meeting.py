"""The protocol of a session or council meeting: agenda, attendance against the roster of the day, quorum, votes
and decisions, judged by the assembly's rules (`desk.domain.rules` through `desk.services.meetings`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable, Spacer

from desk.domain import reference, rules
from desk.errors import DeskError
from desk.i18n import _, format_date
from desk.reports.common import Lang, figures, heading, para, render, signature, table, title_block
from desk.reports.tables import Column
from desk.services import meetings as service
from desk.services.meetings import MeetingResult
from desk.services.roster import RosterEntry
from desk.services.workspace import Workspace


def find_meeting(
    ws: Workspace, *, meeting_id: str | None = None, day: dt.date | None = None, region: str | None = None
) -> MeetingResult:
    """The meeting with this id, or the one meeting held on `day`; a clear error otherwise."""
    if meeting_id:
        return service.evaluate(ws, meeting_id)
    if day is None:
        raise DeskError(_("Give the meeting's id or its date."))
    found = service.meetings(ws, date_from=day, date_to=day, region=region)
    if not found:
        raise DeskError(_("No meeting was held on {date}.").format(date=format_date(day)))
    regions = sorted({r.meeting.region for r in found})
    if len(regions) > 1:  # the central office: meetings of several regions that day
        raise DeskError(
            _("Meetings of several regions on {date} ({regions}); choose the region with --region.").format(
                date=format_date(day), regions=", ".join(regions)
            )
        )
    if len(found) > 1:
        ids = ", ".join(r.meeting.id for r in found)
        raise DeskError(
            _("Several meetings on {date}; choose one with --id: {ids}").format(
                date=format_date(day), ids=ids
            )
        )
    return found[0]


def one_stop(sentence: str) -> str:
    """A sentence ending in an abbreviated date ("… 2018 г.") takes one full stop, not two."""
    return sentence[:-1] if sentence.endswith("..") else sentence


def _with_role(entries: list[RosterEntry], role: str) -> str:
    names = [e.name for e in entries if role in rules.split_codes(e.roles)]
    return names[0] if len(names) == 1 else ""


def story(
    lang: Lang,
    result: MeetingResult,
    eligible: list[RosterEntry],
    present_ids: set[str],
    officers: list[RosterEntry],
) -> tuple[str, list[Flowable]]:
    _ = lang._
    n = lang.number
    m = result.meeting
    kind = lang.term(reference.MEETING_KINDS, m.kind)
    title = _("Protocol: {meeting}").format(meeting=f"{kind} №\u00a0{m.number}" if m.number else kind)
    subtitle = ", ".join(x for x in (lang.date(m.date, "long"), m.place) if x)
    out: list[Flowable] = title_block(title, subtitle)
    body = _("Members of the council") if rules.is_council(m.kind) else _("Members of the assembly")
    out.append(
        figures(
            [
                (_("{body} on the day of the meeting").format(body=body), n(result.members_total)),
                (_("Present"), n(result.present)),
                (_("Members needed for a quorum"), n(result.quorum_needed)),
                (_("Votes needed to adopt a decision"), n(result.votes_needed()) if result.quorate else "—"),
            ]
        )
    )
    out.append(
        para(
            _("Rule applied: {rule}.").format(
                rule=result.rule.describe(lang.code, date=lambda d: lang.date(d, "long"))
            ),
            small=True,
        )
    )
    if result.not_counted:
        out.append(
            para(
                rules.RuleWarning("admitted_not_counted", {"n": len(result.not_counted)}).text(
                    lang.code, date=lambda d: lang.date(d, "long")
                ),
                small=True,
            )
        )
    if result.quorate:
        verdict = _("The meeting is valid: {present} of {total} members are present.")
    else:
        verdict = _(
            "The meeting is not valid: {present} of {total} members are present; no decision is adopted."
        )
    out.append(Spacer(1, 6))
    out.append(para(verdict.format(present=n(result.present), total=n(result.members_total))))
    if m.notice_date:
        out.append(para(one_stop(_("Announced on {date}.").format(date=lang.date(m.notice_date, "long")))))
    if m.convened_on is not None:
        out.append(
            para(
                one_stop(
                    _("Convened by the decision of {date}.").format(date=lang.date(m.convened_on, "long"))
                )
            )
        )
    if m.requested_on is not None:
        requested = (
            _("Request date: {date}").format(date=lang.date(m.requested_on, "long"))
            if m.requested_by is None
            else lang.ngettext(
                "Requested on {date} by {n} member.", "Requested on {date} by {n} members.", m.requested_by
            ).format(n=n(m.requested_by), date=lang.date(m.requested_on, "long"))
        )
        out.append(para(requested))
    elif m.requested_by is not None:
        out.append(
            para(
                lang.ngettext("Requested by {n} member.", "Requested by {n} members.", m.requested_by).format(
                    n=n(m.requested_by)
                )
            )
        )
    # the rules' warnings in this version's language; "not valid" is the verdict above already
    notes = [
        w.text(lang.code, date=lambda d: lang.date(d, "long"))
        for w in result.warnings
        if w.code != "inquorate"
    ]
    if notes:
        out += heading(_("Warnings under the rules"), level=2)
        out += [para("– " + note) for note in notes]
    out += heading(_("Agenda"))
    agenda = [line.strip() for line in (m.agenda or "").splitlines() if line.strip()]
    out.append(
        table(
            [Column("№", 0.5, numeric=True), Column(_("Item"), 9)],
            [(n(i), line) for i, line in enumerate(agenda, start=1)],
            _("No agenda recorded."),
        )
    )
    out += heading(_("Decisions"))
    out.append(
        table(
            [
                Column("№", 0.8),
                Column(_("Decision"), 5),
                Column(_("For"), 0.9, numeric=True),
                Column(_("Against"), 0.9, numeric=True),
                Column(_("Abstained"), 1.1, numeric=True),
                Column(_("Result"), 1.4),
            ],
            [
                (
                    d.decision.number,
                    lang.name(d.decision),
                    n(d.decision.votes_for),
                    n(d.decision.votes_against),
                    n(d.decision.abstained),
                    _("adopted") if d.adopted else _("not adopted"),
                )
                for d in result.decisions
            ],
            _("No decisions recorded."),
        )
    )
    out += heading(_("Attendance"))
    out.append(
        table(
            [
                Column("№", 0.5, numeric=True),
                Column(_("Member"), 4),
                Column(_("Category"), 3),
                Column(_("Present"), 1.2),
            ],
            [
                (
                    n(i),
                    e.name,
                    lang.term(reference.MEMBER_CATEGORIES, e.membership.category),
                    _("present") if e.id in present_ids else _("absent"),
                )
                for i, e in enumerate(eligible, start=1)
            ],
            _("Nobody was a member on the day of the meeting."),
        )
    )
    out.append(signature(_("Chairman"), _with_role(officers, rules.CHAIRMAN), _("signature")))
    out.append(
        signature(_("Head of the secretariat"), _with_role(officers, "head_of_secretariat"), _("signature"))
    )
    return title, out


def render_meeting(
    ws: Workspace,
    out: str | Path | IO[bytes],
    *,
    lang: str,
    meeting_id: str | None = None,
    day: dt.date | None = None,
    region: str | None = None,
) -> MeetingResult:
    """Write the protocol of one meeting (by id, or the only one on `day`)."""
    from desk.services import roster

    result = find_meeting(ws, meeting_id=meeting_id, day=day, region=region)
    m = result.meeting
    eligible = service.eligible(ws, m.id)
    present = service.attendance(ws, m.id)
    officers = roster.roster(ws, m.date, region=m.region)
    render(
        ws,
        out,
        lang,
        lambda language: story(language, result, eligible, present, officers),
        subject=m.date.isoformat(),
        region=m.region if ws.is_central else None,  # the centre prints the protocol of the meeting's region
    )
    return result
