"""The first-run wizard: the language, then a new region's data folder (region, operator, folder) or the demo."""

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
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QShowEvent,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from desk.ui.tasks import Progress, TaskRunner, error_text


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
    if operator:
        ws.settings.set("operator", operator)
    ws.settings.set("language", language)
    ws.db.operator = ws.operator
    if demo:
        try:
            demo_service.generate(ws, size="small", progress=progress)
        except BaseException:
            ws.close()
            raise
    return ws


class _StartPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.language_label = QLabel()
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.new_region = QRadioButton()
        self.demo = QRadioButton()
        self.new_region.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.new_region)
        group.addButton(self.demo)
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
        self.demo.setText(_("Open the demo: a sample region to look around"))
        self.explain.setText(_("Everything is kept on this computer, in the data folder you choose next."))


class _RegionPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.region = QComboBox()
        self.operator = QLineEdit()
        self.folder = QLineEdit(str(wizard.home_dir))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        self.folder_note = QLabel()
        self.folder_note.setWordWrap(True)
        self.folder_note.setObjectName("fieldMessage")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.form = QFormLayout(self)
        # QFormLayout makes no label for an empty text: the labels are made here, their texts set by retranslate
        self.region_label, self.operator_label, self.folder_label = QLabel(), QLabel(), QLabel()
        self.region_label.setBuddy(self.region)
        self.operator_label.setBuddy(self.operator)
        self.folder_label.setBuddy(self.folder)
        self.form.addRow(self.region_label, self.region)
        self.form.addRow(self.operator_label, self.operator)
        self.form.addRow(self.folder_label, folder_row)
        self.form.addRow("", self.folder_note)
        self.folder.textChanged.connect(self._folder_changed)
        self.setTabOrder(self.region, self.operator)
        self.setTabOrder(self.operator, self.folder)
        self.setTabOrder(self.folder, self.browse)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Data folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _folder_changed(self) -> None:
        text = self.folder.text().strip()
        if text and Home(Path(text).expanduser()).exists():
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
            else reference.REGIONS.index(
                reference.by_code(reference.REGIONS, "KZ-35")  # type: ignore[arg-type]
            )
        )
        self.region.setCurrentIndex(max(index, 0))
        self.region.blockSignals(False)
        labels = (_("Region:"), _("Operator name:"), _("Data folder:"))
        for row, text in enumerate(labels):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and isinstance(label.widget(), QLabel):
                label.widget().setText(text)
        self.operator.setPlaceholderText(_("e.g. Aigerim Nurlanovna"))
        self.browse.setText(_("Browse…"))
        self._folder_changed()


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
        if operator:
            self.region_page.operator.setText(operator)
        self.addPage(self.start)
        self.addPage(self.region_page)
        self.resize(640, 440)
        self.retranslate()

    def set_language(self, lang: str) -> None:
        set_language(lang)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.start.retranslate()
        self.region_page.retranslate()
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

    def accept(self) -> None:
        """Create the data folder in the background, then close."""
        if self.workspace is not None:
            super().accept()
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
