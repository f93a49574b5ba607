"""Importing a register from a spreadsheet: preview, dry run with a per-row report, import, undo.

The file is read as a stream, in chunks of rows: each row's cells are read forgivingly (`desk.spreadsheets.values`),
reference values and districts matched by name, the record built and checked with the register's own rules
(`desk.domain.record_checks`, after the register's `normalise`; the one text rule of `desk.domain.validation` with it).

A row is matched to a record by its id (exports carry it), else by its BIN/IIN, else by its name and district
(events: title, day and place) -- and then only when exactly one record matches and neither the row nor the
record has a BIN/IIN; several candidates are reported and the row refused, never guessed. A matched record is
skipped or updated, as chosen; never doubled. A person's membership rows are matched the same way (membership id,
else body and date of admission). Rows that repeat an earlier row of the same file are refused, except a person's
row that adds another membership.

`run(..., dry_run=False)` writes the valid rows in ONE transaction: new records with bulk inserts (with their
audit lines and search entries), updates through the ORM (the store's hooks log them), and an import batch
(`desk.spreadsheets.batches`) listing what was created and what an update replaced, so `undo()` can put it back.
`run_all` does the same for every register of a `desk export all` workbook in one transaction.
Keys of the rows seen so far live in a temporary table, so memory does not grow with the file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, text
from sqlmodel import Session

from desk.domain import governance
from desk.domain import record_checks as domain_checks
from desk.domain.records import (
    Association,
    Attendance,
    Decision,
    District,
    Draft,
    Event,
    ExecutionItem,
    House,
    Meeting,
    Membership,
    Person,
    PlanItem,
    SyncedRecord,
    utcnow,
)
from desk.domain.text import sort_key
from desk.domain.validation import Checker, ValidationError, field_label
from desk.errors import DeskError
from desk.i18n import _, ngettext
from desk.services import associations, decisions, events, houses, meetings, persons, plan
from desk.services.workspace import Workspace
from desk.spreadsheets import fields as F
from desk.spreadsheets import headers, links, matching, values
from desk.spreadsheets.batches import ImportBatch, ImportItem
from desk.spreadsheets.matching import Names, _Known
from desk.spreadsheets.reader import Table, UnreadableFile
from desk.spreadsheets.report import (
    AllReport,
    Cancelled,
    IgnoredColumn,
    Issue,
    Preview,
    Report,
    SheetPreview,
)
from desk.spreadsheets.undo import KeptRecord, UndoResult, batches, undo  # noqa: F401 - the import's interface
from desk.store import bulk
from desk.store.db import jsonable, next_usn, storage_error

_log = logging.getLogger("desk.spreadsheets")

CHUNK = 1000
PREVIEW_ROWS = 20
ON_DUPLICATE = ("skip", "update")

Progress = Callable[[int, int, str], bool]

REGISTERS = {
    "associations": associations.REGISTER,
    "persons": persons.REGISTER,
    "events": events.REGISTER,
    "houses": houses.REGISTER,
    "plan": plan.REGISTER,
    "meetings": meetings.MEETINGS,
    "decisions": meetings.DECISIONS,
    "attendance": meetings.ATTENDANCE,
    "execution": decisions.REGISTER,
}
CHECKS: dict[str, Callable[[Any], None]] = {
    # The registers' own rules. Their uniqueness of BIN and IIN is what the duplicate handling here enforces
    # for the whole file at once (a query per row would not scale to 50,000 rows).
    "associations": domain_checks.check_association,
    "persons": domain_checks.check_person,
    "events": domain_checks.check_event,
    "houses": domain_checks.check_house,
    "plan": governance.check_plan_item,
    "meetings": governance.check_meeting,
    "decisions": governance.check_decision,
    "attendance": governance.check_attendance,
    "execution": governance.check_execution_item,
}
CLASSES: dict[str, type[SyncedRecord]] = {
    "associations": Association,
    "persons": Person,
    "events": Event,
    "houses": House,
    "plan": PlanItem,
    "meetings": Meeting,
    "decisions": Decision,
    "attendance": Attendance,
    "execution": ExecutionItem,
}
SMALL_KINDS = ("houses", "plan", "meetings", "decisions", "attendance", "execution")
"""Registers of a few hundred records at most: matched against an index of the whole register."""


def _check_kind(kind: str) -> None:
    if kind not in F.KINDS:
        raise DeskError(
            _("Unknown register “{kind}”: use associations, persons or events.").format(kind=kind)
        )


def detect_layout(ws: Workspace, table: Table, kind: str, sheet: str | int | None = None) -> headers.Layout:
    """The layout of the chosen sheet, or of the first sheet with a recognised header."""
    learned = headers.load_saved(ws.home.root, kind)
    names = [table.sheet_name(sheet)] if sheet is not None else table.sheets
    for name in names:
        layout = headers.detect(kind, name, table.rows(name), learned)
        if layout is not None:
            return layout
    wanted = ", ".join(_(f.label) for f in F.FIELDS[kind][:6])
    if sheet is not None:
        raise UnreadableFile(
            _("No header row found on sheet “{sheet}” of {file}: expected columns such as {fields}.").format(
                sheet=names[0], file=table.path.name, fields=wanted
            )
        )
    raise UnreadableFile(
        _(
            "No sheet of {file} has a header row naming the columns: expected columns such as {fields}."
        ).format(file=table.path.name, fields=wanted)
    )


def preview(
    ws: Workspace,
    path: Path,
    kind: str,
    *,
    sheet: str | int | None = None,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Preview:
    _check_kind(kind)
    with Table(Path(path), fmt) as table:
        learned = headers.load_saved(ws.home.root, kind)
        sheets = [
            SheetPreview(name, headers.detect(kind, name, table.rows(name), learned)) for name in table.sheets
        ]
        layout = detect_layout(ws, table, kind, sheet)
        if mapping:
            headers.apply_mapping(layout, mapping)
        rows = []
        for number, cells in table.rows(layout.sheet):
            if number < layout.data_start:
                continue
            rows.append((number, [values.text(c) for c in cells]))
            if len(rows) >= PREVIEW_ROWS:
                break
        # Columns with values but no header are shown too, so the wizard can map any column by hand.
        known = {c.index for c in layout.columns}
        for i in sorted({i for _n, cells in rows for i, v in enumerate(cells) if v and i not in known}):
            layout.columns.append(headers.Column(i, ""))
        layout.columns.sort(key=lambda c: c.index)
        return Preview(
            kind=kind,
            file=str(path),
            format=table.format,
            sheets=sheets,
            sheet=layout.sheet,
            layout=layout,
            rows=rows,
            fields=list(F.FIELDS[kind]),
        )


# --- name lookups -------------------------------------------------------------------------------------------------


@dataclass
class RowWork:
    number: int
    obj: Any = None
    existing_id: str | None = None
    keys: list[str] = field(default_factory=list)
    membership: dict[str, Any] | None = None
    refused: bool = False
    provided: set[str] = field(default_factory=set)
    district_name: str | None = None
    refs: dict[str, str] = field(default_factory=dict)  # parent / organisers by name, resolved in decide()
    given_id: str | None = None  # the id column's value, then the id of the matched record
    matched_by: str = ""  # the field that matched the record: id, bin/iin, the name
    range_end: Any = None  # the end of a range of days written in the start date's cell


class _Run:
    def __init__(
        self,
        ws: Workspace,
        table: Table,
        layout: headers.Layout,
        report: Report,
        *,
        add_districts: bool,
        conn: Connection,
        session: Session,
        writing: bool,
        progress: Progress | None,
    ) -> None:
        self.ws = ws
        self.table = table
        self.layout = layout
        self.report = report
        self.kind = layout.kind
        self.cls = CLASSES[self.kind]
        self.register = REGISTERS[self.kind]
        self.check = CHECKS[self.kind]
        self.fields = F.field_map(self.kind)
        self.columns = layout.by_field()
        self.add_districts = add_districts
        self.conn = conn
        self.session = session
        self.writing = writing
        self.progress = progress
        self.names = Names(ws, session, self.kind)
        self.matchers = {
            key: values.term_matcher(f.terms, F.EXTRA_TERM_ALIASES.get(key))
            for key, f in self.fields.items()
            if f.kind in (F.TERM, F.TERMS)
        }
        self.usn = 0
        self.now = utcnow()
        self.batch: ImportBatch | None = None
        self.pending: list[RowWork] = []
        self.pending_memberships: list[Membership] = []
        # Associations this import creates or matches, by name: (id, district, BIN). A region has hundreds.
        self.file_names: dict[str, list[tuple[str, str, str]]] = {}
        self.created_ids: set[str] = set()
        self.uncached = table.formulas_without_value(layout.sheet)
        self.small_index: dict[str, list[tuple[str, bool]]] | None = None
        self.laid_out = {c.index for c in layout.columns if c.header or c.field}  # with a header or a field
        self.unheaded: dict[int, int] = {}  # a column without a header that holds values → its first row
        self.unlaid: dict[int, list[int]] = {}  # row width → the columns without a header or a field
        # (field key, field, column index) of the mapped columns, in the order of the register's fields
        self.mapped = [
            (key, f, self.columns[key].index) for key, f in self.fields.items() if key in self.columns
        ]

    def column_language(self, key: str) -> str:
        """The language of a column's header (kk, ru or en); Russian when the header has no letters."""
        column = self.columns.get(key)
        return (values.header_language(column.header) if column is not None else None) or "ru"

    # --- reporting ---

    def issue(self, row: int, field_key: str | None, message: str, level: str = "error") -> None:
        column = self.columns.get(field_key or "")
        if column is not None:
            title = column.title
        elif field_key in ("name", "title"):
            names = [c.title for k, c in self.columns.items() if k.startswith("name")]
            title = ", ".join(names) or field_label(field_key)
        elif field_key in self.fields:
            title = _(self.fields[field_key].label)
        elif field_key == "district_id":
            title = self.columns["district"].title if "district" in self.columns else field_label(field_key)
        elif field_key:
            title = field_label(field_key)
        else:
            title = ""
        self.report.issues.append(Issue(row, title, message, level))

    # --- the temporary key table ---

    def start(self) -> None:
        for column in self.report.ignored:
            self.report.issues.append(
                Issue(
                    self.layout.header_rows[0],
                    column.header or column.column,
                    column.message(self.kind),
                    "warning",
                )
            )
        self.conn.execute(
            text(
                "CREATE TEMP TABLE IF NOT EXISTS import_seen "
                "(key TEXT PRIMARY KEY, row INTEGER, record_id TEXT)"
            )
        )
        self.conn.execute(text("DELETE FROM import_seen"))
        if self.writing:
            self.usn = next_usn(self.session)
            self.batch = ImportBatch(
                region=self.ws.region,
                kind=self.kind,
                file_name=self.table.path.name,
                sheet=self.layout.sheet,
                operator=self.session.info.get("operator", ""),
                usn=self.usn,
            )
            self.session.add(self.batch)
            self.session.flush()
            self.report.batch_id = self.batch.id

    def seen(self, keys: list[str]) -> dict[str, tuple[int, str]]:
        if not keys:
            return {}
        found: dict[str, tuple[int, str]] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join(f":k{i}" for i in range(len(part)))
            for key, row, record_id in self.conn.execute(
                text(f"SELECT key, row, record_id FROM import_seen WHERE key IN ({marks})"),
                {f"k{i}": k for i, k in enumerate(part)},
            ):
                found[key] = (row, record_id)
        return found

    def remember(self, items: list[tuple[str, int, str]]) -> None:
        if items:
            self.conn.execute(
                text("INSERT OR IGNORE INTO import_seen (key, row, record_id) VALUES (:k, :r, :i)"),
                [{"k": k, "r": r, "i": i} for k, r, i in items],
            )

    # --- the loop ---

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        header_width = len(self.layout.columns)
        for number, cells in self.table.rows(self.layout.sheet):
            if number < self.layout.data_start:
                continue
            numbers = [c for c in cells if not values.is_blank(c)] if number == self.layout.data_start else []
            # The column-numbering row under an official form's header: 1, 2, 3, …
            if (
                number == self.layout.data_start
                and len(numbers) >= min(3, header_width)
                and all(isinstance(c, int | float) or str(c).strip().isdigit() for c in numbers)
                and [int(float(c)) for c in numbers] == list(range(1, len(numbers) + 1))
            ):
                continue
            if _is_total(cells):
                self.issue(
                    number,
                    None,
                    _("A total row (“{text}”): skipped.").format(
                        text=values.text(next(c for c in cells if not values.is_blank(c)))
                    ),
                    "note",
                )
                continue
            yield number, cells

    def execute(self) -> None:
        self.start()
        chunk: list[tuple[int, list[Any]]] = []
        estimate = 0
        for item in self.rows():
            chunk.append(item)
            if len(chunk) >= CHUNK:
                self.process(chunk)
                estimate += len(chunk)
                chunk = []
                if self.progress and not self.progress(estimate, 0, _("Rows")):
                    raise Cancelled(_("Cancelled."))
        if chunk:
            self.process(chunk)
        if self.unheaded:
            from openpyxl.utils import get_column_letter

            for i in sorted(self.unheaded):
                column = IgnoredColumn(get_column_letter(i + 1), "")
                self.report.ignored.append(column)
                self.report.issues.append(
                    Issue(self.unheaded[i], column.column, column.message(self.kind), "warning")
                )
        if self.writing and self.batch is not None:
            self.batch.created = self.report.created
            self.batch.updated = self.report.updated
            self.session.flush()

    def process(self, chunk: list[tuple[int, list[Any]]]) -> None:
        works = [self.parse(number, cells) for number, cells in chunk]
        self.report.rows += len(works)
        self.decide(works)
        if self.writing:
            self.write(works)

    # --- one row ---

    def cell(self, cells: list[Any], key: str) -> Any:
        column = self.columns.get(key)
        if column is None or column.index >= len(cells):
            return None
        return cells[column.index]

    def parse(self, number: int, cells: list[Any]) -> RowWork:
        work = RowWork(number)
        unlaid = self.unlaid.get(len(cells))
        if unlaid is None:
            unlaid = self.unlaid[len(cells)] = [i for i in range(len(cells)) if i not in self.laid_out]
        for i in unlaid:
            if i not in self.unheaded and not values.is_blank(cells[i]):
                self.unheaded[i] = number  # reported once, so no value is dropped without a word
        data: dict[str, Any] = {}
        failed = False
        if self.uncached:
            for key, column in self.columns.items():
                if (number, column.index) in self.uncached:
                    self.issue(
                        number,
                        key,
                        _(
                            "A formula without a saved value: open the file in Excel, let it "
                            "calculate (F9), save it and import again."
                        ),
                    )
                    failed = True
        width = len(cells)
        for key, f, index in self.mapped:
            raw = cells[index] if index < width else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                data[key] = self.read(f, raw, work)
            except values.CellError as exc:
                self.issue(number, key, exc.message)
                failed = True
        if failed:
            work.refused = True
            return work
        if work.range_end is not None:
            if data.get("end_date") not in (None, work.range_end):
                self.issue(
                    number,
                    "end_date",
                    _(
                        "The start date's cell gives a range ending on {day}: the two columns disagree."
                    ).format(day=work.range_end.strftime("%d.%m.%Y")),
                )
                work.refused = True
                return work
            data["end_date"] = work.range_end
        record = self.to_record(data, work)
        if work.refused:
            return work
        work.provided = {k for k in record if k not in ("region", "id")}
        work.obj = self.build(record, work)
        return work

    def read(self, f: F.Field, raw: Any, work: RowWork) -> Any:
        kind = f.kind
        if kind in (F.TEXT, F.NAME, F.PHONE, F.EMAIL, F.FULL_NAME):
            return values.text(raw)
        if kind == F.ID:
            return values.record_id(raw)
        if kind == F.DATETIME:
            return values.moment(raw)
        if kind == F.INT:
            return values.integer(raw)
        if kind == F.MONEY:
            return values.money(raw)
        if kind == F.DATE:
            if f.key == "start_date":  # an event's days are often written as a range in one cell
                start, end = values.date_range(raw)
                work.range_end = end
                return start
            return values.date(raw)
        if kind == F.BOOL:
            return values.boolean(raw)
        if kind in (F.IIN, F.BIN):
            return values.identifier(raw)
        if kind == F.TERM:
            code = self.matchers[f.key].find(values.text(raw))
            if code is None:
                raise values.CellError(_("Unknown value “{value}”.").format(value=values.text(raw)))
            return code
        if kind == F.TERMS:
            codes = []
            for item in values.split_list(raw):
                code = self.matchers[f.key].find(item)
                if code is None:
                    raise values.CellError(_("Unknown value “{value}”.").format(value=item))
                if code not in codes:
                    codes.append(code)
            return ",".join(codes)
        if kind == F.DISTRICT:
            return self.district(values.text(raw), work)
        if kind in (F.PLAN_ITEM, F.MEETING, F.DECISION, F.MEMBERSHIP):
            work.refs[f.key] = values.text(raw)  # resolved when the row is decided
            return None
        if kind == F.HOUSE:
            house = self.names.house(values.text(raw))
            if house is None:
                self.issue(
                    work.number,
                    f.key,
                    _("No House of Friendship “{name}” in the region: left empty.").format(
                        name=values.text(raw)
                    ),
                    "warning",
                )
            return house
        if kind in (F.ASSOCIATION, F.ASSOCIATIONS):
            # Resolved when the row is decided: the association may be on an earlier row of the same chunk.
            work.refs[f.key] = values.text(raw)
            return None
        raise AssertionError(kind)

    def association(self, name: str) -> str:
        """An association by name; "Name (District)", "Name (District, BIN)" or "Name (…, #1a2b3c4d)" (the start
        of its id) when several share the name, as exports write it. Several candidates are refused, never
        guessed."""
        name = name.strip()
        base, qualifier = name, ""
        if name.endswith(")") and "(" in name:
            base, _sep, rest = name[:-1].rpartition("(")
            base, qualifier = base.strip(), rest
        ambiguous = ""
        for candidate, extra in ((name, ""), (base, qualifier)) if qualifier else ((name, ""),):
            found = list(self.names.associations.get(values.norm(candidate), []))
            found += self.file_names.get(values.norm(candidate), [])
            if extra and found:
                for part in (p.strip() for p in extra.split(",") if p.strip()):
                    if part.startswith("#"):
                        found = [f for f in found if f[0].startswith(part[1:].lower())]
                        continue
                    digits = values.identifier(part) if part.replace(" ", "").isdigit() else None
                    district = None if digits else self.names.district(part)
                    found = [
                        f
                        for f in found
                        if (digits and f[2] == digits)
                        or (district and f[1] == district)
                        or (not f[1] and not f[2])
                    ]
            ids = list(dict.fromkeys(f[0] for f in found))
            if len(ids) == 1:
                return ids[0]
            if len(ids) > 1 and not ambiguous:
                ambiguous = candidate
        if ambiguous:
            raise values.CellError(
                _(
                    "Several associations are named “{name}”: add the district in brackets, "
                    "e.g. “{name} (District)”."
                ).format(name=ambiguous)
            )
        raise values.CellError(_("No association “{name}” in the region.").format(name=name))

    def district(self, name: str, work: RowWork) -> str:
        found = self.names.district(name)
        if found is None and not self.add_districts:
            raise values.CellError(_("The region has no district “{name}”.").format(name=name))
        if found is None:
            found = self.names.plan_district(name)
        if found in self.names.planned_ids:
            work.district_name = name
        return found

    def accept_district(self, w: RowWork) -> None:
        """Add the district a taken row names, when the region does not know it yet (once per district)."""
        if w.district_name is None:
            return
        district_id = self.names.district(w.district_name)
        if district_id is None or district_id in self.names.added:
            return
        self.names.added.add(district_id)
        name = w.district_name
        self.report.new_districts.append(name)
        if self.writing:
            message = _("New district “{name}” added to the region.").format(name=name)
        else:
            message = _("The region has no district “{name}” yet: it would be added.").format(name=name)
        self.issue(w.number, "district", message, "note")
        if self.writing:
            lang = self.column_language("district")
            d = District(id=district_id, region=self.ws.region, **{f"name_{lang}": name})
            domain_checks.check_district(d)
            self.session.add(d)
            self.session.flush()
            self.item("district", district_id, "create")

    def to_record(self, data: dict[str, Any], work: RowWork) -> dict[str, Any]:
        """Field values → record attributes (names in their language, full name split, membership apart)."""
        record: dict[str, Any] = {}
        membership: dict[str, Any] = {}
        for key, value in data.items():
            if key == "id":
                work.given_id = value
            elif key.startswith("m_"):
                membership[key[2:]] = value
            elif key == "name":
                # The language of a name is the language of its column's header, never guessed from its letters.
                target = f"name_{self.column_language('name')}"
                given = data.get(target)
                if given and values.norm(given) != values.norm(value):
                    self.issue(
                        work.number,
                        "name",
                        _("Left out: the column “{column}” gives this name in the same language.").format(
                            column=self.columns[target].title
                        ),
                        "warning",
                    )
                else:
                    record.setdefault(target, value)
            elif key == "full_name":
                surname, given, patronymic = values.split_full_name(value)
                record.setdefault("surname", surname)
                record.setdefault("given_name", given)
                if patronymic:
                    record.setdefault("patronymic", patronymic)
            elif key == "district":
                record["district_id"] = value
            elif key == "house":
                if value:
                    record["house_id"] = value
            elif key in (
                "parent",
                "organisers",
                "plan_item",
                "meeting",
                "m_nominating_association",
                "m_admission_decision",
                "decision",
                "membership",
            ):
                continue
            elif key == "sex":
                record["sex"] = value
            else:
                record[key] = value
        for name_key in ("name_kk", "name_ru", "name_en"):
            if name_key in data:
                record[name_key] = data[name_key]
        if membership:
            work.membership = membership
        return record

    def build(self, record: dict[str, Any], work: RowWork) -> Any:
        cleaned = dict(self.register.normalise(record))
        values_ = {k: v.strip() if isinstance(v, str) else v for k, v in cleaned.items()}
        return Draft(self.cls, region=self.ws.region, **values_)

    # --- matching rows to records ---
    #
    # A row is matched to a record of the register by its id (exports carry it), else by its BIN/IIN, else by its
    # name and district (events: title, day and place) -- and then only when exactly one record matches and neither
    # the row nor the record has a BIN/IIN. Several candidates are reported and the row refused: never guessed.

    def identifier_of(self, obj: Any) -> str | None:
        return matching.identifier_of(self.kind, obj)

    def name_keys(self, obj: Any) -> list[str]:
        return matching.name_keys(self.kind, obj)

    def keys_of(self, w: RowWork) -> list[str]:
        """The keys by which later rows of the same file find this row's record."""
        ident = self.identifier_of(w.obj)
        keys = [f"rec:{w.given_id}"] if w.given_id else []
        if ident:
            keys.append(f"ident:{ident}")
        elif not w.given_id:
            keys += self.name_keys(w.obj)
        return keys

    def existing(self, works: list[RowWork]) -> _Known:
        """What the register already holds for the chunk's ids, identifiers and names."""
        known = _Known()
        objs = [w for w in works if w.obj is not None]
        if not objs:
            return known
        cls: Any = self.cls
        region = cls.region == self.ws.region
        # By id and by BIN/IIN the region is checked on the rows found, not in the query: with it, SQLite may walk
        # the region's index (every record) instead of the id's or the number's, and the import slows as it grows.
        given = list({w.given_id for w in objs if w.given_id})
        for start in range(0, len(given), 500):
            known.ids.update(
                rid
                for rid, rec_region in self.session.execute(
                    select(cls.id, cls.region).where(cls.id.in_(given[start : start + 500]))
                )
                if rec_region == self.ws.region
            )
        ident_column = {"associations": "bin", "persons": "iin"}.get(self.kind)
        if ident_column:
            idents = list({i for w in objs if (i := self.identifier_of(w.obj))})
            column = getattr(cls, ident_column)
            for start in range(0, len(idents), 500):
                for rid, ident, rec_region in self.session.execute(
                    select(cls.id, column, cls.region).where(column.in_(idents[start : start + 500]))
                ):
                    if rec_region == self.ws.region:
                        known.idents.setdefault(ident, []).append(rid)
        plain = [w.obj for w in objs if not self.identifier_of(w.obj)]
        if self.kind in SMALL_KINDS:
            if self.small_index is None:
                self.small_index = {}
                for record in self.session.scalars(select(cls).where(region)):
                    for key in self.name_keys(record):
                        self.small_index.setdefault(key, []).append((record.id, False))
            for o in plain:
                for key in self.name_keys(o):
                    for rid, has in self.small_index.get(key, []):
                        known.add_name(key, rid, has)
        elif self.kind == "persons":
            names = list({sort_key(o.full_name()) for o in plain})
            for start in range(0, len(names), 500):
                for rid, sname, district, iin in self.session.execute(
                    select(Person.id, Person.sort_name, Person.district_id, Person.iin).where(
                        region, Person.sort_name.in_(names[start : start + 500])
                    )
                ):  # type: ignore[attr-defined]
                    known.add_name(f"name:{sname}|{district or ''}", rid, bool(iin))
        elif self.kind == "events":
            dates = list({o.start_date for o in plain if o.start_date})
            E = Event
            for start in range(0, len(dates), 500):
                for rid, kk, ru, en, start_date, house, venue in self.session.execute(
                    select(E.id, E.name_kk, E.name_ru, E.name_en, E.start_date, E.house_id, E.venue).where(
                        region, E.start_date.in_(dates[start : start + 500])
                    )
                ):  # type: ignore[attr-defined]
                    for n in {n for n in (kk, ru, en) if n}:
                        known.add_name(
                            f"name:{sort_key(n)}|{start_date}|{house or ''}|{values.norm(venue or '')}",
                            rid,
                            False,
                        )
        else:
            sorts = list({sort_key(n) for o in plain for n in (o.name_kk, o.name_ru, o.name_en) if n})
            has_bin = self.kind == "associations"
            for start in range(0, len(sorts), 300):
                part = sorts[start : start + 300]
                bin_col = cls.bin if has_bin else cls.id
                for rid, kk, ru, en, district, bin_ in self.session.execute(
                    select(cls.id, cls.name_kk, cls.name_ru, cls.name_en, cls.district_id, bin_col).where(
                        region, cls.sort_kk.in_(part) | cls.sort_ru.in_(part) | cls.sort_en.in_(part)
                    )
                ):
                    for n in {n for n in (kk, ru, en) if n}:
                        known.add_name(f"name:{sort_key(n)}|{district or ''}", rid, has_bin and bool(bin_))
        return known

    def match(self, w: RowWork, known: _Known) -> tuple[str | None, bool]:
        """(id of the register's record this row is, refused?). Reports ambiguity and conflicts."""
        ident = self.identifier_of(w.obj)
        ident_field = "bin" if self.kind == "associations" else "iin"
        if w.given_id:
            others = [i for i in known.idents.get(ident or "", []) if i != w.given_id]
            if others:
                self.issue(
                    w.number,
                    ident_field,
                    _(
                        "Another record of the register already has this number "
                        "(id {id}): the row is refused."
                    ).format(id=others[0]),
                )
                return None, True
            w.matched_by = "id"
            return (w.given_id if w.given_id in known.ids else None), False
        if ident:
            w.matched_by = ident_field
            ids = list(dict.fromkeys(known.idents.get(ident, [])))
            if len(ids) > 1:
                self.issue(
                    w.number,
                    ident_field,
                    _(
                        "Several records of the register have this number: the row is "
                        "refused. Add the id column to say which one."
                    ),
                )
                return None, True
            return (ids[0] if ids else None), False
        candidates: dict[str, bool] = {}
        for key in self.name_keys(w.obj):
            for rid, has_ident in known.names.get(key, []):
                candidates[rid] = has_ident
        plain = [rid for rid, has_ident in candidates.items() if not has_ident]
        if len(plain) > 1:
            self.issue(
                w.number,
                self._name_field(),
                ngettext(
                    "{n} record of the register matches this row: the row is refused. Add the id column to say which.",
                    "{n} records of the register match this row: the row is refused. Add the id column (or the BIN/IIN) "
                    "to say which.",
                    len(plain),
                ).format(n=len(plain)),
            )
            return None, True
        if plain:
            w.matched_by = self._name_field()
            return plain[0], False
        if candidates:
            self.issue(
                w.number,
                self._name_field(),
                _(
                    "A record with this name has a BIN/IIN and this row has none: "
                    "the row is taken as another record."
                ),
                "note",
            )
        return None, False

    def _name_field(self) -> str:
        if self.kind == "persons":
            return "full_name" if "full_name" in self.columns else "surname"
        if self.kind == "meetings":
            return "date"
        if self.kind == "attendance":
            return "membership"
        if self.kind == "execution":
            return "task"
        if self.kind == "decisions":
            return "number" if "number" in self.columns else "name"
        return "title" if self.kind == "events" else "name"

    def decide(self, works: list[RowWork]) -> None:
        known = self.existing(works)
        chunk_seen: dict[str, tuple[int, str]] = {}
        to_remember: list[tuple[str, int, str]] = []
        matched: dict[int, str | None] = {}
        for w in works:
            if w.obj is None or w.refused:
                continue
            target, refused = self.match(w, known)
            if refused:
                w.refused = True
                continue
            matched[w.number] = target
            if target is not None:
                w.given_id = target
            w.keys = self.keys_of(w)
        in_file = self.seen([k for w in works for k in w.keys])
        for w in works:
            if w.obj is not None and not w.refused and w.refs and not self.resolve(w):
                w.refused = True
            if w.refused or w.obj is None:
                self.report.refused += 1
                continue
            existing_id = matched.get(w.number)
            earlier = next(
                ((k, in_file.get(k) or chunk_seen.get(k)) for k in w.keys if k in in_file or k in chunk_seen),
                None,
            )
            if earlier is not None:
                key, (row, record_id) = earlier
                if not record_id:  # the earlier row was a duplicate left alone: so is this one
                    self.issue(
                        w.number, self._key_field(key), _("Already in the register: skipped."), "skipped"
                    )
                    self.report.skipped += 1
                    continue
                if self.kind == "persons" and w.membership:
                    # Another membership of a person named on an earlier row.
                    counts = (self.report.memberships, self.report.updated)
                    if not self.membership(w, record_id, existing=record_id not in self.created_ids):
                        self.report.refused += 1
                    elif counts == (self.report.memberships, self.report.updated):
                        self.issue(
                            w.number,
                            "m_admitted_on",
                            _("Already in the register with the same values."),
                            "skipped",
                        )
                        self.report.skipped += 1
                    continue
                self.issue(
                    w.number, self._key_field(key), _("Repeats row {row} of this file.").format(row=row)
                )
                self.report.refused += 1
                continue
            if existing_id is not None:
                if self.report.on_duplicate == "skip":
                    self.issue(
                        w.number,
                        w.matched_by or self._name_field(),
                        _("Already in the register: skipped."),
                        "skipped",
                    )
                    self.report.skipped += 1
                    for k in w.keys:
                        chunk_seen[k] = (w.number, "")
                        to_remember.append((k, w.number, ""))
                    continue
                skipped = self.report.skipped
                if not self.update(w, existing_id):
                    self.report.refused += 1
                    continue
                if (
                    self.kind == "persons"
                    and w.membership
                    and not self.membership(w, existing_id, existing=True)
                ):
                    # the row is refused for its membership: not also "the same values"
                    if self.report.skipped > skipped:
                        self.report.skipped -= 1
                        self.report.issues = [
                            i for i in self.report.issues if not (i.row == w.number and i.level == "skipped")
                        ]
                    self.report.refused += 1
                    continue
                self.accept_district(w)
                record_id = existing_id
            else:
                if w.given_id:
                    w.obj.__dict__["id"] = w.given_id  # a record from another database keeps its id
                if not self.validate(w, w.obj):
                    self.report.refused += 1
                    continue
                if (
                    self.kind == "persons"
                    and w.membership
                    and not self.membership(w, w.obj.id, existing=False)
                ):
                    self.report.refused += 1
                    continue
                self.report.created += 1
                self.accept_district(w)
                self.pending.append(w)
                record_id = w.obj.id
                self.created_ids.add(record_id)
            keys = w.keys or [f"rec:{record_id}"]
            if f"rec:{record_id}" not in keys:
                keys = [f"rec:{record_id}", *keys]
            for k in keys:
                chunk_seen[k] = (w.number, record_id)
                to_remember.append((k, w.number, record_id))
            self.remember_links(w.obj, record_id)
            if self.kind == "associations":
                entry = (record_id, w.obj.district_id or "", w.obj.bin or "")
                for n in {values.norm(n) for n in (w.obj.name_kk, w.obj.name_ru, w.obj.name_en) if n}:
                    self.file_names.setdefault(n, []).append(entry)
        self.remember(to_remember)

    def remember_links(self, obj: Any, record_id: str) -> None:
        """A taken row of a small register: later rows (and later sheets of `import all`) find it by its name."""
        if self.kind not in SMALL_KINDS:
            return
        current = self.session.get(self.cls, record_id) if record_id not in self.created_ids else obj
        if self.small_index is not None:
            for key in self.name_keys(current):
                self.small_index.setdefault(key, []).append((record_id, False))
        if self.kind == "meetings":
            self.names.meetings[record_id] = current
            self.names.meeting_links.add(record_id, links.all_forms(links.meeting_forms, current))
        elif self.kind == "plan":
            self.names.plan_links.add(record_id, links.all_forms(links.plan_forms, current))
        elif self.kind == "decisions":
            self.names.decision_links.add(
                record_id,
                links.all_forms(links.decision_forms, current, self.names.meetings.get(current.meeting_id)),
            )

    def resolve(self, w: RowWork) -> bool:
        """Parent association and organisers by name; False (reported) when one is not found."""
        ok = True
        for key, raw in w.refs.items():
            try:
                if key == "parent":
                    w.obj.parent_id = self.association(raw)
                    w.provided.add("parent_id")
                elif key == "organisers":
                    w.obj.organiser_ids = ",".join(
                        self.association(item) for item in values.split_list(raw, ";")
                    )
                    w.provided.add("organiser_ids")
                elif key == "plan_item":
                    w.obj.plan_item_id = self.names.link(self.names.plan_links, raw, _("plan item"))
                    w.provided.add("plan_item_id")
                elif key == "meeting":
                    w.obj.meeting_id = self.names.link(self.names.meeting_links, raw, _("meeting"))
                    w.provided.add("meeting_id")
                elif key == "decision":
                    w.obj.decision_id = self.names.link(self.names.decision_links, raw, _("decision"))
                    w.provided.add("decision_id")
                elif key == "membership":
                    w.obj.membership_id = self.names.link(self.names.membership_links, raw, _("member"))
                    w.provided.add("membership_id")
                elif key == "m_nominating_association" and w.membership is not None:
                    w.membership["nominating_association_id"] = self.association(raw)
                elif key == "m_admission_decision" and w.membership is not None:
                    w.membership["admission_decision_id"] = self.names.link(
                        self.names.decision_links, raw, _("decision")
                    )
            except values.CellError as exc:
                if key.startswith(
                    "m_"
                ):  # a membership's link, as a house: the member is taken, the link reported
                    self.issue(w.number, key, _("{reason} Left empty.").format(reason=exc.message), "warning")
                    continue
                self.issue(w.number, key, exc.message)
                ok = False
        return ok

    def _key_field(self, key: str) -> str:
        if key.startswith("ident:"):
            return "bin" if self.kind == "associations" else "iin"
        if key.startswith("rec:"):
            return "id"
        return self._name_field()

    def validate(self, w: RowWork, obj: Any) -> bool:
        try:
            self.check(obj)
        except ValidationError as exc:
            for e in exc.errors:
                self.issue(w.number, e.field, e.message)
            return False
        return True

    def validate_text(self, w: RowWork, obj: Any, prefix: str = "") -> bool:
        """The text rule alone (a membership's other rules are the row's own, checked before)."""
        c = Checker()
        c.storable_text(obj)
        if c.errors:
            for e in c.errors:
                self.issue(w.number, prefix + e.field, e.message)
            return False
        return True

    def update(self, w: RowWork, record_id: str) -> bool:
        current = self.session.get(self.cls, record_id)
        if current is None:
            return False
        if not self.writing:
            self.session.expunge(current)  # a dry run never writes: keep the changes off the session
        old: dict[str, Any] = {}
        for key in w.provided:
            new = getattr(w.obj, key)
            was = getattr(current, key)
            if new != was and new not in (None, ""):
                old[key] = was
                setattr(current, key, new)
        if not self.validate(w, current):
            if self.writing:
                for key, was in old.items():
                    setattr(current, key, was)
            return False
        if old:
            self.report.updated += 1
            if self.writing:
                self.item(
                    self.cls.__tablename__,
                    record_id,
                    "update",  # type: ignore[attr-defined]
                    {k: jsonable(v) for k, v in old.items()},
                )
        else:
            self.issue(w.number, None, _("Already in the register with the same values."), "skipped")
            self.report.skipped += 1
        return True

    def membership(self, w: RowWork, person_id: str, *, existing: bool) -> bool:
        """Match the row's membership to the person's memberships (by its id, else by body and date of
        admission, when exactly one matches), then update it (update mode) or plan a new one. False (with the
        reasons reported) when the row is refused."""
        data = dict(w.membership or {})
        given_id = data.pop("id", None) or None
        c = Checker()
        admitted = data.get("admitted_on")
        if admitted is None:
            c.fail("m_admitted_on", _("Give the date of admission."))
        c.date_order("m_admitted_on", admitted, "m_left_on", data.get("left_on"))
        c.not_in_future("m_admitted_on", admitted)
        if data.get("leaving_ground") and not data.get("left_on"):
            c.fail("m_left_on", _("Give the date of leaving."))
        try:
            c.raise_if_any()
        except ValidationError as exc:
            for e in exc.errors:
                self.issue(w.number, e.field, e.message)
            return False
        body = data.get("body") or "assembly"
        key = f"m:{given_id}" if given_id else f"m:{person_id}|{body}|{admitted}"
        if self.seen([key]):
            self.issue(w.number, "m_admitted_on", _("This membership is already on an earlier row."))
            return False
        found: Membership | None = None
        if existing:
            if given_id:
                found = self.session.get(Membership, given_id)
                if found is not None and found.person_id != person_id:
                    self.issue(
                        w.number, "m_id", _("This membership belongs to another person: the row is refused.")
                    )
                    return False
            else:
                same = list(
                    self.session.scalars(
                        select(Membership).where(
                            Membership.person_id == person_id,
                            Membership.body == body,
                            Membership.admitted_on == admitted,
                        )
                    )
                )
                if len(same) > 1:
                    self.issue(
                        w.number,
                        "m_admitted_on",
                        _(
                            "The person has several memberships of this body from "
                            "this date: the row is refused. Add the membership id "
                            "column to say which."
                        ),
                    )
                    return False
                found = same[0] if same else None
                if found is None:
                    overlap = self._overlapping(person_id, body, admitted, data.get("left_on"))
                    if overlap is not None:
                        self.issue(
                            w.number,
                            "m_admitted_on",
                            _(
                                "The person is already a member of this body on these days (admitted on {day}): the row "
                                "is refused. Correct the date, or give the membership id to update that membership."
                            ).format(day=overlap.strftime("%d.%m.%Y")),
                        )
                        return False
        self.remember([(key, w.number, person_id)])
        if found is not None:
            return self.update_membership(w, found, data)
        values_ = dict(
            region=self.ws.region,
            person_id=person_id,
            body=body,
            category=data.get("category") or "other",
            nominated_by=data.get("nominated_by") or "",
            nominating_association_id=data.get("nominating_association_id"),
            admitted_on=admitted,
            admission_basis=data.get("admission_basis") or "",
            admission_decision_id=data.get("admission_decision_id"),
            roles=data.get("roles") or "",
            left_on=data.get("left_on"),
            leaving_ground=data.get("leaving_ground"),
            leaving_note=data.get("leaving_note") or "",
        )
        if given_id:
            values_["id"] = given_id
        m = Draft(Membership, **values_)
        if not self.validate_text(w, m, prefix="m_"):
            return False
        self.report.memberships += 1
        if self.writing:
            self.pending_memberships.append(m)
        return True

    def _overlapping(
        self, person_id: str, body: str, admitted: dt.date, left: dt.date | None
    ) -> dt.date | None:
        """The admission day of another membership of the person in the body whose days meet these."""
        for other_admitted, other_left in self.session.execute(
            select(Membership.admitted_on, Membership.left_on).where(
                Membership.person_id == person_id, Membership.body == body
            )
        ):
            if (left is None or other_admitted < left) and (other_left is None or admitted < other_left):
                return other_admitted  # type: ignore[no-any-return]
        return None

    def update_membership(self, w: RowWork, current: Membership, data: dict[str, Any]) -> bool:
        """A membership already in the register: skipped when its values are the same, else updated (and the
        old values kept for undo)."""
        changes = {
            k: v for k, v in data.items() if k != "body" and v not in (None, "") and getattr(current, k) != v
        }
        if not changes:
            return True
        if self.report.on_duplicate != "update":
            return True
        probe = Draft(Membership, **{**{k: getattr(current, k) for k in Membership.model_fields}, **changes})
        if not self.validate_text(w, probe, prefix="m_"):
            return False
        self.report.updated += 1
        if self.writing:
            old = {k: jsonable(getattr(current, k)) for k in changes}
            for k, v in changes.items():
                setattr(current, k, v)
            self.item(Membership.__tablename__, current.id, "update", old)  # type: ignore[attr-defined]
        return True

    # --- writing ---

    def item(self, table_name: str, record_id: str, action: str, old: dict[str, Any] | None = None) -> None:
        assert self.batch is not None
        self.session.add(
            ImportItem(
                batch_id=self.batch.id,
                table_name=table_name,
                record_id=record_id,
                action=action,
                old_values=json.dumps(old or {}, ensure_ascii=False),
            )
        )

    def write(self, works: list[RowWork]) -> None:
        self.session.flush()  # districts and updates first: new rows may refer to them
        created = [w.obj for w in self.pending]
        self.pending = []
        self._insert(self.cls, created)
        memberships, self.pending_memberships = self.pending_memberships, []
        self._insert(Membership, memberships)

    def _insert(self, cls: type[SyncedRecord], objs: list[Any]) -> None:
        """New records through the store's bulk write (stamps, sort keys, audit, search), then the batch's
        items that let the import be undone."""
        if not objs:
            return
        assert self.batch is not None
        rows = bulk.insert_many(self.session, cls, objs, now=self.now)
        table = cls.__tablename__  # type: ignore[attr-defined]
        items = [
            {
                "batch_id": self.batch.id,
                "table_name": table,
                "record_id": r["id"],
                "action": "create",
                "old_values": "{}",
            }
            for r in rows
        ]
        self.session.connection().execute(insert(ImportItem.__table__), items)  # type: ignore[attr-defined]


