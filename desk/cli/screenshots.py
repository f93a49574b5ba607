"""`desk screenshots DIR [--lang kk,ru,en] [--theme dark]`: a PNG of every main page of the window in each
language, made offscreen (no display needed), for the README and for reviewing layouts and Kazakh letters; with
--theme dark or high-contrast in that palette (the files are then named `<page>-<lang>-<theme>.png`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from desk.errors import DeskError
from desk.i18n import LANGUAGES, _

if TYPE_CHECKING:
    from desk.cli import Context


def _languages(value: str) -> list[str]:
    langs = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in langs if v not in LANGUAGES]
    if unknown or not langs:
        raise argparse.ArgumentTypeError(
            _("Unknown language “{value}”: use kk, ru, en or a list such as kk,ru,en.").format(
                value=", ".join(unknown) or value
            )
        )
    return langs


def register(sub: argparse._SubParsersAction) -> None:
    # Not add_command(): this command's --lang takes a list, so it declares the common options itself.
    help_text = _("save a picture of every page of the window in each language")
    parser = sub.add_parser("screenshots", help=help_text, description=help_text)
    parser.set_defaults(handler=take_screenshots)
    parser.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=_("data folder (default: $DESK_HOME, else the per-user data folder)"),
    )
    parser.add_argument(
        "--operator",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=_("operator name written to the audit log"),
    )
    parser.add_argument("dir", metavar="DIR", help=_("folder for the PNG files"))
    parser.add_argument(
        "--lang",
        type=_languages,
        default=list(LANGUAGES),
        metavar="kk,ru,en",
        help=_("languages, comma-separated (default: kk,ru,en)"),
    )
    parser.add_argument("--size", default="1280x800", metavar="WxH", help=_("window size in pixels"))
    parser.add_argument(
        "--theme",
        choices=("system", "dark", "high-contrast"),
        default="system",
        help=_("colours: the system's, a dark palette or a high-contrast one"),
    )


def take_screenshots(ctx: Context) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        width, height = (int(v) for v in str(ctx.args.size).lower().split("x"))
    except ValueError:
        raise DeskError(_("--size: expected WIDTHxHEIGHT such as 1280x800.")) from None
    out = Path(ctx.args.dir)
    out.mkdir(parents=True, exist_ok=True)
    from desk.ui.screenshots import save_screenshots

    for path in save_screenshots(ctx.workspace(), out, ctx.args.lang, (width, height), theme=ctx.args.theme):
        print(path)
    return 0
