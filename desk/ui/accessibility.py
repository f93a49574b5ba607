"""Accessible names and descriptions for every control, and a keyboard path through every page and form.

A screen reader announces a control by its accessible name and description. Rather than naming each control by
hand, one rule derives them from what a sighted user reads next to it, in the current language:

- a button, check box or radio button: its text (the `&` of its shortcut removed), else its label, else its
  tooltip;
- a field: the label whose buddy it is, its label in a QFormLayout, or the label just before it in a row,
  else its placeholder, else its tooltip;
- a list or table: its label, else the title of its group box, else the title of its page;
- the description: the tooltip, the placeholder or the status tip when they say more than the name, else where
  the control is (its group box and page).

A name or description set explicitly in code is kept: the rule only fills in and refreshes what it set itself (a
dynamic property remembers it). `install(app)` does this once for the application: each time a window or part of
one is shown, and again after a language switch (after the pages have retranslated).

The same pass makes Tab leave lists, tables and text boxes (a table moves between its cells with the arrow keys
and a text box takes Ctrl+Tab for a tab), so Tab goes through every control of a page and never gets stuck.
`interactive_controls()` and `unnamed()` are what the tests walk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desk import i18n
from desk.ui.app_events import app_events
from desk.ui.qt import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QCalendarWidget,
    QComboBox,
    QEvent,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QMenuBar,
    QObject,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QTimer,
    QToolBar,
    QWidget,
)

INTERACTIVE: tuple[type, ...] = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
    QTabBar,
)
"""The kinds of widget a user operates (and a screen reader must be able to name)."""

_AUTO_NAME = "deskAccessibleName"
_AUTO_DESCRIPTION = "deskAccessibleDescription"
_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A label's text as it is read: markup, the shortcut's `&`, a trailing colon or required-mark removed."""
    text = _TAGS.sub("", text or "")
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split()).rstrip(":*： ").strip()


def _is_part_of_another_control(widget: QWidget) -> bool:
    """Qt's inner parts (a spin box's line edit, a table's corner button, a tab bar's scroll arrows, a calendar's
    buttons): the control they belong to is what is named."""
    if widget.objectName().startswith("qt_"):
        return True
    if isinstance(widget, QScrollBar):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar, QMenuBar, QCalendarWidget)):
            return True
        if isinstance(parent, QAbstractItemView) and widget is not parent:
            return True  # corner buttons, editors opened inside a table
        if isinstance(parent, QToolBar) and widget.objectName() == "qt_toolbar_ext_button":
            return True
        parent = parent.parentWidget()
    return False


