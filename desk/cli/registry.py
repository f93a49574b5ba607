"""Commands for the registers: init, demo, list, search, check."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

from desk.cli import Context, add_command
from desk.cli.list_columns import COLUMNS as COLUMNS  # the table's columns, the light list's too
from desk.cli.list_columns import LIST_KINDS as LIST_KINDS
from desk.cli.options import checked_region
from desk.cli.output import print_json, print_table
from desk.errors import DeskError
from desk.i18n import N_, _, current_language


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "init", _("create the region's database in the data folder"), cmd_init)
    p.add_argument(
        "--region", required=True, metavar="KZ-NN", help=_("ISO 3166-2 code of the region, e.g. KZ-35")
    )

    p = add_command(sub, "demo", _("fill the data folder with a realistic demo data set"), cmd_demo)
    p.add_argument("--size", choices=("small", "large"), default="small", help=_("small (seconds) or large"))
    p.add_argument(
        "--region", default=None, metavar="KZ-NN", help=_("region of a new demo database (default KZ-35)")
    )
    p.add_argument(
        "--seed", type=int, default=2025, help=_("random seed (the same seed gives the same data)")
    )
    p.add_argument(
        "--central",
        default=None,
        metavar="DIR",
        help=_(
            "build the whole demo republic in DIR: 20 regions, their bundles, a central office, submitted quarters"
        ),
    )

    p = add_command(sub, "list", _("list a register"), cmd_list)
    p.add_argument("kind", choices=LIST_KINDS)
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--search", default="", metavar="TEXT", help=_("only records whose names match TEXT"))
    p.add_argument("--sort", default="name", help=_("sort column"))
    p.add_argument("--desc", action="store_true", help=_("sort descending"))
    p.add_argument("--limit", type=int, default=100, help=_("at most this many rows (0: all)"))
    p.add_argument("--offset", type=int, default=0, help=_("skip this many rows"))
    p.add_argument("--archived", action="store_true", help=_("include archived records"))
    p.add_argument("--region", default=None, metavar="KZ-NN", help=_("central mode: one region only"))
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=_("filter, e.g. status=active, ethnic_group=korean, district_id=…"),
    )

    p = add_command(sub, "search", _("search names in every register"), cmd_search)
    p.add_argument("text")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--limit", type=int, default=50, help=_("at most this many hits"))
    p.add_argument("--region", default=None, metavar="KZ-NN", help=_("central mode: one region only"))

    p = add_command(sub, "check", _("check the database's integrity and consistency"), cmd_check)
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--repair", action="store_true", help=_("rebuild the search index before checking"))


def cmd_init(ctx: Context) -> int:
    from desk.setup_region import init_region

    ws = init_region(ctx.home_dir, ctx.args.region.upper())
    print(
        _("Created the database of {region} in {folder}.").format(
            region=ws.region_name(current_language()), folder=ctx.home_dir
        )
    )
    ws.close()
    return 0


def cmd_demo(ctx: Context) -> int:
    from desk.services import demo
    from desk.setup_region import init_region
    from desk.store.home import Home

    if ctx.args.central:  # the demo republic (desk/cli/quarters.py)
        from desk.cli.quarters import demo_republic

        return demo_republic(ctx, _progress_printer())
    if Home(ctx.home_dir).exists():
        ws = ctx.workspace()
        if ctx.args.region and ctx.args.region.upper() != ws.region:
            raise DeskError(_("This data folder belongs to {region}.").format(region=ws.region))
    else:
        ws = init_region(ctx.home_dir, (ctx.args.region or "KZ-35").upper())
        ctx._workspace = ws
    counts = demo.generate(ws, size=ctx.args.size, seed=ctx.args.seed, progress=_progress_printer())
    summary = ", ".join(f"{name}: {n}" for name, n in counts.items())
    print(_("Demo data added to {folder}: {summary}.").format(folder=ctx.home_dir, summary=summary))
    return 0


def _progress_printer() -> Callable[[int, int, str], bool]:
    interactive = sys.stderr.isatty()

    def report(done: int, total: int, what: str) -> bool:
        if interactive:
            sys.stderr.write(f"\r{what} {done}/{total}   ")
            if done >= total:
                sys.stderr.write("\n")
        return True

    return report


def _parse_filters(items: list[str]) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise DeskError(_("A filter is written KEY=VALUE, not “{item}”.").format(item=item))
        parsed: Any = value
        if key.endswith(("_from", "_to")):
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                raise DeskError(_("{key}: expected a date YYYY-MM-DD.").format(key=key)) from None
        filters[key.strip()] = parsed
    return filters


def _registers() -> dict[str, Any]:
    from desk.services import associations, events, houses, persons

    return {
        "associations": associations.REGISTER,
        "houses": houses.REGISTER,
        "events": events.REGISTER,
        "persons": persons.REGISTER,
    }


def display_rows(ws: Any, kind: str, objs: list[Any], lang: str) -> list[dict[str, Any]]:
    from desk.services import rows
    from desk.services.districts import all_districts

    districts = rows.district_names(all_districts(ws, lang), lang)
    if kind == "associations":
        return [rows.association_row(o, lang, districts) for o in objs]
    if kind == "houses":
        return [rows.house_row(o, lang, districts) for o in objs]
    if kind == "events":
        return [rows.event_row(o, lang) for o in objs]
    return [rows.person_row(o, lang, districts) for o in objs]


def cmd_list(ctx: Context) -> int:
    from desk.services.records import ListQuery
    from desk.services.rows import record_dict

    ws = ctx.workspace()
    a = ctx.args
    lang = current_language()
    register = _registers()[a.kind]
    if a.sort not in register.spec.sorts:
        raise DeskError(
            _("Cannot sort by “{sort}”. Choose one of: {choices}.").format(
                sort=a.sort, choices=", ".join(register.spec.sorts)
            )
        )
    q = ListQuery(
        text=a.search,
        filters=_parse_filters(a.filter),
        sort=a.sort,
        descending=a.desc,
        offset=a.offset,
        limit=a.limit if a.limit > 0 else 10**9,
        include_archived=a.archived,
        lang=lang,
        region=checked_region(a.region, ws),
    )
    page = register.list_page(ws, q)
    if a.json:
        print_json(
            {
                "kind": a.kind,
                "total": page.total,
                "offset": a.offset,
                "rows": [record_dict(o) for o in page.rows],
            }
        )
        return 0
    table = display_rows(ws, a.kind, page.rows, lang)
    columns = [(k, _(h)) for k, h in COLUMNS[a.kind]]
    if ws.is_central and q.region is None:  # every region's records together: each row says whose it is
        for row, obj in zip(table, page.rows, strict=True):
            row["region"] = obj.region
        columns.insert(0, ("region", _("Region")))
    print_table(table, columns)
    print(_("{shown} of {total}").format(shown=len(page.rows), total=page.total))
    return 0


KIND_LABELS = {
    "association": N_("association"),
    "house": N_("House of Friendship"),
    "event": N_("event"),
    "person": N_("person"),
}


def cmd_search(ctx: Context) -> int:
    from desk.services.search import search

    ws = ctx.workspace()
    region = checked_region(ctx.args.region, ws)
    hits = search(ws, ctx.args.text, lang=current_language(), limit=ctx.args.limit, region=region)
    if ctx.args.json:
        print_json([{"kind": h.kind, "id": h.id, "region": h.region, "title": h.title} for h in hits])
        return 0
    print_table(
        [{"kind": _(KIND_LABELS[h.kind]), "title": h.title, "region": h.region} for h in hits],
        [("kind", _("Kind")), ("title", _("Name")), ("region", _("Region"))],
    )
    return 0


def cmd_check(ctx: Context) -> int:
    from desk.services.folder_check import errors, run_checks

    ws = ctx.workspace()
    if ctx.args.repair:
        from desk.services.search import rebuild_index

        print(_("Search index rebuilt: {n} entries.").format(n=rebuild_index(ws)))
    problems = run_checks(ws)
    failed = errors(problems)
    if ctx.args.json:
        print_json(
            {
                "ok": not failed,
                "problems": [{"check": p.check, "level": p.level, "message": p.message} for p in problems],
            }
        )
    elif problems:
        for p in problems:
            print(f"{'✗' if p.level == 'error' else '!'} {p.message}")
    if not ctx.args.json and not failed:
        print(_("No problems found.") if not problems else _("The data is sound; see the warnings above."))
    return 1 if failed else 0
