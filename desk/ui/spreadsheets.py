"""Spreadsheets in the window: the import wizard (File ▸ Import from a spreadsheet…) and the Export button of each
register.

The wizard walks through file, sheet, mapping, check (a dry run with the report per row) and import; every step
that reads the file or the database runs off the UI thread through `ctx.tasks`. A district the region does not know
yet is added only when the user ticks the box that names it. The import can be undone from its last page.

The Export button writes what the register shows (its search text, filters, sort and archived choice) to .xlsx or
.csv, with headers in the window's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk.i18n import N_, _, ngettext
from desk.spreadsheets import fields as F
from desk.spreadsheets.headers import Layout
from desk.ui.context import AppContext
from desk.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QStackedWidget,
    Qt,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from desk.ui.tasks import Task

if TYPE_CHECKING:
    from desk.spreadsheets import importer


def _importer() -> Any:
    """The spreadsheet importer (openpyxl, the reader, the matching), loaded when a wizard first needs it: the
    window's start does not pay for it."""
    from desk.spreadsheets import importer

    return importer


STEPS = (N_("File"), N_("Sheet"), N_("Columns"), N_("Check"), N_("Import"))
LEVELS = {"error": N_("refused"), "warning": N_("warning"), "skipped": N_("duplicate"), "note": N_("note")}
PAGE_KINDS = {"associations": "associations", "persons": "persons", "houses": "events"}


