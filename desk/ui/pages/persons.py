"""Persons and roster: the register of persons, each with the memberships of the assembly and its council they hold
or held (admit, record leaving, edit roles from there), and the roster of any chosen day with the Regulation's
warnings on the chairman's deputies."""

from __future__ import annotations

import dataclasses
from typing import Any

from desk.domain import reference, rules
from desk.i18n import N_, _, format_date
from desk.services import roster
from desk.services.rows import codes_label, term_label
from desk.ui import central_mode
from desk.ui.context import AppContext
from desk.ui.pages.registers import RegisterPage
from desk.ui.qt import (
    QGridLayout,
    QLabel,
    QPushButton,
    Qt,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from desk.ui.register_view import DetailTab
from desk.ui.registers import PERSONS
from desk.ui.roster_forms import (
    BODY_TITLES,
    AdmitDialog,
    LeaveDialog,
    MembershipDialog,
    RolesDialog,
    RosterPanel,
)

BODIES = BODY_TITLES
MEMBERSHIP_ROLE = Qt.ItemDataRole.UserRole


class MembershipsTab(QWidget):
    """A person's memberships, read from the roster service, with the roster's commands."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record: Any = None
        self.entries: list[roster.RosterEntry] = []
        self.heading = (
            QLabel()
        )  # whose memberships: the form's title is out of sight once the tab bar scrolls
        self.heading.setObjectName("formTitle")
        self.heading.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(6)
        self.admit_button = QPushButton()
        self.admit_button.setObjectName("admitAssembly")
        self.council_button = QPushButton()
        self.council_button.setObjectName("admitCouncil")
        self.leave_button = QPushButton()
        self.roles_button = QPushButton()
        self.admit_button.clicked.connect(lambda: self.admit(rules.ASSEMBLY))
        self.council_button.clicked.connect(lambda: self.admit(rules.COUNCIL))
        self.leave_button.clicked.connect(self.record_leaving)
        self.roles_button.clicked.connect(self.edit_roles)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        buttons = QGridLayout()  # one under the other: the form beside the register stays narrow (1024 px)
        for n, b in enumerate((self.admit_button, self.council_button, self.roles_button, self.leave_button)):
            buttons.addWidget(b, n, 0)
        buttons.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.dialog: MembershipDialog | None = None
        self.read_only = central_mode.apply(
            ctx, writers=[self.admit_button, self.council_button, self.roles_button, self.leave_button]
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels(
            [_("Body"), _("Category"), _("Admitted on"), _("Left on"), _("Roles"), _("Ground for leaving")]
        )
        self.admit_button.setText(_("Admit to the assembly…"))
        self.council_button.setText(_("Admit to the council…"))
        self.leave_button.setText(_("Record leaving…"))
        self.roles_button.setText(_("Edit roles…"))
        self.load(self.record)

    def load(self, record: Any) -> None:
        self.record = record
        self.tree.clear()
        self.note.clear()
        self.heading.clear()
        self.entries = []
        if record is not None:
            self.heading.setText(_("Memberships of {name}").format(name=record.full_name()))
            lang = self.ctx.language
            self.entries = roster.memberships(self.ctx.workspace, person_id=record.id)
            for entry in self.entries:
                m = entry.membership
                item = QTreeWidgetItem(
                    [
                        _(BODIES.get(m.body, m.body)),
                        term_label(reference.MEMBER_CATEGORIES, m.category, lang),
                        format_date(m.admitted_on, lang),
                        format_date(m.left_on, lang),
                        codes_label(reference.MEMBER_ROLES, m.roles, lang),
                        term_label(reference.LEAVING_GROUNDS, m.leaving_ground, lang),
                    ]
                )
                item.setData(0, MEMBERSHIP_ROLE, m.id)
                self.tree.addTopLevelItem(item)
            if not self.entries:
                self.note.setText(_("Not a member of the assembly."))
            for column in range(self.tree.columnCount()):
                self.tree.resizeColumnToContents(column)
            current = next((i for i, e in enumerate(self.entries) if e.membership.left_on is None), None)
            if current is not None:
                self.tree.setCurrentItem(self.tree.topLevelItem(current))
        self._update_buttons()

    def current_entry(self) -> roster.RosterEntry | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        membership_id = item.data(0, MEMBERSHIP_ROLE)
        return next((e for e in self.entries if e.id == membership_id), None)

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        present = self.record is not None
        self.admit_button.setEnabled(present)
        self.council_button.setEnabled(present)
        self.roles_button.setEnabled(entry is not None and entry.membership.left_on is None)
        self.leave_button.setEnabled(entry is not None and entry.membership.left_on is None)

    def _open(self, dialog: MembershipDialog) -> MembershipDialog:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.load(self.record))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def admit(self, body: str) -> MembershipDialog | None:
        if self.record is None or self.read_only:
            return None
        return self._open(AdmitDialog(self.ctx, self.record, body, self))

    def record_leaving(self) -> MembershipDialog | None:
        entry = self.current_entry()
        return self._open(LeaveDialog(self.ctx, entry, self)) if entry and not self.read_only else None

    def edit_roles(self) -> MembershipDialog | None:
        entry = self.current_entry()
        return self._open(RolesDialog(self.ctx, entry, self)) if entry and not self.read_only else None


class PersonsPage(RegisterPage):
    key = "persons"
    title = N_("Persons and roster")
    registers = [
        (dataclasses.replace(PERSONS, tabs=[DetailTab(N_("Memberships"), MembershipsTab)]), N_("Persons"))
    ]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # The register and the roster of a chosen day, side by side in tabs.
        register = self.views[0]
        layout = self.layout()
        layout.removeWidget(register)
        self.roster = RosterPanel(ctx)
        self.page_tabs = QTabWidget()
        self.page_tabs.setObjectName("personsTabs")
        self.page_tabs.addTab(register, "")
        self.page_tabs.addTab(self.roster, "")
        layout.addWidget(self.page_tabs, 1)
        self.watches = frozenset(self.watches | {"membership"})  # type: ignore[misc]
        self.retranslate_texts()

    def retranslate_texts(self) -> None:
        super().retranslate_texts()
        if hasattr(self, "page_tabs"):
            self.page_tabs.setTabText(0, _("Persons"))
            self.page_tabs.setTabText(1, _("Roster"))

    def retranslate(self) -> None:
        super().retranslate()
        self.roster.retranslate()

    def refresh(self) -> None:
        super().refresh()
        self.roster.refresh()

    def show_roster(self) -> RosterPanel:
        self.page_tabs.setCurrentWidget(self.roster)
        return self.roster


PAGE = PersonsPage
