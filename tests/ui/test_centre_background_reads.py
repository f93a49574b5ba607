"""The central office's Meetings page (with its items under control), roster and plan read every region's rows in the
background (desk/ui/region_choice.py RegionRead over desk/ui/reads.py): the window never waits for them; the page
says it is loading and offers nothing that needs the rows meanwhile; a newer choice supersedes an older one, whose
rows are never shown; closing the window while a read runs is clean. With nothing chosen, Meetings and Plan show a
hint where the empty read-only form stood; the read-only fields look read-only."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desk import demo_republic, i18n
from desk.services import decisions, meetings, plan, roster
from desk.services.workspace import Workspace, open_workspace
from desk.ui import theme
from desk.ui.central_mode import READ_ONLY_PROPERTY
from desk.ui.qt import QApplication, QEvent, QPalette

TWO = ["KZ-10", "KZ-35"]


@pytest.fixture(scope="module")
def republic(tmp_path_factory: pytest.TempPathFactory) -> demo_republic.RepublicDemo:
    folder = tmp_path_factory.mktemp("centre-background") / "r"
    return demo_republic.build(folder, regions=TWO, submit=False, today=dt.date(2026, 11, 21))


@pytest.fixture
def centre(republic: demo_republic.RepublicDemo, tmp_path: Path) -> Iterator[Workspace]:
    folder = tmp_path / "central"
    shutil.copytree(republic.central, folder)
    ws = open_workspace(folder)
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


class Gate:
    """Holds the reads of every region (region None) on their reader thread until opened; records the threads."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.threads: list[threading.Thread] = []
        self.entered = threading.Event()
        self.calls: list[tuple[str, Any, str]] = []

    def wrap(self, read: Callable[..., Any], *, hold: bool = True) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("decision_id"):  # one decision's items, for its form: not a list of every region's
                return read(*args, **kwargs)
            self.threads.append(threading.current_thread())
            self.calls.append((read.__name__, kwargs.get("region"), threading.current_thread().name))
            if hold and kwargs.get("region") is None:
                self.entered.set()
                assert self.opened.wait(20), "the test never opened the gate"
            return read(*args, **kwargs)

        return held


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    found = Gate()
    monkeypatch.setattr(meetings, "meetings", found.wrap(meetings.meetings))
    monkeypatch.setattr(decisions, "items", found.wrap(decisions.items, hold=False))
    monkeypatch.setattr(roster, "roster", found.wrap(roster.roster))
    monkeypatch.setattr(plan, "plan", found.wrap(plan.plan))
    yield found
    found.opened.set()  # never leave a reader waiting


def _idle(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.ctx.reads.pending(), timeout=10000)


def test_every_read_runs_off_the_ui_thread(
    make_window: Any, centre: Workspace, gate: Gate, qtbot: Any
) -> None:
    gate.opened.set()
    window = make_window(centre)
    page = window.show_page("meetings")
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    panel = window.show_page("persons").show_roster()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    plan_page = window.show_page("plan")
    qtbot.waitUntil(lambda: not plan_page.busy, timeout=10000)
    assert page.list_model.rowCount() and panel.model.rowCount() and plan_page.model.rowCount()
    assert len(gate.threads) >= 4  # meetings, items under control, roster, plan
    assert all(t is not threading.main_thread() for t in gate.threads), gate.calls
    _idle(qtbot, window)


def test_the_meetings_page_says_it_is_loading_and_offers_nothing_meanwhile(
    make_window: Any, centre: Workspace, gate: Gate, qtbot: Any
) -> None:
    window = make_window(centre)
    page = window.show_page("meetings")  # returns while every region's meetings are held on their thread
    assert gate.entered.wait(10)
    assert page.busy and not page.ready()
    assert page.list_model.rowCount() == 0 and not page.list_view.isEnabled() and not page.year.isEnabled()
    assert page.list_view.empty_reason() == "Reading the meetings…"
    assert page.right_stack.currentWidget() is page.hint and page.hint.text() == "Reading the meetings…"
    assert page.region is not None and page.region.isEnabled()  # another choice is still taken
    gate.opened.set()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert page.list_view.isEnabled() and page.year.isEnabled() and page.list_model.rowCount()
    assert page.meeting_id == page.list_model.row(0).meeting.id  # opened on the latest, as before
    assert page.right_stack.currentIndex() == 0
    _idle(qtbot, window)


def test_a_newer_choice_of_region_supersedes_the_older_read(
    make_window: Any, centre: Workspace, gate: Gate, qtbot: Any
) -> None:
    window = make_window(centre)
    page = window.show_page("meetings")
    assert gate.entered.wait(10)  # every region's read is running, held
    page.region.setCurrentIndex(page.region.findData("KZ-35"))
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert page.list_model.rowCount() and {r.meeting.region for r in page.list_model.rows} == {"KZ-35"}
    gate.opened.set()  # the older read of every region ends now: its rows must not land
    _idle(qtbot, window)
    qtbot.wait(50)
    assert {r.meeting.region for r in page.list_model.rows} == {"KZ-35"}
    assert {r.item.region for r in page.control.model.rows} <= {"KZ-35"}


def test_the_roster_drops_a_superseded_read(
    make_window: Any, centre: Workspace, gate: Gate, qtbot: Any
) -> None:
    window = make_window(centre)
    panel = window.show_page("persons").show_roster()
    assert gate.entered.wait(10)
    assert panel.busy and panel.count.text() == "" and not panel.view.isEnabled()
    assert panel.view.empty_reason() == "Reading the roster…"
    panel.region.setCurrentIndex(panel.region.findData("KZ-10"))
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert panel.model.rowCount() and {e.membership.region for e in panel.model.rows} == {"KZ-10"}
    assert panel.count.text() == f"Members: {panel.model.rowCount()}"
    gate.opened.set()
    _idle(qtbot, window)
    qtbot.wait(50)
    assert {e.membership.region for e in panel.model.rows} == {"KZ-10"}


