"""The central office's window on a big republic, as a clerk uses it: how long the Persons page takes to show, to
sort by another column, to choose a region and to follow a typed search; then the Meetings page, the roster and
the action plan of every region, of one and of every region again; and the longest the window stopped answering
meanwhile (the GUI thread's longest gap between 10-ms ticks).

    QT_QPA_PLATFORM=offscreen python bench/bench_centre_window.py --home DIR [--lang ru] [--region KZ-15]
    (DIR: a central office's data folder, e.g. one bench/bench_republic.py's functions fill on PostgreSQL)

No assertion, just numbers: each step's wall time until its rows and total are shown, and its worst stall.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desk.i18n import set_language  # noqa: E402
from desk.services.workspace import open_workspace  # noqa: E402
from desk.ui.app import application, open_main_window  # noqa: E402
from desk.ui.qt import QApplication, Qt, QTimer  # noqa: E402
from desk.ui.register_view import REGION_FILTER, RegisterView  # noqa: E402
from desk.ui.window_settings import open_window_settings  # noqa: E402


class StallWatch:
    """The longest gap between ticks of a 10-ms timer on the GUI thread: how long the window did not answer."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0


def settle(done: Callable[[], bool], limit: float = 120.0) -> None:
    ends = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > ends:
            raise SystemExit("no answer within two minutes")
        QApplication.processEvents()
        time.sleep(0.002)


def step(
    name: str,
    watch: StallWatch,
    act: Callable[[], object],
    view_of: Callable[[], RegisterView],
    *,
    timed_from_end: bool = False,
    asked: Callable[[], bool] = lambda: True,
) -> None:
    """Time `act` until the rows and the total it asked for are shown; from its end when it is itself a wait (the
    letters typed: their keystrokes' stalls still count)."""
    watch.reset()
    started = time.perf_counter()
    act()
    blocked = time.perf_counter() - started
    if timed_from_end:
        started, blocked = time.perf_counter(), 0.0
    view = view_of()
    settle(lambda: asked() and not view.model.busy and view.model.total is not None)
    took = time.perf_counter() - started
    print(
        f"{name:34s} {took * 1000:7.0f} ms until shown; the call itself {blocked * 1000:6.0f} ms; longest stall "
        f"{max(watch.worst, blocked) * 1000:6.0f} ms; {view.count_label.text()}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, required=True, help="a central office's data folder")
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--region", default="KZ-15")
    parser.add_argument("--search", default="Ахмет")
    args = parser.parse_args()
    set_language(args.lang)
    application()
    ws = open_workspace(args.home)
    print(f"{ws.db.engine.dialect.name}, {args.home}", flush=True)
    settings = open_window_settings(
        args.home
    )  # the window opens on Home: the Persons page is built when shown,
    settings.setValue("window/page", "home")  # on all regions (as a clerk's first visit)
    for key in ("persons/region", "meetings/region", "roster/region", "plan/region"):
        settings.remove(key)
    settings.sync()
    del settings
    window = open_main_window(ws)
    window.resize(1366, 768)
    window.show()
    settle(lambda: window.current_page() is not None)
    watch = StallWatch()
    holder: dict[str, RegisterView] = {}

    def show() -> None:
        holder["view"] = window.show_page("persons").view

    view_of = lambda: holder["view"]  # noqa: E731
    step("show the Persons page", watch, show, view_of)
    view = holder["view"]
    birth = [c.key for c in view.spec.columns].index("birth_date")
    step(
        "sort by date of birth",
        watch,
        lambda: view.table.sortByColumn(birth, Qt.SortOrder.DescendingOrder),
        view_of,
    )
    box = view.filter_widgets[REGION_FILTER]
    step(
        f"choose the region {args.region}",
        watch,
        lambda: box.setCurrentIndex(box.findData(args.region)),
        view_of,
    )
    name = [c.key for c in view.spec.columns].index("name")
    step("sort by name", watch, lambda: view.table.sortByColumn(name, Qt.SortOrder.AscendingOrder), view_of)

    def typed() -> None:
        view.search.setFocus()
        for letter in args.search:  # typed a letter at a time, 60 ms apart (QTest types ASCII only)
            view.search.insert(letter)
            ends = time.perf_counter() + 0.06
            settle(lambda: time.perf_counter() > ends)  # noqa: B023 - used at once

    step(
        f"type “{args.search}” (from the last key)",
        watch,
        typed,
        view_of,
        timed_from_end=True,
        asked=lambda: view.model.query.text == args.search,  # after the search box's pause
    )
    step("all regions again", watch, lambda: box.setCurrentIndex(0), view_of)
    step("clear the search", watch, lambda: (view.search.clear(), view.apply_search()), view_of)
    pages(window, watch, args.region)
    window.ctx.close()
    ws.close()
    return 0


def page_step(name: str, watch: StallWatch, act: Callable[[], object], shown: Callable[[], bool]) -> None:
    """Time `act` on a page with a region choice (meetings, roster, plan) until `shown()`."""
    watch.reset()
    started = time.perf_counter()
    act()
    blocked = time.perf_counter() - started
    settle(shown)
    took = time.perf_counter() - started
    print(
        f"{name:34s} {took * 1000:7.0f} ms until shown; the call itself {blocked * 1000:6.0f} ms; longest stall "
        f"{max(watch.worst, blocked) * 1000:6.0f} ms",
        flush=True,
    )


def pages(window: Any, watch: StallWatch, region: str) -> None:
    """The pages with a choice of region outside the registers: Meetings, the roster and the plan, on all regions
    first (as a clerk's first visit), then one region, then all again."""
    holder: dict[str, Any] = {}
    idle = lambda part: lambda: not getattr(holder[part], "busy", False)  # noqa: E731

    def choose(part: str, code: str | None) -> Callable[[], object]:
        box = holder[part].region
        return lambda: box.setCurrentIndex(box.findData(code) if code else 0)

    page_step(
        "show the Meetings page (all)",
        watch,
        lambda: holder.update(m=window.show_page("meetings")),
        idle("m"),
    )
    page_step(f"meetings: the region {region}", watch, choose("m", region), idle("m"))
    page_step("meetings: all regions again", watch, choose("m", None), idle("m"))
    page_step(
        "show the roster (all)",
        watch,
        lambda: holder.update(r=window.show_page("persons").show_roster()),
        idle("r"),
    )
    page_step(f"roster: the region {region}", watch, choose("r", region), idle("r"))
    page_step("roster: all regions again", watch, choose("r", None), idle("r"))
    page_step("show the Plan page (all)", watch, lambda: holder.update(p=window.show_page("plan")), idle("p"))
    page_step(f"plan: the region {region}", watch, choose("p", region), idle("p"))
    page_step("plan: all regions again", watch, choose("p", None), idle("p"))


if __name__ == "__main__":
    raise SystemExit(main())
