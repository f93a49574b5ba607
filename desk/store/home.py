"""The data folder: where the database, keys, backups, logs and settings of one installation live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "DostyqDesk"
DB_FILE = "desk.sqlite3"


def default_home() -> Path:
    import platformdirs  # here, not at the top: `desk list --home DIR` goes without it (issue 16, start-up)

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def resolve_home(option: str | os.PathLike[str] | None = None) -> Path:
    """`--home DIR`, else the environment variable DESK_HOME, else the per-user data folder."""
    if option:
        return Path(option).expanduser().resolve()
    env = os.environ.get("DESK_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return default_home()


@dataclass(frozen=True)
class Home:
    """Paths inside one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILE

    @property
    def database_url_file(self) -> Path:
        """Written by `desk central init --database postgresql://…`: the server database this folder uses instead
        of its own SQLite file (mode 0600: the URL may hold a password)."""
        return self.root / "database.url"

    @property
    def database_url(self) -> str | None:
        """The server database's URL when this folder uses one, else None (the SQLite file)."""
        try:
            value = self.database_url_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return value or None

    def keep_database_url(self, url: str) -> None:
        """Write `database.url` (a new file, readable by the user alone: the URL may hold a password)."""
        fd = os.open(self.database_url_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(url)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            # no half-written URL left behind: the folder stays on its file, and a later attempt (O_EXCL) can write
            self.database_url_file.unlink(missing_ok=True)
            raise

    @property
    def database_target(self) -> str | Path:
        """What the folder's database is: a server URL, or the SQLite file."""
        return self.database_url or self.database

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def backup_failure(self) -> Path:
        """Written when an automatic backup fails, removed by the next backup that succeeds."""
        return self.root / "backup-failed.json"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    def exists(self) -> bool:
        return self.database.exists() or self.database_url_file.exists()

    def ensure(self) -> None:
        """Create the folder, readable by the user alone where the system allows."""
        self.root.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.root, 0o700)
