"""The register reports (associations, roster, events log, meeting protocol) and `desk report …`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desk.cli import main
from desk.domain import rules
from desk.i18n import gettext_for
from desk.reports.associations import render_associations
from desk.reports.events import render_events
from desk.reports.meeting import render_meeting
from desk.reports.roster import render_roster
from desk.services import associations, meetings, roster
from desk.services.quarterly import events_between
from desk.services.records import ListQuery
from tests.reports.pdfread import outline, raw_text


def test_associations_register_as_of_a_date_with_a_filter(demo_workspace, tmp_path: Path):
    ws = demo_workspace
    day = dt.date.today() - dt.timedelta(days=400)
    out = tmp_path / "a.pdf"
    listed = render_associations(ws, out, lang="ru", as_of=day, filters={"ethnic_group": "korean"})
    every = associations.REGISTER.list_page(
        ws, ListQuery(limit=100000, filters={"ethnic_group": "korean"})
    ).rows
    expected = [
        a
        for a in every
        if (a.registration_date or a.created_at.date()) <= day
        and not (a.status == "liquidated" and a.status_date and a.status_date <= day)
    ]
    # the status printed is that of the day: an association liquidated later was still active then
    later_liquidated = [a for a in expected if a.status == "liquidated"]
    assert listed == len(expected) > 0
    text = raw_text(out)
    assert all(a.name("ru") in text for a in expected)
    assert "Корейцы" in text
    later = {a.name("ru") for a in every if a.registration_date and a.registration_date > day}
    assert all(name not in text for name in later - {a.name("ru") for a in expected})
    if later_liquidated:
        assert "Ликвидировано" not in text


def test_roster_lists_the_members_of_the_day(demo_workspace, tmp_path: Path):
    ws = demo_workspace
    day = dt.date.today() - dt.timedelta(days=200)
    out = tmp_path / "r.pdf"
    assert render_roster(ws, out, lang="kk", as_of=day) == len(roster.roster(ws, day))
    text = raw_text(out)
    for entry in roster.roster(ws, day) + roster.roster(ws, day, body=rules.COUNCIL):
        assert entry.name in text
    assert all(
        e.person.iin not in text for e in roster.roster(ws, day) if e.person.iin
    )  # no personal numbers
    assert gettext_for("kk")("Roster of the members of the assembly") in text


def test_events_log_of_a_period(demo_workspace, tmp_path: Path):
    ws = demo_workspace
    end = dt.date.today()
    start = end - dt.timedelta(days=120)
    out = tmp_path / "e.pdf"
    count = render_events(ws, out, lang="en", date_from=start, date_to=end)
    events = events_between(ws, start, end)
    assert count == len(events) > 0
    text = raw_text(out)
    assert all(e.name("en") in text for e in events)


def test_meeting_protocol_follows_the_rules(demo_workspace, tmp_path: Path):
    ws = demo_workspace
    every = meetings.meetings(ws)
    valid = next(m for m in every if m.quorate and m.decisions)
    out = tmp_path / "m.pdf"
    render_meeting(ws, out, lang="ru", meeting_id=valid.meeting.id)
    _ = gettext_for("ru")
    text = raw_text(out)
    assert (
        _("The meeting is valid: {present} of {total} members are present.").format(
            present=valid.present, total=valid.members_total
        )
        in text
    )
    assert text.count(_("adopted")) - text.count(_("not adopted")) >= sum(d.adopted for d in valid.decisions)
    for entry in meetings.eligible(ws, valid.meeting.id):
        assert entry.name in text
    invalid = [m for m in every if not m.quorate and m.members_total]
    assert invalid, "the demo has inquorate meetings"
    render_meeting(ws, out, lang="en", meeting_id=invalid[0].meeting.id)
    assert "The meeting is not valid" in raw_text(out)
    alone = next(m for m in every if sum(o.meeting.date == m.meeting.date for o in every) == 1)
    assert render_meeting(ws, out, lang="en", day=alone.meeting.date).meeting.id == alone.meeting.id


def test_command_line_writes_each_report(demo_workspace, tmp_path: Path, capsys):
    home = str(demo_workspace.home.root)
    today = dt.date.today()
    target = tmp_path / "q.pdf"
    assert (
        main(
            [
                "report",
                "quarterly",
                "--year",
                str(today.year),
                "--quarter",
                str((today.month - 1) // 3 + 1),
                "--lang",
                "all",
                "-o",
                str(target),
                "--home",
                home,
            ]
        )
        == 0
    )
    assert len(outline(target)) == 3
    for args in (
        ["associations", "--as-of", today.isoformat(), "--filter", "status=active"],
        ["roster", "--as-of", today.isoformat()],
        ["events", "--from", (today - dt.timedelta(days=90)).isoformat(), "--to", today.isoformat()],
        ["meeting", "--id", meetings.meetings(demo_workspace)[-1].meeting.id],
    ):
        out = tmp_path / f"{args[0]}.pdf"
        assert main(["report", *args, "--lang", "kk", "-o", str(out), "--home", home]) == 0, args
        assert out.read_bytes().startswith(b"%PDF")
    capsys.readouterr()


@pytest.mark.parametrize(
    "args, message",
    [
        (["quarterly", "--year", "2025", "--quarter", "7"], "quarter"),
        (["associations", "--as-of", "2025-02-30"], "--as-of"),
        (["associations", "--filter", "colour=red"], "colour"),
        (["events", "--from", "2025-09-01", "--to", "2025-06-01"], "--from"),
        (["events", "--status", "finished"], "--status"),
        (["meeting", "--date", "1999-01-01"], "Jan 1, 1999"),  # the date as the clerk reads it (CLDR)
        (["meeting", "--id", "no-such-meeting"], "no-such-meeting"),
    ],
)
def test_command_line_refuses_bad_input_with_one_line(demo_workspace, tmp_path: Path, capsys, args, message):
    out = tmp_path / "x.pdf"
    code = main(["report", *args, "--lang", "en", "-o", str(out), "--home", str(demo_workspace.home.root)])
    err = capsys.readouterr().err
    assert code != 0 and message in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []
