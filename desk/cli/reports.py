"""`desk report …`: the quarterly report and the register reports as PDF, in kk, ru, en or all three.

    desk report quarterly --year 2025 --quarter 3 --lang all -o q3.pdf
    desk report quarterly --year 2025 --quarter 3 --lang ru -o q3.docx      (an editable Word document)
    desk report associations --as-of 2025-09-30 --filter ethnic_group=korean --lang kk -o register.pdf
    desk report roster --as-of 2025-09-30 -o roster.pdf
    desk report events --from 2025-07-01 --to 2025-09-30 -o events.pdf
    desk report meeting --date 2025-05-30 -o protocol.pdf      (or --id MEETING_ID)

Here `--lang` is the report's language (`all`: the three versions in one PDF); messages follow it when it is one
language, and with `all` stay in the data folder's saved language (else the system's). The PDF is written to a temporary file next to the target and moved into place when complete, so a
failure never leaves half a report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from desk.cli import Context, add_command
from desk.cli.options import checked_region, one_region
from desk.collection import collection_paused
from desk.errors import DeskError, cannot_write
from desk.i18n import _, current_language

REPORT_LANGS = ("kk", "kk-Latn", "ru", "en", "all")


def _report_parser(
    sub: argparse._SubParsersAction, name: str, help_text: str, handler: Callable[[Context], int]
) -> argparse.ArgumentParser:
    """A report subcommand: the common --home and --operator, and --lang taking `all` too."""
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=_("data folder (default: $DESK_HOME, else the per-user data folder)"),
    )
    p.add_argument(
        "--operator",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=_("operator name written to the audit log"),
    )
    p.add_argument(
        "--lang",
        choices=REPORT_LANGS,
        default=None,
        help=_(
            "language of the report: kk, kk-Latn (Kazakh in Latin), ru, en, or all for every version in one PDF"
        ),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE.pdf",
        default=None,
        help=_("where to write the PDF (default: a file named after the report in this folder)"),
    )
    p.set_defaults(handler=handler)
    return p


def register(sub: argparse._SubParsersAction) -> None:
    report = add_command(sub, "report", _("print a report as PDF"))
    kinds = report.add_subparsers(dest="report", metavar=_("REPORT"))
    report.set_defaults(handler=_missing_kind(report))

    p = _report_parser(kinds, "quarterly", _("the quarterly report of the regional assembly"), cmd_quarterly)
    p.add_argument(
        "--region",
        default=None,
        metavar="KZ-NN",
        help=_("central office: one region only (default: the whole republic, with a table by region)"),
    )
    p.add_argument("--year", type=int, default=None, help=_("year (default: this year)"))
    p.add_argument("--quarter", type=int, default=None, help=_("quarter 1–4 (default: the current quarter)"))
    p.add_argument(
        "--format",
        dest="fmt",
        choices=["pdf", "docx"],
        default=None,
        help=_(
            "pdf (to print and sign) or docx (an editable Word document); default: from the name "
            "given with -o, else pdf"
        ),
    )

    p = _report_parser(
        kinds, "associations", _("the register of associations as of a date"), cmd_associations
    )
    p.add_argument("--region", default=None, metavar="KZ-NN", help=_("central mode: one region only"))
    p.add_argument(
        "--as-of", default=None, metavar="YYYY-MM-DD", help=_("date of the register (default: today)")
    )
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=_("filter, e.g. status=active, ethnic_group=korean, district_id=…"),
    )

    p = _report_parser(kinds, "roster", _("the roster of the assembly's members as of a date"), cmd_roster)
    p.add_argument(
        "--as-of", default=None, metavar="YYYY-MM-DD", help=_("date of the roster (default: today)")
    )
    p.add_argument(
        "--region", default=None, metavar="KZ-NN", help=_("the region's assembly (required in central mode)")
    )

    p = _report_parser(kinds, "events", _("the events log of a period"), cmd_events)
    p.add_argument("--region", default=None, metavar="KZ-NN", help=_("central mode: one region only"))
    p.add_argument(
        "--from",
        dest="date_from",
        default=None,
        metavar="YYYY-MM-DD",
        help=_("first day (default: the first day of the current quarter)"),
    )
    p.add_argument(
        "--to", dest="date_to", default=None, metavar="YYYY-MM-DD", help=_("last day (default: today)")
    )
    p.add_argument("--status", default=None, help=_("only events with this status (held, planned, …)"))
    p.add_argument("--type", dest="event_type", default=None, help=_("only events of this type (seminar, …)"))

    p = _report_parser(kinds, "meeting", _("the protocol of a session or council meeting"), cmd_meeting)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", dest="meeting_id", default=None, help=_("the meeting's id"))
    which.add_argument("--date", default=None, metavar="YYYY-MM-DD", help=_("the meeting's date"))
    p.add_argument(
        "--region",
        default=None,
        metavar="KZ-NN",
        help=_("central mode: the region whose meeting --date names"),
    )


def _missing_kind(parser: argparse.ArgumentParser) -> Callable[[Context], int]:
    def handler(ctx: Context) -> int:
        parser.print_help()
        return 2

    return handler


def parse_day(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value; a clear error naming the option otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DeskError(
            _("{option}: “{value}” is not a date (YYYY-MM-DD).").format(option=option, value=value)
        ) from None


def _region(ctx: Context, ws: Any) -> str | None:
    """--region: a region code; in a region's data folder only its own region."""
    return checked_region(getattr(ctx.args, "region", None), ws)


def _lang(ctx: Context) -> str:
    return ctx.args.lang or current_language()


