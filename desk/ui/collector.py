"""Python's garbage collector runs on the main (GUI) thread only, generation by generation.

With automatic collection on, a collection can start on whichever thread happens to allocate — a background read or
task — and destroy Qt objects (widgets left in reference cycles) there. A QObject destroyed off its own thread takes
Qt's connection locks while waiting for the GIL, and the GUI thread holding those locks waits for the GIL in turn:
the window freezes. Anki disables automatic collection for the same reason and collects from a main-thread timer;
so do we.

What the timer collects follows the generation thresholds, as the interpreter itself would (`gc.get_threshold()`
against `gc.get_count()`): mostly the youngest generation, which takes well under a millisecond; the oldest only
when enough survivors have piled up. A full collection every two seconds stalled the window ~200 ms on the large
data set. Objects alive once the window is up (modules, Qt wrappers, the ORM's mappings) are frozen out of the
collector's sight (`gc.freeze()`), so even an oldest-generation collection walks only what came after.
"""

from __future__ import annotations

import gc
import threading
import time

from desk.ui.app_events import app_events
from desk.ui.qt import QCoreApplication, QEvent, QObject, QTimer

INTERVAL_MS = 40
"""How often the main thread looks at the collector's counts: often, so a young generation stays small (a worker
allocating fast filled it with 100,000s of objects between looks 250 ms apart: a 400 ms collection)."""

QUIET_MS = 1500
"""The oldest generation is collected only when the clerk has not typed, clicked or scrolled for this long (until
then the younger ones are): its collection is the one that can take a noticeable moment."""

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
    }
)

_installed: QTimer | None = None
_last_input = 0.0
_frozen = False
collections: list[int] = [0, 0, 0]
"""How many collections of each generation the timer ran (for the benchmark and the tests)."""


def collect_on_main_thread(owner: QObject, interval_ms: int = INTERVAL_MS) -> None:
    """Turn automatic collection off and collect by generation thresholds every `interval_ms` on the main thread
    (once per process)."""
    global _installed
    gc.disable()
    if _installed is not None:
        return
    timer = QTimer(owner)
    timer.setInterval(interval_ms)
    timer.timeout.connect(collect_due)
    timer.start()
    _installed = timer
    events = app_events(QCoreApplication.instance())
    if events is not None:
        for kind in _INPUT:
            events.on(kind, _note_input)
    owner.destroyed.connect(_forget)


def _note_input(_watched: object, _event: QEvent) -> None:
    """Notes when the clerk last typed, clicked or scrolled (for QUIET_MS)."""
    global _last_input
    _last_input = time.monotonic()


def quiet() -> bool:
    """No input for QUIET_MS."""
    return (time.monotonic() - _last_input) * 1000 >= QUIET_MS


def due_generation() -> int | None:
    """The oldest generation whose threshold is reached (what the interpreter would collect now), or None."""
    thresholds, counts = gc.get_threshold(), gc.get_count()
    due = None
    for generation in range(3):
        if thresholds[generation] and counts[generation] >= thresholds[generation]:
            due = generation
        else:
            break
    return due


def collect_due() -> int | None:
    """Collect the generation that is due, if any (main thread only). Returns the generation collected."""
    assert threading.current_thread() is threading.main_thread(), "collections run on the main thread only"
    generation = due_generation()
    if generation == 2 and not quiet():
        generation = 1  # the clerk is busy: the oldest generation waits for a quiet moment
    if generation is not None:
        gc.collect(generation)
        collections[generation] += 1
        if generation == 2:
            gc.freeze()  # what survived the oldest generation's collection is not walked again
    return generation


def freeze_survivors() -> None:
    """Once the window is up: move everything alive to the permanent generation, so later collections (even of the
    oldest generation) do not walk the program's long-lived objects again. (No full collection first: that is the
    stall this module avoids; what little garbage the start left is kept.)"""
    global _frozen
    if _frozen:
        return
    gc.collect(0)
    gc.freeze()
    _frozen = True


def _forget(*_args: object) -> None:
    global _installed
    _installed = None
