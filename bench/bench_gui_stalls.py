"""Benchmark: how long the GUI thread is stalled on the large demo data set, against a bare window.

A probe timer asks to fire every 5 ms on the GUI thread; the gap between two firings is the event loop's latency
(what a keystroke or a repaint waits). For each scenario it prints the longest gap (the longest stall) and the 99th
percentile of the gaps, and the garbage collector's collections with the longest of them (gc.callbacks):

- idle: the window shown, nothing done, 2 s;
- typing: a word typed into each register's search at 8 keys a second, with the lists following (the page or tab
  switch before each word is measured apart, as page_switch);
- scrolling: the persons list scrolled down a few thousand rows, step by step;
- report preview: the quarterly report in three languages made in the background and shown;
- bundle export: a full signed, encrypted bundle written in the background;
- baseline: a bare PySide6 window (a QLineEdit and an empty QTableView), typed into and idle, same probe.

Each runs in its own process on a copy of the data (`desk demo --size large` in a temporary --home, made once).

    .venv/bin/python bench/bench_gui_stalls.py [--data /tmp/desk-large] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 50.0

CHILD = r"""
import gc, json, os, statistics, sys, time
from pathlib import Path
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
MODE, HOME, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
from desk.ui.qt import QApplication, QEventLoop, QLineEdit, QMainWindow, QTableView, QTimer, Qt, QVBoxLayout, QWidget, qtest

QTest = qtest()

gc_pauses = []
_gc_started = [0.0]
def _gc_cb(phase, info):
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        gc_pauses.append(((time.perf_counter() - _gc_started[0]) * 1000, info.get("generation")))
gc.callbacks.append(_gc_cb)

class Probe:
    def __init__(self):
        self.t = QTimer(); self.t.setTimerType(Qt.TimerType.PreciseTimer); self.t.setInterval(5)
        self.t.timeout.connect(self.tick); self.last = None; self.gaps = []
    def tick(self):
        now = time.perf_counter()
        if self.last is not None:
            self.gaps.append((now - self.last) * 1000)
        self.last = now
    def start(self):
        self.gaps = []; self.last = None; gc_pauses.clear(); self.t.start()
    def stop(self):
        self.t.stop()
        gaps = sorted(self.gaps) or [0.0]
        p99 = gaps[min(len(gaps) - 1, int(round(0.99 * (len(gaps) - 1))))]
        pauses = [p for p, _g in gc_pauses]
        return {"longest_ms": round(max(gaps), 1), "p99_ms": round(p99, 1), "ticks": len(self.gaps),
                "gc": len(pauses), "gc_longest_ms": round(max(pauses), 1) if pauses else 0.0,
                "gc_full": sum(1 for _p, g in gc_pauses if g == 2)}

def run_for(ms):
    loop = QEventLoop(); QTimer.singleShot(int(ms), loop.quit); loop.exec()

def wait_until(ready, limit_s=300):
    end = time.monotonic() + limit_s
    while not ready() and time.monotonic() < end:
        run_for(10)

def type_into(widget, text, per_key_ms=125):
    for ch in text:
        QTest.keyClick(widget, ch); run_for(per_key_ms)
    for _ in text:
        QTest.keyClick(widget, Qt.Key.Key_Backspace); run_for(per_key_ms)

app = QApplication.instance() or QApplication(sys.argv)
probe = Probe()
results = {}
if MODE == "bare":
    gc.disable()  # as the program: collected on the main thread by the same rule
    from desk.ui import collector
    window = QMainWindow(); body = QWidget(); box = QVBoxLayout(body)
    edit = QLineEdit(); box.addWidget(edit); box.addWidget(QTableView()); window.setCentralWidget(body)
    owner = QWidget(); collector.collect_on_main_thread(owner)
    window.resize(1280, 800); window.show(); run_for(300)
    probe.start(); run_for(2000); results["idle"] = probe.stop()
    probe.start()
    for word in ("kaz", "tatar", "abai", "korean"):
        type_into(edit, word)
    results["typing"] = probe.stop()
