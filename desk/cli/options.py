"""Checks of options several commands share, so each refuses bad input with the same one line.

`--region KZ-NN` is checked against the ISO 3166-2:KZ list before any query runs: an unknown code would otherwise
match no record and print an empty list as if the region had nothing.
"""

from __future__ import annotations

from typing import Any

from desk.errors import DeskError
from desk.i18n import _


def checked_region(value: str | None, ws: Any) -> str | None:
    """The upper-cased region code of a `--region` option, or None when it was not given.

    An unknown code is refused with the valid ones listed; a region's data folder holds its own region only.
    """
    from desk.domain import reference

    code = (value or "").strip().upper()
    if not code:
        return None
    if reference.by_code(reference.REGIONS, code) is None:
        raise DeskError(
            _("--region: unknown region “{code}”; use one of: {codes}.").format(
                code=code, codes=", ".join(r.code for r in reference.REGIONS)
            )
        )
    if not ws.is_central and code != ws.region:
        raise DeskError(_("--region: this data folder holds {region} only.").format(region=ws.region))
    return code


def one_region(value: str | None, ws: Any) -> str | None:
    """`--region` for what belongs to one region's assembly (its roster, its thresholds): required in the central
    office, where every region's records are held together (a roster of all twenty assemblies counted as one, with
    its quorum and "20 members hold the role of chairman", was printed before)."""
    code = checked_region(value, ws)
    if code is None and ws.is_central:
        raise DeskError(
            _(
                "--region: the central office holds every region's assembly; choose one, e.g. --region KZ-35 "
                "({codes})."
            ).format(codes=", ".join(r.code for r in _regions()))
        )
    return code


def _regions() -> Any:
    from desk.domain import reference

    return reference.REGIONS
