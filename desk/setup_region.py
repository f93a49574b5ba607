"""Setting up a region's data folder: what `desk init` and the first-run wizard do.

The database with the region's districts (desk.services.workspace), the region's signing and encryption keys
(desk.sync.keys), then the folder made private (desk.services.permissions, last: it covers what the steps before
it wrote). It sits above the services and sync layers because it calls both.
"""

from __future__ import annotations

from pathlib import Path

from desk.services import permissions
from desk.services.workspace import Workspace, create_workspace
from desk.sync import keys


def init_region(root: Path, region: str) -> Workspace:
    ws = create_workspace(root, region=region)
    keys.on_init_region(ws)
    permissions.on_init_region(ws)
    return ws
