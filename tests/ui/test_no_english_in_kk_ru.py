"""In Kazakh and Russian no page, form or menu shows English words or a catalog's header: the visible texts of every
widget (labels, buttons, tabs, group titles, placeholders, combo entries, column headings, menus) are checked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from desk.ui import qt as Q

LATIN_WORD = re.compile(r"(?<![\w.@/+-])[A-Za-z]{3,}")
ALLOWED = {
    "Dostyq",
    "Desk",
    "Ctrl",
    "English",
    "Qazaq",
    "latyn",
    "Excel",
    "CSV",
    "PDF",
    "age",
    "Esc",
    "Shift",
    "Del",
    "Qt",
    "SQLite",
    "PostgreSQL",
}
"""Names that stay as they are in every language (the program, keys, file formats, database engines, the English language and
Kazakh in Latin: "Qazaqşa (latyn)" in the language menu)."""


def _texts(root: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(Q.QWidget)]:
        if not w.isVisibleTo(root) and w is not root and not isinstance(w, Q.QMenu):
            continue
        if isinstance(w, (Q.QLabel, Q.QAbstractButton)) and w.objectName() != "statusDetails":
            found.append((type(w).__name__, w.text()))
        if isinstance(w, Q.QGroupBox):
            found.append(("group", w.title()))
        if isinstance(w, Q.QLineEdit):
            found.append(("placeholder", w.placeholderText()))
        if isinstance(w, Q.QTabWidget):
            found += [("tab", w.tabText(i)) for i in range(w.count())]
        if isinstance(w, Q.QComboBox):
            found += [("combo", w.itemText(i)) for i in range(min(w.count(), 60))]
        if isinstance(w, Q.QTableView):
            model, header = w.model(), w.horizontalHeader()
            found += [
                ("heading", str(model.headerData(c, Q.Qt.Orientation.Horizontal) or ""))
                for c in range(header.count())
            ]
        if isinstance(w, Q.QMenu):
            found += [("menu", a.text()) for a in w.actions()]
    return found


def _english(texts: list[tuple[str, str]], own: list[str]) -> list[tuple[str, str]]:
    bad = []
    for kind, text in texts:
        if "Project-Id-Version" in text or "Plural-Forms" in text:
            bad.append((kind, text[:60]))
            continue
        for value in own:  # the operator's name and the data folder are the clerk's own
            text = text.replace(value, "")
        words = {
            w for w in LATIN_WORD.findall(text) if not re.fullmatch(r"[0-9A-F]+", w)
        } - ALLOWED  # key prints
        if words:
            bad.append((kind, text))
    return bad


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_page_or_form_shows_english(make_window, workspace, qtbot, lang):
    window = make_window(workspace)
    window.ctx.set_language(lang)
    problems: list[tuple[str, str, str]] = []
    own = [str(workspace.home.root), workspace.operator]
    for key in window.page_keys():
        page = window.show_page(key)
        qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
        problems += [(key, *p) for p in _english(_texts(window), own)]
        for view in getattr(page, "views", []):  # a register's form open on a new record, with its choices
            if getattr(page, "tabs", None) is not None:
                page.tabs.setCurrentWidget(view)
            view.new_record()
            view.save()  # refused: the messages beside the fields show too
            problems += [(f"{key} form", *p) for p in _english(_texts(window), own)]
            view.close_form() if hasattr(view, "close_form") else None
    for menu in window.menuBar().findChildren(Q.QMenu):
        problems += [("menu", *p) for p in _english(_texts(menu), own)]
    assert problems == []


def test_a_loaded_long_value_shows_from_its_beginning(qapp):
    from desk.ui.widgets import LineEdit

    edit = LineEdit()
    edit.resize(80, 24)
    edit.setText("Дом дружбы, конференц-зал на втором этаже")
    assert edit.cursorPosition() == 0  # QLineEdit would stand at the end and show only the tail
