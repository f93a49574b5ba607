"""Ctrl+C on a table's selected rows copies them as tab-separated text with the column headings first: pasted into
Excel (or LibreOffice) it fills one row a record, one column a visible column, in the order shown."""

from __future__ import annotations

from typing import Any

from desk.ui.qt import QAction, QApplication, QKeySequence, Qt, QTableView


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.replace("\t", " ").splitlines())


def rows_as_tsv(view: QTableView) -> str:
    """The selected rows (or the current one) of `view` as TSV, headings first, lines ending in CR LF."""
    model = view.model()
    header = view.horizontalHeader()
    columns = [
        header.logicalIndex(v)
        for v in range(header.count())
        if not header.isSectionHidden(header.logicalIndex(v))
    ]
    selection = view.selectionModel()
    rows = sorted({index.row() for index in selection.selectedRows()}) if selection is not None else []
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    lines = [
        "\t".join(
            _cell(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
            for c in columns
        )
    ]
    for row in rows:
        lines.append(
            "\t".join(_cell(model.data(model.index(row, c), Qt.ItemDataRole.DisplayRole)) for c in columns)
        )
    return "\r\n".join(lines) + "\r\n"


def copy_rows(view: QTableView) -> str:
    text = rows_as_tsv(view)
    QApplication.clipboard().setText(text)
    return text


def install_copy(view: QTableView) -> QAction:
    """Ctrl+C (the platform's Copy) on `view` copies its selected rows; several rows can be selected (Shift, Ctrl)."""
    view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
    action = QAction(view)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda _checked=False: copy_rows(view))
    view.addAction(action)
    return action
