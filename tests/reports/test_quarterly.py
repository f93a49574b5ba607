"""The quarterly report: headings and figures in each language, the same figures the services count, fonts
embedded, Kazakh letters intact, and the three versions of `all` with one outline entry each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desk.domain import reference, rules
from desk.domain.records import Association
from desk.i18n import format_number, gettext_for, quarter_name
from desk.reports.quarterly import render_quarterly
from desk.services import associations, decisions, meetings, plan, roster
from desk.services.quarterly import quarter_bounds, quarterly_figures
from desk.services.records import ListQuery
from tests.reports.pdfread import fonts, outline, page_texts, past_quarter, pdf_text, squash

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


def figure_value(text: str, label: str) -> str:
    """The value printed at the end of the line of a summary figure."""
    for line in text.splitlines():
        if label in line:
            return line.split(label, 1)[1].strip()
    raise AssertionError(f"figure {label!r} not in the report")


@pytest.fixture
def quarter() -> tuple[int, int]:
    return past_quarter()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_language_has_its_headings_and_figures(demo_workspace, tmp_path: Path, quarter, lang):
    year, q = quarter
    out = tmp_path / f"q-{lang}.pdf"
    data = render_quarterly(demo_workspace, out, year=year, quarter=q, lang=lang)
    f = data.figures
    _ = gettext_for(lang)
    text = pdf_text(out)
    flat = squash(text)
    assert _("Quarterly report: {quarter}").format(quarter=quarter_name(year, q, lang)) in flat
    for heading in (
        "Summary",
        "Ethnocultural associations",
        "Associations by ethnic group",
        "Members of the assembly",
        "Events held",
        "Action plan",
        "Sessions, council meetings and decisions",
        "Events of the quarter",
        "New associations",
        "Membership changes",
        "Head of the secretariat",
    ):
        assert _(heading) in flat, heading
    if lang != "en":  # the catalog really was used
        assert _("Events of the quarter") != "Events of the quarter"

    def n(value: int) -> str:
        return format_number(value, lang).replace("\u00a0", " ")

    assert figure_value(text, _("Associations in the register at the end of the quarter")) == n(
        f.associations_total
    )
    assert figure_value(text, _("Registered in the quarter")) == n(f.associations_new)
    assert figure_value(text, _("Events held in the quarter")) == n(f.events_held)
    assert figure_value(text, _("Young people among the participants")) == n(f.youth)
    assert figure_value(text, _("Members of the assembly at the end of the quarter")) == n(f.members_total)
    assert figure_value(text, _("Decisions adopted")) == n(f.decisions_adopted)
    assert figure_value(text, _("Decisions overdue at the end of the quarter")) == n(f.decisions_overdue)
    # names of the quarter's events print in the report's language (with fallback)
    assert all(squash(e.name(lang))[:25] in flat for e in data.events[:5])
    # header and footer on every page, in the report's language
    pages = page_texts(out)
    for number, page in enumerate(pages, start=1):
        assert _("Page {page} of {pages}").format(page=number, pages=len(pages)) in page
        assert demo_workspace.region_name(lang) in page


def test_figures_equal_the_services_counts(demo_workspace, tmp_path: Path, quarter):
    year, q = quarter
    start, end = quarter_bounds(year, q)
    ws = demo_workspace
    out = tmp_path / "q.pdf"
    render_quarterly(ws, out, year=year, quarter=q, lang="en")
    text = pdf_text(out)

    # counted here from the records themselves, not through the report's query
    everything = associations.REGISTER.list_page(ws, ListQuery(limit=100000, lang="en")).rows

    def existed(a: Association) -> bool:
        registered = a.registration_date or a.created_at.date()
        gone = a.status == "liquidated" and a.status_date is not None and a.status_date <= end
        return registered <= end and not gone

    total = sum(1 for a in everything if existed(a))
    new = sum(1 for a in everything if start <= (a.registration_date or a.created_at.date()) <= end)
    koreans = sum(1 for a in everything if existed(a) and a.ethnic_group == "korean")
    held = meetings.meetings(ws, date_from=start, date_to=end)
    sessions = [m for m in held if not rules.is_council(m.meeting.kind)]
    council = [m for m in held if rules.is_council(m.meeting.kind)]
    adopted = sum(d.adopted for m in held for d in m.decisions)
    overdue = {
        row.decision.id for row in decisions.items(ws, overdue_only=True, today=min(end, dt.date.today()))
    }
    fulfilment = plan.plan(ws, year).quarters[q - 1]
    members = roster.members_total(ws, end)
    admitted = sum(
        1 for e in roster.memberships(ws, body=rules.ASSEMBLY) if start <= e.membership.admitted_on <= end
    )

    expected = {
        "Associations in the register at the end of the quarter": total,
        "Registered in the quarter": new,
        "Members of the assembly at the end of the quarter": members,
        "Admitted in the quarter": admitted,
        "Sessions held": len(sessions),
        "Sessions with a quorum": sum(m.quorate for m in sessions),
        "Council meetings held": len(council),
        "Council meetings with a quorum": sum(m.quorate for m in council),
        "Decisions adopted": adopted,
        "Decisions overdue at the end of the quarter": len(overdue),
        "Plan items for the quarter": fulfilment.planned,
        "Plan items carried out (with an event held in the quarter)": fulfilment.fulfilled,
    }
    for label, value in expected.items():
        assert figure_value(text, label) == format_number(value, "en"), label
    assert total > 50 and members > 0 and len(held) > 0  # the demo quarter really has data
    korean_label = reference.by_code(reference.ETHNIC_GROUPS, "korean").label("en")
    if koreans:
        assert any(line.split()[-1:] == [str(koreans)] and korean_label in line for line in text.splitlines())
    same = quarterly_figures(ws, year, q)
    assert same.associations_total == total and same.decisions_adopted == adopted


def test_all_holds_three_versions_with_outline_and_own_page_numbers(demo_workspace, tmp_path: Path, quarter):
    year, q = quarter
    out = tmp_path / "all.pdf"
    render_quarterly(demo_workspace, out, year=year, quarter=q, lang="all")
    entries = outline(out)
    assert len(entries) == 3
    assert [title.split(":")[0] for _p, title in entries] == ["Қазақша", "Русский", "English"]
    pages = page_texts(out)
    starts = [page for page, _t in entries]
    assert starts[0] == 1 and starts[0] < starts[1] < starts[2] <= len(pages)
    # each version starts on its own page with its own title and numbers its pages from 1
    for (start, _t), lang in zip(entries, ("kk", "ru", "en"), strict=True):
        _ = gettext_for(lang)
        first = pages[start - 1]
        assert _("Quarterly report: {quarter}").format(quarter=quarter_name(year, q, lang)) in squash(first)
        assert _("Page {page} of {pages}").format(page=1, pages="").split("{")[0].strip() in first


def test_fonts_are_embedded_and_kazakh_letters_extract_intact(demo_workspace, tmp_path: Path, quarter):
    ws = demo_workspace
    year, q = quarter
    start, _end = quarter_bounds(year, q)
    associations.REGISTER.create(
        ws,
        {
            "name_kk": f"{KAZAKH_LETTERS} бірлестігі",
            "ethnic_group": "kazakh",
            "legal_status": "branch",
            "registration_date": start,
        },
    )
    out = tmp_path / "kk.pdf"
    render_quarterly(ws, out, year=year, quarter=q, lang="kk")
    used = fonts(out)
    assert used and all(f["emb"] == "yes" for f in used)
    assert {f["name"].split("+")[-1] for f in used} == {"NotoSans-Regular", "NotoSans-Bold"}
    text = pdf_text(out, layout=False)
    assert f"{KAZAKH_LETTERS} бірлестігі" in text
    assert "Қарағанды облысы" in text


def test_a_quarter_that_does_not_exist_is_refused(demo_workspace, tmp_path: Path):
    from desk.errors import DeskError

    with pytest.raises(DeskError):
        render_quarterly(demo_workspace, tmp_path / "x.pdf", year=2025, quarter=5, lang="en")
    assert not (tmp_path / "x.pdf").exists()
