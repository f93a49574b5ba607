"""Starting the window: the QApplication, the bundled font, Qt's own translations, the first-run wizard, and the
main window on the data folder.

`run(home_dir, operator)` is what `desk` with no subcommand calls. On a folder that has a database the start has
two steps: the window's frame (menus, navigation, status bar, "Opening the data folder…") is shown before the
database layer is imported; the folder is opened on a thread (desk/ui/opening.py) and, back on the main thread,
attached to the window, which fills its first page. The folder is claimed (one window per folder) before the
frame shows, so a second start never flashes a window.
"""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desk import APP_NAME, __version__, i18n, paths
from desk.settings import saved_language
from desk.store.home import Home, default_home
from desk.ui.qt import (
    QApplication,
    QCoreApplication,
    QEvent,
    QEventLoop,
    QFont,
    QFontDatabase,
    QSettings,
    Qt,
    QTimer,
    QTranslator,
    qt_translations_dir,
)

if TYPE_CHECKING:
    from desk.services.workspace import Workspace
    from desk.ui.main_window import MainWindow
    from desk.ui.opening import FolderOpening
    from desk.ui.startup import FolderGuard

log = logging.getLogger("desk.ui")

FONT_FAMILY = "Noto Sans"
LAST_FOLDER_KEY = "data_folder"

STYLE = """
QLabel#pageTitle { font-size: 15pt; font-weight: bold; padding: 2px 0 6px 0; }
QLabel#fieldMessage { color: #b3261e; }
QLabel#fieldHint { color: palette(mid); }
QListWidget#navigation { font-size: 11pt; }
QLabel#formTitle { font-size: 13pt; font-weight: bold; }
QLabel#figureValue { font-size: 20pt; font-weight: bold; color: #2f6f9f; }
QLabel#figureChange { color: palette(mid); }
QFrame#figureCard { background: palette(base); border-radius: 6px; }
QListWidget#navigation::item { padding: 6px 8px; }
QLineEdit[centreReadOnly="true"], QPlainTextEdit[centreReadOnly="true"], QTextEdit[centreReadOnly="true"],
QAbstractSpinBox[centreReadOnly="true"], QComboBox[centreReadOnly="true"] { background: palette(window); }
QLabel#emptyDetailHint { color: palette(mid); font-size: 11pt; padding: 24px; }
"""


def resources_dir() -> Path:
    """The `resources` folder, in a checkout, an installed wheel and a PyInstaller build."""
    return paths.resources_dir()


def load_fonts(app: QApplication) -> str | None:
    """Load the bundled fonts and make them the application's font, so every Kazakh letter shows."""
    family = None
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        family = family or (families[0] if families else None)
    if family:
        font = QFont(family)
        font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
        app.setFont(font)
    return family


def keep_none_alive() -> None:
    """Give None a reserve of references the Qt binding cannot use up.

    PySide6 6.12 on Python 3.11 hands out None without taking a reference for every C++ null it returns or passes to
    Python (`parentWidget()`, `buddy()`, `layout()` of a top-level or an empty slot, a QTranslator's missing
    disambiguation…): each such call loses one reference of None. A window switching pages lost about a thousand a
    switch, and after a long session (or many window tests in one process) the interpreter deallocated None and died
    ("none_dealloc"). From Python 3.12 None is immortal and this does nothing; before, its count gets 2**40 more
    references, far beyond what any session can lose."""
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects") or getattr(keep_none_alive, "done", False):
        return  # immortal None; or a debug build whose objects start with other fields
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field of every object
    refcount.value += 1 << 40
    keep_none_alive.done = True  # type: ignore[attr-defined]


