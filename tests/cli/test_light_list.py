"""The light `desk list` (desk.cli.light_list, desk.store.light_read) prints byte for byte what the full command
prints, falls back to it for everything it does not handle, and loads no database layer (issue 16, start-up)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from desk.cli import command
from desk.cli.light_list import parse, run_light
from desk.domain import records
from desk.store import light_read
from desk.store.lock import FolderLock

KINDS = ("associations", "houses", "events", "persons")
LANGS = ("kk", "ru", "en", "kk-Latn")


def _prepare(root: Path) -> Path:
    """A demo folder as a clerk's is after a day's first start: some records archived, the day's backup taken."""
    from desk.services import associations, backups, events, houses, persons
    from desk.services.records import ListQuery
    from desk.services.workspace import open_workspace

    ws = open_workspace(root)
    try:
        for register in (associations.REGISTER, houses.REGISTER, events.REGISTER, persons.REGISTER):
            page = register.list_page(ws, ListQuery(limit=3, lang="ru"))
            for obj in page.rows[:2]:
                register.archive(ws, obj.id)
        backups.daily_backup(ws)
    finally:
        ws.close()
    return root


@pytest.fixture(scope="module")
def light_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("light") / "home"
    shutil.copytree(demo_template, root)
    return _prepare(root)


@pytest.fixture
def light_home(light_template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "light-home"
    shutil.copytree(light_template, root)
    return root


def _both(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """The light path's output and the full command's (called directly, past the light one)."""
    capsys.readouterr()
    assert run_light(argv) == 0, f"the light path did not answer {argv}"
    light = capsys.readouterr()
    assert light.err == ""
    assert command.run(argv) == 0
    full = capsys.readouterr()
    return light.out, full.out


def _option_sets(kind: str) -> list[list[str]]:
    sets = [["--limit", "0"], [], ["--limit", "50", "--offset", "7"], ["--archived", "--limit=0"]]
    for sort in light_read.SORTS[kind]:
        sets += [["--sort", sort, "--limit", "40"], ["--sort=" + sort, "--desc", "--offset", "3"]]
    return sets


def _identical_everywhere(
    home: Path, kind: str, lang: str, as_json: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    for i, options in enumerate(_option_sets(kind)):
        # the common options before the command or after it, and in both spellings
        common = ["--home", str(home), f"--lang={lang}"] if i % 2 else ["--home=" + str(home), "--lang", lang]
        argv = [*common, "list", kind, *options] if i % 3 else ["list", kind, *options, *common]
        if as_json:
            argv.append("--json")
        light, full = _both(argv, capsys)
        assert light == full, argv
        assert light.strip(), argv


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_light_list_prints_what_the_full_command_prints(light_home, kind, lang, as_json, capsys):
    _identical_everywhere(light_home, kind, lang, as_json, capsys)


def test_the_central_offices_reference_lists_are_shown_too(light_home, capsys):
    from desk.domain import reference

    lists = {
        "ethnic_groups": [
            {"code": t.code, "kk": t.kk + " (ор.)", "ru": t.ru + " (центр)", "en": t.en + " (C)"}
            for t in reference.ETHNIC_GROUPS
        ],
        "event_types": [
            {"code": t.code, "kk": t.kk, "ru": "Вид: " + t.ru, "en": "Type: " + t.en}
            for t in reference.EVENT_TYPES
        ],
    }
    with sqlite3.connect(light_home / "desk.sqlite3") as conn:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('centre_reference', ?)",
            (json.dumps(lists, ensure_ascii=False),),
        )
    conn.close()
    for kind in ("associations", "events", "persons"):
        for lang in ("ru", "kk-Latn"):
            light, full = _both(
                ["--home", str(light_home), "--lang", lang, "list", kind, "--limit", "0"], capsys
            )
            assert light == full
            assert ("(центр)" in light or "Вид: " in light) if lang == "ru" else True


def test_the_saved_language_is_the_full_commands(light_home, capsys, monkeypatch):
    from desk.settings import Settings
    from desk.store.home import Home

    Settings(Home(light_home).settings).set("language", "kk")
    monkeypatch.setenv("DESK_HOME", str(light_home))
    light, full = _both(["list", "houses"], capsys)
    assert light == full
    english, _full = _both(["--lang", "en", "list", "houses"], capsys)
    assert light != english


@pytest.mark.slow
def test_the_large_demo_lists_the_same(tmp_path, capsys):
    """The large demo (DESK_LARGE_DEMO names one already made, else it is made here: minutes)."""
    root = tmp_path / "large"
    made = os.environ.get("DESK_LARGE_DEMO")
    if made:
        shutil.copytree(made, root, ignore=shutil.ignore_patterns("desk.lock"))
    else:
        from desk.services import demo
        from desk.setup_region import init_region

        ws = init_region(root, "KZ-35")
        demo.generate(ws, size="large", seed=2025)
        ws.close()
    _prepare(root)
    for kind in KINDS:
        for lang in ("kk", "ru"):
            for options in (
                ["--limit", "50"],
                ["--limit", "0"],
                ["--sort", "updated_at", "--desc", "--offset", "40"],
            ):
                for fmt in ([], ["--json"]):
                    light, full = _both(
                        ["--home", str(root), "--lang", lang, "list", kind, *options, *fmt], capsys
                    )
                    assert light == full, (kind, lang, options, fmt)


# --- what the light path leaves to the full command ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list", "associations", "--search", "Korean"],
        ["list", "associations", "--search=Korean"],
        ["list", "associations", "--filter", "status=active"],
        ["list", "associations", "--region", "KZ-35"],
        ["list", "associations", "--help"],
        ["list", "-h"],
        ["list", "associations", "--lim", "5"],
        ["list", "associations", "--unknown"],
        ["list", "associations", "--limit", "-5"],
        ["list", "associations", "--limit", " 5"],
        ["list", "associations", "--limit", "five"],
        ["list", "associations", "--limit"],
        ["list", "associations", "--limit", "5", "--limit", "6"],
        ["list", "associations", "--json=yes"],
        ["list", "associations", "--sort", "nothing"],
        ["list", "persons", "--sort", "registration_date"],
        ["list", "associations", "--lang", "de"],
        ["list", "associations", "--home"],
        ["list", "associations", "--home="],
        ["--home", "--lang", "list", "associations"],
        ["list"],
        ["list", "things"],
        ["list", "associations", "houses"],
        ["list", "associations", "--", "--json"],
        ["search", "list"],
        ["--version", "list", "associations"],
        ["--lang", "kk", "--lang", "ru", "list", "associations"],
        ["demo", "list"],
    ],
)
def test_what_the_light_path_does_not_parse_falls_back(args):
    assert parse(args) is None
    assert run_light(args) is None


