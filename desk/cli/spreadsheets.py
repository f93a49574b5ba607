"""Commands for spreadsheets: `desk import xlsx|csv FILE --kind …`, `desk import undo BATCH`,
`desk import batches`, `desk export xlsx|csv --kind … -o FILE`.

`desk import` exits 0 when every row was good, 3 when some rows were refused (the report says which, why and in
which column), 2 when the file cannot be read as a spreadsheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk.cli import Context, add_command
from desk.cli.output import print_json, print_table
from desk.errors import DeskError
from desk.i18n import _, current_language, format_datetime, ngettext

KINDS = ("associations", "persons", "events", "houses", "plan", "meetings", "decisions")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "import",
        _("import a register from a spreadsheet (.xlsx or .csv), or undo an import"),
        cmd_import,
    )
    p.add_argument(
        "format",
        choices=("xlsx", "csv", "all", "undo", "batches"),
        help=_(
            "xlsx or csv (then FILE), all (then FILE: every register, as “desk export all” writes "
            "it), undo (then BATCH), batches (list the imports)"
        ),
    )
    p.add_argument(
        "target", nargs="?", metavar="FILE|BATCH", help=_("the file to import, or the batch to undo")
    )
    p.add_argument(
        "--kind",
        choices=KINDS,
        help=_("the register: associations, persons, events, houses, plan, meetings or decisions"),
    )
    p.add_argument("--dry-run", action="store_true", help=_("check every row and report, write nothing"))
    p.add_argument(
        "--sheet", default=None, help=_("the sheet (name or number; default: the first with a header)")
    )
    p.add_argument(
        "--mapping",
        default=None,
        metavar="JSON",
        help=_('a JSON file {"header or column letter": "field"} adjusting the column mapping'),
    )
    p.add_argument(
        "--on-duplicate",
        choices=("skip", "update"),
        default="skip",
        help=_("a record already in the register: skip it (default) or update it"),
    )
    p.add_argument(
        "--no-new-districts",
        action="store_true",
        help=_("refuse rows naming a district the region does not have, instead of adding it"),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=_("undo also the records changed after the import (they are kept otherwise)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(sub, "export", _("export a register to a spreadsheet (.xlsx or .csv)"), cmd_export)
    p.add_argument(
        "format",
        choices=("xlsx", "csv", "all"),
        help=_("xlsx or csv (one register, --kind), all (every register, one sheet each, .xlsx)"),
    )
    p.add_argument(
        "--kind",
        choices=KINDS,
        help=_("the register: associations, persons, events, houses, plan, meetings or decisions"),
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the file to write"))
    p.add_argument("--search", default="", metavar="TEXT", help=_("only records whose names match TEXT"))
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=_("filter, e.g. status=active, ethnic_group=korean, district_id=…"),
    )
    p.add_argument("--sort", default="name", help=_("sort column"))
    p.add_argument("--archived", action="store_true", help=_("include archived records"))


def cmd_import(ctx: Context) -> int:
    a = ctx.args
    if a.format == "batches":
        return _batches(ctx)
    if not a.target:
        raise DeskError(_("Name the file to import (or the batch to undo)."), exit_code=2)
    if a.format == "undo":
        return _undo(ctx)
    if a.format == "all":
        return _import_all(ctx)
    if not a.kind:
        raise DeskError(
            _("Say which register the file holds: --kind associations, persons or events."), exit_code=2
        )
    from desk.spreadsheets import headers, importer

    ws = ctx.workspace()
    mapping = headers.read_mapping_file(Path(a.mapping)) if a.mapping else None
    report = importer.run(
        ws,
        Path(a.target),
        a.kind,
        sheet=a.sheet,
        fmt=a.format,
        mapping=mapping,
        dry_run=a.dry_run,
        on_duplicate=a.on_duplicate,
        add_districts=not a.no_new_districts,
    )
    if a.json:
        print_json(report.as_dict())
        return report.exit_code
    _print_report(report)
    return report.exit_code


_LEVELS = {"error": "✗", "warning": "!", "skipped": "=", "note": "+"}


def _print_report(report: object) -> None:
    from desk.spreadsheets.importer import Report

    assert isinstance(report, Report)
    out = sys.stdout
    out.write(
        _("File {file}, sheet “{sheet}”, header on row {rows}.").format(
            file=report.file, sheet=report.sheet, rows="–".join(str(r) for r in report.header_rows)
        )
        + "\n"
    )
    for issue in report.issues:
        mark = _LEVELS.get(issue.level, "·")
        where = _("row {row}").format(row=issue.row)
        if issue.column:
            where += f", {issue.column}"
        out.write(f"{mark} {where}: {issue.message}\n")
    if report.new_districts:
        names = ", ".join(
            f"«{n}»" if current_language() in ("kk", "ru") else f"“{n}”" for n in report.new_districts
        )
        if report.dry_run:
            out.write(_("Districts that would be added to the region: {names}.").format(names=names) + "\n")
        else:
            out.write(_("Districts added to the region: {names}.").format(names=names) + "\n")
    out.write(report.summary() + "\n")
    if report.memberships:
        out.write(
            ngettext("{n} membership", "{n} memberships", report.memberships).format(n=report.memberships)
            + "\n"
        )
    if report.dry_run:
        out.write(_("Dry run: nothing was written.") + "\n")
    elif report.batch_id:
        out.write(
            _("Import batch {id}: undo it with “desk import undo {id}”.").format(id=report.batch_id) + "\n"
        )


def _import_all(ctx: Context) -> int:
    from desk.spreadsheets import importer
    from desk.spreadsheets.fields import KIND_LABELS

    a = ctx.args
    result = importer.run_all(ctx.workspace(), Path(a.target), dry_run=a.dry_run, on_duplicate=a.on_duplicate)
    if a.json:
        print_json(result.as_dict())
        return result.exit_code
    for report in result.reports:
        print(f"== {_(KIND_LABELS[report.kind])} ==")
        _print_report(report)
    for kind in result.missing:
        print(
            _("No sheet for {register} in the file: nothing imported for it.").format(
                register=_(KIND_LABELS[kind])
            )
        )
    return result.exit_code


def _undo(ctx: Context) -> int:
    from desk.spreadsheets import importer

    result = importer.undo(ctx.workspace(), ctx.args.target, force=ctx.args.force)
    for kept in result.kept:
        print(f"= {kept.name or kept.record_id}: {kept.reason}")
    print(
        _(
            "Import {id} undone: {created} created records removed, {updated} updated records restored."
        ).format(id=result.id, created=result.removed, updated=result.restored)
    )
    if result.kept:
        print(
            ngettext(
                "{n} record kept as it is now.", "{n} records kept as they are now.", len(result.kept)
            ).format(n=len(result.kept))
        )
    return 0


def _batches(ctx: Context) -> int:
    from desk.spreadsheets import importer

    rows = importer.batches(ctx.workspace())
    if ctx.args.json:
        print_json(
            [
                {
                    "id": b.id,
                    "kind": b.kind,
                    "file": b.file_name,
                    "sheet": b.sheet,
                    "at": b.created_at,
                    "operator": b.operator,
                    "created": b.created,
                    "updated": b.updated,
                    "undone_at": b.undone_at,
                }
                for b in rows
            ]
        )
        return 0
    lang = current_language()
    print_table(
        [
            {
                "id": b.id,
                "at": format_datetime(b.created_at, lang, "short"),
                "kind": b.kind,
                "file": b.file_name,
                "created": b.created,
                "updated": b.updated,
                "undone": format_datetime(b.undone_at, lang, "short") if b.undone_at else "",
            }
            for b in rows
        ],
        [
            ("id", _("Batch")),
            ("at", _("When")),
            ("kind", _("Register")),
            ("file", _("File")),
            ("created", _("Created")),
            ("updated", _("Updated")),
            ("undone", _("Undone")),
        ],
        max_width=40,
    )
    return 0


def cmd_export(ctx: Context) -> int:
    from desk.cli.registry import _parse_filters
    from desk.services.records import ListQuery
    from desk.spreadsheets import exporter

    a = ctx.args
    ws = ctx.workspace()
    lang = current_language()
    if a.format == "all":
        counts = exporter.export_all(ws, Path(a.output), lang=lang)
        total = sum(counts.values())
        print(
            ngettext("{n} row written to {file}.", "{n} rows written to {file}.", total).format(
                n=total, file=a.output
            )
        )
        return 0
    if not a.kind:
        raise DeskError(
            _(
                "Say which register to export: --kind associations, persons, events, houses, plan, "
                "meetings or decisions (or export all)."
            ),
            exit_code=2,
        )
    query = ListQuery(
        text=a.search, filters=_parse_filters(a.filter), sort=a.sort, include_archived=a.archived, lang=lang
    )
    count = exporter.export(ws, a.kind, Path(a.output), a.format, query=query, lang=lang)
    print(
        ngettext("{n} row written to {file}.", "{n} rows written to {file}.", count).format(
            n=count, file=a.output
        )
    )
    return 0
