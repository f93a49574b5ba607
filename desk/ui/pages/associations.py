"""The register of ethnocultural associations."""

from __future__ import annotations

from desk.i18n import N_
from desk.ui.pages.registers import RegisterPage
from desk.ui.registers import ASSOCIATIONS


class AssociationsPage(RegisterPage):
    key = "associations"
    title = N_("Associations")
    registers = [(ASSOCIATIONS, N_("Associations"))]


PAGE = AssociationsPage
