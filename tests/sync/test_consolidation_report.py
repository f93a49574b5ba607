"""The central office's quarterly report: the whole republic summed, with a table by region; or one region."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from desk.cli import main
from desk.sync.central_import import import_bundle

from .conftest import export


@pytest.fixture
def consolidated(make_region, central, outbox):
    from desk.services import associations

    for code, names in (
        ("KZ-35", ["Корейский центр Караганды"]),
        ("KZ-75", ["Уйгурский центр", "Татарский центр"]),
    ):
        region = make_region(code)
        for name in names:
            associations.REGISTER.create(
                region, {"name_ru": name, "ethnic_group": "korean", "legal_status": "initiative"}
            )
        assert import_bundle(central, export(region, outbox)).result == "imported"
    return central


def test_the_republic_wide_quarterly_sums_the_regions_with_a_table_by_region(consolidated):
    from desk.reports.quarterly import QuarterlyData

    today = dt.date.today()
    quarter = (today.month - 1) // 3 + 1
    data = QuarterlyData(consolidated, today.year, quarter)
    assert data.figures.associations_total == 3
    by_region = dict(data.by_region)
    assert len(by_region) == 20
    assert by_region["KZ-35"].associations_total == 1 and by_region["KZ-75"].associations_total == 2
    sent = [f for f in by_region.values() if f is not None]
    assert sum(f.associations_total for f in sent) == data.figures.associations_total
    # each region's row holds the figures its own report counts (read apart, to save time)
    from desk.services.quarterly import quarterly_figures

    for code in ("KZ-35", "KZ-75"):
        own = quarterly_figures(consolidated, today.year, quarter, region=code)
        row = by_region[code]
        assert (row.associations_total, row.associations_new, row.members_total, row.plan_percent) == (
            own.associations_total,
            own.associations_new,
            own.members_total,
            own.plan_percent,
        )
        assert (row.events_held, row.participants) == (own.events_held, own.participants)
    # the 18 regions that sent nothing are "no data", not 0 (issue 18)
    assert [c for c, f in by_region.items() if f is None] == [
        c for c in by_region if c not in ("KZ-35", "KZ-75")
    ]
    one = QuarterlyData(consolidated, today.year, quarter, region="KZ-75")
    assert one.figures.associations_total == 2 and one.by_region == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_desk_report_quarterly_on_a_central_data_folder(consolidated, tmp_path, capsys):
    home = str(consolidated.home.root)
    pdf = tmp_path / "republic.pdf"
    assert main(["report", "quarterly", "--lang", "en", "-o", str(pdf), "--home", home]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "By region" in text and "Karaganda Region" in text and "Almaty" in text
    one = tmp_path / "almaty.pdf"
    assert (
        main(["report", "quarterly", "--region", "kz-75", "--lang", "en", "-o", str(one), "--home", home])
        == 0
    )
    assert (
        "By region" not in subprocess.run(["pdftotext", str(one), "-"], capture_output=True, text=True).stdout
    )
    capsys.readouterr()
    assert main(["report", "quarterly", "--region", "KZ-99", "-o", str(one), "--home", home]) != 0
    assert "unknown region" in capsys.readouterr().err


def _pages(pdf) -> list[str]:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout.split("\f")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.parametrize("report", [["quarterly"], ["associations"], ["events", "--from", "2020-01-01"]])
def test_a_report_for_one_region_names_that_region_on_every_page(consolidated, tmp_path, report):
    home = str(consolidated.home.root)
    one = tmp_path / "one.pdf"
    assert (
        main(["report", *report, "--region", "KZ-75", "--lang", "all", "-o", str(one), "--home", home]) == 0
    )
    pages = [p for p in _pages(one) if p.strip()]
    headers = {
        "kk": "Алматы қаласы — Қазақстан халқы Ассамблеясы",
        "ru": "город Алматы — Ассамблея народа Казахстана",
        "en": "Almaty — Assembly of People of Kazakhstan",
    }
    for lang, header in headers.items():
        assert any(header in page.splitlines()[0] for page in pages), (
            lang,
            [p.splitlines()[0] for p in pages],
        )
    assert all(any(h in page.splitlines()[0] for h in headers.values()) for page in pages)
    assert not any("Republic of Kazakhstan" in page or "Karaganda" in page.splitlines()[0] for page in pages)

    republic = tmp_path / "republic.pdf"
    assert main(["report", *report, "--lang", "en", "-o", str(republic), "--home", home]) == 0
    first_lines = {page.splitlines()[0].strip() for page in _pages(republic) if page.strip()}
    assert all(line.startswith("Assembly of People of Kazakhstan") for line in first_lines), first_lines


def test_each_region_s_row_is_what_its_own_reading_counts(make_region, central, outbox):
    """The republic's table by region counts every region at once (`main_figures_by_region`): each row must be
    what `main_figures` reads for that region alone, dated history included, quarter after quarter."""
    from sqlalchemy import select

    from desk.domain import quarters
    from desk.domain.records import Association
    from desk.services import associations, demo, roster
    from desk.services.quarterly import main_figures, main_figures_by_region, no_main_figures

    today = dt.date(2026, 11, 21)
    periods = [quarters.Period.of(today)]
    while len(periods) < 8:
        periods.append(periods[-1].previous())
    middle = periods[3]
    for code in ("KZ-35", "KZ-75"):
        region = make_region(code)
        demo.generate(region, today=today)
        with region.db.read() as session:
            first = session.scalars(
                select(Association).where(Association.status == "active").order_by(Association.id)
            ).first()
        day = middle.start + dt.timedelta(days=10 if code == "KZ-35" else 40)
        associations.REGISTER.update(
            region, first.id, {"status": "liquidated", "status_date": day, "status_reason": "Решение"}
        )
        roster.leave(region, roster.roster(region, middle.start)[0].id, left_on=day, ground="own_wish")
        assert import_bundle(central, export(region, outbox)).result == "imported"
    seen = set()
    for period in periods:
        counted = main_figures_by_region(central, period.year, period.quarter)
        for code in ("KZ-35", "KZ-75", "KZ-11"):  # KZ-11 sent nothing
            own = main_figures(central, period.year, period.quarter, region=code)
            assert counted.get(code, no_main_figures(period.year, period.quarter)) == own, (period, code)
            seen.add((own.associations_total, own.members_total, own.events_held, own.decisions_adopted))
    assert set(counted) == {"KZ-35", "KZ-75"}
    assert len(seen) > 4  # the quarters and regions differ: a figure read wrongly would show
