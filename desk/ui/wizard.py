"""The first-run wizard: the language, then a new region's data folder (region, operator, folder) or the demo, or
the central office's: its operator and folder, and where its database is — the folder's SQLite file, or an empty
database on a PostgreSQL server (the same fields and Test connection as Settings → Database, desk.ui.server_fields).
The central office is made as `desk central init` makes it (desk.setup_central), all or nothing."""

from __future__ import annotations

from pathlib import Path

from desk import APP_NAME
from desk.domain import reference
from desk.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language, set_language
from desk.services.workspace import Workspace, open_workspace
from desk.store.home import Home
from desk.ui.qt import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QEvent,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QShowEvent,
    QTimer,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
    Signal,
)
from desk.ui.server_fields import ServerFields
from desk.ui.tasks import Progress, TaskRunner, error_text
from desk.ui.widgets import field_cell

START, REGION, CENTRAL, SERVER = range(4)
"""The wizard's pages: the start, then a region's (or the demo's) page, or the central office's and its server's."""


def _make(
    folder: Path, region: str, operator: str, language: str, demo: bool, progress: Progress
) -> Workspace:
    """Create (or open) the data folder; runs on the worker thread."""
    from desk.services import demo as demo_service
    from desk.setup_region import init_region

    home = Home(folder)
    if home.exists():
        ws = open_workspace(folder)
    else:
        progress(0, 2, _("Creating the database"))
        ws = init_region(folder, region)
    _settle(ws, operator, language)
    if demo:
        try:
            demo_service.generate(ws, size="small", progress=progress)
        except BaseException:
            ws.close()
            raise
    return ws


def _make_central(
    folder: Path, database_url: str | None, operator: str, language: str, progress: Progress
) -> Workspace:
    """Create the central office's data folder as `desk central init` does; runs on the worker thread."""
    from desk.setup_central import init_central

    made = init_central(
        folder, database_url, progress=progress, settle=lambda ws: _settle(ws, operator, language)
    )
    return made.workspace


def _settle(ws: Workspace, operator: str, language: str) -> None:
    """The operator's name and the language chosen in the wizard, kept in the folder's settings."""
    if operator:
        ws.settings.set("operator", operator)
    ws.settings.set("language", language)
    ws.db.operator = ws.operator


class _FolderField(QWidget):
    """The data folder: its line and Browse…"""

    changed = Signal()

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = QLineEdit(str(folder))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        self.setFocusProxy(self.folder)
        self.folder.textChanged.connect(lambda _text: self.changed.emit())

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Data folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def path(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def holds_database(self) -> bool:
        path = self.path()
        return path is not None and Home(path).exists()

    def retranslate(self) -> None:
        self.browse.setText(_("Browse…"))


class _StartPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.language_label = QLabel()
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.new_region = QRadioButton()
        self.central = QRadioButton()
        self.demo = QRadioButton()
        self.new_region.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.new_region)
        group.addButton(self.central)
        group.addButton(self.demo)
        group.buttonToggled.connect(lambda _b, _on: self._explain())
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.language_label.setBuddy(self.language)  # its name for a screen reader, in every wizard style
        row = QHBoxLayout()
        row.addWidget(self.language_label)
        row.addWidget(self.language, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addWidget(self.new_region)
        layout.addWidget(self.central)
        layout.addWidget(self.demo)
        layout.addSpacing(12)
        layout.addWidget(self.explain)
        layout.addStretch(1)
        self.language.currentIndexChanged.connect(lambda _i: wizard.set_language(self.language.currentData()))

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Dostyq Desk"))
        self.setSubTitle(_("The registry of a regional secretariat of the Assembly of People of Kazakhstan."))
        self.language_label.setText(_("Language:"))
        self.new_region.setText(_("Start the register of my region"))
        self.central.setText(_("Set up the central office of the Assembly"))
        self.demo.setText(_("Open the demo: a sample region to look around"))
        self._explain()

    def _explain(self) -> None:
        if self.central.isChecked():
            self.explain.setText(
                _(
                    "The central office's keys and settings are kept in the data folder you choose next; its "
                    "database there too, or on a PostgreSQL server when several clerks work at once."
                )
            )
        else:
            self.explain.setText(
                _("Everything is kept on this computer, in the data folder you choose next.")
            )

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return CENTRAL if self.central.isChecked() else REGION


class _RegionPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.region = QComboBox()
        self.operator = QLineEdit()
        self.folder_field = _FolderField(wizard.home_dir)
        self.folder, self.browse = self.folder_field.folder, self.folder_field.browse
        self.folder_note = QLabel()
        self.folder_note.setWordWrap(True)
        self.folder_note.setObjectName("fieldMessage")
        self.form = QFormLayout(self)
        # QFormLayout makes no label for an empty text: the labels are made here, their texts set by retranslate
        self.region_label, self.operator_label, self.folder_label = QLabel(), QLabel(), QLabel()
        self.region_label.setBuddy(self.region)
        self.operator_label.setBuddy(self.operator)
        self.folder_label.setBuddy(self.folder)
        self.form.addRow(self.region_label, self.region)
        self.form.addRow(self.operator_label, self.operator)
        self.form.addRow(self.folder_label, self.folder_field)
        self.form.addRow("", self.folder_note)
        self.folder_field.changed.connect(self._folder_changed)
        self.setTabOrder(self.region, self.operator)
        self.setTabOrder(self.operator, self.folder)
        self.setTabOrder(self.folder, self.browse)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1

    def _folder_changed(self) -> None:
        if self.folder_field.holds_database():
            self.folder_note.setText(_("This folder already holds a database: it will be opened as it is."))
        else:
            self.folder_note.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.folder.text().strip()) and self.region.currentIndex() >= 0

    def retranslate(self) -> None:
        self.setTitle(_("Your region and data folder"))
        self.setSubTitle(
            _("The region cannot be changed later. The operator's name is written to the audit log.")
        )
        code = self.region.currentData()
        self.region.blockSignals(True)
        self.region.clear()
        lang = current_language()
        for term in reference.REGIONS:
            self.region.addItem(term.label(lang), term.code)
        index = (
            self.region.findData(code)
            if code
            else reference.REGIONS.index(reference.by_code(reference.REGIONS, "KZ-35"))
        )
        self.region.setCurrentIndex(max(index, 0))
        self.region.blockSignals(False)
        self.region_label.setText(_("Region:"))
        self.operator_label.setText(_("Operator name:"))
        self.folder_label.setText(_("Data folder:"))
        self.operator.setPlaceholderText(_("e.g. Aigerim Nurlanovna"))
        self.folder_field.retranslate()
        self._folder_changed()


