"""Settings → Database: where the data folder's database is (the SQLite file, or the server with the password
masked), and for a central office still on its file, the move to a PostgreSQL server: the connection's fields
(each refusal under its field) and Test connection (desk.ui.server_fields, shared with the first-run wizard), and
Move, in the background (ctx.tasks) with Cancel.

The password lives in the form while it is open and, after a move, in the folder's `database.url` (0600, as
`desk central init --database` keeps it): never in window.ini, never in the log.
"""

from __future__ import annotations

from desk.i18n import N_, _, format_number
from desk.services import backups, server_database
from desk.ui.context import AppContext
from desk.ui.qt import (
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from desk.ui.server_fields import ServerFields
from desk.ui.settings_section import SettingsSection
from desk.ui.tasks import error_text
from desk.ui.widgets import LineEdit


class DatabaseSection(SettingsSection):
    title_text = N_("Database")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.place_label = QLabel()
        self.place = LineEdit()
        self.place.setReadOnly(True)
        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        top.addRow(self.place_label, self.place)

        # the move to a server: only a central office on its own file sees it
        self.mover = QWidget()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.fields = ServerFields(ctx.tasks)
        self.move_button = QPushButton()
        self.fields.add_button(self.move_button)
        self.fields.busy_changed.connect(lambda busy: self.move_button.setEnabled(not busy))
        mover = QVBoxLayout(self.mover)
        mover.setContentsMargins(0, 0, 0, 0)
        mover.addWidget(self.intro)
        mover.addWidget(self.fields)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mover)
        self.move_button.clicked.connect(self.move_to_server)
        self.retranslate()
        self.refresh()

    # --- what it shows ------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(
            _(
                "Several clerks of the central office can work at once when its database is on a PostgreSQL "
                "server. Ask the server's administrator for an empty database and a user that owns it, test the "
                "connection, then move the data: everything is copied, checked table by table, and only then "
                "does this folder switch to the server. Regions stay on their own file; there is no way back "
                "from the window."
            )
        )
        self.fields.retranslate()
        self.move_button.setText(_("Move the data to the server…"))
        self.refresh()

    def refresh(self) -> None:
        place = server_database.where(self.ctx.workspace)
        if place.on_server:
            self.place_label.setText(_("PostgreSQL server:"))
        else:
            self.place_label.setText(_("This computer (SQLite file):"))
        self.place.setText(place.shown)
        self.mover.setVisible(server_database.may_move(self.ctx.workspace))

    # --- actions ------------------------------------------------------------------------------------------------

    def move_to_server(self) -> None:
        address = self.fields.address()
        if address is None:
            return
        if self.ctx.tasks.busy:
            self.fields.message.setText(_("Wait until the current task finishes, then move the data."))
            return
        if not self.ctx.settle_unsaved():
            return
        answer = QMessageBox.question(
            self,
            _("Move the data to the server"),
            _(
                "Copy the central office's whole database to {url} and work on the server from now on? A copy of "
                "the current file is kept in the backups."
            ).format(url=address.shown()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ws = self.ctx.workspace
        self.ctx.quiesce()  # no read holds the file while the folder switches
        self.fields.set_busy(True)

        def done(moved: server_database.Moved) -> None:
            self.fields.set_busy(False)
            self.fields.password.clear()
            self.refresh()
            self.fields.result.setText(
                _(
                    "Moved: {rows} rows in {tables} tables copied and checked; this folder now works on {url}."
                ).format(
                    rows=format_number(moved.rows),
                    tables=format_number(len(moved.tables)),
                    url=moved.url_shown,
                )
            )
            self.ctx.backups_changed.emit()
            self.ctx.changed.emit(backups.restored_tables())

        def failed(exc: BaseException) -> None:
            self.fields.set_busy(False)
            self.fields.message.setText(error_text(exc))

        def cancelled() -> None:
            self.fields.set_busy(False)
            self.fields.message.setText(
                _("Cancelled: nothing was kept on the server; this folder still works on its file.")
            )

        self.ctx.tasks.run(
            lambda progress: server_database.move_to_server(
                ws, address.url(), lambda done, total, table: progress(done, total, _moving(done, total))
            ),
            title=_("Moving the data to the server"),
            parent=self,
            on_done=done,
            on_error=failed,
            on_cancel=cancelled,
        )


def _moving(done: int, total: int) -> str:
    return _("{done} of {total} rows copied").format(done=format_number(done), total=format_number(total))


SECTION = DatabaseSection
