"""Quarter benchmarks (issue 18): what the lock on accepted quarters costs every write, and what a submission costs.

    python bench/bench_quarters.py [--source DIR] [--edits N]     (default: a copy of /tmp/desk-large)

Measured in one run, on a copy of the large demo data set:
- N saves of one event each (one transaction a save, as the window does): with the quarter guard switched off
  (the bare baseline), with it on and no quarter submitted, and with it on and 8 quarters submitted and accepted
  (the saves dated outside them, so none is refused). Ratios against the baseline.
- `desk quarter submit` of one quarter: figures, the report's PDF in three languages, hash and signature.
No assertion, just numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from desk.domain import quarters as rules  # noqa: E402
from desk.domain.records import Event, QuarterDecision, QuarterSubmission  # noqa: E402
from desk.services.workspace import open_workspace  # noqa: E402
from desk.store import quarter_guard  # noqa: E402


def saves(ws, ids: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for n, record_id in enumerate(ids):
        with ws.db.transact() as session:
            session.get(Event, record_id).participants = 100 + n % 7
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default="/tmp/desk-large")
    parser.add_argument("--edits", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(args.source, root)
        ws = open_workspace(root)
        today = dt.date.today()
        recent = rules.recent(today, 9)
        locked, free = recent[:8], recent[8]
        with ws.db.read() as session:
            ids = list(
                session.scalars(
                    select(Event.id)
                    .where(Event.start_date >= free.start, Event.start_date <= free.end)
                    .limit(args.edits)
                )
            )
        guard = quarter_guard.check_flush

        def off() -> float:
            quarter_guard.check_flush = lambda *a, **k: None  # type: ignore[assignment]
            try:
                return saves(ws, ids)
            finally:
                quarter_guard.check_flush = guard  # type: ignore[assignment]

        saves(ws, ids)  # warm up: the pages of these events in the cache
        bare, empty = [], []
        for _round in range(3):  # interleaved, best of three: the machine may be shared
            bare.append(off())
            empty.append(saves(ws, ids))
        with ws.db.transact(audit=False) as session:
            for p in locked:
                sub = QuarterSubmission(region=ws.region, year=p.year, quarter=p.quarter, figures="{}")
                session.add(sub)
                session.flush()
                session.add(
                    QuarterDecision(
                        region=ws.region,
                        year=p.year,
                        quarter=p.quarter,
                        submission_id=sub.id,
                        action=rules.ACCEPTED,
                    )
                )
        locks = []
        for _round in range(3):
            bare.append(off())
            locks.append(saves(ws, ids))
        bare_s, empty_s, with_locks = min(bare), min(empty), min(locks)
        print(f"{len(ids)} saves of one event (one transaction each), large demo data set:")
        print(f"  guard off (baseline)          {bare_s:7.3f} s")
        print(f"  guard on, nothing submitted   {empty_s:7.3f} s   x{empty_s / bare_s:.2f}")
        print(f"  guard on, 8 accepted quarters {with_locks:7.3f} s   x{with_locks / bare_s:.2f}")
        ws.close()

        from desk.sync.quarters import submit

        region = open_workspace(root)
        start = time.perf_counter()
        done = submit(region, free.year, free.quarter)
        took = time.perf_counter() - start
        print(
            f"submit {free.key()}: {took:.2f} s (figures, PDF in kk/ru/en of "
            f"{len(done.submission.report_pdf) * 3 // 4 // 1024} KB, hash, signature)"
        )
        region.close()


if __name__ == "__main__":
    main()
