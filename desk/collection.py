"""Python's cyclic garbage collector paused around bulk work that builds many small objects and keeps them until it
ends (an import's checked rows, a report's laid-out pages): its passes over that growing heap freed next to nothing
and took a quarter of an import's checking time and a third of the republic report's."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """The automatic collection off for the block; left as it was when the caller had paused it already (the window
    collects on its own schedule: desk/ui/collector.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
