"""Registry benchmarks on the large demo data set (issue 2).

    python bench/bench_registry.py [--home DIR]     (default: a fresh large demo in a temp folder)

Reports, each as a ratio against a bare baseline measured in the same run:
- one page of a filtered, sorted association list through the services vs the bare SQL behind it (sqlite3);
- a name search through the services vs the bare FTS query behind it;
- `desk demo --size large` wall time (the issue asks for under a minute).
Medians of repeated runs; no assertion, just numbers.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desk.services import associations  # noqa: E402
from desk.services.records import ListQuery  # noqa: E402
from desk.services.search import search  # noqa: E402
from desk.services.workspace import open_workspace  # noqa: E402
from desk.store.search import fts_query  # noqa: E402


def median_time(fn: Callable[[], object], repeat: int = 30) -> float:
    fn()  # warm up caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    home = args.home
    if home is None:
        home = Path(tempfile.mkdtemp()) / "large"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "desk", "demo", "--size", "large", "--home", str(home)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"desk demo --size large: {time.perf_counter() - start:.1f} s (target: under 60 s)")

    ws = open_workspace(home)
    district = ws.db.engine.connect().exec_driver_sql("SELECT district_id FROM association LIMIT 1").scalar()
    raw = sqlite3.connect(str(ws.home.database))

    # 1. a page of a filtered, sorted list (status active, one district, sorted by the Kazakh name), with its total
    q = ListQuery(
        filters={"status": "active", "district_id": district}, sort="name", lang="kk", offset=100, limit=50
    )

    def service_page() -> object:
        return associations.REGISTER.list_page(ws, q)

    where = "region = ? AND archived_at IS NULL AND status = 'active' AND district_id = ?"

    def bare_page() -> object:
        rows = raw.execute(
            f"SELECT * FROM association WHERE {where} ORDER BY sort_kk, id LIMIT 50 OFFSET 100",
            (ws.region, district),
        ).fetchall()
        total = raw.execute(
            f"SELECT COUNT(*) FROM association WHERE {where}", (ws.region, district)
        ).fetchone()
        return rows, total

    # 2. a name search
    text = "корей орт"
    match = fts_query(text)

    def service_search() -> object:
        return search(ws, text, lang="kk", limit=50)

    from desk.store.search import _title_sql

    title, joins = _title_sql("kk")
    bare_sql = (
        f"SELECT d.kind, d.record_id, d.region, {title} FROM search_fts "
        f"JOIN search_doc d ON d.rowid = search_fts.rowid {joins} "
        "WHERE search_fts MATCH ? AND d.region = ? ORDER BY bm25(search_fts), length(d.body) LIMIT 50"
    )

    def bare_search() -> object:
        return raw.execute(bare_sql, (match, ws.region)).fetchall()

    for name, service, bare, target in (
        ("association list page (filtered, sorted, with total)", service_page, bare_page, 2.0),
        ("name search", service_search, bare_search, 2.0),
    ):
        s, b = median_time(service), median_time(bare)
        print(
            f"{name}: service {s * 1000:.2f} ms, bare SQL {b * 1000:.2f} ms, ratio {s / b:.2f} (target ≤ {target})"
        )
    ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
