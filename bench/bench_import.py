"""Spreadsheet import benchmark (issue 7): a sheet of 50,000 persons into an empty region database.

    python bench/bench_import.py [--home DIR] [--rows 10000,50000]

The sheets are real exports of the large demo data set (default /tmp/desk-large, made when missing): persons with
their memberships, in Russian, cut to 10,000 and 50,000 rows. Each measurement runs in its own process so that
peak memory (ru_maxrss, and tracemalloc's peak of Python allocations in a second run) belongs to it alone:

- import:    `desk.spreadsheets.importer.run(..., dry_run=False)` into a fresh region database (one transaction);
- dry run:   the same file checked, nothing written;
- baseline:  a bare streaming read of the same sheet with openpyxl (read_only=True, values_only=True);
- undo:      the import, then `desk.spreadsheets.importer.undo()` of its batch, timed alone (issue 13: undo <= import).

Targets (issue 13): import <= 2.5x the bare read, undo <= 1x the import.

Printed: wall time, import/baseline time ratio, rows per second, and peak memory at 10k vs 50k rows (flat means
the 50k peak is close to the 10k peak, not five times it). No assertions, just numbers.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_HOME = Path("/tmp/desk-large")


def make_sheet(home: Path, rows: int, path: Path) -> None:
    from desk.services.workspace import open_workspace
    from desk.spreadsheets import exporter

    ws = open_workspace(home)
    try:
        data = islice(exporter.rows(ws, "persons", lang="ru"), rows)
        exporter._write_xlsx(path, "persons", exporter.header("persons", "ru"), data, "ru", None)
    finally:
        ws.close()


def _cpu() -> float:
    """CPU seconds of this process: the ratios in CPU time hold on a machine busy with other work too."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(mode: str, sheet: Path, trace: bool) -> dict[str, float]:
    """One measurement in this process: wall time and peak memory of the work alone (modules are imported and
    the empty database made before the clock and tracemalloc start)."""
    import openpyxl

    from desk.setup_region import init_region
    from desk.spreadsheets import importer

    ws = init_region(Path(tempfile.mkdtemp()) / "home", "KZ-35") if mode != "baseline" else None
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    cpu = _cpu()
    if ws is None:
        wb = openpyxl.load_workbook(sheet, read_only=True, data_only=True)
        count = sum(1 for _row in wb.active.iter_rows(values_only=True))
        wb.close()
        result = {"rows": count - 1}
    elif mode == "undo":
        report = importer.run(ws, sheet, "persons", dry_run=False)
        start = time.perf_counter()
        cpu = _cpu()
        undone = importer.undo(ws, report.batch_id or "")
        result = {"rows": report.rows, "removed": undone.removed, "kept": len(undone.kept)}
    else:
        report = importer.run(ws, sheet, "persons", dry_run=(mode == "dry"))
        result = {
            "rows": report.rows,
            "created": report.created,
            "refused": report.refused,
            "memberships": report.memberships,
        }
    result["seconds"] = time.perf_counter() - start
    result["cpu_seconds"] = _cpu() - cpu
    if trace:
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if ws is not None:
        ws.close()
    return result


def measure(mode: str, sheet: Path, trace: bool = False) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--sheet", str(sheet)] + (["--trace"] if trace else []),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME)
    parser.add_argument("--rows", default="10000,50000")
    parser.add_argument("--child", choices=("import", "dry", "baseline", "undo"))
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs (quicker)")
    parser.add_argument("--sheet", type=Path)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.sheet, args.trace)))
        return 0

    home = args.home
    if not (home / "desk.sqlite3").exists():
        home = Path(tempfile.mkdtemp()) / "large"
        subprocess.run(
            [sys.executable, "-m", "desk", "demo", "--size", "large", "--home", str(home)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    folder = Path(tempfile.mkdtemp())
    results: dict[int, dict[str, dict[str, float]]] = {}
    for n in (int(x) for x in args.rows.split(",")):
        sheet = folder / f"persons-{n}.xlsx"
        make_sheet(home, n, sheet)
        size = sheet.stat().st_size / 2**20
        r = {mode: measure(mode, sheet) for mode in ("baseline", "dry", "import", "undo")}
        traced = not args.no_trace
        r["import_traced"] = (
            measure("import", sheet, trace=True) if traced else {"traced_peak_mb": float("nan")}
        )
        r["baseline_traced"] = (
            measure("baseline", sheet, trace=True) if traced else {"traced_peak_mb": float("nan")}
        )
        results[n] = r
        imp, base, dry = r["import"], r["baseline"], r["dry"]
        print(
            f"{n:>6} rows ({size:.1f} MB .xlsx): import {imp['seconds']:.1f} s "
            f"({imp['rows'] / imp['seconds']:,.0f} rows/s, {imp['created']:,} persons, "
            f"{imp['memberships']:,} memberships, {imp['refused']} refused); dry run {dry['seconds']:.1f} s; "
            f"bare openpyxl read {base['seconds']:.1f} s; import/bare = {imp['seconds'] / base['seconds']:.2f}x "
            f"wall, {imp['cpu_seconds'] / base['cpu_seconds']:.2f}x CPU (target <= 2.5x)"
        )
        und = r["undo"]
        print(
            f"{'':>6} undo {und['seconds']:.1f} s ({und['removed']:,} records removed, {und['kept']} kept); "
            f"undo/import = {und['seconds'] / imp['seconds']:.2f}x wall, "
            f"{und['cpu_seconds'] / imp['cpu_seconds']:.2f}x CPU (target <= 1x)"
        )
        print(
            f"{'':>6} peak memory: import ru_maxrss {imp['maxrss_mb']:.0f} MB, tracemalloc "
            f"{r['import_traced']['traced_peak_mb']:.1f} MB; bare read ru_maxrss {base['maxrss_mb']:.0f} MB, "
            f"tracemalloc {r['baseline_traced']['traced_peak_mb']:.1f} MB"
        )
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(
            f"memory {sizes[-1]:,} vs {sizes[0]:,} rows: import ru_maxrss x"
            f"{large['import']['maxrss_mb'] / small['import']['maxrss_mb']:.2f}, tracemalloc peak x"
            f"{large['import_traced']['traced_peak_mb'] / small['import_traced']['traced_peak_mb']:.2f} "
            f"(rows x{sizes[-1] / sizes[0]:.0f}); time x"
            f"{large['import']['seconds'] / small['import']['seconds']:.1f}"
        )
        print(f"target: {sizes[-1]:,} persons well under 60 s -> {large['import']['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
