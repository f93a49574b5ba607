"""The first-run wizard's choice (issue 15): a regional secretariat as before, or the central office with its
database in the data folder or on a PostgreSQL server — made as `desk central init` makes it, all or nothing,
with the fields, refusals and Test connection of Settings → Database; by the keyboard, in the clerk's language."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path
from typing import Any

import pytest

from desk import i18n
from desk.services.workspace import Workspace
from desk.store import server
from desk.sync import keys
from desk.ui.qt import QApplication, Qt, QWizard
from desk.ui.wizard import CENTRAL, REGION, SERVER, START, FirstRunWizard
from tests import server_fixtures
from tests.ui.test_accessibility import _check_dialog
from tests.ui.test_settings_database import PASSWORD, parts, type_into

server_url = server_fixtures.server_url


@pytest.fixture
def wizard(qtbot: Any, tmp_path: Path) -> Any:
    from desk.ui.app import application

    application()
    made = FirstRunWizard(tmp_path / "new" / "folder")
    qtbot.addWidget(made)
    made.show()
    yield made
    if made.workspace is not None:
        made.workspace.close()
    made.tasks.wait()
    i18n.set_language("en")


def finish(wizard: FirstRunWizard, qtbot: Any) -> None:
    button = wizard.button(QWizard.WizardButton.FinishButton)
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def to_central(wizard: FirstRunWizard, qtbot: Any, *, on_server: bool) -> None:
    """As a clerk: the central office's choice, Enter (Next), the server's choice by the keyboard."""
    wizard.start.new_region.setFocus()
    qtbot.keyClick(wizard.start.new_region, Qt.Key.Key_Down)  # arrows move between the choices
    assert wizard.start.central.isChecked()
    qtbot.keyClick(wizard.start.central, Qt.Key.Key_Return)  # Enter: the default button, Next
    assert wizard.currentId() == CENTRAL
    page = wizard.central_page
    assert page.on_file.isChecked() and page.isFinalPage()  # the data folder's file by default: Finish here
    if on_server:
        page.on_file.setFocus()
        qtbot.keyClick(page.on_file, Qt.Key.Key_Down)
        assert page.on_server.isChecked() and not page.isFinalPage()
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        assert wizard.currentId() == SERVER


def fill(wizard: FirstRunWizard, host: str, port: str, database: str, user: str, password: str) -> None:
    fields = wizard.server_page.fields
    for edit, text in (
        (fields.host, host),
        (fields.port, port),
        (fields.database, database),
        (fields.user, user),
        (fields.password, password),
    ):
        type_into(edit, text)


def central_files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.parent.name == "keys"
    }


def test_a_region_is_made_as_before(wizard: FirstRunWizard, qtbot: Any) -> None:
    assert wizard.start.new_region.isChecked() and wizard.startId() == START
    qtbot.keyClick(wizard.start.language, Qt.Key.Key_Return)
    assert wizard.currentId() == REGION and wizard.region_page.isFinalPage()
    page = wizard.region_page
    page.region.setCurrentIndex(page.region.findData("KZ-10"))
    finish(wizard, qtbot)
    qtbot.waitUntil(lambda: wizard.workspace is not None, timeout=20000)
    ws = wizard.workspace
    assert ws.region == "KZ-10" and not ws.is_central and ws.db.is_sqlite
    assert (ws.home.keys / keys.REGION_KEY).exists() and not (ws.home.keys / keys.CENTRAL_AGEKEY).exists()


def test_a_central_office_on_this_computer(
    wizard: FirstRunWizard, qtbot: Any, tmp_path: Path, make_window: Any
) -> None:
    to_central(wizard, qtbot, on_server=False)
    page = wizard.central_page
    type_into(page.operator, "Әлия Қасымқызы")
    finish(wizard, qtbot)
    qtbot.waitUntil(lambda: wizard.workspace is not None, timeout=20000)
    ws: Workspace = wizard.workspace
    assert ws.is_central and ws.db.is_sqlite and ws.home.database.exists()
    assert ws.home.root == tmp_path / "new" / "folder" and ws.home.database_url is None
    assert ws.settings.get("operator") == "Әлия Қасымқызы" and ws.settings.get("language") == "en"
    # what `desk central init` makes, file for file
    from desk.setup_central import init_central

    by_command = init_central(tmp_path / "by-command")
    by_command.workspace.close()
    assert central_files(ws.home.root) == central_files(tmp_path / "by-command") != set()
    assert keys.central_recipient(ws).startswith("age1")
    # the window opens on it as on a central office's folder
    window = make_window(ws)
    assert window.ctx.workspace.is_central
    assert window.show_page("quarters").central


def test_a_folder_holding_a_database_is_not_taken(wizard: FirstRunWizard, qtbot: Any, tmp_path: Path) -> None:
    from desk.setup_central import init_central

    init_central(tmp_path / "old").workspace.close()
    to_central(wizard, qtbot, on_server=False)
    page = wizard.central_page
    type_into(page.folder_field.folder, str(tmp_path / "old"))
    assert "already holds a database" in page.folder_note.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_a_folder_that_cannot_be_made_is_said_under_it(
    wizard: FirstRunWizard, qtbot: Any, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    to_central(wizard, qtbot, on_server=False)
    page = wizard.central_page
    assert page.folder_note.isHidden()
    type_into(page.folder_field.folder, str(tmp_path / "a-file" / "central"))
    finish(wizard, qtbot)
    qtbot.waitUntil(lambda: page.folder_note.isVisible(), timeout=20000)
    assert "a part of the path is not a folder" in page.folder_note.text()
    assert "Nothing of this attempt was kept." in page.folder_note.text()
    assert wizard.workspace is None and (tmp_path / "a-file").read_text(encoding="utf-8") == "not a folder"
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_a_central_office_on_a_postgresql_server(
    wizard: FirstRunWizard, qtbot: Any, server_url: str, make_window: Any
) -> None:
    to_central(wizard, qtbot, on_server=True)
    fields = wizard.server_page.fields
    fill(wizard, *parts(server_url), PASSWORD)
    qtbot.mouseClick(fields.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Connected" in fields.result.text(), timeout=20000)
    assert PASSWORD not in fields.result.text()
    fields.password.setFocus()
    qtbot.keyClick(fields.password, Qt.Key.Key_Return)  # Enter in the last field: Finish
    qtbot.waitUntil(lambda: wizard.workspace is not None or bool(fields.message.text()), timeout=60000)
    assert fields.message.text() == ""
    ws: Workspace = wizard.workspace
    assert ws.is_central and not ws.db.is_sqlite and not ws.home.database.exists()
    kept = ws.home.database_url_file
    assert kept.read_text(encoding="utf-8").startswith("postgresql://")
    assert "%D2%9A" in kept.read_text(encoding="utf-8")  # the password's Қ, escaped in the URL
    if os.name == "posix":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert (ws.home.keys / keys.CENTRAL_AGEKEY).exists() and (ws.home.keys / keys.CENTRAL_KEY).exists()
    assert ("r", "alembic_version") in server.schema_objects(server_url)
    for path in ws.home.root.rglob("*"):  # the password is in database.url alone
        if path.is_file() and path != kept:
            assert PASSWORD not in path.read_text(encoding="utf-8", errors="replace"), path
    window = make_window(ws)
    assert window.ctx.workspace.is_central and not window.ctx.workspace.db.is_sqlite


def test_a_wrong_address_is_said_under_its_field_and_nothing_is_made(
    wizard: FirstRunWizard, qtbot: Any, tmp_path: Path
) -> None:
    to_central(wizard, qtbot, on_server=True)
    fields = wizard.server_page.fields
    fill(wizard, "db server", "70000", "", "", "")
    finish(wizard, qtbot)
    shown = {name: label.text() for name, label in fields.field_messages.items() if label.isVisibleTo(fields)}
    assert set(shown) == {"server_host", "server_port", "server_database", "server_user"}
    assert "65535" in shown["server_port"]
    assert wizard.focusWidget() is fields.host and wizard.isVisible() and wizard.workspace is None
    assert not (tmp_path / "new").exists()


def test_a_server_that_does_not_answer_is_said_and_nothing_is_made(
    wizard: FirstRunWizard, qtbot: Any, tmp_path: Path
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    to_central(wizard, qtbot, on_server=True)
    fields = wizard.server_page.fields
    fill(wizard, "127.0.0.1", str(port), "desk_centre", "desk", PASSWORD)
    finish(wizard, qtbot)
    qtbot.waitUntil(lambda: bool(fields.message.text()), timeout=30000)
    assert "does not answer" in fields.message.text() and PASSWORD not in fields.message.text()
    assert wizard.workspace is None and not (tmp_path / "new").exists()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def _make_table(url: str, sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(**server.libpq_conninfo(make_url(url))) as conn:  # type: ignore[arg-type]
        conn.execute(sql)


def test_a_server_database_holding_other_tables_is_refused(
    wizard: FirstRunWizard, qtbot: Any, server_url: str, tmp_path: Path
) -> None:
    _make_table(server_url, "CREATE TABLE payroll (id integer); INSERT INTO payroll VALUES (7)")
    before = server.schema_objects(server_url)
    to_central(wizard, qtbot, on_server=True)
    fields = wizard.server_page.fields
    fill(wizard, *parts(server_url), "")
    finish(wizard, qtbot)
    qtbot.waitUntil(lambda: bool(fields.message.text()), timeout=30000)
    assert "is not empty" in fields.message.text() and "payroll" in fields.message.text()
    assert wizard.workspace is None and not (tmp_path / "new").exists()
    assert server.schema_objects(server_url) == before


def test_a_failure_half_way_leaves_the_server_and_the_folder_as_they_were(
    wizard: FirstRunWizard, qtbot: Any, server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(_ws: Workspace) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keys, "create_central_keys", full_disk)
    (tmp_path / "new" / "folder").mkdir(parents=True)
    (tmp_path / "new" / "folder" / "notes.txt").write_text("kept", encoding="utf-8")
    to_central(wizard, qtbot, on_server=True)
    fields = wizard.server_page.fields
    fill(wizard, *parts(server_url), "")
    finish(wizard, qtbot)
    qtbot.waitUntil(lambda: bool(fields.message.text()), timeout=60000)
    assert "the disk is full. Nothing of this attempt was kept." in fields.message.text()
    assert wizard.workspace is None
    assert [p.name for p in (tmp_path / "new" / "folder").iterdir()] == ["notes.txt"]  # the folder as it was
    assert server.schema_objects(server_url) == frozenset()  # the server's database empty again


def test_the_pages_follow_the_language_and_the_keyboard(wizard: FirstRunWizard, qtbot: Any) -> None:
    wizard.start.language.setCurrentIndex(wizard.start.language.findData("kk"))
    to_central(wizard, qtbot, on_server=False)
    page = wizard.central_page
    assert page.title() == "Орталық аппарат және оның деректер қалтасы"
    assert page.on_server.text().startswith("PostgreSQL серверінде")
    i18n.set_language("en")
    wizard.retranslate()
    _check_dialog(wizard)  # every control named and described, Tab reaches each
    page.on_server.setChecked(True)
    wizard.next()
    _check_dialog(wizard)
    fields = wizard.server_page.fields
    order = []
    widget = fields.host
    widget.setFocus()
    for _step in range(7):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
    assert order[:6] == [
        fields.host,
        fields.port,
        fields.database,
        fields.user,
        fields.password,
        fields.test_button,
    ]
    wizard.set_language("ru")
    assert fields.labels["server_host"].text() == "Сервер:"
    assert wizard.server_page.title() == "Сервер PostgreSQL центрального аппарата"
    qtbot.keyClick(fields.host, Qt.Key.Key_Escape)  # Esc: the wizard closes, nothing made
    QApplication.processEvents()
    assert not wizard.isVisible() and wizard.workspace is None
