"""Full-text search over the names of associations, houses, events and persons.

The portable part is the table `search_doc` (one row a record: kind, id, region and the folded words). On SQLite
an FTS5 table indexes it (external content, kept in step by triggers; see the first migration), which gives fast
prefix search; on any other database the same queries fall back to LIKE over `search_doc`. Both the indexed text
and the query are folded by `desk.domain.text.fold`, so case and the Kazakh letters never stop a match.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.sql.elements import TextClause

from desk.domain.latin import KK_LATN, to_latin
from desk.domain.records import SEARCHABLE, table_name
from desk.domain.text import fold_words

_KIND_BY_TYPE = {cls: kind for kind, cls in SEARCHABLE.items()}

# Created by the migrations on SQLite only.
SQLITE_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "body, content='search_doc', content_rowid='rowid', prefix='1 2 3', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_doc_ai AFTER INSERT ON search_doc BEGIN "
    "INSERT INTO search_fts(rowid, body) VALUES (new.rowid, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_doc_ad AFTER DELETE ON search_doc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_doc_au AFTER UPDATE ON search_doc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.rowid, old.body); "
    "INSERT INTO search_fts(rowid, body) VALUES (new.rowid, new.body); END",
)


def kind_of(obj: Any) -> str | None:
    return _KIND_BY_TYPE.get(type(obj))


def kind_of_class(cls: type) -> str | None:
    """The search kind of a record class ("person", …), or None for a class that is not searched."""
    return _KIND_BY_TYPE.get(cls)


def body_of(raw: str) -> str:
    """The folded words stored for a record."""
    return " ".join(fold_words(raw))


def put(conn: Connection, kind: str, record_id: str, region: str, raw: str) -> None:
    body = body_of(raw)
    updated = conn.execute(
        text("UPDATE search_doc SET body = :body, kind = :kind, region = :region WHERE record_id = :id"),
        {"body": body, "kind": kind, "region": region, "id": record_id},
    )
    if updated.rowcount == 0:
        conn.execute(
            text(
                "INSERT INTO search_doc (record_id, kind, region, body) VALUES (:id, :kind, :region, :body)"
            ),
            {"body": body, "kind": kind, "region": region, "id": record_id},
        )


def remove(conn: Connection, record_id: str) -> None:
    conn.execute(text("DELETE FROM search_doc WHERE record_id = :id"), {"id": record_id})


def fts_query(query: str) -> str | None:
    """The FTS5 query for what the user typed: every word as a prefix, all required. None for no words."""
    words = fold_words(query)
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


def matching_ids_sql(conn_or_dialect: str, kind: str | None) -> TextClause:
    """SQL selecting `record_id` of the documents matching `:q` (bind it with `bind_query`)."""
    kind_clause = " AND d.kind = :kind" if kind else ""
    if conn_or_dialect == "sqlite":
        return text(
            "SELECT d.record_id FROM search_fts JOIN search_doc d ON d.rowid = search_fts.rowid "
            f"WHERE search_fts MATCH :q{kind_clause}"
        )
    return text(f"SELECT d.record_id FROM search_doc d WHERE {_like_clause()}{kind_clause}")


def _like_clause() -> str:
    # One LIKE for the first word is enough to narrow; the fallback is for small central databases only.
    return "(' ' || d.body) LIKE :q"


def bind_query(dialect: str, query: str, kind: str | None = None) -> dict[str, str] | None:
    """Parameters for `matching_ids_sql`; None when the query has no words."""
    if dialect == "sqlite":
        q = fts_query(query)
        if q is None:
            return None
    else:
        words = fold_words(query)
        if not words:
            return None
        q = "% " + "%".join(words) + "%"
    params = {"q": q}
    if kind:
        params["kind"] = kind
    return params


def _title_sql(lang: str) -> tuple[str, str]:
    """Columns and joins giving each hit's title in `lang` (falling back to another recorded language)."""
    joins, titles = [], []
    order = [lang] + [x for x in ("ru", "kk", "en") if x != lang]
    for kind, cls in SEARCHABLE.items():
        table = table_name(cls)
        alias = f"t_{kind}"
        joins.append(f"LEFT JOIN {table} {alias} ON d.kind = '{kind}' AND {alias}.id = d.record_id")
        if kind == "person":
            titles.append(
                f"{alias}.surname || ' ' || {alias}.given_name || "
                f"CASE WHEN {alias}.patronymic != '' THEN ' ' || {alias}.patronymic ELSE '' END"
            )
        else:
            titles.append("COALESCE(" + ", ".join(f"NULLIF({alias}.name_{code}, '')" for code in order) + ")")
    return "COALESCE(" + ", ".join(titles) + ", '')", " ".join(joins)


