"""Start-up of the command line and the window on the large demo data set (issue 16), as ratios in one run.

Each start is a fresh process timed from its spawn (the interpreter's own start included), with the bytecode cached
in the bench's folder as an installed program has it; the program's and the baselines' starts are interleaved and
the median of several is printed with the spread.

Everything runs as an installed program runs: a new virtual environment whose site-packages holds a `.pth` naming
this checkout and the running environment's site-packages (an installed wheel is a plain folder on sys.path too),
so no editable-install finder is imported at start (it costs ~10 ms, which would be charged to `python -c pass` and
the program alike); `desk` is started through a console script like the one pip writes, not `python -m desk`.
The baselines run on the same interpreter.

- `desk --version` vs `python -c pass` (limit 3×);
- `desk list associations --limit 50` vs `python -c pass` (limits 0.5 s and 5×);
- the main window painted (frame and navigation on screen: desk.ui.app.start returns with the frame shown, the
  data folder opening behind it) vs a bare PySide6 window with a 50-row table that imports nothing of the program
  but its Qt shim (desk.ui.qt: PySide6 alone) (limit 2×), and usable (the folder attached and the first page's data
  shown, Home's figures) (limit 4×).

    .venv/bin/python bench/bench_startup.py [--data /tmp/desk-large] [--runs 7] [--cli-only]

`--data` is a data folder made by `desk demo --size large` (made there when missing).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ui import IDLE  # noqa: E402 - the same idle and wait_until as the window bench

BARE_WINDOW = """
import json, os, sys, time
from desk.ui.qt import QApplication, QEventLoop, QMainWindow, QStandardItem, QStandardItemModel, QTableView, QTimer
app = QApplication(sys.argv[:1])
model = QStandardItemModel(50, 5)
for r in range(50):
    for c in range(5):
        model.setItem(r, c, QStandardItem(f"Қазақ {r} {c}"))
w = QMainWindow(); view = QTableView(); view.setModel(model); w.setCentralWidget(view); w.resize(1280, 800); w.show()
w.grab()
loop = QEventLoop(); QTimer.singleShot(0, loop.quit); loop.exec()
t = time.time() - float(os.environ["BENCH_SPAWN"])
print(json.dumps({"painted": t, "usable": t}))
"""

DESK_WINDOW = (
    """
import json, os, sys, time
from pathlib import Path
from desk.ui.app import start
"""
    + IDLE
    + """
started = start(Path(os.environ["BENCH_HOME"]))
w = started.window
w.resize(1280, 800)
w.grab()
idle()
painted = time.time() - float(os.environ["BENCH_SPAWN"])
started.wait_until_open()  # the folder opens behind the frame
wait_until(lambda: w.current_page().ready())
w.grab()
idle()
usable = time.time() - float(os.environ["BENCH_SPAWN"])
started.close()
print(json.dumps({"painted": painted, "usable": usable}))
"""
)


CONSOLE_SCRIPT = """import sys
from desk.cli import main
if __name__ == '__main__':
    sys.argv[0] = sys.argv[0].removesuffix('.exe')
    sys.exit(main())
"""


def installed_python(work: Path) -> tuple[str, str]:
    """A new environment that sees this checkout and the running one's packages the way an installed wheel is seen
    (plain sys.path folders, no import hooks); its interpreter and its `desk` console script."""
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = str(bindir / ("python.exe" if os.name == "nt" else "python"))
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    checkout = Path(__file__).resolve().parents[1]
    Path(site, "desk-bench.pth").write_text(
        f"{checkout}\n{sysconfig.get_paths()['purelib']}\n", encoding="utf-8"
    )
    script = bindir / "desk-bench"
    script.write_text(CONSOLE_SCRIPT, encoding="utf-8")
    return python, str(script)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    spawn = time.time()
    done = subprocess.run(argv, capture_output=True, text=True, env={**env, "BENCH_SPAWN": repr(spawn)})
    took = time.time() - spawn
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed:\n{done.stderr[-3000:]}")
    return took, done.stdout


def spread(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="/tmp/desk-large")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--cli-only", action="store_true", help="time the command line alone (no window starts)"
    )
    args = parser.parse_args()
    source = Path(args.data)
    py = sys.executable
    if not (source / "desk.sqlite3").exists():
        subprocess.run([py, "-m", "desk", "--home", str(source), "demo", "--size", "large"], check=True)
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    home = work / "home"
    shutil.copytree(source, home, ignore=shutil.ignore_patterns("desk.lock"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(work / "pycache"))
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "PYTHONHOME"):
        env.pop(name, None)
    env["BENCH_HOME"] = str(home)
    py, script = installed_python(work)
    if not any((Path(__file__).resolve().parents[1] / "i18n").glob("*/LC_MESSAGES/desk.mo")):
        print(
            "warning: no compiled catalogs (python tools/i18n.py compile): .po files are parsed at each start"
        )
    desk = [py, script, "--home", str(home)]
    runs = {
        "pass": [py, "-c", "pass"],
        "version": [py, script, "--version"],
        "list": [*desk, "list", "associations", "--limit", "50"],
    }
    cli: dict[str, list[float]] = {k: [] for k in runs}
    windows: dict[str, list[dict[str, float]]] = {"bare": [], "desk": []}
    for argv in runs.values():  # warm: bytecode, file cache
        timed(argv, env)
    if not args.cli_only:
        timed([py, "-c", BARE_WINDOW], env)
        timed([py, "-c", DESK_WINDOW], env)
    for _i in range(args.runs):  # interleaved, so a busy moment of the machine hits all alike
        for name, argv in runs.items():
            cli[name].append(timed(argv, env)[0])
        if args.cli_only:
            continue
        windows["bare"].append(json.loads(timed([py, "-c", BARE_WINDOW], env)[1].strip().splitlines()[-1]))
        windows["desk"].append(json.loads(timed([py, "-c", DESK_WINDOW], env)[1].strip().splitlines()[-1]))
    med = {k: statistics.median(v) for k, v in cli.items()}
    results = {
        "python -c pass": med["pass"],
        "desk --version": med["version"],
        "desk list associations --limit 50": med["list"],
    }
    for key, values in cli.items():
        print(f"{key:8s} median {med[key] * 1000:.0f} ms (runs {spread(values)})")
    print(f"desk --version: {med['version'] / med['pass']:.2f}× python -c pass (limit 3×)")
    print(
        f"desk list associations --limit 50: {med['list']:.2f} s, {med['list'] / med['pass']:.2f}× python -c pass "
        "(limits 0.5 s and 5×)"
    )
    if args.cli_only:
        print(json.dumps({k: round(v, 4) for k, v in results.items()}))
        shutil.rmtree(work, ignore_errors=True)
        return 0
    bare_painted = statistics.median(w["painted"] for w in windows["bare"])
    desk_painted = statistics.median(w["painted"] for w in windows["desk"])
    desk_usable = statistics.median(w["usable"] for w in windows["desk"])
    print(
        f"window painted: {desk_painted * 1000:.0f} ms vs bare PySide6 window with a table {bare_painted * 1000:.0f} ms "
        f"-> {desk_painted / bare_painted:.2f}× (limit 2×)"
    )
    print(f"window usable: {desk_usable * 1000:.0f} ms -> {desk_usable / bare_painted:.2f}× (limit 4×)")
    results.update(bare_window=bare_painted, window_painted=desk_painted, window_usable=desk_usable)
    print(json.dumps({k: round(v, 4) for k, v in results.items()}))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
