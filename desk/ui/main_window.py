"""The main window: navigation on the left, the current page on the right, menus with the keyboard commands.

It opens in two steps (desk/ui/app.py): `MainWindow(root=…)` is the frame alone (menus, navigation, status bar, a
page area saying "Opening…"), built without the database layer so it is on screen at once; `attach(ctx)` gives it
the opened data folder, fills the pages and lets the clerk work. Until then every command and the navigation are
disabled, so nothing can be typed, saved or switched on a half-opened window; closing it then is clean.
`MainWindow(ctx)` does both steps at once.

The navigation comes from `desk.ui.pages.page_slots()` (keys and titles only); a page's module is imported and the
page built the first time it is shown, so the window is usable at once and start-up pays only for the first page. Commands (New Ctrl+N, Find Ctrl+F, Save Ctrl+S, Print Ctrl+P, Close Esc/Ctrl+W) go to the current page.
Other parts of the program add menu entries with `add_actions(window)` (desk.ui.spreadsheets, desk.ui.undo), calling
`window.add_menu_action(...)`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desk import APP_NAME, __version__
from desk.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _
from desk.ui import central_mode, unsaved
from desk.ui.pages import PageSlot, page_slots
from desk.ui.pages.base import Page
from desk.ui.qt import (
    QT_VERSION_STR,
    QAction,
    QActionGroup,
    QByteArray,
    QCloseEvent,
    QEvent,
    QGuiApplication,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QModelIndex,
    QRect,
    QSize,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QWidget,
)
from desk.ui.widgets import ElidedLabel
from desk.ui.window_settings import open_window_settings, remember_splitter

if TYPE_CHECKING:
    from desk.ui.context import AppContext

"""Modules with `add_actions(window: MainWindow)`, e.g. the spreadsheet import wizard's menu entry."""

MENUS: dict[str, str] = {"file": N_("&File"), "edit": N_("&Edit"), "view": N_("&View"), "help": N_("&Help")}


class NavigationDelegate(QStyledItemDelegate):
    """Navigation titles wrap onto as many lines as the list's width needs, with a few pixels to spare: at 150%
    scaling the text measured for the item's height came out narrower than when painted, and a title that just fitted
    one line was painted cut ("План …")."""

    SLACK = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint(option, index)
        view = option.widget
        if view is None:
            return hint
        metrics, flags = option.fontMetrics, int(Qt.TextFlag.TextWordWrap)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)

        def lines(width: int) -> int:
            height = metrics.boundingRect(QRect(0, 0, max(width, 1), 100_000), flags, text).height()
            return max(round(height / max(metrics.lineSpacing(), 1)), 1)

        base = lines(hint.width() - margin)
        needed = lines(view.viewport().width() - 2 * view.spacing() - margin - self.SLACK)
        # Lines beyond the first get a few pixels more than measured: a line painted a pixel lower than measured at
        # 150% had the painter cut the title ("Otyrystar men …") in an item that was tall enough on paper.
        spare = self.SLACK // 2 if needed > 1 else 0
        return QSize(hint.width(), hint.height() + max(needed - base, 0) * metrics.lineSpacing() + spare)