def search(
    conn: Connection,
    dialect: str,
    query: str,
    *,
    kinds: tuple[str, ...] | None = None,
    region: str | None = None,
    limit: int = 50,
    lang: str = "ru",
) -> list[tuple[str, str, str, str]]:
    """(kind, record_id, region, title in `lang`) of the best matches, best first, in one query."""
    params: dict[str, Any] | None = bind_query(dialect, query)
    if params is None:
        return []
    latin = lang == KK_LATN  # the Kazakh titles, in Latin
    if latin:
        lang = "kk"
    if lang not in ("kk", "ru", "en"):
        lang = "ru"
    where: list[str] = []
    if kinds:
        names = [f":k{i}" for i in range(len(kinds))]
        where.append(f"d.kind IN ({', '.join(names)})")
        params.update({f"k{i}": k for i, k in enumerate(kinds)})
    if region:
        where.append("d.region = :region")
        params["region"] = region
    params["limit"] = limit
    sql = _search_sql(dialect, lang, "".join(f" AND {w}" for w in where))
    if dialect == "sqlite":
        # Hot path (every keystroke): SQLite's driver takes the named parameters as they are, which skips the
        # per-call statement processing of SQLAlchemy — the search costs little more than its bare query.
        driver = conn.connection.driver_connection
        assert driver is not None  # None only after invalidation, never on an open Connection
        cursor = driver.execute(sql.text, params)
        found = [(row[0], row[1], row[2], row[3]) for row in cursor]
    else:
        found = [(row[0], row[1], row[2], row[3]) for row in conn.execute(sql, params)]
    return [(k, i, r, to_latin(t)) for k, i, r, t in found] if latin else found


@functools.lru_cache(maxsize=64)
def _search_sql(dialect: str, lang: str, extra: str) -> TextClause:
    """The search statement, built and compiled once per shape (keystrokes repeat it many times)."""
    title, joins = _title_sql(lang)
    if dialect == "sqlite":
        sql = (
            f"SELECT d.kind, d.record_id, d.region, {title} FROM search_fts "
            f"JOIN search_doc d ON d.rowid = search_fts.rowid {joins} "
            f"WHERE search_fts MATCH :q{extra} ORDER BY bm25(search_fts), length(d.body) LIMIT :limit"
        )
    else:
        sql = (
            f"SELECT d.kind, d.record_id, d.region, {title} FROM search_doc d {joins} "
            f"WHERE {_like_clause()}{extra} LIMIT :limit"
        )
    return text(sql)


def optimize(conn: Connection, dialect: str) -> None:
    """Merge the index's segments after a bulk load (SQLite's FTS5; nothing to do elsewhere)."""
    if dialect == "sqlite":
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))


def rebuild(conn: Connection, dialect: str) -> int:
    """Re-create the index from the records (after a migration or a repair). Each record's words come from its
    class's own `search_text`, as on a single write. Returns the number of documents."""
    from sqlalchemy import inspect as _inspect

    from desk.domain.records import Draft

    conn.execute(text("DELETE FROM search_doc"))
    rows: list[dict[str, str]] = []
    for kind, cls in SEARCHABLE.items():
        table = table_name(cls)
        # the columns this database has (a migration rebuilds at an older revision than the classes)
        present = [c["name"] for c in _inspect(conn).get_columns(table)]
        known = [c for c in present if c in cls.model_fields]
        for r in conn.execute(text(f"SELECT {', '.join(known)} FROM {table}")).mappings():  # noqa: S608
            draft = Draft(cls, **r)
            rows.append(
                {"id": r["id"], "kind": kind, "region": r["region"], "body": body_of(draft.search_text())}
            )
    if rows:
        conn.execute(
            text(
                "INSERT INTO search_doc (record_id, kind, region, body) VALUES (:id, :kind, :region, :body)"
            ),
            rows,
        )
    optimize(conn, dialect)
    return len(rows)
