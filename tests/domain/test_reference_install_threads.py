"""The lists in force are installed on a worker thread (a central office bundle imported from the Sync page) while
the window's thread reads them (a table's cells, a form's choices): a reader never finds a list missing."""

from __future__ import annotations

import sys
import threading
import time

from desk.domain import reference


def test_a_reader_never_sees_a_list_missing_while_another_thread_installs():
    received = {"event_types": reference.EVENT_TYPES[:3]}
    stop = threading.Event()
    interval = sys.getswitchinterval()

    def installer() -> None:
        while not stop.is_set():
            reference.install(received)
            reference.install({})

    missing: list[KeyError] = []
    sys.setswitchinterval(1e-6)
    worker = threading.Thread(target=installer)
    worker.start()
    try:
        deadline = time.monotonic() + 3  # the window's reads for a while, as the installs go on
        while time.monotonic() < deadline:
            try:
                reference.terms("ethnic_groups")
                reference.terms("event_types")
            except KeyError as exc:
                missing.append(exc)
                break
    finally:
        stop.set()
        worker.join()
        sys.setswitchinterval(interval)
        reference.install({})
    assert not missing
    assert reference.terms("event_types") is reference.BUILT_IN["event_types"]
