"""The pages of the main window (see desk/ui/PAGES.md).

To add a page: write `desk/ui/pages/<key>.py` with a `Page` subclass exported as `PAGE`, add a loader for it to
PAGE_LOADERS (a function with a plain import, so tools and tests see the edge) and its navigation title to
NAV_TITLES. The navigation shows pages in NAV_ORDER (pages with other keys go just before Settings). A key of
NAV_ORDER with no page shows the placeholder of desk/ui/pages/placeholder.py.

Pages are imported lazily: the window lists the navigation from `page_slots()` (key and title, no import) and calls
a page's loader the first time the page is shown, so start-up pays only for the first page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desk.i18n import N_, _

if TYPE_CHECKING:
    from desk.ui.pages.base import Page


def _home() -> type[Page]:
    from desk.ui.pages import home

    return home.PAGE


def _associations() -> type[Page]:
    from desk.ui.pages import associations

    return associations.PAGE


def _houses() -> type[Page]:
    from desk.ui.pages import houses

    return houses.PAGE


def _persons() -> type[Page]:
    from desk.ui.pages import persons

    return persons.PAGE


def _meetings() -> type[Page]:
    from desk.ui.pages import meetings

    return meetings.PAGE


def _plan() -> type[Page]:
    from desk.ui.pages import plan

    return plan.PAGE


def _reports() -> type[Page]:
    from desk.ui.pages import reports

    return reports.PAGE


def _quarters() -> type[Page]:
    from desk.ui.pages import quarters

    return quarters.PAGE


def _sync() -> type[Page]:
    from desk.ui.pages import sync

    return sync.PAGE


def _settings() -> type[Page]:
    from desk.ui.pages import settings

    return settings.PAGE


PAGE_LOADERS: dict[str, Callable[[], type[Page]]] = {
    "home": _home,
    "associations": _associations,
    "houses": _houses,
    "persons": _persons,
    "meetings": _meetings,
    "plan": _plan,
    "reports": _reports,
    "quarters": _quarters,
    "sync": _sync,
    "settings": _settings,
}

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
    load: Callable[[], type[Page]] | None  # None: the placeholder of desk/ui/pages/placeholder.py

    def nav_title(self) -> str:
        return _(self.title)

    def page_class(self) -> type[Page]:
        if self.load is None:
            from desk.ui.pages.placeholder import placeholder_for

            return placeholder_for(self.key)
        return self.load()


def page_slots() -> list[PageSlot]:
    """The navigation entries in NAV_ORDER, placeholders filling the keys nobody registered yet."""
    found: dict[str, PageSlot] = {}
    for key, load in PAGE_LOADERS.items():
        title = NAV_TITLES.get(key)
        if title is None:  # not declared: import the page to learn its title
            title = load().title
        found[key] = PageSlot(key, title, load)
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
