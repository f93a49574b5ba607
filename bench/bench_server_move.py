"""Moving a central office from its SQLite file to a PostgreSQL server (Settings → Database), on the large demo.

    python bench/bench_server_move.py --postgres URL [--size large] [--source DIR]
    (URL: a server, e.g. `bash tools/postgres.sh start`; DIR: a region's demo folder to import, else one is made)

Measured in one run: the move (`server_database.move_to_server`: the schema by the migrations, every row copied
in batches, the counts compared, all in one transaction) against a bare baseline measured in the same run: `psql`
restoring the same rows from a `pg_dump --data-only` (COPY) dump into an empty schema made by the same migrations.
No assertion, just numbers: rows, seconds, the ratio.
"""

from __future__ import annotations

import argparse
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

from desk.services import demo, server_database  # noqa: E402
from desk.services.workspace import MODE_CENTRAL, create_workspace, open_workspace  # noqa: E402
from desk.setup_region import init_region  # noqa: E402
from desk.store.db import server_url  # noqa: E402
from desk.sync import keys, trust  # noqa: E402
from desk.sync.central_import import import_bundle  # noqa: E402
from desk.sync.export import export_bundle  # noqa: E402
from desk.sync.receipts import trust_centre  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--size", default="large")
    parser.add_argument("--source", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="desk-move-"))
    url = make_url(server_url(args.postgres))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    names = [f"desk_bench_{uuid.uuid4().hex[:8]}" for _n in range(2)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        if args.source:
            shutil.copytree(args.source, work / "region")
            region = open_workspace(work / "region")
        else:
            region = init_region(work / "region", "KZ-35")
            start = time.perf_counter()
            demo.generate(region, size=args.size, seed=7)
            print(f"demo ({args.size}) made in {time.perf_counter() - start:.1f} s")
        central = create_workspace(work / "central", region=None, mode=MODE_CENTRAL)
        keys.create_central_keys(central)
        region.settings.set("central_recipient", keys.central_recipient(central))
        trust_centre(region, keys.central_public_key(central).base64)
        trust.add(central, region.region, keys.region_public_key(region).base64)
        outcome = import_bundle(central, export_bundle(region, work, full=True).path)
        assert outcome.ok, outcome.message
        urls = [url.set(database=n).render_as_string(hide_password=False) for n in names]

        start = time.perf_counter()
        moved = server_database.move_to_server(central, urls[0])
        wall = time.perf_counter() - start
        central.close()

        # the baseline: the same rows as a COPY dump, restored by psql into the same schema
        other = create_workspace(work / "other", region=None, mode=MODE_CENTRAL, database_url=urls[1])
        other.close()
        plain = [
            url.set(drivername="postgresql", database=n).render_as_string(hide_password=False) for n in names
        ]
        dump = work / "rows.sql"
        subprocess.run(
            ["pg_dump", "--data-only", "--exclude-table=alembic_version", "-f", str(dump), plain[0]],
            check=True,
        )
        with create_engine(server_url(urls[1])).begin() as conn:  # the migrations' own rows give way
            for table in moved.tables:
                conn.execute(text(f'DELETE FROM "{table}"'))  # noqa: S608
        start = time.perf_counter()
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", str(dump), plain[1]],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        restore = time.perf_counter() - start
        print(
            f"move to the server: {moved.rows} rows in {len(moved.tables)} tables, {wall:.2f} s "
            f"({moved.rows / wall:,.0f} rows/s); psql restoring the same rows from a COPY dump {restore:.2f} s: "
            f"ratio {wall / restore:.2f}"
        )
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
