"""A spreadsheet cell holding a direction override (U+202E shows a name reversed) is refused, its row and column
named, by the same rule as a form and a bundle (`desk.domain.validation`); Arabic-script marks (RLM, ZWJ) pass."""

from __future__ import annotations

from desk.services import associations
from desk.services.records import ListQuery
from desk.spreadsheets import importer
from tests.spreadsheets.conftest import make_xlsx


def test_a_direction_override_in_a_cell_is_refused_naming_row_and_column(workspace, sheet_dir):
    sheet = make_xlsx(
        sheet_dir / "bidi.xlsx",
        {
            "S": [
                ["Наименование", "Этнос", "Правовой статус", "Адрес"],
                ["Корейский \u202eртнец", "корейцы", "филиал", None],
                ["Татарский центр", "татары", "филиал", "ул. \u2066Абая\u2069 1"],
                ["\u0626\u06c7\u064a\u063a\u06c7\u0631\u200d \u200fمەدەنىيەت", "уйгуры", "филиал", None],
            ]
        },
    )
    report = importer.run(workspace, sheet, "associations", dry_run=False)
    assert (report.created, report.refused) == (1, 2), [(i.row, i.column, i.message) for i in report.errors()]
    got = {(i.row, i.column): i.message for i in report.errors()}
    assert "U+202E" in got[(2, "Name in Russian")]  # the name's field (the sheet's column fills it)
    assert "U+2066" in got[(3, "Адрес")]
    (saved,) = associations.REGISTER.list_page(workspace, ListQuery()).rows
    assert saved.ethnic_group == "uyghur"
