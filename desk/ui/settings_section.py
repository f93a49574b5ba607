"""A box of settings owned by another part of the program, shown on the Settings page (backups, the assembly's
rules): its own module so that those parts and the page both import it and neither imports the other."""

from __future__ import annotations

from typing import ClassVar

from desk.i18n import _
from desk.ui.context import AppContext
from desk.ui.qt import QGroupBox, QWidget


class SettingsSection(QGroupBox):
    """A box of settings owned by another part of the program. Implement retranslate() (set the title too)."""

    title_text: ClassVar[str] = ""  # N_()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def retranslate(self) -> None:
        self.setTitle(_(self.title_text))

    def refresh(self) -> None:
        """Re-read what the section shows (called when the page is shown and after data changes)."""