class LatinTranslator(QTranslator):
    """Qt's own Kazakh (standard buttons OK, Cancel, Yes, No…, file dialogs, context menus) in the 2021 Latin
    alphabet, for kk-Latn: the words of Qt's Kazakh translation, transliterated like our catalog (they showed in
    Cyrillic under kk-Latn)."""

    def __init__(self, kazakh: QTranslator, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self.kazakh = kazakh
        self._cache: dict[tuple[str, str, str | None, int], str] = {}

    def translate(  # noqa: D102 - Qt's virtual
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        key = (context, source, disambiguation, n)
        found = self._cache.get(key)
        if found is None:
            from desk.domain.latin import to_latin_message

            text = self.kazakh.translate(context, source, disambiguation, n)
            found = self._cache[key] = to_latin_message(text) if text else ""
        return found

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return self.kazakh.isEmpty()


class QtLanguage:
    """Keeps Qt's own translations (standard buttons and dialogs) in the program's current language."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.translator: QTranslator | None = None
        self.apply(i18n.current_language())
        self._remove = i18n.on_language_changed(self.apply)

    def apply(self, lang: str) -> None:
        if self.translator is not None:
            self.app.removeTranslator(self.translator)
            self.translator = None
        if lang == "en":
            return
        translator = QTranslator(self.app)
        if translator.load(f"qtbase_{i18n.data_language(lang)}", qt_translations_dir()):
            if lang == "kk-Latn":  # Qt ships no Latin Kazakh: its Kazakh, transliterated as our catalog is
                translator = LatinTranslator(translator, self.app)
            self.app.installTranslator(translator)
            self.translator = translator
        else:
            log.warning("no Qt translation qtbase_%s in %s", lang, qt_translations_dir())

    def close(self) -> None:
        self._remove()


def application() -> QApplication:
    """The QApplication (made once), with its name, the bundled font and Qt's translations."""
    keep_none_alive()  # before any widget: the binding loses references of None (see there)
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if not app.property("desk_ready"):
        app.setApplicationName(APP_NAME)
        app.setApplicationVersion(__version__)
        app.setOrganizationName("Dostyq")
        app.setApplicationDisplayName(APP_NAME)
        load_fonts(app)
        from desk.ui import theme

        theme.install(
            app, STYLE
        )  # the stylesheet with colours legible in the palette in use (dark, high contrast)
        app.setProperty("desk_ready", True)
        app._desk_language = QtLanguage(app)  # type: ignore[attr-defined]  # lives as long as the app
        from desk.ui import accessibility

        accessibility.install(
            app
        )  # accessible names and a Tab path for every control (desk/ui/accessibility.py)
        from desk.ui import glyphs

        glyphs.install(app)  # a warning for typed characters no bundled font can draw
    return app


def user_settings() -> QSettings:
    """Per-user settings outside any data folder: which data folder was chosen last."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Dostyq", "DostyqDesk")


def _remembered_folder(home_dir: Path) -> Path:
    """When started on the default folder that has no database, the folder chosen in the wizard last time."""
    if Home(home_dir).exists() or home_dir != default_home():
        return home_dir
    value = user_settings().value(LAST_FOLDER_KEY)
    if value and Home(Path(str(value))).exists():
        return Path(str(value))
    return home_dir


def open_main_window(ws: Workspace):  # noqa: ANN201 - returns the MainWindow (imported lazily)
    from desk.ui.context import AppContext
    from desk.ui.main_window import MainWindow

    ctx = AppContext(ws)
    return MainWindow(ctx)


@dataclass
class Started:
    """The shown window on its data folder, before the event loop runs. While `opening` runs, the window is its
    frame alone and `workspace` is None; `exit_code` is set when the folder could not be opened."""

    app: QApplication
    window: MainWindow
    workspace: Workspace | None
    guard: FolderGuard
    opening: FolderOpening | None = None
    operator: str | None = None
    exit_code: int | None = None
    closed: bool = False

    def wait_until_open(self, timeout_ms: int = 120_000) -> bool:
        """Run the event loop until the window has its data folder (True) or the opening failed or the window was
        closed (False): for callers that start the window without running `run`'s loop (tests, benchmarks). It
        wakes on the opening's own signals (after the window handled them), not by polling, so it takes no time
        from the opening thread; a slow check covers a signal already on its way when this began."""
        if self.opening is None or not self._waiting():
            return self.window.opened()
        loop = QEventLoop()
        check = QTimer()
        check.timeout.connect(lambda: None if self._waiting() else loop.quit())
        check.start(100)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        deadline.start(timeout_ms)
        self.opening.opened.connect(loop.quit)
        self.opening.failed.connect(loop.quit)
        if self._waiting():
            loop.exec()
        check.stop()
        deadline.stop()
        self.opening.opened.disconnect(loop.quit)
        self.opening.failed.disconnect(loop.quit)
        return self.window.opened()

    def _waiting(self) -> bool:
        return not self.closed and self.exit_code is None and not self.window.opened()

    def _opened(self, ws: Workspace) -> None:
        """On the main thread: the folder is open. Attach it, unless the window was closed meanwhile."""
        if self.closed or self.window.closed_while_opening:
            return  # close() closes the workspace
        from desk.ui import collector, startup
        from desk.ui.context import AppContext

        self.workspace = ws
        if self.operator:
            ws.db.operator = self.operator
        self.guard.backup = startup.after_open(ws, self.guard.backup_finished.emit)
        self.window.attach(AppContext(ws, qsettings=self.window.ui_settings))
        startup.watch(self.guard, self.window)
        QTimer.singleShot(
            0, collector.freeze_survivors
        )  # the window is up: its objects leave the collector's sight

    def _failed(self, exc: BaseException) -> None:
        """On the main thread: the folder could not be opened. Say why; the window closes and the program ends."""
        from desk.ui import startup

        self.exit_code = 1
        if not (self.closed or self.window.closed_while_opening):
            startup.tell(self.window, startup.error_message(exc), critical=True)
        self.window.close()
        self.app.quit()

    def close(self) -> None:
        """Let everything go: the window's context, the workspace (also one opened after the window closed), the
        folder. Waits for the opening thread first, so nothing is left half-open."""
        if self.closed:
            return
        self.closed = True
        if self.opening is not None:
            self.opening.wait()
            if self.workspace is None and self.opening.workspace is not None:
                self.workspace = self.opening.workspace  # opened after the window had closed
        if self.window.ctx is not None:
            self.window.ctx.close()
        if self.workspace is not None:
            self.workspace.close()
        self.guard.release()


def run(home_dir: Path, operator: str | None = None) -> int:
    """Open the window on `home_dir` (after the first-run wizard when it has no database); the exit code."""
    started = start(home_dir, operator)
    if isinstance(started, int):
        return started
    code = started.app.exec()
    started.close()
    if started.exit_code is not None:
        code = started.exit_code
    # The window deleted now, while Python is whole: left to PySide's clean-up at exit, widgets with Python event
    # filters were destroyed as the interpreter shut down and the process ended in SIGSEGV after the work was saved.
    started.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return int(code)


def start(home_dir: Path, operator: str | None = None) -> Started | int:
    """Everything `run` does before the event loop: the folder claimed (or the first-run wizard), the main window
    shown, its folder opening on a thread (`Started.wait_until_open` waits for it without `run`'s loop). An int is
    the exit code when there is no window to run (bench/bench_ui.py times this)."""
    home_dir = _remembered_folder(Path(home_dir))
    i18n.set_language(saved_language(home_dir) or i18n.current_language())
    app = application()
    from desk.ui import startup  # one window per folder, the day's backup, errors to the log, the smoke test

    startup.install_error_hook()
    if Home(home_dir).exists():
        return _start_in_two_steps(app, home_dir, operator)
    from desk.ui.wizard import (
        FirstRunWizard,
    )  # no database yet: the first-run wizard makes one, then the window

    wizard = FirstRunWizard(home_dir, operator=operator)
    if not wizard.exec() or wizard.workspace is None:
        return 0
    ws = wizard.workspace
    user_settings().setValue(LAST_FOLDER_KEY, str(ws.home.root))
    guard = startup.claim_folder(ws.home.root)
    if guard is None:
        return startup.FolderInUse.exit_code
    if operator:
        ws.db.operator = operator
    window = open_main_window(ws)
    window.show()
    startup.watch(guard, window)
    from desk.ui import collector

    QTimer.singleShot(
        0, collector.freeze_survivors
    )  # the window is up: its objects leave the collector's sight
    return Started(app, window, ws, guard, operator=operator)


def _start_in_two_steps(app: QApplication, home_dir: Path, operator: str | None) -> Started | int:
    """The frame on screen first, the database opened behind it (see the module's docstring). The opening thread
    starts from the event loop, once the frame's first events are handled: started earlier, its imports competed
    with the frame's many short calls into Qt for the interpreter's lock, and both came later (measured)."""
    from desk.ui import startup
    from desk.ui.main_window import MainWindow
    from desk.ui.opening import FolderOpening

    guard = startup.claim_folder(home_dir)
    if guard is None:  # another window has this folder; it was asked to come to the front
        return startup.FolderInUse.exit_code
    window = MainWindow(root=home_dir)
    # No collection may run on the opening thread (desk/ui/collector.py): none runs until the folder is attached,
    # whose AppContext starts the main thread's collection timer. (The timer running meanwhile woke this thread
    # every 40 ms to take the interpreter's lock from the opening thread, which then waited for a CPU again.)
    gc.disable()
    window.show()
    opening = FolderOpening(window)
    started = Started(app, window, None, guard, opening=opening, operator=operator)
    queued = Qt.ConnectionType.QueuedConnection  # emitted on the opening thread, handled on this one
    opening.opened.connect(started._opened, queued)
    opening.failed.connect(started._failed, queued)

    def begin() -> None:
        if not (started.closed or window.closed_while_opening):  # closed at once: nothing to open
            opening.open(home_dir)

    QTimer.singleShot(0, window, begin)
    return started
