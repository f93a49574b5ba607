"""Settings → Database: where the data folder's database is (the SQLite file, or the server with the password
masked), and for a central office still on its file, the move to a PostgreSQL server: the connection's fields
(each refusal under its field), Test connection and Move, both in the background (ctx.tasks) with Cancel.

The password lives in the form while it is open and, after a move, in the folder's `database.url` (0600, as
`desk central init --database` keeps it): never in window.ini, never in the log.
"""

from __future__ import annotations

from desk.domain import server_address
from desk.domain.validation import ValidationError
from desk.i18n import N_, _, format_number
from desk.services import backups, server_check, server_database
from desk.ui.context import AppContext
from desk.ui.qt import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from desk.ui.settings_section import SettingsSection
from desk.ui.tasks import error_text
from desk.ui.widgets import LineEdit, field_cell, message_label

FIELDS = ("server_host", "server_port", "server_database", "server_user")


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
        self.host, self.port, self.database, self.user = LineEdit(), LineEdit(), LineEdit(), LineEdit()
        self.port.setPlaceholderText(str(server_address.DEFAULT_PORT))
        self.port.setMaxLength(5)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.edits = {
            "server_host": self.host,
            "server_port": self.port,
            "server_database": self.database,
            "server_user": self.user,
            "server_password": self.password,
        }
        self.labels = {name: QLabel() for name in self.edits}
        self.field_messages: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, edit in self.edits.items():
            cell, message = field_cell(edit)
            self.field_messages[name] = message
            self.labels[name].setBuddy(edit)
            form.addRow(self.labels[name], cell)
            edit.textEdited.connect(self._edited)
        self.test_button = QPushButton()
        self.move_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.move_button)
        buttons.addStretch(1)
        self.message = message_label()
        self.result = QLabel()
        self.result.setObjectName("fieldHint")
        self.result.setWordWrap(True)
        mover = QVBoxLayout(self.mover)
        mover.setContentsMargins(0, 0, 0, 0)
        mover.addWidget(self.intro)
        mover.addLayout(form)
        mover.addLayout(buttons)
        mover.addWidget(self.message)
        mover.addWidget(self.result)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mover)
        self.test_button.clicked.connect(self.test_connection)
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
        texts = {
            "server_host": _("Server:"),
            "server_port": _("Port:"),
            "server_database": _("Database:"),
            "server_user": _("User name:"),
            "server_password": _("Password:"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.host.setPlaceholderText(_("e.g. db.assembly.kz or 10.0.0.5"))
        self.database.setPlaceholderText(_("e.g. dostyq_desk"))
        self.test_button.setText(_("Test connection"))
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

    # --- the form -----------------------------------------------------------------------------------------------

    def _edited(self, _text: str = "") -> None:
        for message in self.field_messages.values():
            message.hide()
        self.message.setText("")
        self.result.setText("")

    def address(self) -> server_address.ServerAddress | None:
        """The address the fields give, or None with each refusal shown under its field."""
        self._edited()
        try:
            return server_address.check(
                self.host.text(),
                self.port.text(),
                self.database.text(),
                self.user.text(),
                self.password.text(),
            )
        except ValidationError as exc:
            first = None
            for error in exc.errors:
                label = self.field_messages.get(error.field)
                if label is not None:
                    label.setText(error.message)
                    label.show()
                    first = first or self.edits[error.field]
                else:  # not a field of this form: said below the buttons, naming the field
                    self.message.setText(str(error))
            if first is not None:
                first.setFocus()
            return None

    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self.move_button.setEnabled(not busy)

    # --- actions ------------------------------------------------------------------------------------------------

    def test_connection(self) -> None:
        address = self.address()
        if address is None:
            return
        self._busy(True)

        def done(version: str) -> None:
            self._busy(False)
            self.result.setText(
                _("Connected: PostgreSQL {version}; the database {url} is empty and ready.").format(
                    version=version, url=address.shown()
                )
            )

        def failed(exc: BaseException) -> None:
            self._busy(False)
            self.message.setText(error_text(exc))

        self.ctx.tasks.run(
            lambda _progress: server_check.test_server(address.url()),
            title=_("Testing the connection"),
            parent=self,
            on_done=done,
            on_error=failed,
            cancellable=False,
        )

    def move_to_server(self) -> None:
        address = self.address()
        if address is None:
            return
        if self.ctx.tasks.busy:
            self.message.setText(_("Wait until the current task finishes, then move the data."))
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
        self._busy(True)

        def done(moved: server_database.Moved) -> None:
            self._busy(False)
            self.password.clear()
            self.refresh()
            self.result.setText(
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
            self._busy(False)
            self.message.setText(error_text(exc))

        def cancelled() -> None:
            self._busy(False)
            self.message.setText(
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
