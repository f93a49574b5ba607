"""Houses of Friendship and the events they host: two registers in tabs."""

from __future__ import annotations

from desk.i18n import N_
from desk.ui.pages.registers import RegisterPage
from desk.ui.registers import EVENTS, HOUSES


class HousesPage(RegisterPage):
    key = "houses"
    title = N_("Houses of Friendship and events")
    registers = [(HOUSES, N_("Houses of Friendship")), (EVENTS, N_("Events"))]


PAGE = HousesPage
