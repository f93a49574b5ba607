"""`desk` with no subcommand: open the desktop window (Qt is imported only here, on demand)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desk.cli import Context


def open_window(ctx: Context) -> int:
    from desk.ui.app import run

    return run(ctx.home_dir, operator=getattr(ctx.args, "operator", None))
