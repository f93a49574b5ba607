"""Settings → Rules of the assembly: the quorum and adoption thresholds the region's assembly and council work
under, each from its document and day (the 2024 national fractions while none is recorded), and recording the
region's own. Data only through desk.services.body_rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desk.domain import rules
from desk.domain.records import BodyRule
from desk.domain.validation import FieldError, ValidationError
from desk.i18n import N_, _, current_language, format_date
from desk.services import body_rules
from desk.services.body_rules import thresholds
from desk.ui import central_mode
from desk.ui.context import AppContext
from desk.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desk.ui.rows_model import RowColumn, RowsModel
from desk.ui.settings_section import SettingsSection
from desk.ui.tasks import refused
from desk.ui.widgets import ChoiceBox, DateField, LineEdit, message_label

BODY_TITLES = {rules.ASSEMBLY: N_("Assembly"), rules.COUNCIL: N_("Council")}

COLUMNS: list[RowColumn[BodyRule]] = [
    RowColumn(N_("Body"), lambda r: _(BODY_TITLES.get(r.body, r.body))),
    RowColumn(N_("Applies from"), lambda r: format_date(r.valid_from, current_language())),
    RowColumn(
        N_("Rule"),
        lambda r: thresholds(r).describe(
            current_language(), date=lambda d: format_date(d, current_language())
        ),
    ),
]


class BodyRulesSection(SettingsSection):
    title_text = N_("Rules of the assembly: quorum and adoption")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.in_force = QLabel()
        self.in_force.setWordWrap(True)
        self.model: RowsModel[BodyRule] = RowsModel(COLUMNS, parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMaximumHeight(160)
        self.body = ChoiceBox()
        self.valid_from = DateField()
        self.valid_from.set_value(dt.date.today())
        self.document = LineEdit()
        self.quorum = LineEdit()
        self.adoption = LineEdit()
        self.admitted = QCheckBox()
        self.labels = {k: QLabel() for k in ("body", "valid_from", "document", "quorum", "adoption")}
        self.entry = QWidget()  # a new rule's fields
        form = QFormLayout(self.entry)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, widget in (
            ("body", self.body),
            ("valid_from", self.valid_from),
            ("document", self.document),
            ("quorum", self.quorum),
            ("adoption", self.adoption),
        ):
            form.addRow(self.labels[key], widget)
        form.addRow("", self.admitted)
        self.message = message_label()
        self.add_button = QPushButton()
        self.delete_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_selected)
        self.body.currentIndexChanged.connect(self._defaults)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        note = central_mode.note(ctx)  # the central office: the regions' rules shown, none recorded here
        if note is not None:
            layout.addWidget(note)
        layout.addWidget(self.in_force)
        layout.addWidget(self.view)
        layout.addWidget(self.entry)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.read_only = central_mode.apply(ctx, writers=[self.entry, self.add_button, self.delete_button])
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        super().retranslate()
        chosen = self.body.value() or rules.ASSEMBLY
        self.body.set_choices([(code, _(title)) for code, title in BODY_TITLES.items()])
        self.body.set_value(chosen)
        self.valid_from.retranslate()
        texts = {
            "body": _("Body"),
            "valid_from": _("Applies from"),
            "document": _("Document"),
            "quorum": _("Quorum (e.g. 2/3, or >1/2 for “more than half”)"),
            "adoption": _("Adoption (share of those present)"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.document.setPlaceholderText(_("e.g. Regulation of the assembly of the region, approved on …"))
        self.admitted.setText(_("Members admitted by a session take part in it"))
        self.add_button.setText(_("Record the rule"))
        self.delete_button.setText(_("Delete the selected rule"))
        self.refresh()

    def _defaults(self, *_args: Any) -> None:
        default = rules.DEFAULT_THRESHOLDS[self.body.value() or rules.ASSEMBLY]
        self.quorum.setText(
            rules.fraction_text(default.quorum_num, default.quorum_den, default.quorum_strict)
        )
        self.adoption.setText(
            rules.fraction_text(default.adoption_num, default.adoption_den, default.adoption_strict)
        )

    def refresh(self) -> None:
        ws = self.ctx.workspace
        self.model.set_rows(body_rules.body_rules(ws))
        lang = current_language()
        today = dt.date.today()
        self.in_force.setText(
            "\n".join(
                _("{body}, in force today: {rule}").format(
                    body=_(BODY_TITLES[body]),
                    rule=body_rules.in_force(ws, body, today).describe(
                        lang, date=lambda d: format_date(d, lang)
                    ),
                )
                for body in rules.BODIES
            )
        )
        if not self.quorum.text():
            self._defaults()

    def values(self) -> dict[str, Any]:
        quorum, adoption = (
            rules.parse_fraction(self.quorum.text()),
            rules.parse_fraction(self.adoption.text()),
        )
        errors = []
        message = _("Give a fraction such as 2/3: whole numbers, the first not above the second.")
        if quorum is None:
            errors.append(FieldError("quorum_num", message))
        if adoption is None:
            errors.append(FieldError("adoption_num", message))
        if errors:
            raise ValidationError(errors)
        assert quorum is not None and adoption is not None
        return {
            "body": self.body.value(),
            "valid_from": self.valid_from.value(),
            "document": self.document.text(),
            "quorum_num": quorum[0],
            "quorum_den": quorum[1],
            "quorum_strict": quorum[2],
            "adoption_num": adoption[0],
            "adoption_den": adoption[1],
            "adoption_strict": adoption[2],
            "admitted_take_part": self.admitted.isChecked(),
        }

    def add(self) -> bool:
        if self.read_only:
            return False
        if refused(self.message, lambda: body_rules.add(self.ctx.workspace, self.values())):
            return False
        self.document.clear()
        self.refresh()
        return True

    def delete_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows or self.read_only:
            return
        body_rules.delete(self.ctx.workspace, self.model.row(rows[0].row()).id)
        self.refresh()


SECTION = BodyRulesSection
