"""Moving a central office from its SQLite file to a PostgreSQL server (Settings → Database): every row, the audit
log and the search come across; a failure or a Cancel half-way leaves the file in use and unchanged and the
server's database empty; each thing a server can get wrong has its own message, in the user's language.

The server cases need $DESK_TEST_POSTGRES_URL (skipped without it, failed when $DESK_REQUIRE_POSTGRES=1); the
wrong password and the old server are a small stand-in speaking PostgreSQL's wire protocol (the test cluster
trusts every local user, so it never asks for a password), its refusals in Russian as a Russian server's are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlmodel import SQLModel

from desk import i18n
from desk.domain.records import Association, Person
from desk.errors import DeskError
from desk.services import search as search_service
from desk.services import server_check, server_database
from desk.services.workspace import MODE_CENTRAL, Workspace, create_workspace, open_workspace
from desk.store import transfer
from desk.store.server import Problem, probe
from tests import server_fixtures
from tests.server_fixtures import FakeServer

central = server_fixtures.central  # the fixtures, shared with tests/ui/test_settings_database.py
server_url = server_fixtures.server_url


def snapshot(db_engine: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every record table, read through the records' own types, ordered by key."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with db_engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            key = list(table.primary_key.columns)
            found = conn.execute(select(table).order_by(*key)).all()
            rows[table.name] = [tuple(_plain(v) for v in row) for row in found]
    return rows


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def other_tables(db_engine: Any) -> dict[str, int]:
    with db_engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n not in SQLModel.metadata.tables]
        return {
            n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one()  # noqa: S608
            for n in names
            if n not in ("alembic_version",) and not n.startswith("search_fts")
        }


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def server_tables(url: str) -> list[str]:
    from desk.store.db import server_url as driver_url

    engine = create_engine(driver_url(url))
    try:
        with engine.connect() as conn:
            return inspect(conn).get_table_names()
    finally:
        engine.dispose()


# --- the move ---------------------------------------------------------------------------------------------------


def test_the_move_keeps_every_row_the_audit_and_the_search(central: Workspace, server_url: str) -> None:
    # a server in Kazakhstan's time: SQLite's UTC times must not be read as Almaty's
    from desk.store.db import server_url as driver_url

    engine = create_engine(driver_url(server_url))
    with engine.begin() as conn:
        conn.execute(text(f"ALTER DATABASE \"{engine.url.database}\" SET timezone TO 'Asia/Almaty'"))
    engine.dispose()
    # a branch written before the association it now belongs to (the parent's row comes later in the file), as a
    # region's bundle would bring it (the centre itself changes no region's record)
    with central.db.transact(audit=False) as session:
        first, last = (
            session.exec(select(Association).order_by(text(f"rowid {way}")).limit(1)).scalars().one()  # type: ignore[call-overload]
            for way in ("ASC", "DESC")
        )
        first.parent_id = last.id
    before = snapshot(central.db.engine)
    others_before = other_tables(central.db.engine)
    audit_before = before["auditentry"]
    assert len(audit_before) >= 3 and any("Әлия Қасымқызы" in str(r) for r in audit_before)
    with central.db.engine.connect() as conn:
        person_id, surname = conn.execute(text("SELECT id, surname FROM person ORDER BY id")).first() or (
            "",
            "",
        )
    queries = ["достық", "корей", surname]
    hits_before = {
        q: sorted((h.kind, h.id) for h in search_service.search(central, q, limit=10_000)) for q in queries
    }
    assert all(hits_before.values()), hits_before
    with central.db.engine.connect() as conn:
        usn_before = int(conn.execute(text("SELECT value FROM meta WHERE key = 'usn'")).scalar_one())
    steps: list[tuple[int, int, str]] = []

    moved = server_database.move_to_server(
        central, server_url, lambda d, t, w: steps.append((d, t, w)) or True
    )

    assert not central.db.is_sqlite and central.db.engine.dialect.name == "postgresql"
    assert snapshot(central.db.engine) == before
    assert other_tables(central.db.engine) == others_before
    assert moved.tables["person"] == len(before["person"]) and moved.rows == sum(moved.tables.values())
    assert steps[-1][0] == steps[-1][1] == moved.rows
    for q in queries:
        assert (
            sorted((h.kind, h.id) for h in search_service.search(central, q, limit=10_000)) == hits_before[q]
        )
    # the folder: the URL kept 0600, the file gone (its copy in the backups), the place shown without a password
    home = central.home
    assert home.database_url == server_url and not home.database.exists()
    if os.name == "posix":
        assert oct(home.database_url_file.stat().st_mode & 0o777) == "0o600"
    assert moved.backup is not None and moved.backup.exists()
    assert snapshot(create_engine(f"sqlite:///{moved.backup}")) == before
    assert server_database.where(central).on_server and not server_database.may_move(central)
    # the change counter goes on from the folder's, so the regions' and the centre's sync stays in order
    with central.db.transact() as session:
        person = session.get(Person, person_id)
        assert person is not None
        person.workplace = "Ассамблея"
    with central.db.engine.connect() as conn:
        assert conn.execute(text("SELECT max(usn) FROM person")).scalar_one() == usn_before + 1
    # the folder opens on the server next time
    again = open_workspace(home.root)
    try:
        assert not again.db.is_sqlite and again.is_central
        assert len(search_service.search(again, queries[0], limit=10_000)) == len(hits_before[queries[0]])
    finally:
        again.close()
    with pytest.raises(DeskError, match="already keeps its database on a server"):
        server_database.move_to_server(central, server_url)


def _stopper(table: str, *, cancel: bool) -> transfer.Progress:
    def progress(done: int, total: int, what: str) -> bool:
        if what == table and done > 0:
            if cancel:
                return False
            raise RuntimeError("the network went down")
        return True

    return progress


@pytest.mark.parametrize("cancel", [False, True], ids=["failure", "cancel"])
def test_a_stop_half_way_leaves_the_file_in_use_and_unchanged(
    central: Workspace, server_url: str, cancel: bool
) -> None:
    central.db.dispose()
    digest = file_digest(central.home.database)
    before = snapshot(central.db.engine)
    if cancel:
        with pytest.raises(transfer.CopyStopped):
            server_database.move_to_server(central, server_url, _stopper("person", cancel=True))
    else:
        with pytest.raises(DeskError, match="nothing was changed"):
            server_database.move_to_server(central, server_url, _stopper("person", cancel=False))
    assert central.db.is_sqlite and central.home.database_url is None
    assert not central.home.database_url_file.exists()
    assert snapshot(central.db.engine) == before
    central.db.dispose()
    assert file_digest(central.home.database) == digest
    assert server_tables(server_url) == []  # the schema's creation was rolled back too
    # and the same server takes the move afterwards
    moved = server_database.move_to_server(central, server_url)
    assert moved.tables["person"] == len(before["person"])


def test_a_count_that_differs_is_refused_before_the_commit(
    central: Workspace, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = transfer.count_rows

    def one_short(conn: Any, tables: list[str]) -> dict[str, int]:
        found = real(conn, tables)
        if conn.dialect.name == "postgresql":
            found["event"] -= 1
        return found

    monkeypatch.setattr(transfer, "count_rows", one_short)
    with pytest.raises(DeskError, match="event"):
        server_database.move_to_server(central, server_url)
    assert central.db.is_sqlite and central.home.database_url is None
    assert server_tables(server_url) == []


def test_a_region_stays_on_its_file(demo_workspace: Workspace) -> None:
    assert not server_database.may_move(demo_workspace)
    assert server_database.where(demo_workspace) == server_database.Place(
        False, str(demo_workspace.home.database)
    )
    with pytest.raises(DeskError, match="Only the central office"):
        server_database.move_to_server(demo_workspace, "postgresql://u@127.0.0.1:1/x")


# --- what the server says ---------------------------------------------------------------------------------------


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_an_unreachable_server(tmp_path: Path) -> None:
    url = f"postgresql://desk:secret@127.0.0.1:{_closed_port()}/desk"
    assert probe(url).problem is Problem.UNREACHABLE
    with pytest.raises(DeskError) as caught:
        server_check.test_server(url)
    assert "does not answer" in caught.value.message and "secret" not in caught.value.message
    i18n.set_language("kk")
    with pytest.raises(DeskError) as caught:
        server_check.test_server(url)
    assert "жауап бермейді" in caught.value.message


def test_a_missing_database_and_an_occupied_one(server_url: str, tmp_path: Path) -> None:
    missing = server_url.rsplit("/", 1)[0] + "/no_such_database_here"
    assert probe(missing).problem is Problem.MISSING
    with pytest.raises(DeskError, match="no database by that name"):
        server_check.test_server(missing)
    assert server_check.test_server(server_url).count(".") == 1  # "15.4": the version
    ws = create_workspace(tmp_path / "c", region=None, mode=MODE_CENTRAL, database_url=server_url)
    ws.close()
    assert probe(server_url).problem is Problem.OCCUPIED
    i18n.set_language("ru")
    with pytest.raises(DeskError, match="уже есть данные Dostyq Desk"):
        server_check.test_server(server_url)


def test_a_database_holding_other_tables(server_url: str, tmp_path: Path) -> None:
    from desk.store.db import server_url as driver_url

    engine = create_engine(driver_url(server_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE accounting (id integer)"))
    engine.dispose()
    assert probe(server_url).problem is Problem.NOT_EMPTY
    with pytest.raises(DeskError, match="accounting"):
        server_check.test_server(server_url)
    # `desk central init --database` asks the same question
    with pytest.raises(DeskError, match="not empty"):
        create_workspace(tmp_path / "c", region=None, mode=MODE_CENTRAL, database_url=server_url)


def test_a_wrong_password_whatever_the_server_s_language() -> None:
    fake = FakeServer()
    try:
        url = f"postgresql://desk:wrong-one@127.0.0.1:{fake.port}/desk"
        found = probe(url)
        assert found.problem is Problem.PASSWORD, found
        assert any(b"wrong-one" in p for p in fake.passwords)  # it was asked for, and sent
        with pytest.raises(DeskError) as caught:
            server_check.test_server(url)
        assert "refused the user name or password" in caught.value.message
        assert "wrong-one" not in caught.value.message
        assert "connection to server at" not in caught.value.message  # the server's own words, not libpq's
        assert "не прошёл проверку подлинности" in caught.value.message
        i18n.set_language("kk")
        with pytest.raises(DeskError) as caught:
            server_check.test_server(url)
        assert "құпиясөз" in caught.value.message
    finally:
        fake.close()


def test_a_server_too_old() -> None:
    fake = FakeServer(version="11.22")
    try:
        url = f"postgresql://desk@127.0.0.1:{fake.port}/desk"
        found = probe(url)
        assert (found.problem, found.server_version) == (Problem.TOO_OLD, 110022)
        with pytest.raises(DeskError, match=r"PostgreSQL 11\.22; Dostyq Desk needs PostgreSQL 12"):
            server_check.test_server(url)
    finally:
        fake.close()


def test_a_folder_that_cannot_take_the_url_stays_on_its_file(
    central: Workspace, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk.store.home import Home

    def refuse(_home: Home, _url: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Home, "keep_database_url", refuse)
    with pytest.raises(DeskError, match="could not be switched to it"):
        server_database.move_to_server(central, server_url)
    assert central.db.is_sqlite and central.home.database.exists() and central.home.database_url is None
    with central.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person")).scalar_one() > 0