else:
    from desk.services.workspace import open_workspace
    from desk.ui import collector
    from desk.ui.app import application, open_main_window
    ws = open_workspace(Path(HOME))
    window = open_main_window(ws); window.resize(1280, 800); window.show()
    QTimer.singleShot(0, collector.freeze_survivors)  # as desk.ui.app.start does
    wait_until(lambda: not window.ctx.tasks.busy); run_for(300)
    probe.start(); run_for(2000); results["idle"] = probe.stop()

    views = []
    for key in ("associations", "houses", "persons"):
        page = window.show_page(key)
        for view in page.views:
            if page.tabs is not None:
                page.tabs.setCurrentWidget(view)
            wait_until(lambda v=view: not v.model.busy)
            views.append(view)
    # Typing is measured while typing: the page (or tab) switch before each word is measured on its own (a page
    # shown for the first time in a while is laid out and painted whole; it is not a keystroke's stall).
    typing_gaps, switch_gaps, typing_gc, switch_gc = [], [], [], []
    for view, word in zip(views, ("kaz", "abai", "tatar", "korean")):
        probe.start()
        page = view.window().show_page({"associations": "associations", "houses": "houses", "events": "houses",
                                        "persons": "persons"}[view.spec.key])
        if getattr(page, "tabs", None) is not None:
            page.tabs.setCurrentWidget(view)
        view.search.setFocus()
        run_for(300)
        probe.t.stop(); switch_gaps += probe.gaps; switch_gc += gc_pauses
        probe.start()
        type_into(view.search, word)
        wait_until(lambda v=view: not v.model.busy)
        probe.t.stop(); typing_gaps += probe.gaps; typing_gc += gc_pauses
    probe.gaps = typing_gaps; gc_pauses[:] = typing_gc; results["typing"] = probe.stop()
    probe.gaps = switch_gaps; gc_pauses[:] = switch_gc; results["page_switch"] = probe.stop()

    page = window.show_page("persons")
    view = page.views[0]
    view.search.clear(); view.apply_search(); wait_until(lambda: not view.model.busy)
    bar = view.table.verticalScrollBar()
    probe.start()
    for _ in range(150):
        bar.setValue(bar.value() + 20 * view.table.verticalHeader().defaultSectionSize()); run_for(16)
    wait_until(lambda: not view.model.busy)
    results["scrolling"] = probe.stop()

    page = window.show_page("reports")
    page.report_box.setCurrentIndex(page.report_box.findData("quarterly"))
    page.lang_box.setCurrentIndex(page.lang_box.findData("all"))
    probe.start()
    task = page.make_preview()
    wait_until(lambda: task.done)
    run_for(200)
    results["report_preview"] = probe.stop()

    page = window.show_page("sync")
    if os.environ.get("BENCH_USB"):
        page.ask_folder = lambda: os.environ["BENCH_USB"]
        from desk.ui.pages import sync as sync_page
        sync_page.QMessageBox.information = lambda *a, **k: None
        probe.start()
        task = page.export(full=True)
        wait_until(lambda: task.done)
        run_for(200)
        results["bundle_export"] = probe.stop()
        results["bundle_export"]["error"] = repr(task.error) if task.error else ""
    window.close(); window.ctx.close()
    # Deleted before the interpreter exits: PySide's clean-up at exit otherwise destroyed the widgets with Python
    # event filters still installed, and the child died of SIGSEGV after its work (as the program did, desk.ui.app.run).
    from desk.ui.qt import QEvent
    window.deleteLater(); QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
Path(OUT).write_text(json.dumps(results))
"""


def child(mode: str, home: Path, work: Path, env: dict[str, str]) -> dict:
    out = work / f"{mode}.json"
    script = work / "child.py"
    script.write_text(CHILD)
    subprocess.run([sys.executable, str(script), mode, str(home), str(out)], check=True, cwd=ROOT, env=env)
    return json.loads(out.read_text())


def desk(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "desk", *args], check=True, cwd=ROOT, env=env, capture_output=True, text=True
    )
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", default="/tmp/desk-large", help="a large demo data folder (made when missing)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    source = Path(args.data)
    if not (source / "desk.sqlite3").exists():
        desk("--home", str(source), "init", "--region", "KZ-35", env=env)
        desk("--home", str(source), "demo", "--size", "large", env=env)
    with tempfile.TemporaryDirectory(prefix="bench-stalls-") as tmp:
        work = Path(tmp)
        home = work / "large"
        shutil.copytree(source, home, ignore=shutil.ignore_patterns("backups", "logs", "*.lock"))
        central = work / "central"
        desk("--home", str(central), "central", "init", env=env)
        recipient = desk("--home", str(central), "central", "recipient", env=env).split()[-1]
        desk("--home", str(home), "sync", "set-recipient", recipient, env=env)
        usb = work / "usb"
        usb.mkdir()
        env_app = dict(env, BENCH_USB=str(usb))
        results = {"app": child("app", home, work, env_app), "bare": child("bare", home, work, env)}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"GUI-thread stalls on the large demo (probe every 5 ms; budget {BUDGET_MS:.0f} ms)")
    print(f"{'scenario':<16}{'longest':>10}{'p99':>8}{'gc runs':>9}{'gc longest':>12}{'full gc':>9}")
    for mode in ("bare", "app"):
        for scenario, r in results[mode].items():
            flag = "  OVER BUDGET" if r["longest_ms"] > BUDGET_MS else ""
            print(
                f"{mode + ':' + scenario:<16}{r['longest_ms']:>8.1f}ms{r['p99_ms']:>6.1f}ms{r['gc']:>9}"
                f"{r['gc_longest_ms']:>10.1f}ms{r['gc_full']:>9}{flag}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
