"""The window's warning that the automatic backup failed: shown in the status bar until a backup succeeds.

The failure itself is recorded by desk.services.backups (and is a `desk check` error); here it is made visible,
in the current language, and re-read whenever a backup is taken, restored or fails."""

from __future__ import annotations

from desk.i18n import _
from desk.services import backups
from desk.ui.context import AppContext
from desk.ui.qt import QLabel, QMainWindow, QMouseEvent, Qt


class BackupWarning(QLabel):
    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self._window = window
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setObjectName("backupWarning")
        self.setStyleSheet(
            "QLabel#backupWarning { color: #ffffff; background: #b3261e; padding: 2px 8px; "
            "font-weight: bold; }"
        )
        self.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().addWidget(self, 1)
        ctx.backups_changed.connect(self.refresh)
        ctx.language_changed.connect(self.refresh)
        self.refresh()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """A click opens Settings, where the Backups section takes one by hand."""
        show_page = getattr(self._window, "show_page", None)
        if show_page is not None:
            show_page("settings")
        super().mousePressEvent(event)

    def refresh(self, *_args: object) -> None:
        failure = backups.last_failure(self.ctx.workspace.home)
        if failure is None:
            self.hide()
            self.clear()
            return
        self.setText(_("The automatic backup failed — see Settings → Backups"))
        self.setToolTip(failure.message())
        self.setAccessibleName(_("Backup warning"))
        self.setAccessibleDescription(failure.message())
        self.show()
