"""A central office on its SQLite file with the demo region in it, an empty database on the test PostgreSQL
server, and a stand-in server that refuses a password or claims an old version: for the tests of moving a central
office to a server (tests/services/test_server_database.py, tests/ui/test_settings_database.py).

The test cluster (tools/postgres.sh) trusts every local user, so it never asks for a password: the stand-in speaks
PostgreSQL's wire protocol far enough to ask for one and refuse it (28P01), its words in Russian as a Russian
server's are, or to accept any and report an old `server_version`.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.domain.records import AuditEntry, Person, utcnow
from desk.services.workspace import MODE_CENTRAL, Workspace, create_workspace
from desk.sync import keys, trust
from desk.sync.central_import import import_bundle
from desk.sync.export import export_bundle
from desk.sync.receipts import trust_centre
from tests.conftest import (
    POSTGRES_URL_ENV,
    REQUIRE_POSTGRES_ENV,
    _drop_postgres_database,
    _fresh_postgres_database,
)


@pytest.fixture
def server_url() -> Iterator[str]:
    """A fresh empty database on the test server (dropped afterwards)."""
    server = os.environ.get(POSTGRES_URL_ENV, "")
    if not server:
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_URL_ENV} is not set")
        pytest.skip(f"no PostgreSQL server ({POSTGRES_URL_ENV} not set; bash tools/postgres.sh start)")
    url, name = _fresh_postgres_database(server)
    yield url
    _drop_postgres_database(server, name)


@pytest.fixture
def central(tmp_path: Path, demo_workspace: Workspace) -> Iterator[Workspace]:
    """A central office on its SQLite file holding the small demo region, with audit lines of its own."""
    ws = create_workspace(tmp_path / "central", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(ws)
    region = demo_workspace
    region.settings.set("central_recipient", keys.central_recipient(ws))
    trust_centre(region, keys.central_public_key(ws).base64)
    trust.add(ws, region.region, keys.region_public_key(region).base64)
    assert import_bundle(ws, export_bundle(region, tmp_path, full=True).path).ok
    with ws.db.transact(operator="Әлия Қасымқызы", audit=False) as session:
        # audit lines of the centre's own (its quarter decisions are audited; the regions' records are read-only)
        for person in session.exec(select(Person).order_by(Person.id).limit(3)).scalars():  # type: ignore[call-overload]
            session.add(
                AuditEntry(
                    at=utcnow(),
                    operator="Әлия Қасымқызы",
                    table_name="person",
                    record_id=person.id,
                    action="update",
                    changes=json.dumps(
                        {"workplace": [person.workplace, "Достық үйі, Қарағанды"]}, ensure_ascii=False
                    ),
                )
            )
    yield ws
    ws.close()


class FakeServer:
    """Answers PostgreSQL's start-up: asks for a password and refuses it (28P01, in Russian), or accepts any and
    reports an old `server_version`."""

    def __init__(self, *, version: str | None = None) -> None:
        self.version = version
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.passwords: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn:
                try:
                    self._talk(conn)
                except OSError:
                    pass

    @staticmethod
    def _read(conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise OSError("closed")
            data += chunk
        return data

    def _startup(self, conn: socket.socket) -> None:
        while True:
            length = struct.unpack("!i", self._read(conn, 4))[0]
            body = self._read(conn, length - 4)
            code = struct.unpack("!i", body[:4])[0]
            if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: not here
                conn.sendall(b"N")
                continue
            return

    def _talk(self, conn: socket.socket) -> None:
        self._startup(conn)
        if self.version is None:
            conn.sendall(b"R" + struct.pack("!ii", 8, 3))  # cleartext password, please
            kind = self._read(conn, 1)
            length = struct.unpack("!i", self._read(conn, 4))[0]
            self.passwords.append(kind + self._read(conn, length - 4))
            fields = (
                b"SFATAL\x00VFATAL\x00C28P01\x00"
                + 'Mпользователь "desk" не прошёл проверку подлинности (по паролю)'.encode()
                + b"\x00\x00"
            )
            conn.sendall(b"E" + struct.pack("!i", len(fields) + 4) + fields)
            return
        out = b"R" + struct.pack("!ii", 8, 0)
        for key, value in (
            (b"server_version", self.version.encode()),
            (b"client_encoding", b"UTF8"),
            (b"standard_conforming_strings", b"on"),
            (b"integer_datetimes", b"on"),
            (b"DateStyle", b"ISO, MDY"),
        ):
            payload = key + b"\x00" + value + b"\x00"
            out += b"S" + struct.pack("!i", len(payload) + 4) + payload
        out += b"K" + struct.pack("!iii", 12, 1, 2) + b"Z" + struct.pack("!i", 5) + b"I"
        conn.sendall(out)
        while conn.recv(1024):  # until the client's Terminate closes it
            pass

    def close(self) -> None:
        self.sock.close()
