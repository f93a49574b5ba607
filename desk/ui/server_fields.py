"""A PostgreSQL server database's connection as a clerk types it: server, port, database, user and password, each
refusal under its field (desk.domain.server_address), and Test connection asking the server in the background
(desk.services.server_check). Settings → Database (moving a central office to a server) and the first-run wizard
(a new central office on a server) both use it; each adds its own buttons beside Test connection.

The password lives in the field while the form is open: never in window.ini, never in the log.
"""

from __future__ import annotations

from desk.domain import server_address
from desk.domain.validation import ValidationError
from desk.i18n import _
from desk.services import server_check
from desk.ui.qt import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk.ui.tasks import TaskRunner, error_text
from desk.ui.widgets import LineEdit, field_cell, message_label


class ServerFields(QWidget):
    """The connection's fields, Test connection, and two lines below: `message` (a refusal) and `result`."""

    busy_changed = Signal(bool)  # a test is running (True) or ended (False): the owner's buttons follow it

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
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
            edit.textEdited.connect(self.clear_messages)
        self.test_button = QPushButton()
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.test_button)
        self.buttons.addStretch(1)
        self.message = message_label()
        self.result = QLabel()
        self.result.setObjectName("fieldHint")
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(self.buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.result)
        self.test_button.clicked.connect(self.test_connection)
        self.retranslate()

    def add_button(self, button: QPushButton) -> None:
        """A button of the owner's, after Test connection (and after it in the Tab order)."""
        self.buttons.insertWidget(self.buttons.count() - 1, button)

    def retranslate(self) -> None:
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

    def clear_messages(self, _text: str = "") -> None:
        for message in self.field_messages.values():
            message.hide()
        self.message.setText("")
        self.result.setText("")

    def address(self) -> server_address.ServerAddress | None:
        """The address the fields give, or None with each refusal shown under its field (focus on the first)."""
        self.clear_messages()
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

    def set_busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self.busy_changed.emit(busy)

    def test_connection(self) -> None:
        address = self.address()
        if address is None:
            return
        self.set_busy(True)

        def done(version: str) -> None:
            self.set_busy(False)
            self.result.setText(
                _("Connected: PostgreSQL {version}; the database {url} is empty and ready.").format(
                    version=version, url=address.shown()
                )
            )

        def failed(exc: BaseException) -> None:
            self.set_busy(False)
            self.message.setText(error_text(exc))

        self.tasks.run(
            lambda _progress: server_check.test_server(address.url()),
            title=_("Testing the connection"),
            parent=self,
            on_done=done,
            on_error=failed,
            cancellable=False,
        )
