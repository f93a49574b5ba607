"""The window's own settings in the data folder (`window.ini`: geometry, splitters, the last page shown), readable
before the database is opened, so that the window's frame opens where it was left (desk/ui/app.py's two-step start).
"""

from __future__ import annotations

from pathlib import Path

from desk.ui.qt import QByteArray, QSettings, QSplitter

UI_SETTINGS_FILE = "window.ini"


def open_window_settings(root: Path) -> QSettings:
    """The settings file of the data folder `root`."""
    return QSettings(str(Path(root) / UI_SETTINGS_FILE), QSettings.Format.IniFormat)


def remember_splitter(settings: QSettings, splitter: QSplitter, key: str) -> None:
    """Restore a splitter's sizes now and save them whenever the user moves it."""
    state = settings.value(f"splitters/{key}")
    if isinstance(state, QByteArray | bytes):
        splitter.restoreState(QByteArray(state))
    splitter.splitterMoved.connect(
        lambda *_a, s=splitter, k=key: settings.setValue(f"splitters/{k}", s.saveState())
    )
