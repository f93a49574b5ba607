"""One write path: a record written by a form (the session), by the store's bulk insert, or by a spreadsheet import
leaves the same row, the same audit line and the same search entry (issue 16).

The three workspaces get the same input; ids and times differ by nature and are left out of the comparison.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import text

from desk.domain import identifiers
from desk.domain.records import Association, Draft, Person
from desk.services import associations, persons
from desk.setup_region import init_region
from desk.spreadsheets import importer
from desk.store import bulk
from tests.spreadsheets.conftest import make_xlsx

IIN = identifiers.make_iin(dt.date(1985, 4, 12), "f", 1)
BIN = identifiers.make_bin(dt.date(2008, 5, 1), 1234)

PERSON = {"surname": "Әбілқайырова", "given_name": "Гүлнұр", "patronymic": "Серікқызы", "iin": IIN}
ASSOCIATION = {"name_ru": "Корейский центр «Ӛнер»", "name_kk": "Корей орталығы «Өнер»", "bin": BIN}

# The store applies the store's rules; what a form derives from a value (a person's birth date and sex from the
# IIN) is the caller's part, so the bulk path is given those too. The spreadsheet import derives them itself.
PERSON_DERIVED = {**PERSON, "birth_date": dt.date(1985, 4, 12), "sex": "f"}

# What differs by nature between two writes of the same values.
_OWN = {"id", "created_at", "updated_at", "usn", "created_by", "record_id"}


def _snapshot(ws: Any, table: str, kind: str) -> dict[str, Any]:
    with ws.db.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(text(f"SELECT * FROM {table}")).mappings()]  # noqa: S608
        audits = [
            json.loads(r.changes)
            for r in conn.execute(
                text("SELECT changes FROM auditentry WHERE table_name = :t AND action = 'create'"),
                {"t": table},
            )
        ]
        docs = [
            (r.kind, r.region, r.body)
            for r in conn.execute(
                text("SELECT kind, region, body FROM search_doc WHERE kind = :k"), {"k": kind}
            )
        ]
        fts = conn.execute(text("SELECT count(*) FROM search_fts")).scalar()
    assert len(rows) == 1 and len(audits) == 1 and len(docs) == 1, (rows, audits, docs)
    return {
        "row": {k: v for k, v in rows[0].items() if k not in _OWN},
        "audit": {k: v for k, v in audits[0].items() if k not in _OWN},
        "search": docs[0],
        "indexed": fts,
    }


def _by_form(ws: Any, kind: str) -> None:
    if kind == "person":
        persons.REGISTER.create(ws, PERSON)
    else:
        associations.REGISTER.create(
            ws, {**ASSOCIATION, "ethnic_group": "korean", "legal_status": "legal_entity"}
        )


def _by_bulk(ws: Any, kind: str) -> None:
    with ws.db.transact() as session:
        if kind == "person":
            bulk.insert_many(session, Person, [Draft(Person, region=ws.region, **PERSON_DERIVED)])
        else:
            values = {**ASSOCIATION, "ethnic_group": "korean", "legal_status": "legal_entity"}
            bulk.insert_many(session, Association, [Draft(Association, region=ws.region, **values)])


def _by_sheet(ws: Any, kind: str, folder: Any) -> None:
    if kind == "person":
        sheet = [
            ["Фамилия", "Имя", "Отчество", "ИИН"],
            [PERSON["surname"], PERSON["given_name"], PERSON["patronymic"], IIN],
        ]
        register = "persons"
    else:
        sheet = [
            ["Наименование (рус.)", "Наименование (каз.)", "Этнос", "Правовой статус", "БИН"],
            [ASSOCIATION["name_ru"], ASSOCIATION["name_kk"], "корейцы", "юридическое лицо", BIN],
        ]
        register = "associations"
    path = make_xlsx(folder / f"{kind}.xlsx", {"S": sheet}, text_columns={"S": [4, 5]})
    report = importer.run(ws, path, register, dry_run=False)
    assert report.exit_code == 0, report.summary()


@pytest.mark.parametrize(("kind", "table"), [("person", "person"), ("association", "association")])
def test_a_form_the_bulk_insert_and_a_spreadsheet_leave_the_same_row_audit_and_search(tmp_path, kind, table):
    snapshots = {}
    for path in ("form", "bulk", "sheet"):
        ws = init_region(tmp_path / path, "KZ-35")
        try:
            if path == "form":
                _by_form(ws, kind)
            elif path == "bulk":
                _by_bulk(ws, kind)
            else:
                _by_sheet(ws, kind, tmp_path)
            snapshots[path] = _snapshot(ws, table, kind)
        finally:
            ws.close()
    assert _diff(snapshots["bulk"], snapshots["form"]) == {}
    assert _diff(snapshots["sheet"], snapshots["form"]) == {}


def _diff(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What differs between two snapshots, part by part and column by column."""
    out: dict[str, Any] = {}
    for part in a:
        if isinstance(a[part], dict):
            keys = set(a[part]) | set(b[part])
            cols = {k: (a[part].get(k), b[part].get(k)) for k in keys if a[part].get(k) != b[part].get(k)}
            if cols:
                out[part] = cols
        elif a[part] != b[part]:
            out[part] = (a[part], b[part])
    return out


def test_a_change_of_search_text_reaches_the_bulk_path_and_the_rebuild(workspace, monkeypatch):
    """The words indexed come from the record class, not from a copy: change `search_text` and every path follows."""
    monkeypatch.setattr(Person, "search_text", lambda self: f"{self.surname} ЖАҢАСӨЗ")
    with workspace.db.transact() as session:
        bulk.insert_many(session, Person, [Draft(Person, region=workspace.region, **PERSON)])
    from desk.services.search import search

    assert [h.id for h in search(workspace, "жаңасөз")]
    with workspace.db.transact() as session:
        from desk.store import search as index

        index.rebuild(session.connection(), "sqlite")
    assert [h.id for h in search(workspace, "жаңасөз")]
