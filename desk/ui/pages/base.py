"""The base class of every page of the main window. See desk/ui/PAGES.md for how to write and register one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from desk.i18n import _
from desk.ui.qt import QLabel, QSize, Qt, QWidget

if TYPE_CHECKING:
    from desk.ui.context import AppContext


class Page(QWidget):
    """One page of the main window, reached from the navigation list.

    Subclasses set `key` (stable, ASCII: "associations"), `title` (marked with N_, shown translated) and build their
    widgets in `__init__`, then implement:
    - `retranslate()`: set every visible text again with `_()` (called after a language switch);
    - `refresh()`: re-read data (called after a commit touching `watches`, at once if the page is visible,
      else when it is next shown);
    - optionally the window's commands: `new_record()`, `find()`, `save()`, `close_current()` (return True when
      handled).
    """

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""  # N_("…"); translated in nav_title()
    watches: ClassVar[frozenset[str] | None] = None  # table names whose changes matter; None = any
    # The page edits the region's records: read-only at the central office, no Save (Ctrl+S) there
    # (desk/ui/central_mode.py). Pages whose Save is the centre's own (Settings, Reports) leave it False.
    regions_records: ClassVar[bool] = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        # Owned connections: Qt drops them when this page is destroyed.
        ctx.changed.connect(self._on_changed)
        ctx.language_changed.connect(self._on_language_changed)
        self.gives_way: list[QWidget] = []  # hidden while the page is lower than it needs (besides its title)
        self._given_way: list[QWidget] = []

    # --- to implement -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set every text of the page again in the current language."""

    def refresh(self) -> None:
        """Re-read what the page shows."""

    def new_record(self) -> bool:  # Ctrl+N
        return False

    def find(self) -> bool:  # Ctrl+F
        return False

    def save(self) -> bool:  # Ctrl+S
        return False

    def print_(self) -> bool:  # Ctrl+P
        return False

    def close_current(self) -> bool:  # Esc, Ctrl+W: close an open form or detail
        return False

    # --- unsaved changes (asked about before they would be lost: desk/ui/unsaved.py) ------------------------------

    def unsaved(self) -> str | None:
        """What the page holds unsaved, named for the clerk ("the record «…»"), or None."""
        return None

    def save_unsaved(self) -> bool:
        """Save what `unsaved()` names; False when it was refused (the form shows why)."""
        return self.save()

    def discard_unsaved(self) -> None:
        """Throw away what `unsaved()` names: the form shows the saved values again."""

    # --- provided ---------------------------------------------------------------------------------------------

    def ready(self) -> bool:
        """True once the page shows what it is for. A page that reads its content in the background answers False
        until it arrives (the start-up benchmark waits for the first page to be ready)."""
        return True

    @classmethod
    def nav_title(cls) -> str:
        return _(cls.title)

    def activate(self) -> None:
        """Called by the window when the page is shown; refreshes if data changed while it was hidden."""
        if self._stale:
            self._stale = False
            self.refresh()

    def _on_changed(self, tables: frozenset[str]) -> None:
        if self.watches is not None and not (tables & self.watches):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_language_changed(self, _lang: str) -> None:
        self.retranslate()

    # --- a low window (150% scaling on a 768-px screen leaves about 430 logical px) -------------------------------

    def _yielding(self) -> list[QWidget]:
        """What gives way when the page is too low: its title (the navigation names the page too) and `gives_way`."""
        titles = getattr(self, "_titles", None)
        if not titles:  # looked up until found, then kept (asked at every layout pass of the window)
            titles = self.findChildren(QLabel, "pageTitle", Qt.FindChildOption.FindDirectChildrenOnly)
            self._titles = titles
        return [*titles, *self.gives_way]

    def _yield_height(self, widgets: list[QWidget]) -> int:
        layout = self.layout()
        spacing = max(layout.spacing(), 0) if layout is not None else 0
        return sum(w.minimumSizeHint().expandedTo(w.minimumSize()).height() + spacing for w in widgets)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As low as the page is without what gives way."""
        hint = super().minimumSizeHint()
        yielding = self._yielding()
        shown = [w for w in yielding if not w.isHidden()]
        layout = self.layout()
        width = hint.width()
        if shown and layout is not None:  # the width of the rest (a page's layout is a column of parts)
            margins = layout.contentsMargins()
            rest = [layout.itemAt(i) for i in range(layout.count())]
            width = (
                margins.left()
                + margins.right()
                + max(
                    (
                        item.minimumSize().width()
                        for item in rest
                        if item.widget() not in yielding and not item.isEmpty()
                    ),
                    default=0,
                )
            )
        return QSize(width, max(hint.height() - self._yield_height(shown), 0))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        layout = self.layout()
        if layout is None:
            return
        needed = layout.minimumSize().height() + self._yield_height(self._given_way)
        if event.size().height() < needed:
            for widget in self._yielding():
                if not widget.isHidden():
                    widget.hide()
                    self._given_way.append(widget)
        elif self._given_way:
            for widget in self._given_way:
                widget.show()
            self._given_way.clear()
