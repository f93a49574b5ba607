"""The register of Houses of Friendship."""

from __future__ import annotations

from desk.domain.record_checks import check_house
from desk.domain.records import House
from desk.services.records import ListSpec, Register

H = House

SPEC: ListSpec[House] = ListSpec(
    cls=H,
    kind="house",
    filters={"district_id": lambda v: H.district_id == v},
    sorts={
        "name": lambda lang: [getattr(H, f"sort_{lang}")],
        "district": lambda lang: [H.district_id, getattr(H, f"sort_{lang}")],
        "opened_on": lambda lang: [H.opened_on],
        "updated_at": lambda lang: [H.updated_at],
    },
)


REGISTER: Register[House] = Register(SPEC, lambda ws, obj: check_house(obj))