def test_it_parses_what_it_handles():
    request = parse(
        ["--operator", "Aigul", "list", "events", "--desc", "--offset=4", "--json", "--lang", "kk"]
    )
    assert request is not None
    assert (request.kind, request.json, request.offset, request.limit, request.sort) == (
        "events",
        True,
        4,
        100,
        "name",
    )


def _argv(home: Path) -> list[str]:
    return ["--home", str(home), "list", "associations", "--limit", "5"]


def _sql(home: Path, statement: str) -> None:
    conn = sqlite3.connect(home / "desk.sqlite3")
    with conn:
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda h: _sql(h, "UPDATE meta SET value = 'central' WHERE key = 'mode'"), id="central"),
        pytest.param(lambda h: _sql(h, "UPDATE alembic_version SET version_num = '0009_x'"), id="old-schema"),
        pytest.param(lambda h: _sql(h, "DELETE FROM meta WHERE key = 'region'"), id="no-region"),
        pytest.param(lambda h: _sql(h, "PRAGMA journal_mode = DELETE"), id="not-wal"),
        pytest.param(
            lambda h: _sql(h, "UPDATE association SET registration_date = 'soon'"), id="unreadable-value"
        ),
        pytest.param(lambda h: shutil.rmtree(h / "backups"), id="no-backup-today"),
        pytest.param(lambda h: (h / "backup-failed.json").write_text("{}"), id="backup-failed"),
        pytest.param(lambda h: (h / "database.url").write_text("postgresql://x/y"), id="server-database"),
        pytest.param(lambda h: (h / "desk.sqlite3").unlink(), id="no-database"),
        pytest.param(
            lambda h: (h / "desk.sqlite3").write_bytes(b"not a database" * 100), id="not-a-database"
        ),
    ],
)
def test_a_folder_the_full_path_must_open_falls_back(light_home, spoil, capsys):
    assert run_light(_argv(light_home)) == 0  # answered before the folder is spoilt
    capsys.readouterr()
    spoil(light_home)
    assert run_light(_argv(light_home)) is None
    assert capsys.readouterr().out == ""


