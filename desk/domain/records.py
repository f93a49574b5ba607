"""The records the registry keeps, as SQLModel tables.

Every synced record has a UUID key, its owning region, created/updated timestamps (UTC) and `usn`, the change
counter: the store sets it on every write from one counter per database, so "everything changed since N" is
`usn > N`. Deleting a record leaves a `Tombstone` with its own usn. Archiving is not deleting: an archived record
keeps its data and can be restored.

Codes of reference values (ethnic group, event type, statuses, …) are those of `desk.domain.reference`.
"""

import datetime as dt
import types
import uuid
from typing import Any, ClassVar, cast

from pydantic_core import PydanticUndefined
from sqlmodel import Field, SQLModel, Table

from desk.domain import names
from desk.domain.text import sort_key

LANGS = ("kk", "ru", "en")


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def table_name(cls: type[SQLModel] | SQLModel) -> str:
    """The table name of a record class (or record): SQLModel types `__tablename__` as `str | Callable[..., str]`
    (a declared attribute), but read from a class it is always the resolved name."""
    return cast(str, cls.__tablename__)


def table_of(cls: type[SQLModel]) -> Table:
    """The SQLAlchemy table of a table class (`table=True`)."""
    return cls.__table__  # type: ignore[attr-defined]  # SQLModel sets __table__ on table classes, does not declare it


class SyncedRecord(SQLModel):
    """Columns every synced record carries."""

    # Tables whose rows travel in sync bundles set this; the store keeps their usn and tombstones.
    synced: ClassVar[bool] = True

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    region: str = Field(index=True, max_length=8)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    usn: int = Field(default=0, index=True)


class Named(SQLModel):
    """A name in Kazakh, Russian and English (at least one), with a Kazakh-alphabet sort key per language."""

    name_kk: str = Field(default="", max_length=500)
    name_ru: str = Field(default="", max_length=500)
    name_en: str = Field(default="", max_length=500)
    sort_kk: str = Field(default="", max_length=500, index=True)
    sort_ru: str = Field(default="", max_length=500, index=True)
    sort_en: str = Field(default="", max_length=500, index=True)

    def name(self, lang: str) -> str:
        """The name in `lang`, falling back to another recorded language (kk-Latn: the Kazakh one in Latin)."""
        return names.shown_name(lambda code: getattr(self, f"name_{code}", ""), lang)

    def refresh_sort_keys(self) -> None:
        for code in LANGS:
            setattr(self, f"sort_{code}", sort_key(self.name(code))[:500])

    # The columns whose words are searched, in order: `search_text` joins them, and the bulk paths read just these
    # columns (desk.store.bulk), so one declaration serves every write.
    search_fields: ClassVar[tuple[str, ...]] = ("name_kk", "name_ru", "name_en")

    def search_text(self) -> str:
        return " ".join(v for v in (getattr(self, f) for f in self.search_fields) if v)


class Archivable(SQLModel):
    archived_at: dt.datetime | None = Field(default=None, index=True)


# --- the registry ---------------------------------------------------------------------------------------------


class District(SyncedRecord, Named, table=True):
    """A district (аудан) or city district of the region."""

    code: str | None = Field(default=None, max_length=40, index=True)


class House(SyncedRecord, Named, Archivable, table=True):
    """A House of Friendship (Достық үйі)."""

    district_id: str | None = Field(default=None, foreign_key="district.id", index=True)
    address: str = ""
    phone: str = ""
    email: str = ""
    director: str = ""
    opened_on: dt.date | None = None
    notes: str = ""


