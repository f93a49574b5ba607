"""The roster on the Persons page: admitting a person to the assembly or its council, recording a member's leaving,
editing roles (dialogs with each refusal shown beside its field), and the roster as of a chosen date with the
warnings of the 2024 Regulation (item 16: the chairman's three deputies, two from ethnocultural associations).

Everything goes through `desk.services.roster`; nothing is deleted when a member leaves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from desk.domain import reference, rules
from desk.domain.validation import FieldError, ValidationError
from desk.errors import DeskError
from desk.i18n import N_, _, current_language, format_date
from desk.services import history, meetings, roster
from desk.services.roster import RosterEntry
from desk.services.rows import codes_label, term_label
from desk.ui import central_mode
from desk.ui.association_picker import AssociationsField
from desk.ui.context import AppContext
from desk.ui.empty_table import ExplainedTable
from desk.ui.meetings.common import FITTED_ROWS
from desk.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QShowEvent,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desk.ui.region_choice import RegionRead, region_choice, region_column
from desk.ui.rows_model import RowColumn, RowsModel
from desk.ui.tasks import error_text
from desk.ui.widgets import ChoiceBox, CodesList, DateField, field_cell, message_label

BODY_TITLES = {rules.ASSEMBLY: N_("Assembly"), rules.COUNCIL: N_("Council")}


def _terms(items: tuple[reference.Term, ...], lang: str) -> list[tuple[str, str]]:
    return [(t.code, t.label(lang)) for t in items]


class MembershipDialog(QDialog):
    """Rows of "label: field" with a message under each field; OK writes through the service or shows why not."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setModal(True)
        self.heading = QLabel()
        self.heading.setObjectName("formTitle")
        self.heading.setWordWrap(True)
        self.general = message_label(hidden=True)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.aliases: dict[str, str] = {}  # error field → the field it is shown under
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.general)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.result_membership: Any = None
        ctx.language_changed.connect(self.retranslate)  # the connection dies with the dialog

    def add_field(self, name: str, widget: QWidget, *, aliases: Sequence[str] = ()) -> QWidget:
        widget.setObjectName(f"field_{name}")
        label = QLabel()
        label.setBuddy(widget)
        cell, message = field_cell(widget)
        self.form.addRow(label, cell)
        self.labels[name], self.widgets[name], self.messages[name] = label, widget, message
        for alias in aliases:
            self.aliases[alias] = name
        return widget

    def set_label(self, name: str, text: str) -> None:
        self.labels[name].setText(text + ":")

    def retranslate(self, _lang: str | None = None) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    # --- messages -------------------------------------------------------------------------------------------------

    def clear_messages(self) -> None:
        for label in self.messages.values():
            label.clear()
            label.hide()
        self.general.clear()
        self.general.hide()

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        self.clear_messages()
        general: list[str] = []
        shown: dict[str, list[str]] = {}
        for e in errors:
            name = e.field if e.field in self.messages else self.aliases.get(e.field)
            if name is None:
                general.append(str(e))
            else:
                shown.setdefault(name, []).append(e.message)
        for name, texts in shown.items():
            self.messages[name].setText("\n".join(texts))
            self.messages[name].show()
        if general:
            self.general.setText("\n".join(general))
            self.general.show()
        first = next((n for n in self.widgets if n in shown), None)
        if first is not None:
            self.widgets[first].setFocus()

    def message_for(self, name: str) -> str:
        label = self.messages[name]
        return label.text() if not label.isHidden() else ""

    # --- saving -----------------------------------------------------------------------------------------------------

    def write(self) -> Any:
        raise NotImplementedError

    def accept(self) -> None:
        """Write; on refusal show the messages beside the fields, write nothing and stay open."""
        try:
            self.result_membership = self.write()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except DeskError as exc:
            self.clear_messages()
            self.general.setText(exc.message)
            self.general.show()
            return
        super().accept()


