"""Commands for the assembly's governance: roster, meetings, decisions under control, the action plan."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from desk.cli import Context, add_command
from desk.cli.output import print_json, print_table
from desk.errors import DeskError
from desk.i18n import _, current_language, format_date


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "roster", _("the members of the assembly (or of its council) on a day"), cmd_roster)
    p.add_argument("--as-of", metavar="DATE", default=None, help=_("the day, YYYY-MM-DD (default: today)"))
    p.add_argument("--council", action="store_true", help=_("the council instead of the whole assembly"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(sub, "meetings", _("sessions and council meetings with attendance, validity and decisions"),
                    cmd_meetings)
    p.add_argument("--from", dest="date_from", metavar="DATE", default=None, help=_("first day, YYYY-MM-DD"))
    p.add_argument("--to", dest="date_to", metavar="DATE", default=None, help=_("last day, YYYY-MM-DD"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(sub, "decisions", _("execution of the decisions under control"), cmd_decisions)
    p.add_argument("--overdue", action="store_true", help=_("only items whose deadline has passed"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(sub, "plan", _("the annual action plan and its fulfilment per quarter"), cmd_plan)
    p.add_argument("--year", metavar="Y", default=None, help=_("the plan's year (default: this year)"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def parse_date(option: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option value; one clear error naming the option otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DeskError(_("{option}: expected a date YYYY-MM-DD, not “{value}”.").format(
            option=option, value=value)) from None


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


def cmd_roster(ctx: Context) -> int:
    from desk.domain import rules
    from desk.services import roster

    ws = ctx.workspace()
    day = parse_date("--as-of", ctx.args.as_of) or dt.date.today()
    body = rules.COUNCIL if ctx.args.council else rules.ASSEMBLY
    lang = current_language()
    entries = roster.roster(ws, day, body=body)
    warnings = roster.warnings(ws, day)
    if ctx.args.json:
        print_json({"as_of": day.isoformat(), "body": body, "members_total": len(entries),
                    "members": [e.to_dict(lang) for e in entries], "warnings": [w.message for w in warnings]})
        return 0
    rows = [e.to_dict(lang) for e in entries]
    print_table(rows, [("name", _("Full name")), ("category_label", _("Category")), ("roles_label", _("Roles")),
                       ("admitted_on", _("Admitted on")), ("left_on", _("Left on"))])
    title = _("Council members on {date}: {n}") if ctx.args.council else _("Members of the assembly on {date}: {n}")
    print(title.format(date=day.isoformat(), n=len(entries)))
    for w in warnings:
        print(f"⚠ {w.message}")
    return 0


def _meeting_line(d: dict[str, Any]) -> str:
    number = f" № {d['number']}" if d["number"] else ""
    state = _("valid") if d["quorate"] else _("not valid")
    return _("{date}  {kind}{number}: {present} of {total} present (at least {needed} needed), {state}").format(
        date=d["date"], kind=d["kind_label"], number=number, present=d["present"], total=d["members_total"],
        needed=d["quorum_needed"], state=state)


def no_meetings_sentence(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """What `desk meetings` says when the period holds no meeting, with the dates as the language writes them."""
    if date_from and date_to:
        if date_from == date_to:
            return _("No meeting was held on {date}.").format(date=format_date(date_from))
        return _("No meetings were held from {start} to {end}.").format(
            start=format_date(date_from), end=format_date(date_to))
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
    lang = current_language()
    found = [r.to_dict(lang) for r in meetings.meetings(ws, date_from=date_from, date_to=date_to)]
    if ctx.args.json:
        print_json(found)
        return 0
    for d in found:
        print(_meeting_line(d))
        for dec in d["decisions"]:
            outcome = _("adopted") if dec["adopted"] else _("not adopted")
            print("    " + _("{number}. {title}: for {for_}, against {against}, abstained {abstained}: {outcome}")
                  .format(number=dec["number"] or "—", title=dec["title"], for_=dec["votes_for"],
                          against=dec["votes_against"], abstained=dec["abstained"], outcome=outcome))
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
    lang = current_language()
    rows = [r.to_dict(lang) for r in decisions.items(ws, overdue_only=ctx.args.overdue)]
    if ctx.args.json:
        print_json(rows)
        return 0
    print_table(rows, [("deadline", _("Deadline")), ("status_label", _("Status")),
                       ("days_overdue", _("Days overdue")), ("responsible", _("Responsible")),
                       ("task", _("Task")), ("meeting_date", _("Meeting")), ("decision", _("Decision"))])
    if ctx.args.overdue:
        print(_("Overdue items: {n}").format(n=len(rows)))
    else:
        print(_("Items under control: {n}, overdue: {overdue}").format(
            n=len(rows), overdue=sum(1 for r in rows if r["overdue"])))
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
            raise DeskError(_("--year: expected a year such as 2025, not “{value}”.").format(value=raw)) from None
        if not 1900 <= year <= 2200:
            raise DeskError(_("--year: expected a year such as 2025, not “{value}”.").format(value=raw))
    lang = current_language()
    report = plan.plan(ws, year)
    if ctx.args.json:
        print_json(report.to_dict(lang))
        return 0
    rows = []
    for r in report.rows:
        d = r.to_dict(lang)
        d["events_count"] = len(d["events"])
        d["fulfilled_label"] = _yes_no(r.fulfilled)
        rows.append(d)
    print_table(rows, [("quarter", _("Quarter")), ("title", _("Title")), ("responsible", _("Responsible")),
                       ("events_count", _("Events")), ("fulfilled_label", _("Held"))])
    for q in report.quarters:
        share = "—" if q.percent is None else f"{q.percent} %"
        print(_("{quarter}: {fulfilled} of {planned} items fulfilled ({share})").format(
            quarter=quarter_name(year, q.quarter or 1, lang), fulfilled=q.fulfilled, planned=q.planned, share=share))
    total = report.total
    share = "—" if total.percent is None else f"{total.percent} %"
    print(_("Year {year}: {fulfilled} of {planned} items fulfilled ({share})").format(
        year=year, fulfilled=total.fulfilled, planned=total.planned, share=share))
    return 0
