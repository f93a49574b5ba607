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

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desk.domain import reference
from desk.domain.validation import text_problem
from desk.errors import DeskError
from desk.i18n import _
from desk.services import quarters
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

REFERENCE_META = "centre_reference"
_REFERENCE_KINDS: dict[str, Callable[[str | None], tuple[reference.Term, ...]]] = {
    "ethnic_groups": lambda region: reference.ETHNIC_GROUPS,
    "event_types": lambda region: reference.EVENT_TYPES,
    "districts": lambda region: tuple(
        t for t in reference.DISTRICTS if region is None or getattr(t, "region", None) == region
    ),
}


def _collect_reference(ws: Workspace, region: str | None) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for kind, terms in _REFERENCE_KINDS.items():
        out[kind] = [
            {
                "code": t.code,
                "kk": t.kk,
                "ru": t.ru,
                "en": t.en,
                **({"region": getattr(t, "region", "")} if kind == "districts" else {}),
            }
            for t in terms(region)
        ]
    return out


def _check_reference(data: Any) -> None:
    if not isinstance(data, dict) or set(data) - set(_REFERENCE_KINDS):
        raise _bad("reference", _("not a list of reference tables"))
    for kind, items in data.items():
        if not isinstance(items, list):
            raise _bad("reference", kind)
        codes: set[str] = set()
        for item in items:
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("code", "kk", "ru", "en")
            ):
                raise _bad("reference", kind)
            for key in ("code", "kk", "ru", "en", "region"):
                value = item.get(key, "")
                if not isinstance(value, str) or text_problem(value, 500, False):
                    raise _bad("reference", f"{kind}: {key}")
            if not item["code"] or item["code"] in codes:
                raise _bad("reference", f"{kind}: {item['code'][:40]}")
            codes.add(item["code"])


def _apply_reference(ws: Workspace, session: Any, data: Any) -> None:
    from desk.store.db import set_meta

    set_meta(session, REFERENCE_META, json.dumps(data, ensure_ascii=False, sort_keys=True))


def centre_reference(ws: Workspace) -> dict[str, list[dict[str, str]]]:
    """The reference data the last centre bundle brought (empty before the first)."""
    raw = ws.db.meta(REFERENCE_META)
    return json.loads(raw) if raw else {}


register(Section("reference", False, _collect_reference, _check_reference, _apply_reference))


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
# region whose receipt was lost or that waits for no bundle of its own. Only in a bundle for one region.


def _collect_decisions(ws: Workspace, region: str | None) -> list[dict[str, Any]] | None:
    if region is None:
        return None  # a bundle for every region carries no region's decisions
    return quarters.decision_dicts(ws, region) or None


def _check_decisions(data: Any) -> None:
    try:
        quarters.parse_decisions(data)
    except DeskError as exc:
        raise _bad("quarter_decisions", exc.message) from None


def _apply_decisions(ws: Workspace, session: Any, data: Any) -> None:
    quarters.apply_decisions(session, ws.region, quarters.parse_decisions(data))


register(Section("quarter_decisions", False, _collect_decisions, _check_decisions, _apply_decisions))
