"""Setting up a data folder: what `desk init` does (the database, the region's districts, the region's keys)."""

from __future__ import annotations

import importlib
from pathlib import Path

from desk.services.workspace import Workspace, create_workspace

INIT_STEP_MODULES: tuple[str, ...] = (
    "desk.sync.keys",  # the region's signing key
    "desk.services.permissions",  # keep it last: it makes private what the steps before it wrote
)
"""Modules with a function `on_init_region(ws)` that a new region's set-up runs (the sync keys, for one).
Listed by name so that the services layer does not import the layers above it."""


def init_region(root: Path, region: str) -> Workspace:
    ws = create_workspace(root, region=region)
    for name in INIT_STEP_MODULES:
        importlib.import_module(name).on_init_region(ws)
    return ws
