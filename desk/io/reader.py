"""Reading a spreadsheet file row by row without holding it in memory.

.xlsx is opened with openpyxl in read-only (streaming) mode; .csv is decoded as UTF-8 (with or without a BOM) and,
when that fails, as Windows-1251, the encoding of old Russian Windows exports; its delimiter (; , or tab) is
sniffed. Anything else gets one `UnreadableFile` error (exit code 2 on the command line).
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFile(_old_xls_message(path))
    if b"\x00" in head:
        raise UnreadableFile(_not_spreadsheet(path))
    return "csv"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(8192)
    except FileNotFoundError:
        raise UnreadableFile(_("File not found: {file}.").format(file=path)) from None
    except OSError as exc:
        raise UnreadableFile(_("Cannot read {file}: {error}.").format(file=path, error=os_error_reason(exc, path))) from None


def _not_spreadsheet(path: Path) -> str:
    return _("{file} is not a spreadsheet: open an .xlsx workbook or a .csv file.").format(file=path.name)


def _old_xls_message(path: Path) -> str:
    return _("{file} is an old Excel 97–2003 (.xls) file: open it in Excel and save it as .xlsx.").format(
        file=path.name)


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
            raise UnreadableFile(_("{file} is damaged or not an Excel .xlsx workbook ({error}).").format(
                file=self.path.name, error=exc.__class__.__name__)) from None
        except Exception as exc:  # noqa: BLE001 - openpyxl raises its own types for broken parts
            raise UnreadableFile(_("{file} is damaged or not an Excel .xlsx workbook ({error}).").format(
                file=self.path.name, error=exc.__class__.__name__)) from None

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
        if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in self.sheets):
            number = int(sheet)
            if 1 <= number <= len(self.sheets):
                return self.sheets[number - 1]
        elif sheet in self.sheets:
            return sheet
        raise UnreadableFile(_("There is no sheet “{sheet}” in {file}. Sheets: {sheets}.").format(
            sheet=sheet, file=self.path.name, sheets=", ".join(self.sheets)))

    def rows(self, sheet: str | int | None = None) -> Iterator[tuple[int, list[Any]]]:
        """(row number as the spreadsheet shows it, cell values) for every non-empty row; cells are str, int,
        float, bool, datetime or None."""
        name = self.sheet_name(sheet)
        if self.format == "xlsx":
            yield from self._xlsx_rows(name)
        else:
            yield from self._csv_rows()

    def _xlsx_rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        ws = self._workbook[name]
        if not hasattr(ws, "iter_rows"):  # a chart sheet
            return
        # Files written by other programs often carry a wrong <dimension>; read what is really there.
        ws.reset_dimensions()
        try:
            for row in ws.iter_rows():
                values = [getattr(c, "value", None) for c in row]
                if not any(v is not None and v != "" for v in values):
                    continue
                number = next((c.row for c in row if getattr(c, "row", None)), None)
                if number is None:
                    continue
                yield number, values
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise UnreadableFile(_("{file} is damaged or not an Excel .xlsx workbook ({error}).").format(
                file=self.path.name, error=exc.__class__.__name__)) from None

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
                raise UnreadableFile(_("{file}, line {line}: {error}.").format(
                    file=self.path.name, line=reader.line_num, error=exc)) from None


def _csv_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) when the whole file decodes as UTF-8, else Windows-1251. Reads in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            first = True
            while chunk := fh.read(1 << 20):
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
