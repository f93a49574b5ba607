"""Settings → Backups: the backups of the data folder (newest first), the retention rule, "Back up now" and
"Restore". A restore asks first, keeps the current database aside as a backup, and refreshes every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desk.i18n import N_, _, format_moment, format_number
from desk.services import backups
from desk.store.backup import BackupFile
from desk.ui.context import AppContext
from desk.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QDesktopServices,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPersistentModelIndex,
    QPushButton,
    QSpinBox,
    Qt,
    QTableView,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from desk.ui.settings_section import SettingsSection

COL_TAKEN, COL_REASON, COL_SIZE, COL_FILE = range(4)
HEADERS = (N_("Taken"), N_("Why"), N_("Size"), N_("File"))
PathRole = Qt.ItemDataRole.UserRole + 1


class BackupsModel(QAbstractTableModel):
    """The backups of one data folder, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BackupFile] = []

    def load(self, rows: list[BackupFile]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(HEADERS[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        b = self.rows[index.row()]
        if role == PathRole:
            return str(b.path)
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == COL_TAKEN:
                return format_moment(b.taken_at)
            if col == COL_REASON:
                return backups.reason_label(b.reason)
            if col == COL_SIZE:
                return _("{size} KB").format(size=format_number(max(1, round(b.size / 1024))))
            if col == COL_FILE:
                return b.path.name
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BackupsSection(SettingsSection):
    title_text = N_("Backups")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        settings = ctx.workspace.settings
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.keep_daily = QSpinBox()
        self.keep_daily.setRange(1, 365)
        self.keep_daily.setValue(int(settings.get("backup_keep_daily")))
        self.keep_monthly = QSpinBox()
        self.keep_monthly.setRange(0, 120)
        self.keep_monthly.setValue(int(settings.get("backup_keep_monthly")))
        self.daily_label, self.monthly_label = QLabel(), QLabel()
        rule = QFormLayout()
        rule.addRow(self.daily_label, self.keep_daily)
        rule.addRow(self.monthly_label, self.keep_monthly)

        self.model = BackupsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(180)

        self.backup_button = QPushButton()
        self.restore_button = QPushButton()
        self.restore_file_button = QPushButton()
        self.open_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.restore_file_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("fieldHint")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(rule)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        self.keep_daily.valueChanged.connect(lambda v: settings.set("backup_keep_daily", int(v)))
        self.keep_monthly.valueChanged.connect(lambda v: settings.set("backup_keep_monthly", int(v)))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.open_button.clicked.connect(self._open_folder)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.retranslate()
        self.refresh()

    # --- what it shows ------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(
            _(
                "A backup is taken automatically once a day, before every upgrade of the database and before every "
                "central import. Kept: every backup of the last day, the newest of each of the last days and months "
                "below. A restore keeps the current database as a backup first."
            )
        )
        self.daily_label.setText(_("Daily backups to keep:"))
        self.monthly_label.setText(_("Monthly backups to keep:"))
        self.backup_button.setText(_("Back up now"))
        self.restore_button.setText(_("Restore…"))
        self.restore_file_button.setText(_("Restore from a file…"))
        self.open_button.setText(_("Open folder"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        self.refresh()

    def refresh(self) -> None:
        self.model.load(backups.list_backups(self.ctx.workspace))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return Path(str(self.model.data(rows[0], PathRole)))

    def _open_folder(self) -> None:
        folder = self.ctx.workspace.home.backups
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- actions ------------------------------------------------------------------------------------------------

    def back_up_now(self) -> None:
        ws = self.ctx.workspace
        self.backup_button.setEnabled(False)

        def done(path: Path) -> None:
            self.backup_button.setEnabled(True)
            self.status.setText(_("Backup written to {file}.").format(file=path))
            self.refresh()
            self.ctx.backups_changed.emit()

        def failed(exc: BaseException) -> None:
            from desk.ui.tasks import error_text

            self.backup_button.setEnabled(True)
            QMessageBox.warning(self, _("Backups"), error_text(exc))

        self.ctx.tasks.run(
            lambda _progress: backups.backup_now(ws, "manual"),
            title=_("Backing up the database"),
            parent=self,
            on_done=done,
            on_error=failed,
            cancellable=False,
        )

    def restore_selected(self) -> None:
        path = self.selected()
        if path is not None:
            self.restore(path)

    def restore_from_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Restore from a file"),
            str(self.ctx.workspace.home.backups),
            _("Dostyq Desk databases ({patterns});;All files (*)").format(patterns=backups.FILE_PATTERNS),
        )
        if name:
            self.restore(Path(name))

    def restore(self, path: Path) -> bool:
        """Ask, then restore `path` in place (the window keeps running on the restored database)."""
        if self.ctx.tasks.busy:
            QMessageBox.information(
                self, _("Backups"), _("Wait until the current task finishes, then restore.")
            )
            return False
        if not self.ctx.settle_unsaved():  # a form's unsaved changes: saved, discarded, or the restore waits
            return False
        answer = QMessageBox.question(
            self,
            _("Restore"),
            _(
                "Replace the database with the backup {file}? Changes made since then are lost from the register; "
                "the current database is kept as a backup first."
            ).format(file=path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        ws = self.ctx.workspace
        try:
            # Every background task and read ended first: nothing holds the file while it is swapped (Windows
            # refuses to replace an open file); then the restore runs on the background writer (the one worker).
            self.ctx.quiesce()
            done = self.ctx.write(
                lambda: backups.restore(ws.home.root, path, ws=ws),
                parent=self,
                title=_("Restoring the database"),
            )
        except Exception as exc:  # noqa: BLE001 - shown to the clerk; unexpected ones are logged by the service
            from desk.ui.tasks import error_text

            QMessageBox.warning(self, _("Restore"), error_text(exc))
            return False
        self.status.setText(_("The database was restored from {file}.").format(file=done.restored_from.name))
        self.refresh()
        self.ctx.backups_changed.emit()
        self.ctx.changed.emit(backups.restored_tables())
        return True


SECTION = BackupsSection
