"""A pseudo-language whose every string is 40% longer than the Kazakh one (Vorta's TRANS_SCALE, issue 12 point 5):
on a 1366×768 and a 1024×768 screen no label or button of any page or form is clipped, and messages under fields
wrap without running into the field below."""

from __future__ import annotations

import gettext
import math

import pytest

from desk import i18n
from desk.ui.qt import QAbstractButton, QApplication, QLabel, QRect, QScrollArea, QWidget
from tests.ui.test_screens import settle

PAD = "әғқң"


def lengthen(text: str) -> str:
    """`text` 40% longer (words of Kazakh letters appended; placeholders and markup left alone)."""
    if not text.strip() or text.startswith("<"):
        return text
    extra = math.ceil(len(text) * 0.4)
    words = " ".join(PAD for _ in range(max(1, extra // (len(PAD) + 1))))
    return f"{text} {words}"[: len(text) + max(extra, 2)] if extra > len(PAD) else text + "ә" * extra


class Pseudo(gettext.NullTranslations):
    def __init__(self, base: gettext.NullTranslations) -> None:
        super().__init__()
        self.base = base

    def gettext(self, message: str) -> str:
        return lengthen(self.base.gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return lengthen(self.base.ngettext(msgid1, msgid2, n))


@pytest.fixture
def pseudo_kazakh(monkeypatch):
    monkeypatch.setitem(i18n._cache, "kk", Pseudo(i18n.translations("kk")))
    i18n.set_language("kk")
    yield
    i18n.reload_catalogs()


def clipped(widget: QWidget) -> str | None:
    """Why `widget` (a label or a button) does not show its whole text, or None."""
    rect = widget.rect()
    ancestor = widget.parentWidget()
    while ancestor is not None:
        area = ancestor.viewport() if isinstance(ancestor, QScrollArea) else ancestor
        mapped = QRect(widget.mapTo(area, rect.topLeft()), rect.size())
        if isinstance(ancestor, QScrollArea):
            # Inside a scroll area it may be scrolled out of view, never cut sideways.
            if mapped.left() < 0 or mapped.right() > area.width() - 1:
                return "cut at the side of a scroll area"
            break  # up and down it scrolls into view
        elif not ancestor.rect().contains(mapped) and ancestor.isWindow():
            return "outside the window"
        ancestor = ancestor.parentWidget()
    if isinstance(widget, QLabel):
        if widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                return f"wrapped text needs {widget.heightForWidth(widget.width())} px, has {widget.height()}"
        elif widget.width() < widget.sizeHint().width():
            return f"needs {widget.sizeHint().width()} px, has {widget.width()}"
    elif isinstance(widget, QAbstractButton) and widget.text():
        if widget.width() < widget.minimumSizeHint().width():
            return f"button needs {widget.minimumSizeHint().width()} px, has {widget.width()}"
    return None


def _overlapping_messages(window) -> list[str]:
    """Messages under fields (object name fieldMessage) that overlap a sibling in their form."""
    found = []
    for message in window.findChildren(QLabel, "fieldMessage"):
        if not message.isVisible() or not message.text():
            continue
        cell = message.parentWidget()
        mine = QRect(message.mapTo(window, message.rect().topLeft()), message.size())
        form = cell.parentWidget() if cell is not None else None
        for other in form.findChildren(QWidget) if form is not None else []:
            if other is message or other.isAncestorOf(message) or message.isAncestorOf(other):
                continue
            if not other.isVisible() or other.parentWidget() is not form:
                continue
            theirs = QRect(other.mapTo(window, other.rect().topLeft()), other.size())
            if mine.intersects(theirs):
                found.append(f"{message.text()[:30]!r} overlaps {type(other).__name__} {other.objectName()}")
    return found


@pytest.mark.parametrize("size", [(1350, 688), (1008, 688)], ids=["1366x768", "1024x768"])
def test_no_label_or_button_is_clipped_in_a_language_40_percent_longer(
    make_window, demo_workspace, qtbot, pseudo_kazakh, size
):
    window = make_window(demo_workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    window.resize(*size)
    problems: list[str] = []
    for key in window.page_keys():
        page = window.show_page(key)
        for view in getattr(page, "views", []):
            if page.tabs is not None:
                page.tabs.setCurrentWidget(view)
            view.new_record()
            view.save()  # an empty record is refused: every message shows under its field
            settle()
            problems += [f"{key}/{view.spec.key}: {p}" for p in _overlapping_messages(window)]
            problems += _clipped_in(window, f"{key}/{view.spec.key}")
        qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
        settle()
        problems += _clipped_in(window, key)
    least = window.minimumSizeHint()
    assert least.width() <= size[0] and least.height() <= size[1], least
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))


def _clipped_in(window, where: str) -> list[str]:
    out = []
    for widget in window.centralWidget().findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisible():
            continue
        if type(widget).__name__ in {"QCheckBox"} and not widget.text():
            continue
        why = clipped(widget)
        if why:
            out.append(f"{where}: {type(widget).__name__} {widget.text()[:40]!r}: {why}")
    return out


def test_the_pseudo_language_is_longer():
    assert len(lengthen("Save")) >= len("Save") * 1.4
    assert len(lengthen("Start date")) >= len("Start date") * 1.4
    assert lengthen("{field}: x").startswith("{field}: x")


def test_the_check_finds_a_clipped_label(qtbot):
    from desk.ui.qt import QHBoxLayout

    assert QApplication.instance() is not None
    box = QWidget()
    qtbot.addWidget(box)
    layout = QHBoxLayout(box)
    label = QLabel(lengthen("Мүшелер саны көрсетілген күн"))
    layout.addWidget(label)
    box.show()
    box.setFixedWidth(60)  # narrower than the label needs: Qt squeezes it
    settle()
    assert clipped(label) is not None
    box.setFixedWidth(label.sizeHint().width() + 40)
    settle()
    assert clipped(label) is None