class Association(SyncedRecord, Named, Archivable, table=True):
    """An ethnocultural association (этномәдени бірлестік)."""

    ethnic_group: str = Field(max_length=40, index=True)
    other_ethnic_groups: str = ""  # comma-separated codes
    legal_status: str = Field(default="legal_entity", max_length=20, index=True)
    bin: str | None = Field(default=None, max_length=12, index=True)
    is_republican: bool = False
    parent_id: str | None = Field(default=None, foreign_key="association.id")
    registration_date: dt.date | None = Field(default=None, index=True)
    registration_number: str = ""
    district_id: str | None = Field(default=None, foreign_key="district.id", index=True)
    address: str = ""
    house_id: str | None = Field(default=None, foreign_key="house.id", index=True)
    leader: str = ""
    phone: str = ""
    email: str = ""
    member_count: int | None = None
    member_count_date: dt.date | None = None
    lines_of_work: str = ""  # comma-separated codes
    status: str = Field(default="active", max_length=20, index=True)
    status_date: dt.date | None = None
    status_reason: str = ""
    notes: str = ""


class Event(SyncedRecord, Named, Archivable, table=True):
    """An event held by or in a House of Friendship. Its title is the `name_*` columns."""

    event_type: str = Field(max_length=40, index=True)
    start_date: dt.date = Field(index=True)
    end_date: dt.date | None = None
    house_id: str | None = Field(default=None, foreign_key="house.id", index=True)
    venue: str = ""
    organiser_ids: str = ""  # comma-separated association ids
    by_secretariat: bool = False
    partners: str = ""
    participants: int | None = None
    youth: int | None = None
    funding_source: str = Field(default="none", max_length=40)
    funding_amount: int | None = None  # tenge
    status: str = Field(default="planned", max_length=20, index=True)
    plan_item_id: str | None = Field(default=None, foreign_key="planitem.id", index=True)
    notes: str = ""


class Person(SyncedRecord, Archivable, table=True):
    """A person: a member of the assembly, a leader, a contact. Holds personal data."""

    surname: str = Field(max_length=200)
    given_name: str = Field(max_length=200)
    patronymic: str = Field(default="", max_length=200)
    sort_name: str = Field(default="", max_length=600, index=True)
    iin: str | None = Field(default=None, max_length=12, index=True)
    birth_date: dt.date | None = None
    sex: str = Field(default="", max_length=1)
    ethnic_group: str | None = Field(default=None, max_length=40, index=True)
    workplace: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    district_id: str | None = Field(default=None, foreign_key="district.id", index=True)
    notes: str = ""

    def full_name(self) -> str:
        return names.full_name(self.surname, self.given_name, self.patronymic)

    def refresh_sort_keys(self) -> None:
        self.sort_name = sort_key(self.full_name())[:600]

    search_fields: ClassVar[tuple[str, ...]] = ("surname", "given_name", "patronymic", "iin")

    def search_text(self) -> str:
        """The full name and the IIN (`search_fields`, in that order)."""
        return " ".join(v for v in (getattr(self, f) for f in self.search_fields) if v)


# --- governance -----------------------------------------------------------------------------------------------


class Membership(SyncedRecord, table=True):
    """A person's membership of the regional assembly or of its council. Never deleted when the member leaves."""

    person_id: str = Field(foreign_key="person.id", index=True)
    body: str = Field(default="assembly", max_length=20, index=True)  # "assembly" or "council"
    category: str = Field(default="other", max_length=40)
    nominated_by: str = ""
    nominating_association_id: str | None = Field(default=None, foreign_key="association.id")
    admitted_on: dt.date = Field(index=True)
    admission_basis: str = ""
    admission_decision_id: str | None = Field(default=None, foreign_key="decision.id")
    roles: str = ""  # comma-separated codes
    roles_since: dt.date | None = None  # the day the current roles hold from (admission when None; 0006)
    left_on: dt.date | None = Field(default=None, index=True)
    leaving_ground: str | None = Field(default=None, max_length=40)
    leaving_note: str = ""


class Meeting(SyncedRecord, Archivable, table=True):
    """A session, an extraordinary session or a council meeting of the regional assembly."""

    kind: str = Field(max_length=30, index=True)
    number: str = ""
    date: dt.date = Field(index=True)
    place: str = ""
    notice_date: dt.date | None = None
    agenda: str = ""  # one item a line
    requested_by: int | None = None  # extraordinary session: how many members asked for it
    requested_on: dt.date | None = None  # extraordinary session: the day the members asked for it (0004)
    convened_on: dt.date | None = None  # extraordinary session: the day of the decision to convene it (0006)
    notes: str = ""


