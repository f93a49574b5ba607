"""Values as secretariats write them, and nothing changed, dropped or guessed without a word: nationality in any
form, a name's language from its column, formulas without a value, totals, ranges and estimates, files that are
not workbooks, and the one text rule (control characters, lengths) at every entry point."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from sqlalchemy import text

from desk.domain import reference
from desk.domain.validation import ValidationError
from desk.services import associations, events, persons
from desk.services.records import ListQuery
from desk.spreadsheets import exporter, importer, values
from desk.spreadsheets.reader import Table, UnreadableFile
from desk.sync.central_import import _parse_rows
from desk.sync.errors import BundleRefused
from tests.spreadsheets.conftest import make_csv, make_xlsx

# --- nationality --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,code",
    [
        ("казашка", "kazakh"),
        ("узбечка", "uzbek"),
        ("немка", "german"),
        ("кореянка", "korean"),
        ("Кәрістер", "korean"),
        ("кәріс", "korean"),
        ("КАРИСТЕР", "korean"),
        ("әзірбайжандар", "azerbaijani"),
        ("азирбайжандар", "azerbaijani"),
        ("украинка", "ukrainian"),
        ("татарка", "tatar"),
        ("еврейка", "jewish"),
        ("Корейцы", "korean"),
        ("кореец", "korean"),
        ("корейская", "korean"),
        ("Korean", "korean"),
        ("Қазақтар", "kazakh"),
    ],
)
def test_an_ethnic_group_in_any_form_a_clerk_writes(written, code):
    assert values.term_matcher(reference.ETHNIC_GROUPS).find(written) == code


def test_the_forms_are_a_table_in_data_covering_every_group():
    forms = values.ethnic_group_forms()
    codes = {t.code for t in reference.ETHNIC_GROUPS}
    assert set(forms) <= codes  # no form for a group the program does not know
    assert codes <= set(forms)  # and a woman's noun or a Kazakh form for each group it knows


def test_women_and_kazakh_plurals_are_imported(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "p.xlsx",
        {
            "Список": [
                ["Фамилия", "Имя", "Национальность"],
                ["Ким", "Ольга", "кореянка"],
                ["Шмидт", "Анна", "немка"],
                ["Алиева", "Айгуль", "казашка"],
                ["Пак", "Сергей", "кәрістер"],
            ]
        },
    )
    report = importer.run(workspace, path, "persons", dry_run=False)
    assert report.refused == 0, report.errors()
    got = {p.surname: p.ethnic_group for p in persons.REGISTER.list_page(workspace, ListQuery()).rows}
    assert got == {"Ким": "korean", "Шмидт": "german", "Алиева": "kazakh", "Пак": "korean"}


# --- headers ------------------------------------------------------------------------------------------------------


def merged_register(folder):
    return make_xlsx(
        folder / "reestr.xlsx",
        {
            "Лист1": [
                [
                    "Реестр этнокультурных объединений Карагандинской области",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                ],
                [
                    "№",
                    "Наименование объединения",
                    None,
                    "Этнос",
                    "Правовой статус",
                    "Руководитель",
                    "Подпись ответственного",
                ],
                [None, "на казахском языке", "на русском языке", None, None, None, None],
                [1, "Корей орталығы", "Казахское общество «Бірлік»", "корейцы", "филиал", "Ким", "x"],
                [2, "Неміс орталығы", "Немецкий центр", "немцы", "филиал", "Шмидт", None],
                [3, "Татар орталығы", "Татарский центр", "татары", "филиал", "Ахметов", None],
                [4, "Поляк орталығы", "Польский центр", "поляки", "филиал", "Ковальски", None],
                ["Итого", None, None, None, None, None, None],
            ]
        },
        merges={"Лист1": ["A1:G1", "B2:C2", "A2:A3", "D2:D3", "E2:E3", "F2:F3", "G2:G3"]},
    )


def test_a_merged_two_row_header_keeps_both_languages_and_a_name_goes_by_its_column(workspace, sheet_dir):
    report = importer.run(workspace, merged_register(sheet_dir), "associations", dry_run=False)
    assert (report.created, report.refused) == (4, 0), report.errors()
    assert report.header_rows == [2, 3]
    found = {a.name_kk: a.name_ru for a in associations.REGISTER.list_page(workspace, ListQuery()).rows}
    assert found == {
        "Корей орталығы": "Казахское общество «Бірлік»",
        "Неміс орталығы": "Немецкий центр",
        "Татар орталығы": "Татарский центр",
        "Поляк орталығы": "Польский центр",
    }
    # the total row is skipped with a note, the unknown column is listed with its header
    assert any(i.row == 8 and i.level == "note" and "Итого" in i.message for i in report.issues)
    assert [(c.column, c.header) for c in report.ignored] == [("A", "№"), ("G", "Подпись ответственного")]


def test_a_generic_name_column_is_in_its_headers_language_whatever_the_letters(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "n.xlsx",
        {
            "Лист1": [
                ["Наименование", "Этнос", "Правовой статус"],
                ["Казахское общество «Бірлік»", "казахи", "филиал"],
            ]
        },
    )
    assert importer.run(workspace, path, "associations", dry_run=False).created == 1
    (a,) = associations.REGISTER.list_page(workspace, ListQuery()).rows
    assert (a.name_kk, a.name_ru) == ("", "Казахское общество «Бірлік»")


def test_a_column_that_loses_its_field_to_another_is_listed_as_ambiguous(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "a.xlsx",
        {
            "Лист1": [
                ["Наименование", "Название", "Этнос", "Правовой статус"],
                ["Немецкий центр", "Немецкий центр «Видергебурт»", "немцы", "филиал"],
            ]
        },
    )
    report = importer.run(workspace, path, "associations", dry_run=True)
    (ignored,) = report.ignored
    assert (ignored.column, ignored.header, ignored.also) == ("B", "Название", "name")
    assert "Название" in ignored.message("associations")


def test_a_district_merged_down_over_its_rows_is_given_to_each_row(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "d.xlsx",
        {
            "Лист1": [
                ["Район", "Фамилия", "Имя"],
                ["Абай ауданы", "Ким", "Ольга"],
                [None, "Пак", "Анна"],
                [None, "Ли", "Ирина"],
                ["Шет ауданы", "Цой", "Виктор"],
            ]
        },
        merges={"Лист1": ["A2:A4"]},
    )
    report = importer.run(workspace, path, "persons", dry_run=False)
    assert report.created == 4 and report.refused == 0
    with workspace.db.read() as session:
        rows = dict(
            session.connection()
            .execute(
                text("SELECT p.surname, d.name_kk FROM person p JOIN district d ON d.id = p.district_id")
            )
            .all()
        )
    assert rows == {"Ким": "Абай ауданы", "Пак": "Абай ауданы", "Ли": "Абай ауданы", "Цой": "Шет ауданы"}


def test_the_merge_list_is_read_from_a_streamed_sheet(sheet_dir):
    path = merged_register(sheet_dir)
    with Table(path) as table:
        assert (2, 2, 2, 3) in table.merges()
        rows = dict(table.rows())
    assert rows[2][1] == rows[2][2] == "Наименование объединения"  # the group over both of its columns
    assert rows[3][3] == "Этнос"  # a cell merged down


# --- values -------------------------------------------------------------------------------------------------------


def test_formulas_without_a_saved_value_are_reported_per_cell(workspace, sheet_dir):
    # openpyxl writes formulas without computing them, like many programs that are not Excel
    path = make_xlsx(
        sheet_dir / "f.xlsx",
        {
            "Лист1": [
                ["Наименование", "Этнос", "Правовой статус", "Численность"],
                ["Немецкий центр", "немцы", "филиал", "=10+5"],
                ["Татарский центр", "татары", "филиал", 40],
            ]
        },
    )
    report = importer.run(workspace, path, "associations", dry_run=True)
    assert (report.created, report.refused) == (1, 1)
    (error,) = report.errors()
    assert (error.row, error.column) == (2, "Численность") and "formula" in error.message


def test_ranges_of_days_and_counts_are_read_or_refused_naming_the_form(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "e.xlsx",
        {
            "Лист1": [
                ["Название мероприятия", "Вид мероприятия", "Дата проведения", "Количество участников"],
                ["Фестиваль", "фестиваль", "12–14.05.2024", "200 чел."],
                ["Концерт", "концерт", "с 30 мая по 2 июня 2024", 150],
                ["Семинар", "семинар", "03.05.2024", "около 200"],
            ]
        },
    )
    report = importer.run(workspace, path, "events", dry_run=False)
    assert (report.created, report.refused) == (2, 1)
    (error,) = report.errors()
    assert error.row == 4 and "200" in error.message and "около 200" in error.message
    got = {
        e.name_ru: (e.start_date, e.end_date, e.participants)
        for e in events.REGISTER.list_page(workspace, ListQuery()).rows
    }
    assert got == {
        "Фестиваль": (dt.date(2024, 5, 12), dt.date(2024, 5, 14), 200),
        "Концерт": (dt.date(2024, 5, 30), dt.date(2024, 6, 2), 150),
    }


def test_a_range_in_a_one_date_column_is_refused():
    with pytest.raises(values.CellError, match="range"):
        values.date("12-14.05.2024")


# --- files that are not workbooks -----------------------------------------------------------------------------


def test_an_ods_file_gets_a_message_saying_what_to_do(sheet_dir):
    import zipfile

    path = sheet_dir / "reestr.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnreadableFile, match=r"\.ods.*\.xlsx"):
        Table(path)


def test_a_password_protected_workbook_gets_a_message_saying_what_to_do(sheet_dir):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = make_xlsx(sheet_dir / "plain.xlsx", {"Лист1": [["Наименование", "Этнос"], ["Центр", "немцы"]]})
    locked = sheet_dir / "locked.xlsx"
    with plain.open("rb") as fh, locked.open("wb") as out:
        OOXMLFile(fh).encrypt("secret", out)
    with pytest.raises(UnreadableFile, match="password") as caught:
        Table(locked)
    assert "97" not in str(caught.value)  # not taken for an old .xls


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_unicode_text_file_gets_a_message_saying_what_to_do(sheet_dir, encoding):
    path = make_csv(
        sheet_dir / "reestr.txt",
        [["Наименование", "Этнос"], ["Центр", "немцы"]],
        encoding=encoding,
        delimiter="\t",
    )
    with pytest.raises(UnreadableFile, match="UTF-8"):
        Table(path)


# --- one text rule at every entry point ---------------------------------------------------------------------------


def test_control_characters_and_over_long_values_are_refused_in_imports_with_the_column(workspace, sheet_dir):
    path = make_csv(
        sheet_dir / "c.csv",
        [
            ["Фамилия", "Имя", "Место работы"],
            ["Ким\x1b", "Ольга", "Акимат"],
            ["Пак", "Анна", "Школа\x07"],
            ["П" * 201, "Анна", None],
            ["Ли", "Ирина", "Акимат"],
        ],
    )
    report = importer.run(workspace, path, "persons", dry_run=False)
    assert (report.created, report.refused) == (1, 3)
    assert {(e.row, e.column) for e in report.errors()} == {
        (2, "Фамилия"),
        (3, "Место работы"),
        (4, "Фамилия"),
    }
    assert "200" in next(e.message for e in report.errors() if e.row == 4)


def test_control_characters_and_over_long_values_are_refused_in_forms(workspace):
    with pytest.raises(ValidationError) as caught:
        associations.REGISTER.create(
            workspace,
            {
                "name_ru": "Центр\x00",
                "ethnic_group": "german",
                "legal_status": "branch",
                "address": "ул. Абая\n5",
            },
        )
    assert [e.field for e in caught.value.errors] == ["name_ru"]  # an address may take several lines
    with pytest.raises(ValidationError) as caught:
        persons.REGISTER.create(workspace, {"surname": "К" * 201, "given_name": "Анна"})
    assert [e.field for e in caught.value.errors] == ["surname"]
    with pytest.raises(ValidationError):
        associations.REGISTER.create(
            workspace, {"name_ru": "Н" * 501, "ethnic_group": "german", "legal_status": "branch"}
        )


def test_a_bundle_with_a_control_character_is_refused_naming_the_column(workspace):
    row = {
        "id": "0f1e2d3c-0000-4000-8000-000000000001",
        "region": "KZ-35",
        "surname": "Ким\x00",
        "given_name": "Ольга",
        "created_at": "2025-01-01T00:00:00+00:00",
        "updated_at": "2025-01-01T00:00:00+00:00",
        "usn": 1,
    }
    data = (json.dumps(row) + "\n").encode()
    with pytest.raises(BundleRefused, match="surname"):
        _parse_rows("person", data, "KZ-35", workspace.db.engine.dialect)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_never_fail_on_a_stored_value(workspace, tmp_path, fmt):
    a = associations.REGISTER.create(
        workspace, {"name_ru": "Центр", "ethnic_group": "german", "legal_status": "branch"}
    )
    with workspace.db.transact() as session:  # stored before such values were refused
        session.connection().execute(
            text("UPDATE association SET notes = :n, leader = :l WHERE id = :i"),
            {"n": "a\x00b", "l": "c\x1bd", "i": a.id},
        )
    path = tmp_path / f"a.{fmt}"
    assert exporter.export(workspace, "associations", path, lang="ru") == 1
    if fmt == "xlsx":
        row = [c.value for c in openpyxl.load_workbook(path).active[2]]
        assert "a\ufffdb" in row and "c\ufffdd" in row


def test_a_column_without_a_header_is_reported_and_can_be_mapped_by_its_letter(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "h.xlsx",
        {
            "Лист1": [
                ["Наименование", "Этнос", "Правовой статус", None],
                ["Немецкий центр", "немцы", "филиал", "ул. Абая, 5"],
            ]
        },
    )
    report = importer.run(workspace, path, "associations", dry_run=True)
    assert [(c.column, c.header) for c in report.ignored] == [("D", "")]
    assert "D" in report.ignored[0].message("associations")
    mapped = importer.run(workspace, path, "associations", dry_run=False, mapping={"D": "address"})
    assert mapped.created == 1 and mapped.ignored == []
    (a,) = associations.REGISTER.list_page(workspace, ListQuery()).rows
    assert a.address == "ул. Абая, 5"


def test_the_wizards_preview_offers_a_column_without_a_header_for_mapping(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "h.xlsx",
        {
            "Лист1": [
                ["Наименование", "Этнос", "Правовой статус", None],
                ["Немецкий центр", "немцы", "филиал", "ул. Абая, 5"],
            ]
        },
    )
    preview = importer.preview(workspace, path, "associations")
    column = next(c for c in preview.layout.columns if c.index == 3)
    assert (column.title, column.field) == ("D", None)
    preview.layout.set_field(3, "address")
    report = importer.run(workspace, path, "associations", layout=preview.layout, dry_run=False)
    assert report.created == 1 and report.ignored == []
    assert associations.REGISTER.list_page(workspace, ListQuery()).rows[0].address == "ул. Абая, 5"
