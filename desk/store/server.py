"""Asking a PostgreSQL server whether a central office can keep its database there: the server answers, the user
and password are accepted, the database exists, the server is new enough, the database is empty and the user may
create tables in it.

The answer is a `Probe` naming what is wrong (`Problem`), decided from facts rather than from the server's words:
a server's messages come in its own language (a Russian server says "пароль"), and libpq gives no SQLSTATE for a
refused connection. So: a TCP connection first (no answer: unreachable); then the database itself; when that is
refused, the server's maintenance database `postgres` with the same user and password (accepted there: the
database is missing or closed to the user; refused after a password was asked for: the password).
"""

from __future__ import annotations

import enum
import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.engine import URL, make_url

MIN_SERVER_VERSION = 120000
"""PostgreSQL 12: the generated `tsvector` column of the search (migration 0010) needs it."""

CONNECT_TIMEOUT_S = 10


class Problem(enum.Enum):
    UNREACHABLE = "unreachable"
    PASSWORD = "password"
    MISSING = "missing"
    REFUSED = "refused"
    TOO_OLD = "too-old"
    OCCUPIED = "occupied"
    NOT_EMPTY = "not-empty"
    NO_CREATE = "no-create"


@dataclass(frozen=True)
class Probe:
    """What the server said. `problem` None: the database can take a central office."""

    problem: Problem | None
    detail: str = ""  # the server's or the system's own words, for the log and the message's end
    server_version: int = 0  # as `server_version_num`: 150004 for 15.4
    tables: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.problem is None


def libpq_conninfo(url: URL) -> dict[str, str]:
    """The keywords libpq takes for `url` (psycopg's own form of the same connection)."""
    info: dict[str, str] = {"connect_timeout": str(CONNECT_TIMEOUT_S)}
    for key, value in (
        ("host", url.host),
        ("port", str(url.port) if url.port else None),
        ("dbname", url.database),
        ("user", url.username),
        ("password", url.password),
    ):
        if value:
            info[key] = str(value)
    for key, given in url.query.items():
        info[key] = given if isinstance(given, str) else given[-1]
    return info


def _reachable(url: URL) -> str | None:
    """None when something listens at the URL's host and port, else the system's reason."""
    host = url.host or str(url.query.get("host") or "")
    if not host or host.startswith("/") or os.path.isabs(host):
        return None  # a Unix socket folder (or libpq's default): libpq itself will say
    try:
        with socket.create_connection((host, int(url.port or 5432)), timeout=CONNECT_TIMEOUT_S):
            return None
    except OSError as exc:
        return str(exc) or exc.__class__.__name__


def probe(url_text: str) -> Probe:
    """Ask the server at `url_text` (postgresql://…) whether a new central office database can live there."""
    import psycopg

    url = make_url(url_text)
    unreachable = _reachable(url)
    if unreachable is not None:
        return Probe(Problem.UNREACHABLE, unreachable)
    info = libpq_conninfo(url)
    try:
        conn = psycopg.connect(**info)  # type: ignore[arg-type]
    except psycopg.OperationalError as exc:
        return _refused(info, exc)
    try:
        version = conn.info.server_version
        if version < MIN_SERVER_VERSION:
            return Probe(Problem.TOO_OLD, conn.info.parameter_status("server_version") or "", version)
        with conn.cursor() as cur:
            cur.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "ORDER BY table_name"
            )
            tables = tuple(str(r[0]) for r in cur.fetchall())
            cur.execute("SELECT has_schema_privilege(current_schema(), 'CREATE')")
            row = cur.fetchone()
            may_create = bool(row and row[0])
    except psycopg.Error as exc:
        return Probe(Problem.REFUSED, _first_line(str(exc)))
    finally:
        conn.close()
    if "meta" in tables or "alembic_version" in tables:
        return Probe(Problem.OCCUPIED, "", version, tables)
    if tables:
        return Probe(Problem.NOT_EMPTY, ", ".join(tables[:5]), version, tables)
    if not may_create:
        return Probe(Problem.NO_CREATE, "", version)
    return Probe(None, "", version)


