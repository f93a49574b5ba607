"""Commands that keep a data folder safe: `desk backup` (and `--list`) and `desk restore FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk.cli import Context, add_command
from desk.cli.output import print_json, print_table
from desk.i18n import _, format_number


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "backup", _("back up the database now (kept by the retention rule in the settings)"), cmd_backup
    )
    p.add_argument("--list", action="store_true", help=_("list the backups instead of taking one"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))

    p = add_command(
        sub,
        "restore",
        _("restore the database from a backup file (the current one is kept aside)"),
        cmd_restore,
    )
    p.add_argument("file", metavar="FILE", help=_("the backup file, e.g. one listed by “desk backup --list”"))


def _size(n: int) -> str:
    return _("{size} KB").format(size=format_number(max(1, round(n / 1024))))


def cmd_backup(ctx: Context) -> int:
    from desk.services import backups

    ws = ctx.workspace()
    if ctx.args.list:
        found = backups.list_backups(ws)
        if ctx.args.json:
            print_json(
                [
                    {
                        "file": str(b.path),
                        "taken_at": b.taken_at.isoformat(),
                        "reason": b.reason,
                        "size": b.size,
                    }
                    for b in found
                ]
            )
            return 0
        rows = [
            {
                "taken": b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                "reason": backups.reason_label(b.reason),
                "size": _size(b.size),
                "file": b.path.name,
            }
            for b in found
        ]
        print_table(
            rows, [("taken", _("Taken")), ("reason", _("Why")), ("size", _("Size")), ("file", _("File"))]
        )
        print(_("Backups are in {folder}.").format(folder=ws.home.backups))
        return 0
    path = backups.backup_now(ws, "manual")
    if ctx.args.json:
        print_json({"file": str(path)})
    else:
        print(_("Backup written to {file}.").format(file=path))
    return 0


def cmd_restore(ctx: Context) -> int:
    from desk.services import backups
    from desk.services.instance import hold_folder

    lock = hold_folder(ctx.home_dir)
    try:
        done = backups.restore(ctx.home_dir, Path(ctx.args.file).expanduser())
    finally:
        lock.release()
    print(_("The database was restored from {file}.").format(file=done.restored_from))
    if done.kept_aside is not None:
        print(_("The database it replaced is kept as {file}.").format(file=done.kept_aside))
    return 0
