"""Settings: the language, the operator's name, the data folder, where the database is, About. Other parts add their own sections
(backups, for one) as `SettingsSection` subclasses (`SECTION` of desk.ui.body_rules and desk.ui.backups)."""

from __future__ import annotations

from desk.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _
from desk.ui import backups, body_rules, database_section
from desk.ui.context import AppContext
from desk.ui.pages.base import Page
from desk.ui.qt import (
    QComboBox,
    QDesktopServices,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from desk.ui.settings_section import SettingsSection


class SettingsPage(Page):
    key = "settings"
    title = N_("Settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        ws = ctx.workspace
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")

        self.general = QGroupBox()
        form = QFormLayout(self.general)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.operator = QLineEdit(ws.settings.get("operator"))
        self.operator.setMaxLength(200)
        self.region = QLabel()
        self.folder = QLineEdit(str(ws.home.root))
        self.folder.setReadOnly(True)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.workspace.home.root)))
        )
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder)
        self.labels = [QLabel() for _i in range(4)]
        form.addRow(self.labels[0], self.language)
        form.addRow(self.labels[1], self.operator)
        form.addRow(self.labels[2], self.region)
        form.addRow(self.labels[3], folder_row)
        self.operator_note = QLabel()
        self.operator_note.setObjectName("fieldHint")
        self.operator_note.setWordWrap(True)
        form.addRow("", self.operator_note)
        self.about_button = QPushButton()
        self.about_button.clicked.connect(self._about)

        self.sections: list[SettingsSection] = [
            body_rules.SECTION(ctx, self),
            database_section.SECTION(ctx, self),
            backups.SECTION(ctx, self),
        ]
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.heading)
        column.addWidget(self.general)
        for section in self.sections:
            column.addWidget(section)
        about_row = QHBoxLayout()
        about_row.addWidget(self.about_button)
        about_row.addStretch(1)
        column.addLayout(about_row)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.language.currentIndexChanged.connect(self._language_chosen)
        self.operator.editingFinished.connect(self._operator_changed)
        self.setTabOrder(self.language, self.operator)
        self.setTabOrder(self.operator, self.open_folder)
        self.setTabOrder(self.open_folder, self.about_button)
        self.retranslate()

    def _language_chosen(self, _index: int) -> None:
        lang = self.language.currentData()
        if lang and lang != self.ctx.language and not self.ctx.set_language(lang):
            self.language.blockSignals(True)  # Cancel: the language stays, and so does the choice shown
            self.language.setCurrentIndex(max(0, self.language.findData(self.ctx.language)))
            self.language.blockSignals(False)

    def _operator_changed(self) -> None:
        name = self.operator.text().strip()
        ws = self.ctx.workspace
        if name != ws.settings.get("operator"):
            ws.settings.set("operator", name)
            ws.db.operator = ws.operator
            self.ctx.language_changed.emit(self.ctx.language)  # the status bar shows the operator

    def _about(self) -> None:
        window = self.window()
        about = getattr(window, "about", None)
        if about is not None:
            about()

    def save(self) -> bool:
        self._operator_changed()
        return True

    def retranslate(self) -> None:
        self.heading.setText(self.nav_title())
        self.general.setTitle(_("General"))
        for label, text in zip(
            self.labels, (_("Language:"), _("Operator name:"), _("Region:"), _("Data folder:")), strict=True
        ):
            label.setText(text)
        self.language.blockSignals(True)
        self.language.setCurrentIndex(LANGUAGES.index(self.ctx.language))
        self.language.blockSignals(False)
        self.region.setText(self.ctx.workspace.region_name(self.ctx.language))
        self.operator.setPlaceholderText(self.ctx.workspace.operator)
        self.operator_note.setText(_("Written to the audit log with every change you make."))
        self.open_folder.setText(_("Open folder"))
        self.about_button.setText(_("About Dostyq Desk"))
        for section in self.sections:
            section.retranslate()

    def refresh(self) -> None:
        for section in self.sections:
            section.refresh()

    def activate(self) -> None:
        super().activate()
        self.refresh()


PAGE = SettingsPage
