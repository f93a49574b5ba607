"""Setting up a data folder: what `desk init` does (the database, the region's districts, the region's keys)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desk.services.workspace import Workspace, create_workspace

# Steps other parts of the program add to a new region's set-up (the sync keys, for one).
INIT_STEPS: list[Callable[[Workspace], None]] = []


def init_region(root: Path, region: str) -> Workspace:
    ws = create_workspace(root, region=region)
    for step in INIT_STEPS:
        step(ws)
    return ws
