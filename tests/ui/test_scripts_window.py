"""The window and issue 17: Kazakh in Latin as a fourth language; the Reports page prints kk-Latn and warns when
a character could not be drawn."""

from __future__ import annotations

from typing import Any

from desk import i18n
from desk.services import associations


def test_the_language_menu_offers_kazakh_in_latin_and_the_window_follows(
    make_window: Any, demo_workspace: Any
):
    window = make_window(demo_workspace)
    try:
        action = window.language_actions["kk-Latn"]
        assert action.text() == "Qazaqşa (latyn)"
        action.trigger()  # View ▸ Language ▸ Qazaqşa (latyn): saved as the data folder's language
        assert i18n.current_language() == "kk-Latn" and window.ctx.language == "kk-Latn"
        from desk.services.workspace import saved_language

        assert saved_language(demo_workspace.home.root) == "kk-Latn"
        assert window.menuBar().actions()[0].text() == i18n.gettext_for("kk-Latn")("&File") == "&Fail"
        page = window.show_page("associations")
        assert page.view.model.rowCount() > 0
        model = page.view.model
        heads = [
            model.headerData(c, __import__("desk.ui.qt", fromlist=["Qt"]).Qt.Orientation.Horizontal)
            for c in range(model.columnCount())
        ]
        name_col = heads.index(i18n.gettext_for("kk-Latn")("Name"))
        names = [model.index(r, name_col).data() for r in range(min(40, model.rowCount()))]
        # names and terms in Latin (the leader's name is shown as entered)
        assert names and all(not any("\u0400" <= ch <= "\u04ff" for ch in n) for n in names), names[:3]
        reports = window.show_page("reports")
        assert reports.lang_box.findData("kk-Latn") >= 0
        assert reports.lang_box.itemText(reports.lang_box.findData("all")) == i18n.gettext_for("kk-Latn")(
            "All four versions (Kazakh in both scripts)"
        )
    finally:
        i18n.set_language("en")


def test_the_reports_page_warns_about_characters_no_font_draws(
    make_window: Any, demo_workspace: Any, qtbot: Any
):
    associations.REGISTER.create(
        demo_workspace,
        {"name_kk": "Таңба \U0010fffd", "ethnic_group": "korean", "legal_status": "initiative"},
    )
    window = make_window(demo_workspace)
    page = window.show_page("reports")
    page.report_box.setCurrentIndex(page.report_box.findData("associations"))
    page.lang_box.setCurrentIndex(page.lang_box.findData("kk-Latn"))
    task = page.make_preview()
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: "U+10FFFD" in page.status.text(), timeout=10000)
    assert "\ufffd" in page.status.text()


def test_the_window_draws_every_script_and_warns_about_what_no_font_has(
    make_window: Any, demo_workspace: Any, qtbot: Any
) -> None:
    from desk.ui import glyphs
    from desk.ui.qt import QApplication, QLineEdit, Qt

    # the bundled faces are the window's too: Arabic, Hebrew, Georgian, Armenian, Chinese, Korean, emoji
    assert glyphs.undrawable("مركز מרכז ქართული Հայկական 中文 고려인 ✓ 🙂 Қазақ") == []
    assert glyphs.undrawable("x\U0010fffd") == ["\U0010fffd"]
    window = make_window(demo_workspace)
    page = window.show_page("associations")
    page.new_record()
    field = page.findChild(QLineEdit, "field_name_kk")
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(field.hasFocus)
    field.setText("Орталық \U0010fffd")
    window.nav.setFocus(Qt.FocusReason.TabFocusReason)
    watcher = glyphs.install(QApplication.instance())
    qtbot.waitUntil(lambda: "U+10FFFD" in watcher.last, timeout=5000)
    assert field.hasFocus() is False, field.objectName()
    assert watcher.last == window.statusBar().currentMessage(), (
        watcher.last,
        window.statusBar().currentMessage(),
    )
    assert "\ufffd" in window.statusBar().currentMessage()
    QApplication.processEvents()
