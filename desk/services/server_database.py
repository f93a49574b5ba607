"""Where a central office keeps its database, and moving it from the folder's SQLite file to a PostgreSQL server.

`where` says what the folder uses (the file's path, or the server's URL with the password masked). `test_server`
asks the server and turns what is wrong into one sentence the clerk can act on. `move_to_server` is what the
window's Settings → Database does, on the same path as `desk central init --database` (the same checks of the
server, the same migrations, the URL kept in `database.url`, 0600): the folder's rows are copied into the server's
empty database in one transaction (desk.store.transfer), the counts compared, and only then does the folder
switch to the server. A failure or a Cancel leaves the SQLite file in use and as it was. Regions stay on SQLite.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from desk.domain.server_address import masked
from desk.errors import DeskError
from desk.i18n import _
from desk.services import backups
from desk.services.server_check import test_server
from desk.services.workspace import Workspace
from desk.store import transfer
from desk.store.db import Database
from desk.store.migrate import upgrade_on

log = logging.getLogger("desk.services")


@dataclass(frozen=True)
class Place:
    """Where a data folder's database is."""

    on_server: bool
    shown: str  # the SQLite file's path, or the server's URL with the password masked


@dataclass(frozen=True)
class Moved:
    url_shown: str
    tables: dict[str, int]
    backup: Path | None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def where(ws: Workspace) -> Place:
    url = ws.home.database_url
    if url:
        return Place(True, masked(url))
    return Place(False, str(ws.home.database))


def may_move(ws: Workspace) -> bool:
    """Only a central office on its SQLite file moves to a server (regions stay on SQLite; no way back)."""
    return ws.is_central and ws.db.is_sqlite and not ws.home.database_url


def move_to_server(ws: Workspace, url: str, progress: transfer.Progress | None = None) -> Moved:
    """Copy the central office's SQLite database to the empty PostgreSQL database at `url` and switch the folder
    (and `ws`) to it. All or nothing: on any failure or Cancel (transfer.CopyStopped) the folder keeps its file."""
    if not ws.is_central:
        raise DeskError(
            _("Only the central office keeps its database on a server; a region stays on its file.")
        )
    if not may_move(ws):
        raise DeskError(
            _("This data folder already keeps its database on a server: {url}.").format(url=where(ws).shown)
        )
    test_server(url)
    # a copy of the file as it was, listed under Settings → Backups (the server's own backups are pg_dump's)
    kept = backups.backup_now(ws, "before-server")  # refuses (DeskError) when it cannot be written
    target = Database(url)
    try:
        copied = transfer.copy_into(ws.db, target, make_schema=_migrate, progress=progress)
    except transfer.CopyStopped:
        target.dispose()
        log.info("move to the server %s cancelled: nothing was kept there", masked(url))
        raise
    except transfer.CopyMismatch as exc:
        target.dispose()
        log.error("move to the server %s: counts differ (%s); rolled back", masked(url), exc.message)
        raise DeskError(
            _(
                "The copy on the server did not match the folder's database ({detail}); nothing was changed."
            ).format(detail=exc.message)
        ) from None
    except Exception as exc:
        target.dispose()
        # the first line only: a server's later lines (CONTEXT: COPY person, line 5: …) quote the row, personal data
        log.error(
            "move to the server %s failed; rolled back: %s: %s",
            masked(url),
            type(exc).__name__,
            first_line(exc),
        )
        if isinstance(exc, DeskError):
            raise
        raise DeskError(
            _("The data could not be copied to the server; nothing was changed. {error}").format(
                error=first_line(exc)
            )
        ) from exc
    try:
        ws.home.keep_database_url(url)
    except OSError as exc:
        target.dispose()
        log.error("moved to the server %s, but database.url could not be written: %s", masked(url), exc)
        raise DeskError(
            _(
                "The data were copied to {url}, but this folder could not be switched to it ({error}): it still "
                "works on its file. Free the disk or fix the folder's permissions, then ask the server's "
                "administrator to empty that database before trying again."
            ).format(url=masked(url), error=exc.strerror or exc)
        ) from exc
    old = ws.db
    target.operator = old.operator
    ws.db = target
    old.dispose()
    _retire_file(ws.home.database)
    log.info(
        "central office moved to the server %s: %d rows in %d tables",
        masked(url),
        copied.rows,
        len(copied.tables),
    )
    return Moved(url_shown=masked(url), tables=copied.tables, backup=kept)


def _migrate(conn: Connection) -> None:
    upgrade_on(conn)


def _retire_file(path: Path) -> None:
    """The SQLite file is no longer the folder's database (its copy is in backups/): removed, so nothing reads a
    stale register by mistake. A file another program holds open stays; `database.url` wins over it."""
    for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            each.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s after the move to a server: %s", each, exc)


def first_line(exc: BaseException) -> str:
    words = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return masked(words[0][:300]) if words else exc.__class__.__name__
