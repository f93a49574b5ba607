"""What the window does to fit 150% scaling on a 1024×768 screen (about 667×432 logical px): a list and its detail one
at a time, a way back to the list, buttons in one row when there is room, navigation titles never cut."""

from __future__ import annotations

from desk import i18n
from desk.ui.qt import QPushButton, QRect, Qt, QWidget
from tests.ui.test_screens import settle

NARROW, WIDE = (667, 432), (1280, 800)


def test_a_register_shows_the_open_form_alone_in_a_narrow_window_and_the_list_again_after_close(
    make_window, demo_workspace, qtbot
):
    window = make_window(demo_workspace)
    page = window.show_page("associations")
    view = page.views[0]
    qtbot.waitUntil(lambda: not view.model.busy and view.model.rowCount() > 0, timeout=5000)
    window.resize(*NARROW)
    settle()
    assert view.left.isVisible() and not view.detail.isVisible()  # nothing open: the list
    view.open_row(0)
    settle()
    assert view.detail.isVisible() and not view.left.isVisible()  # the form alone, its Save in view
    assert view.splitter.narrow()
    window.resize(*WIDE)
    settle()
    assert view.detail.isVisible() and view.left.isVisible()  # room for both again
    window.resize(*NARROW)
    settle()
    assert not view.left.isVisible()
    assert view.close_form()
    settle()
    assert view.left.isVisible() and not view.detail.isVisible()


def test_meetings_in_a_narrow_window_go_back_to_the_list_and_forward_to_a_meeting(
    make_window, demo_workspace, qtbot
):
    window = make_window(demo_workspace)
    page = window.show_page("meetings")
    assert page.list_model.rows
    page.select_meeting(page.list_model.row(0).meeting.id)
    window.resize(*WIDE)
    settle()
    assert not page.back_button.isVisible()  # side by side: no need
    window.resize(*NARROW)
    settle()
    left = page.splitter.list_pane
    assert page.back_button.isVisible() and page.right.isVisible() and not left.isVisible()
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    settle()
    assert left.isVisible() and not page.right.isVisible()
    index = page.list_model.index(1, 0)
    rect = page.list_view.visualRect(index)
    qtbot.mouseClick(page.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()
    assert page.right.isVisible() and not left.isVisible()
    assert page.meeting_id == page.list_model.row(1).meeting.id
    page.splitter.show_list()
    settle()
    assert page.new_record()  # a new meeting comes to the front as well
    settle()
    assert page.right.isVisible() and not left.isVisible()


def test_form_buttons_take_one_row_when_there_is_room_and_two_when_not(qtbot):
    from desk.ui.button_rows import ButtonRows

    first = [QPushButton("New decision"), QPushButton("Save the decision")]
    second = [QPushButton("Delete the decision")]
    rows = ButtonRows(first, second)
    holder = QWidget()
    qtbot.addWidget(holder)
    rows.setParent(holder)
    holder.show()
    rows.resize(rows.one_row_width() + 20, 40)
    settle()
    assert first[0].y() == second[0].y()
    one = rows.minimumSizeHint().height()
    rows.resize(rows.one_row_width() - 20, 80)
    settle()
    assert second[0].y() > first[0].y()
    assert rows.minimumSizeHint().height() > one
    assert all(b.geometry().right() < rows.width() for b in (*first, *second))


def test_no_navigation_title_is_cut_after_another_language_or_a_narrower_window(
    make_window, workspace, qtbot
):
    window = make_window(workspace)
    nav = window.nav
    for lang, size in (("kk", WIDE), ("kk-Latn", WIDE), ("ru", NARROW), ("kk-Latn", NARROW), ("en", NARROW)):
        window.ctx.set_language(lang)
        window.resize(*size)
        settle()
        metrics = nav.fontMetrics()
        for row in range(nav.count()):
            item = nav.item(row)
            rect = nav.visualItemRect(item)
            needed = metrics.boundingRect(
                QRect(0, 0, rect.width() - 12, 10_000), int(Qt.TextFlag.TextWordWrap), item.text()
            )
            assert needed.height() <= rect.height(), (lang, size, item.text(), needed, rect)
    i18n.set_language("en")
