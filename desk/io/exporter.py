"""Exporting a register (with the list's filter) to .xlsx or .csv, in the chosen language.

Columns are the import fields (desk.io.fields), headed by their labels in the chosen language, so an exported
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
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk.domain import reference
from desk.domain.records import Association, District, House, Membership
from desk.errors import DeskError
from desk.i18n import _, data_language, gettext_for
from desk.io import fields as F
from desk.io.importer import REGISTERS as IMPORT_REGISTERS
from desk.io.values import norm
from desk.services import houses, records
from desk.services.records import ListQuery
from desk.services.workspace import Workspace

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE = 300
MAX_WIDTH = 60
CSV_DELIMITER = ";"

Progress = Callable[[int, int, str], bool]

REGISTERS: dict[str, Any] = {**IMPORT_REGISTERS, "houses": houses.REGISTER}


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
            self.districts = {d.id: d.name(lang) for d in session.scalars(select(District))}
            self.houses = {h.id: h.name(lang) for h in session.scalars(select(House))}
            self.associations: dict[str, str] = {}
            if kind in ("associations", "events"):
                self.associations = self._association_names(session)

    def _association_names(self, session: Any) -> dict[str, str]:
        """id → name, with the district (and the BIN) in brackets where the name alone is not unique, so the
        importer finds the same association again."""
        order = {"kk": (1, 2, 3), "ru": (2, 1, 3), "en": (3, 2, 1)}[self.lang]
        found = []
        by_name: Counter[str] = Counter()
        by_place: Counter[tuple[str, str]] = Counter()
        for row in session.execute(select(Association.id, Association.name_kk, Association.name_ru,
                                          Association.name_en, Association.district_id, Association.bin)):
            found.append((row[0], next((row[i] for i in order if row[i]), ""), row[4] or "", row[5] or ""))
            every = {norm(n) for n in row[1:4] if n}
            by_name.update(every)
            by_place.update((n, row[4] or "") for n in every)
        out = {}
        for rid, name, district, bin_ in found:
            if by_name[norm(name)] > 1:
                place = self.districts.get(district, "")
                if by_place[(norm(name), district)] > 1 and bin_:
                    place = f"{place}, {bin_}" if place else bin_
                if place:
                    name = f"{name} ({place})"
            out[rid] = name
        return out

    def term(self, terms: tuple[reference.Term, ...], code: str | None) -> str:
        if not code:
            return ""
        term = reference.by_code(terms, code)
        return term.label(self.lang) if term else code


def _value(f: F.Field, obj: Any, membership: Membership | None, look: _Lookups) -> Any:
    key = f.key
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
        stmt = (select(Membership).where(Membership.person_id.in_([o.id for o in objs]))  # type: ignore[attr-defined]
                .order_by(Membership.body, Membership.admitted_on))
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
    return ListQuery(text=base.text, filters=dict(base.filters), sort=base.sort, descending=base.descending,
                     offset=0, limit=10**9, include_archived=base.include_archived, lang=base.lang or lang,
                     region=base.region)


def header(kind: str, lang: str) -> list[str]:
    gettext = gettext_for(lang)
    return [gettext(f.label) for f in columns(kind)]


def export(ws: Workspace, kind: str, path: Path, fmt: str | None = None, *, query: ListQuery | None = None,
           lang: str = "ru", progress: Progress | None = None) -> int:
    """Write the register to `path` (.xlsx or .csv); returns the number of data rows written."""
    if kind not in F.EXPORT_KINDS:
        raise DeskError(_("Unknown register “{kind}”: use associations, persons, events or houses.").format(
            kind=kind))
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        raise DeskError(_("Export to .xlsx or .csv, not “{format}”.").format(format=fmt))
    if not path.parent.exists():
        raise DeskError(_("The folder {folder} does not exist.").format(folder=path.parent), exit_code=2)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix="." + fmt)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # kk-Latn: headers in Latin, values (terms, districts) in the Kazakh the importer reads back
        data = rows(ws, kind, query, data_language(lang))
        head = header(kind, lang)
        count = _write_xlsx(tmp, kind, head, data, data_language(lang), progress) if fmt == "xlsx" else \
            _write_csv(tmp, head, data, progress)
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise DeskError(_("Cannot write {file}: is it open in another program?").format(file=path), exit_code=2) \
            from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _tick(progress: Progress | None, count: int) -> None:
    if progress is not None and count % 1000 == 0 and not progress(count, 0, _("Rows")):
        from desk.io.importer import Cancelled

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
    return csv_safe(value)


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def _write_xlsx(path: Path, kind: str, head: list[str], data: Iterator[list[Any]], lang: str,
                progress: Progress | None) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(_SHEET_TITLE.sub(" ", gettext_for(lang)(F.KIND_LABELS[kind]))[:31])
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
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, dt.date):
            cell.number_format = "DD.MM.YYYY"
        elif isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever it begins with
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
    wb.save(path)
    return count

