"""Personal data stays the user's own: the data folder, the database (with its -wal and -shm), the keys and the
backups are readable by the user alone where the system allows it (mode 0600 for files and 0700 for folders
on POSIX). `secure(ws)` tightens them on every start; `checks(ws)` is the `desk check` step that reports
anything looser. On Windows the files inherit the per-user data folder's ACL and are not checked here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from desk.domain.problems import Problem
from desk.i18n import _
from desk.services.workspace import Workspace
from desk.store.home import Home

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def _private_files(home: Home) -> Iterator[Path]:
    """The files that hold personal data or secrets."""
    for path in (
        home.database,
        Path(f"{home.database}-wal"),
        Path(f"{home.database}-shm"),
        Path(f"{home.database}-journal"),
        home.database_url_file,  # a server's URL may hold its password
    ):
        if path.exists():
            yield path
    for folder in (home.keys, home.backups, home.logs):
        if folder.is_dir():
            # public keys (*.pub) are made to be handed out; everything else in these folders is private
            yield from (p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".pub")


def _private_folders(home: Home) -> Iterator[Path]:
    if home.root.is_dir():
        yield home.root
    for folder in (home.keys, home.backups, home.logs):
        if folder.is_dir():
            yield folder
            yield from (p for p in sorted(folder.rglob("*")) if p.is_dir())


def _too_open(path: Path) -> bool:
    return bool(stat.S_IMODE(path.stat().st_mode) & (stat.S_IRWXG | stat.S_IRWXO))


def loose_paths(home: Home) -> list[Path]:
    """Files and folders others than the user can read, write or enter (empty where modes do not apply)."""
    if os.name != "posix":
        return []
    loose = []
    for path in [*_private_folders(home), *_private_files(home)]:
        try:
            if _too_open(path):
                loose.append(path)
        except OSError:
            continue
    return loose


def secure(ws_or_home: Workspace | Home) -> list[Path]:
    """Tighten whatever is looser than the rule; returns what was changed. Errors (a file owned by someone else)
    are left for `desk check` to report."""
    home = ws_or_home.home if isinstance(ws_or_home, Workspace) else ws_or_home
    changed = []
    for path in loose_paths(home):
        try:
            os.chmod(path, FOLDER_MODE if path.is_dir() else FILE_MODE)
            changed.append(path)
        except OSError:
            continue
    return changed


def on_init_region(ws: Workspace) -> None:
    """Set-up step: a new data folder starts private (the -wal made while creating the schema included)."""
    secure(ws)


def checks(ws: Workspace) -> list[Problem]:
    problems = []
    for path in loose_paths(ws.home):
        mode = stat.S_IMODE(path.stat().st_mode)
        problems.append(
            Problem(
                "permissions",
                _(
                    "{path} can be read by other users of this computer (mode {mode}); it holds personal data. "
                    "Make it readable by you alone (chmod {wanted} “{path}”)."
                ).format(
                    path=path, mode=f"{mode:04o}", wanted=f"{FOLDER_MODE if path.is_dir() else FILE_MODE:o}"
                ),
            )
        )
    return problems
