"""The central import's fast paths give exactly what the general rules give: time stamps and dates stored as the
column types store them, sort keys and search bodies as `sort_key` and `body_of` make them, and the search index
after a bulk import answers like one built row by row."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from desk.domain.records import Person
from desk.domain.text import sort_key
from desk.services import search as search_service
from desk.store import search as search_index
from desk.sync.central_import import _Bad, _column_specs
from desk.sync.central_import import import_bundle as import_one
from desk.sync.derived import NameFolding
from tests.sync.conftest import export

NAME_PARTS = st.text(alphabet="аәбғқңөұүһіАӘҒҚҢӨҰҮҺІёЁkzKZ-'«» .\u0301", max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.none(), NAME_PARTS), min_size=1, max_size=4))
def test_name_folding_equals_the_general_rules(parts):
    folding = NameFolding()
    joined = " ".join(p for p in parts if p)
    assert folding.body(parts) == search_index.body_of(joined)
    assert folding.sort_key(parts, 600) == sort_key(joined)[:600]
    assert folding.sort_key(parts, 600) == folding.sort_key(parts, 600)  # cached the same


def _store(engine, column: str, value):
    spec = next(s for s in _column_specs(Person, engine.dialect) if s.name == column)
    return spec.store(value), spec


@pytest.mark.parametrize(
    "value",
    [
        "2025-03-12T10:15:00+00:00",
        "2025-03-12T10:15:00.000123+00:00",
        "2025-03-12T15:15:00+05:00",
        "2025-03-12T10:15:00",
        "2025-03-12 10:15:00+00:00",
        "2024-02-29T23:59:59.999999+00:00",
    ],
)
def test_time_stamps_are_stored_as_the_column_type_stores_them(workspace, value):
    stored, spec = _store(workspace.db.engine, "created_at", value)
    parsed = dt.datetime.fromisoformat(value)
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    assert stored == spec.process(parsed)


@pytest.mark.parametrize(
    "value",
    [
        "2025-02-30T10:15:00+00:00",
        "2025-13-01T00:00:00+00:00",
        "yesterday",
        "",
        "２０２５-03-12T10:15:00+00:00",
    ],
)
def test_impossible_time_stamps_are_refused(workspace, value):
    with pytest.raises(_Bad):
        _store(workspace.db.engine, "created_at", value)


@pytest.mark.parametrize("value", ["2025-03-12", "1950-01-01", "20250312"])
def test_dates_are_stored_as_the_column_type_stores_them(workspace, value):
    stored, spec = _store(workspace.db.engine, "birth_date", value)
    assert stored == spec.process(dt.date.fromisoformat(value))


def _index_rows(ws):
    """The search documents, those the index finds for a prefix, and the triggers on `search_doc` (SQLite's FTS5
    index, with its integrity check; PostgreSQL's tsvector column, which has none)."""
    with ws.db.engine.connect() as conn:
        docs = conn.execute(text("SELECT record_id, body FROM search_doc ORDER BY record_id")).all()
        if ws.db.is_sqlite:
            indexed = conn.execute(
                text(
                    "SELECT d.record_id FROM search_fts JOIN search_doc d ON d.rowid = search_fts.rowid "
                    "WHERE search_fts MATCH :q ORDER BY d.record_id"
                ),
                {"q": '"ки"*'},
            ).all()
            integrity = conn.execute(
                text("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
            )
        else:
            indexed = conn.execute(
                text(
                    "SELECT record_id FROM search_doc WHERE tsv @@ to_tsquery('simple', 'ки:*') ORDER BY record_id"
                )
            ).all()
            integrity = None
        triggers = conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_doc' ORDER BY name"
                if ws.db.is_sqlite
                else "SELECT tgname FROM pg_trigger WHERE tgrelid = 'search_doc'::regclass AND NOT tgisinternal"
            )
        ).all()
    del integrity
    return docs, indexed, [t[0] for t in triggers]


def test_the_search_index_after_imports_matches_the_records(demo_workspace, central, outbox, make_region):
    """Full, then changed and deleted records, then a full again: the index holds each record once, finds the
    new names and not the old ones, passes FTS5's integrity check, and the sync triggers are back."""
    from desk.sync import keys, trust

    region = demo_workspace
    region.settings.set("central_recipient", keys.central_recipient(central))
    trust.add(central, region.region, keys.region_public_key(region).base64)
    assert import_one(central, export(region, outbox, full=True)).result == "imported"
    with region.db.transact() as session:
        people = list(session.scalars(select(Person).order_by(Person.id).limit(3)))
        people[0].surname = "Жаңаберген"
        people[1].surname = "Қосымбаев"
        session.delete(people[2])
        gone = people[2].id
    assert import_one(central, export(region, outbox)).result == "imported"
    for ws in (central,):
        hits = {h.id for h in search_service.search(ws, "жанаберген")}
        assert hits == {people[0].id}
        assert {h.id for h in search_service.search(ws, "косымбаев")} == {people[1].id}
    docs, _indexed, triggers = _index_rows(central)
    assert gone not in {d[0] for d in docs}
    assert len(docs) == len({d[0] for d in docs})
    fts_triggers = ["search_doc_ad", "search_doc_ai", "search_doc_au"] if central.db.is_sqlite else []
    assert triggers == fts_triggers

    assert import_one(central, export(region, outbox, full=True)).result == "imported"
    docs_after, _indexed, triggers = _index_rows(central)
    assert docs_after == docs
    region_docs, _i, _t = _index_rows(region)
    assert {d[1] for d in docs_after} == {d[1] for d in region_docs}
    assert triggers == fts_triggers


@pytest.mark.parametrize(
    "data, expected",
    [
        (b'{"a":1}\n{"a":2}\n', [(1, {"a": 1}), (2, {"a": 2})]),
        (b'{"a":1}\n\n{"a":2}', [(1, {"a": 1}), (3, {"a": 2})]),
        (b'\n{"a":1}\r\n{"a":2}\n\n', [(2, {"a": 1}), (3, {"a": 2})]),
        (b'{"a":1}\n   \n[2, 3]\n', [(1, {"a": 1}), (3, [2, 3])]),
        (b"1, 2\n3\n", None),
        (b'{"a":1}\n{"a":\n', None),
    ],
)
def test_json_lines_numbers_the_lines_as_a_text_editor_does(data, expected):
    from desk.sync.central_import import _json_lines
    from desk.sync.errors import BundleRefused

    if expected is None:
        with pytest.raises(BundleRefused, match=r"line (1|2): not valid JSON"):
            _json_lines("x.jsonl", data)
    else:
        assert _json_lines("x.jsonl", data) == expected
