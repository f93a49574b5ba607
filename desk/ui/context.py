"""What every page and dialog shares: the opened Workspace, the change signal, the task runner, the language and
the window's own settings (QSettings).

`AppContext.changed` is the one signal that tells views to refresh: it forwards `desk.store.db.on_commit` (which
may fire on the worker thread) to the main thread, gathering the commits of one event-loop turn into one emission
of the set of changed table names.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from desk import i18n
from desk.services.workspace import Workspace
from desk.store import db as store_db
from desk.ui.collector import collect_on_main_thread
from desk.ui.qt import QObject, QSettings, QSplitter, Qt, QTimer, QWidget, Signal
from desk.ui.reads import ReadQueue
from desk.ui.tasks import TaskRunner
from desk.ui.window_settings import open_window_settings, remember_splitter
from desk.ui.writer import Writer

T = TypeVar("T")


class AppContext(QObject):
    """The application's shared state. Pages get it as `self.ctx`."""

    changed = Signal(object)  # frozenset[str]: names of the tables written by the last commits
    language_changed = Signal(str)
    backups_changed = (
        Signal()
    )  # a backup was taken, restored or failed (the window's backup warning re-reads)
    _committed = Signal(object)

    def __init__(
        self, workspace: Workspace, parent: QObject | None = None, *, qsettings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        collect_on_main_thread(self)  # before any worker thread exists: see desk/ui/collector.py
        self.workspace = workspace
        self.tasks = TaskRunner(self)
        self.writer = Writer(
            self.tasks, self
        )  # every write from the window: on the worker, never the GUI thread
        self.reads = ReadQueue(self)  # keystroke reads (a register's page and total) beside the one writer
        # the window's frame may have opened the settings file already (one QSettings for one file)
        self.qsettings = (
            qsettings if qsettings is not None else open_window_settings(Path(workspace.home.root))
        )
        self.settle_unsaved: Callable[[], bool] = lambda: True  # the window's question about unsaved changes
        self._pending: set[str] = set()
        self._lookups: dict[Hashable, tuple[frozenset[str], Any]] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)
        self._committed.connect(self._collect, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: list[Callable[[], None]] = [
            store_db.on_commit(self._on_commit),
            i18n.on_language_changed(self._on_language),
        ]

    # --- data changes -------------------------------------------------------------------------------------------

    def _on_commit(self, tables: frozenset[str]) -> None:
        self._committed.emit(tables)  # any thread; queued to the main thread

    def _collect(self, tables: frozenset[str]) -> None:
        self._pending.update(tables)
        self._flush_timer.start()

    def _flush(self) -> None:
        tables = frozenset(self._pending)
        self._pending.clear()
        if tables:
            for key in [k for k, (watched, _value) in self._lookups.items() if watched & tables]:
                del self._lookups[key]  # before the views refresh, so they read the new list
            self.changed.emit(tables)

    def lookup(self, key: Hashable, tables: frozenset[str], load: Callable[[], Any]) -> Any:
        """A small list the forms and filters offer (districts in a language, …), read once and kept until a
        commit touches one of `tables`: a register page asks for it several times while it is built."""
        found = self._lookups.get(key)
        if found is None:
            found = self._lookups[key] = (tables, load())
        return found[1]

    def write(self, work: Callable[[], T], *, parent: QWidget | None = None, title: str | None = None) -> T:
        """Run a write on the background writer and return its result (desk/ui/writer.py)."""
        return self.writer.write(work, parent=parent, title=title)

    # --- language -----------------------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return i18n.current_language()

    def set_language(self, lang: str) -> bool:
        """Switch the whole program to `lang` now and remember it in the data folder's settings; unsaved changes are
        settled first (False: the clerk chose Cancel and nothing changed)."""
        if lang != self.language and not self.settle_unsaved():
            return False
        if lang != self.workspace.settings.get("language"):
            self.workspace.settings.set("language", lang)
        i18n.set_language(lang)  # → _on_language → language_changed
        return True

    def _on_language(self, lang: str) -> None:
        self.language_changed.emit(lang)

    # --- the window's own settings ------------------------------------------------------------------------------

    def ui_value(self, key: str, default: Any = None) -> Any:
        return self.qsettings.value(key, default)

    def set_ui_value(self, key: str, value: Any) -> None:
        """Store a window setting; one that did not change is not written again (each write makes Qt sync the settings
        file on the GUI thread, with fdatasync: a register refitting its headings at every keystroke stalled typing)."""
        if self.qsettings.contains(key) and self.qsettings.value(key) == value:
            return
        self.qsettings.setValue(key, value)

    def remember_splitter(self, splitter: QSplitter, key: str) -> None:
        """Restore a splitter's sizes now and save them whenever the user moves it."""
        remember_splitter(self.qsettings, splitter, key)

    def quiesce(self) -> None:
        """Wait until no background task or read runs (before the database file is swapped: Windows cannot
        replace a file that a reader still has open)."""
        self.tasks.wait()
        self.reads.wait()

    def close(self) -> None:
        """Wait for background work, stop listening to the store and the language (the window is closing)."""
        if not self._unsubscribe:
            return
        self.tasks.wait()
        self.reads.wait()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self.qsettings.sync()