def interactive_controls(root: QWidget, *, visible_only: bool = True) -> list[QWidget]:
    """The controls under `root` a user operates (Qt's inner parts left out)."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _is_part_of_another_control(widget):
            continue
        if visible_only and not widget.isVisibleTo(root):
            continue
        found.append(widget)
    return found


def _labels(root: QWidget) -> dict[QWidget, str]:
    """Control → the text of the label a sighted user reads for it (buddies first, then form-layout labels)."""
    found: dict[QWidget, str] = {}
    for layout in root.findChildren(QFormLayout):
        for row in range(layout.rowCount()):
            label_item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None or not isinstance(label_item.widget(), QLabel):
                continue
            text = plain(label_item.widget().text())
            if not text:
                continue
            for widget in _widgets_of(field_item):
                found.setdefault(widget, text)
    for layout in root.findChildren(QBoxLayout):
        # a label followed by a field in a row (or column) of widgets: "Year [2025 ▾]"
        items = [layout.itemAt(i).widget() for i in range(layout.count())]
        for before, after in zip(items, items[1:], strict=False):
            if (
                isinstance(before, QLabel)
                and isinstance(after, INTERACTIVE)
                and not isinstance(after, QAbstractButton)
                and plain(before.text())
            ):
                found.setdefault(after, plain(before.text()))
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        text = plain(label.text())
        if buddy is not None and text:
            found[buddy] = text  # an explicit buddy wins over the form row
    return found


def _widgets_of(item: object) -> Iterable[QWidget]:
    """The controls in a form row's field: the widget itself, or those of its layout (a field and its button:
    the field takes the label, a button has its own text)."""
    widget = item.widget() if hasattr(item, "widget") else None  # type: ignore[union-attr]
    if widget is not None:
        if isinstance(widget, INTERACTIVE):
            yield widget
        else:  # a container: its first field takes the label
            inner = [
                w
                for w in interactive_controls(widget, visible_only=False)
                if not isinstance(w, QAbstractButton)
            ]
            yield from inner[:1]
        return
    layout = item.layout() if hasattr(item, "layout") else None  # type: ignore[union-attr]
    if isinstance(layout, QLayout):
        fields = []
        for index in range(layout.count()):
            child = layout.itemAt(index).widget()
            if isinstance(child, INTERACTIVE) and not isinstance(child, QAbstractButton):
                fields.append(child)
        yield from fields[:1]


def _context(widget: QWidget) -> str:
    """Where the control is: the titles of its group box and of its page."""
    parts: list[str] = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QGroupBox) and plain(parent.title()):
            parts.append(plain(parent.title()))
        nav_title = getattr(parent, "nav_title", None)
        if callable(nav_title):
            parts.append(plain(str(nav_title())))
            break
        if parent.isWindow() and plain(parent.windowTitle()):
            parts.append(plain(parent.windowTitle()))
            break
        parent = parent.parentWidget()
    return " — ".join(dict.fromkeys(p for p in parts if p))


def derived_name(widget: QWidget, labels: dict[QWidget, str]) -> str:
    """The name the rule gives `widget` ("" when nothing a user reads names it)."""
    if isinstance(widget, QAbstractButton):
        return plain(widget.text()) or labels.get(widget, "") or plain(widget.toolTip())
    label = labels.get(widget, "")
    if label:
        return label
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return plain(widget.placeholderText())
    if isinstance(widget, (QTextEdit, QPlainTextEdit)) and widget.placeholderText():
        return plain(widget.placeholderText())
    if isinstance(widget, QComboBox) and widget.placeholderText():
        return plain(widget.placeholderText())
    if widget.toolTip():
        return plain(widget.toolTip())
    if isinstance(widget, (QAbstractItemView, QTabBar)):
        return _context(widget)
    return ""


def derived_description(widget: QWidget, name: str) -> str:
    for hint in (
        widget.toolTip(),
        getattr(widget, "placeholderText", lambda: "")(),
        widget.statusTip(),
        widget.whatsThis(),
    ):
        text = plain(hint)
        if text and text != name:
            return text
    return _context(widget)


def apply(root: QWidget) -> None:
    """Name and describe every control under `root` (and `root` itself), and make Tab leave lists and text."""
    # a control's label may sit beside it, in the parent's layout
    labels = _labels(root.parentWidget() if root.parentWidget() is not None else root)
    controls = interactive_controls(root, visible_only=False)
    if isinstance(root, INTERACTIVE):
        controls.append(root)
    for widget in controls:
        _fill(widget, "accessibleName", "setAccessibleName", _AUTO_NAME, derived_name(widget, labels))
        name = widget.accessibleName()
        _fill(
            widget,
            "accessibleDescription",
            "setAccessibleDescription",
            _AUTO_DESCRIPTION,
            derived_description(widget, name),
        )
        if isinstance(widget, QAbstractItemView) and widget.tabKeyNavigation():
            widget.setTabKeyNavigation(False)  # arrows move between cells; Tab moves on
        if isinstance(widget, (QTextEdit, QPlainTextEdit)) and not widget.tabChangesFocus():
            widget.setTabChangesFocus(True)


def _fill(widget: QWidget, getter: str, setter: str, mark: str, value: str) -> None:
    current = getattr(widget, getter)()
    ours = widget.property(mark)
    if current and current != ours:
        return  # set in code: kept
    if value != current:
        getattr(widget, setter)(value)
    widget.setProperty(mark, value)


def unnamed(root: QWidget) -> list[QWidget]:
    """The visible controls under `root` that a screen reader could not name."""
    return [w for w in interactive_controls(root) if not w.accessibleName().strip()]


def undescribed(root: QWidget) -> list[QWidget]:
    return [w for w in interactive_controls(root) if not w.accessibleDescription().strip()]


def tab_order(root: QWidget) -> list[QWidget]:
    """The controls under `root` that Tab stops at, in the order Qt's focus chain visits them."""
    wanted = {w for w in interactive_controls(root) if _takes_tab(w)}
    if not wanted:
        return []
    start = next(iter(wanted))
    order: list[QWidget] = []
    widget = start
    for _step in range(10000):
        if widget in wanted and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    return order


def _takes_tab(widget: QWidget) -> bool:
    from desk.ui.qt import Qt

    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()


class _Installer(QObject):
    """Applies the rule to what is shown (coalesced: once per window per turn of the event loop) and after each
    language switch."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._pending: set[QWidget] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._flush)
        events = app_events(app)
        if events is not None:
            events.on(QEvent.Type.Show, self._shown)
        self._remove = i18n.on_language_changed(lambda _lang: self.schedule_all())
        app.destroyed.connect(lambda *_a: self._remove())

    def _shown(self, obj: QObject, _event: QEvent) -> None:
        if isinstance(obj, QWidget):
            self._pending.add(obj)  # a page, a form or a dialog shown: only that part is walked
            if not self._timer.isActive():
                self._timer.start()

    def schedule_all(self) -> None:
        for window in QApplication.topLevelWidgets():
            self._pending.add(window)
        self._timer.start()

    def _flush(self) -> None:
        pending, self._pending = self._pending, set()
        for root in _outermost(pending):
            try:
                apply(root)
            except RuntimeError:  # closed and deleted meanwhile
                continue

    def flush(self) -> None:
        """Apply now what is waiting (tests, screenshots)."""
        self._timer.stop()
        self._flush()


def _outermost(widgets: set[QWidget]) -> list[QWidget]:
    """The widgets none of whose ancestors is among them (a page shown with its children: the page once)."""
    out = []
    for widget in widgets:
        try:
            parent = widget.parentWidget()
        except RuntimeError:  # deleted meanwhile
            continue
        while parent is not None and parent not in widgets:
            parent = parent.parentWidget()
        if parent is None:
            out.append(widget)
    return out


def install(app: QApplication) -> _Installer:
    """Install the rule on the application (once)."""
    found = getattr(app, "_desk_accessibility", None)
    if found is None:
        found = _Installer(app)
        app._desk_accessibility = found  # type: ignore[attr-defined]
    return found
