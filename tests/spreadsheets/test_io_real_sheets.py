"""Real registers as secretariats keep them: headers below a title, merged header cells, blank rows, dates as text
and as Excel serial numbers, numbers stored as text, IINs and BINs that lost their leading zeros, extra columns,
several sheets, CSV from old Russian Windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desk.domain import identifiers
from desk.services import associations, persons
from desk.services.districts import find_by_name
from desk.services.records import ListQuery
from desk.spreadsheets import importer
from desk.spreadsheets.reader import UnreadableFile
from tests.spreadsheets.conftest import make_csv, make_xlsx

IIN_1985 = identifiers.make_iin(dt.date(1985, 4, 12), "f", 1)  # 850412400012
IIN_2003 = identifiers.make_iin(dt.date(2003, 7, 1), "f", 3)  # 030701600035: one leading zero
IIN_2000 = identifiers.make_iin(dt.date(2000, 1, 15), "m", 6)  # 000115…: three leading zeros
BIN_2008 = identifiers.make_bin(dt.date(2008, 5, 1), 1234)  # 080540012342


def all_persons(ws):
    return {p.iin: p for p in persons.REGISTER.list_page(ws, ListQuery(limit=1000)).rows}


def all_associations(ws):
    return associations.REGISTER.list_page(ws, ListQuery(limit=1000)).rows


def test_header_below_a_title_blank_rows_extra_columns_and_a_numbering_row(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "roster.xlsx",
        {
            "Лист1": [
                ["Список членов Ассамблеи народа Казахстана Карагандинской области"],
                [],
                ["№ п/п", "Фамилия", "Имя", "Отчество", "ИИН", "Национальность", "Место работы", "Подпись"],
                [1, 2, 3, 4, 5, 6, 7, 8],
                [1, "Ким", "Ольга", "Петровна", IIN_1985, "корейцы", "Школа № 5", "подпись"],
                [],
                [],
                [2, "Шмидт", "Иван", "Карлович", None, "немец", "Завод", None],
            ]
        },
    )
    report = importer.run(workspace, path, "persons", dry_run=False)
    assert report.header_rows == [3]
    assert (report.rows, report.created, report.refused) == (2, 2, 0)
    assert report.mapping["Подпись"] == "" and report.mapping["№ п/п"] == ""
    got = {p.surname: p for p in persons.REGISTER.list_page(workspace, ListQuery()).rows}
    assert got["Ким"].ethnic_group == "korean" and got["Ким"].workplace == "Школа № 5"
    assert got["Ким"].birth_date == dt.date(1985, 4, 12)  # from the IIN
    assert got["Шмидт"].ethnic_group == "german" and got["Шмидт"].iin is None


def test_merged_header_cells_group_over_sub_headers(workspace, sheet_dir):
    # "Наименование" and "БИН" are merged down over two rows; "Руководитель" is merged across "ФИО" and "Телефон".
    path = make_xlsx(
        sheet_dir / "eco.xlsx",
        {
            "Реестр": [
                ["Наименование", "Этнос", "БИН", "Руководитель", None, "Район"],
                [None, None, None, "ФИО", "Телефон", None],
                [
                    "Корейский культурный центр",
                    "Корейцы",
                    BIN_2008,
                    "Ким Г. В.",
                    "8 701 234 56 78",
                    "Абайский район",
                ],
            ]
        },
        merges={"Реестр": ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"]},
    )
    layout = importer.preview(workspace, path, "associations").layout
    assert layout.header_rows == (1, 2)
    fields = {c.field for c in layout.columns}
    assert {"name", "ethnic_group", "bin", "leader", "phone", "district"} <= fields
    report = importer.run(workspace, path, "associations", dry_run=False)
    assert report.created == 1, report.issues
    (a,) = all_associations(workspace)
    assert (a.name_ru, a.ethnic_group, a.bin, a.leader) == (
        "Корейский культурный центр",
        "korean",
        BIN_2008,
        "Ким Г. В.",
    )
    assert a.phone == "8 701 234 56 78"
    assert a.district_id == find_by_name(workspace, "Абай ауданы").id


def test_dates_as_text_in_local_forms_and_as_excel_serials(workspace, sheet_dir):
    serial = (dt.date(2019, 3, 22) - dt.date(1899, 12, 30)).days
    rows = [
        ["Наименование", "Этнос", "Правовой статус", "Дата регистрации", "Численность", "Численность на дату"]
    ]
    dates = [
        "05.03.2021",
        "5/3/2020",
        "2018-11-02",
        "5 марта 2017",
        "2016 жылғы 12 қазан",
        serial,
        str(serial),
        dt.datetime(2015, 6, 1),
    ]
    for i, value in enumerate(dates):
        rows.append([f"Общество {i}", "татары", "инициативная группа", value, "1 200", "31.12.2023"])
    path = make_xlsx(sheet_dir / "dates.xlsx", {"S": rows}, text_columns={"S": [4, 5]})
    report = importer.run(workspace, path, "associations", dry_run=False)
    assert report.refused == 0, report.issues
    got = {a.name_ru: a.registration_date for a in all_associations(workspace)}
    assert got == {
        "Общество 0": dt.date(2021, 3, 5),
        "Общество 1": dt.date(2020, 3, 5),
        "Общество 2": dt.date(2018, 11, 2),
        "Общество 3": dt.date(2017, 3, 5),
        "Общество 4": dt.date(2016, 10, 12),
        "Общество 5": dt.date(2019, 3, 22),
        "Общество 6": dt.date(2019, 3, 22),
        "Общество 7": dt.date(2015, 6, 1),
    }
    assert {a.member_count for a in all_associations(workspace)} == {1200}
    assert {a.legal_status for a in all_associations(workspace)} == {"initiative"}


def test_numbers_stored_as_text_and_identifiers_that_lost_leading_zeros(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "ids.xlsx",
        {
            "S": [
                ["Ф.И.О.", "ИИН", "Телефон"],
                ["Ахметова Айгүл Серікқызы", int(IIN_2003), "87012345678"],  # a number: the zero fell off
                ["Оспанов Ерлан", int(IIN_2000), None],  # three zeros fell off
                ["Ли Анна", f" {IIN_1985[:4]} {IIN_1985[4:8]} {IIN_1985[8:]} ", None],  # text with spaces
                ["Пак Виктор", "8.5041240001E+11", None],  # Excel's scientific form: the digits are gone
            ]
        },
    )
    assert str(int(IIN_2003)) != IIN_2003 and len(str(int(IIN_2000))) == 9
    report = importer.run(workspace, path, "persons", dry_run=False)
    got = all_persons(workspace)
    assert set(got) == {IIN_2003, IIN_2000, IIN_1985}
    assert got[IIN_2003].surname == "Ахметова" and got[IIN_2003].patronymic == "Серікқызы"
    assert got[IIN_2003].phone == "+77012345678"
    assert got[IIN_2000].birth_date == dt.date(2000, 1, 15)
    (error,) = report.errors()
    assert (error.row, error.column) == (5, "ИИН") and "E+11" in error.message


def test_several_sheets_the_first_with_a_header_is_taken_or_the_one_chosen(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "book.xlsx",
        {
            "Титул": [["Отчёт секретариата"], ["за 2024 год"]],
            "Члены": [["Фамилия", "Имя", "ИИН"], ["Ким", "Ольга", IIN_1985]],
            "Архив": [["Фамилия", "Имя", "ИИН"], ["Пак", "Виктор", IIN_2003]],
        },
    )
    preview = importer.preview(workspace, path, "persons")
    assert preview.sheet == "Члены"
    assert [s.layout is not None for s in preview.sheets] == [False, True, True]
    assert importer.run(workspace, path, "persons", dry_run=False).created == 1
    assert set(all_persons(workspace)) == {IIN_1985}
    report = importer.run(workspace, path, "persons", sheet="Архив", dry_run=False)
    assert report.sheet == "Архив" and report.created == 1
    assert set(all_persons(workspace)) == {IIN_1985, IIN_2003}
    with pytest.raises(UnreadableFile, match="Титул"):
        importer.run(workspace, path, "persons", sheet="Титул")


def test_windows_1251_csv_with_semicolons(workspace, sheet_dir):
    path = make_csv(
        sheet_dir / "old.csv",
        [
            ["Наименование", "Национальность", "Статус регистрации", "Дата регистрации", "Район"],
            ["Немецкое общество «Возрождение»", "Немцы", "Филиал", "01.02.2003", "Осакаровский район"],
            ["Татарский центр", "татарская", "Юридическое лицо", "", "Шетский район"],
        ],
        encoding="cp1251",
    )
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    report = importer.run(workspace, path, "associations", dry_run=False)
    assert report.created == 1
    (a,) = all_associations(workspace)
    assert (a.name_ru, a.ethnic_group, a.legal_status) == (
        "Немецкое общество «Возрождение»",
        "german",
        "branch",
    )
    assert a.registration_date == dt.date(2003, 2, 1)
    (error,) = report.errors()  # the legal entity has no BIN
    assert (error.row, error.column) == (3, "BIN") and "BIN" in error.message


@pytest.mark.parametrize("delimiter,encoding", [(",", "utf-8-sig"), ("\t", "utf-8"), (";", "utf-8")])
def test_csv_delimiters_and_bom_are_sniffed(workspace, sheet_dir, delimiter, encoding):
    path = make_csv(
        sheet_dir / "p.csv",
        [["Surname", "Given name", "IIN", "Ethnic group"], ["Kim", "Olga", IIN_1985, "Koreans"]],
        encoding=encoding,
        delimiter=delimiter,
    )
    report = importer.run(workspace, path, "persons", dry_run=False)
    assert report.created == 1 and all_persons(workspace)[IIN_1985].ethnic_group == "korean"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04 not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old xls",
    ],
)
def test_a_file_that_is_not_a_spreadsheet_gets_one_clear_error(workspace, sheet_dir, content):
    path = sheet_dir / "photo.xlsx"
    path.write_bytes(content + bytes(200))
    with pytest.raises(UnreadableFile) as info:
        importer.run(workspace, path, "persons")
    assert info.value.exit_code == 2 and "photo.xlsx" in info.value.message


def test_a_text_file_without_a_register_header_is_refused(workspace, sheet_dir):
    path = sheet_dir / "letter.csv"
    path.write_text("Dear colleagues,\nplease find attached.\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="header"):
        importer.run(workspace, path, "associations")


def test_reference_values_in_any_language_singular_or_plural_without_kazakh_letters(workspace, sheet_dir):
    rows = [["Surname", "Given name", "Ethnic group"]]
    spellings = ["корейцы", "кореец", "Корей", "Корейлер", "korean", "KOREANS", "корейская"]
    rows += [[f"Ким{i}", "Ольга", s] for i, s in enumerate(spellings)]
    rows += [["Алиев", "Нурлан", "Казактар"], ["Иванов", "Пётр", "Русские"], ["Ошибка", "Нет", "марсиане"]]
    path = make_xlsx(sheet_dir / "ethnic.xlsx", {"S": rows})
    report = importer.run(workspace, path, "persons", dry_run=False)
    got = {p.surname: p.ethnic_group for p in persons.REGISTER.list_page(workspace, ListQuery()).rows}
    assert all(got[f"Ким{i}"] == "korean" for i in range(len(spellings)))
    assert got["Алиев"] == "kazakh" and got["Иванов"] == "russian"
    (error,) = report.errors()
    assert (error.row, error.column) == (len(rows), "Ethnic group") and "марсиане" in error.message


def test_unknown_district_is_added_and_reported_or_refused_when_asked(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "d.xlsx",
        {
            "S": [
                ["Фамилия", "Имя", "Аудан"],
                ["Ким", "Ольга", "Жаңа аудан"],
                ["Пак", "Анна", "жана аудан"],
                ["Ли", "Ирина", "Абай ауданы"],
            ]
        },
    )
    refused = importer.run(workspace, path, "persons", dry_run=False, add_districts=False)
    assert refused.created == 1 and [e.row for e in refused.errors()] == [2, 3]
    report = importer.run(workspace, path, "persons", dry_run=False)
    assert report.new_districts == ["Жаңа аудан"] and report.created == 2
    new = find_by_name(workspace, "Жаңа аудан")
    assert new is not None and new.name_kk == "Жаңа аудан"
    assert {
        p.district_id
        for p in persons.REGISTER.list_page(workspace, ListQuery()).rows
        if p.surname in ("Ким", "Пак")
    } == {new.id}


def test_a_dry_run_writes_nothing(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "p.xlsx", {"S": [["Фамилия", "Имя", "Район"], ["Ким", "Ольга", "Новый район"]]}
    )
    report = importer.run(workspace, path, "persons", dry_run=True)
    assert report.created == 1 and report.new_districts == ["Новый район"] and report.batch_id is None
    assert persons.REGISTER.count(workspace, ListQuery()) == 0
    assert find_by_name(workspace, "Новый район") is None
    assert importer.batches(workspace) == []


def test_preview_shows_the_first_rows_and_the_mapping_can_be_adjusted_and_is_remembered(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "p.xlsx",
        {"S": [["Фамилия", "Имя", "Отметки секретаря"], ["Ким", "Ольга", "звонить вечером"]]},
    )
    preview = importer.preview(workspace, path, "persons")
    assert preview.rows == [(2, ["Ким", "Ольга", "звонить вечером"])]
    assert preview.layout.mapping()["Отметки секретаря"] == ""
    report = importer.run(workspace, path, "persons", mapping={"C": "notes"}, dry_run=False)
    assert report.mapping["Отметки секретаря"] == "notes"
    (p,) = persons.REGISTER.list_page(workspace, ListQuery()).rows
    assert p.notes == "звонить вечером"
    # The next file with this header is mapped the same way without being told.
    again = importer.preview(workspace, path, "persons")
    assert again.layout.mapping()["Отметки секретаря"] == "notes"
    assert Path(workspace.home.root / "import-mappings.json").exists()
