"""The register of persons (members of the assembly and other contacts). Holds personal data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import col

from desk.domain import identifiers
from desk.domain.record_checks import check_person
from desk.domain.records import Person
from desk.domain.validation import normalize_phone
from desk.i18n import _
from desk.services import records
from desk.services.records import ListSpec, Register
from desk.services.workspace import Workspace

P = Person

SPEC: ListSpec[Person] = ListSpec(
    cls=P,
    kind="person",
    filters={
        "ethnic_group": lambda v: P.ethnic_group == v,
        "district_id": lambda v: P.district_id == v,
        "sex": lambda v: P.sex == v,
        "born_from": lambda v: col(P.birth_date) >= v,
        "born_to": lambda v: col(P.birth_date) <= v,
    },
    sorts={
        "name": lambda lang: [P.sort_name],
        "birth_date": lambda lang: [P.birth_date],
        "ethnic_group": lambda lang: [P.ethnic_group, P.sort_name],
        "workplace": lambda lang: [P.workplace, P.sort_name],
        "updated_at": lambda lang: [P.updated_at],
    },
)


def _normalise(values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if out.get("iin"):
        out["iin"] = identifiers.normalize(str(out["iin"]))
    if out.get("phone"):
        out["phone"] = normalize_phone(str(out["phone"])) or str(out["phone"])
    return out


def _check(ws: Workspace, obj: Person) -> None:
    check_person(obj)
    records.unique_among(ws, obj, "iin", _("Another person already has this IIN."))


REGISTER: Register[Person] = Register(SPEC, _check, _normalise)
