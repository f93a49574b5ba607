"""Clear words (issue 12, point 8): the window never tells a clerk to type a `desk …` command; the window title
names the program once; each catalog spells ё one way."""

from __future__ import annotations

import re
from pathlib import Path

from desk import APP_NAME
from desk.ui.qt import QGuiApplication


def test_export_without_a_recipient_asks_for_it_on_the_page_before_the_folder(
    make_window, workspace, monkeypatch
):
    window = make_window(workspace)
    page = window.show_page("sync")
    asked: list[str] = []
    monkeypatch.setattr(page, "ask_folder", lambda: asked.append("folder") or "")
    assert page.export(full=True) is None
    assert asked == []  # the folder is not asked for in vain
    assert "desk " not in page.status.text() and "recipient" in page.status.text()
    assert page.recipient_edit.hasFocus() or page.recipient_edit.isVisible()


def test_the_window_title_names_the_program_once(make_window, workspace):
    window = make_window(workspace)
    title = window.windowTitle()
    assert title.count(APP_NAME) == 1
    assert title.endswith(QGuiApplication.applicationDisplayName())  # so the platform does not add it again


def test_no_ui_message_names_a_desk_command():
    root = Path(__file__).resolve().parents[2] / "desk" / "ui"
    found = []
    for path in root.rglob("*.py"):
        for match in re.finditer(r'N?_\(\s*"([^"]*)"', path.read_text(encoding="utf-8")):
            if re.search(
                r"\bdesk (sync|central|key|init|demo|bundle|backup|restore|import|export)\b", match.group(1)
            ):
                found.append(f"{path.name}: {match.group(1)}")
    assert found == []


def test_each_catalog_spells_yo_one_way():
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2] / "i18n"
    for lang in ("kk", "ru"):
        with (root / lang / "LC_MESSAGES" / "desk.po").open("rb") as fh:
            catalog = read_po(fh)
        words: set[str] = set()
        for message in catalog:
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in texts:
                words.update(w.lower() for w in re.findall(r"[^\W\d_]+", text or ""))
        both = sorted(w for w in words if "ё" in w and w.replace("ё", "е") in words)
        assert both == [], f"{lang}: {both}"
        if lang == "ru":
            assert not any("ё" in w for w in words)  # the catalog writes е (as most of it did)


def test_an_empty_list_says_why(make_window, workspace, qtbot):
    from desk.services import associations

    window = make_window(workspace)
    view = window.show_page("associations").view
    qtbot.waitUntil(lambda: not view.model.busy, timeout=5000)
    assert view.empty_label.isVisible() and "New" in view.empty_label.text()
    associations.REGISTER.create(
        workspace, {"name_ru": "Греческое общество", "ethnic_group": "greek", "legal_status": "initiative"}
    )
    view.refresh()
    qtbot.waitUntil(lambda: not view.model.busy and view.model.rowCount() == 1, timeout=5000)
    assert not view.empty_label.isVisible()
    view.search.setText("zzz")
    view.apply_search()
    qtbot.waitUntil(lambda: not view.model.busy and view.model.total == 0, timeout=5000)
    assert view.empty_label.isVisible() and "zzz" in view.empty_label.text()
    view.search.clear()
    view.apply_search()
    view.filter_widgets["ethnic_group"].set_value("tatar")
    qtbot.waitUntil(lambda: not view.model.busy and view.model.total == 0, timeout=5000)
    assert "filters" in view.empty_label.text()


def test_the_governance_tables_say_why_they_are_empty(make_window, workspace, qtbot):
    window = make_window(workspace)
    meetings_page = window.show_page("meetings")
    assert "New meeting" in meetings_page.list_view.empty_reason()
    assert "New decision" in meetings_page.decisions.view.empty_reason()
    assert "save a new meeting first" in meetings_page.attendance.view.empty_reason()
    control = meetings_page.control
    assert "Decisions tab" in control.view.empty_reason()
    control.only_overdue.setChecked(True)
    assert control.view.empty_reason() == "No item is overdue."
    plan_page = window.show_page("plan")
    assert "New plan item" in plan_page.view.empty_reason()
    assert "Link" in plan_page.events_view.empty_reason()
    plan_page.view.grab()  # painted with its reason (no error in the paint)
