"""The register of events held by the associations and the Houses of Friendship."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from desk.domain.record_checks import check_event
from desk.domain.records import Association, Event
from desk.domain.validation import FieldError, ValidationError
from desk.i18n import _
from desk.services.records import ListSpec, Register
from desk.services.workspace import Workspace

E = Event

SPEC: ListSpec[Event] = ListSpec(
    cls=E,
    kind="event",
    filters={
        "event_type": lambda v: E.event_type == v,
        "status": lambda v: E.status == v,
        "house_id": lambda v: E.house_id == v,
        "date_from": lambda v: col(E.start_date) >= v,
        "date_to": lambda v: col(E.start_date) <= v,
        "plan_item_id": lambda v: E.plan_item_id == v,
        "funding_source": lambda v: E.funding_source == v,
        "organiser_id": lambda v: ("," + col(E.organiser_ids) + ",").contains(f",{v},"),
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


def _check(ws: Workspace, obj: Event) -> None:
    """The event's own rules, then: every organiser is an association of the register."""
    check_event(obj)
    ids = [i for i in (obj.organiser_ids or "").split(",") if i.strip()]
    if ids:
        with ws.db.read() as session:
            known = set(session.scalars(select(col(Association.id)).where(col(Association.id).in_(ids))))
        if any(i not in known for i in ids):
            raise ValidationError([FieldError("organiser_ids", _("No such association in the register."))])


def _normalise(values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if isinstance(out.get("organiser_ids"), list | tuple):
        out["organiser_ids"] = ",".join(out["organiser_ids"])
    if "organiser_ids" in out:  # one id once, in the order given, no blanks
        ids = [i.strip() for i in str(out["organiser_ids"] or "").split(",") if i.strip()]
        out["organiser_ids"] = ",".join(dict.fromkeys(ids))
    return out


REGISTER: Register[Event] = Register(SPEC, _check, _normalise)