class _CentralPage(QWizardPage):
    """The central office: the operator, the data folder (new: a folder holding a database is refused), and where
    its database is — the folder's SQLite file (Finish here) or a PostgreSQL server (Next: its page)."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.operator = QLineEdit()
        self.folder_field = _FolderField(wizard.home_dir)
        self.on_file = QRadioButton()
        self.on_server = QRadioButton()
        self.on_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.on_file)
        group.addButton(self.on_server)
        # whether this page is the last (Finish) or not (Next) follows the choice: QWizard looks at nextId() only
        # when a page is entered, and again when setFinalPage is called
        group.buttonToggled.connect(lambda _b, _on: self.setFinalPage(self.on_file.isChecked()))
        self.labels = {name: QLabel() for name in ("operator", "folder", "place")}
        self.labels["operator"].setBuddy(self.operator)
        self.labels["folder"].setBuddy(self.folder_field.folder)
        self.labels["place"].setBuddy(self.on_file)
        places = QVBoxLayout()
        places.addWidget(self.on_file)
        places.addWidget(self.on_server)
        form = QFormLayout(self)
        form.addRow(self.labels["operator"], self.operator)
        folder_cell, self.folder_note = field_cell(self.folder_field)  # the note under it, hidden while empty
        form.addRow(self.labels["folder"], folder_cell)
        form.addRow(self.labels["place"], places)
        self.folder_field.changed.connect(self._folder_changed)
        self.setTabOrder(self.operator, self.folder_field.folder)
        self.setTabOrder(self.folder_field.folder, self.folder_field.browse)
        self.setTabOrder(self.folder_field.browse, self.on_file)
        self.setTabOrder(self.on_file, self.on_server)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return SERVER if self.on_server.isChecked() else -1

    def _folder_changed(self) -> None:
        if self.folder_field.holds_database():
            self.folder_note.setText(
                _("This folder already holds a database: choose an empty folder for the new central office.")
            )
            self.folder_note.show()
        else:
            self.folder_note.hide()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.folder_field.path() is not None and not self.folder_field.holds_database()

    def retranslate(self) -> None:
        self.setTitle(_("The central office and its data folder"))
        self.setSubTitle(
            _(
                "The data folder keeps the central office's keys and settings. The operator's name is written to "
                "the audit log."
            )
        )
        self.labels["operator"].setText(_("Operator name:"))
        self.labels["folder"].setText(_("Data folder:"))
        self.labels["place"].setText(_("Database:"))
        self.operator.setPlaceholderText(_("e.g. Aigerim Nurlanovna"))
        self.on_file.setText(_("On this computer, in the data folder (SQLite file)"))
        self.on_server.setText(_("On a PostgreSQL server: several clerks at once"))
        self.folder_field.retranslate()
        self._folder_changed()


class _ServerPage(QWizardPage):
    """The PostgreSQL server of a new central office: the fields and Test connection of Settings → Database."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.fields = ServerFields(wizard.tasks)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.fields)
        layout.addStretch(1)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1

    def retranslate(self) -> None:
        self.setTitle(_("The central office's PostgreSQL server"))
        self.setSubTitle(_("Ask the server's administrator for an empty database and a user that owns it."))
        self.intro.setText(
            _(
                "Test the connection, then press Finish: the central office's tables are made in that database, "
                "and its keys in the data folder. The password is kept in the data folder, readable by your "
                "user alone."
            )
        )
        self.fields.retranslate()


