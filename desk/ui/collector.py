"""Python's garbage collector runs on the main (GUI) thread only.

With automatic collection on, a collection can start on whichever thread happens to allocate — a background read or
task — and destroy Qt objects (widgets left in reference cycles) there. A QObject destroyed off its own thread takes
Qt's connection locks while waiting for the GIL, and the GUI thread holding those locks waits for the GIL in turn:
the window freezes. Anki disables automatic collection for the same reason and collects from a main-thread timer;
so do we.
"""

from __future__ import annotations

import gc

from desk.ui.qt import QObject, QTimer

_installed: QTimer | None = None


def collect_on_main_thread(owner: QObject, interval_ms: int = 2000) -> None:
    """Turn automatic collection off and collect every `interval_ms` on the main thread (once per process)."""
    global _installed
    gc.disable()
    if _installed is not None:
        return
    timer = QTimer(owner)
    timer.setInterval(interval_ms)
    timer.timeout.connect(_collect)
    timer.start()
    _installed = timer
    owner.destroyed.connect(_forget)


def _collect() -> None:
    gc.collect()


def _forget(*_args: object) -> None:
    global _installed
    _installed = None
