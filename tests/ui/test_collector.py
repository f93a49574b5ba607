"""Garbage is collected on the main thread only, so no Qt object is ever destroyed on a worker thread; and what is
collected follows the generation thresholds — young generations often, the oldest rarely — never a full collection
on a timer (a full one stalled the window ~200 ms on the large data set)."""

import gc
import threading


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_automatic_collection_is_off_and_the_main_thread_collects_by_generation(
    qtbot, make_window, workspace
):
    from desk.ui import collector

    gc.enable()
    make_window(workspace)
    assert not gc.isenabled()
    timer = collector._installed
    assert timer is not None and timer.isActive()
    calls: list[tuple[tuple, threading.Thread]] = []
    original = gc.collect
    gc.collect = lambda *a: calls.append((a, threading.current_thread())) or original(*a)  # type: ignore[assignment]
    try:
        garbage = [
            _Cycle() for _ in range(3 * gc.get_threshold()[0])
        ]  # young cycles past the first threshold
        del garbage
        qtbot.waitUntil(lambda: any(args == (0,) or args == (1,) for args, _t in calls), timeout=5000)
    finally:
        gc.collect = original  # type: ignore[assignment]
    assert all(t is threading.main_thread() for _a, t in calls)
    assert all(args and args[0] in (0, 1, 2) for args, _t in calls), (
        "a generation is named: never a full collect"
    )


def test_the_generation_collected_is_the_one_the_thresholds_say(monkeypatch):
    from desk.ui import collector

    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(collector, "quiet", lambda: True)
    for counts, due in (
        ((5, 0, 0), None),
        ((700, 0, 0), 0),
        ((700, 10, 0), 1),
        ((700, 10, 10), 2),
        ((10, 10, 10), None),
        ((700, 3, 10), 0),
    ):
        monkeypatch.setattr(gc, "get_count", lambda c=counts: c)
        assert collector.due_generation() == due, counts
    collected: list[tuple] = []
    monkeypatch.setattr(gc, "get_count", lambda: (700, 10, 0))
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(a) or 0)
    assert collector.collect_due() == 1
    assert collected == [(1,)]


def test_collect_due_refuses_a_worker_thread():
    from desk.ui import collector

    failures: list[BaseException] = []

    def work() -> None:
        try:
            collector.collect_due()
        except AssertionError as exc:
            failures.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert failures


def test_the_oldest_generation_waits_while_the_clerk_works(monkeypatch):
    from desk.ui import collector

    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(gc, "get_count", lambda: (700, 10, 10))
    collected: list[tuple] = []
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(a) or 0)
    monkeypatch.setattr(gc, "freeze", lambda: collected.append(("freeze",)))
    monkeypatch.setattr(collector, "quiet", lambda: False)
    assert collector.collect_due() == 1 and collected == [(1,)]
    monkeypatch.setattr(collector, "quiet", lambda: True)
    assert collector.collect_due() == 2 and collected[1:] == [(2,), ("freeze",)]