class Attendance(SyncedRecord, table=True):
    """One member present at one meeting."""

    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    membership_id: str = Field(foreign_key="membership.id", index=True)


class Decision(SyncedRecord, Named, table=True):
    """A decision put to the vote at a meeting. Its wording is the `name_*` columns."""

    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    number: str = ""
    votes_for: int = 0
    votes_against: int = 0
    abstained: int = 0


class ExecutionItem(SyncedRecord, table=True):
    """What a decision requires of a responsible body, by when, and whether it was done."""

    decision_id: str = Field(foreign_key="decision.id", index=True)
    responsible_body: str = Field(default="", max_length=40)  # code in reference.RESPONSIBLE_BODIES (0009)
    responsible: str = ""  # typed: a body not in the list ("Other"), or what older versions kept as free text
    task: str = ""
    deadline: dt.date | None = Field(default=None, index=True)
    status: str = Field(default="in_progress", max_length=20, index=True)
    executed_on: dt.date | None = None
    notes: str = ""


class PlanItem(SyncedRecord, Named, table=True):
    """An item of the assembly's annual action plan. Its title is the `name_*` columns."""

    year: int = Field(index=True)
    quarter: int = 1
    responsible: str = ""
    notes: str = ""


class StateChange(SyncedRecord, table=True):
    """One dated fact of a record's history: from `valid_from` on, `field` of the record held `value` (0006).

    Kept for the association's status (with the reason), a membership's roles, and an execution item's status
    and deadline, so that a past day's state can be rebuilt (`desk.domain.history`). Written by the store when
    such a field changes; a record without rows has the history its own columns imply."""

    __tablename__ = "state_change"
    record_table: str = Field(max_length=40)
    record_id: str = Field(max_length=36, index=True)
    field: str = Field(max_length=40)
    value: str = ""
    valid_from: dt.date = Field(index=True)
    reason: str = ""


class BodyRule(SyncedRecord, table=True):
    """The region's own thresholds for one body (assembly or council), from the document that sets them and the
    day they apply from (0006). Without a row the 2024 national fractions apply (`desk.domain.rules`).

    Fractions are kept as integer numerators and denominators; `strict` means "more than" (else "at least")."""

    __tablename__ = "body_rule"
    body: str = Field(max_length=20, index=True)
    valid_from: dt.date = Field(index=True)
    document: str = ""
    quorum_num: int = 2
    quorum_den: int = 3
    quorum_strict: bool = False
    adoption_num: int = 1
    adoption_den: int = 2
    adoption_strict: bool = True
    admitted_take_part: bool = False  # members admitted by a session count at that session


# --- quarters between the region and the centre (0008) -----------------------------------------------------


class QuarterSubmission(SyncedRecord, table=True):
    """A quarter the region submitted to the centre: the frozen figures of its quarterly report (canonical JSON),
    the report's PDF and its SHA-256, signed with the region's key. A correction is a new row, one version up;
    rows are never changed (`desk.domain.quarters`). Travels to the centre in the next bundle."""

    __tablename__ = "quarter_submission"
    year: int = Field(index=True)
    quarter: int = Field(index=True)
    version: int = 1
    submitted_at: dt.datetime = Field(default_factory=utcnow)
    submitted_by: str = Field(default="", max_length=200)
    figures: str = Field(default="{}", max_length=2_000_000)
    figures_sha256: str = Field(default="", max_length=64)
    report_sha256: str = Field(default="", max_length=64)
    report_pdf: str = Field(default="", max_length=8_000_000)  # base64
    key_id: str = Field(default="", max_length=16)
    signature: str = Field(default="", max_length=2000)  # base64 of the minisign signature of `signed_text`


