"""Reference lists from the central office (issue 15, centre → region): what their check and their lookups cost.

    python bench/bench_reference.py [--source DIR] [--rounds N]     (default: a copy of /tmp/desk-large)

Measured in one run, on a copy of the large demo data set (62,000 persons, 3,200 associations, 21,000 events):
- applying a centre bundle with a reference section: with the check that no code in use is withdrawn switched
  off (the baseline: signature, version, meta write) and on (a GROUP BY per coded column, the associations'
  other groups split). Ratio against the baseline.
- naming every person's and event's code (term_label, as lists, reports and spreadsheets do): with the built-in
  lists in force (the baseline) and with received lists in force. Ratio against the baseline.
No assertion, just numbers (best of N rounds, interleaved: the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from desk.domain import reference  # noqa: E402
from desk.domain.records import Event, Person  # noqa: E402
from desk.services import reference_data  # noqa: E402
from desk.services.rows import term_label  # noqa: E402
from desk.services.workspace import MODE_CENTRAL, create_workspace, open_workspace  # noqa: E402
from desk.sync import keys  # noqa: E402
from desk.sync.centre_bundle import import_centre_bundle, make_centre_bundle  # noqa: E402
from desk.sync.centre_sections import set_central_reference  # noqa: E402
from desk.sync.receipts import trust_centre  # noqa: E402


def _lists() -> dict[str, list[dict[str, str]]]:
    data = {kind: reference.terms_to_data(kind, terms) for kind, terms in reference.BUILT_IN.items()}
    data["ethnic_groups"].append(
        {"code": "assyrian", "kk": "Ассириялықтар", "ru": "Ассирийцы", "en": "Assyrians"}
    )
    data["event_types"] = [
        {**t, "ru": "Обучающий семинар"} if t["code"] == "seminar" else t for t in data["event_types"]
    ]
    return data


def _timed(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default="/tmp/desk-large")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(args.source, root)
        region = open_workspace(root)
        central = create_workspace(Path(tmp) / "central", region=None, mode=MODE_CENTRAL)
        keys.create_central_keys(central)
        trust_centre(region, keys.central_public_key(central).base64)
        lists = Path(tmp) / "lists.json"
        lists.write_text(json.dumps(_lists(), ensure_ascii=False), encoding="utf-8")
        set_central_reference(central, lists)
        out = Path(tmp) / "usb"
        out.mkdir()

        check = reference_data.check_withdrawals

        def apply(with_check: bool) -> float:
            made = make_centre_bundle(central, out)
            if not with_check:
                reference_data.check_withdrawals = lambda *a, **k: None  # type: ignore[assignment]
            try:
                return _timed(lambda: import_centre_bundle(region, made.path))
            finally:
                reference_data.check_withdrawals = check  # type: ignore[assignment]

        apply(True)  # warm up: the pages of the coded columns in the cache
        bare, checked = [], []
        for _round in range(args.rounds):
            bare.append(apply(False))
            checked.append(apply(True))

        with region.db.read() as session:
            persons = [c for c in session.scalars(select(Person.ethnic_group)) if c]
            kinds = list(session.scalars(select(Event.event_type)))

        def names() -> None:
            for lang in ("kk", "ru", "en"):
                for code in persons:
                    term_label(reference.terms("ethnic_groups"), code, lang)
                for code in kinds:
                    term_label(reference.terms("event_types"), code, lang)

        built_in, received = [], []
        for _round in range(args.rounds):
            reference.install({})
            built_in.append(_timed(names))
            reference_data.install(region.db)
            received.append(_timed(names))

        print(
            f"large demo: {len(persons):,} persons with a group, {len(kinds):,} events; best of {args.rounds}"
        )
        b, c = min(bare), min(checked)
        print(
            f"apply a reference bundle: baseline {b * 1000:.1f} ms, with the withdrawal check {c * 1000:.1f} ms "
            f"(ratio {c / b:.2f})"
        )
        b, r = min(built_in), min(received)
        print(
            f"name {3 * (len(persons) + len(kinds)):,} codes: built-in lists {b * 1000:.1f} ms, received lists "
            f"{r * 1000:.1f} ms (ratio {r / b:.2f})"
        )
        region.close()
        central.close()


if __name__ == "__main__":
    main()
