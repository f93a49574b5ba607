"""The central office holds every region's records as the regions' bundles bring them: it changes none of them
(a change would be overwritten by the region's next bundle without a word, or belong to no region), and what
belongs to one region's assembly (its roster, its thresholds, a meeting's protocol) is asked for by region: a
roster of two assemblies counted as one (its quorum, "2 members hold the role of chairman") was printed before."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.cli import main
from desk.domain.records import Association, AuditEntry, BodyRule, Meeting
from desk.i18n import set_language
from desk.services import associations, body_rules, roster
from desk.services.workspace import Workspace
from desk.store.db import CentralReadOnly
from desk.sync.central_import import import_bundle
from desk.sync.export import export_bundle

CODES = ("KZ-35", "KZ-75")
QUORUM = {
    "quorum_num": 1,
    "quorum_den": 2,
    "quorum_strict": False,
    "adoption_num": 1,
    "adoption_den": 2,
    "adoption_strict": True,
}


@pytest.fixture
def republic(central: Workspace, make_region: Callable[..., Workspace], tmp_path: Path) -> Workspace:
    from desk.services import demo

    for n, code in enumerate(CODES):
        region = make_region(code)
        demo.generate(region, size="small", seed=11 + n)
        assert import_bundle(central, export_bundle(region, tmp_path, full=True).path).ok
    set_language("en")
    return central


def _audit_lines(ws: Workspace) -> int:
    with ws.db.read() as session:
        return session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()


def test_the_centre_changes_no_region_record(republic: Workspace) -> None:
    with republic.db.read() as session:
        one = session.scalars(select(Association).where(Association.region == "KZ-75").limit(1)).one()
    audit = _audit_lines(republic)
    with pytest.raises(CentralReadOnly, match="Almaty"):
        associations.REGISTER.update(republic, one.id, {"name_ru": "Изменено в центре"})
    with pytest.raises(CentralReadOnly, match="makes no records"):
        associations.REGISTER.create(
            republic, {"name_ru": "Новое", "ethnic_group": "tatar", "legal_status": "initiative"}
        )
    with pytest.raises(CentralReadOnly):
        body_rules.add(
            republic,
            {"body": "assembly", "document": "x", "valid_from": dt.date(2026, 1, 1), **QUORUM},
            region="KZ-35",
        )
    assert associations.REGISTER.get(republic, one.id).name_ru == one.name_ru
    assert _audit_lines(republic) == audit
    with republic.db.read() as session:
        assert session.execute(select(func.count()).select_from(BodyRule)).scalar_one() == 0


def test_a_region_s_own_folder_still_writes(make_region: Callable[..., Workspace]) -> None:
    region = make_region("KZ-35")
    made = associations.REGISTER.create(
        region, {"name_ru": "Новое объединение", "ethnic_group": "tatar", "legal_status": "initiative"}
    )
    assert made.region == "KZ-35"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_roster_and_thresholds_are_one_region_s(
    republic: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(republic.home.root)
    for command in (["roster"], ["rules"], ["rules", "--add", "--body", "assembly"]):
        code, out, err = _run(capsys, *command, "--home", home)
        assert code != 0 and "--region" in err and "KZ-35" in err and not out, command
    code, out, _err = _run(capsys, "roster", "--home", home, "--region", "kz-75", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["members_total"] == len(roster.roster(republic, region="KZ-75")) > 0
    assert {m["membership_id"] for m in shown["members"]} == {
        e.id for e in roster.roster(republic, region="KZ-75")
    }
    assert not any("chairman" in w for w in shown["warnings"])  # one chairman per assembly: no warning
    code, _out, err = _run(
        capsys,
        "rules",
        "--home",
        home,
        "--region",
        "KZ-35",
        "--add",
        "--body",
        "assembly",
        "--from",
        "2026-01-01",
        "--document",
        "Решение № 1",
    )
    assert code != 0 and "bundles" in err  # the centre records no region's thresholds
    pdf = Path(home) / "roster.pdf"
    code, _out, err = _run(capsys, "report", "roster", "--home", home, "-o", str(pdf))
    assert code != 0 and "--region" in err and not pdf.exists()
    code, _out, _err = _run(capsys, "report", "roster", "--home", home, "--region", "KZ-35", "-o", str(pdf))
    assert code == 0 and pdf.exists()


def test_lists_of_every_region_say_whose_each_line_is(
    republic: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(republic.home.root)
    code, out, _err = _run(capsys, "meetings", "--home", home)
    assert code == 0
    heads = [line for line in out.splitlines() if line and not line.startswith(" ")][:-1]
    assert heads and all(line.split()[0] in CODES for line in heads)
    assert {line.split()[0] for line in heads} == set(CODES)
    code, out, _err = _run(capsys, "meetings", "--home", home, "--region", "KZ-75", "--json")
    found = json.loads(out)
    assert found and {m["region"] for m in found} == {"KZ-75"}
    with republic.db.read() as session:
        held = session.execute(
            select(func.count()).select_from(Meeting).where(Meeting.region == "KZ-75")
        ).scalar_one()
    assert len(found) == held
    code, out, _err = _run(capsys, "decisions", "--home", home)
    assert code == 0 and out.splitlines()[0].startswith("Region")
    code, out, _err = _run(capsys, "decisions", "--home", home, "--region", "KZ-35", "--json")
    assert {r["region"] for r in json.loads(out)} <= {"KZ-35"}
    code, out, _err = _run(capsys, "plan", "--home", home, "--region", "KZ-35", "--json")
    assert code == 0 and {r["region"] for r in json.loads(out)["items"]} <= {"KZ-35"}


def test_a_meeting_s_protocol_at_the_centre_names_its_region(
    republic: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(republic.home.root)
    with republic.db.read() as session:
        days = session.execute(
            select(Meeting.date).group_by(Meeting.date).having(func.count(func.distinct(Meeting.region)) > 1)
        ).scalars()
        shared = next(iter(days), None)
    pdf = Path(home) / "protocol.pdf"
    if shared is not None:  # a day both regions met: which one is asked, never guessed
        code, _out, err = _run(
            capsys, "report", "meeting", "--home", home, "--date", shared.isoformat(), "-o", str(pdf)
        )
        assert code != 0 and "--region" in err and not pdf.exists()
    with republic.db.read() as session:
        meeting = session.scalars(select(Meeting).where(Meeting.region == "KZ-75").limit(1)).one()
    code, _out, _err = _run(capsys, "report", "meeting", "--home", home, "--id", meeting.id, "-o", str(pdf))
    assert code == 0
    from tests.reports.pdfread import pdf_text

    assert "Almaty" in pdf_text(pdf, first=1, last=1)


def test_a_register_listed_at_the_centre_says_each_row_s_region(
    republic: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(republic.home.root)
    code, out, _err = _run(capsys, "list", "houses", "--home", home, "--limit", "0")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[0] == "Region"
    assert {line.split()[0] for line in lines[2:-1]} == set(CODES)
    code, out, _err = _run(capsys, "list", "houses", "--home", home, "--region", "KZ-75")
    assert "Region" not in out.splitlines()[0]
