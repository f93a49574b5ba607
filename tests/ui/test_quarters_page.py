"""The Quarters page: a region submits its last quarter from the window and is warned when it later edits a record
dated in it; the central office sees the republic at a glance, a region's figures beside its PDF, and accepts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desk.domain import quarters as rules
from desk.domain import reference
from desk.domain.records import Event
from desk.services.workspace import MODE_CENTRAL, create_workspace, open_workspace


def test_submit_warn_then_accept_at_the_centre(make_window, qtbot, tmp_path: Path) -> None:
    from desk.setup_region import init_region
    from desk.sync import keys, trust
    from desk.sync.central_import import import_bundle
    from desk.sync.export import export_bundle
    from desk.sync.receipts import trust_centre

    period = rules.last_finished(dt.date.today())
    central = create_workspace(tmp_path / "central", region=None, mode=MODE_CENTRAL)
    keys.create_central_keys(central)
    region = init_region(tmp_path / "region", "KZ-35")
    region.settings.set("central_recipient", keys.central_recipient(central))
    trust.add(central, "KZ-35", keys.region_public_key(region).base64)
    trust_centre(region, keys.central_public_key(central).base64)  # `desk sync trust-centre`
    with region.db.transact() as session:
        event = Event(
            region="KZ-35", name_ru="Наурыз", event_type="holiday", start_date=period.start, status="held"
        )
        session.add(event)

    window = make_window(region)
    window.show_page("quarters")
    page = window.current_page()
    assert page.key == "quarters" and not page.central
    first = page.quarters.row(0)
    assert first.period == period and first.state == rules.NOT_SENT
    assert page.submit_selected() is None and "Choose a quarter" in page.status.text()
    page.quarters_view.selectRow(0)
    task = page.submit_selected()
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: page.quarters.row(0).state == rules.SUBMITTED)
    assert page.quarters.data(page.quarters.index(0, 1)) == "submitted"
    assert "the next bundle carries it" in page.status.text()

    # an edit to a record dated in the submitted quarter is warned about in the window
    with region.db.transact() as session:
        session.get(Event, event.id).name_ru = "Наурыз мейрамы"
    qtbot.waitUntil(lambda: bool(window.quarter_notice.last))
    assert period.label() + " was submitted to the centre" in window.quarter_notice.last[0]

    assert import_bundle(central, export_bundle(region, tmp_path).path).result == "imported"
    central_window = make_window(open_workspace(central.home.root))
    central_window.show_page("quarters")
    cpage = central_window.current_page()
    assert cpage.central and cpage.republic.rowCount() == 20
    row = [t.code for t in reference.REGIONS].index("KZ-35")
    last_column = cpage.republic.columnCount() - 2
    assert cpage.republic.data(cpage.republic.index(row, last_column)).startswith("submitted")
    assert cpage.period_box.currentData() == period
    cpage.republic_view.selectRow(row)
    cpage.show_selected()
    assert cpage.figures.rowCount() > 10 and cpage.document.pageCount() > 0
    assert "Signature and hashes verified." in cpage.detail_label.text()
    task = cpage.decide(rules.ACCEPTED)
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    qtbot.waitUntil(
        lambda: cpage.republic.data(cpage.republic.index(row, last_column)).startswith("accepted")
    )
    assert "Send the region its receipt" in cpage.status.text()
    # the region loads the receipt: its page shows the decision
    from desk.sync.receipts import load_receipt

    receipt = sorted((central.home.root / "receipts").glob("KZ-35-receipt-*.json"))[-1]
    assert [d.action for d in load_receipt(region, receipt).quarters] == [rules.ACCEPTED]
    qtbot.waitUntil(lambda: page.quarters.row(0).state == rules.ACCEPTED)
    assert page.quarters.data(page.quarters.index(0, 1)) == "accepted"
    # a return needs a comment: a cancelled question decides nothing
    cpage.ask_comment = lambda action: None  # type: ignore[method-assign]
    assert cpage.decide(rules.RETURNED) is None


def test_a_form_refuses_an_edit_in_an_accepted_quarter_and_says_why(
    make_window, demo_workspace, qtbot
) -> None:
    from desk.domain.records import QuarterDecision
    from desk.services import meetings
    from desk.services import quarters as service

    ws = demo_workspace
    result = next(r for r in meetings.meetings(ws) if r.decisions and r.meeting.date.year >= 1900)
    p = rules.Period.of(result.meeting.date)
    row = service.record_submission(
        ws,
        p,
        version=1,
        submitted_at=dt.datetime(p.end.year, p.end.month, p.end.day, 12, tzinfo=dt.UTC),
        figures_text="{}",
        report_sha256="",
        report_pdf="",
        key_id="",
        signature="",
    )
    decided = dt.datetime(2026, 10, 12, 9, tzinfo=dt.UTC)
    with ws.db.transact() as session:  # as the centre's receipt brings it
        service.apply_decisions(
            session,
            "KZ-35",
            [
                QuarterDecision(
                    region="",
                    year=p.year,
                    quarter=p.quarter,
                    submission_id=row.id,
                    action=rules.ACCEPTED,
                    decided_at=decided,
                )
            ],
        )
    window = make_window(ws)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=5000)
    page = window.show_page("meetings")
    page.select_meeting(result.meeting.id)
    before = set(meetings.attendance(ws, result.meeting.id))
    page.detail.setCurrentWidget(page.attendance)
    page.attendance.model.set_all_checked(True)  # three more members present than were recorded
    assert not page.save()
    expected = p.label() + " was accepted by the centre on 12.10.2026; ask the centre to reopen it."
    assert expected in page.attendance.message.text()
    assert set(meetings.attendance(ws, result.meeting.id)) == before
