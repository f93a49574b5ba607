"""What an import says back: each refused row with its column and reason, the columns ignored, the counts, and the
preview of a file before it is imported (`desk.spreadsheets.importer`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from desk.errors import DeskError
from desk.i18n import _, ngettext
from desk.spreadsheets import fields as F
from desk.spreadsheets import headers


class Cancelled(DeskError):
    pass


# --- results ------------------------------------------------------------------------------------------------------


@dataclass
class Issue:
    """One remark of the report. level: 'error' (row refused), 'warning' (row taken, something left out),
    'skipped' (a duplicate left alone), 'note'."""

    row: int
    column: str
    message: str
    level: str = "error"


@dataclass
class IgnoredColumn:
    """A column of the sheet that is not imported: its letter, its header, and the field it also looks like
    (taken by another column) when it is ambiguous."""

    column: str
    header: str
    also: str = ""

    def message(self, kind: str) -> str:
        if not self.header:
            return _(
                "Column {column} has values but no header: it is not imported. Map it by hand (--mapping, "
                'e.g. {{"{column}": "notes"}}) to import it.'
            ).format(column=self.column)
        if self.also:
            fields = F.field_map(kind)
            label = _(fields[self.also].label) if self.also in fields else self.also
            return _(
                "Column {column} “{header}” is not imported: it looks like “{field}” too, which another column "
                "gives. Map it by hand (--mapping) if it is the one."
            ).format(column=self.column, header=self.header, field=label)
        return _(
            "Column {column} “{header}” is not imported: no field of the register takes it. Map it by hand "
            "(--mapping) to import it."
        ).format(column=self.column, header=self.header)


@dataclass
class Report:
    kind: str
    file: str
    sheet: str
    dry_run: bool
    on_duplicate: str
    header_rows: list[int] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    refused: int = 0
    memberships: int = 0
    new_districts: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    batch_id: str | None = None
    ignored: list[IgnoredColumn] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every row was good, 3 when some rows were refused."""
        return 3 if self.refused else 0

    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["exit_code"] = self.exit_code
        return out

    def summary(self) -> str:
        """One paragraph in the current language."""
        parts = [ngettext("{n} row read", "{n} rows read", self.rows).format(n=self.rows)]
        if self.dry_run:
            parts.append(
                ngettext("{n} record would be created", "{n} records would be created", self.created).format(
                    n=self.created
                )
            )
            parts.append(
                ngettext("{n} record would be updated", "{n} records would be updated", self.updated).format(
                    n=self.updated
                )
            )
        else:
            parts.append(
                ngettext("{n} record created", "{n} records created", self.created).format(n=self.created)
            )
            parts.append(
                ngettext("{n} record updated", "{n} records updated", self.updated).format(n=self.updated)
            )
        parts.append(
            ngettext("{n} duplicate skipped", "{n} duplicates skipped", self.skipped).format(n=self.skipped)
        )
        parts.append(ngettext("{n} row refused", "{n} rows refused", self.refused).format(n=self.refused))
        return "; ".join(parts) + "."


@dataclass
class SheetPreview:
    name: str
    layout: headers.Layout | None


@dataclass
class Preview:
    """What the wizard shows before a dry run: the sheets, the chosen one, its columns and first rows."""

    kind: str
    file: str
    format: str
    sheets: list[SheetPreview]
    sheet: str
    layout: headers.Layout
    rows: list[tuple[int, list[str]]]
    fields: list[F.Field]


# --- preview ------------------------------------------------------------------------------------------------------


@dataclass
class AllReport:
    """`import all`: one report per register, in the order they were imported."""

    file: str
    dry_run: bool
    reports: list[Report] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # registers without a sheet in the file

    @property
    def exit_code(self) -> int:
        return 3 if any(r.refused for r in self.reports) else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "missing": self.missing,
            "exit_code": self.exit_code,
            "reports": [r.as_dict() for r in self.reports],
        }
