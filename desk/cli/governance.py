"""Commands for the assembly's governance: roster, meetings, decisions under control, the action plan."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from desk.cli import Context, add_command
from desk.cli.options import checked_region, one_region
from desk.cli.output import print_json, print_table
from desk.errors import DeskError
from desk.i18n import _, current_language, format_date


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "roster", _("the members of the assembly (or of its council) on a day"), cmd_roster)
    p.add_argument("--as-of", metavar="DATE", default=None, help=_("the day, YYYY-MM-DD (default: today)"))
    p.add_argument("--council", action="store_true", help=_("the council instead of the whole assembly"))
    p.add_argument(
        "--region", default=None, metavar="KZ-NN", help=_("the region's assembly (required in central mode)")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(
        sub,
        "meetings",
        _("sessions and council meetings with attendance, validity and decisions"),
        cmd_meetings,
    )
    p.add_argument("--from", dest="date_from", metavar="DATE", default=None, help=_("first day, YYYY-MM-DD"))
    p.add_argument("--to", dest="date_to", metavar="DATE", default=None, help=_("last day, YYYY-MM-DD"))
    p.add_argument("--region", default=None, metavar="KZ-NN", help=_("central mode: one region only"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(sub, "decisions", _("execution of the decisions under control"), cmd_decisions)
    p.add_argument("--overdue", action="store_true", help=_("only items whose deadline has passed"))
    p.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help=_("the items as they stood at the end of that day (deadline and state from their history)"),
    )
    p.add_argument("--region", default=None, metavar="KZ-NN", help=_("central mode: one region only"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(
        sub,
        "rules",
        _(
            "the quorum and adoption thresholds the region's assembly and council work "
            "under (the 2024 national fractions unless the region recorded its own)"
        ),
        cmd_rules,
    )
    p.add_argument("--add", action="store_true", help=_("record the region's own thresholds for a body"))
    p.add_argument("--body", choices=["assembly", "council"], default=None, help=_("assembly or council"))
    p.add_argument(
        "--from",
        dest="valid_from",
        metavar="DATE",
        default=None,
        help=_("the day the thresholds apply from, YYYY-MM-DD"),
    )
    p.add_argument("--document", default="", help=_("the document that sets them (name, number, date)"))
    p.add_argument(
        "--quorum",
        metavar="FRACTION",
        default=None,
        help=_("quorum: “2/3” means at least 2/3 of the members, “>1/2” more than half"),
    )
    p.add_argument(
        "--adoption",
        metavar="FRACTION",
        default=None,
        help=_("adoption: “>1/2” means more than half of those present, “2/3” at least 2/3"),
    )
    p.add_argument(
        "--admitted-take-part",
        action="store_true",
        help=_("members admitted by a session take part in it (the region's regulation says so)"),
    )
    p.add_argument(
        "--region", default=None, metavar="KZ-NN", help=_("the region's assembly (required in central mode)")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(sub, "plan", _("the annual action plan and its fulfilment per quarter"), cmd_plan)
    p.add_argument("--year", metavar="Y", default=None, help=_("the plan's year (default: this year)"))
    p.add_argument("--region", default=None, metavar="KZ-NN", help=_("central mode: one region only"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def parse_date(option: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option value; one clear error naming the option otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DeskError(
            _("{option}: expected a date YYYY-MM-DD, not “{value}”.").format(option=option, value=value)
        ) from None


def _region_column(ws: Any, region: str | None) -> list[tuple[str, str]]:
    """The region's column of a list in the central office when it holds every region's rows."""
    return [("region", _("Region"))] if ws.is_central and not region else []


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


def cmd_roster(ctx: Context) -> int:
    from desk.domain import rules
    from desk.services import roster

    ws = ctx.workspace()
    day = parse_date("--as-of", ctx.args.as_of) or dt.date.today()
    region = one_region(ctx.args.region, ws)
    body = rules.COUNCIL if ctx.args.council else rules.ASSEMBLY
    lang = current_language()
    entries = roster.roster(ws, day, body=body, region=region)
    warnings = roster.warnings(ws, day, region=region)
    if ctx.args.json:
        print_json(
            {
                "as_of": day.isoformat(),
                "body": body,
                "members_total": len(entries),
                "members": [e.to_dict(lang) for e in entries],
                "warnings": [w.message for w in warnings],
            }
        )
        return 0
    rows = [e.to_dict(lang) for e in entries]
    print_table(
        rows,
        [
            ("name", _("Full name")),
            ("category_label", _("Category")),
            ("roles_label", _("Roles")),
            ("admitted_on", _("Admitted on")),
            ("left_on", _("Left on")),
        ],
    )
    title = (
        _("Council members on {date}: {n}")
        if ctx.args.council
        else _("Members of the assembly on {date}: {n}")
    )
    print(title.format(date=day.isoformat(), n=len(entries)))
    for w in warnings:
        print(f"⚠ {w.message}")
    return 0


def _meeting_line(d: dict[str, Any]) -> str:
    number = f" № {d['number']}" if d["number"] else ""
    state = _("valid") if d["quorate"] else _("not valid")
    return _(
        "{date}  {kind}{number}: {present} of {total} present (at least {needed} needed), {state}"
    ).format(
        date=d["date"],
        kind=d["kind_label"],
        number=number,
        present=d["present"],
        total=d["members_total"],
        needed=d["quorum_needed"],
        state=state,
    )


def no_meetings_sentence(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """What `desk meetings` says when the period holds no meeting, with the dates as the language writes them."""
    if date_from and date_to:
        if date_from == date_to:
            return _("No meeting was held on {date}.").format(date=format_date(date_from))
        return _("No meetings were held from {start} to {end}.").format(
            start=format_date(date_from), end=format_date(date_to)
        )
    if date_from:
        return _("No meetings were held from {start} on.").format(start=format_date(date_from))
    if date_to:
        return _("No meetings were held up to {end}.").format(end=format_date(date_to))
    return _("No meetings have been recorded yet.")


def cmd_meetings(ctx: Context) -> int:
    from desk.services import meetings

    ws = ctx.workspace()
    date_from = parse_date("--from", ctx.args.date_from)
    date_to = parse_date("--to", ctx.args.date_to)
    if date_from and date_to and date_to < date_from:
        raise DeskError(_("--to must not be before --from."))
    region = checked_region(ctx.args.region, ws)
    lang = current_language()
    found = [
        r.to_dict(lang) for r in meetings.meetings(ws, date_from=date_from, date_to=date_to, region=region)
    ]
    if ctx.args.json:
        print_json(found)
        return 0
    for d in found:
        # the central office's list holds every region's meetings: each line says whose
        print(f"{d['region']}  {_meeting_line(d)}" if ws.is_central and not region else _meeting_line(d))
        print("    " + _("Rule applied: {rule}.").format(rule=d["rule"]))
        for dec in d["decisions"]:
            outcome = _("adopted") if dec["adopted"] else _("not adopted")
            print(
                "    "
                + _(
                    "{number}. {title}: for {for_}, against {against}, abstained {abstained}: {outcome}"
                ).format(
                    number=dec["number"] or "—",
                    title=dec["title"],
                    for_=dec["votes_for"],
                    against=dec["votes_against"],
                    abstained=dec["abstained"],
                    outcome=outcome,
                )
            )
        for w in d["warnings"]:
            print(f"    ⚠ {w}")
    if not found:
        print(no_meetings_sentence(date_from, date_to))
        return 0
    print(_("Meetings: {n}").format(n=len(found)))
    return 0


def cmd_decisions(ctx: Context) -> int:
    from desk.services import decisions

    ws = ctx.workspace()
    region = checked_region(ctx.args.region, ws)
    lang = current_language()
    as_of = parse_date("--as-of", ctx.args.as_of)
    if as_of is not None:
        rows = [
            ExecutionRowAsOf(r).to_dict(lang)
            for r in decisions.control_list(ws, as_of, region=region)
            if r.overdue or not ctx.args.overdue
        ]
    else:
        rows = [r.to_dict(lang) for r in decisions.items(ws, overdue_only=ctx.args.overdue, region=region)]
    if ctx.args.json:
        print_json(rows)
        return 0
    print_table(
        rows,
        [
            *_region_column(ws, region),
            ("deadline", _("Deadline")),
            ("status_label", _("Status")),
            ("days_overdue", _("Days overdue")),
            ("responsible_name", _("Responsible")),
            ("task", _("Task")),
            ("meeting_date", _("Meeting")),
            ("decision", _("Decision")),
        ],
    )
    if ctx.args.overdue:
        print(_("Overdue items: {n}").format(n=len(rows)))
    else:
        print(
            _("Items under control: {n}, overdue: {overdue}").format(
                n=len(rows), overdue=sum(1 for r in rows if r["overdue"])
            )
        )
    return 0


def cmd_plan(ctx: Context) -> int:
    from desk.i18n import quarter_name
    from desk.services import plan

    ws = ctx.workspace()
    raw = ctx.args.year
    if raw is None:
        year = dt.date.today().year
    else:
        try:
            year = int(raw)
        except ValueError:
            raise DeskError(
                _("--year: expected a year such as 2025, not “{value}”.").format(value=raw)
            ) from None
        if not 1900 <= year <= 2200:
            raise DeskError(_("--year: expected a year such as 2025, not “{value}”.").format(value=raw))
    region = checked_region(ctx.args.region, ws)
    lang = current_language()
    report = plan.plan(ws, year, region=region)
    if ctx.args.json:
        print_json(report.to_dict(lang))
        return 0
    rows = []
    for r in report.rows:
        d = r.to_dict(lang)
        d["events_count"] = len(d["events"])
        d["fulfilled_label"] = _yes_no(r.fulfilled)
        rows.append(d)
    print_table(
        rows,
        [
            *_region_column(ws, region),
            ("quarter", _("Quarter")),
            ("title", _("Title")),
            ("responsible", _("Responsible")),
            ("events_count", _("Events")),
            ("fulfilled_label", _("Held")),
        ],
    )
    for q in report.quarters:
        share = "—" if q.percent is None else f"{q.percent} %"
        print(
            _("{quarter}: {fulfilled} of {planned} items fulfilled ({share})").format(
                quarter=quarter_name(year, q.quarter or 1, lang),
                fulfilled=q.fulfilled,
                planned=q.planned,
                share=share,
            )
        )
    total = report.total
    share = "—" if total.percent is None else f"{total.percent} %"
    print(
        _("Year {year}: {fulfilled} of {planned} items fulfilled ({share})").format(
            year=year, fulfilled=total.fulfilled, planned=total.planned, share=share
        )
    )
    return 0


def parse_fraction(option: str, value: str) -> tuple[int, int, bool]:
    """“2/3” (at least) or “>1/2” (more than) as (numerator, denominator, strict)."""
    from desk.domain.rules import parse_fraction as parse

    found = parse(value)
    if found is None:
        raise DeskError(
            _("{option}: expected a fraction such as 2/3 or >1/2, not “{value}”.").format(
                option=option, value=value
            )
        )
    return found


def cmd_rules(ctx: Context) -> int:
    from desk.domain import rules
    from desk.services import body_rules

    ws = ctx.workspace()
    region = one_region(ctx.args.region, ws)
    lang = current_language()
    if ctx.args.add:
        if not ctx.args.body:
            raise DeskError(_("--body: choose assembly or council."))
        values: dict[str, Any] = {
            "body": ctx.args.body,
            "document": ctx.args.document,
            "valid_from": parse_date("--from", ctx.args.valid_from),
            "admitted_take_part": bool(ctx.args.admitted_take_part),
        }
        default = rules.DEFAULT_THRESHOLDS[ctx.args.body]
        quorum = (
            parse_fraction("--quorum", ctx.args.quorum)
            if ctx.args.quorum
            else (default.quorum_num, default.quorum_den, default.quorum_strict)
        )
        adoption = (
            parse_fraction("--adoption", ctx.args.adoption)
            if ctx.args.adoption
            else (default.adoption_num, default.adoption_den, default.adoption_strict)
        )
        values.update(
            quorum_num=quorum[0],
            quorum_den=quorum[1],
            quorum_strict=quorum[2],
            adoption_num=adoption[0],
            adoption_den=adoption[1],
            adoption_strict=adoption[2],
        )
        body_rules.add(ws, values, region=region)
    today = dt.date.today()
    recorded = body_rules.body_rules(ws, region=region)
    rows = [
        {
            "body": r.body,
            "valid_from": r.valid_from.isoformat(),
            "document": r.document,
            "rule": body_rules.thresholds(r).describe(lang, date=lambda d: format_date(d, lang)),
        }
        for r in recorded
    ]
    in_force = {
        body: body_rules.in_force(ws, body, today, region=region).describe(
            lang, date=lambda d: format_date(d, lang)
        )
        for body in rules.BODIES
    }
    if ctx.args.json:
        print_json({"recorded": rows, "in_force": in_force})
        return 0
    names = {"assembly": _("Assembly"), "council": _("Council")}
    for body in rules.BODIES:
        print(_("{body}, in force today: {rule}").format(body=names[body], rule=in_force[body]))
    for r in rows:
        print(
            "  "
            + _("{body} from {date}: {rule}").format(
                body=names[r["body"]],
                date=format_date(dt.date.fromisoformat(r["valid_from"]), lang),
                rule=r["rule"],
            )
        )
    return 0


class ExecutionRowAsOf:
    """A row of the control list of a past day, shaped like `ExecutionRow.to_dict`."""

    def __init__(self, row: Any) -> None:
        self.row = row

    def to_dict(self, lang: str) -> dict[str, Any]:
        from desk.domain import reference
        from desk.services.rows import term_label

        r = self.row
        return {
            "id": r.item.id,
            "region": r.item.region,
            "decision_id": r.decision.id,
            "decision_number": r.decision.number,
            "decision": r.decision.name(lang),
            "meeting_id": r.meeting.id,
            "meeting_kind": r.meeting.kind,
            "meeting_date": r.meeting.date.isoformat(),
            "responsible_body": r.item.responsible_body,
            "responsible": r.item.responsible,
            "responsible_name": reference.responsible_name(r.item.responsible_body, r.item.responsible, lang),
            "task": r.item.task,
            "deadline": r.deadline.isoformat() if r.deadline else None,
            "status": r.status,
            "status_label": term_label(reference.EXECUTION_STATUSES, r.status, lang),
            "overdue": r.overdue,
            "days_overdue": (r.day - r.deadline).days if r.overdue and r.deadline else 0,
            "executed_on": r.executed_on.isoformat() if r.executed_on else None,
            "as_of": r.day.isoformat(),
        }
