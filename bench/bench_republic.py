"""The republic on PostgreSQL (issue 15): twenty regions' large demos imported into one central office on a
PostgreSQL server, then the republic's quarterly report made from it, timed end to end.

    python bench/bench_republic.py --postgres URL [--cache DIR] [--jobs 2] [--lang kk] [--regions N] [--keep]
    python bench/bench_republic.py --sqlite --regions N [--keep]     (a central office on SQLite)
    python bench/bench_republic.py --report-only HOME [--runs N] [--lang kk] [-o FILE.pdf]
    (URL: a server, e.g. `bash tools/postgres.sh start`; DIR default /var/tmp/desk-bench-republic)

`--keep` keeps the central office made by the run (its data folder and its PostgreSQL database; the paths and URL
are printed) instead of dropping it, so `--report-only HOME` can time the republic report alone on it, as often as
needed (profiling); drop the database yourself afterwards (`DROP DATABASE … WITH (FORCE)`).

Making twenty large demos and their bundles takes minutes, so they are made once and kept in DIR: DIR/regions/KZ-NN
(`desk demo --size large --region KZ-NN`, each region its own records), DIR/keys (the bench centre's keys, which
the bundles are encrypted to) and DIR/bundles (each region's full bundle). Timed, in one run:
- the imports: `desk central import` of the twenty bundles into a new, empty PostgreSQL centre, in `--jobs`
  processes at once (two clerks importing different regions), each process a share of the regions;
- the republic report: `desk report quarterly` of the last finished quarter for the whole republic (no --region);
- the baseline: `psql` restoring the same rows from a `pg_dump --data-only` (COPY) dump into an empty schema.
The target is the issue's: imports and report within 30 s. No assertion, just numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from desk.domain import quarters, reference  # noqa: E402
from desk.domain.records import SYNCED_TABLES, table_name  # noqa: E402
from desk.services.workspace import MODE_CENTRAL, create_workspace, open_workspace  # noqa: E402
from desk.store.db import server_url  # noqa: E402
from desk.sync import keys, trust  # noqa: E402
from desk.sync.export import export_bundle  # noqa: E402
from desk.sync.receipts import trust_centre  # noqa: E402

KEY_FILES = (keys.CENTRAL_AGEKEY, keys.CENTRAL_KEY, keys.CENTRAL_PUB)


def desk(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "desk", *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"desk {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(cache: Path, codes: list[str]) -> tuple[list[Path], dict[str, str]]:
    """The cached bundles (made when missing) and each region's public key."""
    (cache / "regions").mkdir(parents=True, exist_ok=True)
    (cache / "bundles").mkdir(exist_ok=True)
    key_home = cache / "keys-centre"
    if not (key_home / "keys" / keys.CENTRAL_PUB).exists():
        shutil.rmtree(key_home, ignore_errors=True)
        ws = create_workspace(key_home, region=None, mode=MODE_CENTRAL)
        keys.create_central_keys(ws)
        ws.close()
    centre = open_workspace(key_home)
    recipient, centre_key = keys.central_recipient(centre), keys.central_public_key(centre).base64
    centre.close()
    bundles: list[Path] = []
    region_keys: dict[str, str] = {}
    for code in codes:
        home = cache / "regions" / code
        if not (home / "desk.sqlite3").exists():
            started = time.perf_counter()
            partial = home.with_suffix(".partial")
            shutil.rmtree(partial, ignore_errors=True)
            desk("demo", "--home", str(partial), "--size", "large", "--region", code)
            partial.rename(home)
            print(f"  made the large demo of {code} in {time.perf_counter() - started:.1f} s", flush=True)
        region = open_workspace(home)
        if not (region.home.keys / keys.REGION_KEY).exists():
            keys.create_region_keys(region)
        region_keys[code] = keys.region_public_key(region).base64
        found = sorted((cache / "bundles").glob(f"{code}-*.age"))
        if not found:
            region.settings.set("central_recipient", recipient)
            trust_centre(region, centre_key)
            found = [export_bundle(region, cache / "bundles", full=True).path]
        region.close()
        bundles.append(found[0])
    return bundles, region_keys


