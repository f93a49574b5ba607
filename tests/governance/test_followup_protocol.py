"""The meeting protocol prints the rules' warnings in the report's language, not the window's, with the request of
an extraordinary session (pdftotext)."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.domain import rules
from desk.i18n import current_language, format_date, gettext_for, ngettext_for
from desk.reports.meeting import render_meeting
from desk.services import meetings
from tests.reports.pdfread import raw_text, squash

D = dt.date


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_protocol_prints_the_warnings_in_its_language(assembly_of_30, tmp_path, lang):
    ws, ids = assembly_of_30
    m = meetings.create_meeting(
        ws,
        {
            "kind": rules.EXTRAORDINARY_SESSION,
            "number": "2",
            "date": D(2025, 6, 20),
            "requested_by": 9,
            "requested_on": D(2025, 5, 4),
            "convened_on": D(2025, 5, 6),
            "notice_date": D(2025, 6, 1),
        },
    )
    meetings.set_attendance(ws, m.id, ids[:22])
    out = tmp_path / f"protocol-{lang}.pdf"
    render_meeting(ws, out, lang=lang, meeting_id=m.id)
    assert current_language() == "en"  # the window's language is untouched
    text = raw_text(out).replace("\u202f", " ")
    _ = gettext_for(lang)

    def long(day: dt.date) -> str:
        return format_date(day, lang, "long").replace("\u202f", " ").replace("\u00a0", " ")

    assert _("Warnings under the rules") in text
    late = _(rules.WARNING_TEXTS["request_late"]).format(
        convened_on=long(D(2025, 5, 6)), date=long(D(2025, 6, 20))
    )
    small = _(rules.WARNING_TEXTS["request_small"]).format(requested=9, total=30)
    assert squash(late) in text and squash(small) in text
    requested = ngettext_for(lang)(
        "Requested on {date} by {n} member.", "Requested on {date} by {n} members.", 9
    )
    assert squash(requested.format(date=long(D(2025, 5, 4)), n=9)) in text
    # nothing of the English window slipped in
    english = rules.RuleWarning(
        "request_late", {"convened_on": D(2025, 5, 6), "date": D(2025, 6, 20)}
    ).message
    assert "more than a month" in english and "more than a month" not in text
    assert "fewer than a third" not in text


def test_a_protocol_in_time_has_no_warnings_section(assembly_of_30, tmp_path):
    ws, ids = assembly_of_30
    m = meetings.create_meeting(
        ws,
        {
            "kind": rules.EXTRAORDINARY_SESSION,
            "date": D(2025, 6, 20),
            "requested_by": 10,
            "requested_on": D(2025, 5, 20),
            "convened_on": D(2025, 5, 22),
        },
    )
    meetings.set_attendance(ws, m.id, ids[:22])
    out = tmp_path / "protocol.pdf"
    render_meeting(ws, out, lang="ru", meeting_id=m.id)
    text = raw_text(out)
    assert gettext_for("ru")("Warnings under the rules") not in text
    assert "20 мая 2025" in text  # the request date is printed
