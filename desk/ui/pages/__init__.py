"""The pages of the main window, registered by module name (see desk/ui/PAGES.md).

To add a page: write `desk/ui/pages/<name>.py` with a `Page` subclass exported as `PAGE`, and add its module name
to PAGE_MODULES. The navigation shows pages in NAV_ORDER (pages with other keys go just before Settings). A key of
NAV_ORDER with no registered page shows the placeholder of desk/ui/pages/placeholder.py.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

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
    "desk.ui.pages.sync",
    "desk.ui.pages.settings",
)

NAV_ORDER: tuple[str, ...] = (
    "home", "associations", "houses", "persons", "meetings", "plan", "reports", "sync", "settings",
)


def page_classes() -> list[type[Page]]:
    """The page classes in navigation order, placeholders filling the keys nobody registered yet."""
    from desk.ui.pages.placeholder import PLANNED, placeholder_for

    found: dict[str, type[Page]] = {}
    for name in PAGE_MODULES:
        cls = importlib.import_module(name).PAGE
        found[cls.key] = cls
    for key in PLANNED:
        found.setdefault(key, placeholder_for(key))
    last = len(NAV_ORDER) - 1

    def position(key: str) -> float:
        return NAV_ORDER.index(key) if key in NAV_ORDER else last - 0.5

    return sorted(found.values(), key=lambda cls: position(cls.key))
