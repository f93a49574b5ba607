"""The `desk` command's parser and its run. `desk` alone opens the window; subcommands work on the data
folder without a display.

Each group of subcommands lives in its own module under `desk/cli/` and registers itself with `register(sub)`;
`build_parser` imports them. Errors print one clear line in the user's language and exit non-zero, never a
traceback (the trace goes to the log).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desk.cli import VERSION_LINE, Context, _common_parent, common_options
from desk.cli.streams import stream_encoding as stream_encoding
from desk.cli.streams import utf8_streams
from desk.domain.validation import ValidationError, showable
from desk.errors import DeskError, os_error_reason
from desk.i18n import LANGUAGES, _, set_language, system_language
from desk.store.home import resolve_home

if TYPE_CHECKING:
    from desk.cli import Handler

log = logging.getLogger("desk")


def build_parser() -> argparse.ArgumentParser:
    from desk.cli.parsing import VERSION_HELP, DeskParser, install

    install()  # argparse's own words (usage, options, errors) in the chosen language
    _common_parent[:] = [common_options()]  # built now, in the language just chosen
    parser = DeskParser(
        prog="desk",
        description=_("Dostyq Desk: the registry of a regional secretariat."),
        parents=_common_parent,
    )
    parser.add_argument("--version", action="version", version=VERSION_LINE, help=_(VERSION_HELP))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    from desk.cli import governance, maintenance, quarters, registry, reports, screenshots, spreadsheets, sync

    for group in (registry, sync, quarters, maintenance, governance, spreadsheets, reports, screenshots):
        group.register(sub)
    return parser


def _pick_language(argv: Sequence[str]) -> None:
    """Messages, the help included, in --lang, else the data folder's saved language, else the system's."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang not in LANGUAGES:
        home = None
        for i, arg in enumerate(argv):
            if arg == "--home" and i + 1 < len(argv):
                home = argv[i + 1]
            elif arg.startswith("--home="):
                home = arg.split("=", 1)[1]
        try:
            from desk.settings import saved_language

            lang = saved_language(resolve_home(home))
        except Exception:  # noqa: BLE001 - an unreadable settings file must not stop the command
            lang = None
    set_language(lang if lang in LANGUAGES else system_language())


def file_error_line(exc: OSError) -> str:
    """An OSError no command caught, as one translated sentence naming the file (not the system's English)."""
    path = exc.filename if exc.filename is not None else exc.filename2
    if path is None:
        return _("A file operation failed: {error}.").format(error=os_error_reason(exc))
    return _("Cannot use the file {path}: {error}.").format(path=path, error=os_error_reason(exc))


def run(argv: Sequence[str]) -> int:
    """Parse the arguments and run the command (or open the window): the exit code."""
    argv = list(argv)
    utf8_streams(argv)
    _pick_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(args)
    from desk import logs
    from desk.store.home import Home

    home = Home(ctx.home_dir)
    logs.configure(home.logs if home.root.exists() else None)
    try:
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            if args.command:
                parser.parse_args([args.command, "--help"])
            from desk.cli.window import open_window

            return open_window(ctx)
        return int(handler(ctx) or 0)
    except ValidationError as exc:
        for error in exc.errors:
            print(f"desk: {error}", file=sys.stderr)
        return 1
    except DeskError as exc:  # a refusal may quote an untrusted file: its control characters shown as codes
        print(f"desk: {showable(exc.message, lines=True)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("desk: " + _("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except (
        OSError
    ) as exc:  # a file the command read or wrote: one line in the user's language, naming the file
        log.exception("file error")
        print("desk: " + file_error_line(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the user gets one line; the trace goes to the log
        log.exception("command failed")
        print(
            "desk: " + _("Unexpected error: {error}").format(error=exc.__class__.__name__ + ": " + str(exc)),
            file=sys.stderr,
        )
        return 1
    finally:
        ctx.close()
