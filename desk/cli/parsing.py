"""argparse in the user's language: its own words (usage, options, errors) through our catalogs, errors on one line.

argparse looks its texts up with the module-level functions `argparse._` and `argparse.ngettext` each time it needs
one, so `install()` points those at our catalogs (for the texts listed here; any other passes through unchanged).
`DeskParser.error` prints one line, "desk demo: argument --size: invalid choice…", and exits with 2, without the
usage block that argparse prints by default.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from desk.i18n import N_, _, ngettext

ARGPARSE_TEXTS: frozenset[str] = frozenset(
    {
        N_("usage: "),
        N_("options"),
        N_("positional arguments"),
        N_("show this help message and exit"),
        N_("argument %(argument_name)s: %(message)s"),
        N_("unrecognized arguments: %s"),
        N_("the following arguments are required: %s"),
        N_("one of the arguments %s is required"),
        N_("not allowed with argument %s"),
        N_("ignored explicit argument %r"),
        N_("expected one argument"),
        N_("expected at most one argument"),
        N_("expected at least one argument"),
        N_("ambiguous option: %(option)s could match %(matches)s"),
        N_("unexpected option string: %s"),
        N_("invalid %(type)s value: %(value)r"),
        N_("invalid choice: %(value)r (choose from %(choices)s)"),
        N_("%(prog)s: error: %(message)s\n"),
    }
)
"""argparse's own messages (Python 3.11–3.13) that the user can meet; each is in our catalogs."""

VERSION_HELP = N_("show the program's version number and exit")


def _argparse_gettext(message: str) -> str:
    return _(message) if message in ARGPARSE_TEXTS else message


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return ngettext("expected %s argument", "expected %s arguments", n)
    return singular if n == 1 else plural


def install() -> None:
    """Route argparse's texts through the current language (idempotent)."""
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]


class DeskParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line in the user's language (subcommands inherit it)."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(_("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})
        sys.exit(2)
