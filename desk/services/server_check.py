"""Whether a PostgreSQL server database can take a central office, in one sentence the clerk can act on: the
same check for `desk central init --database` and for Settings → Database (desk.store.server asks the server)."""

from __future__ import annotations

import logging

from desk.domain.server_address import masked
from desk.errors import DeskError
from desk.i18n import _
from desk.store import server

log = logging.getLogger("desk.services")


def problem_text(probe: server.Probe, url: str) -> str:
    """The sentence for what the server said, in the user's language (the server's own words at the end)."""
    shown = masked(url)
    problem = probe.problem
    if problem is server.Problem.UNREACHABLE:
        text = _("The server does not answer at {url}: check the server's name and port, and the network.")
    elif problem is server.Problem.PASSWORD:
        text = _("The server refused the user name or password for {url}: check both.")
    elif problem is server.Problem.MISSING:
        text = _(
            "The server has no database by that name ({url}): ask its administrator to create it, empty."
        )
    elif problem is server.Problem.TOO_OLD:
        text = _("The server runs PostgreSQL {version}; Dostyq Desk needs PostgreSQL 12 or newer.").format(
            version=probe.detail or probe.server_version, url=shown
        )
        return text
    elif problem is server.Problem.OCCUPIED:
        return _("The database {url} already holds Dostyq Desk data; give an empty database.").format(
            url=shown
        )
    elif problem is server.Problem.NOT_EMPTY:
        return _(
            "The database {url} is not empty (it has the tables {tables}); give an empty database."
        ).format(url=shown, tables=probe.detail)
    elif problem is server.Problem.NO_CREATE:
        return _(
            "The user may not create tables in the database {url}: ask the server's administrator to make the "
            "user the database's owner."
        ).format(url=shown)
    else:
        text = _("The server refused the connection to {url}.")
    text = text.format(url=shown)
    if probe.detail:
        text += " " + _("The server said: {detail}").format(detail=probe.detail)
    return text


def test_server(url: str) -> str:
    """Ask the server; the version it runs when it can take the central office, else DeskError saying why."""
    found = server.probe(url)
    if not found.ok:
        log.info("server database %s refused: %s (%s)", masked(url), found.problem, found.detail)
        raise DeskError(problem_text(found, url))
    major, minor = divmod(found.server_version, 10000)
    return f"{major}.{minor}"
