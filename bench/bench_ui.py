"""Benchmark of the window on the large demo data set (a copy of /tmp/desk-large).

Prints, each against a bare baseline measured in the same run:
- start: from process start to a usable main window vs a bare PySide6 QMainWindow in a process that imports the
  same modules. "Usable": the window shown by the program's own start path (`desk.ui.app.start`: folder lock,
  migrations check, the day's backup, the window), its first page showing its content (`Page.ready()`: Home's
  figures, a register's first rows), one full paint (`grab`), and the event loop idle (a zero timer fired). The
  bare window's process imports, in the same order, every module the program had imported at that moment (the
  list is taken from a program run in the same bench run), then shows a QMainWindow the same way. Each start is a
  fresh process with the bytecode cached (as an installed program has it, in a cache folder of the bench's own);
  app and bare starts are interleaved, and the median of several is printed with the spread. The first start of a
  day (the daily backup is taken) is measured apart;
- search: one keystroke's re-filter of the persons table vs the bare service query behind it (median over every
  keystroke of several words): what the keystroke costs the UI thread, the model update (rows replaced and
  repainted when the background read delivers them), when the rows are on screen, and when the total arrives;
- memory: peak resident memory of the window after visiting every page and scrolling the biggest table.

    .venv/bin/python bench/bench_ui.py [--data /tmp/desk-large] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IDLE = """
from desk.ui.qt import QEventLoop, QTimer

def wait_until(ready):
    # Run the event loop until ready() (polled every 2 ms), without spinning the CPU against the readers.
    loop = QEventLoop()
    def check():
        if ready():
            poll.stop(); loop.quit()
    poll = QTimer(); poll.setInterval(2); poll.timeout.connect(check); poll.start()
    check()
    if poll.isActive():
        loop.exec()

def idle():
    # The event loop has handled everything posted so far: a zero timer fires after the queued events.
    loop = QEventLoop(); QTimer.singleShot(0, loop.quit); loop.exec()
"""

BARE = (
    """
import importlib
for name in json.loads(Path(MODULES).read_text()):
    if name not in sys.modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass
from desk.ui.qt import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
"""
    + IDLE
    + """
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1280, 800); w.show()
w.grab()
idle()
print(json.dumps({"seconds": time.perf_counter() - T0}))
"""
)

DESK = (
    """
from desk.ui.app import start
"""
    + IDLE
    + """
started = start(Path(HOME))
w = started.window
w.resize(1280, 800)
started.wait_until_open()  # the folder opens behind the frame
wait_until(lambda: w.current_page().ready())
w.grab()
idle()
usable = time.perf_counter() - T0
out = {"seconds": usable, "page": w.current_page().key}
if SAVE_MODULES:
    Path(MODULES).write_text(json.dumps([m for m in list(sys.modules) if m != "__main__"]))
if MEASURE_MEMORY:
    import resource
    for key in w.page_keys():
        w.show_page(key); idle()
    view = w.show_page("persons").view
    for _i in range(20):
        view.table.scrollToBottom(); idle()
    wait_until(lambda: not view.model.busy)
    out["rows_loaded"] = view.model.rowCount()
    out["rows_total"] = view.model.total
    wait_until(lambda: not w.ctx.tasks.busy)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["modules"] = len(sys.modules)
started.close()
print(json.dumps(out))
"""
)


def run_child(
    body: str, home: str, work: Path, *, measure_memory: bool = False, save_modules: bool = False
) -> dict:
    code = (
        "import time; T0 = time.perf_counter(); import json, sys\nfrom pathlib import Path\n"
        f"HOME = {home!r}; MODULES = {str(work / 'modules.json')!r}\n"
        f"MEASURE_MEMORY = {measure_memory!r}; SAVE_MODULES = {save_modules!r}\n" + body
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(work / "pycache"))
    env.pop(
        "PYTHONDONTWRITEBYTECODE", None
    )  # an installed program has its bytecode; keep it in the bench's folder
    env.pop("DESK_SMOKE_TEST", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"bench child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def drop_todays_backups(home: Path) -> None:
    """So that the next start is the day's first and takes the daily backup."""
    from desk.store.backup import list_backups

    today = dt.datetime.now().astimezone().date()
    for backup in list_backups(home / "backups"):
        if backup.taken_at.astimezone().date() == today:  # what backups.daily_backup looks for
            backup.path.unlink()


