"""When a backup was taken, known by its file's name alone (`desk-<UTC date-time>-<reason>.sqlite3`): without the
database layer, so that the light `desk list` (desk.store.light_read) can see whether the day's backup was taken."""

from __future__ import annotations

import datetime as dt
import re

_NAME = re.compile(r"^desk-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S-%f"  # UTC


def name_parts(name: str) -> tuple[dt.datetime, str] | None:
    """When (UTC) and why a backup named `name` was taken; None for a name that is not a backup's.

    The stamp is `_STAMP` read by hand (as strptime reads it, without its start-up cost); an impossible date or
    time raises ValueError as strptime does."""
    m = _NAME.match(name)
    if m is None:
        return None
    s = m.group(1)
    taken = dt.datetime(
        int(s[0:4]),
        int(s[4:6]),
        int(s[6:8]),
        int(s[9:11]),
        int(s[11:13]),
        int(s[13:15]),
        int(s[16:22]),
        dt.UTC,
    )
    return taken, m.group(2)
