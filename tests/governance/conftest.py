"""Helpers for governance tests: a region with an assembly of N members admitted on one day."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.services import persons, roster

FOUNDED = dt.date(2020, 1, 15)


def add_members(
    ws,
    n: int,
    *,
    admitted_on: dt.date = FOUNDED,
    category: str = "ethnocultural",
    body: str = "assembly",
    person_ids: list[str] | None = None,
) -> list[str]:
    """Admit n members (new persons unless `person_ids` given); returns the membership ids."""
    ids = []
    for i in range(n):
        if person_ids is None:
            person_id = persons.REGISTER.create(
                ws, {"surname": f"Сәрсенбаев{i:03d}", "given_name": "Қайрат"}
            ).id
        else:
            person_id = person_ids[i]
        ids.append(roster.admit(ws, person_id, admitted_on=admitted_on, category=category, body=body).id)
    return ids


@pytest.fixture
def assembly_of_30(workspace):
    """A region whose assembly has 30 members since FOUNDED; returns (workspace, membership ids)."""
    return workspace, add_members(workspace, 30)
