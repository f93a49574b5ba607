"""The window on the clerks' screens (issue 12, point 5): 1366×768 and 1024×768 at 100% and at 150% Windows scaling
(QT_SCALE_FACTOR=1.5 gives the same layout in logical pixels as a window 1.5 times smaller, which is what is tested
here), in Kazakh, Russian and English: the window can be that small, every form's Save is wholly in view without
scrolling, and the first window fits the screen's available area."""

from __future__ import annotations

from typing import Any

import pytest

from desk import i18n
from desk.ui.qt import QRect, QScrollArea, QWidget

TASKBAR, FRAME_W, FRAME_H = 40, 16, 40


def window_sizes() -> dict[str, tuple[int, int]]:
    """The room a maximised window's contents get on each screen (taskbar and window frame taken off)."""
    sizes = {}
    for screen_w, screen_h in ((1366, 768), (1024, 768)):
        for scale in (1.0, 1.5):
            w, h = round(screen_w / scale), round(screen_h / scale)
            sizes[f"{screen_w}x{screen_h}@{int(scale * 100)}%"] = (w - FRAME_W, h - TASKBAR - FRAME_H)
    return sizes


def settle() -> None:
    """Deliver the posted layout requests (they make the window's minimum size and the geometry of everything in
    it current); no waiting on a clock."""
    from desk.ui.qt import QApplication

    for _ in range(4):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def wholly_in_view(widget: QWidget) -> bool:
    """Shown, and not cut by the window's edge or by any scroll area or parent around it."""
    if not widget.isVisible():
        return False
    rect = widget.rect()
    parent = widget
    while parent.parentWidget() is not None:
        ancestor = parent.parentWidget()
        mapped = QRect(widget.mapTo(ancestor, rect.topLeft()), rect.size())
        if isinstance(ancestor, QScrollArea):
            viewport = ancestor.viewport()
            mapped = QRect(widget.mapTo(viewport, rect.topLeft()), rect.size())
            if not viewport.rect().contains(mapped):
                return False
        elif not ancestor.rect().contains(mapped):
            return False
        parent = ancestor
    return True


def _saves(window: Any) -> list[tuple[str, Any, QWidget]]:
    """(where, how to open it, its Save button) for every form of the window."""
    out: list[tuple[str, Any, QWidget]] = []
    for key in ("associations", "houses", "persons"):
        page = window.page(key)
        for view in page.views:

            def open_new(page=page, view=view, key=key) -> None:
                window.show_page(key)
                if page.tabs is not None:
                    page.tabs.setCurrentWidget(view)
                view.new_record()

            out.append((f"{key}/{view.spec.key}", open_new, view.form.save_button))

            def open_first(page=page, view=view, key=key) -> None:
                open_new(page, view, key)
                view.open_row(0)

            out.append((f"{key}/{view.spec.key}/record", open_first, view.form.save_button))
    meetings = window.page("meetings")
    for tab, button in (
        (meetings.form, meetings.form.save_button),
        (meetings.attendance, meetings.attendance.save_button),
        (meetings.decisions, meetings.decisions.save_button),
    ):

        def open_tab(tab=tab) -> None:
            window.show_page("meetings")
            meetings.tabs.setCurrentIndex(0)
            if meetings.meeting_id is None and meetings.list_model.rows:
                meetings.select_meeting(meetings.list_model.row(0).meeting.id)
            meetings.detail.setCurrentWidget(tab)

        out.append((f"meetings/{type(tab).__name__}", open_tab, button))
    plan = window.page("plan")
    out.append(("plan", lambda: (window.show_page("plan"), plan.new_record()), plan.save_button))
    reports = window.page("reports")
    out.append(("reports", lambda: window.show_page("reports"), reports.save_button))
    return out


SIZES = window_sizes()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_forms_save_is_in_view_on_every_screen(make_window, demo_workspace, qtbot, lang, size):
    i18n.set_language(lang)
    window = make_window(demo_workspace)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    saves = _saves(window)
    for key in ("associations", "houses", "persons"):
        for view in window.page(key).views:
            qtbot.waitUntil(lambda v=view: not v.model.busy and v.model.rowCount() > 0, timeout=5000)
    problems = []
    for name, (width, height) in [
        ("1280x800", (1280, 800)),
        (size, SIZES[size]),
    ]:  # from wide to the screen's
        window.resize(width, height)
        for where, open_it, button in saves:
            open_it()
            settle()
            least = window.minimumSizeHint().expandedTo(window.minimumSize())
            if least.width() > width or least.height() > height:
                problems.append(
                    f"{name}: the window cannot be {width}×{height} (it needs at least "
                    f"{least.width()}×{least.height()}) on {where}"
                )
            elif not wholly_in_view(button):
                problems.append(f"{name}: Save not wholly in view on {where}")
    assert problems == [], "\n".join(problems)


def test_the_first_window_fits_the_screens_available_area(qtbot, workspace):
    from desk.ui.app import application, open_main_window

    application()
    window = open_main_window(workspace)
    qtbot.addWidget(window)
    try:
        area = window.screen().availableGeometry()
        assert window.width() + window.FRAME_ALLOWANCE.width() <= area.width()
        assert window.height() + window.FRAME_ALLOWANCE.height() <= area.height()
        for screen in (QRect(0, 0, 1366, 728), QRect(0, 0, 1024, 728), QRect(0, 0, 911, 472)):
            window.resize(1280, 800)
            window.fit_to_screen(screen)
            assert window.width() + window.FRAME_ALLOWANCE.width() <= screen.width()
            assert window.height() + window.FRAME_ALLOWANCE.height() <= screen.height()
            assert screen.contains(QRect(window.pos(), window.size()))
    finally:
        window.ctx.close()
