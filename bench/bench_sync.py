"""Sync benchmarks on the large demo data set (issues 6 and 15).

    python bench/bench_sync.py [--source DIR] [--repeat N] [--second DIR] [--postgres URL [--postgres-only]]
    (default: a copy of /tmp/desk-large, best of 2; `--postgres-only`: only the PostgreSQL measurement below)

Measured in one run, each against a bare baseline measured in the same run:
- a full bundle's export time, import time (into an empty central database; baseline and import are each the
  best of N runs, since the machine may be shared) and size, against `sqlite3 DB .dump | gzip`;
- the same region's unchanged data imported again as a full bundle (every record skipped), against the first
  import (target: no more than 1×);
- peak memory of a process importing the region into an empty centre, and of one importing a second large
  region (`--second`, another region's large demo folder) into the centre already holding the first (target:
  at most 300 MB and independent of what the centre holds);
- with `--postgres URL` (a server, e.g. `bash tools/postgres.sh start`), best of N: the full import into a PostgreSQL
  centre against `psql` restoring the same rows from a `pg_dump --data-only` (COPY) dump into an empty schema;
- incremental bundles after 10, 100, 1,000 and 10,000 changed records: size, export and import time, to show
  that an incremental bundle follows the number of changes, not the size of the database.
No assertion, just numbers (the issue's targets: a full import no more than twice the baseline).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from desk.domain.records import Person  # noqa: E402
from desk.services.workspace import MODE_CENTRAL, create_workspace, open_workspace  # noqa: E402
from desk.sync import keys, trust  # noqa: E402
from desk.sync.central_import import import_bundle  # noqa: E402
from desk.sync.export import export_bundle  # noqa: E402
from desk.sync.receipts import load_receipt, trust_centre  # noqa: E402

_CHILD_IMPORT = """
import json, resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from desk.services.workspace import open_workspace
from desk.sync.central_import import import_bundle
ws = open_workspace(Path(sys.argv[1]))
outcome = import_bundle(ws, Path(sys.argv[2]))
# VmHWM: the peak of this process's own memory (ru_maxrss keeps the parent's peak across fork and exec)
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
print(json.dumps({"result": outcome.result, "message": outcome.message[:300], "peak_mb": peak}))
"""


def child_import(central_home: Path, bundle: Path) -> dict:
    """Import `bundle` in a fresh process; its result and its peak resident memory (MB)."""
    import json

    done = subprocess.run(
        [sys.executable, "-c", _CHILD_IMPORT, str(central_home), str(bundle), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def cpu_timed(fn):  # type: ignore[no-untyped-def]
    """Wall and CPU seconds of this process (the machine may be shared: CPU time is the steadier number)."""
    cpu = time.process_time()
    result, wall = timed(fn)
    return result, wall, time.process_time() - cpu


def baseline(db: Path, out: Path) -> tuple[float, float, int]:
    """`sqlite3 DB .dump | gzip`: wall time, CPU time of both processes, and the compressed size."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with out.open("wb") as fh:
        dump = subprocess.Popen(["sqlite3", str(db), ".dump"], stdout=subprocess.PIPE)
        gz = subprocess.Popen(["gzip", "-c"], stdin=dump.stdout, stdout=fh)
        assert dump.stdout is not None
        dump.stdout.close()
        gz.wait()
        dump.wait()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return wall, cpu, out.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=Path("/tmp/desk-large"))
    parser.add_argument("--second", type=Path, default=None, help="another region's large demo folder")
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL for the centre on PostgreSQL")
    parser.add_argument(
        "--postgres-only",
        action="store_true",
        help="with --postgres: export the full bundle and measure only the PostgreSQL import against psql",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="best of N for the baseline and the full import (the machine may be shared)",
    )
    args = parser.parse_args()
    if args.postgres_only and not args.postgres:
        parser.error("--postgres-only needs --postgres URL")
    if shutil.which("sqlite3") is None and not args.postgres_only:
        print("the sqlite3 tool is needed for the baseline")
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    region_home = work / "region"
    shutil.copytree(args.source, region_home)
    usb = work / "usb"
    usb.mkdir()
    region = open_workspace(region_home)
    if not (region.home.keys / keys.REGION_KEY).exists():
        keys.create_region_keys(region)
    empty = create_workspace(work / "central-empty", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(empty)
    region.settings.set("central_recipient", keys.central_recipient(empty))
    trust_centre(region, keys.central_public_key(empty).base64)
    trust.add(empty, region.region, keys.region_public_key(region).base64)
    second = None
    if args.second is not None:
        shutil.copytree(args.second, work / "second")
        second = open_workspace(work / "second")
        if not (second.home.keys / keys.REGION_KEY).exists():
            keys.create_region_keys(second)
        second.settings.set("central_recipient", keys.central_recipient(empty))
        trust.add(empty, second.region, keys.region_public_key(second).base64)
    empty.close()
    if args.postgres_only:
        result = export_bundle(region, usb, full=True)
        print(
            f"large demo: {sum(result.counts.values()):,} records; full bundle {result.size / 1024**2:.2f} MB"
        )
        report_postgres(args.postgres, work, result.path, region, args.repeat, None)
        region.close()
        shutil.rmtree(work, ignore_errors=True)
        return 0

    runs = [baseline(region.home.database, work / "dump.sql.gz") for _n in range(max(1, args.repeat))]
    base_time, base_cpu, base_size = min(r[0] for r in runs), min(r[1] for r in runs), runs[0][2]
    db_size = region.home.database.stat().st_size
    result, export_time, export_cpu = cpu_timed(lambda: export_bundle(region, usb, full=True))
    imports = []
    for number in range(max(1, args.repeat)):  # each into a fresh copy of the empty central data folder
        shutil.copytree(work / "central-empty", work / f"central-{number}")
        central = open_workspace(work / f"central-{number}")
        imports.append(cpu_timed(lambda: import_bundle(central, result.path)))  # noqa: B023 - called at once
        assert imports[-1][0].result == "imported", imports[-1][0].message
        if number < args.repeat - 1:
            central.close()
    outcome = imports[-1][0]
    import_time, import_cpu = min(i[1] for i in imports), min(i[2] for i in imports)
    rows = sum(result.counts.values())
    print(
        f"large demo: {rows:,} records, database {db_size / 1024**2:.1f} MB; baseline and full import: best of "
        f"{max(1, args.repeat)}"
    )
    print(f"{'':32}{'wall s':>8}{'cpu s':>8}{'MB':>8}{'wall ratio':>12}{'cpu ratio':>11}{'size ratio':>12}")
    print(f"{'baseline sqlite3 .dump | gzip':32}{base_time:8.2f}{base_cpu:8.2f}{base_size / 1024**2:8.2f}")
    print(
        f"{'full bundle export':32}{export_time:8.2f}{export_cpu:8.2f}{result.size / 1024**2:8.2f}"
        f"{export_time / base_time:12.2f}{export_cpu / base_cpu:11.2f}{result.size / base_size:12.2f}"
    )
    print(
        f"{'full bundle import':32}{import_time:8.2f}{import_cpu:8.2f}{'':8}"
        f"{import_time / base_time:12.2f}{import_cpu / base_cpu:11.2f}"
    )
    print(
        f"{'  every run (wall/cpu s)':32}baseline "
        + ", ".join(f"{r[0]:.2f}/{r[1]:.2f}" for r in runs)
        + "; import "
        + ", ".join(f"{i[1]:.2f}/{i[2]:.2f}" for i in imports)
    )

    load_receipt(region, outcome.receipt)  # type: ignore[arg-type]
    again = export_bundle(region, usb, full=True)  # everything again, nothing changed: every record skipped
    replaced, replace_time, replace_cpu = cpu_timed(lambda: import_bundle(central, again.path))
    assert replaced.result == "imported", replaced.message
    print(
        f"{'full bundle again (unchanged)':32}{replace_time:8.2f}{replace_cpu:8.2f}{'':8}"
        f"{replace_time / base_time:12.2f}{replace_cpu / base_cpu:11.2f}"
        f"   = {replace_time / import_time:.2f}× the first import (wall), {replace_cpu / import_cpu:.2f}× (cpu)"
    )

    # memory: a process importing into an empty centre, then one importing another region into a full one
    shutil.copytree(work / "central-empty", work / "central-memory")
    first_mem = child_import(work / "central-memory", result.path)
    assert first_mem["result"] == "imported", first_mem
    line = f"peak memory of an import: {first_mem['peak_mb']:.0f} MB (first region, empty centre)"
    if second is not None:
        second_bundle = export_bundle(second, usb, full=True)
        second_mem = child_import(work / "central-memory", second_bundle.path)
        assert second_mem["result"] == "imported", second_mem
        line += f"; {second_mem['peak_mb']:.0f} MB (second region, the centre holding the first)"
    print(line)
    if args.postgres:
        report_postgres(args.postgres, work, result.path, region, args.repeat, base_time)
    load_receipt(region, replaced.receipt)  # type: ignore[arg-type]
    print("incremental bundles (after the receipt of the full one):")
    print(
        f"{'changed':>8}  {'size KB':>9}  {'export s':>8}  {'bytes/change':>12}  {'size / full':>11}  {'import s':>8}"
    )
    for changes in (10, 100, 1_000, 10_000):
        with region.db.transact(audit=False) as session:
            ids = session.scalars(select(Person.id).order_by(Person.id).limit(changes)).all()
            # through the ORM so the change counter is stamped as in everyday work
            for person in session.scalars(select(Person).where(Person.id.in_(ids))):  # type: ignore[attr-defined]
                person.notes = f"bench {changes}"
        inc, inc_time = timed(lambda: export_bundle(region, usb))
        applied, applied_time = timed(lambda bundle=inc.path: import_bundle(central, bundle))
        print(
            f"{changes:>8,}  {inc.size / 1024:>9.1f}  {inc_time:>8.2f}  {inc.size / changes:>12.0f}"
            f"  {inc.size / result.size:>11.4f}  {applied_time:>8.2f}"
        )
        assert applied.result == "imported", applied.message
        load_receipt(region, applied.receipt)  # type: ignore[arg-type]
    region.close()
    central.close()
    if second is not None:
        second.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


def report_postgres(  # type: ignore[no-untyped-def]
    server: str, work: Path, bundle: Path, region, repeat: int, sqlite_base: float | None
) -> None:
    """Best of `repeat`: the full import into a PostgreSQL centre against psql restoring the same rows."""
    runs_pg = [postgres_import(server, work / f"pg-{n}", bundle, region) for n in range(max(1, repeat))]
    wall, cpu, restore = (min(r[i] for r in runs_pg) for i in range(3))
    sqlite_text = f" (SQLite baseline {sqlite_base:.2f} s)" if sqlite_base is not None else ""
    print(
        f"PostgreSQL (best of {len(runs_pg)}): full import {wall:.2f} s wall ({cpu:.2f} s cpu); psql restoring "
        f"the same rows from a COPY dump {restore:.2f} s: ratio {wall / restore:.2f}{sqlite_text}"
    )
    print(
        f"{'  every run (wall/cpu/psql s)':32}"
        + ", ".join(f"{r[0]:.2f}/{r[1]:.2f}/{r[2]:.2f}" for r in runs_pg)
    )


def postgres_import(server: str, work: Path, bundle: Path, region) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """The full import into a PostgreSQL centre, against `psql` restoring the same rows (COPY) into an empty
    schema: (import wall, import cpu, restore wall) seconds. Two fresh databases on `server`, dropped afterwards;
    `work` a new folder for their data folders."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from desk.domain.records import SYNCED_TABLES
    from desk.store.db import server_url

    url = make_url(server_url(server))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    names = [f"desk_bench_{uuid.uuid4().hex[:8]}" for _n in range(2)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        urls = [url.set(database=n).render_as_string(hide_password=False) for n in names]
        homes = [work / f"pg-central-{i}" for i in range(2)]
        work.mkdir(parents=True, exist_ok=True)
        for home, db_url in zip(homes, urls, strict=True):
            ws = create_workspace(home, region=None, mode=MODE_CENTRAL, database_url=db_url)
            keys.create_central_keys(ws)
            trust.add(ws, region.region, keys.region_public_key(region).base64)
            ws.close()
        # the bundle is encrypted to the SQLite centre's key: both PostgreSQL centres use that key
        for home in homes:
            for name in (keys.CENTRAL_AGEKEY, keys.CENTRAL_KEY, keys.CENTRAL_PUB):
                (home / "keys" / name).unlink()
                shutil.copy(work.parent / "central-empty" / "keys" / name, home / "keys" / name)
        central = open_workspace(homes[0])
        outcome, wall, cpu = cpu_timed(lambda: import_bundle(central, bundle))
        assert outcome.result == "imported", outcome.message
        central.close()
        tables = [cls.__tablename__ for cls in SYNCED_TABLES] + ["search_doc"]  # type: ignore[attr-defined]
        dump = work / "pg-rows.sql"
        pg_url = url.set(drivername="postgresql")
        plain = [pg_url.set(database=n).render_as_string(hide_password=False) for n in names]
        subprocess.run(
            ["pg_dump", "--data-only", *(f"--table={t}" for t in tables), "-f", str(dump), plain[0]],
            check=True,
        )
        start = time.perf_counter()
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", str(dump), plain[1]],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        restore = time.perf_counter() - start
        return wall, cpu, restore
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
