"""The central office on either backend (its own SQLite file, or PostgreSQL): every central command from the
command line, search that finds what the region's own search finds, and several clerks at once (two imports of
different regions in two processes, a third reading reports meanwhile)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desk.cli import main
from desk.services import search as search_service
from desk.services.workspace import MODE_CENTRAL, create_workspace, open_workspace
from desk.sync import keys, trust
from desk.sync.export import export_bundle
from desk.sync.receipts import trust_centre

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_central_command_on_either_backend(capsys, tmp_path, demo_workspace, centre_database_url):
    region = demo_workspace
    centre = str(tmp_path / "central")
    init = ["central", "init", "--home", centre]
    if centre_database_url:
        init += ["--database", centre_database_url]
    code, out, err = run(capsys, *init)
    assert code == 0, err
    if centre_database_url:
        assert "PostgreSQL" not in err and (tmp_path / "central" / "database.url").exists()
        assert not (tmp_path / "central" / "desk.sqlite3").exists()
        assert oct((tmp_path / "central" / "database.url").stat().st_mode & 0o777) == "0o600"
        code, _out, err = run(capsys, *init[:-2], "--home", str(tmp_path / "again"), *init[-2:])
        assert code != 0 and "already holds Dostyq Desk data" in err
    central = open_workspace(Path(centre))
    region.settings.set("central_recipient", keys.central_recipient(central))
    trust_centre(region, keys.central_public_key(central).base64)
    code, _out, err = run(
        capsys,
        "central",
        "trust",
        "add",
        region.region,
        keys.region_public_key(region).base64,
        "--home",
        centre,
    )
    assert code == 0, err
    bundle = export_bundle(region, tmp_path, full=True).path

    code, out, err = run(capsys, "central", "verify", str(bundle), "--home", centre)
    assert code == 0 and "passes every check" in out, err
    code, out, err = run(capsys, "central", "import", str(bundle), "--home", centre)
    assert code == 0 and "imported" in out, err
    code, out, _err = run(capsys, "central", "import", str(bundle), "--home", centre)
    assert code == 0 and "skipped" in out
    code, out, _ = run(capsys, "central", "status", "--json", "--home", centre)
    kz35 = next(r for r in json.loads(out) if r["region"] == "KZ-35")
    assert kz35["last_sequence"] == 1 and kz35["associations"] > 10
    code, out, _ = run(capsys, "list", "associations", "--json", "--region", "KZ-35", "--home", centre)
    assert json.loads(out)["total"] == kz35["associations"]
    code, out, _ = run(capsys, "central", "trust", "list", "--json", "--home", centre)
    assert code == 0 and json.loads(out)[0]["region"] == "KZ-35"
    for report in (["quarterly", "--region", "KZ-35"], ["associations", "--region", "KZ-35"]):
        pdf = tmp_path / f"{report[0]}.pdf"
        code, _out, err = run(capsys, "report", *report, "-o", str(pdf), "--home", centre)
        assert code == 0, err
        assert pdf.read_bytes().startswith(b"%PDF")
    code, out, err = run(capsys, "check", "--home", centre)
    assert code == 0, out + err
    code, out, err = run(capsys, "backup", "--home", centre)
    if centre_database_url:
        assert code != 0 and "pg_dump" in err
    else:
        assert code == 0

    # search finds on the centre what it finds in the region: Kazakh letters, case and scripts forgiven
    for query in ("корей", "КАЗАК", "қазақ", "kazak", "dostyq", "үй", "ассоциация кор"):
        here = {h.id for h in search_service.search(region, query, limit=10_000)}
        there = {h.id for h in search_service.search(central, query, limit=10_000, region="KZ-35")}
        assert here == there, query
    assert {h.id for h in search_service.search(central, "корей", limit=10_000)}
    central.close()


_IMPORT = """
import json, sys, time
from pathlib import Path
from desk.services.workspace import open_workspace
from desk.sync.central_import import import_files
ws = open_workspace(Path(sys.argv[1]))
start = time.monotonic()
outcome = import_files(ws, [Path(sys.argv[2])])[0]
print(json.dumps({"result": outcome.result, "message": outcome.message, "seconds": time.monotonic() - start}))
"""


def test_two_imports_and_a_reader_at_once(tmp_path, centre_database_url):
    """Two clerks import two regions' bundles in two processes while a third reads the regions' status and
    searches: both imports succeed, the reader is never refused, and the centre holds both regions."""
    from desk.services import demo

    central = create_workspace(
        tmp_path / "central", region=None, mode=MODE_CENTRAL, database_url=centre_database_url
    )
    keys.create_central_keys(central)
    bundles = []
    for code in ("KZ-35", "KZ-75"):
        region = make_region_for(tmp_path, central, code)
        demo.generate(region, size="small", seed=11 if code == "KZ-35" else 12)
        bundles.append(export_bundle(region, tmp_path, full=True).path)
        region.close()
    home = central.home.root
    central.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    importers = [
        subprocess.Popen(
            [sys.executable, "-c", _IMPORT, str(home), str(path)], stdout=subprocess.PIPE, text=True, env=env
        )
        for path in bundles
    ]
    stop = tmp_path / "importers-done"
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(home), str(stop)], stdout=subprocess.PIPE, text=True, env=env
    )
    results = []
    try:
        for proc in importers:
            out, _ = proc.communicate(timeout=300)
            assert proc.returncode == 0
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        stop.touch()
    assert [r["result"] for r in results] == ["imported", "imported"], results
    out, _ = reader.communicate(timeout=300)
    assert reader.returncode == 0
    reads = json.loads(out.strip().splitlines()[-1])
    assert reads["reads"] >= 1 and reads["errors"] == []
    central = open_workspace(home)
    from desk.sync.status import region_statuses

    imported = {s.code for s in region_statuses(central, "en") if s.last_sequence}
    assert imported == {"KZ-35", "KZ-75"}
    central.close()


_READER = """
import json, sys
from pathlib import Path
from desk.services.workspace import open_workspace
from desk.services import search
from desk.sync.status import region_statuses
ws = open_workspace(Path(sys.argv[1]))
stop = Path(sys.argv[2])
reads, errors, last = 0, [], False
while not last:  # reads until the importers are done, then once more
    last = stop.exists()
    try:
        region_statuses(ws, 'en')
        search.search(ws, "корей")
        reads += 1
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
        break
print(json.dumps({"reads": reads, "errors": errors}))
"""


def make_region_for(tmp_path, central, code):
    from desk.setup_region import init_region

    ws = init_region(tmp_path / code, code)
    ws.settings.set("central_recipient", keys.central_recipient(central))
    trust.add(central, code, keys.region_public_key(ws).base64)
    return ws