def new_centre(work: Path, server_db: str | None, cache: Path, region_keys: dict[str, str]) -> Path:
    """An empty central office (on PostgreSQL, or SQLite without `server_db`) with the bench centre's keys,
    trusting every region."""
    home = work / "central"
    ws = create_workspace(home, region=None, mode=MODE_CENTRAL, database_url=server_db)
    keys.create_central_keys(ws)
    for code, key in region_keys.items():
        trust.add(ws, code, key)
    ws.close()
    for name in KEY_FILES:
        (home / "keys" / name).unlink()
        shutil.copy(cache / "keys-centre" / "keys" / name, home / "keys" / name)
    return home


def import_all(home: Path, bundles: list[Path], jobs: int) -> float:
    """`desk central import` of `bundles`, shared among `jobs` processes running at once, each a clerk with
    their own data folder on the same server (a copy of the central office's: its keys and database URL);
    wall seconds."""
    shares = [bundles[n::jobs] for n in range(jobs)]
    homes = [home] + [home.with_name(f"{home.name}-clerk{n}") for n in range(1, jobs)]
    for other in homes[1:]:
        shutil.copytree(home, other)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "desk", "central", "import", "--home", str(clerk), *map(str, share)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for clerk, share in zip(homes, shares, strict=True)
        if share
    ]
    outputs = [p.communicate() for p in running]
    elapsed = time.perf_counter() - started
    for process, (out, err) in zip(running, outputs, strict=True):
        if process.returncode != 0 or "refused" in out.lower():
            raise SystemExit(f"an import failed:\n{out}\n{err}")
    return elapsed


def time_report(home: Path, lang: str, output: Path) -> tuple[float, int | str]:
    """`desk report quarterly` of the last finished quarter for the whole republic in `home`, as a fresh process
    (imports, opening the database and all); wall seconds and the PDF's page count."""
    period = quarters.last_finished(dt.date.today())
    started = time.perf_counter()
    desk(
        "report",
        "quarterly",
        "--home",
        str(home),
        "--year",
        str(period.year),
        "--quarter",
        str(period.quarter),
        "--lang",
        lang,
        "-o",
        str(output),
    )
    elapsed = time.perf_counter() - started
    return elapsed, output.read_bytes().count(b"/Type /Page\n") or "?"


def report_only(home: Path, lang: str, runs: int, output: Path | None) -> int:
    """Time the republic report `runs` times on a central office kept by `--keep`."""
    period = quarters.last_finished(dt.date.today())
    target = output or Path(tempfile.mkdtemp(prefix="bench-republic-report-")) / "republic.pdf"
    times = []
    pages: int | str = "?"
    for _run in range(runs):
        elapsed, pages = time_report(home, lang, target)
        times.append(elapsed)
        print(f"  republic report   {elapsed:7.1f} s", flush=True)
    times.sort()
    print(
        f"republic report of {home}: median {times[len(times) // 2]:.1f} s, best {times[0]:.1f} s of {runs} "
        f"({lang}, {period.year} Q{period.quarter}, {pages} pages); PDF {target}"
    )
    return 0


