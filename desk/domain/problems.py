"""A finding of `desk check` (desk.services.folder_check and the checks of each part of the program)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One finding. An "error" is damaged or inconsistent data (`desk check` exits non-zero); a "warning" is a
    rule of the assembly not followed (a year without a session): reported, but the data is sound."""

    check: str
    message: str
    level: str = "error"
