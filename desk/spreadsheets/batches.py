"""Import batches: what one import created and updated, so that it can be undone.

`import_batch` holds one row per import (register, file, sheet, operator, counts, the change counter of its
transaction, when it was undone); `import_item` one row per record the import created or updated, with the old
values of an updated record's changed columns. These are local bookkeeping tables: they do not travel in sync
bundles (the records themselves, their audit lines and tombstones do).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from desk.domain.records import new_id, utcnow


class ImportBatch(SQLModel, table=True):
    __tablename__ = "import_batch"  # type: ignore[assignment]

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    region: str = Field(default="", max_length=8)
    kind: str = Field(max_length=20)
    file_name: str = ""
    sheet: str = ""
    operator: str = Field(default="", max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    usn: int = 0
    created: int = 0
    updated: int = 0
    undone_at: dt.datetime | None = None


class ImportItem(SQLModel, table=True):
    __tablename__ = "import_item"  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    batch_id: str = Field(foreign_key="import_batch.id", index=True, max_length=36)
    table_name: str = Field(max_length=40)
    record_id: str = Field(max_length=36, index=True)
    action: str = Field(max_length=10)  # create, update
    old_values: str = "{}"
