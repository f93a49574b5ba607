"""`desk demo --central DIR`: a republic to rehearse with — the twenty demo regions (each its own records, keys
and data folder), their full bundles, a central office that trusts them and imported every bundle, and the last
finished quarter submitted by each region. The data set for screenshots, training and benchmarks.

DIR/central is the central office's data folder, DIR/regions/KZ-NN each region's, DIR/bundles the bundle files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desk.domain import quarters as rules
from desk.domain import reference
from desk.errors import DeskError
from desk.i18n import _
from desk.services import demo
from desk.services.workspace import MODE_CENTRAL, Workspace, create_workspace
from desk.setup_region import init_region
from desk.sync import keys, quarters, trust
from desk.sync.central_import import import_bundle
from desk.sync.export import export_bundle
from desk.sync.receipts import load_receipt, trust_centre

Progress = Callable[[int, int, str], bool]
OpenCentral = Callable[[Path], Workspace]


def sqlite_central(folder: Path) -> Workspace:
    """A new central office's data folder (SQLite) with its keys."""
    ws = create_workspace(folder, region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(ws)
    return ws


@dataclass
class RepublicDemo:
    folder: Path
    central: Path
    regions: dict[str, Path] = field(default_factory=dict)
    bundles: list[Path] = field(default_factory=list)
    submitted: rules.Period | None = None


def build(
    folder: Path,
    *,
    size: str = "small",
    seed: int = 2025,
    today: dt.date | None = None,
    regions: Sequence[str] | None = None,
    submit: bool = True,
    open_central: OpenCentral = sqlite_central,
    progress: Progress | None = None,
) -> RepublicDemo:
    """Build the demo republic in `folder` (new or empty). `open_central` makes the central office's data folder
    (SQLite by default; the place to give another database)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise DeskError(
            _("The folder {folder} is not empty: give a new or empty folder.").format(folder=folder)
        )
    report: Progress = progress or (lambda done, total, what: True)
    day = today or dt.date.today()
    codes = list(regions or [t.code for t in reference.REGIONS])
    period = rules.last_finished(day)
    out = RepublicDemo(folder, folder / "central", submitted=period if submit else None)
    bundles = folder / "bundles"
    bundles.mkdir(parents=True, exist_ok=True)
    central = open_central(out.central)
    try:
        recipient = keys.central_recipient(central)
        centre_key = keys.central_public_key(
            central
        ).base64  # each region trusts it on purpose (trust-centre)
        for number, code in enumerate(codes):
            if not report(number, len(codes), code):
                raise DeskError(_("Cancelled."))
            root = folder / "regions" / code
            region = init_region(root, code)
            try:
                region.settings.set("central_recipient", recipient)
                trust_centre(region, centre_key)
                trust.add(central, code, keys.region_public_key(region).base64)
                demo.generate(region, size=size, seed=seed, today=day)
                if submit:
                    quarters.submit(region, period.year, period.quarter, today=day)
                path = export_bundle(region, bundles, full=True).path
                outcome = import_bundle(central, path)
                if outcome.result != "imported":
                    raise DeskError(outcome.message)
                assert outcome.receipt is not None
                load_receipt(region, outcome.receipt)
                out.regions[code] = root
                out.bundles.append(path)
            finally:
                region.close()
        report(len(codes), len(codes), _("Done"))
    finally:
        central.close()
    return out
