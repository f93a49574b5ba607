"""Reads off the UI thread for views that must answer every keystroke: a register's first page and its total.

    ctx.reads.submit(("persons", "page"), lambda: REGISTER.list_page(ws, q, with_total=False), on_done=show)

Requests go in lanes (any hashable key). The newest request of a lane wins: an older one that has not started is
skipped, and the result of one that was already running is dropped, so a slow count for "а" never lands on the
table after the user typed "асан". Results arrive on the main thread.

A view that may be destroyed while its read runs (a page of a window being closed) names itself as the read's
`owner`: its lane is cancelled when it is destroyed, so no result is delivered to a widget that is gone.

Only reads go here (SQLite in WAL mode lets them run beside the one writer); writes go through `ctx.tasks`, which
keeps to one writer thread. Two reader threads, so a slow total never holds up the next keystroke's page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any

from desk.ui.qt import QObject, QRunnable, Qt, QThreadPool, Signal

log = logging.getLogger("desk.ui")

READER_THREADS = 2


class _Read(QRunnable):
    def __init__(self, queue: ReadQueue, lane: Hashable, generation: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.queue = queue
        self.lane = lane
        self.generation = generation
        self.work = work

    def run(self) -> None:
        if not self.queue.is_current(self.lane, self.generation):
            return  # superseded before it started: skip the query altogether
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001 - delivered to the main thread
            self.queue._delivered.emit(self.lane, self.generation, None, exc)
        else:
            self.queue._delivered.emit(self.lane, self.generation, result, None)


class ReadQueue(QObject):
    """Latest-wins background reads, delivered on the main thread."""

    _delivered = Signal(object, int, object, object)  # lane, generation, result, error

    def __init__(self, parent: QObject | None = None, threads: int = READER_THREADS) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._generation: dict[Hashable, int] = {}
        self._waiting: dict[
            Hashable, tuple[int, Callable[[Any], None], Callable[[BaseException], None] | None]
        ] = {}
        self._owned: set[Hashable] = set()  # lanes whose owner's destruction cancels them
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(
        self,
        lane: Hashable,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> int:
        """Run `work()` in the background; `on_done(result)` on the main thread unless a newer request of the
        same lane came meanwhile (or `owner` was destroyed). Returns the request's generation."""
        if owner is not None and lane not in self._owned:
            self._owned.add(lane)
            owner.destroyed.connect(lambda *_a, queue=self, lane=lane: queue._owner_gone(lane))
        generation = self._generation.get(lane, 0) + 1
        self._generation[lane] = generation
        self._waiting[lane] = (generation, on_done, on_error)
        self._pool.start(_Read(self, lane, generation, work))
        return generation

    def cancel(self, lane: Hashable) -> None:
        """Forget the lane's request: it is skipped if not started and its result dropped if it is running."""
        self._generation[lane] = self._generation.get(lane, 0) + 1
        self._waiting.pop(lane, None)

    def _owner_gone(self, lane: Hashable) -> None:
        self.cancel(lane)  # plain Python state: safe while the window (and this queue's parent) is torn down
        self._owned.discard(
            lane
        )  # the generation stays: a lane's key reused by a new owner never matches an old read

    def is_current(self, lane: Hashable, generation: int) -> bool:
        return self._generation.get(lane) == generation

    def pending(self, lane: Hashable | None = None) -> bool:
        """Whether a request (of `lane`, or of any lane) still waits for its result."""
        return bool(self._waiting) if lane is None else lane in self._waiting

    def _deliver(self, lane: Hashable, generation: int, result: Any, error: BaseException | None) -> None:
        waiting = self._waiting.get(lane)
        if waiting is None or waiting[0] != generation:
            return  # stale: a newer request (or a cancel) came after this one
        del self._waiting[lane]
        _generation, on_done, on_error = waiting
        if error is None:
            on_done(result)
        elif on_error is not None:
            on_error(error)
        else:
            log.error("background read %r failed", lane, exc_info=error)

    def wait(self, msecs: int = -1) -> bool:
        """Block until no read runs (on closing the window)."""
        return self._pool.waitForDone(msecs)
