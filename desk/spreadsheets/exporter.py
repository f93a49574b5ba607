"""Exporting a register (with the list's filter) to .xlsx or .csv, in the chosen language.

Columns are the import fields (desk.spreadsheets.fields), headed by their labels in the chosen language, so an exported
sheet imports again as it is. Reference values are written as their names, districts, houses and associations by
name, dates as dates (CSV: dd.mm.yyyy). The persons register has one row per membership.

.xlsx is written in write-only (streaming) mode with a bold, filled, frozen header row, an auto-filter and column
widths fitted to the header and the first rows. CSV is UTF-8 with a BOM (so Excel reads the Kazakh letters) and
';' between cells, as Excel expects in Russian and Kazakh settings.

Formula injection (OWASP "CSV injection"): a text cell beginning with = + - @ tab or CR is written so no
spreadsheet runs it — in CSV with a leading apostrophe, in .xlsx as a string cell with the quote-prefix style
(Excel's own form of the apostrophe). The importer removes that apostrophe again.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk.domain import reference
from desk.domain.records import Association, Decision, District, House, Meeting, Membership, Person, PlanItem
from desk.errors import DeskError, os_error_reason
from desk.i18n import _, data_language, gettext_for
from desk.services import decisions, houses, meetings, plan, records
from desk.services.records import ListQuery
from desk.services.workspace import Workspace
from desk.spreadsheets import fields as F
from desk.spreadsheets import links
from desk.spreadsheets.importer import REGISTERS as IMPORT_REGISTERS
from desk.spreadsheets.values import norm

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE = 300
MAX_WIDTH = 60
CSV_DELIMITER = ";"

Progress = Callable[[int, int, str], bool]

REGISTERS: dict[str, Any] = {
    **IMPORT_REGISTERS,
    "houses": houses.REGISTER,
    "plan": plan.REGISTER,
    "meetings": meetings.MEETINGS,
    "decisions": meetings.DECISIONS,
    "attendance": meetings.ATTENDANCE,
    "execution": decisions.REGISTER,
}


_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def writable(value: Any) -> Any:
    """A stored text as a spreadsheet can hold it: a character no spreadsheet file can carry (a control character
    stored before such values were refused) is shown as "�", so an export never fails on a stored value."""
    if isinstance(value, str) and _UNWRITABLE.search(value):
        return _UNWRITABLE.sub("\ufffd", value)
    return value


def is_dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS)


def csv_safe(value: object) -> object:
    """The CSV form of a cell: text that a spreadsheet would run gets a leading apostrophe."""
    return "'" + value if is_dangerous(value) else value  # type: ignore[operator]


def columns(kind: str) -> list[F.Field]:
    return [f for f in F.FIELDS[kind] if f.exported]


class _Lookups:
    def __init__(self, ws: Workspace, kind: str, lang: str) -> None:
        self.lang = lang
        with ws.db.read() as session:
            every = list(session.scalars(select(District)))
            self.districts = {d.id: d.name(lang) for d in every}
            names = {d.id: {x: d.name(x) for x in links.LANGS} for d in every}
            self.houses = self._labels(
                [
                    (h.id, links.house_forms(h, names, lang), links.all_forms(links.house_forms, h, names))
                    for h in session.scalars(select(House))
                ]
            )
            self.associations: dict[str, str] = {}
            if kind in ("associations", "events", "persons"):
                self.associations = self._association_names(session)
            self.plan: dict[str, str] = {}
            if kind == "events":
                self.plan = self._labels(
                    [
                        (p.id, links.plan_forms(p, lang), links.all_forms(links.plan_forms, p))
                        for p in session.scalars(select(PlanItem))
                    ]
                )
            self.meetings: dict[str, str] = {}
            self.decisions: dict[str, str] = {}
            self.memberships: dict[str, str] = {}
            if kind == "attendance":
                people = {p.id: p.full_name() for p in session.scalars(select(Person))}
                self.memberships = self._labels(
                    [
                        (
                            m.id,
                            links.membership_forms(m, people.get(m.person_id, ""), F.BODIES, lang),
                            links.all_forms(links.membership_forms, m, people.get(m.person_id, ""), F.BODIES),
                        )
                        for m in session.scalars(select(Membership))
                    ]
                )
            if kind in ("decisions", "persons", "attendance", "execution"):
                meetings = {m.id: m for m in session.scalars(select(Meeting))}
                self.meetings = self._labels(
                    [
                        (m.id, links.meeting_forms(m, lang), links.all_forms(links.meeting_forms, m))
                        for m in meetings.values()
                    ]
                )
                self.decisions = self._labels(
                    [
                        (
                            d.id,
                            links.decision_forms(d, meetings.get(d.meeting_id), lang),
                            links.all_forms(links.decision_forms, d, meetings.get(d.meeting_id)),
                        )
                        for d in session.scalars(select(Decision))
                    ]
                )

    @staticmethod
    def _labels(entries: list[tuple[str, list[str], list[str]]]) -> dict[str, str]:
        """id → the shortest link text that names that record alone (desk.spreadsheets.links)."""
        index = links.LinkIndex()
        for record_id, _choices, every in entries:
            index.add(record_id, every)
        return {record_id: index.choose(record_id, choices) for record_id, choices, _every in entries}

    def _association_names(self, session: Any) -> dict[str, str]:
        """id → name, qualified in brackets until it names one association: the district where the name alone is
        not unique, then the BIN, then the start of the id ("#1a2b3c4d"), so the importer finds the same
        association again and never has to guess."""
        order = {"kk": (1, 2, 3), "ru": (2, 1, 3), "en": (3, 2, 1)}[self.lang]
        found = []
        holders: dict[
            str, list[tuple[str, str, str]]
        ] = {}  # folded name → (id, district, BIN) of every holder
        for row in session.execute(
            select(
                Association.id,
                Association.name_kk,
                Association.name_ru,
                Association.name_en,
                Association.district_id,
                Association.bin,
            )
        ):
            found.append((row[0], next((row[i] for i in order if row[i]), ""), row[4] or "", row[5] or ""))
            for n in {norm(n) for n in row[1:4] if n}:
                holders.setdefault(n, []).append((row[0], row[4] or "", row[5] or ""))
        out = {}
        for rid, name, district, bin_ in found:
            others = holders.get(norm(name), [])
            parts: list[str] = []
            if len(others) > 1:
                place = self.districts.get(district, "")
                if place:
                    parts.append(place)
                    others = [o for o in others if o[1] == district or (not o[1] and not o[2])]
                if len(others) > 1 and bin_:
                    parts.append(bin_)
                    others = [o for o in others if o[2] == bin_ or (not o[1] and not o[2])]
                if len(others) > 1 or norm(f"{name} ({', '.join(parts)})") in holders:
                    parts.append(f"#{rid[:8]}")  # still several, or the qualified name is another's own name
            out[rid] = f"{name} ({', '.join(parts)})" if parts else name
        return out

    def term(self, terms: tuple[reference.Term, ...], code: str | None) -> str:
        if not code:
            return ""
        term = reference.by_code(terms, code)
        return term.label(self.lang) if term else code


def _value(f: F.Field, obj: Any, membership: Membership | None, look: _Lookups) -> Any:
    key = f.key
    if key == "m_nominating_association":
        return look.associations.get(membership.nominating_association_id or "", "") if membership else None
    if key == "m_admission_decision":
        return look.decisions.get(membership.admission_decision_id or "", "") if membership else None
    if key == "plan_item":
        return look.plan.get(obj.plan_item_id or "", "")
    if key == "meeting":
        return look.meetings.get(obj.meeting_id or "", "")
    if key == "decision":
        return look.decisions.get(obj.decision_id or "", "")
    if key == "membership":
        return look.memberships.get(obj.membership_id or "", "")
    if key.startswith("m_"):
        if membership is None:
            return None
        raw = getattr(membership, key[2:])
    elif key == "district":
        return look.districts.get(obj.district_id or "", "")
    elif key == "house":
        return look.houses.get(obj.house_id or "", "")
    elif key == "parent":
        return look.associations.get(obj.parent_id or "", "")
    elif key == "organisers":
        return "; ".join(look.associations.get(i, "") for i in (obj.organiser_ids or "").split(",") if i)
    else:
        raw = getattr(obj, key)
    if f.kind == F.TERM:
        return look.term(f.terms, raw)
    if f.kind == F.TERMS:
        return "; ".join(look.term(f.terms, c.strip()) for c in (raw or "").split(",") if c.strip())
    if f.kind == F.BOOL:
        return look.term(F.YES_NO, "yes" if raw else "no")
    if f.kind == F.DATETIME:
        return raw.isoformat(sep=" ") if isinstance(raw, dt.datetime) else None  # the moment, zone included
    if isinstance(raw, dt.datetime):
        return raw.date()
    return raw if raw is not None else None


def _records(ws: Workspace, kind: str, q: ListQuery) -> Iterator[Any]:
    spec = REGISTERS[kind].spec
    stmt = records.build_select(ws, spec, q)
    if stmt is None:
        return
    with ws.db.read() as session:
        result = session.execute(stmt.order_by(*records.order_by(spec, q)).execution_options(yield_per=500))
        batch: list[Any] = []
        for obj in result.scalars():
            batch.append(obj)
            if len(batch) >= 500:
                yield from _with_memberships(session, kind, batch)
                batch = []
        yield from _with_memberships(session, kind, batch)


def _with_memberships(session: Any, kind: str, objs: list[Any]) -> Iterator[tuple[Any, Membership | None]]:
    if kind != "persons":
        for obj in objs:
            yield obj, None
        return
    by_person: dict[str, list[Membership]] = {}
    if objs:
        stmt = (
            select(Membership)
            .where(Membership.person_id.in_([o.id for o in objs]))  # type: ignore[attr-defined]
            .order_by(Membership.body, Membership.admitted_on)
        )
        for m in session.scalars(stmt):
            by_person.setdefault(m.person_id, []).append(m)
    for obj in objs:
        for m in by_person.get(obj.id) or [None]:
            yield obj, m


def rows(ws: Workspace, kind: str, q: ListQuery | None = None, lang: str = "ru") -> Iterator[list[Any]]:
    """The data rows of an export (no header), as Python values."""
    cols = columns(kind)
    look = _Lookups(ws, kind, lang)
    query = _whole(q, lang)
    for obj, membership in _records(ws, kind, query):
        yield [_value(f, obj, membership, look) for f in cols]


def _whole(q: ListQuery | None, lang: str) -> ListQuery:
    base = q or ListQuery(lang=lang)
    return ListQuery(
        text=base.text,
        filters=dict(base.filters),
        sort=base.sort,
        descending=base.descending,
        offset=0,
        limit=10**9,
        include_archived=base.include_archived,
        lang=base.lang or lang,
        region=base.region,
    )


def header(kind: str, lang: str) -> list[str]:
    gettext = gettext_for(lang)
    return [gettext(f.label) for f in columns(kind)]


def export(
    ws: Workspace,
    kind: str,
    path: Path,
    fmt: str | None = None,
    *,
    query: ListQuery | None = None,
    lang: str = "ru",
    progress: Progress | None = None,
) -> int:
    """Write the register to `path` (.xlsx or .csv); returns the number of data rows written."""
    if kind not in F.EXPORT_KINDS:
        raise DeskError(
            _("Unknown register “{kind}”: use associations, persons, events or houses.").format(kind=kind)
        )
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        raise DeskError(_("Export to .xlsx or .csv, not “{format}”.").format(format=fmt))

    def write(tmp: Path) -> int:
        # kk-Latn: headers in Latin, values (terms, districts) in the Kazakh the importer reads back
        data = rows(ws, kind, query, data_language(lang))
        head = header(kind, lang)
        return (
            _write_xlsx(tmp, kind, head, data, data_language(lang), progress)
            if fmt == "xlsx"
            else _write_csv(tmp, head, data, progress)
        )

    return _atomically(path, fmt, write)


def export_all(
    ws: Workspace, path: Path, *, lang: str = "ru", progress: Progress | None = None
) -> dict[str, int]:
    """Every register of the region, archived records included, into one workbook with one sheet per register
    (desk.spreadsheets.fields.ALL_KINDS, in an order where every link points to an earlier sheet): what `import_all` reads
    to move a whole region. Returns the rows written per register."""
    path = Path(path)
    counts: dict[str, int] = {}

    def write(tmp: Path) -> int:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        for kind in F.ALL_KINDS:
            query = ListQuery(lang=data_language(lang), include_archived=True)
            counts[kind] = _write_sheet(
                wb,
                kind,
                header(kind, lang),
                rows(ws, kind, query, data_language(lang)),
                data_language(lang),
                progress,
            )
        wb.save(tmp)
        return sum(counts.values())

    _atomically(path, "xlsx", write)
    return counts


def _atomically(path: Path, fmt: str, write: Callable[[Path], int]) -> int:
    """Write into a temporary file beside `path`, then put it in place: a failure leaves the old file whole."""
    if not path.parent.exists():
        raise DeskError(_("The folder {folder} does not exist.").format(folder=path.parent), exit_code=2)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix="." + fmt)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        count = write(tmp)
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise DeskError(
            _("Cannot write {file}: is it open in another program?").format(file=path), exit_code=2
        ) from None
    except (
        OSError
    ) as exc:  # the disk is full, a USB stick was pulled out: one sentence, the file left as it was
        tmp.unlink(missing_ok=True)
        raise DeskError(
            _("Cannot write {file}: {error}. The file was left as it was.").format(
                file=path, error=os_error_reason(exc)
            ),
            exit_code=2,
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _tick(progress: Progress | None, count: int) -> None:
    if progress is not None and count % 1000 == 0 and not progress(count, 0, _("Rows")):
        from desk.spreadsheets.importer import Cancelled

        raise Cancelled(_("Cancelled."))


def _write_csv(path: Path, head: list[str], data: Iterator[list[Any]], progress: Progress | None) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow([csv_safe(h) for h in head])
        for row in data:
            writer.writerow([_csv_cell(v) for v in row])
            count += 1
            _tick(progress, count)
    return count


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return int(value)
    return csv_safe(writable(value))


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def _write_xlsx(
    path: Path, kind: str, head: list[str], data: Iterator[list[Any]], lang: str, progress: Progress | None
) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    count = _write_sheet(wb, kind, head, data, lang, progress)
    wb.save(path)
    return count


def sheet_title(kind: str, lang: str) -> str:
    return _SHEET_TITLE.sub(" ", gettext_for(lang)(F.KIND_LABELS[kind]))[:31]


def _write_sheet(
    wb: Any, kind: str, head: list[str], data: Iterator[list[Any]], lang: str, progress: Progress | None
) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = wb.create_sheet(sheet_title(kind, lang))
    sample: list[list[Any]] = []
    for row in data:
        sample.append(row)
        if len(sample) >= WIDTH_SAMPLE:
            break
    for i, title in enumerate(head):
        width = max([len(title)] + [_display_width(r[i]) for r in sample])
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(MAX_WIDTH, width + 3)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    border = Border(bottom=Side(style="thin", color="7F8FA6"))
    wrap = Alignment(wrap_text=True, vertical="top")

    def header_cell(title: str) -> Any:
        cell = WriteOnlyCell(sheet, value=title)
        cell.data_type = "s"
        cell.font, cell.fill, cell.border, cell.alignment = bold, fill, border, wrap
        return cell

    def data_cell(value: Any) -> Any:
        cell = WriteOnlyCell(sheet, value=writable(value))
        if isinstance(value, dt.date):
            cell.number_format = "DD.MM.YYYY"
        elif isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever it begins with
            if len(value) > 32767:  # Excel's limit of a cell
                cell.value = value[:32766] + "…"
            if is_dangerous(value):
                cell.quotePrefix = True
        return cell

    sheet.append([header_cell(h) for h in head])
    count = 0

    def all_rows() -> Iterator[list[Any]]:
        yield from sample
        yield from data

    for row in all_rows():
        sheet.append([data_cell(v) for v in row])
        count += 1
        _tick(progress, count)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{count + 1}"
    return count