class IssuesModel(QAbstractTableModel):
    """The dry run's report: row, column, message, what happens to the row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.issues: list[importer.Issue] = []

    def set_issues(self, issues: list[importer.Issue]) -> None:
        self.beginResetModel()
        self.issues = list(issues)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 4

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        issue = self.issues[index.row()]
        return (str(issue.row), issue.column, issue.message, _(LEVELS.get(issue.level, issue.level)))[
            index.column()
        ]

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt's name
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Row"), _("Column"), _("Message"), _("Result"))[section]
        return None


class ImportWizard(QDialog):
    """File → sheet → columns → check → import."""

    def __init__(self, ctx: AppContext, kind: str = "associations", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importWizard")
        self.preview: importer.Preview | None = None
        self.layout_: Layout | None = None
        self.report: importer.Report | None = None
        self.last_task: Task | None = None
        self.step = 0

        self.step_label = QLabel()
        self.step_label.setObjectName("pageTitle")
        self.stack = QStackedWidget()

        # 1. file
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("kind")
        for key in F.KINDS:
            self.kind_box.addItem("", key)
        self.kind_box.setCurrentIndex(F.KINDS.index(kind) if kind in F.KINDS else 0)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path")
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        self.kind_label, self.file_label = QLabel(), QLabel()
        self.file_hint = QLabel()
        self.file_hint.setWordWrap(True)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.kind_label, self.kind_box)
        form.addRow(self.file_label, file_row)
        form.addRow(self.file_hint)
        self.stack.addWidget(page)

        # 2. sheet
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("sheet")
        self.sheet_box.activated.connect(lambda _i: self.load_preview(self.sheet_box.currentData()))
        self.sheet_label = QLabel()
        self.header_label = QLabel()
        self.rows_table = QTableWidget()
        self.rows_table.setObjectName("previewRows")
        self.rows_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        page = QWidget()
        box = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self.sheet_label)
        row.addWidget(self.sheet_box, 1)
        box.addLayout(row)
        box.addWidget(self.header_label)
        box.addWidget(self.rows_table, 1)
        self.stack.addWidget(page)

        # 3. columns
        self.mapping_hint = QLabel()
        self.mapping_hint.setWordWrap(True)
        self.mapping_table = QTableWidget()
        self.mapping_table.setObjectName("mapping")
        self.mapping_table.setColumnCount(3)
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.field_boxes: list[QComboBox] = []
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.mapping_hint)
        box.addWidget(self.mapping_table, 1)
        self.stack.addWidget(page)

        # 4. check (dry run)
        self.duplicate_label = QLabel()
        self.duplicate_box = QComboBox()
        self.duplicate_box.setObjectName("onDuplicate")
        for key in _importer().ON_DUPLICATE:
            self.duplicate_box.addItem("", key)
        self.duplicate_box.activated.connect(lambda _i: self.check())
        self.districts_box = QCheckBox()
        self.districts_box.setObjectName("addDistricts")
        self.districts_box.hide()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.issues = IssuesModel(self)
        self.issues_view = QTableView()
        self.issues_view.setObjectName("issues")
        self.issues_view.setModel(self.issues)
        self.issues_view.verticalHeader().hide()
        self.issues_view.setWordWrap(False)
        self.issues_view.horizontalHeader().setStretchLastSection(False)
        self.issues_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        page = QWidget()
        box = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self.duplicate_label)
        row.addWidget(self.duplicate_box, 1)
        box.addLayout(row)
        box.addWidget(self.districts_box)
        box.addWidget(self.summary_label)
        box.addWidget(self.issues_view, 1)
        self.stack.addWidget(page)

        # 5. done
        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undo")
        self.undo_button.clicked.connect(self.undo)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.result_label)
        box.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        self.stack.addWidget(page)

        self.back_button, self.next_button, self.close_button = QPushButton(), QPushButton(), QPushButton()
        self.next_button.setObjectName("next")
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.forward)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(b)
        main = QVBoxLayout(self)
        main.addWidget(self.step_label)
        main.addWidget(self.stack, 1)
        main.addLayout(buttons)
        self.resize(900, 600)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()

    # --- texts ---

    def retranslate(self, *_args: Any) -> None:
        self.setWindowTitle(_("Import from a spreadsheet"))
        for i, key in enumerate(F.KINDS):
            self.kind_box.setItemText(i, _(F.KIND_LABELS[key]))
        self.kind_label.setText(_("Register:"))
        self.file_label.setText(_("File:"))
        self.browse_button.setText(_("Browse…"))
        self.file_hint.setText(
            _(
                "An Excel workbook (.xlsx) or a CSV file (UTF-8 or Windows-1251). The header may "
                "be below a title; columns are recognised in Kazakh, Russian and English."
            )
        )
        self.sheet_label.setText(_("Sheet:"))
        self.mapping_hint.setText(
            _(
                "Check which field each column of the file fills. Columns left out are not "
                "imported; your choices are remembered for the next file."
            )
        )
        self.mapping_table.setHorizontalHeaderLabels([_("Column in the file"), _("First value"), _("Field")])
        self.duplicate_label.setText(_("A record already in the register:"))
        self.duplicate_box.setItemText(0, _("skip it"))
        self.duplicate_box.setItemText(1, _("update it from the file"))
        self.undo_button.setText(_("Undo this import"))
        self.back_button.setText(_("Back"))
        self.close_button.setText(_("Close"))
        self._show_step()

    def _show_step(self) -> None:
        self.stack.setCurrentIndex(self.step)
        self.step_label.setText(
            _("Step {n} of {total}: {title}").format(
                n=self.step + 1, total=len(STEPS), title=_(STEPS[self.step])
            )
        )
        self.back_button.setEnabled(0 < self.step < 4)
        self.next_button.setVisible(self.step < 4)
        self.next_button.setText(_("Import") if self.step == 3 else _("Next"))
        if self.step == 3:
            self.next_button.setEnabled(
                self.report is not None and (self.report.created + self.report.updated) > 0
            )
        else:
            self.next_button.setEnabled(True)
        self.close_button.setText(_("Done") if self.step == 4 else _("Close"))
        if self.districts_box.isVisible() or (self.report and self.report.new_districts):
            self._district_text()

    def _district_text(self) -> None:
        if self.report and self.report.new_districts:
            self.districts_box.setText(
                _("Add the districts the region does not have yet: {names}").format(
                    names=", ".join(self.report.new_districts)
                )
            )

    # --- navigation ---

    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    @property
    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Open a spreadsheet"), "", _("Spreadsheets (*.xlsx *.csv);;All files (*)")
        )
        if name:
            self.path_edit.setText(name)

    def back(self) -> None:
        if self.step > 0:
            self.step -= 1
            self._show_step()

    def forward(self) -> None:
        if self.step == 0:
            if not self.path_edit.text().strip():
                QMessageBox.warning(self, self.windowTitle(), _("Choose the file to import."))
                return
            self.load_preview(None)
        elif self.step == 1:
            self._fill_mapping()
            self._go(2)
        elif self.step == 2:
            self.check()
        elif self.step == 3:
            self.run_import()

    def _go(self, step: int) -> None:
        self.step = step
        self._show_step()

    def _run(self, work: Any, title: str, on_done: Any) -> Task:
        self.last_task = self.ctx.tasks.run(work, title=title, parent=self, on_done=on_done)
        return self.last_task

    # --- steps ---

    def load_preview(self, sheet: str | None) -> Task:
        ws, path, kind = self.ctx.workspace, self.path, self.kind
        return self._run(
            lambda _p: _importer().preview(ws, path, kind, sheet=sheet),
            _("Reading the file"),
            self._previewed,
        )

    def _previewed(self, preview: importer.Preview) -> None:
        self.preview = preview
        self.layout_ = preview.layout
        self.report = None
        self.sheet_box.clear()
        for s in preview.sheets:
            label = s.name if s.layout is not None else _("{sheet} (no header found)").format(sheet=s.name)
            self.sheet_box.addItem(label, s.name)
        self.sheet_box.setCurrentIndex(max(0, [s.name for s in preview.sheets].index(preview.sheet)))
        rows = ", ".join(str(r) for r in preview.layout.header_rows)
        self.header_label.setText(_("Header on row {rows}; the first rows below it:").format(rows=rows))
        columns = preview.layout.columns
        width = max([c.index + 1 for c in columns] + [len(r) for _n, r in preview.rows] + [0])
        self.rows_table.clear()
        self.rows_table.setColumnCount(width)
        self.rows_table.setRowCount(len(preview.rows))
        titles = {c.index: c.title for c in columns}
        self.rows_table.setHorizontalHeaderLabels([titles.get(i, "") for i in range(width)])
        self.rows_table.setVerticalHeaderLabels([str(n) for n, _r in preview.rows])
        for r, (_number, cells) in enumerate(preview.rows):
            for c, value in enumerate(cells):
                self.rows_table.setItem(r, c, QTableWidgetItem(value))
        self._go(1)

    def _fill_mapping(self) -> None:
        assert self.preview is not None and self.layout_ is not None
        columns = self.layout_.columns
        first = {
            c.index: next(
                (
                    cells[c.index]
                    for _n, cells in self.preview.rows
                    if c.index < len(cells) and cells[c.index]
                ),
                "",
            )
            for c in columns
        }
        self.mapping_table.setRowCount(len(columns))
        self.field_boxes = []
        for r, column in enumerate(columns):
            self.mapping_table.setItem(r, 0, QTableWidgetItem(f"{column.letter}: {column.title}"))
            self.mapping_table.setItem(r, 1, QTableWidgetItem(first.get(column.index, "")))
            combo = QComboBox()
            combo.setObjectName(f"field_{column.letter}")
            combo.addItem(_("— leave out —"), "")
            for f in self.preview.fields:
                combo.addItem(_(f.label), f.key)
            combo.setCurrentIndex(max(0, combo.findData(column.field or "")))
            combo.activated.connect(
                lambda _i, index=column.index, box=combo: self.set_field(index, box.currentData())
            )
            self.mapping_table.setCellWidget(r, 2, combo)
            self.field_boxes.append(combo)

    def set_field(self, index: int, key: str | None) -> None:
        """Map a file column to a field (a field fills one column: another column holding it is left out)."""
        assert self.layout_ is not None
        self.layout_.set_field(index, key or None)
        for combo, column in zip(self.field_boxes, self.layout_.columns, strict=True):
            combo.setCurrentIndex(max(0, combo.findData(column.field or "")))
        self.report = None

    def check(self) -> Task | None:
        if self.layout_ is None:
            return None
        if not self.layout_.by_field():
            QMessageBox.warning(self, self.windowTitle(), _("Choose a field for at least one column."))
            return None
        ws, path, kind, layout = self.ctx.workspace, self.path, self.kind, self.layout_
        on_duplicate = str(self.duplicate_box.currentData())
        # The dry run adds the unknown districts, so the report shows what would happen if the user agrees.
        return self._run(
            lambda progress: _importer().run(
                ws,
                path,
                kind,
                layout=layout,
                dry_run=True,
                on_duplicate=on_duplicate,
                add_districts=True,
                progress=progress,
            ),
            _("Checking the rows"),
            self._checked,
        )

    def _checked(self, report: importer.Report) -> None:
        self.report = report
        self.issues.set_issues(report.issues)
        self.issues_view.resizeColumnsToContents()
        text = report.summary()
        if report.refused:
            text += " " + _("Refused rows are not imported; correct them in the file and import it again.")
        self.summary_label.setText(text)
        self.districts_box.setVisible(bool(report.new_districts))
        self._district_text()
        self._go(3)

    def run_import(self) -> Task | None:
        if self.report is None or self.layout_ is None:
            return None
        ws, path, kind, layout = self.ctx.workspace, self.path, self.kind, self.layout_
        on_duplicate = str(self.duplicate_box.currentData())
        add = self.districts_box.isChecked()
        return self._run(
            lambda progress: _importer().run(
                ws,
                path,
                kind,
                layout=layout,
                dry_run=False,
                on_duplicate=on_duplicate,
                add_districts=add,
                progress=progress,
            ),
            _("Importing"),
            self._imported,
        )

    def _imported(self, report: importer.Report) -> None:
        self.report = report
        text = report.summary()
        if report.new_districts:
            text += "\n" + _("Districts added to the region: {names}.").format(
                names=", ".join(report.new_districts)
            )
        if report.refused:
            text += "\n" + ngettext(
                "{n} row was refused: see the report of the check.",
                "{n} rows were refused: see the report of the check.",
                report.refused,
            ).format(n=report.refused)
        self.result_label.setText(text)
        self.undo_button.setEnabled(bool(report.batch_id))
        self._go(4)

    def undo(self) -> Task | None:
        if self.report is None or not self.report.batch_id:
            return None
        ws, batch_id = self.ctx.workspace, self.report.batch_id
        return self._run(lambda _p: _importer().undo(ws, batch_id), _("Undoing the import"), self._undone)

    def _undone(self, result: Any) -> None:
        self.undo_button.setEnabled(False)
        text = _(
            "The import was undone: the records it created were removed and the ones it updated got their old "
            "values back."
        )
        kept = list(getattr(result, "kept", []))
        if kept:  # records changed since the import (or referred to) stay as they are: say which and why
            lines = [f"{k.name or k.record_id}: {k.reason}" for k in kept[:20]]
            text += (
                "\n"
                + ngettext(
                    "{n} record kept as it is now.", "{n} records kept as they are now.", len(kept)
                ).format(n=len(kept))
                + "\n"
                + "\n".join(lines)
            )
        self.result_label.setText(text)


def open_import_wizard(window: Any) -> ImportWizard:
    page = window.current_page()
    kind = PAGE_KINDS.get(getattr(page, "key", ""), "associations")
    wizard = ImportWizard(window.ctx, kind, window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.show()
    return wizard


def add_actions(window: Any) -> None:
    """File ▸ Import from a spreadsheet… (called by desk.ui.main_window)."""
    window.import_action = window.add_menu_action(
        "file", N_("Import from a spreadsheet…"), lambda: open_import_wizard(window)
    )


# --- the Export button of a register ------------------------------------------------------------------------------


class ExportButton(QToolButton):
    """Writes what the register view shows to .xlsx or .csv."""

    def __init__(self, view: Any) -> None:
        super().__init__(view)
        self.view = view
        self.ctx: AppContext = view.ctx
        self.kind = view.spec.key
        self.setObjectName("export")
        self.last_message = ""
        self.clicked.connect(self.ask)
        self.ctx.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, *_args: Any) -> None:
        self.setText(_("Export…"))
        self.setToolTip(_("Save this list, as filtered, to an Excel or CSV file"))

    def ask(self) -> None:
        default = f"{self.kind}-{dt.date.today().isoformat()}.xlsx"
        name, chosen = QFileDialog.getSaveFileName(
            self, _("Export the register"), default, _("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)")
        )
        if name:
            path = Path(name)
            if path.suffix.lower() not in (".xlsx", ".csv"):
                path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
            self.export_to(path)

    def export_to(self, path: Path) -> Task:
        from desk.spreadsheets import exporter

        ws, kind, lang = self.ctx.workspace, self.kind, self.ctx.language
        query = dataclasses.replace(self.view.model.query, offset=0, lang=lang)

        def done(count: int) -> None:
            self.last_message = ngettext(
                "{n} row written to {file}.", "{n} rows written to {file}.", count
            ).format(n=count, file=path)
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(self.last_message, 15000)

        self.last_task = self.ctx.tasks.run(
            lambda progress: exporter.export(ws, kind, path, query=query, lang=lang, progress=progress),
            title=_("Exporting"),
            parent=self,
            on_done=done,
        )
        return self.last_task


def add_tools(view: Any, bar: Any) -> None:
    """Put the Export button in a register view's top bar (called by desk.ui.register_view)."""
    if view.spec.key in F.EXPORT_KINDS:
        view.export_button = ExportButton(view)
        bar.addWidget(view.export_button)