class MainWindow(QMainWindow):
    def __init__(
        self, ctx: AppContext | None = None, parent: QWidget | None = None, *, root: Path | None = None
    ) -> None:
        """The window on `ctx`'s data folder; with `root` instead, the frame alone until `attach(ctx)`."""
        super().__init__(parent)
        if ctx is None and root is None:
            raise ValueError("MainWindow needs the opened context or the data folder's root")
        self.root = Path(root if root is not None else ctx.workspace.home.root)  # type: ignore[union-attr]
        self.ctx: AppContext = None  # type: ignore[assignment]  # set by attach(); None while opening
        self.closed_while_opening = False
        self.setObjectName("mainWindow")
        self._slots: list[PageSlot] = page_slots()
        self._pages: dict[str, Page] = {}
        self._translatable: list[tuple[QAction | QMenu, str]] = []  # (thing, N_ title) retitled on a switch
        self._insert_before: dict[str, QAction] = {}  # where add_menu_action puts an entry (else: at the end)
        self.ui_settings = (
            ctx.qsettings if ctx is not None else open_window_settings(self.root)
        )  # geometry, splitters, page: the frame opens where it was left

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(1)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setWordWrap(True)
        self.nav.setItemDelegate(NavigationDelegate(self.nav))
        self.nav.setResizeMode(QListWidget.ResizeMode.Adjust)
        self._nav_viewport = self.nav.viewport()
        self._nav_viewport.installEventFilter(self)  # wrapped titles laid out again at once on a new width
        for slot in self._slots:
            item = QListWidgetItem(slot.nav_title())
            item.setData(Qt.ItemDataRole.UserRole, slot.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 1000])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        remember_splitter(self.ui_settings, self.splitter, "main")
        self.opening_label = QLabel()  # the page area while the data folder opens
        self.opening_label.setObjectName("opening")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening_label)

        self._build_menus()
        self.status_label = ElidedLabel()  # the folder's path gives way to a narrow window (tooltip: whole)
        self.statusBar().addPermanentWidget(self.status_label)
        # Nothing the clerk could do on a half-opened window: every command and the navigation wait for attach().
        self._held = [a for a in self.findChildren(QAction) if a.isEnabled()]
        for action in self._held:
            action.setEnabled(False)
        self.menuBar().setEnabled(False)
        self.nav.setEnabled(False)
        self._opening_texts()
        geometry = self.ui_settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(QByteArray(geometry))):
            self.resize(1280, 800)
        self.fit_to_screen()
        if ctx is not None:
            self.attach(ctx)

    def _opening_texts(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.opening_label.setText(_("Opening the data folder…"))
        self.status_label.setText(_("Opening {folder}…").format(folder=self.root))
        self._retitle_navigation_and_menus()  # the frame as wide as the opened window: no jump when it opens

    def _retitle_navigation_and_menus(self) -> None:
        for row, slot in enumerate(self._slots):
            self.nav.item(row).setText(slot.nav_title())
        self.nav.doItemsLayout()  # the items' heights for the new words (else one cut to "План …" until resized)
        # Wide enough for the longest word in this language (names wrap onto two lines, so a 1024-px screen keeps
        # room for the page): nothing clipped, no horizontal scrolling.
        metrics = self.nav.fontMetrics()
        longest_word = max(
            (metrics.horizontalAdvance(word) for slot in self._slots for word in slot.nav_title().split()),
            default=0,
        )
        self.nav.setMinimumWidth(max(longest_word, 120) + 2 * self.nav.frameWidth() + 32)
        for thing, title in self._translatable:
            if isinstance(thing, QMenu):
                thing.setTitle(_(title))
            else:
                thing.setText(_(title))

    def opened(self) -> bool:
        """True once the data folder is attached and the clerk can work."""
        return self.ctx is not None

    def attach(self, ctx: AppContext) -> None:
        """The opened data folder: the commands that need it, the pages, and the clerk's hands back."""
        if self.ctx is not None:
            raise RuntimeError("the window already has its data folder")
        self.ctx = ctx
        ctx.writer.status.connect(self.statusBar().showMessage)  # "busy, retrying…" while a save waits
        from desk.ui import spreadsheets, undo  # their menu entries (imported here: they build on the window)

        # in their places: Import… above Quit, Undo and Redo above Find
        self._insert_before = {"file": self._quit_separator, "edit": self.act_find}
        spreadsheets.add_actions(self)
        undo.add_actions(self)
        self._insert_before = {}
        from desk.ui.backup_warning import BackupWarning

        self.backup_warning = BackupWarning(ctx, self)
        from desk.ui.quarter_notice import QuarterNotice

        self.quarter_notice = QuarterNotice(self)  # an edit to a submitted quarter is warned about

        self._shown_row = -1
        self._settling = False
        ctx.settle_unsaved = self.settle_unsaved  # restoring a backup, another language: asked here first
        self.nav.currentRowChanged.connect(self._show_row)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        for action in self._held:
            action.setEnabled(True)
        self._held = []
        self.menuBar().setEnabled(True)
        self.nav.setEnabled(True)
        start = str(ctx.ui_value("window/page", "home"))
        self.show_page(start if start in self.page_keys() else self._slots[0].key)
        self._update_commands()
        self.stack.removeWidget(self.opening_label)
        self.opening_label.deleteLater()

    def eventFilter(self, watched: object, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._nav_viewport and event.type() == QEvent.Type.Resize:
            self.nav.doItemsLayout()  # Adjust lays out after a delay: a title was shown cut ("План …") till then
        return False

    # --- the screen ---------------------------------------------------------------------------------------------

    FRAME_ALLOWANCE = QSize(
        16, 40
    )  # a window's frame and title bar, before the window manager has drawn them

    def fit_to_screen(self, area: QRect | None = None) -> None:
        """The window inside the screen's available area (less the taskbar): at most 1280×800, smaller on a
        1366×768 or 1024×768 screen (at 100% or 150%), so the status bar and the tables' bottoms are in view."""
        if area is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is None:
                return
            area = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        if frame.width() <= 0 and frame.height() <= 0:
            frame = self.FRAME_ALLOWANCE
        width = min(self.width(), area.width() - frame.width())
        height = min(self.height(), area.height() - frame.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(max(width, 320), max(height, 240))
        left = min(max(self.x(), area.left()), area.right() - self.width() - frame.width() + 1)
        top = min(max(self.y(), area.top()), area.bottom() - self.height() - frame.height() + 1)
        self.move(max(left, area.left()), max(top, area.top()))

    # --- pages --------------------------------------------------------------------------------------------------

    def page_keys(self) -> list[str]:
        return [slot.key for slot in self._slots]

    def page(self, key: str) -> Page:
        """The page with this key, built on first use (its module imported then)."""
        if key not in self._pages:
            cls = next(s for s in self._slots if s.key == key).page_class()
            page = cls(self.ctx, self.stack)
            page.setObjectName(f"page_{key}")
            self._pages[key] = page
            self.stack.addWidget(page)
        return self._pages[key]

    def show_page(self, key: str) -> Page:
        row = self.page_keys().index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # → _show_row
        return self.page(key)

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        leaving = self.current_page()
        if (
            not self._settling
            and leaving is not None
            and row != self._shown_row
            and not self._settle(leaving)
        ):
            self.nav.blockSignals(True)  # Cancel: stay on the page with its form as it was
            self.nav.setCurrentRow(self._shown_row)
            self.nav.blockSignals(False)
            return
        self._shown_row = row
        key = self._slots[row].key
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        page.activate()
        self.ctx.set_ui_value("window/page", key)
        self._update_commands()

    def _update_commands(self) -> None:
        """At the central office nothing is created, undone, redone or imported from the window, and Save is the
        page's own only where it is not a region's record (desk/ui/central_mode.py); a region's window has all."""
        if not central_mode.read_only(self.ctx):
            return
        page = self.current_page()
        for action in (self.act_new, self.act_undo, self.act_redo, self.import_action):  # type: ignore[attr-defined]
            action.setEnabled(False)
        self.act_save.setEnabled(page is not None and not page.regions_records)

    # --- unsaved changes ------------------------------------------------------------------------------------------

    def _settle(self, page: Page) -> bool:
        """Ask about `page`'s unsaved changes (Save / Discard / Cancel); True when nothing is left to lose."""
        return unsaved.settle(self, page.unsaved(), page.save_unsaved, page.discard_unsaved)

    def settle_unsaved(self) -> bool:
        """Before the window closes (or the database or language changes): ask about every page's unsaved changes,
        showing each page as it is asked about. False when the clerk chose Cancel or a save was refused."""
        for slot in self._slots:
            page = self._pages.get(slot.key)
            if page is None or page.unsaved() is None:
                continue
            if self.current_page() is not page:
                self._settling = True
                try:
                    self.show_page(slot.key)
                finally:
                    self._settling = False
            if not self._settle(page):
                return False
        return True

    def choose_language(self, lang: str) -> bool:
        """View → Language: another language, once unsaved changes are settled (Cancel keeps this one)."""
        done = self.ctx.set_language(lang)
        for code, action in self.language_actions.items():
            action.setChecked(code == self.ctx.language)
        return done

    # --- menus and commands -------------------------------------------------------------------------------------

    def _menu(self, key: str) -> QMenu:
        menu = self._menus.get(key)
        if menu is None:
            menu = self.menuBar().addMenu(_(MENUS.get(key, key)))
            self._translatable.append((menu, MENUS.get(key, key)))
            self._menus[key] = menu
        return menu

    def add_menu_action(
        self, menu: str, title: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        """Add a menu entry; `title` is marked with N_ and retranslated on a language switch."""
        action = QAction(_(title), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        before = self._insert_before.get(menu)
        if before is not None:
            self._menu(menu).insertAction(before, action)
        else:
            self._menu(menu).addAction(action)
        self._translatable.append((action, title))
        return action

    def _build_menus(self) -> None:
        self._menus: dict[str, QMenu] = {}
        for key in MENUS:
            self._menu(key)
        self.act_new = self.add_menu_action(
            "file", N_("&New"), self._command("new_record"), QKeySequence.StandardKey.New
        )
        self.act_save = self.add_menu_action(
            "file", N_("&Save"), self._command("save"), QKeySequence.StandardKey.Save
        )
        self.act_print = self.add_menu_action(
            "file", N_("&Print…"), self._command("print_"), QKeySequence.StandardKey.Print
        )
        self.act_close = self.add_menu_action("file", N_("&Close form"), self._command("close_current"))
        self.act_close.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence(Qt.Key.Key_Escape)])
        self._menus["file"].addSeparator()
        # the spreadsheet import's entry goes between these two separators, once the folder is open (attach)
        self._quit_separator = self._menus["file"].addSeparator()
        self.act_quit = self.add_menu_action("file", N_("&Quit"), self.close, QKeySequence("Ctrl+Q"))
        self.act_find = self.add_menu_action(
            "edit", N_("&Find"), self._command("find"), QKeySequence.StandardKey.Find
        )

        self.language_menu = self._menu("view").addMenu("")
        self._translatable.append((self.language_menu, N_("&Language")))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[lang], self, checkable=True)
            action.setData(lang)
            action.triggered.connect(lambda _checked=False, code=lang: self.choose_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self._menu("view").addSeparator()
        for number, slot in enumerate(self._slots[:9], start=1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=slot.key: self.show_page(key))
            self.addAction(action)
        self.add_menu_action("help", N_("&About Dostyq Desk"), self.about)

    def _command(self, name: str) -> Callable[[], object]:
        def run() -> object:
            page = self.current_page()
            return getattr(page, name)() if page is not None else False

        return run

    def about(self) -> None:
        QMessageBox.about(self, _("About Dostyq Desk"), self.about_text())

    def about_text(self) -> str:
        ws = self.ctx.workspace
        return "<br>".join(
            [
                f"<b>{APP_NAME}</b> {__version__}",
                _("The registry of a regional secretariat of the Assembly of People of Kazakhstan."),
                "",
                _("Region: {region}").format(region=ws.region_name(self.ctx.language)),
                _("Data folder: {folder}").format(folder=ws.home.root),
                _("Operator: {name}").format(name=ws.operator),
                "",
                f"Qt {QT_VERSION_STR}",
            ]
        )

    # --- language -----------------------------------------------------------------------------------------------

    def retranslate(self, _lang: str | None = None) -> None:
        ws = self.ctx.workspace
        region = ws.region_name(self.ctx.language)
        # The program's name once, at the end: Windows and X11 append the application's display name to a title
        # that does not end with it ("Dostyq Desk — region — Dostyq Desk" before).
        self.setWindowTitle(f"{region} — {APP_NAME}")
        self._retitle_navigation_and_menus()
        for lang, action in self.language_actions.items():
            action.setChecked(lang == self.ctx.language)
        self.status_label.setText(
            _("{region} · operator: {operator} · {folder}").format(
                region=region, operator=ws.operator, folder=ws.home.root
            )
        )

    # --- closing ------------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if (
            self.ctx is None
        ):  # closed while the data folder opens: nothing typed yet; desk.ui.app closes the rest
            self.ui_settings.setValue("window/geometry", self.saveGeometry())
            self.closed_while_opening = True
            super().closeEvent(event)
            return
        if not self.settle_unsaved():  # Cancel (or a refused save): the window stays, every form as it was
            event.ignore()
            return
        self.ctx.set_ui_value("window/geometry", self.saveGeometry())
        for page in self._pages.values():
            closing = getattr(page, "closing", None)
            if closing is not None:
                closing()
        super().closeEvent(event)