def restore_baseline(pg_url: str, source_db: str, target_db: str, work: Path) -> float:
    """`psql` restoring the centre's rows (every synced table and the search documents) from a COPY dump into
    an empty schema made by `desk central init`; wall seconds of the restore."""
    url = make_url(pg_url)
    plain = [url.set(database=n).render_as_string(hide_password=False) for n in (source_db, target_db)]
    tables = [table_name(cls) for cls in SYNCED_TABLES] + ["search_doc"]
    dump = work / "rows.sql"
    subprocess.run(
        ["pg_dump", "--data-only", *(f"--table={t}" for t in tables), "-f", str(dump), plain[0]],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", str(dump), plain[1]],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def sqlite_centre(args: argparse.Namespace, codes: list[str]) -> int:
    """`--sqlite`: the same, for a central office on SQLite (its own database file; one import process, SQLite
    having one writer; no baseline)."""
    bundles, region_keys = prepare(args.cache, codes)
    work = Path(tempfile.mkdtemp(prefix="bench-republic-sqlite-"))
    try:
        home = new_centre(work, None, args.cache, region_keys)
        imported = import_all(home, bundles, 1)
        period = quarters.last_finished(dt.date.today())
        report, pages = time_report(home, args.lang, work / "republic.pdf")
        with create_engine(f"sqlite:///{home / 'desk.sqlite3'}").connect() as conn:
            records = sum(
                conn.execute(text(f'SELECT count(*) FROM "{table_name(cls)}"')).scalar_one()  # noqa: S608
                for cls in SYNCED_TABLES
            )
        print(f"{len(codes)} regions, {records:,} records, on SQLite; one import process")
        print(f"  imports           {imported:7.1f} s  ({imported / len(codes):.2f} s a region)")
        print(
            f"  republic report   {report:7.1f} s  ({args.lang}, {period.year} Q{period.quarter}, {pages} pages)"
        )
    finally:
        if args.keep:
            print(f"kept: the central office {work / 'central'} (SQLite)")
            print(f"  time the report alone: python bench/bench_republic.py --report-only {work / 'central'}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL server URL")
    parser.add_argument("--sqlite", action="store_true", help="the central office on SQLite instead")
    parser.add_argument("--cache", type=Path, default=Path("/var/tmp/desk-bench-republic"))
    parser.add_argument("--jobs", type=int, default=2, help="import processes at once (clerks)")
    parser.add_argument("--lang", default="kk", help="the report's language (kk, ru, en, all)")
    parser.add_argument("--regions", type=int, default=20, help="how many regions (the first N)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the central office (folder and database) and print where"
    )
    parser.add_argument(
        "--report-only", type=Path, metavar="HOME", help="time only the report on a kept centre"
    )
    parser.add_argument("--runs", type=int, default=1, help="with --report-only: how many times")
    parser.add_argument("-o", "--output", type=Path, help="with --report-only: where to write the PDF")
    args = parser.parse_args()
    if args.report_only:
        return report_only(args.report_only, args.lang, args.runs, args.output)
    if not args.postgres and not args.sqlite:
        parser.error("--postgres URL or --sqlite is needed (or --report-only HOME)")
    codes = [t.code for t in reference.REGIONS][: args.regions]
    print(f"preparing {len(codes)} large demo regions and their bundles in {args.cache} (cached)", flush=True)
    if args.sqlite:
        return sqlite_centre(args, codes)
    bundles, region_keys = prepare(args.cache, codes)
    work = Path(tempfile.mkdtemp(prefix="bench-republic-"))
    url = make_url(server_url(args.postgres))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    names = [f"desk_republic_{uuid.uuid4().hex[:8]}" for _n in range(2)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        dbs = [url.set(database=n).render_as_string(hide_password=False) for n in names]
        home = new_centre(work, dbs[0], args.cache, region_keys)
        spare = create_workspace(work / "spare", region=None, mode=MODE_CENTRAL, database_url=dbs[1])
        spare.close()  # the empty schema the baseline restores into
        imported = import_all(home, bundles, args.jobs)
        period = quarters.last_finished(dt.date.today())
        report, pages = time_report(home, args.lang, work / "republic.pdf")
        with create_engine(dbs[0]).connect() as conn:
            records = sum(
                conn.execute(text(f'SELECT count(*) FROM "{table_name(cls)}"')).scalar_one()  # noqa: S608
                for cls in SYNCED_TABLES
            )
        restore = restore_baseline(args.postgres, names[0], names[1], work)
        total = imported + report
        print(
            f"{len(codes)} regions, {records:,} records, on PostgreSQL; {args.jobs} import processes at once"
        )
        print(f"  imports           {imported:7.1f} s  ({imported / len(codes):.2f} s a region)")
        print(
            f"  republic report   {report:7.1f} s  ({args.lang}, {period.year} Q{period.quarter}, {pages} pages)"
        )
        print(f"  together          {total:7.1f} s  (target 30 s)")
        print(
            f"  baseline: psql restoring the same rows from a COPY dump {restore:.1f} s; "
            f"imports / baseline {imported / restore:.2f}"
        )
    finally:
        kept = names[:1] if args.keep else []
        with admin.connect() as conn:
            for name in names:
                if name not in kept:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if args.keep:
            print(f"kept: the central office {work / 'central'}, its database {kept[0]} on {args.postgres}")
            print(f"  time the report alone: python bench/bench_republic.py --report-only {work / 'central'}")
            shutil.rmtree(work / "spare", ignore_errors=True)
            (work / "rows.sql").unlink(missing_ok=True)
            for clerk in work.glob("central-clerk*"):
                shutil.rmtree(clerk, ignore_errors=True)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