def test_the_plan_drops_a_superseded_read(
    make_window: Any, centre: Workspace, gate: Gate, qtbot: Any
) -> None:
    window = make_window(centre)
    plan_page = window.show_page("plan")
    assert gate.entered.wait(10)
    assert plan_page.busy and plan_page.view.empty_reason() == "Reading the plan…"
    assert plan_page.right_stack.currentWidget() is plan_page.hint
    assert all(g.value.text() == "…" for g in plan_page.gauges)  # no older choice's figures meanwhile
    plan_page.region.setCurrentIndex(plan_page.region.findData("KZ-35"))
    qtbot.waitUntil(lambda: not plan_page.busy, timeout=10000)
    assert plan_page.model.rowCount() and {r.item.region for r in plan_page.model.rows} == {"KZ-35"}
    gate.opened.set()
    _idle(qtbot, window)
    qtbot.wait(50)
    assert {r.item.region for r in plan_page.model.rows} == {"KZ-35"}


def test_closing_the_window_while_a_read_runs_is_clean(
    make_window: Any, centre: Workspace, gate: Gate, qtbot: Any
) -> None:
    window = make_window(centre)
    page = window.show_page("meetings")
    assert gate.entered.wait(10)
    window.close()  # the read still held on its thread
    threading.Timer(0.2, gate.opened.set).start()  # it ends while the window's context waits for it
    window.ctx.close()
    assert window.ctx.reads.wait(5000)
    QApplication.processEvents()  # its result is delivered to nobody
    assert page.list_model.rowCount() == 0 and not window.ctx.reads.pending()


def test_a_view_destroyed_while_its_read_runs_gets_nothing(make_window: Any, centre: Workspace) -> None:
    from desk.ui.qt import QWidget
    from desk.ui.region_choice import RegionRead

    window = make_window(centre)
    held, delivered = threading.Event(), []
    owner = QWidget()
    loader = RegionRead(window.ctx, owner, "rows")
    loader.read(lambda: held.wait(20) and "rows", delivered.append)
    lane = loader.lane
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    held.set()
    assert window.ctx.reads.wait(5000)
    QApplication.processEvents()
    assert delivered == [] and not window.ctx.reads.pending(lane)


def test_with_nothing_chosen_a_hint_stands_in_place_of_the_empty_form(
    make_window: Any, centre: Workspace, gate: Gate, qtbot: Any
) -> None:
    gate.opened.set()
    window = make_window(centre)
    page = window.show_page("meetings")
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert page.right_stack.currentIndex() == 0  # the latest meeting open
    page.year.set_value("1990")  # a year without meetings: none chosen
    page.list_view.clearSelection()
    page._load_detail(None)
    assert page.right_stack.currentWidget() is page.hint
    assert page.hint.text() == "Choose a meeting in the list to see it."
    i18n.set_language("ru")
    assert page.hint.text() == "Выберите заседание в списке, чтобы его просмотреть."
    i18n.set_language("en")
    plan_page = window.show_page("plan")
    qtbot.waitUntil(lambda: not plan_page.busy, timeout=10000)
    assert plan_page.item_id is None and plan_page.right_stack.currentWidget() is plan_page.hint
    assert plan_page.hint.text() == "Choose a plan item in the list to see it."
    plan_page.view.selectRow(0)
    assert plan_page.item_id is not None and plan_page.right_stack.currentIndex() == 0
    _idle(qtbot, window)


def test_a_region_s_window_keeps_its_form_and_reads_at_once(
    make_window: Any, demo_workspace: Workspace
) -> None:
    window = make_window(demo_workspace)
    page = window.show_page("meetings")
    assert not page.busy and page.list_model.rowCount()  # read at once: one region's meetings
    page.new_record()
    assert page.right_stack.currentIndex() == 0  # the new meeting's form, to type into
    plan_page = window.show_page("plan")
    assert plan_page.right_stack.currentIndex() == 0 and not plan_page.busy


def test_the_centre_s_fields_look_read_only(
    make_window: Any, centre: Workspace, demo_workspace: Workspace, gate: Gate, qtbot: Any
) -> None:
    gate.opened.set()
    window = make_window(centre)
    page = window.show_page("meetings")
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    fields = [
        page.form.place,
        page.form.agenda,
        page.form.kind,
        page.form.kind.lineEdit(),
        page.decisions.votes_for,
    ]
    assert all(f.property(READ_ONLY_PROPERTY) is True for f in fields)
    window_colour = page.form.place.palette().color(QPalette.ColorRole.Window)
    shot = page.form.place.grab().toImage()
    inside = shot.pixelColor(shot.width() - 6, shot.height() // 2)  # right of the text, inside the frame
    assert inside.name() == window_colour.name()  # drawn on the window's colour, not the input's white
    # the text stays legible on it in the light, dark and high-contrast palettes (WCAG AA)
    for palette in (
        QApplication.style().standardPalette(),
        theme.dark_palette(),
        theme.high_contrast_palette(),
    ):
        legible = theme.legible(palette)
        text, ground = legible.color(QPalette.ColorRole.Text), legible.color(QPalette.ColorRole.Window)
        assert theme.contrast(text, ground) >= theme.MIN_CONTRAST
    _idle(qtbot, window)
    own = make_window(demo_workspace).show_page("meetings")
    assert own.form.place.property(READ_ONLY_PROPERTY) is None and not own.form.place.isReadOnly()
