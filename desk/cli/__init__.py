"""The `desk` command's entry point (the console scripts `desk`, `desk-cli` and `desk-window` call `main`), and
what every group of subcommands uses: `Context` and `add_command`.

It imports nothing but the version at its top (the rest inside the functions that need it): `desk --version`
answers at once (issue 16, start-up), so does a plain `desk list` (desk.cli.light_list, without the database layer),
and everything else goes to `desk.cli.command`, which builds the parser
(importing each group's module under `desk/cli/`) and runs the command.
"""

from __future__ import annotations

import sys

from desk import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~7 ms, a third of `desk --version`)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any

    Handler = Callable[["Context"], int | None]

VERSION_LINE = f"Dostyq Desk {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # what argparse's version action prints, without building the parser
        print(VERSION_LINE)
        return 0
    if (
        "list" in argv
    ):  # `desk list …` from the light read path when it can (desk.cli.light_list), else in full
        from desk.cli.light_list import run_light

        code = run_light(argv)
        if code is not None:
            return code
    from desk.cli.command import run

    return run(argv)


class Context:
    """What a command handler gets: the parsed options and the data folder, opened on first use."""

    def __init__(self, args: argparse.Namespace) -> None:
        from desk.store.home import resolve_home

        self.args = args
        self.home_dir: Path = resolve_home(getattr(args, "home", None))
        self._workspace: Any = None

    def workspace(self) -> Any:
        """The opened (and migrated) data folder; a clear error when there is none."""
        if self._workspace is None:
            from desk.services.instance import open_for_work

            # one program per data folder; migrated (backed up first); the day's backup
            self._workspace, self._lock = open_for_work(self.home_dir)
            from desk.cli.quarters import listen_for_warnings

            listen_for_warnings()
            self._warn_of_failed_backup()
            operator = getattr(self.args, "operator", None)
            if operator:
                self._workspace.db.operator = operator
                self._workspace.operator_override = operator
        return self._workspace

    def _warn_of_failed_backup(self) -> None:
        """A failed automatic backup is said on every command until a backup succeeds (`desk check` reports it
        as its error instead)."""
        if getattr(self.args, "command", None) == "check":
            return
        from desk.services.backups import last_failure

        failure = last_failure(self._workspace.home)
        if failure is not None:
            print("desk: " + failure.message(), file=sys.stderr)

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
        if getattr(self, "_lock", None) is not None:
            self._lock.release()


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand takes too, so they may stand before or after it."""
    import argparse

    from desk.i18n import LANGUAGES, _

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=_("data folder (default: $DESK_HOME, else the per-user data folder)"),
    )
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of messages: kk, kk-Latn (Kazakh in Latin), ru or en"),
    )
    common.add_argument(
        "--operator",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=_("operator name written to the audit log"),
    )
    return common


_common_parent: list[argparse.ArgumentParser] = []


def add_command(
    sub: argparse._SubParsersAction, name: str, help_text: str, handler: Handler | None = None, **kwargs: Any
) -> argparse.ArgumentParser:
    """Add a subcommand that also takes the common options."""
    parser = sub.add_parser(name, help=help_text, description=help_text, parents=_common_parent, **kwargs)
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser
