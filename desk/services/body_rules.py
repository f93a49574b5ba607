"""The region's own quorum and adoption thresholds per body (assembly, council), each from a document and a day.
Without any, the 2024 national fractions apply (`desk.domain.rules.DEFAULT_THRESHOLDS`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from desk.domain import rules
from desk.domain.governance import check_body_rule
from desk.domain.records import BodyRule
from desk.services import records
from desk.services.workspace import Workspace

_FIELDS = {
    "body",
    "valid_from",
    "document",
    "quorum_num",
    "quorum_den",
    "quorum_strict",
    "adoption_num",
    "adoption_den",
    "adoption_strict",
    "admitted_take_part",
}


def thresholds(r: BodyRule) -> rules.Thresholds:
    return rules.Thresholds(
        r.body,
        r.quorum_num,
        r.quorum_den,
        r.quorum_strict,
        r.adoption_num,
        r.adoption_den,
        r.adoption_strict,
        r.admitted_take_part,
        r.document,
        r.valid_from,
    )


def recorded_in(session: Any, region: str | None) -> list[rules.Thresholds]:
    stmt = select(BodyRule)
    if region:
        stmt = stmt.where(col(BodyRule.region) == region)
    return [thresholds(r) for r in session.scalars(stmt.order_by(col(BodyRule.valid_from)))]


def body_rules(ws: Workspace, *, region: str | None = None) -> list[BodyRule]:
    """The region's recorded thresholds, oldest first."""
    area = region or (None if ws.is_central else ws.region)
    stmt = select(BodyRule)
    if area:
        stmt = stmt.where(col(BodyRule.region) == area)
    with ws.db.read() as session:
        return list(session.scalars(stmt.order_by(col(BodyRule.body), col(BodyRule.valid_from))))


def in_force(ws: Workspace, body: str, day: dt.date, *, region: str | None = None) -> rules.Thresholds:
    """The thresholds of `body` on `day`."""
    return rules.thresholds_on([thresholds(r) for r in body_rules(ws, region=region)], body, day)


def add(ws: Workspace, values: Mapping[str, Any], *, region: str | None = None) -> BodyRule:
    """Record the region's thresholds for a body from a day (refused as a whole when not acceptable)."""
    unknown = set(values) - _FIELDS
    if unknown:
        from desk.domain.validation import FieldError, ValidationError
        from desk.i18n import _

        raise ValidationError(
            [FieldError(k, _("This field cannot be changed here.")) for k in sorted(unknown)]
        )
    return records.create(ws, BodyRule, values, check_body_rule, region=region)


def delete(ws: Workspace, rule_id: str) -> None:
    records.delete(ws, BodyRule, rule_id)