class FirstRunWizard(QWizard):
    """Asks what the first start needs and creates (or opens) the data folder; `workspace` holds the result."""

    def __init__(self, home_dir: Path, operator: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home_dir = Path(home_dir)
        self.workspace: Workspace | None = None
        self.error: str | None = None
        self.tasks = TaskRunner(self)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.start = _StartPage(self)
        self.region_page = _RegionPage(self)
        self.central_page = _CentralPage(self)
        self.server_page = _ServerPage(self)
        if operator:
            self.region_page.operator.setText(operator)
            self.central_page.operator.setText(operator)
        self.setPage(START, self.start)
        self.setPage(REGION, self.region_page)
        self.setPage(CENTRAL, self.central_page)
        self.setPage(SERVER, self.server_page)
        self.resize(640, 440)
        self.retranslate()

    def set_language(self, lang: str) -> None:
        set_language(lang)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.start.retranslate()
        self.region_page.retranslate()
        self.central_page.retranslate()
        self.server_page.retranslate()
        texts = {
            QWizard.WizardButton.NextButton: (_("Next >"), _("Next")),
            QWizard.WizardButton.BackButton: (_("< Back"), _("Back")),
            QWizard.WizardButton.FinishButton: (_("Finish"), _("Finish")),
            QWizard.WizardButton.CancelButton: (_("Cancel"), _("Cancel")),
        }
        for which, (text, name) in texts.items():
            self.setButtonText(which, text)
            # Named apart from its text: Windows' wizard style draws Back as an arrow without any text, which left a
            # screen reader an unnamed button.
            button = self.button(which)
            button.setAccessibleName(name)
            button.setToolTip(name)
        self._name_the_back_arrow()

    def _name_the_back_arrow(self) -> None:
        """Windows' own wizard style adds a button of its own for Back: an arrow without text (QVistaBackButton, not
        a class Python sees: it shows as a QAbstractButton). Every button of the wizard without text is that one."""
        for button in self.findChildren(QAbstractButton):
            if not button.text():
                button.setAccessibleName(_("Back"))
                button.setToolTip(_("Back"))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self._name_the_back_arrow()  # made by the style in use, which may have changed since
        super().showEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self._fit)
        return super().event(event)

    def _fit(self) -> None:
        """Grow to what the page now needs (refusals under the server's fields, a longer language), within the
        screen: QWizard keeps the size it was given and squeezed the fields into a few pixels instead."""
        wanted = self.sizeHint()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = max(self.width(), wanted.width()), max(self.height(), wanted.height())
        if screen is not None:
            frame = self.frameGeometry().height() - self.geometry().height()
            width, height = min(width, screen.width()), min(height, screen.height() - max(frame, 0))
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    def accept(self) -> None:
        """Create the data folder in the background, then close."""
        if self.workspace is not None:
            super().accept()
            return
        if self.start.central.isChecked():
            self._create_central()
            return
        page = self.region_page
        folder = Path(page.folder.text().strip()).expanduser()
        region = str(page.region.currentData())
        operator = page.operator.text().strip()
        demo = self.start.demo.isChecked()
        lang = current_language()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

        def done(ws: Workspace) -> None:
            self.workspace = ws
            super(FirstRunWizard, self).accept()

        def failed(exc: BaseException) -> None:
            self.error = error_text(exc)
            page.folder_note.setText(self.error)
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)

        def cancelled() -> None:
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)

        self.tasks.run(
            lambda progress: _make(folder, region, operator, lang, demo, progress),
            title=_("Preparing the data folder"),
            parent=self,
            on_done=done,
            on_error=failed,
            on_cancel=cancelled,
        )

    def _create_central(self) -> None:
        """The central office's folder (and its server database), in the background; an error is said on the page
        Finish was pressed on, and nothing is left of the attempt (desk.setup_central)."""
        page = self.central_page
        on_server = page.on_server.isChecked()
        fields = self.server_page.fields
        address = fields.address() if on_server else None
        if on_server and address is None:
            return  # each refusal under its field
        folder = page.folder_field.path()
        if folder is None or page.folder_field.holds_database():
            return
        url = address.url() if address is not None else None
        operator = page.operator.text().strip()
        lang = current_language()
        message = fields.message if on_server else page.folder_note
        finish = self.button(QWizard.WizardButton.FinishButton)
        finish.setEnabled(False)
        fields.set_busy(True)
        made: list[Workspace] = []  # what the worker made, should its result never arrive

        def work(progress: Progress) -> Workspace:
            ws = _make_central(folder, url, operator, lang, progress)
            made.append(ws)
            return ws

        def done(ws: Workspace) -> None:
            fields.set_busy(False)
            self.workspace = ws
            super(FirstRunWizard, self).accept()

        def failed(exc: BaseException) -> None:
            fields.set_busy(False)
            self.error = error_text(exc)
            message.setText(self.error)
            message.show()
            finish.setEnabled(True)

        def cancelled() -> (
            None
        ):  # not offered (all or nothing takes a moment); a folder made is opened all the same
            if made:
                done(made[0])
            else:
                fields.set_busy(False)
                finish.setEnabled(True)

        self.tasks.run(
            work,
            title=_("Creating the central office"),
            parent=self,
            on_done=done,
            on_error=failed,
            on_cancel=cancelled,
            cancellable=False,
        )
