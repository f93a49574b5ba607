"""`desk roster`, `desk meetings`, `desk decisions`, `desk plan`: the fields scripts rely on, and clear errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desk.cli import main
from desk.services import demo
from desk.setup_region import init_region


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("gov-cli") / "home"
    ws = init_region(home, "KZ-35")
    demo.generate(ws, size="small", seed=11)
    ws.close()
    return str(home)


def run_json(capsys, *args):
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_meetings_json_carries_the_numbers(demo_home, capsys):
    found = run_json(capsys, "meetings", "--home", demo_home)
    assert found
    for m in found:
        assert {"kind", "date", "members_total", "present", "quorate", "decisions"} <= set(m)
        assert m["quorate"] == (3 * m["present"] >= 2 * m["members_total"] and m["present"] > 0)
        for d in m["decisions"]:
            assert {"votes_for", "votes_against", "abstained", "adopted"} <= set(d)
            assert d["votes_for"] + d["votes_against"] + d["abstained"] <= m["present"]
            if d["adopted"]:
                assert m["quorate"]
    kinds = {m["kind"] for m in found}
    assert kinds == {"session", "extraordinary_session", "council_meeting"}
    year = run_json(capsys, "meetings", "--home", demo_home, "--from", "2023-01-01", "--to", "2023-12-31")
    assert year and all(m["date"].startswith("2023") for m in year)


def test_roster_json_as_of_a_date_and_council(demo_home, capsys):
    today = run_json(capsys, "roster", "--home", demo_home)
    assert today["members_total"] == len(today["members"]) > 0
    assert {"name", "category", "roles", "admitted_on", "left_on"} <= set(today["members"][0])
    past = run_json(
        capsys,
        "roster",
        "--home",
        demo_home,
        "--as-of",
        (dt.date.today() - dt.timedelta(days=3000)).isoformat(),
    )
    assert past["members_total"] > 0
    assert {m["membership_id"] for m in past["members"]} != {m["membership_id"] for m in today["members"]}
    council = run_json(capsys, "roster", "--home", demo_home, "--council")
    assert council["body"] == "council" and 0 < council["members_total"] < today["members_total"]


def test_decisions_overdue_and_plan(demo_home, capsys):
    overdue = run_json(capsys, "decisions", "--overdue", "--home", demo_home)
    assert overdue and all(
        r["overdue"] and r["status"] == "overdue" and r["days_overdue"] > 0 for r in overdue
    )
    assert all(r["deadline"] < dt.date.today().isoformat() for r in overdue)
    every = run_json(capsys, "decisions", "--home", demo_home)
    assert len(every) > len(overdue) and any(r["status"] == "executed" for r in every)
    year = dt.date.today().year - 1
    report = run_json(capsys, "plan", "--year", str(year), "--home", demo_home)
    assert report["year"] == year and report["items"]
    quarters = report["fulfilment"]["quarters"]
    assert [q["quarter"] for q in quarters] == [1, 2, 3, 4]
    assert sum(q["planned"] for q in quarters) == len(report["items"])
    assert sum(q["fulfilled"] for q in quarters) == sum(1 for i in report["items"] if i["fulfilled"])


def test_text_output(demo_home, capsys):
    capsys.readouterr()
    assert main(["meetings", "--home", demo_home]) == 0
    out = capsys.readouterr().out
    assert "not valid" in out and "not adopted" in out
    assert main(["plan", "--home", demo_home, "--year", str(dt.date.today().year - 1)]) == 0
    assert "items fulfilled" in capsys.readouterr().out
    assert main(["--lang", "kk", "roster", "--home", demo_home]) == 0
    assert "ассамблея мүшелерінің саны" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["roster", "--as-of", "2025-13-01"],
        ["meetings", "--from", "yesterday"],
        ["meetings", "--to", "2025-02-30"],
        ["plan", "--year", "двадцать"],
    ],
)
def test_bad_dates_give_one_clear_line(demo_home, capsys, args):
    capsys.readouterr()
    assert main([*args, "--home", demo_home]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("desk: --") and "Traceback" not in err[0]


def test_the_rules_command_records_and_lists_the_regions_thresholds(tmp_path):
    import json
    import subprocess
    import sys

    home = tmp_path / "h"
    run = [sys.executable, "-m", "desk", "--home", str(home)]
    subprocess.run([*run, "init", "--region", "KZ-35"], check=True, capture_output=True)
    out = subprocess.run(
        [*run, "rules", "--json"], check=True, capture_output=True, text=True, encoding="utf-8"
    ).stdout  # the CLI writes UTF-8 on every system
    assert "27 December 2024" in json.loads(out)["in_force"]["assembly"]  # the default, named
    subprocess.run(
        [
            *run,
            "rules",
            "--add",
            "--body",
            "assembly",
            "--from",
            "2025-03-01",
            "--document",
            "Регламент 2025",
            "--quorum",
            ">1/2",
        ],
        check=True,
        capture_output=True,
    )
    data = json.loads(
        subprocess.run(
            [*run, "rules", "--json"], check=True, capture_output=True, text=True, encoding="utf-8"
        ).stdout
    )
    assert [r["document"] for r in data["recorded"]] == ["Регламент 2025"]
    assert "more than 1/2 of the members" in data["in_force"]["assembly"]
    assert "27 December 2024" in data["in_force"]["council"]
    bad = subprocess.run(
        [
            *run,
            "rules",
            "--add",
            "--body",
            "assembly",
            "--from",
            "2025-03-01",
            "--document",
            "X",
            "--quorum",
            "two thirds",
        ],
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0 and "--quorum" in bad.stderr


def test_decisions_as_of_a_past_day_come_from_their_history(tmp_path):
    import datetime as dt
    import json
    import subprocess
    import sys

    from desk.services import decisions, meetings, roster
    from desk.setup_region import init_region
    from tests.governance.conftest import add_members

    home = tmp_path / "h"
    ws = init_region(home, "KZ-35")
    ids = add_members(ws, 30)
    m = meetings.create_meeting(
        ws, {"kind": "session", "date": dt.date(2021, 1, 20), "notice_date": dt.date(2020, 12, 1)}
    )
    meetings.set_attendance(ws, m.id, ids[:25])
    d = meetings.add_decision(ws, m.id, {"number": "1/1", "name_ru": "О плане", "votes_for": 20})
    item = decisions.add_item(ws, d.id, {"responsible": "Управление", "deadline": dt.date(2021, 3, 1)})
    decisions.mark_executed(ws, item.id, dt.date(2021, 4, 4))
    assert roster.members_total(ws, dt.date(2021, 3, 31)) == 30
    ws.close()
    run = [sys.executable, "-m", "desk", "--home", str(home), "decisions", "--json"]
    then = json.loads(
        subprocess.run([*run, "--as-of", "2021-03-31"], check=True, capture_output=True, text=True).stdout
    )
    assert [(r["status"], r["executed_on"]) for r in then] == [("overdue", None)]
    now = json.loads(subprocess.run(run, check=True, capture_output=True, text=True).stdout)
    assert [r["status"] for r in now] == ["executed"]