def _refused(info: dict[str, str], exc: BaseException) -> Probe:
    """Why the server refused the connection to the database (see the module's docstring)."""
    import psycopg

    detail = _first_line(_server_words(exc))
    pgconn = getattr(exc, "pgconn", None)
    asked_password = bool(pgconn is not None and (pgconn.needs_password or pgconn.used_password))
    if info.get("dbname", "postgres") == "postgres":
        return Probe(Problem.PASSWORD if asked_password else Problem.REFUSED, detail)
    try:
        maintenance = psycopg.connect(**{**info, "dbname": "postgres"})  # type: ignore[arg-type]
    except psycopg.OperationalError as again:
        other = getattr(again, "pgconn", None)
        if other is not None and (other.needs_password or other.used_password):
            return Probe(Problem.PASSWORD, detail)
        return Probe(Problem.PASSWORD if asked_password else Problem.REFUSED, detail)
    try:
        with maintenance.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (info.get("dbname", ""),))
            exists = cur.fetchone() is not None
    except psycopg.Error:
        exists = True  # the catalogue is closed to this user: say what the server said
    finally:
        maintenance.close()
    return Probe(Problem.REFUSED if exists else Problem.MISSING, detail)


def _server_words(exc: BaseException) -> str:
    pgconn = getattr(exc, "pgconn", None)
    raw = getattr(pgconn, "error_message", b"") if pgconn is not None else b""
    if isinstance(raw, bytes) and raw:
        return raw.decode("utf-8", "replace")
    return str(exc)


_LIBPQ_PREFIX = re.compile(r"^(connection failed:\s*)?connection to server (at|on) .*? failed:\s*")


def _first_line(text: str) -> str:
    """The first line said, without libpq's own "connection to server at … failed:" before the server's words."""
    text = _LIBPQ_PREFIX.sub("", text.strip())
    for line in text.strip().splitlines():
        line = line.strip()
        if line:
            return line[:300]
    return ""


_OBJECTS = (
    "SELECT relkind, relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
    "AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f') ORDER BY relname"
)
"""The tables (plain, partitioned, foreign), views and sequences of the schema a new database is made in: what the
migrations make there (their indexes and row types go with their tables)."""


def schema_objects(url_text: str) -> frozenset[tuple[str, str]]:
    """(kind, name) of every table, view and sequence in the user's schema of the database at `url_text`."""
    import psycopg

    with psycopg.connect(**libpq_conninfo(make_url(url_text))) as conn:  # type: ignore[arg-type]
        return frozenset((str(kind), str(name)) for kind, name in conn.execute(_OBJECTS).fetchall())


def drop_objects_since(url_text: str, before: frozenset[tuple[str, str]]) -> list[str]:
    """Drop, in one transaction, every table, view and sequence of the schema that is not in `before` (what a
    creation that failed half-way made there): the database as it was. Returns the names dropped."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(**libpq_conninfo(make_url(url_text))) as conn:  # type: ignore[arg-type]
        made = [
            (str(kind), str(name))
            for kind, name in conn.execute(_OBJECTS).fetchall()
            if (str(kind), str(name)) not in before
        ]
        for statement, kinds in (
            ("DROP VIEW IF EXISTS {} CASCADE", ("v",)),
            ("DROP MATERIALIZED VIEW IF EXISTS {} CASCADE", ("m",)),
            ("DROP FOREIGN TABLE IF EXISTS {} CASCADE", ("f",)),
            ("DROP TABLE IF EXISTS {} CASCADE", ("r", "p")),
            ("DROP SEQUENCE IF EXISTS {} CASCADE", ("S",)),
        ):
            for kind, name in made:
                if kind in kinds:
                    conn.execute(sql.SQL(statement).format(sql.Identifier(name)))
        # `with` commits on leaving without an error, rolls back otherwise
    return [name for _kind, name in made]


SETUP_LOCK = (
    0x446F737479714465  # "DostyqDe": the advisory lock a central office's setup holds in its database
)
SETUP_WAIT_S = 120.0


class SetupBusy(Exception):
    """Another setup held the database for longer than the wait."""


@contextmanager
def setting_up(
    url_text: str, wait_s: float = SETUP_WAIT_S, waiting: Callable[[], object] | None = None
) -> Iterator[None]:
    """Held while a central office is set up in the database at `url_text`: a session advisory lock, on a
    connection of its own, that a second computer setting up the same database waits for (then finds the database
    no longer empty, and makes nothing there), so that the clean-up of a failed attempt never drops the tables
    another one made. `waiting()`, if given, is called once when the lock is held by another. SetupBusy after
    `wait_s`. Closing the connection releases the lock, whatever happens."""
    import psycopg

    with psycopg.connect(**libpq_conninfo(make_url(url_text)), autocommit=True) as conn:  # type: ignore[arg-type]
        deadline = time.monotonic() + wait_s
        told = False
        while not conn.execute("SELECT pg_try_advisory_lock(%s)", (SETUP_LOCK,)).fetchone()[0]:  # type: ignore[index]
            if time.monotonic() > deadline:
                raise SetupBusy
            if not told and waiting is not None:
                waiting()
                told = True
            time.sleep(0.25)
        yield
