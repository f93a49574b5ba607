"""The demo data set: deterministic, realistic, consistent."""

from sqlalchemy import text

from desk.services import demo
from desk.services.folder_check import run_checks
from desk.setup_region import init_region


def _fingerprint(ws):
    with ws.db.engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(text("SELECT id, name_ru FROM association ORDER BY id LIMIT 20"))
        ]


def test_the_same_seed_gives_the_same_data(tmp_path):
    import datetime as dt

    day = dt.date(2026, 11, 21)
    first = init_region(tmp_path / "a", "KZ-35")
    second = init_region(tmp_path / "b", "KZ-35")
    demo.generate(first, seed=3, today=day)
    demo.generate(second, seed=3, today=day)
    assert _fingerprint(first) == _fingerprint(second)


def test_small_demo_passes_every_check_and_has_kazakh_letters(demo_workspace):
    assert run_checks(demo_workspace) == []
    with demo_workspace.db.engine.connect() as conn:
        names = " ".join(r[0] for r in conn.execute(text("SELECT surname FROM person")))
        n_members = conn.execute(text("SELECT COUNT(*) FROM membership WHERE body='assembly'")).scalar()
    assert any(ch in names for ch in "әғқңөұүһі")
    assert n_members > 0


def test_check_reports_an_iin_shared_by_two_persons(demo_workspace):
    with demo_workspace.db.engine.begin() as conn:
        iin = conn.execute(text("SELECT iin FROM person LIMIT 1")).scalar()
        conn.execute(
            text("UPDATE person SET iin = :iin WHERE id = (SELECT id FROM person WHERE iin != :iin LIMIT 1)"),
            {"iin": iin},
        )
    assert [p.check for p in run_checks(demo_workspace)] == ["iin"]
