"""The register of events held by the associations and the Houses of Friendship."""

from __future__ import annotations

from desk.domain.checks import check_event
from desk.domain.records import Event
from desk.services.records import ListSpec, Register

E = Event

SPEC: ListSpec[Event] = ListSpec(
    cls=E,
    kind="event",
    filters={
        "event_type": lambda v: E.event_type == v,
        "status": lambda v: E.status == v,
        "house_id": lambda v: E.house_id == v,
        "date_from": lambda v: E.start_date >= v,  # type: ignore[operator]
        "date_to": lambda v: E.start_date <= v,  # type: ignore[operator]
        "plan_item_id": lambda v: E.plan_item_id == v,
        "funding_source": lambda v: E.funding_source == v,
        "organiser_id": lambda v: ("," + E.organiser_ids + ",").contains(f",{v},"),
    },
    sorts={
        "name": lambda lang: [getattr(E, f"sort_{lang}")],
        "start_date": lambda lang: [E.start_date],
        "event_type": lambda lang: [E.event_type, E.start_date],
        "status": lambda lang: [E.status, E.start_date],
        "participants": lambda lang: [E.participants],
        "funding_amount": lambda lang: [E.funding_amount],
        "updated_at": lambda lang: [E.updated_at],
    },
)



REGISTER: Register[Event] = Register(SPEC, lambda ws, obj: check_event(obj))