def _write(ctx: Context, default_name: str, render: Callable[[IO[bytes]], Any]) -> Path:
    """Render into a temporary file beside the target, then move it into place."""
    target = Path(ctx.args.output or default_name).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise DeskError(_("-o: the folder {folder} does not exist.").format(folder=folder))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=target.suffix or ".pdf", dir=folder)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh, collection_paused():
            render(fh)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise cannot_write(target, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(_("Wrote {file}.").format(file=target))
    from desk.reports.fallback import undrawable

    missing = undrawable()
    if missing:
        print(
            _("warning: no font of the report can draw {chars}; they are printed as \ufffd.").format(
                chars=missing.describe()
            ),
            file=sys.stderr,
        )
    return target


def cmd_quarterly(ctx: Context) -> int:
    from desk.reports.quarterly import render_quarterly
    from desk.services.quarterly import quarter_bounds

    today = dt.date.today()
    year = ctx.args.year or today.year
    quarter = ctx.args.quarter or (today.month - 1) // 3 + 1
    quarter_bounds(
        year, quarter
    )  # a clear error for a quarter that does not exist, before anything is written
    ws = ctx.workspace()
    region = _region(ctx, ws)
    lang = _lang(ctx)
    fmt = ctx.args.fmt or ("docx" if str(ctx.args.output or "").lower().endswith(".docx") else "pdf")
    if fmt == "docx":
        from desk.reports.quarterly import render_quarterly_docx

        _write(
            ctx,
            f"quarterly-{year}-Q{quarter}-{lang}.docx",
            lambda fh: render_quarterly_docx(ws, fh, year=year, quarter=quarter, lang=lang, region=region),
        )
        return 0
    _write(
        ctx,
        f"quarterly-{year}-Q{quarter}-{lang}.pdf",
        lambda fh: render_quarterly(ws, fh, year=year, quarter=quarter, lang=lang, region=region),
    )
    return 0


def _filters(pairs: list[str]) -> dict[str, str]:
    from desk.services.associations import SPEC

    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise DeskError(_("--filter: “{value}” is not KEY=VALUE.").format(value=pair))
        if key not in SPEC.filters:
            raise DeskError(
                _("--filter: unknown key “{key}”; use one of: {keys}.").format(
                    key=key, keys=", ".join(sorted(SPEC.filters))
                )
            )
        out[key] = value.strip()
    return out


def cmd_associations(ctx: Context) -> int:
    from desk.reports.associations import render_associations

    day = parse_day(ctx.args.as_of, "--as-of") or dt.date.today()
    filters: dict[str, Any] = dict(_filters(ctx.args.filter))
    for key in ("registered_from", "registered_to"):
        if key in filters:
            filters[key] = parse_day(filters[key], f"--filter {key}")
    ws = ctx.workspace()
    region = _region(ctx, ws)
    lang = _lang(ctx)
    _write(
        ctx,
        f"associations-{day.isoformat()}-{lang}.pdf",
        lambda fh: render_associations(ws, fh, lang=lang, as_of=day, filters=filters, region=region),
    )
    return 0


def cmd_roster(ctx: Context) -> int:
    from desk.reports.roster import render_roster

    day = parse_day(ctx.args.as_of, "--as-of") or dt.date.today()
    ws = ctx.workspace()
    region = one_region(ctx.args.region, ws)
    lang = _lang(ctx)
    _write(
        ctx,
        f"roster-{day.isoformat()}-{lang}.pdf",
        lambda fh: render_roster(ws, fh, lang=lang, as_of=day, region=region),
    )
    return 0


def cmd_events(ctx: Context) -> int:
    from desk.domain import reference
    from desk.reports.events import render_events

    today = dt.date.today()
    start = parse_day(ctx.args.date_from, "--from") or dt.date(
        today.year, 3 * ((today.month - 1) // 3) + 1, 1
    )
    end = parse_day(ctx.args.date_to, "--to") or today
    if start > end:
        raise DeskError(
            _("--from: the first day {start} is after the last day {end}.").format(
                start=start.isoformat(), end=end.isoformat()
            )
        )
    for option, value, terms in (
        ("--status", ctx.args.status, reference.EVENT_STATUSES),
        ("--type", ctx.args.event_type, reference.terms("event_types")),
    ):
        if value and reference.by_code(terms, value) is None:
            raise DeskError(
                _("{option}: unknown value “{value}”; use one of: {codes}.").format(
                    option=option, value=value, codes=", ".join(t.code for t in terms)
                )
            )
    ws = ctx.workspace()
    region = _region(ctx, ws)
    lang = _lang(ctx)
    _write(
        ctx,
        f"events-{start.isoformat()}-{end.isoformat()}-{lang}.pdf",
        lambda fh: render_events(
            ws,
            fh,
            lang=lang,
            date_from=start,
            date_to=end,
            status=ctx.args.status,
            event_type=ctx.args.event_type,
            region=region,
        ),
    )
    return 0


def cmd_meeting(ctx: Context) -> int:
    from desk.reports.meeting import find_meeting, render_meeting

    day = parse_day(ctx.args.date, "--date")
    ws = ctx.workspace()
    region = checked_region(ctx.args.region, ws)
    result = find_meeting(
        ws, meeting_id=ctx.args.meeting_id, day=day, region=region
    )  # errors before any file
    lang = _lang(ctx)
    _write(
        ctx,
        f"meeting-{result.meeting.date.isoformat()}-{lang}.pdf",
        lambda fh: render_meeting(ws, fh, lang=lang, meeting_id=result.meeting.id),
    )
    return 0