_TOTAL_WORDS = ("итого", "всего", "барлығы", "жиыны", "жиынтығы", "барлыгы", "total", "grand total")
_TOTAL = tuple(values.norm(w) for w in _TOTAL_WORDS)


def _is_total(cells: list[Any]) -> bool:
    """A "Итого / Барлығы / Total" row under the data (its first filled cell says so)."""
    first = next((c for c in cells if not values.is_blank(c)), None)
    if not isinstance(first, str):
        return False
    words = values.norm(first).split()
    return bool(words) and (words[0] in _TOTAL or " ".join(words[:2]) in _TOTAL)


def _report_for(kind: str, path: Path, layout: headers.Layout, *, dry_run: bool, on_duplicate: str) -> Report:
    """An empty report of one sheet's import, with the layout it is read by."""
    return Report(
        kind=kind,
        file=path.name,
        sheet=layout.sheet,
        dry_run=dry_run,
        on_duplicate=on_duplicate,
        header_rows=list(layout.header_rows),
        mapping=layout.mapping(),
        ignored=[IgnoredColumn(c.letter, c.header, c.also or "") for c in layout.ignored()],
    )


def _run_sheet(
    ws: Workspace,
    table: Table,
    layout: headers.Layout,
    report: Report,
    session: Session,
    *,
    writing: bool,
    add_districts: bool,
    progress: Progress | None,
) -> _Run:
    """Read, check and (when `writing`) write one sheet in `session`; the report fills as it goes."""
    r = _Run(
        ws,
        table,
        layout,
        report,
        add_districts=add_districts,
        conn=session.connection(),
        session=session,
        writing=writing,
        progress=progress,
    )
    r.execute()
    return r