def spread(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f}"


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
    times: dict[str, list[float]] = {
        k: [] for k in ("bare", "bare_total", "keystroke", "update", "shown", "total")
    }
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
    return {k: statistics.median(v) for k, v in times.items()} | {
        "update_max": max(times["update"]),
        "keystroke_max": max(times["keystroke"]),
    }


def set_start_page(home: Path, key: str) -> None:
    """The page the window opens on (the window remembers the last page in window.ini)."""
    ini = home / "window.ini"
    lines = ini.read_text(encoding="utf-8").splitlines() if ini.exists() else []
    out, section, done = [], "", False
    for line in lines:
        if line.startswith("["):
            if section == "[window]" and not done:
                out.append(f"page={key}")
                done = True
            section = line.strip()
        elif section == "[window]" and line.startswith("page="):
            line, done = f"page={key}", True
        out.append(line)
    if not done:
        if section != "[window]":
            out.append("[window]")
        out.append(f"page={key}")
    ini.write_text("\n".join(out) + "\n", encoding="utf-8")


def bench_start(home: Path, work: Path, page: str, runs: int, *, first_of_day: bool = False) -> dict:
    set_start_page(home, page)
    run_child(
        DESK, str(home), work, save_modules=True
    )  # warm: bytecode, file cache, migrations; the module list
    bare, desk = [], []
    for _i in range(runs):  # interleaved, so a busy moment of the machine hits both alike
        bare.append(run_child(BARE, str(home), work)["seconds"])
        set_start_page(home, page)
        if first_of_day:
            drop_todays_backups(home)
        result = run_child(DESK, str(home), work)
        assert result["page"] == page, result
        desk.append(result["seconds"])
    return {"desk": desk, "bare": bare, "modules": result["modules"]}


def report_start(title: str, r: dict) -> None:
    d, b = statistics.median(r["desk"]), statistics.median(r["bare"])
    print(
        f"{title}: {d * 1000:.0f} ms (runs {spread(r['desk'])}) vs bare PySide6 window {b * 1000:.0f} ms "
        f"(runs {spread(r['bare'])}), both importing the program's {r['modules']} start-up modules "
        f"-> ratio {d / b:.2f} (limit 1.5)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="/tmp/desk-large")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    source = Path(args.data)
    if not (source / "desk.sqlite3").exists():
        print(f"no data in {source}: make it with `desk demo --size large --home {source}`", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    home = work / "large"
    shutil.copytree(source, home)  # the window writes its settings (window.ini); never touch the original
    (home / "desk.lock").unlink(missing_ok=True)
    try:
        home_start = bench_start(home, work, "home", args.runs)
        report_start("start to usable window on Home (figures shown)", home_start)
        persons_start = bench_start(home, work, "persons", args.runs)
        report_start("start to usable window on Persons (first rows shown)", persons_start)
        daily = bench_start(home, work, "home", max(3, args.runs // 2), first_of_day=True)
        report_start("first start of the day on Home (daily backup taken)", daily)
        set_start_page(home, "home")
        memory = run_child(DESK, str(home), work, measure_memory=True)
        print(
            f"peak memory after every page and {memory['rows_loaded']} of {memory['rows_total']} persons "
            f"loaded: {memory['peak_mb']:.0f} MB (limit 300)"
        )
        words = ["асан", "кор", "bek", "нур"]
        search = bench_search(str(home), words)
        frame = 1000 / 60
        print(f"search keystroke, median over {sum(map(len, words))} keystrokes on the persons register:")
        print(
            f"  on the UI thread: keystroke {search['keystroke'] * 1000:.2f} ms (max "
            f"{search['keystroke_max'] * 1000:.2f}); model update + repaint {search['update'] * 1000:.1f} ms "
            f"(max {search['update_max'] * 1000:.1f}) = {search['update'] * 1000 / frame:.2f} frames"
        )
        print(
            f"  bare query behind it (first page, no total) {search['bare'] * 1000:.1f} ms; with the total "
            f"{search['bare_total'] * 1000:.1f} ms"
        )
        print(f"  -> model update / bare query: ratio {search['update'] / search['bare']:.2f}")
        print(
            f"  rows on screen {search['shown'] * 1000:.1f} ms after the (debounced) keystroke "
            f"(ratio {search['shown'] / search['bare']:.2f} to the bare query); total counted at "
            f"{search['total'] * 1000:.1f} ms"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
