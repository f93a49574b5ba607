"""Quarters between a region and the centre: submit, accept or return, lock, reopen, correct — every state
change, and every refused edit in kk, ru and en (desk.domain.quarters, desk.store.quarter_guard,
desk.sync.quarters)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desk.domain import quarters as rules
from desk.domain.records import AuditEntry, Event, Meeting, QuarterSubmission
from desk.errors import DeskError
from desk.i18n import set_language
from desk.services import quarters as service
from desk.store import quarter_guard
from desk.store.quarter_guard import QuarterLocked
from desk.sync import quarters
from desk.sync.central_import import import_bundle
from desk.sync.receipts import load_receipt

from .conftest import export, read_receipt

Q3 = rules.Period(2026, 3)
AFTER_Q3 = dt.date(2026, 10, 5)

LOCKED = {
    "en": "3rd quarter 2026 was accepted by the centre on {date}; ask the centre to reopen it. Nothing was changed.",
    "ru": "3-й квартал 2026 принят центром {date}; попросите центр открыть его снова. Ничего не изменено.",
    "kk": "ІІІ тоқсан 2026 орталықта {date} қабылданды; оны қайта ашуды орталықтан сұраңыз. Ештеңе өзгертілген жоқ.",
}


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def _event(ws, day: dt.date, name: str = "Наурыз мейрамы") -> Event:
    with ws.db.transact() as session:
        event = Event(region=ws.region, name_ru=name, event_type="holiday", start_date=day, status="held")
        session.add(event)
    return event


def _set_day(ws, event_id: str, day: dt.date) -> None:
    with ws.db.transact() as session:
        session.get(Event, event_id).start_date = day


def _rename(ws, event_id: str, name: str) -> None:
    with ws.db.transact() as session:
        session.get(Event, event_id).name_ru = name


def _delete(ws, event_id: str) -> None:
    with ws.db.transact() as session:
        session.delete(session.get(Event, event_id))


def _sync(region, central, outbox):
    """Region → centre (bundle), centre → region (receipt)."""
    outcome = import_bundle(central, export(region, outbox))
    assert outcome.result == "imported", outcome.message
    load_receipt(region, outcome.receipt)
    return outcome


def _accepted_quarter(make_region, central, outbox):
    region = make_region("KZ-35")
    event = _event(region, dt.date(2026, 8, 15))
    quarters.submit(region, 2026, 3, today=AFTER_Q3)
    _sync(region, central, outbox)
    done = quarters.decide(central, "KZ-35", 2026, 3, rules.ACCEPTED)
    result = load_receipt(region, done.receipt)
    assert [d.action for d in result.quarters] == [rules.ACCEPTED]
    return region, event


def test_submit_freezes_signed_figures_and_the_report_and_the_bundle_carries_them(
    make_region, central, outbox
):
    region = make_region("KZ-35")
    _event(region, dt.date(2026, 8, 15))
    assert service.status(region, "KZ-35", Q3).state == rules.NOT_SENT
    done = quarters.submit(region, 2026, 3, today=AFTER_Q3)
    assert done.status.state == rules.SUBMITTED and not done.correction
    row = done.submission
    assert json.loads(row.figures)["events"]["held"] == 1
    assert quarters.pdf_of(row).startswith(b"%PDF")
    assert quarters.verify(region, row) is None

    _sync(region, central, outbox)
    at_centre = service.submission_rows(central, "KZ-35", Q3)
    assert [r.id for r in at_centre] == [row.id]
    assert quarters.verify(central, at_centre[0]) is None
    assert service.status(central, "KZ-35", Q3).state == rules.SUBMITTED


def test_a_quarter_that_has_not_ended_cannot_be_submitted(make_region):
    region = make_region("KZ-35")
    with pytest.raises(DeskError, match="has not ended yet"):
        quarters.submit(region, 2026, 4, today=dt.date(2026, 12, 31))
    with pytest.raises(DeskError, match="quarter must be 1, 2, 3 or 4"):
        quarters.submit(region, 2026, 5, today=AFTER_Q3)


def test_an_altered_submission_does_not_verify_at_the_centre(make_region, central, outbox):
    region = make_region("KZ-35")
    quarters.submit(region, 2026, 3, today=AFTER_Q3)
    _sync(region, central, outbox)
    row = service.submission_rows(central, "KZ-35", Q3)[0]
    figures = json.loads(row.figures)
    figures["events"]["held"] = 99
    row.figures = rules.canonical(figures)
    assert "do not match their hash" in quarters.verify(central, row)
    row.figures_sha256 = rules.sha256_text(row.figures)
    assert "does not verify" in quarters.verify(central, row)


def test_an_edit_to_a_submitted_quarter_is_warned_about(make_region):
    region = make_region("KZ-35")
    event = _event(region, dt.date(2026, 8, 15))
    other = _event(region, dt.date(2026, 11, 2))
    quarters.submit(region, 2026, 3, today=AFTER_Q3)
    heard: list[str] = []
    remove = quarter_guard.on_warning(heard.extend)
    try:
        _rename(region, other.id, "Q4: not submitted")
        assert heard == []
        _rename(region, event.id, "Changed after submitting")
    finally:
        remove()
    assert len(heard) == 1 and "3rd quarter 2026 was submitted to the centre on" in heard[0]
    assert "submit the quarter again as a correction" in heard[0]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_edit_of_an_accepted_quarter_is_refused_with_the_reason(make_region, central, outbox, lang):
    region, event = _accepted_quarter(make_region, central, outbox)
    decided = service.decision_rows(region, "KZ-35", Q3)[-1].decided_at.date()
    expected = LOCKED[lang].format(date=decided.strftime("%d.%m.%Y"))
    set_language(lang)
    for edit in (
        lambda: _rename(region, event.id, "Changed"),
        lambda: _delete(region, event.id),
        lambda: _event(region, dt.date(2026, 9, 1)),
        lambda: _set_day(region, event.id, dt.date(2026, 10, 1)),  # moving it out of the quarter
    ):
        with pytest.raises(QuarterLocked) as refused:
            edit()
        assert expected in refused.value.message
    later = _event(region, dt.date(2026, 11, 1))
    with pytest.raises(QuarterLocked, match=expected.split(";")[0]):
        _set_day(region, later.id, dt.date(2026, 9, 30))  # moving one into it
    with region.db.read() as session:
        assert session.get(Event, event.id).name_ru == "Наурыз мейрамы"
        assert session.get(Event, later.id).start_date == dt.date(2026, 11, 1)
    with pytest.raises(DeskError) as again:
        quarters.submit(region, 2026, 3, today=AFTER_Q3)
    assert expected in again.value.message


def test_a_meeting_s_decisions_are_locked_with_its_day(make_region, central, outbox):
    from desk.domain.records import Decision

    region = make_region("KZ-35")
    with region.db.transact() as session:
        meeting = Meeting(region="KZ-35", kind="session", number="3", date=dt.date(2026, 9, 10))
        session.add(meeting)
    quarters.submit(region, 2026, 3, today=AFTER_Q3)
    _sync(region, central, outbox)
    load_receipt(region, quarters.decide(central, "KZ-35", 2026, 3, rules.ACCEPTED).receipt)
    with pytest.raises(QuarterLocked, match="3rd quarter 2026 was accepted"):
        with region.db.transact() as session:
            session.add(Decision(region="KZ-35", meeting_id=meeting.id, name_ru="О плане"))


def test_the_bulk_delete_of_an_undo_is_refused_in_an_accepted_quarter(make_region, central, outbox):
    import datetime as _dt

    from desk.store import bulk
    from desk.store.db import next_usn

    region, event = _accepted_quarter(make_region, central, outbox)
    with pytest.raises(QuarterLocked, match="3rd quarter 2026 was accepted"):
        with region.db.transact() as session:
            conn = session.connection()
            bulk.start_staging(conn)
            bulk.stage(conn, [("event", event.id)])
            bulk.delete_staged(conn, Event, next_usn(session), _dt.datetime.now(_dt.UTC), "test")
    with region.db.read() as session:
        assert session.get(Event, event.id) is not None


def test_reopen_then_a_correction_is_submitted_again_and_the_centre_sees_what_changed(
    make_region, central, outbox
):
    region, event = _accepted_quarter(make_region, central, outbox)
    with pytest.raises(DeskError, match="Give a comment"):
        quarters.decide(central, "KZ-35", 2026, 3, rules.REOPENED)
    done = quarters.decide(central, "KZ-35", 2026, 3, rules.REOPENED, "Участники завышены")
    with central.db.read() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "quarter_decision")).all()
    assert [a.action for a in audit] == ["accepted", "reopened"]
    assert json.loads(audit[-1].changes)["comment"] == "Участники завышены"
    result = load_receipt(region, done.receipt)
    assert [d.action for d in result.quarters] == [rules.REOPENED]
    assert service.status(region, "KZ-35", Q3).state == rules.REOPENED

    _event(region, dt.date(2026, 9, 20), "Added in the correction")  # allowed again
    fixed = quarters.submit(region, 2026, 3, today=AFTER_Q3)
    assert fixed.correction and fixed.submission.version == 2
    _sync(region, central, outbox)
    assert service.status(central, "KZ-35", Q3).state == rules.SUBMITTED
    change = service.correction(central, "KZ-35", Q3)
    assert change is not None and (change.before, change.after) == (1, 2)
    held = next(c for c in change.changes if c.figure == "events.held")
    assert (held.before, held.after) == (1, 2)
    quarters.decide(central, "KZ-35", 2026, 3, rules.ACCEPTED)
    assert service.status(central, "KZ-35", Q3).state == rules.ACCEPTED


def test_return_with_a_comment_reaches_the_region_and_leaves_it_editable(make_region, central, outbox):
    region = make_region("KZ-35")
    event = _event(region, dt.date(2026, 8, 15))
    quarters.submit(region, 2026, 3, today=AFTER_Q3)
    # before the bundle arrives there is nothing to decide on
    with pytest.raises(DeskError, match="has not been submitted"):
        quarters.decide(central, "KZ-35", 2026, 3, rules.ACCEPTED)
    _sync(region, central, outbox)
    with pytest.raises(DeskError, match="Give a comment"):
        quarters.decide(central, "KZ-35", 2026, 3, rules.RETURNED, "  ")
    with pytest.raises(DeskError, match="only an accepted quarter can be reopened"):
        quarters.decide(central, "KZ-35", 2026, 3, rules.REOPENED, "why")
    done = quarters.decide(central, "KZ-35", 2026, 3, rules.RETURNED, "Нет протокола № 3")
    with pytest.raises(DeskError, match="only a submitted quarter can be accepted or returned"):
        quarters.decide(central, "KZ-35", 2026, 3, rules.ACCEPTED)
    result = load_receipt(region, done.receipt)
    assert quarters.decision_sentence(result.quarters[0]).endswith("Нет протокола № 3")
    assert service.status(region, "KZ-35", Q3).state == rules.RETURNED
    _rename(region, event.id, "Corrected")  # a returned quarter is not locked
    # loading the same receipt again changes nothing
    assert load_receipt(region, done.receipt).quarters == ()


def test_decisions_are_made_at_the_centre_only(make_region):
    region = make_region("KZ-35")
    with pytest.raises(DeskError):
        service.record_decision(region, "KZ-35", Q3, rules.ACCEPTED)


def test_a_receipt_with_altered_decisions_is_refused(make_region, central, outbox):
    from desk.sync.errors import ReceiptRefused

    region = make_region("KZ-35")
    quarters.submit(region, 2026, 3, today=AFTER_Q3)
    _sync(region, central, outbox)
    done = quarters.decide(central, "KZ-35", 2026, 3, rules.RETURNED, "Нет протокола")
    doc = read_receipt(done.receipt, region)
    doc["body"]["quarters"][0]["action"] = "accepted"
    done.receipt.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ReceiptRefused, match="signature does not verify"):
        load_receipt(region, done.receipt)
    assert service.status(region, "KZ-35", Q3).state == rules.SUBMITTED


def test_the_republic_table_shows_every_region_with_on_time_and_late(make_region, central, outbox):
    service.set_deadline(central, Q3, dt.date(2026, 10, 10))
    with pytest.raises(DeskError, match="after the quarter's last day"):
        service.set_deadline(central, Q3, dt.date(2026, 9, 30))
    region = make_region("KZ-35")
    quarters.submit(region, 2026, 3, today=AFTER_Q3)
    _sync(region, central, outbox)
    with central.db.transact() as session:  # submitted after the deadline
        row = session.scalars(select(QuarterSubmission)).one()
        late = dt.datetime(2026, 10, 12, 9, tzinfo=dt.UTC)
    table = quarters.republic(central, [Q3], "en", now=dt.datetime.now(dt.UTC))
    assert len(table.rows) == 20
    mine = next(r for r in table.rows if r.code == "KZ-35")
    assert mine.cells[Q3].state == rules.SUBMITTED and mine.last_bundle_age_days == 0
    others = [r for r in table.rows if r.code != "KZ-35"]
    assert all(r.cells[Q3].state == rules.NOT_SENT and r.last_bundle_age_days is None for r in others)
    assert rules.on_time(row.submitted_at, dt.date(2026, 10, 10)) is (
        row.submitted_at.date() <= dt.date(2026, 10, 10)
    )
    assert rules.on_time(late, dt.date(2026, 10, 10)) is False
    assert rules.on_time(dt.datetime(2026, 10, 10, 18, 59, tzinfo=dt.UTC), dt.date(2026, 10, 10)) is True
    assert rules.on_time(dt.datetime(2026, 10, 10, 19, 1, tzinfo=dt.UTC), dt.date(2026, 10, 10)) is False
    data = table.to_dict()
    assert data["deadlines"] == {"2026-Q3": "2026-10-10"}
    assert data["regions"][0]["quarters"]["2026-Q3"]["state"] in (rules.NOT_SENT, rules.SUBMITTED)
