"""Create, update, archive, restore and read any synced record; list them filtered, sorted and paged.

The register modules (associations, houses, events, persons) describe their filters, sort columns and checks;
this module does the work once for all of them. Writes go through `Database.transact`, so the change counter,
tombstones, audit log and search index follow automatically.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, String, column, func, select
from sqlalchemy.sql import Select
from sqlmodel import col

from desk.domain.records import AuditEntry, SyncedRecord, utcnow
from desk.errors import DeskError, NotFound
from desk.i18n import _, data_language
from desk.services.workspace import Workspace
from desk.store import search as search_index

T = TypeVar("T", bound=SyncedRecord)

_NOT_EDITABLE = {
    "id",
    "region",
    "created_at",
    "updated_at",
    "usn",
    "archived_at",
    "sort_kk",
    "sort_ru",
    "sort_en",
    "sort_name",
}


def get(ws: Workspace, cls: type[T], record_id: str) -> T:
    with ws.db.read() as session:
        obj = session.get(cls, record_id)
    if obj is None:
        raise NotFound(_("No record with id {id}.").format(id=record_id))
    return obj


def _apply(obj: SyncedRecord, values: Mapping[str, Any]) -> None:
    columns = set(type(obj).model_fields)
    for key, value in values.items():
        if key not in columns or key in _NOT_EDITABLE:
            raise DeskError(_("Unknown field: {field}.").format(field=key))
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, key, value)


def create(
    ws: Workspace,
    cls: type[T],
    values: Mapping[str, Any],
    check: Callable[[T], None],
    *,
    region: str | None = None,
) -> T:
    """Validate and insert a new record; raises ValidationError and writes nothing when it is refused."""
    obj = cls(region=region or ws.region)
    _apply(obj, values)
    check(obj)
    with ws.db.transact() as session:
        session.add(obj)
    return obj


def update(
    ws: Workspace, cls: type[T], record_id: str, values: Mapping[str, Any], check: Callable[[T], None]
) -> T:
    """Validate and save changes to a record; on refusal nothing is written."""
    with ws.db.transact() as session:
        obj = session.get(cls, record_id)
        if obj is None:
            raise NotFound(_("No record with id {id}.").format(id=record_id))
        _apply(obj, values)
        check(obj)
    return obj


def set_archived(ws: Workspace, cls: type[T], record_id: str, archived: bool) -> T:
    with ws.db.transact() as session:
        obj = session.get(cls, record_id)
        if obj is None:
            raise NotFound(_("No record with id {id}.").format(id=record_id))
        if archived and getattr(obj, "archived_at", None) is None:
            obj.archived_at = utcnow()
        elif not archived:
            obj.archived_at = None
    return obj


def delete(ws: Workspace, cls: type[T], record_id: str) -> None:
    """Delete for good (a tombstone carries the deletion to the centre). Archive is the everyday choice."""
    with ws.db.transact() as session:
        obj = session.get(cls, record_id)
        if obj is None:
            raise NotFound(_("No record with id {id}.").format(id=record_id))
        session.delete(obj)


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    operator: str
    action: str
    changes: dict[str, Any]


def history(ws: Workspace, record_id: str) -> list[HistoryEntry]:
    """The audit trail of one record, newest first."""
    with ws.db.read() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(col(AuditEntry.record_id) == record_id)
            .order_by(col(AuditEntry.id).desc())
        ).all()
    return [HistoryEntry(r.at, r.operator, r.action, json.loads(r.changes or "{}")) for r in rows]


# --- lists ------------------------------------------------------------------------------------------------------


@dataclass
class ListQuery:
    """What a register view asks for: search text, filters, sort, page."""

    text: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = "name"
    descending: bool = False
    offset: int = 0
    limit: int = 100
    include_archived: bool = False
    lang: str = "ru"
    region: str | None = None


@dataclass
class Page(Generic[T]):
    rows: list[T]
    total: int


Filter = Callable[[Any], ColumnElement[bool]]


@dataclass(frozen=True)
class ListSpec(Generic[T]):
    """How a register is listed: its record type, search kind, filters and sort columns."""

    cls: type[T]
    kind: str | None
    filters: Mapping[str, Filter]
    sorts: Mapping[str, Callable[[str], Sequence[Any]]]


def build_select(ws: Workspace, spec: ListSpec[T], q: ListQuery) -> Select[Any] | None:
    """The SELECT behind a list page (without offset/limit); None when the search text has no words."""
    cls = spec.cls
    stmt = select(cls)
    region = q.region or (None if ws.is_central else ws.region)
    if region:
        stmt = stmt.where(col(cls.region) == region)
    if not q.include_archived and hasattr(cls, "archived_at"):
        stmt = stmt.where(cls.archived_at.is_(None))  # type: ignore[attr-defined]  # hasattr does not narrow type[T]
    for key, value in q.filters.items():
        if value in (None, "", [], ()):
            continue
        make = spec.filters.get(key)
        if make is None:
            raise DeskError(
                _("Unknown filter “{name}”. Choose one of: {choices}.").format(
                    name=key, choices=", ".join(sorted(spec.filters))
                )
            )
        stmt = stmt.where(make(value))
    if q.text.strip():
        dialect = ws.db.engine.dialect.name
        params = search_index.bind_query(dialect, q.text, spec.kind)
        if params is None:
            return None
        ids = search_index.matching_ids_sql(dialect, spec.kind).bindparams(**params)
        stmt = stmt.where(col(cls.id).in_(ids.columns(search_index_record_id())))
    return stmt


def search_index_record_id() -> Any:
    return column("record_id", String)


REGION_SORT = "region"
"""The sort every register has at the central office: by region (in the order of ISO 3166-2:KZ, that of the
republic's statistical tables), then by name."""


def order_by(spec: ListSpec[T], q: ListQuery) -> list[Any]:
    lang = data_language(q.lang)
    if q.sort == REGION_SORT:
        cols = [col(spec.cls.region), *spec.sorts["name"](lang)]
    else:
        cols = list((spec.sorts.get(q.sort) or spec.sorts["name"])(lang))
    ordered = [c.desc() if q.descending else c.asc() for c in cols]
    ordered.append(col(spec.cls.id))  # stable order between pages
    return ordered


def list_page(ws: Workspace, spec: ListSpec[T], q: ListQuery, *, with_total: bool = True) -> Page[T]:
    stmt = build_select(ws, spec, q)
    if stmt is None:
        return Page([], 0)
    with ws.db.read() as session:
        rows = list(session.scalars(stmt.order_by(*order_by(spec, q)).offset(q.offset).limit(q.limit)))
        total = -1
        if with_total:
            total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    return Page(rows, total)


def count(ws: Workspace, spec: ListSpec[T], q: ListQuery) -> int:
    stmt = build_select(ws, spec, q)
    if stmt is None:
        return 0
    with ws.db.read() as session:
        return session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


Check = Callable[[Workspace, T], None]


@dataclass(frozen=True)
class Register(Generic[T]):
    """One register's use-cases: its list spec, its checks, and how it cleans values before they are applied."""

    spec: ListSpec[T]
    check: Check[T]
    normalise: Callable[[Mapping[str, Any]], Mapping[str, Any]] = dict

    @property
    def cls(self) -> type[T]:
        return self.spec.cls

    def _bound_check(self, ws: Workspace) -> Callable[[T], None]:
        return lambda obj: self.check(ws, obj)

    def create(self, ws: Workspace, values: Mapping[str, Any], *, region: str | None = None) -> T:
        return create(ws, self.cls, self.normalise(values), self._bound_check(ws), region=region)

    def update(self, ws: Workspace, record_id: str, values: Mapping[str, Any]) -> T:
        return update(ws, self.cls, record_id, self.normalise(values), self._bound_check(ws))

    def get(self, ws: Workspace, record_id: str) -> T:
        return get(ws, self.cls, record_id)

    def archive(self, ws: Workspace, record_id: str) -> T:
        return set_archived(ws, self.cls, record_id, True)

    def restore(self, ws: Workspace, record_id: str) -> T:
        return set_archived(ws, self.cls, record_id, False)

    def list_page(self, ws: Workspace, q: ListQuery, *, with_total: bool = True) -> Page[T]:
        return list_page(ws, self.spec, q, with_total=with_total)

    def count(self, ws: Workspace, q: ListQuery) -> int:
        return count(ws, self.spec, q)


def unique_among(ws: Workspace, obj: SyncedRecord, column: str, message: str) -> None:
    """Refuse `obj` when another record of its region has the same non-empty value in `column`."""
    value = getattr(obj, column)
    if not value:
        return
    cls = type(obj)
    with ws.db.read() as session:
        other = session.scalar(
            select(col(cls.id)).where(
                getattr(cls, column) == value, col(cls.id) != obj.id, col(cls.region) == obj.region
            )
        )
    if other is not None:
        from desk.domain.validation import FieldError, ValidationError

        raise ValidationError([FieldError(column, message)])
