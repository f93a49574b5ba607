"""Excel habits (issue 12, point 7): Ctrl+C on selected rows copies them as tab-separated text with the headings
(pastes into Excel); the events register opens newest first. (The report preview's zoom: test_reports_page.py.)"""

from __future__ import annotations

from desk.ui.qt import QApplication, QItemSelectionModel, QKeySequence, Qt


def test_ctrl_c_copies_the_selected_rows_with_the_headings(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    view = window.show_page("associations").view
    qtbot.waitUntil(lambda: not view.model.busy and view.model.rowCount() > 3, timeout=5000)
    selection = view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(view.model.index(0, 0), flags)
    selection.select(view.model.index(2, 0), flags)
    view.table.setFocus()
    QApplication.clipboard().clear()
    qtbot.keySequence(view.table, QKeySequence(QKeySequence.StandardKey.Copy))
    text = QApplication.clipboard().text()
    lines = text.split("\r\n")
    assert lines[-1] == "" and len(lines) == 4  # headings, two rows, the final line end
    header = view.table.horizontalHeader()
    shown = [
        view.model.headerData(header.logicalIndex(v), Qt.Orientation.Horizontal)
        for v in range(header.count())
        if not header.isSectionHidden(header.logicalIndex(v))
    ]
    assert lines[0].split("\t") == shown
    assert lines[1].split("\t")[0] == view.model.data(view.model.index(0, header.logicalIndex(0)))
    assert lines[2].split("\t")[0] == view.model.data(view.model.index(2, header.logicalIndex(0)))
    assert all(len(line.split("\t")) == len(shown) for line in lines[:3])


def test_events_open_newest_first(make_window, demo_workspace, qtbot):
    window = make_window(demo_workspace)
    page = window.show_page("houses")
    view = page.show_register("events")
    qtbot.waitUntil(lambda: not view.model.busy and view.model.rowCount() > 3, timeout=5000)
    assert view.model.query.sort == "start_date" and view.model.query.descending
    dates = [view.model.record(r).start_date for r in range(view.model.rowCount())]
    assert dates == sorted(dates, reverse=True)
