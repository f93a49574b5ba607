"""Garbage is collected on the main thread only, so no Qt object is ever destroyed on a worker thread."""

import gc


def test_the_window_turns_automatic_collection_off_and_collects_on_a_main_thread_timer(qtbot, make_window, workspace):
    from desk.ui import collector

    gc.enable()
    make_window(workspace)
    assert not gc.isenabled()
    timer = collector._installed
    assert timer is not None and timer.isActive()
    calls = []
    original = gc.collect
    gc.collect = lambda *a: calls.append(1) or original(*a)  # type: ignore[assignment]
    try:
        qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    finally:
        gc.collect = original  # type: ignore[assignment]
