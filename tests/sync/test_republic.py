"""A republic to rehearse with: demo regions seeded by region consolidate at the centre without a collision, and
the republic's report says how complete it is ("no data" never printed as 0, a region column in every list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desk import demo_republic
from desk.domain import quarters as rules
from desk.domain import reference
from desk.domain.records import SYNCED_TABLES, Event, Person
from desk.i18n import set_language
from desk.reports.blocks import Note, Table
from desk.reports.common import Lang
from desk.reports.quarterly import QuarterlyData, blocks
from desk.services import quarters as service
from desk.services.workspace import MODE_CENTRAL, Workspace, create_workspace, open_workspace
from desk.sync import keys, quarters

TODAY = dt.date(2026, 11, 21)
Q3 = rules.Period(2026, 3)
THREE = ["KZ-35", "KZ-55", "KZ-75"]


def _central_on(database_url: str | None) -> Callable[[Path], Workspace]:
    """How the centre's data folder is made: its database in the folder (SQLite) or on the PostgreSQL server."""

    def make(folder: Path) -> Workspace:
        ws = create_workspace(folder, region=None, mode=MODE_CENTRAL, database_url=database_url)
        keys.create_central_keys(ws)
        return ws

    return make


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> demo_republic.RepublicDemo:
    return demo_republic.build(tmp_path_factory.mktemp("republic") / "r", regions=THREE, today=TODAY)


def _ids(ws: Workspace, cls) -> set[str]:
    with ws.db.read() as session:
        return set(session.scalars(select(cls.id)))


def test_demo_regions_differ_but_each_is_deterministic(tmp_path):
    from desk.services import demo
    from desk.setup_region import init_region

    a = init_region(tmp_path / "a", "KZ-35")
    b = init_region(tmp_path / "b", "KZ-55")
    again = init_region(tmp_path / "c", "KZ-35")
    for ws in (a, b, again):
        demo.generate(ws, today=TODAY)

    def iins(ws):
        with ws.db.read() as session:
            return {i for i in session.scalars(select(Person.iin)) if i}

    def names(ws):
        with ws.db.read() as session:
            return [r[0] for r in session.execute(text("SELECT surname FROM person ORDER BY id LIMIT 50"))]

    assert _ids(a, Person) == _ids(again, Person) and names(a) == names(again)
    assert not _ids(a, Person) & _ids(b, Person)
    assert not iins(a) & iins(b)
    assert names(a) != names(b)
    with a.db.read() as sa, b.db.read() as sb:  # same size and shape
        for cls in (Person, Event):
            assert sa.scalar(select(func.count()).select_from(cls)) == sb.scalar(
                select(func.count()).select_from(cls)
            )
    for ws in (a, b, again):
        ws.close()


def test_three_default_demo_regions_consolidate_without_a_collision(three):
    central = open_workspace(three.central)
    try:
        for code, root in three.regions.items():
            region = open_workspace(root)
            try:
                with region.db.read() as rs, central.db.read() as cs:
                    for cls in SYNCED_TABLES:
                        mine = rs.scalar(select(func.count()).select_from(cls))
                        there = cs.scalar(select(func.count()).select_from(cls).where(cls.region == code))
                        assert mine == there, (code, cls.__tablename__)
            finally:
                region.close()
        assert service.completeness(central, Q3).submitted == THREE
        for code in THREE:
            row = service.submission_rows(central, code, Q3)[0]
            assert quarters.verify(central, row) is None
    finally:
        central.close()


def _blocks(ws: Workspace, lang: str = "en"):
    data = QuarterlyData(ws, 2026, 3, today=TODAY)
    return data, blocks(Lang(lang), data)[1]


def test_the_republic_report_says_how_complete_it_is_and_never_prints_no_data_as_zero(three):
    central = open_workspace(three.central)
    try:
        data, content = _blocks(central)
        notes = [b.text for b in content if isinstance(b, Note)]
        assert notes[0].startswith("Submitted to the centre: 3 of 20 regions. Missing: ")
        missing = [t.label("en") for t in reference.REGIONS if t.code not in THREE]
        assert notes[0].endswith(", ".join(missing) + ".")
        assert any("no data from:" in n for n in notes)
        by_region = next(
            b
            for b in content
            if isinstance(b, Table) and b.columns[0].heading == "Region" and b.columns[1].heading == "Quarter"
        )
        rows = {r[0]: r for r in by_region.rows}
        silent = rows[reference.by_code(reference.REGIONS, "KZ-11").label("en")]
        assert silent[1] == "not sent" and set(silent[2:]) == {"no data"}
        sent = rows[reference.by_code(reference.REGIONS, "KZ-35").label("en")]
        assert sent[1] == "submitted" and "no data" not in sent and sent[2] != "0"
        # every list of the republic's report starts with the region
        lists = [b for b in content if isinstance(b, Table) and b.rows and b is not by_region]
        listed = [b for b in lists if b.columns[0].heading in ("Region",)]
        assert {c.heading for b in listed for c in b.columns[1:2]} >= {"Date", "Registered"}
        events = next(b for b in listed if b.columns[2].heading == "Event")
        assert {r[0] for r in events.rows} == {
            reference.by_code(reference.REGIONS, c).label("en") for c in THREE
        }
    finally:
        central.close()


def test_a_region_s_own_report_has_no_region_column(three):
    region = open_workspace(three.regions["KZ-35"])
    try:
        data, content = _blocks(region)
        assert not data.republic
        assert all(b.columns[0].heading != "Region" for b in content if isinstance(b, Table))
        assert not any(isinstance(b, Note) and b.text.startswith("Submitted to the centre") for b in content)
    finally:
        region.close()


@pytest.mark.slow
def test_twenty_demo_regions_make_one_republic(tmp_path, centre_database_url):
    """Issue 15 point 4 and issue 18 point 5: twenty demo regions export, one centre imports them all, each
    submits its quarter, the centre accepts them, and the republic's report is complete."""
    from desk.reports.quarterly import render_quarterly

    built = demo_republic.build(
        tmp_path / "republic", today=TODAY, open_central=_central_on(centre_database_url)
    )
    assert len(built.regions) == 20 and len(built.bundles) == 20
    central = open_workspace(built.central)
    try:
        for term in reference.REGIONS:
            quarters.decide(central, term.code, 2026, 3, rules.ACCEPTED)
        table = quarters.republic(central, [Q3], "en")
        assert {r.cells[Q3].state for r in table.rows} == {rules.ACCEPTED}
        assert service.completeness(central, Q3).missing == []
        _data, content = _blocks(central)
        assert [b.text for b in content if isinstance(b, Note)][
            0
        ] == "Submitted to the centre: 20 of 20 regions."
        out = tmp_path / "republic.pdf"
        render_quarterly(central, out, year=2026, quarter=3, lang="ru", today=TODAY)
        print(f"republic report: {out} ({out.stat().st_size // 1024} KB)")
        assert out.read_bytes().startswith(b"%PDF")
    finally:
        central.close()