class QuarterDecision(SQLModel, table=True):
    """The centre's decision on a submitted quarter: accepted, returned (with a comment) or reopened. Written at
    the centre; a region keeps the copies its signed receipts brought (same id)."""

    __tablename__ = "quarter_decision"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    region: str = Field(max_length=8, index=True)
    year: int
    quarter: int
    submission_id: str = Field(max_length=36, index=True)
    version: int = 1
    action: str = Field(max_length=20)  # accepted, returned, reopened
    comment: str = Field(default="", max_length=2000)
    decided_at: dt.datetime = Field(default_factory=utcnow)
    decided_by: str = Field(default="", max_length=200)
    received_at: dt.datetime | None = None  # in a region: when the receipt that brought it was loaded


# --- bookkeeping (local, not synced) -------------------------------------------------------------------------


class Tombstone(SQLModel, table=True):
    """A deleted record, so that sync can carry the deletion."""

    record_id: str = Field(primary_key=True, max_length=36)
    table_name: str = Field(max_length=40)
    region: str = Field(max_length=8, index=True)
    deleted_at: dt.datetime = Field(default_factory=utcnow)
    usn: int = Field(index=True)


class AuditEntry(SQLModel, table=True):
    """Who changed what, when: old and new values as JSON."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    operator: str = Field(default="", max_length=200)
    table_name: str = Field(max_length=40)
    record_id: str = Field(max_length=36, index=True)
    action: str = Field(max_length=20)  # create, update, archive, restore, delete
    changes: str = "{}"


class SearchDoc(SQLModel, table=True):
    """One searchable record's folded words (see desk.store.search; on SQLite an FTS5 table indexes it)."""

    __tablename__ = "search_doc"
    rowid: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(max_length=36, unique=True)
    kind: str = Field(max_length=20)
    region: str = Field(max_length=8)
    body: str = ""


class Meta(SQLModel, table=True):
    """Facts about this database: its region, mode (region or central), the change counter."""

    key: str = Field(primary_key=True, max_length=60)
    value: str = ""


SYNCED_TABLES: tuple[type[SyncedRecord], ...] = (
    District,
    House,
    Association,
    PlanItem,
    Event,
    Person,
    Meeting,
    Decision,
    Membership,
    Attendance,
    ExecutionItem,
    StateChange,
    BodyRule,
    QuarterSubmission,
)
"""Synced tables in an order that satisfies foreign keys when inserting."""

SEARCHABLE: dict[str, type[SQLModel]] = {
    "association": Association,
    "house": House,
    "event": Event,
    "person": Person,
}


class Draft:
    """A new record's values before it is written, without the ORM's bookkeeping (building 50,000 ORM objects
    costs more than reading a sheet). The checks, keys and sort keys use it like the record: the record class's
    methods are bound to it, and its columns start at the class's defaults (a default factory, such as the id's,
    gives a fresh value; the times are left empty for the store to stamp)."""

    _defaults: dict[type, tuple[dict[str, Any], dict[str, Any]]] = {}
    _STAMPED = ("created_at", "updated_at")

    def __init__(self, cls: type[SQLModel], **values: Any) -> None:
        known = Draft._defaults.get(cls)
        if known is None:
            plain = {
                name: None if f.default is PydanticUndefined else f.default  # required: None until set
                for name, f in cls.model_fields.items()
                if f.default_factory is None or name in Draft._STAMPED
            }
            factories = {
                name: f.default_factory
                for name, f in cls.model_fields.items()
                if f.default_factory is not None and name not in Draft._STAMPED
            }
            known = Draft._defaults[cls] = (plain, factories)
        plain, factories = known
        self.__dict__.update(plain)
        for name, factory in factories.items():
            if name not in values:
                self.__dict__[name] = factory()  # type: ignore[call-arg]  # pydantic also types factories of the data; ours take none
        self.__dict__.update(values)
        self.__dict__["_cls"] = cls

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.__dict__["_cls"], name)  # AttributeError for a name the class does not have
        if callable(attr):
            return types.MethodType(attr, self)
        return attr  # a class constant (`search_fields`)
