"""Commands for quarters between a region and the centre: `desk quarter submit|list` in a region; `desk central
quarters` (the republic at a glance) and `desk central quarter accept|return|reopen|show|deadline` at the centre.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desk.cli import Context, add_command
from desk.cli.output import print_json, print_table
from desk.errors import DeskError
from desk.i18n import _, current_language

_warning_printer: list[Any] = []


def _print_warnings(sentences: list[str]) -> None:
    for sentence in sentences:
        print("desk: " + _("Warning: {warning}").format(warning=sentence), file=sys.stderr)


def listen_for_warnings() -> None:
    """Edits to records dated in a submitted quarter are said on the command line after they are saved (called
    when a command opens its data folder: parsing the options, `desk --version` included, stays light)."""
    if not _warning_printer:
        from desk.store.quarter_guard import on_warning

        _warning_printer.append(on_warning(_print_warnings))


def _central_subparsers(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    central = sub.choices["central"]  # made by desk.cli.sync
    return next(a for a in central._actions if isinstance(a, argparse._SubParsersAction))


def _period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, metavar="Y", help=_("the year, e.g. 2026"))
    p.add_argument("--quarter", type=int, required=True, metavar="Q", help=_("the quarter: 1, 2, 3 or 4"))


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "quarter", _("the region's quarters: submit one to the centre, list their states"))
    q_sub = p.add_subparsers(dest="quarter_command", metavar=_("COMMAND"), required=True)
    p = add_command(
        q_sub, "submit", _("freeze the quarter's figures and report, signed, for the next bundle"), cmd_submit
    )
    _period_options(p)
    p = add_command(q_sub, "list", _("the quarters' states and the centre's decisions"), cmd_list)
    p.add_argument("--count", type=int, default=8, metavar="N", help=_("how many quarters (default 8)"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    central_sub = _central_subparsers(sub)
    p = add_command(
        central_sub,
        "quarters",
        _("the republic at a glance: every region × quarter, with the last bundle's age"),
        cmd_republic,
    )
    p.add_argument("--count", type=int, default=4, metavar="N", help=_("how many quarters (default 4)"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p = add_command(central_sub, "quarter", _("decide on a region's submitted quarter"))
    c_sub = p.add_subparsers(dest="central_quarter_command", metavar=_("COMMAND"), required=True)
    for name, help_text, needs_comment in (
        ("accept", _("accept a submitted quarter: it is locked in the region"), False),
        ("return", _("return a submitted quarter for correction, with a comment"), True),
        ("reopen", _("reopen an accepted quarter for a correction, with a comment"), True),
    ):
        p = add_command(c_sub, name, help_text, cmd_decide)
        p.add_argument("region", metavar="KZ-NN")
        _period_options(p)
        p.add_argument(
            "--comment",
            default="",
            required=needs_comment,
            metavar="TEXT",
            help=_("what the region must correct"),
        )
    p = add_command(
        c_sub, "show", _("a region's submitted quarter: figures, changes, signature, PDF"), cmd_show
    )
    p.add_argument("region", metavar="KZ-NN")
    _period_options(p)
    p.add_argument(
        "--pdf", default=None, metavar="FILE", help=_("write the region's report to this PDF file")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p = add_command(c_sub, "deadline", _("set the day by which regions must submit a quarter"), cmd_deadline)
    _period_options(p)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("the deadline"))


def print_decisions(decisions: Iterable[Any]) -> None:
    from desk.sync.quarters import decision_sentence

    for d in decisions:
        print(decision_sentence(d))


# --- the region ------------------------------------------------------------------------------------------------


def cmd_submit(ctx: Context) -> int:
    from desk.sync.quarters import submit

    ws = ctx.workspace()
    done = submit(ws, ctx.args.year, ctx.args.quarter)
    p = done.status.period
    if done.correction:
        print(
            _(
                "{quarter} submitted again as a correction (version {version}); the next bundle carries it."
            ).format(quarter=p.label(), version=done.submission.version)
        )
    else:
        print(_("{quarter} submitted; the next bundle carries it to the centre.").format(quarter=p.label()))
    print(_("Report SHA-256: {hash}").format(hash=done.submission.report_sha256))
    return 0


def cmd_list(ctx: Context) -> int:
    import datetime as dt

    from desk.domain import quarters as rules
    from desk.services import quarters as service

    ws = ctx.workspace()
    if ws.is_central:
        raise DeskError(_("This is the central office's data folder: use “desk central quarters”."))
    known = service.statuses(ws, ws.region)
    rows = []
    for p in reversed(rules.recent(dt.date.today(), max(1, ctx.args.count))):
        s = known.get((ws.region, p)) or rules.QuarterStatus(ws.region, p, rules.NOT_SENT)
        rows.append(
            {
                "quarter": p.key(),
                "label": p.label(),
                "state": s.state,
                "state_text": _(rules.STATE_TITLES[s.state]),
                "version": s.submission.version if s.submission else None,
                "submitted_at": s.submission.submitted_at if s.submission else None,
                "decided_at": s.decision.decided_at if s.decision else None,
                "comment": s.decision.comment if s.decision else "",
            }
        )
    if ctx.args.json:
        print_json([{k: v for k, v in r.items() if k not in ("label", "state_text")} for r in rows])
        return 0
    from desk.i18n import format_moment

    for r in rows:  # a person reads a moment as the window shows it (local time), scripts get ISO in --json
        r["submitted_text"] = format_moment(r["submitted_at"])
        r["decided_text"] = format_moment(r["decided_at"])
    print_table(
        rows,
        [
            ("label", _("Quarter")),
            ("state_text", _("State")),
            ("version", _("Version")),
            ("submitted_text", _("Submitted")),
            ("decided_text", _("Decided")),
            ("comment", _("Comment")),
        ],
    )
    return 0


# --- the centre ------------------------------------------------------------------------------------------------


def cmd_republic(ctx: Context) -> int:
    import datetime as dt

    from desk.domain import quarters as rules
    from desk.sync.quarters import republic

    ws = ctx.workspace()
    table = republic(ws, rules.recent(dt.date.today(), max(1, ctx.args.count)), current_language())
    if ctx.args.json:
        print_json(table.to_dict())
        return 0
    rows = []
    for r in table.rows:
        row: dict[str, Any] = {"region": r.code, "name": r.name}
        for p, c in r.cells.items():
            row[p.key()] = c.text()
        row["age"] = (
            _("{days} d").format(days=r.last_bundle_age_days)
            if r.last_bundle_age_days is not None
            else _("none")
        )
        rows.append(row)
    print_table(
        rows,
        [("region", _("Region")), ("name", _("Name"))]
        + [(p.key(), p.label()) for p in table.periods]
        + [("age", _("Last bundle"))],
        max_width=32,
    )
    for p in table.periods:
        day = table.deadlines[p]
        if day is not None:
            print(_("Deadline for {quarter}: {date}").format(quarter=p.label(), date=rules.day_text(day)))
    return 0


def cmd_decide(ctx: Context) -> int:
    from desk.domain import quarters as rules
    from desk.sync.quarters import decide, decision_sentence

    action = {"accept": rules.ACCEPTED, "return": rules.RETURNED, "reopen": rules.REOPENED}[
        ctx.args.central_quarter_command
    ]
    ws = ctx.workspace()
    done = decide(ws, ctx.args.region, ctx.args.year, ctx.args.quarter, action, ctx.args.comment)
    print(decision_sentence(done.decision))
    if done.receipt is not None:
        print(
            _("Send the region its receipt, which now carries the decision: {path}").format(path=done.receipt)
        )
    else:
        print(_("No bundle of the region was imported yet: the decision goes with its next receipt."))
    return 0


def cmd_show(ctx: Context) -> int:
    import json

    from desk.domain import quarters as rules
    from desk.services import quarters as service
    from desk.sync.quarters import pdf_of, verify

    ws = ctx.workspace()
    region = service.check_region(ctx.args.region)
    p = service.period(ctx.args.year, ctx.args.quarter)
    rows = service.submission_rows(ws, region, p)
    if not rows:
        raise DeskError(
            _("{quarter} of {region} has not been submitted: there is nothing to decide on.").format(
                quarter=p.label(), region=region
            )
        )
    latest = rows[-1]
    status = service.status(ws, region, p)
    problem = verify(ws, latest)
    fix = service.correction(ws, region, p)
    if ctx.args.pdf:
        target = Path(ctx.args.pdf)
        target.write_bytes(pdf_of(latest))
    if ctx.args.json:
        print_json(
            {
                "region": region,
                "quarter": p.key(),
                "state": status.state,
                "version": latest.version,
                "submitted_at": latest.submitted_at,
                "report_sha256": latest.report_sha256,
                "signature_problem": problem,
                "figures": json.loads(latest.figures),
                "changes": [c.__dict__ for c in fix.changes] if fix else None,
            }
        )
        return 0
    print(rules.submission_line(status, region, latest.version, latest.submitted_at))
    print(problem or _("Signature and hashes verified."))
    figures = rules.flatten(json.loads(latest.figures))
    print_table(
        [{"figure": k, "value": v} for k, v in figures.items()],
        [("figure", _("Figure")), ("value", _("Value"))],
    )
    if fix is not None:
        print(_("Changed since version {version}:").format(version=fix.before))
        print_table(
            [{"figure": c.figure, "before": c.before, "after": c.after} for c in fix.changes],
            [("figure", _("Figure")), ("before", _("Before")), ("after", _("After"))],
        )
    if ctx.args.pdf:
        print(_("The region's report: {path}").format(path=ctx.args.pdf))
    return 0


def cmd_deadline(ctx: Context) -> int:
    from desk.cli.governance import parse_date
    from desk.domain import quarters as rules
    from desk.services import quarters as service

    ws = ctx.workspace()
    p = service.period(ctx.args.year, ctx.args.quarter)
    day = parse_date("--date", ctx.args.date)
    assert day is not None
    service.set_deadline(ws, p, day)
    print(_("Deadline for {quarter}: {date}").format(quarter=p.label(), date=rules.day_text(day)))
    return 0


def demo_republic(ctx: Context, progress: Any) -> int:
    """`desk demo --central DIR`."""
    from desk.demo_republic import build

    built = build(Path(ctx.args.central), size=ctx.args.size, seed=ctx.args.seed, progress=progress)
    print(
        _("The demo republic is in {folder}: the central office in {central}, {count} regions.").format(
            folder=built.folder, central=built.central, count=len(built.regions)
        )
    )
    if built.submitted is not None:
        print(_("Every region submitted {quarter}.").format(quarter=built.submitted.label()))
    return 0
