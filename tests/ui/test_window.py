"""The window as a clerk uses it: registers, forms, search, languages, lazy tables, the first-run wizard."""

from __future__ import annotations

from pathlib import Path

from desk import i18n
from desk.services import associations, persons
from desk.services.records import ListQuery
from desk.ui.qt import QCoreApplication, QLineEdit
from desk.ui.table_model import PAGE_SIZE
from desk.ui.widgets import ChoiceBox


def _fill(view, **values):
    form = view.form
    for name, value in values.items():
        widget = form.widgets[name]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, ChoiceBox):
            widget.set_value(value)
        else:
            raise AssertionError(name)


def _settled(qtbot, model):
    """Wait until the model's background reads (first page, total) have arrived."""
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)


def _search(qtbot, view, text):
    view.search.setText(text)
    view.apply_search()
    _settled(qtbot, view.model)


def test_create_an_association_through_the_form_and_find_it(make_window, workspace, qtbot):
    window = make_window(workspace)
    view = window.show_page("associations").view
    assert window.act_new.isEnabled()
    window.act_new.trigger()  # Ctrl+N
    assert view.detail.isVisible() and view.form.record is None
    _fill(
        view,
        name_ru="Корейский культурный центр «Чосон»",
        name_kk="«Чосон» корей мәдени орталығы",
        name_en="Choson Korean Cultural Centre",
        ethnic_group="korean",
        legal_status="initiative",
    )
    with qtbot.waitSignal(window.ctx.changed, timeout=2000):
        window.act_save.trigger()  # Ctrl+S
    assert view.form.record is not None
    assert associations.REGISTER.count(workspace, ListQuery()) == 1

    window.act_find.trigger()  # Ctrl+F focuses the search box
    qtbot.keyClicks(view.search, "choson")  # typed: the list follows after the last keystroke
    qtbot.waitUntil(lambda: view.model.query.text == "choson", timeout=2000)
    _settled(qtbot, view.model)
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 0)) == "Choson Korean Cultural Centre"  # English window
    _search(qtbot, view, "ЧОСОН")  # case and Kazakh letters forgiven, any language of the name
    assert view.model.rowCount() == 1

    _search(qtbot, view, "нет такого")
    assert view.model.rowCount() == 0
    assert "0" in view.count_label.text()


def test_a_bad_bin_shows_its_message_beside_the_field_and_saves_nothing(make_window, workspace):
    window = make_window(workspace)
    view = window.show_page("associations").view
    view.new_record()
    _fill(
        view, name_ru="Татарский центр", ethnic_group="tatar", legal_status="legal_entity", bin="123456789012"
    )
    assert view.save() is False
    message = view.form.message_for("bin")
    assert message, "the BIN's message is shown under the BIN field"
    assert view.form.messages["bin"].isVisible()
    assert view.form.message_for("name_ru") == ""
    assert associations.REGISTER.count(workspace, ListQuery(include_archived=True)) == 0

    i18n.set_language("ru")
    assert view.save() is False
    assert view.form.message_for("bin") != message  # the message follows the language


def test_switching_language_retranslates_the_window(make_window, demo_workspace):
    window = make_window(demo_workspace)
    page = window.show_page("associations")
    english = (
        window.nav.item(1).text(),
        page.heading.text(),
        page.view.new_button.text(),
        page.view.model.headerData(0, _horizontal()),
        page.view.model.data(page.view.model.index(0, 1)),
    )
    window.language_actions["kk"].trigger()
    assert demo_workspace.settings.get("language") == "kk"
    kazakh = (
        window.nav.item(1).text(),
        page.heading.text(),
        page.view.new_button.text(),
        page.view.model.headerData(0, _horizontal()),
        page.view.model.data(page.view.model.index(0, 1)),
    )
    assert kazakh[0] == "Бірлестіктер"
    assert all(k != e for k, e in zip(kazakh, english, strict=True)), (english, kazakh)
    assert window.menuBar().actions()[0].text() == "&Файл"
    # Qt's own dialogs follow (qtbase_kk / qtbase_ru).
    window.ctx.set_language("ru")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
    assert window.nav.item(1).text() == "Объединения"
    home = window.show_page("home")
    assert home.heading.text() != ""


def test_a_big_table_opens_without_loading_every_row(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    total = persons.REGISTER.count(demo_workspace, ListQuery())
    assert total > 2 * PAGE_SIZE
    view = window.show_page("persons").view
    model = view.model
    _settled(qtbot, model)  # the total is counted in the background
    assert model.total == total
    assert model.rowCount() <= PAGE_SIZE
    view.table.scrollToBottom()  # the view asks for the next page
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE, timeout=2000)
    assert model.rowCount() <= 2 * PAGE_SIZE < total


def test_sorting_is_done_by_the_service(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    view = window.show_page("persons").view
    column = [c.key for c in view.spec.columns].index("birth_date")
    view.table.sortByColumn(column, _descending())
    _settled(qtbot, view.model)
    newest = persons.REGISTER.list_page(
        demo_workspace, ListQuery(sort="birth_date", descending=True, limit=1)
    )
    assert view.model.record(0).id == newest.rows[0].id


def test_archive_and_restore_with_history(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    view = window.show_page("associations").view
    view.open_row(0)
    record = view.form.record
    with qtbot.waitSignal(window.ctx.changed, timeout=2000):
        view.form.archive_button.click()
    assert associations.REGISTER.get(demo_workspace, record.id).archived_at is not None
    qtbot.waitUntil(lambda: view.model.row_of(record.id) == -1, timeout=2000)  # archived rows are hidden
    assert view.history.topLevelItemCount() >= 1
    view.form.archive_button.click()  # Restore
    assert associations.REGISTER.get(demo_workspace, record.id).archived_at is None


def test_the_column_choice_is_remembered(make_window, demo_workspace):
    window = make_window(demo_workspace)
    view = window.show_page("associations").view
    bin_column = [c.key for c in view.spec.columns].index("bin")
    view.set_column_shown(bin_column, False)
    window.close()
    window.ctx.qsettings.sync()
    again = make_window(demo_workspace)
    assert "bin" not in again.show_page("associations").view.shown_columns()


def test_the_wizard_creates_a_region(qtbot, tmp_path: Path):
    from desk.ui.app import application
    from desk.ui.wizard import FirstRunWizard

    application()
    folder = tmp_path / "new-region"
    wizard = FirstRunWizard(folder)
    qtbot.addWidget(wizard)
    wizard.start.language.setCurrentIndex(1)  # Русский
    assert wizard.start.new_region.text() == "Начать реестр моего региона"
    page = wizard.region_page
    page.region.setCurrentIndex(page.region.findData("KZ-10"))
    page.operator.setText("Айгерим Нурлановна")
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.workspace is not None, timeout=5000)
    ws = wizard.workspace
    try:
        assert ws.region == "KZ-10"
        assert ws.settings.get("operator") == "Айгерим Нурлановна"
        assert ws.settings.get("language") == "ru"
        assert (folder / "desk.sqlite3").exists()
    finally:
        ws.close()


def _horizontal():
    from desk.ui.qt import Qt

    return Qt.Orientation.Horizontal


def _descending():
    from desk.ui.qt import Qt

    return Qt.SortOrder.DescendingOrder
