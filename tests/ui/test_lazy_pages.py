"""Start-up builds only what the first frame needs: the first page's module is the only page imported, heavy
libraries wait for the feature that uses them, and visiting a page imports and builds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from desk.i18n import _
from desk.ui import pages as registry


def test_the_window_starts_with_only_the_first_page_imported(workspace):
    workspace.close()
    code = f"""
import json, sys
from pathlib import Path
from desk.ui.app import start
started = start(Path({str(workspace.home.root)!r}))
assert started.wait_until_open()
window = started.window
window.show_page("persons")  # as after a restart on Persons: Home's module is never needed
loaded = sorted(m for m in sys.modules if m.startswith("desk.ui.pages."))
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {{"openpyxl", "alembic", "mako", "reportlab", "PIL"}})
print(json.dumps({{"pages": loaded, "heavy": heavy, "nav": window.page_keys()}}))
started.close()
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # the window opened on Home (the default first page), then Persons was shown
    assert found["pages"] == [
        "desk.ui.pages.base",
        "desk.ui.pages.home",
        "desk.ui.pages.persons",
        "desk.ui.pages.placeholder",
        "desk.ui.pages.registers",
    ]
    assert found["heavy"] == []
    assert found["nav"] == list(registry.NAV_ORDER)


def test_visiting_a_page_builds_it_once(make_window, workspace):
    window = make_window(workspace)
    assert window.current_page().key == "home"
    built = window.stack.count()
    page = window.show_page("meetings")
    assert window.stack.count() == built + 1 and window.stack.currentWidget() is page
    assert window.show_page("meetings") is page and window.stack.count() == built + 1
    assert type(page).__module__ == "desk.ui.pages.meetings" and page.isVisible()


def test_navigation_titles_are_the_pages_own(make_window, workspace):
    slots = registry.page_slots()
    for slot, cls in zip(slots, registry.page_classes(), strict=True):
        assert (slot.key, slot.title) == (cls.key, cls.title)
    window = make_window(workspace)
    assert [window.nav.item(row).text() for row in range(window.nav.count())] == [_(s.title) for s in slots]


def test_a_page_without_a_declared_title_is_imported_to_learn_it(monkeypatch: Any):
    monkeypatch.setattr(registry, "NAV_TITLES", {k: v for k, v in registry.NAV_TITLES.items() if k != "sync"})
    slot = next(s for s in registry.page_slots() if s.key == "sync")
    assert slot.title == "Sync" and slot.page_class().__module__ == "desk.ui.pages.sync"


def test_the_district_list_is_read_once_and_again_after_a_district_is_added(make_window, workspace, qtbot):
    from desk.services import districts
    from desk.ui.registers import district_choices

    window = make_window(workspace)
    ctx = window.ctx
    before = district_choices(ctx, "en")
    assert before and ctx.lookup(("districts", "en"), frozenset(), list) == before  # kept, not read again
    with qtbot.waitSignal(ctx.changed, timeout=10000):
        districts.create(workspace, name_kk="Жаңа аудан", name_ru="Новый район", name_en="New district")
    after = district_choices(ctx, "en")
    assert len(after) == len(before) + 1 and "New district" in dict(after).values()


def test_home_reads_its_figures_once_at_start(make_window, workspace, qtbot, monkeypatch: Any):
    from desk.services import dashboard

    calls: list[str] = []
    real = dashboard.glance

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append("glance")
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard, "glance", spy)
    window = make_window(workspace)
    home = window.current_page()
    qtbot.waitUntil(lambda: home.ready() and not window.ctx.tasks.busy, timeout=20000)
    assert calls == ["glance"] and home.cards["persons"].value.text() == "0"
