"""Persons, and for each the memberships of the assembly and its council they hold or held (the roster)."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

from desk.domain import reference
from desk.i18n import N_, _, format_date
from desk.services.rows import codes_label, term_label
from desk.ui.context import AppContext
from desk.ui.pages.registers import RegisterPage
from desk.ui.qt import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget
from desk.ui.register_view import DetailTab
from desk.ui.registers import PERSONS

BODIES = {"assembly": N_("Assembly"), "council": N_("Council")}


class MembershipsTab(QWidget):
    """A person's memberships, read from the roster service."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record: Any = None
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([_("Body"), _("Category"), _("Admitted on"), _("Left on"), _("Roles"),
                                   _("Ground for leaving")])
        self.load(self.record)

    def load(self, record: Any) -> None:
        self.record = record
        self.tree.clear()
        self.note.clear()
        if record is None:
            return
        try:
            roster = importlib.import_module("desk.services.roster")
        except ImportError:
            self.note.setText(_("The roster is not available in this version."))
            return
        lang = self.ctx.language
        entries = roster.memberships(self.ctx.workspace, person_id=record.id)
        for entry in entries:
            m = entry.membership
            self.tree.addTopLevelItem(QTreeWidgetItem([
                _(BODIES.get(m.body, m.body)),
                term_label(reference.MEMBER_CATEGORIES, m.category, lang),
                format_date(m.admitted_on, lang),
                format_date(m.left_on, lang),
                codes_label(reference.MEMBER_ROLES, m.roles, lang),
                term_label(reference.LEAVING_GROUNDS, m.leaving_ground, lang),
            ]))
        if not entries:
            self.note.setText(_("Not a member of the assembly."))
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)


class PersonsPage(RegisterPage):
    key = "persons"
    title = N_("Persons and roster")
    registers = [(dataclasses.replace(PERSONS, tabs=[DetailTab(N_("Memberships"), MembershipsTab)]),
                  N_("Persons"))]


PAGE = PersonsPage
