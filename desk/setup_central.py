"""Setting up the central office's data folder: what `desk central init [--database URL]` and the first-run wizard do.

The database (desk.services.workspace: the folder's SQLite file, or an empty database on a PostgreSQL server, the
server checked first by desk.services.server_check and its URL kept in `database.url`, 0600), then the centre's
age identity and receipt-signing key (desk.sync.keys). All or nothing: when any step fails, what the attempt made
is removed again — the folder's new files and folders (a folder that did not exist goes entirely) and, on a server,
the tables and sequences the migrations made (the database was empty: the server check refuses any other) — and
the error is said in the user's language (a system's or server's own words only at its end), with anything that
could not be removed named. It sits above the services and sync layers because it calls both.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from desk.domain.server_address import masked
from desk.errors import DeskError, os_error_reason
from desk.i18n import _
from desk.services.server_check import test_server
from desk.services.server_database import first_line
from desk.services.workspace import MODE_CENTRAL, Workspace, create_workspace
from desk.store import server
from desk.sync import keys

log = logging.getLogger("desk.services")

Progress = Callable[[int, int, str], object]
"""progress(step done, steps in all, what is being done): told before each step."""


@dataclass
class CentralOffice:
    workspace: Workspace
    recipient: str  # the age recipient the regions encrypt their bundles to


def init_central(
    root: Path,
    database_url: str | None = None,
    progress: Progress | None = None,
    settle: Callable[[Workspace], object] | None = None,
) -> CentralOffice:
    """Create the central office's data folder in `root` (and its database on the server at `database_url`).
    `settle(ws)`, the caller's own last step (the wizard's operator and language), is undone with the rest."""
    tell = progress or (lambda _done, _total, _what: None)
    steps = 3 if database_url else 2
    made_from = _first_missing(root)
    before_files = None if made_from is not None else _paths_under(root)
    before_server: frozenset[tuple[str, str]] | None = None  # None: nothing on the server to undo
    ws: Workspace | None = None
    with ExitStack() as stack:  # the server's setup lock, held until what a failure made is removed
        try:
            if database_url:
                tell(0, steps, _("Checking the server"))
                test_server(database_url)  # refused: nothing made yet, on the server or in the folder
                stack.enter_context(_setting_up(database_url, tell, steps))
                test_server(database_url)  # another computer may have set it up meanwhile
                before_server = server.schema_objects(database_url)
            tell(steps - 2, steps, _("Creating the database"))
            ws = create_workspace(root, region=None, mode=MODE_CENTRAL, database_url=database_url)
            tell(steps - 1, steps, _("Making the central office's keys"))
            recipient = keys.create_central_keys(ws)
            if settle is not None:
                settle(ws)
        except BaseException as exc:
            if ws is not None:
                ws.close()
            left = _undo(root, made_from, before_files, database_url, before_server)
            if not isinstance(exc, Exception):
                raise  # Ctrl+C: stopped, and cleaned up
            if isinstance(exc, DeskError) and not left:
                raise
            said = [_failure_text(exc, root), *(left or [_("Nothing of this attempt was kept.")])]
            raise DeskError(" ".join(said)) from exc
    tell(steps, steps, "")
    return CentralOffice(ws, recipient)


@contextmanager
def _setting_up(url: str, tell: Progress, steps: int) -> Iterator[None]:
    """The server's setup lock (`server.setting_up`): a second computer setting up the same database waits."""
    waiting = lambda: tell(0, steps, _("Waiting: another computer is setting up this database"))  # noqa: E731
    try:
        with server.setting_up(url, waiting=waiting):
            yield
    except server.SetupBusy:
        raise DeskError(
            _(
                "Another computer has been setting up the central office in the database {url} for over two "
                "minutes; nothing was made. Try again when it is done."
            ).format(url=masked(url))
        ) from None


def _failure_text(exc: Exception, root: Path) -> str:
    """What went wrong, in the user's language (the system's and the server's own words only at the end)."""
    if isinstance(exc, DeskError):
        return exc.message
    if isinstance(exc, OSError):
        return _("The central office's data folder {folder} could not be made: {reason}.").format(
            folder=root, reason=os_error_reason(exc, root)
        )
    log.error("central init in %s failed: %s: %s", root, type(exc).__name__, first_line(exc))
    return _("The central office could not be created: {error}").format(error=first_line(exc))


def _undo(
    root: Path,
    made_from: Path | None,
    before_files: set[Path] | None,
    database_url: str | None,
    before_server: frozenset[tuple[str, str]] | None,
) -> list[str]:
    """Remove what a failed creation made; the sentences saying what could not be removed."""
    left: list[str] = []
    if database_url and before_server is not None:
        shown = masked(database_url)
        try:
            dropped = server.drop_objects_since(database_url, before_server)
            if dropped:
                log.info(
                    "central init on %s failed: dropped %d tables and sequences it made", shown, len(dropped)
                )
        except Exception as exc:  # noqa: BLE001 - said to the clerk below, the server's words in the log
            log.error("central init on %s failed, and what it made could not be dropped: %s", shown, exc)
            left.append(
                _(
                    "The database {url} may keep tables of this attempt: ask the server's administrator to empty it."
                ).format(url=shown)
            )
    try:
        if made_from is not None:
            if made_from.exists():
                shutil.rmtree(made_from)
        else:
            _remove_new(root, before_files or set())
    except OSError as exc:
        log.error("central init in %s failed, and its files could not be removed: %s", root, exc)
        left.append(_("The folder {folder} keeps files of this attempt: remove them.").format(folder=root))
    return left


def _first_missing(root: Path) -> Path | None:
    """The outermost folder of `root`'s path that does not exist yet (the attempt makes it), or None."""
    missing = None
    for path in (root, *root.parents):
        if path.exists():
            break
        missing = path
    return missing


def _paths_under(root: Path) -> set[Path]:
    return {Path(top) / name for top, dirs, files in os.walk(root) for name in (*dirs, *files)}


def _remove_new(root: Path, before: set[Path]) -> None:
    """Remove what is in `root` now and was not before (an existing folder: only the attempt's files go)."""
    for path in sorted(
        _paths_under(root) - before, key=lambda p: len(p.parts), reverse=True
    ):  # deepest first
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
