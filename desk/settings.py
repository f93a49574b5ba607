"""Typed settings of one data folder, declared in one place with defaults and translatable titles.

They are kept as JSON in the data folder (`settings.json`) so the command line and the window share them without
Qt. Window geometry and column choices are the window's own and live in QSettings (desk/ui).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desk.i18n import N_

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: every start reads the settings
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    title: str  # marked with N_, translated where shown


OPTIONS: tuple[Option, ...] = (
    Option("language", "", N_("Language")),
    Option("operator", "", N_("Operator name")),
    Option("email_limit_mb", 20, N_("E-mail attachment limit, MB")),
    Option("backup_keep_daily", 14, N_("Daily backups to keep")),
    Option("backup_keep_monthly", 12, N_("Monthly backups to keep")),
    Option("central_recipient", "", N_("Central office recipient (age)")),
    Option("head_of_secretariat", "", N_("Head of the secretariat")),
    Option("sync_max_bundle_mb", 200, N_("Largest bundle file the central office opens, MB")),
    Option("sync_max_inflated_mb", 512, N_("Largest size a bundle may inflate to, MB")),
)
_BY_KEY = {o.key: o for o in OPTIONS}


class Settings:
    """Read and write the settings file; unknown keys are kept, wrong types fall back to the default."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        if path.exists():
            import json  # here: a folder without settings goes without it

            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self._values = loaded
            except (OSError, ValueError):
                self._values = {}

    def get(self, key: str) -> Any:
        option = _BY_KEY[key]
        value = self._values.get(key, option.default)
        if not isinstance(value, type(option.default)):
            return option.default
        return value

    def set(self, key: str, value: Any) -> None:
        if key not in _BY_KEY:
            raise KeyError(key)
        self._values[key] = value
        self.save()

    def save(self) -> None:
        """Write atomically: a crash leaves the old file or the new one, never half of one."""
        import json
        import tempfile  # here: reading the settings (every start) goes without it

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._values, fh, ensure_ascii=False, indent=2)
        os.replace(tmp, self.path)


def saved_language(root: Path) -> str | None:
    """The language saved in a data folder's settings, if any: read before the database is opened, and cheaply
    (every command asks it before parsing its options, `desk --version` included)."""
    from desk.i18n import LANGUAGES
    from desk.store.home import Home

    lang = Settings(Home(root).settings).get("language")
    return lang if lang in LANGUAGES else None
