"""`desk list` without the database layer (issue 16, start-up): the common cases answered from the standard
library's sqlite3 (desk.store.light_read), printing exactly what the full command (desk.cli.registry.cmd_list)
prints, in a fraction of its time.

`run_light(argv)` answers only what it handles in full and returns None for anything else, before it has printed
anything: then `desk.cli.main` runs the full command as always. It handles
`[--home DIR] [--lang L] [--operator NAME] list KIND [--json] [--sort S] [--desc] [--limit N] [--offset N]
[--archived]`, the common options before or after `list`, each option at most once, `--opt VALUE` or `--opt=VALUE`,
on a region's folder that `desk.store.light_read.open_region_folder` reads. Not handled (the full command runs):
--search, --filter, --region, --help, an unknown or abbreviated option, a value argparse might read otherwise (one
starting with "-", a number that is not plain digits), an unknown sort, and every folder the full path would
migrate, back up, refuse or warn about.
"""

from __future__ import annotations

import sys

from desk.cli.list_columns import COLUMNS, LIST_KINDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from desk.store.light_read import RegionFolder

COMMON_OPTIONS = ("--home", "--lang", "--operator")
LIST_VALUES = ("--sort", "--limit", "--offset")
LIST_FLAGS = ("--json", "--desc", "--archived")


class Request:
    """A `desk list` the light path answers: the parsed options."""

    def __init__(self) -> None:
        self.options: dict[str, str] = {}
        self.kind = ""

    @property
    def json(self) -> bool:
        return "--json" in self.options

    @property
    def sort(self) -> str:
        return self.options.get("--sort", "name")

    @property
    def limit(self) -> int:
        return int(self.options.get("--limit", "100"))

    @property
    def offset(self) -> int:
        return int(self.options.get("--offset", "0"))


def parse(argv: Sequence[str]) -> Request | None:
    """The request, when argv is a `desk list` this path handles in full; else None."""
    request = Request()
    command = False
    i = 0
    while i < len(argv):
        token = argv[i]
        i += 1
        name, equals, value = token.partition("=")
        if name in request.options:
            return None  # given twice: argparse's "last wins" is the full path's business
        if name in COMMON_OPTIONS or (command and name in LIST_VALUES):
            if not equals:
                if i >= len(argv):
                    return None
                value = argv[i]
                i += 1
            if not value or value.startswith("-"):
                return None
            request.options[name] = value
        elif command and token in LIST_FLAGS:
            request.options[token] = ""
        elif token.startswith("-"):
            return None
        elif not command:
            if token != "list":
                return None
            command = True
        elif not request.kind and token in LIST_KINDS:
            request.kind = token
        else:
            return None
    if not request.kind:
        return None
    for number in ("--limit", "--offset"):
        text = request.options.get(number, "0")
        if not (text.isascii() and text.isdigit()):
            return None
    from desk.i18n import LANGUAGES

    if request.options.get("--lang", "kk") not in LANGUAGES:
        return None
    from desk.store.light_read import SORTS

    if request.sort not in SORTS[request.kind]:
        return None
    return request


def _language(request: Request) -> str:
    """As desk.cli.command._pick_language: --lang, else the folder's saved language, else the system's."""
    from desk.i18n import LANGUAGES, system_language

    lang = request.options.get("--lang")
    if lang in LANGUAGES:
        return lang
    try:
        from desk.settings import saved_language
        from desk.store.home import resolve_home

        lang = saved_language(resolve_home(request.options.get("--home")))
    except Exception:  # noqa: BLE001 - as the full path: an unreadable settings file does not stop the command
        lang = None
    return lang if lang in LANGUAGES else system_language()


def run_light(argv: Sequence[str]) -> int | None:
    """Answer a `desk list` from the light path: its exit code, or None (nothing printed) when it does not."""
    try:
        request = parse(argv)
        if request is None:
            return None
        from desk.i18n import set_language
        from desk.store.home import resolve_home
        from desk.store.light_read import open_region_folder

        lang = _language(request)
        folder = open_region_folder(resolve_home(request.options.get("--home")))
        if folder is None:
            return None
        set_language(lang)
        with folder:
            text = render(folder, request, lang)
    except Exception:  # noqa: BLE001 - whatever the light path trips on, the full path does it (and says it)
        return None
    from desk.cli.streams import utf8_streams

    utf8_streams(argv)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    return 0


def render(folder: RegionFolder, request: Request, lang: str) -> str:
    """What the full command prints for the request, as one text."""
    import contextlib
    import io

    from desk.cli.output import print_json, print_table
    from desk.i18n import _, data_language

    records, total = folder.page(
        request.kind,
        sort=request.sort,
        lang=data_language(lang),
        descending="--desc" in request.options,
        offset=request.offset,
        limit=request.limit if request.limit > 0 else 10**9,
        include_archived="--archived" in request.options,
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if request.json:
            print_json(
                {"kind": request.kind, "total": total, "offset": request.offset, "rows": _jsonable(records)}
            )
        else:
            table = display_rows(folder, request.kind, records, lang)
            print_table(table, [(k, _(h)) for k, h in COLUMNS[request.kind]])
            print(_("{shown} of {total}").format(shown=len(records), total=total))
    return out.getvalue()


def _jsonable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """As desk.services.rows.record_dict: every column but the sort keys, dates and times in ISO form."""
    import datetime as dt

    hidden = {"sort_kk", "sort_ru", "sort_en", "sort_name"}
    return [
        {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items() if k not in hidden}
        for r in records
    ]


def display_rows(
    folder: RegionFolder, kind: str, records: list[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """The table's cells, as desk.cli.registry.display_rows (desk.services.rows) makes them from records."""
    from desk.domain import reference
    from desk.domain.names import full_name, shown_name
    from desk.domain.reference import term_label

    received = {}  # the lists in force: the central office's when it sent some (desk.services.reference_data)
    if folder.reference:
        import json

        received = reference.terms_from_data(json.loads(folder.reference))
    reference.install(received)

    def name(r: dict[str, Any]) -> str:
        return shown_name(lambda code: r.get(f"name_{code}", ""), lang)

    if kind == "persons":
        groups = reference.terms("ethnic_groups")
        return [
            {
                "name": full_name(r["surname"], r["given_name"], r["patronymic"]),
                "birth_date": r["birth_date"],
                "ethnic_group": term_label(groups, r["ethnic_group"], lang),
                "workplace": r["workplace"],
            }
            for r in records
        ]
    if kind == "events":
        types = reference.terms("event_types")
        return [
            {
                "start_date": r["start_date"],
                "name": name(r),
                "event_type": term_label(types, r["event_type"], lang),
                "participants": r["participants"],
                "status": term_label(reference.EVENT_STATUSES, r["status"], lang),
            }
            for r in records
        ]
    districts = {d["id"]: name(d) for d in folder.districts()}
    if kind == "houses":
        return [
            {
                "name": name(r),
                "district": districts.get(r["district_id"] or "", ""),
                "address": r["address"],
                "director": r["director"],
            }
            for r in records
        ]
    groups = reference.terms("ethnic_groups")
    return [
        {
            "name": name(r),
            "ethnic_group": term_label(groups, r["ethnic_group"], lang),
            "legal_status": term_label(reference.LEGAL_STATUSES, r["legal_status"], lang),
            "district": districts.get(r["district_id"] or "", ""),
            "registration_date": r["registration_date"],
            "status": term_label(reference.ASSOCIATION_STATUSES, r["status"], lang),
        }
        for r in records
    ]