def run(
    ws: Workspace,
    path: Path,
    kind: str,
    *,
    sheet: str | int | None = None,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    layout: headers.Layout | None = None,
    dry_run: bool = True,
    on_duplicate: str = "skip",
    add_districts: bool = True,
    progress: Progress | None = None,
) -> Report:
    """Check (dry run) or import a sheet; the report lists every refused row with its column and reason."""
    _check_kind(kind)
    if on_duplicate not in ON_DUPLICATE:
        raise DeskError(_("On a duplicate choose skip or update, not “{value}”.").format(value=on_duplicate))
    if ws.is_central:
        raise DeskError(_("Spreadsheets are imported in a region's data folder, not the central one."))
    path = Path(path)
    adjusted = mapping is not None or layout is not None
    with Table(path, fmt) as table:
        if layout is None:
            layout = detect_layout(ws, table, kind, sheet)
            if mapping:
                unknown = headers.apply_mapping(layout, mapping)
                if unknown:
                    raise DeskError(
                        _("Unknown fields in the mapping: {fields}.").format(fields=", ".join(unknown))
                    )
        report = _report_for(kind, path, layout, dry_run=dry_run, on_duplicate=on_duplicate)
        if not layout.by_field():
            raise DeskError(_("No column is mapped to a field."))

        def execute(session: Session, *, writing: bool) -> _Run:
            return _run_sheet(
                ws,
                table,
                layout,
                report,
                session,
                writing=writing,
                add_districts=add_districts,
                progress=progress,
            )

        if dry_run:
            with ws.db.read() as session:
                session.autoflush = False
                execute(session, writing=False)
                session.rollback()
        else:
            try:
                with ws.db.transact() as session:
                    r = execute(session, writing=True)
                    r.conn.execute(text("DELETE FROM import_seen"))
            except Exception as exc:
                refused = storage_error(exc)
                if refused is None:
                    raise
                _log.error("import of %s refused by the disk: %s", kind, refused.message)
                raise refused from None
            if adjusted:
                headers.save(ws.home.root, layout)
    return report


