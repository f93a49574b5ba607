"""Search-as-you-type: a keystroke never waits for the database on the UI thread; the rows and then the total
arrive from background reads, and a stale answer never replaces a newer one."""

from __future__ import annotations

import threading
from typing import Any

from desk.domain.text import fold_words
from desk.services import persons
from desk.services.records import ListQuery
from desk.ui.qt import QApplication, QEvent, QKeyEvent, Qt


def _type(widget: Any, text: str) -> None:
    """Key presses carrying each letter (QTest.keyClicks takes ASCII only; Kazakh names are not)."""
    for letter in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, letter)
            )


class _Spy:
    """Forwards to the register and notes, for every read, whether the UI thread made it."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.cls = real.cls
        self.calls: list[tuple[str, bool, bool]] = []  # (what, on the UI thread, with the total)

    def _note(self, what: str, with_total: bool) -> None:
        self.calls.append((what, threading.current_thread() is threading.main_thread(), with_total))

    def list_page(self, ws: Any, q: ListQuery, *, with_total: bool = True) -> Any:
        self._note("page", with_total)
        return self.real.list_page(ws, q, with_total=with_total)

    def count(self, ws: Any, q: ListQuery) -> int:
        self._note("count", True)
        return self.real.count(ws, q)

    def get(self, ws: Any, record_id: str) -> Any:
        return self.real.get(ws, record_id)


def test_typing_refilters_the_rows_without_counting_on_the_ui_thread(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    view = window.show_page("persons").view
    model = view.model
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)
    everyone = model.total
    person = persons.REGISTER.list_page(demo_workspace, ListQuery(limit=1, sort="birth_date")).rows[0]
    # The longest start of a surname that still matches more people than one page: then a total is needed.
    word = next(
        person.surname[:n]
        for n in range(len(person.surname), 0, -1)
        if persons.REGISTER.count(demo_workspace, ListQuery(text=person.surname[:n])) > model.page_size
    )
    spy = _Spy(model.register)
    model.register = spy

    window.act_find.trigger()
    _type(view.search, word)
    assert view.search.text() == word
    qtbot.waitUntil(lambda: model.query.text == word and not model.busy, timeout=5000)

    expected = persons.REGISTER.count(demo_workspace, ListQuery(text=word))
    assert 0 < expected < everyone
    assert model.total == expected
    assert str(expected) in view.count_label.text()
    ids = {model.record(i).id for i in range(model.rowCount())}
    assert model.rowCount() == model.page_size and len(ids) == model.page_size
    folded = fold_words(word)[0]
    for i in range(model.rowCount()):  # every row shown matches what was typed
        record = model.record(i)
        words = fold_words(" ".join([record.surname, record.given_name, record.patronymic, record.iin or ""]))
        assert any(w.startswith(folded) for w in words), record.full_name()
    # The search read its page and its total in the background; the UI thread never counted.
    assert ("count", False, True) in spy.calls
    assert all(not on_ui for _what, on_ui, _total in spy.calls), spy.calls
    assert all(not total for what, _on_ui, total in spy.calls if what == "page")
    # Typing fast searched once, for the whole word (the keystrokes were gathered), not once a letter.
    assert sum(1 for what, *_r in spy.calls if what == "page") == 1


def test_a_stale_answer_never_replaces_a_newer_one(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    view = window.show_page("persons").view
    model = view.model
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)
    person = persons.REGISTER.list_page(demo_workspace, ListQuery(limit=1, sort="birth_date")).rows[0]
    gate = threading.Event()
    real = model.register

    class Slow(_Spy):
        def list_page(self, ws: Any, q: ListQuery, *, with_total: bool = True) -> Any:
            if q.text == "а":
                gate.wait(5)  # the first answer is held back until the second has been shown
            return super().list_page(ws, q, with_total=with_total)

    model.register = Slow(real)
    model.set_text("а")
    model.set_text(person.surname)
    qtbot.waitUntil(
        lambda: model.rowCount() > 0 and model.query.text == person.surname and not model.busy, timeout=5000
    )
    gate.set()
    window.ctx.reads.wait(5000)
    qtbot.waitUntil(lambda: not window.ctx.reads.pending(), timeout=5000)
    assert person.id in {model.record(i).id for i in range(model.rowCount())}
    assert model.total == persons.REGISTER.count(demo_workspace, ListQuery(text=person.surname))