def test_a_folder_held_by_another_program_falls_back(light_home, capsys):
    with FolderLock(light_home):
        assert run_light(_argv(light_home)) is None
    assert capsys.readouterr().out == ""
    assert run_light(_argv(light_home)) == 0  # and it lets the lock go when it is done
    assert run_light(_argv(light_home)) == 0


def test_an_empty_folder_falls_back(tmp_path):
    assert run_light(_argv(tmp_path / "nothing")) is None


def test_the_light_list_loads_no_database_layer(light_home):
    code = (
        "import sys; from desk.cli import main\n"
        f"code = main({_argv(light_home)!r})\n"
        "print(code, sorted(m for m in ('sqlalchemy', 'sqlmodel', 'desk.domain.records', 'desk.cli.command', "
        "'argparse', 'babel', 'alembic') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "0 []"
    assert lines[-2].startswith("5 of ")  # the light path answered: "{shown} of {total}"


# --- the light tables follow the program's own --------------------------------------------------------------


def test_the_columns_are_the_records_columns_in_their_order():
    classes = {
        "associations": records.Association,
        "houses": records.House,
        "events": records.Event,
        "persons": records.Person,
    }
    for kind, cls in classes.items():
        attrs = inspect(cls).column_attrs
        assert light_read.COLUMNS[kind] == tuple(a.key for a in attrs)
        assert light_read.TABLES[kind] == records.table_name(cls)
        for attr in attrs:
            kind_of = type(attr.columns[0].type).__name__
            assert (attr.key in light_read.UTC_TIMES) == (kind_of == "UTCDateTime"), attr.key
            assert (attr.key in light_read.DATES) == (kind_of == "Date"), attr.key
            assert (attr.key in light_read.BOOLEANS) == (kind_of == "Boolean"), attr.key


def test_the_sorts_are_the_registers_sorts():
    from desk.cli.registry import _registers

    for kind, register in _registers().items():
        sorts = register.spec.sorts
        assert set(light_read.SORTS[kind]) == set(sorts)
        for name, make in sorts.items():
            for lang in ("kk", "ru", "en"):
                expected = tuple(c.key for c in make(lang))
                assert tuple(c.format(lang=lang) for c in light_read.SORTS[kind][name]) == expected


def test_the_light_constants_are_the_stores():
    from desk.store import db, home, migrate

    assert light_read.DB_FILE == home.DB_FILE
    assert light_read.BUSY_TIMEOUT_MS == db.BUSY_TIMEOUT_MS
    assert light_read.HEAD == migrate.HEAD


@pytest.mark.parametrize(
    "name",
    ["desk-20261126-071740-217598-daily.sqlite3", "desk-20240229-235959-000001-pre-migration.sqlite3"],
)
def test_a_backups_stamp_reads_as_strptime_reads_it(name):
    import datetime as dt

    from desk.store.backup_files import _STAMP, name_parts

    parts = name_parts(name)
    assert parts is not None
    assert parts[0] == dt.datetime.strptime(name[5:27], _STAMP).replace(tzinfo=dt.UTC)
    assert name_parts("desk-20261126-071740-217598-daily.sqlite3.partial") is None
    with pytest.raises(ValueError):
        name_parts("desk-20261326-071740-217598-daily.sqlite3")  # no 13th month, as strptime says
