"""Reading a spreadsheet file row by row without holding it in memory.

.xlsx is opened with openpyxl in read-only (streaming) mode; .csv is decoded as UTF-8 (with or without a BOM) and,
when that fails, as Windows-1251, the encoding of old Russian Windows exports; its delimiter (; , or tab) is
sniffed. Anything else gets one `UnreadableFile` error (exit code 2 on the command line).
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from desk.errors import DeskError, os_error_reason
from desk.i18n import _

FORMATS = ("xlsx", "csv")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class UnreadableFile(DeskError):
    """The file is not a spreadsheet this program can read."""

    exit_code = 2


def detect_format(path: Path) -> str:
    """'xlsx' or 'csv' from the file's first bytes (and, for text, its name)."""
    head = _head(path)
    if head.startswith(_ZIP_MAGIC):
        if _ODS_MIMETYPE in head[:200]:
            raise UnreadableFile(
                _(
                    "{file} is an OpenDocument (.ods) spreadsheet: open it in LibreOffice Calc or "
                    "Excel, save it as an Excel .xlsx workbook and import that file."
                ).format(file=path.name)
            )
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_package(path):
            raise UnreadableFile(
                _(
                    "{file} is protected with a password: open it in Excel, remove the password "
                    "(File → Info → Protect Workbook → Encrypt with Password, clear the field), "
                    "save it and import it again."
                ).format(file=path.name)
            )
        raise UnreadableFile(_old_xls_message(path))
    if _is_utf16(head):
        raise UnreadableFile(_unicode_text_message(path))
    if b"\x00" in head:
        raise UnreadableFile(_not_spreadsheet(path))
    return "csv"


_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _is_encrypted_package(path: Path) -> bool:
    """An Office file encrypted with a password is an OLE container with an "EncryptedPackage" stream."""
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if _ENCRYPTED_PACKAGE in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED_PACKAGE) :]
    return False


