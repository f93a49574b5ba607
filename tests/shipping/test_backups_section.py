"""Settings → Backups: the clerk sees the backups, takes one, and restores one; every page then shows the restored
data."""

from __future__ import annotations

from sqlalchemy import text

from desk.domain.records import Association
from desk.services import backups


def _names(ws) -> set[str]:  # type: ignore[no-untyped-def]
    with ws.db.engine.connect() as conn:
        return set(conn.execute(text("SELECT name_ru FROM association")).scalars())


def test_back_up_now_and_restore_from_the_settings_page(qtbot, workspace, monkeypatch, tmp_path):
    from desk.ui import backups as section_module
    from desk.ui.context import AppContext
    from desk.ui.qt import QMessageBox

    ctx = AppContext(workspace)
    section = section_module.BackupsSection(ctx)
    qtbot.addWidget(section)
    assert section.model.rowCount() == 0
    assert not section.restore_button.isEnabled()

    with workspace.db.transact() as session:
        session.add(Association(region=workspace.region, name_ru="Первое", ethnic_group="korean"))
    section.backup_button.click()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=10000)
    assert section.model.data(section.model.index(0, section_module.COL_REASON)) == "by hand"
    with workspace.db.transact() as session:
        session.add(Association(region=workspace.region, name_ru="Второе", ethnic_group="korean"))

    section.table.selectRow(0)
    assert section.restore_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(ctx.changed, timeout=5000) as changed:
        section.restore_button.click()
    assert "association" in changed.args[0]
    assert _names(workspace) == {"Первое"}  # the window's own workspace reads the restored file
    reasons = sorted(b.reason for b in backups.list_backups(workspace))
    assert reasons == ["before-restore", "manual"]
    assert section.model.rowCount() == 2

    # the retention settings are the data folder's
    section.keep_daily.setValue(3)
    assert workspace.settings.get("backup_keep_daily") == 3
    ctx.close()


def test_a_refused_restore_is_explained_and_changes_nothing(qtbot, workspace, monkeypatch, tmp_path):
    from desk.ui import backups as section_module
    from desk.ui.context import AppContext
    from desk.ui.qt import QMessageBox

    ctx = AppContext(workspace)
    section = section_module.BackupsSection(ctx)
    qtbot.addWidget(section)
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("not a database")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: warned.append(message))
    assert section.restore(bogus) is False
    assert warned and "not a Dostyq Desk database" in warned[0]
    assert backups.list_backups(workspace) == []
    ctx.close()
