"""A warning when text typed into the window holds a character no font of the program can draw.

The program bundles fonts for Kazakh, Russian, Arabic, Hebrew, Georgian, Armenian, Chinese, Korean, symbols and
emoji (resources/fonts; the reports embed the same faces). A character none of them has shows as a box in the
window and prints as � in the reports: when a field holding one loses the focus, the window says so in its status
bar (a dialog: in a tooltip at the field), naming the code points. Installed once from `desk.ui.app`.
"""

from __future__ import annotations

import functools

from desk.i18n import _
from desk.ui.app_events import app_events
from desk.ui.qt import (
    QApplication,
    QEvent,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QLineEdit,
    QMainWindow,
    QObject,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

# Characters that draw as nothing on purpose: joiners, variation selectors, direction marks, tags.
_INVISIBLE = (
    {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFE0E, 0xFE0F, 0x061C}
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
    | set(range(0xE0020, 0xE0080))
)


@functools.cache
def _metrics() -> tuple[QFontMetrics, ...]:
    """Metrics of the application's font and of every bundled face."""
    families = [QApplication.font().family()]
    for font_id in range(0, 64):
        found = QFontDatabase.applicationFontFamilies(font_id)
        families += [f for f in found if f not in families]
    return tuple(QFontMetrics(QFont(family)) for family in families)


def undrawable(text: str) -> list[str]:
    """The characters of `text` that no bundled face has (each once, in order)."""
    found: list[str] = []
    for ch in text:
        code = ord(ch)
        if code < 0x250 or code in _INVISIBLE or ch.isspace() or ch in found:
            continue
        if not any(metrics.inFontUcs4(code) for metrics in _metrics()):
            found.append(ch)
    return found


def warning_text(chars: list[str]) -> str:
    return _("No font of the program can draw {chars}: it shows as a box and prints as \ufffd.").format(
        chars=", ".join(f"U+{ord(ch):04X}" for ch in chars)
    )


def _text_of(widget: QWidget) -> str | None:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    return None


class _Watcher(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        events = app_events(app)
        if events is not None:
            events.on(QEvent.Type.FocusOut, self._focus_out)
        self.last = ""

    def _focus_out(self, obj: QObject, _event: QEvent) -> None:
        if isinstance(obj, QWidget):
            text = _text_of(obj)
            if text and not text.isascii():
                chars = undrawable(text)
                if chars:
                    self.warn(obj, warning_text(chars))

    def warn(self, widget: QWidget, message: str) -> None:
        self.last = message
        window = widget.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 15000)
        else:
            QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()), message, widget)


def install(app: QApplication) -> _Watcher:
    found = getattr(app, "_desk_glyphs", None)
    if found is None:
        found = _Watcher(app)
        app._desk_glyphs = found  # type: ignore[attr-defined]
    return found