def _is_utf16(head: bytes) -> bool:
    """Excel's "Unicode text" (UTF-16, with its byte-order mark, or plain text with every other byte zero)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = head[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return False
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded = sample[: len(sample) // 2 * 2].decode(encoding, errors="replace")
        readable = sum(1 for ch in decoded if ch.isprintable() or ch in "\t\r\n")
        if readable >= 0.95 * len(decoded) and any(ch in "\t;,\n" for ch in decoded):
            return True
    return False


def _unicode_text_message(path: Path) -> str:
    return _(
        "{file} is a “Unicode text” (UTF-16) file: in Excel save it as “CSV UTF-8 (comma delimited)” or as an "
        ".xlsx workbook, and import that file."
    ).format(file=path.name)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(8192)
    except FileNotFoundError:
        raise UnreadableFile(_("File not found: {file}.").format(file=path)) from None
    except PermissionError:
        raise UnreadableFile(
            _(
                "Cannot read {file}: it is open in another program, or access is denied. Close it "
                "and try again."
            ).format(file=path)
        ) from None
    except OSError as exc:
        raise UnreadableFile(
            _("Cannot read {file}: {error}.").format(file=path, error=os_error_reason(exc, path))
        ) from None


def _not_spreadsheet(path: Path) -> str:
    return _("{file} is not a spreadsheet: open an .xlsx workbook or a .csv file.").format(file=path.name)


def _old_xls_message(path: Path) -> str:
    return _("{file} is an old Excel 97–2003 (.xls) file: open it in Excel and save it as .xlsx.").format(
        file=path.name
    )


class Table:
    """An opened spreadsheet: its sheet names and their rows. Close it (or use `with`)."""

    def __init__(self, path: Path, fmt: str | None = None) -> None:
        self.path = Path(path)
        actual = detect_format(self.path)
        if fmt is not None and fmt not in FORMATS:
            raise UnreadableFile(_not_spreadsheet(self.path))
        if fmt == "xlsx" and actual != "xlsx":
            raise UnreadableFile(_("{file} is not an Excel .xlsx workbook.").format(file=self.path.name))
        if fmt == "csv" and actual != "csv":
            raise UnreadableFile(_("{file} is not a CSV text file.").format(file=self.path.name))
        self.format = actual
        self._workbook: Any = None
        self._scans: dict[str, SheetScan] = {}
        self.encoding = ""
        self.delimiter = ""
        if actual == "xlsx":
            self._open_xlsx()
            self.sheets: list[str] = list(self._workbook.sheetnames)
        else:
            self.encoding = _csv_encoding(self.path)
            self.delimiter = _csv_delimiter(self.path, self.encoding)
            self.sheets = [self.path.stem]

    def _open_xlsx(self) -> None:
        import openpyxl

        try:
            self._workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            raise UnreadableFile(
                _("{file} is damaged or not an Excel .xlsx workbook ({error}).").format(
                    file=self.path.name, error=exc.__class__.__name__
                )
            ) from None
        except Exception as exc:  # noqa: BLE001 - openpyxl raises its own types for broken parts
            raise UnreadableFile(
                _("{file} is damaged or not an Excel .xlsx workbook ({error}).").format(
                    file=self.path.name, error=exc.__class__.__name__
                )
            ) from None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def sheet_name(self, sheet: str | int | None) -> str:
        """The name of a sheet given by name or 1-based number; the first sheet for None."""
        if sheet is None:
            return self.sheets[0]
        if isinstance(sheet, int) or (
            isinstance(sheet, str) and sheet.isdigit() and sheet not in self.sheets
        ):
            number = int(sheet)
            if 1 <= number <= len(self.sheets):
                return self.sheets[number - 1]
        elif sheet in self.sheets:
            return sheet
        raise UnreadableFile(
            _("There is no sheet “{sheet}” in {file}. Sheets: {sheets}.").format(
                sheet=sheet, file=self.path.name, sheets=", ".join(self.sheets)
            )
        )

    def rows(self, sheet: str | int | None = None) -> Iterator[tuple[int, list[Any]]]:
        """(row number as the spreadsheet shows it, cell values) for every non-empty row; cells are str, int,
        float, bool, datetime or None."""
        name = self.sheet_name(sheet)
        if self.format == "xlsx":
            yield from self._xlsx_rows(name)
        else:
            yield from self._csv_rows()

    def _scan(self, name: str) -> SheetScan:
        """The sheet's merge list and its formulas without a saved value, read once from the sheet's XML (a
        streamed sheet has no merge list: openpyxl reads it only in its slow, all-in-memory mode)."""
        found = self._scans.get(name)
        if found is None:
            ws = self._workbook[name]
            path = getattr(ws, "_worksheet_path", None)
            found = scan_sheet(self._workbook._archive, path) if path else SheetScan()
            self._scans[name] = found
        return found

    def merges(self, sheet: str | int | None = None) -> list[tuple[int, int, int, int]]:
        """Merged ranges of a sheet as (first row, first column, last row, last column), 1-based."""
        return self._scan(self.sheet_name(sheet)).merges if self.format == "xlsx" else []

    def formulas_without_value(self, sheet: str | int | None = None) -> set[tuple[int, int]]:
        """(row, 0-based column) of every formula cell whose value the file does not hold (a file written by a
        program that does not calculate, or saved before Excel calculated): read as empty, so reported."""
        return self._scan(self.sheet_name(sheet)).uncached if self.format == "xlsx" else set()

    def _xlsx_rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        ws = self._workbook[name]
        if not hasattr(ws, "iter_rows"):  # a chart sheet
            return
        # Files written by other programs often carry a wrong <dimension>; read what is really there.
        ws.reset_dimensions()
        merges = sorted(self._scan(name).merges)
        pending = list(reversed(merges))  # ranges not started yet, the first at the end
        active: list[tuple[tuple[int, int, int, int], Any]] = []
        try:
            # Values only (no cell objects: a quarter of the read's time); a streamed sheet yields one tuple per
            # row from the first, empty ones included, so the row number is the count.
            for number, row in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
                values = list(row)
                if merges:
                    values = _fill_merged(number, values, pending, active)
                if not any(v is not None and v != "" for v in values):
                    continue
                yield number, values
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise UnreadableFile(
                _("{file} is damaged or not an Excel .xlsx workbook ({error}).").format(
                    file=self.path.name, error=exc.__class__.__name__
                )
            ) from None

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        with self.path.open("r", encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            try:
                for values in reader:
                    line = reader.line_num
                    cells: list[Any] = [v if v.strip() else None for v in values]
                    if any(v is not None for v in cells):
                        yield line, cells
            except csv.Error as exc:
                raise UnreadableFile(
                    _("{file}, line {line}: {error}.").format(
                        file=self.path.name, line=reader.line_num, error=exc
                    )
                ) from None


def _csv_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) when the whole file decodes as UTF-8, else Windows-1251. Reads in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            first = True
            while chunk := fh.read(1 << 20):
                if first and _is_utf16(chunk[:8192]):
                    raise UnreadableFile(_unicode_text_message(path))
                if first and b"\x00" in chunk[:8192]:
                    raise UnreadableFile(_not_spreadsheet(path))
                first = False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8-sig"


def _csv_delimiter(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
    if not sample.strip():
        raise UnreadableFile(_("{file} is empty.").format(file=path.name))
    # The delimiter that splits the most of the first lines into the same number (2 or more) of cells: a title
    # line above the header has one cell, and commas inside names split only some lines.
    lines = [ln for ln in sample.splitlines() if ln.strip()][:20]
    best, best_score, best_fields = ";", (0, 0), 1
    for delimiter in (";", "\t", ","):
        counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) >= 2]
        if not counts:
            continue
        modal = max(set(counts), key=lambda n: (counts.count(n), n))
        score = (counts.count(modal), modal)
        if score > best_score:
            best, best_score, best_fields = delimiter, score, modal
    if best_fields > 1:
        return best
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        return ";"


# --- what a streamed sheet does not tell: merged cells and formulas without a value ---------------------------


class SheetScan:
    def __init__(
        self,
        merges: list[tuple[int, int, int, int]] | None = None,
        uncached: set[tuple[int, int]] | None = None,
    ) -> None:
        self.merges = merges or []
        self.uncached = uncached or set()


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Za-z]+[0-9]+):([A-Za-z]+[0-9]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_REF = re.compile(r"([A-Za-z]+)([0-9]+)")


def _cell_ref(ref: str) -> tuple[int, int]:
    from openpyxl.utils import column_index_from_string

    m = _REF.fullmatch(ref)
    if m is None:
        raise ValueError(ref)
    return int(m.group(2)), column_index_from_string(m.group(1).upper())


def scan_sheet(archive: zipfile.ZipFile, path: str) -> SheetScan:
    """One streamed pass over the sheet's XML (decompressing only, no parsing) for its merge list and whether it
    holds formulas; a second, parsing pass only for a sheet that has formulas, to find those without a value."""
    merges: list[tuple[int, int, int, int]] = []
    has_formulas = False
    tail = b""
    with archive.open(path.lstrip("/")) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            if not has_formulas and _FORMULA.search(data):
                has_formulas = True
            cut = data.rfind(b"<")
            for m in _MERGE.finditer(data, 0, cut if cut > 0 else len(data)):
                try:
                    (r1, c1), (r2, c2) = _cell_ref(m.group(1).decode()), _cell_ref(m.group(2).decode())
                except ValueError:
                    continue
                merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
            tail = data[cut:] if cut > 0 else b""
    uncached: set[tuple[int, int]] = set()
    if has_formulas:
        with archive.open(path.lstrip("/")) as fh:
            for _event, elem in ElementTree.iterparse(fh, events=("end",)):
                if elem.tag.rpartition("}")[2] != "c":
                    continue
                children = {child.tag.rpartition("}")[2]: child for child in elem}
                if "f" in children and (children.get("v") is None or not (children["v"].text or "")):
                    if children.get("is") is None and elem.get("r"):
                        row, col = _cell_ref(elem.get("r", ""))
                        uncached.add((row, col - 1))
                elem.clear()
    return SheetScan(merges, uncached)


def _fill_merged(
    number: int,
    values: list[Any],
    pending: list[tuple[int, int, int, int]],
    active: list[tuple[tuple[int, int, int, int], Any]],
) -> list[Any]:
    """Give every cell of a merged range the value of its first cell, as the sheet shows it."""
    while pending and pending[-1][0] <= number:
        rng = pending.pop()
        if rng[0] == number:
            first = values[rng[1] - 1] if rng[1] - 1 < len(values) else None
            active.append((rng, first))
    active[:] = [(rng, v) for rng, v in active if rng[2] >= number]
    for (r1, c1, _r2, c2), first in active:
        if first is None or first == "":
            continue
        if len(values) < c2:
            values = values + [None] * (c2 - len(values))
        for c in range(c1, c2 + 1):
            if (number, c) != (r1, c1) and (values[c - 1] is None or values[c - 1] == ""):
                values[c - 1] = first
    return values
