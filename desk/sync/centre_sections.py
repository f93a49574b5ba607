"""The sections a centre → region bundle carries: a registry of typed sections, each with its own check and apply.

A section is a plain object registered here by a plain import: `Section(name, personal, collect, check, apply)`.
- `collect(ws, region)` (at the centre) gives the section's data for one region (or for every region: None), as
  JSON values;
- `check(data)` (in the region) raises CentreBundleRefused when the data is not what the section reads; it runs
  for every section before anything is written;
- `apply(ws, session, data)` writes it inside the one transaction of the whole bundle (all or nothing).
`personal` marks a section that holds personal data (such a bundle is to be encrypted for the region; see
`desk.sync.centre_bundle`).

Adding a section: write its Section and `register()` it here (or in a module imported at the end of this one), so
the registry, the type checker and the architecture test all see it. The sections today: reference data, the
centre's key rotation, and the centre's decisions on the region's quarters (which also travel in receipts).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desk.domain import reference
from desk.domain.validation import text_problem
from desk.errors import DeskError
from desk.i18n import _
from desk.services import quarters, reference_data
from desk.services.workspace import Workspace
from desk.sync.errors import CentreBundleRefused


@dataclass(frozen=True)
class Section:
    name: str
    personal: bool
    collect: Callable[[Workspace, str | None], Any]
    check: Callable[[Any], None]
    apply: Callable[[Workspace, Any, Any], None]


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    if section.name in SECTIONS:
        raise ValueError(f"section {section.name} registered twice")
    SECTIONS[section.name] = section
    return section


def _bad(section: str, why: str) -> CentreBundleRefused:
    return CentreBundleRefused(
        _("The central office's bundle has a malformed section “{section}” ({why}): refused.").format(
            section=section, why=why
        )
    )


# --- reference data --------------------------------------------------------------------------------------------
# Ethnic groups, event types, districts and responsible bodies: the lists in force at the centre (its own, set with
# `desk central reference set`, else the built-in ones). The region puts them in force (desk.services.reference_data:
# a list that leaves out a code the region's records hold refuses the whole bundle, naming the code).

REFERENCE_META = reference_data.REFERENCE_META
_CODE = re.compile(r"^[a-z0-9_]{1,40}$")


def _collect_reference(ws: Workspace, region: str | None) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    kept = reference.terms_from_data(reference_data.stored(ws.db))  # this office's own, not what is in force
    for kind in reference.BUILT_IN:
        items = kept.get(kind, reference.BUILT_IN[kind])
        if kind == "districts" and region is not None:
            items = tuple(t for t in items if getattr(t, "region", None) == region)
        out[kind] = reference.terms_to_data(kind, items)
    return out


def check_reference(data: Any, refusal: Callable[[str], Exception] | None = None) -> None:
    """The reference section's data, as the central office sends it and as `desk central reference set` reads it:
    {kind: [{"code", "kk", "ru", "en", ("region" for districts)}]}, each list non-empty, codes unique slugs.
    `refusal(why)` is what is raised (default: the bundle's section is malformed, CentreBundleRefused)."""
    refused = refusal or (lambda why: _bad("reference", why))
    if not isinstance(data, dict) or not data or set(data) - set(reference.BUILT_IN):
        raise refused(_("not a list of reference tables"))
    for kind, items in data.items():
        if not isinstance(items, list) or not items:
            raise refused(kind)
        codes: set[str] = set()
        for item in items:
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("code", "kk", "ru", "en")
            ):
                raise refused(kind)
            if set(item) - {"code", "kk", "ru", "en", "region"}:
                raise refused(f"{kind}: {sorted(set(item) - {'code', 'kk', 'ru', 'en', 'region'})[0][:40]}")
            for key in ("code", "kk", "ru", "en", "region"):
                value = item.get(key, "")
                if not isinstance(value, str) or text_problem(value, 500, False):
                    raise refused(f"{kind}: {key}")
            code = item["code"]
            if not _CODE.match(code) or code in codes:
                raise refused(f"{kind}: {code[:40]}")
            if not (item["kk"].strip() or item["ru"].strip() or item["en"].strip()):
                raise refused(f"{kind}: {code}")
            region = item.get("region", "")
            if kind == "districts" and reference.by_code(reference.REGIONS, region) is None:
                raise refused(f"{kind}: {code}: {region[:10]}")
            codes.add(code)