class AdmitDialog(MembershipDialog):
    """Admit a person to the assembly or to its council."""

    def __init__(
        self, ctx: AppContext, person: Any, body: str = rules.ASSEMBLY, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.person = person
        self.body = body
        self.category: ChoiceBox = self.add_field("category", ChoiceBox())  # type: ignore[assignment]
        self.nominated_by: QLineEdit = self.add_field("nominated_by", QLineEdit())  # type: ignore[assignment]
        self.nominating_association: AssociationsField = self.add_field(  # type: ignore[assignment]
            "nominating_association_id", AssociationsField(ctx, single=True)
        )
        self.admitted_on: DateField = self.add_field("admitted_on", DateField())  # type: ignore[assignment]
        self.admitted_on.set_value(dt.date.today())
        self.admission_decision: ChoiceBox = self.add_field(  # type: ignore[assignment]
            "admission_decision_id", ChoiceBox()
        )
        self.admission_decision.setMinimumContentsLength(36)  # "Session № 4 of 10 Apr 2024, decision № 4/1"
        self.admission_basis: QLineEdit = self.add_field("admission_basis", QLineEdit())  # type: ignore[assignment]
        self.admitted_on.dateChanged.connect(lambda *_a: self._load_decisions())
        self.roles: CodesList = self.add_field("roles", CodesList(rows=8))  # type: ignore[assignment]
        if body == rules.COUNCIL:
            self.roles.set_value("council_member")
        self.aliases["person_id"] = "admitted_on"
        self.retranslate()

    def retranslate(self, _lang: str | None = None) -> None:
        super().retranslate()
        lang = current_language()
        self.setWindowTitle(
            _("Admit to the assembly") if self.body == rules.ASSEMBLY else _("Admit to the council")
        )
        self.heading.setText(self.person.full_name())
        self.set_label("category", _("Category"))
        self.set_label("nominated_by", _("Nominated by"))
        self.set_label("nominating_association_id", _("Nominating association"))
        self.set_label("admitted_on", _("Admitted on"))
        self.set_label("admission_decision_id", _("Basis of admission (session decision)"))
        self.set_label("admission_basis", _("Basis of admission (text)"))
        self.admission_basis.setPlaceholderText(_("when the decision is not in the register"))
        self._load_decisions()
        self.set_label("roles", _("Roles"))
        self.category.set_choices(_terms(reference.MEMBER_CATEGORIES, lang), empty=_("— choose —"))
        roles = self.roles.value()
        self.roles.set_choices(_terms(reference.MEMBER_ROLES, lang))
        self.roles.set_value(roles)
        self.nominating_association.retranslate()
        self.nominated_by.setPlaceholderText(_("e.g. the akimat, the maslikhat, an association"))

    def write(self) -> Any:
        errors: list[FieldError] = []
        if self.category.value() is None:
            errors.append(FieldError("category", _("Choose the category.")))
        if self.admitted_on.value() is None:
            errors.append(FieldError("admitted_on", _("Give the date of admission.")))
        if errors:
            raise ValidationError(errors)
        association = (self.nominating_association.ids() or [None])[0]
        ws, person_id = self.ctx.workspace, self.person.id
        args = {
            "admitted_on": self.admitted_on.value(),
            "body": self.body,
            "category": self.category.value() or "",
            "roles": self.roles.codes(),
            "nominated_by": self.nominated_by.text(),
            "nominating_association_id": association,
            "admission_basis": self.admission_basis.text(),
            "admission_decision_id": self.admission_decision.value(),
        }
        return self.ctx.write(lambda: roster.admit(ws, person_id, **args), parent=self)

    def _load_decisions(self) -> None:
        """Offer the decisions adopted by sessions up to the day of admission, newest first."""
        lang = current_language()
        day = self.admitted_on.committed()
        found = meetings.adopted_session_decisions(self.ctx.workspace, day) if day is not None else []
        choices = [(d.id, d.label(lang)) for d in found]
        if self.admission_decision.value() not in {code for code, _label in choices}:
            self.admission_decision.clear()  # a decision after the new day is no longer offered
        self.admission_decision.set_choices(choices, empty=_("— none —"))


class LeaveDialog(MembershipDialog):
    """Record that a member left: the day (no longer a member from that day), the ground, a note for "other"."""

    def __init__(self, ctx: AppContext, entry: RosterEntry, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.entry = entry
        self.left_on: DateField = self.add_field("left_on", DateField())  # type: ignore[assignment]
        self.left_on.set_value(dt.date.today())
        self.ground: ChoiceBox = self.add_field("leaving_ground", ChoiceBox())  # type: ignore[assignment]
        self.note: QLineEdit = self.add_field("leaving_note", QLineEdit())  # type: ignore[assignment]
        self.ground.currentIndexChanged.connect(self._ground_changed)
        self.retranslate()

    def retranslate(self, _lang: str | None = None) -> None:
        super().retranslate()
        self.setWindowTitle(_("Record leaving"))
        m = self.entry.membership
        since = (
            _("{name}, member of the council since {date}")
            if m.body == rules.COUNCIL
            else _("{name}, member of the assembly since {date}")
        )
        self.heading.setText(
            since.format(name=self.entry.name, date=format_date(m.admitted_on, current_language()))
        )
        self.set_label("left_on", _("Left on"))
        self.set_label("leaving_ground", _("Ground for leaving"))
        self.set_label("leaving_note", _("Note"))
        self.ground.set_choices(_terms(reference.LEAVING_GROUNDS, current_language()), empty=_("— choose —"))
        self._ground_changed()

    def _ground_changed(self, *_args: Any) -> None:
        other = self.ground.value() == "other"
        self.note.setPlaceholderText(_("Required for other grounds") if other else "")

    def write(self) -> Any:
        if self.left_on.value() is None:
            raise ValidationError([FieldError("left_on", _("Give the date of leaving."))])
        ws, entry_id = self.ctx.workspace, self.entry.id
        left_on, ground, note = self.left_on.value(), self.ground.value() or "", self.note.text()
        return self.ctx.write(
            lambda: roster.leave(ws, entry_id, left_on=left_on, ground=ground, note=note), parent=self
        )


class RolesDialog(MembershipDialog):
    """Change a member's roles (chairman, deputy chairman, council member …)."""

    def __init__(self, ctx: AppContext, entry: RosterEntry, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.entry = entry
        self.roles: CodesList = self.add_field("roles", CodesList(rows=8))  # type: ignore[assignment]
        self.since: DateField = self.add_field("roles_since", DateField())  # type: ignore[assignment]
        self.since.set_value(dt.date.today())
        self.history = QLabel()  # the roles held before, with the days they held from
        self.history.setObjectName("rolesHistory")
        self.history.setWordWrap(True)
        self.add_field("roles_history", self.history)
        self.retranslate()
        self.roles.set_value(entry.membership.roles)

    def retranslate(self, _lang: str | None = None) -> None:
        super().retranslate()
        self.setWindowTitle(_("Edit roles"))
        self.heading.setText(self.entry.name)
        self.set_label("roles", _("Roles"))
        self.set_label("roles_since", _("Roles held since"))
        self.set_label("roles_history", _("History"))
        self.since.retranslate()
        roles = self.roles.value()
        self.roles.set_choices(_terms(reference.MEMBER_ROLES, current_language()))
        self.roles.set_value(roles)
        lines = history.record_history(self.ctx.workspace, "membership", self.entry.id, current_language())
        self.history.setText(
            "\n".join(
                _("from {date}: {value}").format(
                    date=format_date(line.valid_from, current_language()), value=line.value_label
                )
                for line in lines
            )
        )

    def write(self) -> Any:
        ws, entry_id, roles, since = self.ctx.workspace, self.entry.id, self.roles.codes(), self.since.value()
        return self.ctx.write(lambda: roster.set_roles(ws, entry_id, roles, since=since), parent=self)


# --- the roster as of a date ----------------------------------------------------------------------------------------


def _lang() -> str:
    return current_language()


ROSTER_COLUMNS: list[RowColumn[RosterEntry]] = [
    RowColumn(N_("Full name"), lambda e: e.name),
    RowColumn(
        N_("Category"), lambda e: term_label(reference.MEMBER_CATEGORIES, e.membership.category, _lang())
    ),
    RowColumn(N_("Roles"), lambda e: codes_label(reference.MEMBER_ROLES, e.roles, _lang())),  # of the day
    RowColumn(N_("Admitted on"), lambda e: format_date(e.membership.admitted_on, _lang())),
    RowColumn(N_("Nominated by"), lambda e: e.membership.nominated_by),
    RowColumn(N_("Basis of admission"), lambda e: e.basis(_lang())),
]


class RosterPanel(QWidget):
    """Who were the members of the assembly (or its council) on a chosen day, and what the Regulation warns of."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("rosterPanel")
        self.as_of_label = QLabel()
        self.as_of = DateField()
        self.as_of.setObjectName("rosterAsOf")
        self.as_of.set_value(dt.date.today())
        self.as_of_label.setBuddy(self.as_of)
        self.body = ChoiceBox()
        self.body.setObjectName("rosterBody")
        self.count = QLabel()
        self.warnings = QLabel()
        self.warnings.setObjectName("fieldMessage")
        self.warnings.setWordWrap(True)
        # At the central office: one region's assembly, or every region's members, each row naming its region.
        self.region = region_choice(ctx, "roster/region")
        columns = ROSTER_COLUMNS
        if self.region is not None:
            columns = [*columns, region_column(lambda e: e.membership.region)]
        self.model: RowsModel[RosterEntry] = RowsModel(
            columns, cached=True, parent=self
        )  # every region's members
        # every region's members and each assembly's warnings: read in the background at the central office
        self.loader = RegionRead(ctx, self, "roster", self._busy_changed)
        self.view: QTableView = ExplainedTable(
            lambda: (
                _("Reading the roster…")
                if self.loader.busy
                else error_text(self.loader.error)
                if self.loader.error is not None
                else ""
            )
        )
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setResizeContentsPrecision(
            FITTED_ROWS
        )  # every region's members: thousands
        self.view.horizontalHeader().setStretchLastSection(True)
        self.leave_button = QPushButton()
        self.roles_button = QPushButton()
        self.leave_button.clicked.connect(self.record_leaving)
        self.roles_button.clicked.connect(self.edit_roles)
        top = QHBoxLayout()
        if self.region is not None:
            top.addWidget(self.region)
        top.addWidget(self.as_of_label)
        top.addWidget(self.as_of)
        top.addWidget(self.body)
        top.addStretch(1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.roles_button)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        self.read_only_note = central_mode.note(ctx)  # the central office: why there is no leaving, no roles
        if self.read_only_note is not None:
            layout.addWidget(self.read_only_note)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.dialog: MembershipDialog | None = None
        self._stale = True
        self.as_of.dateChanged.connect(lambda *_a: self.refresh())
        self.body.currentIndexChanged.connect(lambda *_a: self.refresh())
        if self.region is not None:
            self.region.currentIndexChanged.connect(lambda *_a: self.refresh())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.read_only = central_mode.apply(ctx, writers=[self.roles_button, self.leave_button])
        self.retranslate()

    def retranslate(self) -> None:
        self.as_of_label.setText(_("Members on") + ":")
        self.as_of.retranslate()
        self.body.blockSignals(True)
        self.body.set_choices([(code, _(title)) for code, title in BODY_TITLES.items()])
        self.body.blockSignals(False)
        self.body.setAccessibleName(_("Assembly or council"))  # no label on screen: named for screen readers
        self.leave_button.setText(_("Record leaving…"))
        self.roles_button.setText(_("Edit roles…"))
        if self.region is not None:
            self.region.retranslate()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def day(self) -> dt.date:
        return self.as_of.committed() or dt.date.today()

    def refresh(self) -> None:
        if not self.isVisible():  # the Roster tab is behind the register at start: read it when it is shown
            self._stale = True
            return
        self._stale = False
        ws, day = self.ctx.workspace, self.day()
        body = self.body.value() or rules.ASSEMBLY
        region = self.region.value() if self.region is not None else None
        by_region = self.region is not None and region is None

        def read() -> tuple[list[RosterEntry], dict[str | None, list[rules.RuleWarning]]]:
            entries = roster.roster(ws, day, body=body, region=region)
            if (
                by_region
            ):  # each region's assembly's own (warned of together, one chairman would stand for twenty)
                return entries, dict(roster.warnings_by_region(ws, day))
            return entries, {None: roster.warnings(ws, day, region=region)}

        self.loader.read(read, self._show)

    def _show(self, read: tuple[list[RosterEntry], dict[str | None, list[rules.RuleWarning]]]) -> None:
        entries, warnings = read
        self.model.set_rows(entries)
        self.count.setText(_("Members: {n}").format(n=len(entries)))
        # a recommendation (the national Regulation's deputies rule) is marked as such, never as an error
        lines = [f"{'ℹ' if w.recommendation else '⚠'} {message}" for w, message in self._warnings(warnings)]
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))
        self._update_buttons()

    def _busy_changed(self, busy: bool) -> None:
        """While the roster is read the list is empty and says so, the count too; the day, the body and the region
        can still be changed (the newest choice is read, an older one's members never shown)."""
        if busy:
            self.model.set_rows([])
            self.count.clear()  # the list says it is being read
            self.warnings.clear()
            self.warnings.hide()
        self.view.setEnabled(not busy)
        self.view.viewport().update()
        self._update_buttons()

    def _warnings(
        self, found: dict[str | None, list[rules.RuleWarning]]
    ) -> list[tuple[rules.RuleWarning, str]]:
        """The Regulation's warnings on the roster shown: each region's assembly's own at the central office with
        all regions shown, named by region."""
        lang = self.ctx.language
        return [
            (
                w,
                w.message
                if code is None
                else _("{region}: {message}").format(
                    region=term_label(reference.REGIONS, code, lang), message=w.message
                ),
            )
            for code, warnings in found.items()
            for w in warnings
        ]

    @property
    def busy(self) -> bool:
        return self.loader.busy

    def warning_texts(self) -> list[str]:
        return [t for t in self.warnings.text().split("\n") if t] if self.warnings.isVisibleTo(self) else []

    def current_entry(self) -> RosterEntry | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def select_person(self, person_id: str) -> bool:
        for row, entry in enumerate(self.model.rows):
            if entry.membership.person_id == person_id:
                self.view.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        entry = None if self.loader.busy else self.current_entry()
        self.leave_button.setEnabled(entry is not None)
        self.roles_button.setEnabled(entry is not None)

    def _open(self, dialog: MembershipDialog) -> MembershipDialog:
        self.dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def record_leaving(self) -> MembershipDialog | None:
        entry = self.current_entry()
        return self._open(LeaveDialog(self.ctx, entry, self)) if entry and not self.read_only else None

    def edit_roles(self) -> MembershipDialog | None:
        entry = self.current_entry()
        return self._open(RolesDialog(self.ctx, entry, self)) if entry and not self.read_only else None
