"""Shared fixtures: a fresh region data folder per test, and a small demo database made once and copied."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desk import i18n  # noqa: E402
from desk.domain import reference  # noqa: E402
from desk.services.workspace import Workspace, open_workspace  # noqa: E402

DEMO_DAY = None  # demo data ends today, so the current quarter always has data


@pytest.fixture(autouse=True)
def _english_and_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every test starts in English, with DESK_HOME pointing to its own folder. The language is set on purpose
    (LANGUAGE, which `desk` and its child processes read before the system's locale), so the suite gives the same
    result on a Russian, Kazakh or English machine, Windows included; tests of the locale set their own."""
    monkeypatch.setenv("DESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    reference.install({})  # the built-in reference lists (a test that applied a centre's lists leaves them)
    yield
    i18n.set_language("en")
    reference.install({})


@pytest.fixture
def home_dir(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def workspace(home_dir: Path) -> Iterator[Workspace]:
    """An empty region (Karaganda) data folder."""
    from desk.setup_region import init_region

    ws = init_region(home_dir, "KZ-35")
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desk.services import demo
    from desk.setup_region import init_region

    root = tmp_path_factory.mktemp("demo-template")
    ws = init_region(root, "KZ-35")
    demo.generate(ws, size="small", seed=7)
    ws.close()
    return root


@pytest.fixture
def demo_workspace(demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the small demo data set, for one test."""
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    ws = open_workspace(root)
    yield ws
    ws.close()


class Questions:
    """The Save / Discard / Cancel questions a test caused, and the answers it gives (Discard when none is left)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answers: list[str] = []


@pytest.fixture(autouse=True)
def unsaved_questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    """The question about unsaved changes (desk/ui/unsaved.py) is never a real modal box in a test (it would wait
    for a click, and no timeout interrupts a modal loop): it is recorded and answered from `answers`, Discard when
    the test gave none. For every test that drives the window, wherever it lives (tests/governance has some)."""
    from desk.ui import unsaved

    questions = Questions()

    def ask(_parent: Any, what: str) -> str:
        questions.asked.append(what)
        return questions.answers.pop(0) if questions.answers else unsaved.DISCARD

    monkeypatch.setattr(unsaved, "ask", ask)
    return questions


# --- the central office's database: SQLite, and PostgreSQL when a server is given -------------------------------

POSTGRES_URL_ENV = "DESK_TEST_POSTGRES_URL"
"""A PostgreSQL server the central tests may create databases on (`bash tools/postgres.sh start` prints one)."""
REQUIRE_POSTGRES_ENV = "DESK_REQUIRE_POSTGRES"
"""Set to 1 (tools/bootstrap.sh does): a missing server fails the PostgreSQL tests instead of skipping them."""


def _fresh_postgres_database(server: str) -> tuple[str, str]:
    """A new empty database on `server`: (its URL, its name)."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from desk.store.db import server_url

    url = make_url(server_url(server))
    name = f"desk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(server: str, name: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from desk.store.db import server_url

    admin = create_engine(make_url(server_url(server)).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def centre_database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The database of a central office under test: None for the data folder's own SQLite file, or the URL of a
    fresh PostgreSQL database (dropped afterwards) on the server in $DESK_TEST_POSTGRES_URL. Without a server the
    PostgreSQL case is skipped, or fails when $DESK_REQUIRE_POSTGRES is 1. Pass it to
    `create_workspace(..., mode=MODE_CENTRAL, database_url=centre_database_url)`."""
    if request.param == "sqlite":
        yield None
        return
    server = os.environ.get(POSTGRES_URL_ENV, "")
    if not server:
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_URL_ENV} is not set: no PostgreSQL server")
        pytest.skip(f"no PostgreSQL server ({POSTGRES_URL_ENV} not set; bash tools/postgres.sh start)")
    url, name = _fresh_postgres_database(server)
    yield url
    _drop_postgres_database(server, name)
