"""Honest pages for parts of the program whose own page is not written yet: the navigation entry exists and says
so. When a feature's page is registered (PAGE_LOADERS) with the same key, it replaces the entry here."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from desk.i18n import _
from desk.ui.pages.base import Page
from desk.ui.qt import QLabel, Qt, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from desk.ui.context import AppContext

PLANNED: dict[str, tuple[str, str]] = {}


class PlaceholderPage(Page):
    """Says that a part of the program is being built."""

    description: ClassVar[str] = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.nav_title())
        self.body.setText(
            _(self.description)
            + "\n\n"
            + _("This part of Dostyq Desk is being built and is not available yet.")
        )


def placeholder_for(key: str) -> type[Page]:
    title, description = PLANNED[key]
    return type(
        f"Placeholder_{key}", (PlaceholderPage,), {"key": key, "title": title, "description": description}
    )
