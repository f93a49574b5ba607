"""The pages of the main window, registered by module name (see desk/ui/PAGES.md).

To add a page: write `desk/ui/pages/<key>.py` with a `Page` subclass exported as `PAGE`, add its module name to
PAGE_MODULES and its navigation title to NAV_TITLES. The navigation shows pages in NAV_ORDER (pages with other keys go
just before Settings). A key of NAV_ORDER with no registered page shows the placeholder of
desk/ui/pages/placeholder.py.

Pages are imported lazily: the window lists the navigation from `page_slots()` (key and title, no import) and imports
a page's module the first time the page is shown, so start-up pays only for the first page. A module whose key
(its last name part) has no NAV_TITLES entry is imported at once to learn its key and title.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desk.i18n import N_, _

if TYPE_CHECKING:
    from desk.ui.pages.base import Page

PAGE_MODULES: tuple[str, ...] = (
    "desk.ui.pages.home",
    "desk.ui.pages.associations",
    "desk.ui.pages.houses",
    "desk.ui.pages.persons",
    "desk.ui.pages.meetings",
    "desk.ui.pages.plan",
    "desk.ui.pages.reports",
    "desk.ui.pages.quarters",
    "desk.ui.pages.sync",
    "desk.ui.pages.settings",
)

NAV_ORDER: tuple[str, ...] = (
    "home",
    "associations",
    "houses",
    "persons",
    "meetings",
    "plan",
    "reports",
    "quarters",
    "sync",
    "settings",
)


NAV_TITLES: dict[str, str] = {
    "home": N_("Home"),
    "associations": N_("Associations"),
    "houses": N_("Houses of Friendship and events"),
    "persons": N_("Persons and roster"),
    "meetings": N_("Meetings and decisions"),
    "plan": N_("Action plan"),
    "reports": N_("Reports"),
    "quarters": N_("Quarters"),
    "sync": N_("Sync"),
    "settings": N_("Settings"),
}
"""The navigation titles (the same N_ text as the page class's `title`), so the list shows without importing pages."""


@dataclass(frozen=True)
class PageSlot:
    """A navigation entry: the page's key and title, and where its class comes from (imported on first use)."""

    key: str
    title: str  # N_ text
    module: str | None  # None: the placeholder of desk/ui/pages/placeholder.py

    def nav_title(self) -> str:
        return _(self.title)

    def page_class(self) -> type[Page]:
        if self.module is None:
            from desk.ui.pages.placeholder import placeholder_for

            return placeholder_for(self.key)
        cls: type[Page] = importlib.import_module(self.module).PAGE
        return cls


def page_slots() -> list[PageSlot]:
    """The navigation entries in NAV_ORDER, placeholders filling the keys nobody registered yet."""
    found: dict[str, PageSlot] = {}
    for name in PAGE_MODULES:
        key = name.rsplit(".", 1)[-1]
        title = NAV_TITLES.get(key)
        if title is None:  # not declared: import the page to learn its key and title
            cls = importlib.import_module(name).PAGE
            key, title = cls.key, cls.title
        found[key] = PageSlot(key, title, name)
    from desk.ui.pages.placeholder import PLANNED

    for key, (title, _description) in PLANNED.items():
        found.setdefault(key, PageSlot(key, title, None))
    last = len(NAV_ORDER) - 1

    def position(key: str) -> float:
        return NAV_ORDER.index(key) if key in NAV_ORDER else last - 0.5

    return sorted(found.values(), key=lambda slot: position(slot.key))


def page_classes() -> list[type[Page]]:
    """Every page class in navigation order (imports them all: for tools and tests, not the window's start)."""
    return [slot.page_class() for slot in page_slots()]
