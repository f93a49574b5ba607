"""The import wizard (file, sheet, columns, check, import, undo) and the registers' Export button."""

from __future__ import annotations

import datetime as dt

import openpyxl

from desk.domain import identifiers
from desk.services import associations, persons
from desk.services.districts import find_by_name
from desk.services.records import ListQuery
from desk.spreadsheets import importer


def sheet(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Титул"
    ws.append(["Отчёт"])
    ws = wb.create_sheet("Члены")
    ws.append(["Список членов ассамблеи"])
    ws.append(["ФИО", "ИИН", "Национальность", "Район", "Отметка"])
    ws.append(
        [
            "Ким Ольга Петровна",
            identifiers.make_iin(dt.date(1985, 4, 12), "f", 1),
            "корейцы",
            "Новый район",
            "звонить",
        ]
    )
    ws.append(["Пак Виктор", "123", "корейцы", "Абай ауданы", None])
    wb.save(path)
    return path


def wait(qtbot, task):
    if task is not None and not task.done:
        with qtbot.waitSignal(task.finished, timeout=20000):
            pass


def test_the_wizard_previews_maps_checks_imports_and_undoes(qtbot, make_window, workspace, tmp_path):
    from desk.ui.spreadsheets import ImportWizard, open_import_wizard

    window = make_window(workspace)
    window.show_page("persons")
    wizard = open_import_wizard(window)
    assert isinstance(wizard, ImportWizard) and wizard.kind == "persons"
    wizard.path_edit.setText(str(sheet(tmp_path / "roster.xlsx")))

    wizard.forward()  # file → sheet: read off the UI thread
    wait(qtbot, wizard.last_task)
    qtbot.waitUntil(lambda: wizard.step == 1)
    assert wizard.sheet_box.currentData() == "Члены"  # the first sheet with a header
    assert wizard.rows_table.rowCount() == 2 and wizard.rows_table.item(0, 0).text() == "Ким Ольга Петровна"

    wizard.forward()  # sheet → columns
    assert wizard.step == 2 and wizard.mapping_table.rowCount() == 5
    assert [b.currentData() for b in wizard.field_boxes] == [
        "full_name",
        "iin",
        "ethnic_group",
        "district",
        "",
    ]
    notes = wizard.field_boxes[4]
    notes.setCurrentIndex(notes.findData("notes"))
    notes.activated.emit(notes.currentIndex())
    assert wizard.layout_.by_field()["notes"].title == "Отметка"

    wizard.forward()  # the dry run
    wait(qtbot, wizard.last_task)
    qtbot.waitUntil(lambda: wizard.step == 3)
    report = wizard.report
    assert (report.created, report.refused) == (1, 1) and report.new_districts == ["Новый район"]
    assert wizard.issues.rowCount() >= 2
    refused = [i for i in wizard.issues.issues if i.level == "error"]
    assert [(i.row, i.column) for i in refused] == [(4, "ИИН")]
    assert wizard.districts_box.isVisible() and "Новый район" in wizard.districts_box.text()
    assert persons.REGISTER.count(workspace, ListQuery()) == 0  # nothing written yet

    # The UI asks before adding a district: without the tick the row naming it is refused.
    wizard.forward()
    wait(qtbot, wizard.last_task)
    qtbot.waitUntil(lambda: wizard.step == 4)
    assert wizard.report.created == 0 and find_by_name(workspace, "Новый район") is None
    wizard.undo_button.click()
    wait(qtbot, wizard.last_task)

    wizard.back_button.setEnabled(True)
    wizard._go(3)
    wizard.districts_box.setChecked(True)
    wizard.forward()
    wait(qtbot, wizard.last_task)
    qtbot.waitUntil(lambda: wizard.step == 4)
    assert wizard.report.created == 1 and "Новый район" in wizard.result_label.text()
    (p,) = persons.REGISTER.list_page(workspace, ListQuery()).rows
    assert (p.surname, p.ethnic_group, p.notes) == ("Ким", "korean", "звонить")
    assert p.district_id == find_by_name(workspace, "Новый район").id

    assert wizard.undo_button.isEnabled()
    wizard.undo_button.click()
    wait(qtbot, wizard.last_task)
    qtbot.waitUntil(lambda: not wizard.undo_button.isEnabled())
    assert persons.REGISTER.count(workspace, ListQuery()) == 0
    assert importer.batches(workspace)[0].undone_at is not None


def test_the_wizards_undo_names_the_records_it_kept(qtbot, make_window, workspace, tmp_path):
    from desk.ui.spreadsheets import open_import_wizard

    window = make_window(workspace)
    window.show_page("persons")
    wizard = open_import_wizard(window)
    report = importer.run(workspace, sheet(tmp_path / "roster.xlsx"), "persons", dry_run=False)
    (p,) = persons.REGISTER.list_page(workspace, ListQuery()).rows
    persons.REGISTER.update(workspace, p.id, {"workplace": "Акимат"})  # edited by hand after the import
    wizard.report = report
    task = wizard.undo()
    wait(qtbot, task)
    qtbot.waitUntil(lambda: not wizard.undo_button.isEnabled())
    text = wizard.result_label.text()
    assert "Ким Ольга Петровна" in text and "changed since" in text
    assert persons.REGISTER.get(workspace, p.id).workplace == "Акимат"


def test_the_export_button_writes_the_filtered_list(qtbot, make_window, demo_workspace, tmp_path):
    window = make_window(demo_workspace)
    page = window.show_page("associations")
    from desk.ui.register_view import RegisterView

    view = page.findChild(RegisterView, "register_associations")
    button = view.export_button
    assert button.text() == "Export…" and button.isVisible()
    view.model.set_filters({"ethnic_group": "korean"})
    task = button.export_to(tmp_path / "koreans.xlsx")
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    rows = list(openpyxl.load_workbook(tmp_path / "koreans.xlsx").active.iter_rows(values_only=True))
    expected = associations.REGISTER.count(demo_workspace, ListQuery(filters={"ethnic_group": "korean"}))
    assert len(rows) - 1 == expected > 0
    assert rows[0][0] == "Name in Kazakh"
    assert str(expected) in button.last_message and str(expected) in window.statusBar().currentMessage()
    window.ctx.set_language("ru")
    assert button.text() != "Export…"  # retranslated