class _DryRun(Exception):
    """Rolls the whole of a dry `import all` back: later sheets must see the earlier ones, so it writes."""


def run_all(
    ws: Workspace,
    path: Path,
    *,
    dry_run: bool = True,
    on_duplicate: str = "skip",
    progress: Progress | None = None,
) -> AllReport:
    """Import every register of a workbook written by `desk export all` (one sheet per register, named as the
    export names it in any language), in ONE transaction: a whole region moves, or nothing does. A dry run does
    the same work and rolls it back."""
    from desk.i18n import LANGUAGES, gettext_for

    if on_duplicate not in ON_DUPLICATE:
        raise DeskError(_("On a duplicate choose skip or update, not “{value}”.").format(value=on_duplicate))
    if ws.is_central:
        raise DeskError(_("Spreadsheets are imported in a region's data folder, not the central one."))
    path = Path(path)
    result = AllReport(file=path.name, dry_run=dry_run)
    with Table(path, "xlsx") as table:
        titles = {values.norm(t): t for t in table.sheets}
        plan: list[tuple[str, str]] = []
        for kind in F.ALL_KINDS:
            names = {values.norm(gettext_for(lang)(F.KIND_LABELS[kind])[:31]) for lang in LANGUAGES}
            sheet = next((titles[n] for n in names if n in titles), None)
            if sheet is None:
                result.missing.append(kind)
            else:
                plan.append((kind, sheet))
        if not plan:
            raise UnreadableFile(
                _("{file} has no sheet of a register: write it with “desk export all”.").format(
                    file=path.name
                )
            )
        try:
            with ws.db.transact() as session:
                for kind, sheet in plan:
                    layout = detect_layout(ws, table, kind, sheet)
                    report = _report_for(kind, path, layout, dry_run=dry_run, on_duplicate=on_duplicate)
                    r = _run_sheet(
                        ws,
                        table,
                        layout,
                        report,
                        session,
                        writing=True,
                        add_districts=True,
                        progress=progress,
                    )
                    r.conn.execute(text("DELETE FROM import_seen"))
                    if dry_run:
                        report.batch_id = None
                    result.reports.append(report)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except Exception as exc:
            refused = storage_error(exc)
            if refused is None:
                raise
            _log.error("import of a whole region refused by the disk: %s", refused.message)
            raise refused from None
    return result


# --- batches and undo ---------------------------------------------------------------------------------------------
