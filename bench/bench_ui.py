"""Benchmark of the window on the large demo data set (a copy of /tmp/desk-large).

Prints, each against a bare baseline measured in the same run:
- start: from process start to a usable main window (shown, first page painted) vs a bare PySide6 QMainWindow in a
  process that imports the same modules (median of several cold starts, each a fresh process);
- search: one keystroke's re-filter of the persons table vs the bare service query behind it (median over every
  keystroke of several words): what the keystroke costs the UI thread, the model update (rows replaced and
  repainted when the background read delivers them), when the rows are on screen, and when the total arrives;
- memory: peak resident memory of the window after visiting every page and scrolling the biggest table.

    .venv/bin/python bench/bench_ui.py [--data /tmp/desk-large] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IMPORTS = """
import desk.ui.app, desk.ui.main_window, desk.ui.pages, desk.ui.register_view, desk.ui.registers
import desk.ui.pages.home, desk.ui.pages.associations, desk.ui.pages.houses, desk.ui.pages.persons
import desk.ui.pages.settings, desk.services.workspace, desk.services.dashboard
"""

BARE = IMPORTS + """
from desk.ui.qt import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1280, 800); w.show()
app.processEvents()
w.grab()
print(json.dumps({"seconds": time.perf_counter() - T0}))
"""

DESK = IMPORTS + """
from pathlib import Path
from desk.ui.app import application, open_main_window
from desk.services.workspace import open_workspace
app = application()
ws = open_workspace(Path(HOME))
w = open_main_window(ws); w.resize(1280, 800); w.show()
app.processEvents()
w.grab()
usable = time.perf_counter() - T0
while w.ctx.tasks.busy:
    w.ctx.tasks.wait(10000); app.processEvents()
home_ready = time.perf_counter() - T0
out = {"seconds": usable, "home_figures": home_ready}
if MEASURE_MEMORY:
    import resource
    for key in w.page_keys():
        w.show_page(key); app.processEvents()
    view = w.show_page("persons").view
    for _i in range(20):
        view.table.scrollToBottom(); app.processEvents()
    while view.model.busy:
        w.ctx.reads.wait(10000); app.processEvents()
    out["rows_loaded"] = view.model.rowCount()
    out["rows_total"] = view.model.total
    while w.ctx.tasks.busy:
        w.ctx.tasks.wait(10000); app.processEvents()
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
w.ctx.close()
print(json.dumps(out))
"""


def run_child(body: str, home: str, measure_memory: bool = False) -> dict:
    code = ("import time; T0 = time.perf_counter(); import json\n"
            f"HOME = {home!r}; MEASURE_MEMORY = {measure_memory!r}\n" + body)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_search(home: str, words: list[str]) -> dict[str, float]:
    """Each keystroke of each word, as the window does it: the UI thread only restarts the typing timer and hands
    the query to the background reader; the rows replace the old ones when they arrive (the model update, timed
    with the repaint of the table), and the total follows in another background read."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desk.services import persons
    from desk.services.records import ListQuery
    from desk.services.workspace import open_workspace
    from desk.ui.app import application, open_main_window

    app = application()
    ws = open_workspace(Path(home))
    window = open_main_window(ws)
    window.resize(1280, 800)
    window.show()
    view = window.show_page("persons").view
    model = view.model
    app.processEvents()

    def settle() -> None:
        while model.busy:
            window.ctx.reads.wait(10000)
            app.processEvents()

    settle()
    times: dict[str, list[float]] = {k: [] for k in ("bare", "bare_total", "keystroke", "update", "shown", "total")}
    for word in words:
        for prefix_len in range(1, len(word) + 1):  # each keystroke of the word
            text = word[:prefix_len]
            q = ListQuery(text=text, limit=model.page_size + 1, lang="ru")
            t = time.perf_counter()
            persons.REGISTER.list_page(ws, q, with_total=False)  # the bare query behind the first page
            times["bare"].append(time.perf_counter() - t)
            t = time.perf_counter()
            persons.REGISTER.list_page(ws, q)  # with its total: what a keystroke cost before
            times["bare_total"].append(time.perf_counter() - t)

            t = time.perf_counter()
            view.search.setText(text)  # the keystroke: textChanged restarts the typing timer
            view.apply_search()  # what the timer does when typing pauses: hand the query to the reader
            times["keystroke"].append(time.perf_counter() - t)
            while model.reads.pending(model._page_lane):  # the rows are read in the background
                window.ctx.reads.wait(10000)
                app.processEvents()
            shown = time.perf_counter() - t
            paint = time.perf_counter()
            view.table.viewport().repaint()  # the table paints its new rows
            paint = time.perf_counter() - paint
            times["update"].append(model.last_update_seconds + paint)
            times["shown"].append(shown + paint)
            settle()
            times["total"].append(time.perf_counter() - t)
        view.search.setText("")
        view.apply_search()
        settle()
    window.ctx.close()
    ws.close()
    return {k: statistics.median(v) for k, v in times.items()} | {"update_max": max(times["update"]),
                                                                   "keystroke_max": max(times["keystroke"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="/tmp/desk-large")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = Path(args.data)
    if not (source / "desk.sqlite3").exists():
        print(f"no data in {source}: make it with `desk demo --size large --home {source}`", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    home = work / "large"
    shutil.copytree(source, home)  # the window writes its settings (window.ini); never touch the original
    try:
        run_child(DESK, str(home))  # warm the file cache and run migrations once
        bare, desk = [], []
        for _i in range(args.runs):  # interleaved, so a busy moment of the machine hits both alike
            bare.append(run_child(BARE, str(home))["seconds"])
            desk.append(run_child(DESK, str(home)))
        start_desk = statistics.median(d["seconds"] for d in desk)
        start_bare = statistics.median(bare)
        figures = statistics.median(d["home_figures"] for d in desk)
        memory = run_child(DESK, str(home), measure_memory=True)
        words = ["асан", "кор", "bek", "нур"]
        search = bench_search(str(home), words)
        print(f"start to usable window: {start_desk * 1000:.0f} ms vs bare PySide6 window {start_bare * 1000:.0f} ms"
              f" -> ratio {start_desk / start_bare:.2f} (limit 1.5)")
        print(f"  Home's figures arrive (background) at {figures * 1000:.0f} ms")
        frame = 1000 / 60
        print(f"search keystroke, median over {sum(map(len, words))} keystrokes on the persons register:")
        print(f"  on the UI thread: keystroke {search['keystroke'] * 1000:.2f} ms (max "
              f"{search['keystroke_max'] * 1000:.2f}); model update + repaint {search['update'] * 1000:.1f} ms "
              f"(max {search['update_max'] * 1000:.1f}) = {search['update'] * 1000 / frame:.2f} frames")
        print(f"  bare query behind it (first page, no total) {search['bare'] * 1000:.1f} ms; with the total "
              f"{search['bare_total'] * 1000:.1f} ms")
        print(f"  -> model update / bare query: ratio {search['update'] / search['bare']:.2f}")
        print(f"  rows on screen {search['shown'] * 1000:.1f} ms after the (debounced) keystroke "
              f"(ratio {search['shown'] / search['bare']:.2f} to the bare query); total counted at "
              f"{search['total'] * 1000:.1f} ms")
        print(f"peak memory after every page and {memory['rows_loaded']} of {memory['rows_total']} persons "
              f"loaded: {memory['peak_mb']:.0f} MB (limit 300)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
