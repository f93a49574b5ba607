"""Full-text search over the names of associations, houses, events and persons.

The portable part is the table `search_doc` (one row a record: kind, id, region and the folded words). On SQLite
an FTS5 table indexes it (external content, kept in step by triggers; see the first migration), which gives fast
prefix search; on PostgreSQL (the central office's server) a `tsvector` column generated from the same words, with
a GIN index (migration 0010), answers the same prefix queries; any other database falls back to LIKE over
`search_doc`. Both the indexed text and the query are folded by `desk.domain.text.fold_words` (Kazakh letters,
case, and Cyrillic and Latin spellings meeting in one key), so the backends find the same records.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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


def remove_where(conn: Connection, where: str, params: dict[str, Any]) -> None:
    """Remove the documents matching the SQL condition `where` (the FTS index follows by its triggers)."""
    conn.execute(text(f"DELETE FROM search_doc WHERE {where}"), params)  # noqa: S608


def bodies(parts_rows: Iterable[tuple[str | None, ...]]) -> list[str]:
    """`body_of(" ".join(non-empty parts))` of many records, each distinct part folded once (names repeat)."""
    words: dict[str, list[str]] = {}

    def of(part: str) -> list[str]:
        found = words.get(part)
        if found is None:
            found = words[part] = fold_words(part)
        return found

    return [" ".join(w for p in parts if p for w in of(p)) for parts in parts_rows]


@contextmanager
def _fts_triggers_off(conn: Connection) -> Iterator[None]:
    """Inside the caller's transaction, without the FTS triggers (row by row they cost most of a large import);
    created again before the caller commits. A failure rolls all of it back: SQLite's schema changes are
    transactional."""
    driver = conn.connection.driver_connection
    if not driver.in_transaction:  # type: ignore[union-attr]
        raise RuntimeError("the search index is changed in bulk inside a transaction only")
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_doc' ORDER BY name"
    ).all()
    for name, _sql in found:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in found:
        conn.exec_driver_sql(sql)


def replace_many(conn: Connection, docs: list[tuple[str, str, str, str]], *, replaced: str = "") -> None:
    """Put many documents (record_id, kind, region, body) at once, replacing those of the same records.
    `replaced`, when given, is an SQL condition on `search_doc` matching exactly those records' documents (e.g.
    ids in a staging table): one statement instead of the ids sent in chunks."""
    if not docs:
        return
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    ids = [d[0] for d in docs]
    wheres = (
        [(replaced, ())]
        if replaced
        else [
            (f"record_id IN ({', '.join([mark] * len(ids[s : s + 500]))})", tuple(ids[s : s + 500]))
            for s in range(0, len(ids), 500)
        ]
    )
    with _fts_triggers_off(conn) if sqlite else _nothing():
        for where, chunk in wheres:
            if sqlite:
                conn.exec_driver_sql(
                    "INSERT INTO search_fts(search_fts, rowid, body) "
                    f"SELECT 'delete', rowid, body FROM search_doc WHERE {where}",  # noqa: S608
                    chunk,
                )
            conn.exec_driver_sql(f"DELETE FROM search_doc WHERE {where}", chunk)  # noqa: S608
        last = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM search_doc").scalar_one()
        if conn.dialect.name == "postgresql":  # COPY: row by row inserts cost most of a large import there
            copy_new(conn, docs)
        else:
            conn.exec_driver_sql(
                f"INSERT INTO search_doc (record_id, kind, region, body) VALUES ({mark}, {mark}, {mark}, {mark})",
                docs,
            )
        if sqlite:  # without AUTOINCREMENT a new row's rowid is the largest + 1: the new rows are these
            conn.exec_driver_sql(
                "INSERT INTO search_fts(rowid, body) SELECT rowid, body FROM search_doc WHERE rowid > ?",
                (last,),
            )


def copy_new(conn: Connection, docs: Iterable[tuple[str, str, str, str]]) -> None:
    """PostgreSQL: add documents (record_id, kind, region, body) of records that have none yet, by COPY."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy("COPY search_doc (record_id, kind, region, body) FROM STDIN") as copy:
        for doc in docs:
            copy.write_row(doc)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def fts_query(query: str) -> str | None:
    """The FTS5 query for what the user typed: every word as a prefix, all required. None for no words."""
    words = fold_words(query)
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


def tsquery(query: str) -> str | None:
    """The PostgreSQL `to_tsquery` text for what the user typed: every word as a prefix, all required."""
    words = fold_words(query)
    if not words:
        return None
    return " & ".join("'" + w.replace("'", "''").replace("\\", "\\\\") + "':*" for w in words)


_TS_MATCH = "d.tsv @@ to_tsquery('simple', :q)"


def matching_ids_sql(conn_or_dialect: str, kind: str | None) -> TextClause:
    """SQL selecting `record_id` of the documents matching `:q` (bind it with `bind_query`)."""
    kind_clause = " AND d.kind = :kind" if kind else ""
    if conn_or_dialect == "sqlite":
        return text(
            "SELECT d.record_id FROM search_fts JOIN search_doc d ON d.rowid = search_fts.rowid "
            f"WHERE search_fts MATCH :q{kind_clause}"
        )
    if conn_or_dialect == "postgresql":
        return text(f"SELECT d.record_id FROM search_doc d WHERE {_TS_MATCH}{kind_clause}")
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
    elif dialect == "postgresql":
        q = tsquery(query)
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
    elif dialect == "postgresql":
        sql = (
            f"SELECT d.kind, d.record_id, d.region, {title} FROM search_doc d {joins} "
            f"WHERE {_TS_MATCH}{extra} "
            "ORDER BY ts_rank(d.tsv, to_tsquery('simple', :q)) DESC, length(d.body), d.record_id LIMIT :limit"
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
