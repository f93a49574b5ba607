"""A list beside its detail (a register's records and the open form, the meetings and the meeting open), one pane at
a time when the window is narrower than both need.

At 150% scaling a 1024×768 screen leaves a window about 667 logical px wide: the navigation, a list and a form side
by side needed 730-760. Narrower than both panes' minimum widths, the splitter shows the pane in front: the detail
while a record is open (its Save in view), the list otherwise; the owner brings the list back (`show_list`, e.g. the
form's Close or a "Back to the list" button, see `narrow_changed`). Wide again, both are side by side as before.
"""

from __future__ import annotations

from typing import Any

from desk.ui.qt import QEvent, QSize, QSplitter, Qt, QWidget, Signal


def least_size(widget: QWidget) -> QSize:
    """What a layout gives the widget at least: its minimum size, or its minimum size hint where none is set."""
    return widget.minimumSizeHint().expandedTo(widget.minimumSize())


class ListDetailSplitter(QSplitter):
    narrow_changed = Signal(bool)

    def __init__(self, list_pane: QWidget, detail_pane: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.list_pane = list_pane
        self.detail_pane = detail_pane
        self.addWidget(list_pane)
        self.addWidget(detail_pane)
        self.setChildrenCollapsible(False)
        self._front = "detail"
        # ids of the panes this splitter hid (a pane its owner hid stays hidden)
        self._hidden_by_us: set[int] = set()
        self._arranging = False
        self._narrow = False
        self._closing = False
        detail_pane.installEventFilter(self)
        detail_pane.destroyed.connect(self._pane_gone)
        list_pane.destroyed.connect(self._pane_gone)

    def _pane_gone(self, *_args: object) -> None:
        self._closing = True

    # --- what is in front ---------------------------------------------------------------------------------------

    def narrow(self) -> bool:
        return self._narrow

    def show_list(self) -> None:
        """The list in front (seen alone when narrow)."""
        self._front = "list"
        self._arrange()

    def show_detail(self) -> None:
        """The detail in front (seen alone when narrow)."""
        self._front = "detail"
        self._arrange()

    # --- geometry -----------------------------------------------------------------------------------------------

    def both_width(self) -> int:
        """The width the two panes need side by side."""
        return least_size(self.list_pane).width() + least_size(self.detail_pane).width() + self.handleWidth()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        panes = [least_size(self.list_pane), least_size(self.detail_pane)]
        return QSize(max(p.width() for p in panes), max(p.height() for p in panes))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.detail_pane
            and not self._arranging
            and not self._closing
            and event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent)
        ):
            self._hidden_by_us.discard(id(self.detail_pane))  # the owner opened or closed it
            try:
                self._arrange()
            except RuntimeError:  # the window is being torn down (its widgets deleted before this one)
                self._closing = True
        return False

    def _owner_hid(self, pane: QWidget) -> bool:
        return pane.isHidden() and id(pane) not in self._hidden_by_us

    def _arrange(self) -> None:
        if self._arranging or self._closing:
            return
        narrow = self.width() < self.both_width()
        detail_open = not self._owner_hid(self.detail_pane)
        list_in_front = self._front == "list" or not detail_open
        self._arranging = True
        try:
            self._set_shown(self.list_pane, not narrow or list_in_front)
            if detail_open:
                self._set_shown(self.detail_pane, not narrow or not list_in_front)
        finally:
            self._arranging = False
        if narrow != self._narrow:
            self._narrow = narrow
            self.narrow_changed.emit(narrow)

    def _set_shown(self, pane: QWidget, shown: bool) -> None:
        if shown and id(pane) in self._hidden_by_us:
            self._hidden_by_us.discard(id(pane))
            pane.show()
        elif not shown and not pane.isHidden():
            self._hidden_by_us.add(id(pane))
            pane.hide()
