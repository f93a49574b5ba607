"""One application-wide event filter for the window's watchers (input for the collector, shown widgets for the
accessibility pass, focus leaving a field for the glyph check).

Every event of the program passes an application-wide filter, and each written in Python costs a crossing into
Python (the event and its receiver wrapped) for events it does not care about: three such filters took about a tenth
of the GUI thread while a register scrolled. Here the event's type is looked up once and only its handlers run.
"""

from __future__ import annotations

from collections.abc import Callable

from desk.ui.qt import QCoreApplication, QEvent, QObject

Handler = Callable[[QObject, QEvent], None]


class AppEvents(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._handlers: dict[QEvent.Type, list[Handler]] = {}
        app.installEventFilter(self)

    def on(self, kind: QEvent.Type, handler: Handler) -> None:
        """Call `handler(receiver, event)` for every event of this type in the program (it must not consume it)."""
        self._handlers.setdefault(kind, []).append(handler)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        handlers = self._handlers.get(event.type())
        if handlers is not None:
            for handler in handlers:
                handler(watched, event)
        return False


def app_events(app: QCoreApplication | None = None) -> AppEvents | None:
    """The application's one filter (made on first use); None without an application."""
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    found = app.findChild(AppEvents)
    return found if isinstance(found, AppEvents) else AppEvents(app)
