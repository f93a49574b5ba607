"""A full disk or a locked file during an import, an undo or an export: one sentence in the user's language, no
SQL and no personal data on screen or in the log, and the database as it was."""

from __future__ import annotations

import datetime as dt
import errno
import logging

import pytest
from sqlalchemy import event, func, select

from desk import i18n
from desk.domain import identifiers
from desk.domain.records import AuditEntry, Person
from desk.errors import DeskError
from desk.spreadsheets import exporter, importer
from desk.spreadsheets.reader import Table, UnreadableFile
from tests.spreadsheets.conftest import make_xlsx

IINS = [
    iin
    for i in range(1600)
    if (iin := identifiers.make_iin(dt.date(1980, 1, 1) + dt.timedelta(days=i), "f", i % 900 + 1))
][:1500]


def persons_sheet(folder):
    rows = [["Фамилия", "Имя", "ИИН", "Место работы"]]
    rows += [[f"Фамилия{i}", "Анна", iin, "Акимат района " * 10] for i, iin in enumerate(IINS)]
    return make_xlsx(folder / "persons.xlsx", {"Лист1": rows})


def counts(ws):
    with ws.db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Person)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
        )


@pytest.fixture
def full_disk(workspace):
    """The database may not grow by more than a few pages, as on a full disk."""
    with workspace.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    workspace.db.engine.dispose()

    def limit(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 4}")

    event.listen(workspace.db.engine, "connect", limit)
    yield workspace
    event.remove(workspace.db.engine, "connect", limit)
    workspace.db.engine.dispose()


@pytest.mark.parametrize(
    "lang,words", [("ru", "Диск заполнен"), ("kk", "Диск толы"), ("en", "The disk is full")]
)
def test_a_full_disk_during_an_import_gives_one_sentence_and_changes_nothing(
    full_disk, sheet_dir, caplog, lang, words
):
    path = persons_sheet(sheet_dir)
    before = counts(full_disk)
    i18n.set_language(lang)
    caplog.set_level(logging.DEBUG)
    try:
        with pytest.raises(DeskError) as caught:
            importer.run(full_disk, path, "persons", dry_run=False)
    finally:
        i18n.set_language("en")
    message = caught.value.message
    assert words in message and "\n" not in message
    shown_and_logged = message + caplog.text
    assert "INSERT" not in shown_and_logged and "SELECT" not in shown_and_logged
    assert not any(iin in shown_and_logged for iin in IINS[:50])
    assert caught.value.__suppress_context__  # the SQL error with its values is not chained to what is shown
    assert counts(full_disk) == before


def test_a_full_disk_during_an_undo_leaves_the_import_in_place(workspace, sheet_dir):
    path = persons_sheet(sheet_dir)
    report = importer.run(workspace, path, "persons", dry_run=False)
    before = counts(workspace)
    with workspace.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    workspace.db.engine.dispose()

    def limit(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(workspace.db.engine, "connect", limit)
    try:
        with pytest.raises(DeskError, match="disk is full"):
            importer.undo(workspace, report.batch_id)
    finally:
        event.remove(workspace.db.engine, "connect", limit)
        workspace.db.engine.dispose()
    assert counts(workspace) == before
    assert importer.undo(workspace, report.batch_id).removed == len(IINS)  # and it can be undone later


def test_a_full_disk_during_an_export_gives_one_sentence_and_leaves_the_old_file(
    demo_workspace, tmp_path, monkeypatch
):
    path = tmp_path / "persons.xlsx"
    path.write_bytes(b"the previous export")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exporter, "_write_xlsx", full)
    i18n.set_language("ru")
    try:
        with pytest.raises(DeskError) as caught:
            exporter.export(demo_workspace, "persons", path, lang="ru")
    finally:
        i18n.set_language("en")
    assert "диск заполнен" in caught.value.message.lower() and "No space" not in caught.value.message
    assert path.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []


def test_a_locked_sheet_gives_one_sentence(sheet_dir, monkeypatch):
    path = make_xlsx(sheet_dir / "a.xlsx", {"Лист1": [["Наименование", "Этнос"], ["Центр", "немцы"]]})
    real_open = type(path).open

    def locked(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "open", locked)
    with pytest.raises(UnreadableFile, match="open in another program"):
        Table(path)