def _apply_reference(ws: Workspace, session: Any, data: Any) -> None:
    try:
        reference_data.store(session, data)
    except DeskError as exc:
        raise CentreBundleRefused(exc.message) from None


def centre_reference(ws: Workspace) -> dict[str, list[dict[str, str]]]:
    """The reference data the last centre bundle brought (empty before the first)."""
    return reference_data.stored(ws.db)


register(Section("reference", False, _collect_reference, check_reference, _apply_reference))


# --- the centre's key rotation -----------------------------------------------------------------------------------


def _collect_no_key(ws: Workspace, region: str | None) -> None:
    return None  # only `rotate_centre_key` gives this section its data


def _check_key(data: Any) -> None:
    from desk.errors import DeskError
    from desk.sync.keys import parse_public_key

    if not isinstance(data, dict) or not isinstance(data.get("public_key"), str):
        raise _bad("centre_key", _("no public key"))
    try:
        parse_public_key(data["public_key"])
    except DeskError:
        raise _bad("centre_key", _("no public key")) from None


def _apply_key(ws: Workspace, session: Any, data: Any) -> None:
    from desk.store.db import set_meta
    from desk.sync.keys import parse_public_key
    from desk.sync.receipts import PINNED_KEY_META, PINNED_SOURCE_META, SOURCE_ROTATION

    set_meta(session, PINNED_KEY_META, parse_public_key(data["public_key"]).base64)
    set_meta(session, PINNED_SOURCE_META, SOURCE_ROTATION)


register(Section("centre_key", False, _collect_no_key, _check_key, _apply_key))


# --- the centre's decisions on the region's quarters ---------------------------------------------------------------
# Accepted, returned with a comment, reopened: the same decisions a receipt carries back (desk.sync.receipts), for a
# region whose receipt was lost or that waits for no bundle of its own. Only in a bundle for one region, and personal:
# the centre's comments on a returned quarter are free text that may name people, so the bundle is encrypted.


def _collect_decisions(ws: Workspace, region: str | None) -> list[dict[str, Any]] | None:
    if region is None:
        return None  # a bundle for every region carries no region's decisions
    return quarters.decision_dicts(ws, region) or None


def _check_decisions(data: Any) -> None:
    quarters.parse_decisions(data, lambda why: _bad("quarter_decisions", why))


def _apply_decisions(ws: Workspace, session: Any, data: Any) -> None:
    try:
        quarters.apply_decisions(session, ws.region, quarters.parse_decisions(data))
    except DeskError as exc:
        raise CentreBundleRefused(exc.message) from None


register(Section("quarter_decisions", True, _collect_decisions, _check_decisions, _apply_decisions))


def set_central_reference(ws: Workspace, path: Any) -> list[str]:
    """`desk central reference set FILE`: the central office's own lists (those it sends from now on), checked as a
    region checks them; a list leaving out a code the centre's records hold is refused. Returns the kinds kept."""
    import json
    from pathlib import Path

    from desk.errors import os_error_reason
    from desk.sync.trust import require_central

    require_central(ws)
    file = Path(path)
    try:
        raw = file.read_bytes()[: 8 * 1024**2 + 1]
        data = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise DeskError(
            _("Cannot read {path}: {error}").format(path=file, error=os_error_reason(exc, file))
        ) from None
    except (ValueError, RecursionError):  # RecursionError: arrays nested too deep
        raise DeskError(_("{path} is not a JSON file.").format(path=file)) from None
    check_reference(
        data,
        lambda why: DeskError(
            _(
                "{path} is not a reference list file as “desk central reference show” prints it ({why}): nothing was kept."
            ).format(path=file, why=why)
        ),
    )
    with ws.db.transact(audit=False) as session:
        reference_data.store(session, data)
    reference_data.install(ws.db)
    return sorted(data)
