"""The `desk` command's entry point (the console scripts `desk`, `desk-cli` and `desk-window` call `main`).

It imports nothing but the version before it knows what was asked: `desk --version` answers at once (issue 16,
start-up), and everything else goes to `desk.cli.command`, which builds the parser and runs the command.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desk import __version__

VERSION_LINE = f"Dostyq Desk {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # what argparse's version action prints, without building the parser
        print(VERSION_LINE)
        return 0
    from desk.cli.command import run

    return run(argv)
