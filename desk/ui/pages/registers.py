"""The base of the register pages: one or more RegisterViews (in tabs when more than one), with the window's
commands routed to the view in front."""

from __future__ import annotations

from typing import ClassVar

from desk.i18n import _
from desk.ui.context import AppContext
from desk.ui.pages.base import Page
from desk.ui.qt import QLabel, QTabWidget, QVBoxLayout, QWidget
from desk.ui.register_view import RegisterDef, RegisterView
from desk.ui.registers import at_centre


class RegisterPage(Page):
    registers: ClassVar[list[tuple[RegisterDef, str]]] = []  # (definition, tab title N_)
    regions_records = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        central = ctx.workspace.is_central  # every region's records: a Region column and filter
        self.views = [
            RegisterView(ctx, at_centre(spec) if central else spec, self) for spec, _title in self.registers
        ]
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.tabs: QTabWidget | None = None
        if len(self.views) == 1:
            layout.addWidget(self.views[0], 1)
        else:
            self.tabs = QTabWidget()
            for view in self.views:
                self.tabs.addTab(view, "")
            layout.addWidget(self.tabs, 1)
        watched: set[str] = set()
        for spec, _title in self.registers:
            watched |= spec.tables
        self.watches = frozenset(watched)  # type: ignore[misc]
        self.retranslate_texts()

    @property
    def view(self) -> RegisterView:
        """The register in front."""
        if self.tabs is not None:
            widget = self.tabs.currentWidget()
            assert isinstance(widget, RegisterView)
            return widget
        return self.views[0]

    def show_register(self, key: str) -> RegisterView:
        for view in self.views:
            if view.spec.key == key:
                if self.tabs is not None:
                    self.tabs.setCurrentWidget(view)
                return view
        raise KeyError(key)

    def retranslate_texts(self) -> None:
        self.heading.setText(self.nav_title())
        if self.tabs is not None:
            for index, (_spec, title) in enumerate(self.registers):
                self.tabs.setTabText(index, _(title))

    def retranslate(self) -> None:
        self.retranslate_texts()
        for view in self.views:
            view.retranslate()

    def refresh(self) -> None:
        for view in self.views:
            view.refresh()

    def _unsaved_view(self) -> RegisterView | None:
        return next((v for v in self.views if v.unsaved() is not None), None)

    def unsaved(self) -> str | None:
        view = self._unsaved_view()
        return view.unsaved() if view is not None else None

    def save_unsaved(self) -> bool:
        view = self._unsaved_view()
        if view is None:
            return True
        if self.tabs is not None:
            self.tabs.setCurrentWidget(view)  # its messages are seen if the save is refused
        return view.form.save()

    def discard_unsaved(self) -> None:
        for view in self.views:
            if view.unsaved() is not None:
                view.discard_changes()

    def new_record(self) -> bool:
        return self.view.new_record()

    def find(self) -> bool:
        return self.view.find()

    def save(self) -> bool:
        return self.view.save()

    def close_current(self) -> bool:
        return self.view.close_form()
