"""The import flow: the per-row report, duplicates skipped or updated (never doubled), undo, and the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from desk import i18n
from desk.cli import main
from desk.domain import identifiers
from desk.domain.records import AuditEntry, Membership, Tombstone
from desk.errors import DeskError
from desk.services import associations, events, persons, records
from desk.services.districts import find_by_name
from desk.services.records import ListQuery
from desk.services.search import search
from desk.spreadsheets import importer
from tests.spreadsheets.conftest import make_xlsx

BIN_A = identifiers.make_bin(dt.date(2008, 5, 1), 1234)
BIN_B = identifiers.make_bin(dt.date(2012, 3, 1), 77)
IIN_A = identifiers.make_iin(dt.date(1985, 4, 12), "f", 1)
IIN_B = identifiers.make_iin(dt.date(1990, 1, 5), "m", 2)
BAD_IIN = IIN_A[:-1] + str((int(IIN_A[-1]) + 1) % 10)


def bad_rows_sheet(folder):
    return make_xlsx(
        folder / "bad.xlsx",
        {
            "S": [
                [
                    "Наименование",
                    "Этнос",
                    "Правовой статус",
                    "БИН",
                    "Дата регистрации",
                    "Численность",
                    "E-mail",
                ],
                [
                    "Корейский центр",
                    "корейцы",
                    "юридическое лицо",
                    BIN_A,
                    "01.02.2010",
                    "120",
                    "k@example.kz",
                ],
                ["Без этноса", None, "филиал", None, None, None, None],
                [
                    "Плохой БИН",
                    "немцы",
                    "юридическое лицо",
                    BIN_A[:-1] + "0",
                    "31.02.2010",
                    "много",
                    "нет почты",
                ],
                [None, "татары", "филиал", None, None, "-5", None],
            ]
        },
    )


def test_the_dry_run_reports_each_refused_row_with_its_column_and_reason(workspace, sheet_dir):
    report = importer.run(workspace, bad_rows_sheet(sheet_dir), "associations", dry_run=True)
    assert (report.rows, report.created, report.refused) == (4, 1, 3)
    assert report.exit_code == 3
    got = {(i.row, i.column) for i in report.errors()}
    assert (3, "Этнос") in got  # required
    assert {(4, "Дата регистрации"), (4, "Численность")} <= got  # cells that cannot be read
    assert all(i.message for i in report.errors())
    date_error = next(i for i in report.errors() if (i.row, i.column) == (4, "Дата регистрации"))
    assert "31.02.2010" in date_error.message
    assert (5, "Наименование") in got and (5, "Численность") in got  # no name; negative count
    assert associations.REGISTER.count(workspace, ListQuery()) == 0


def test_the_report_speaks_the_users_language(workspace, sheet_dir):
    i18n.set_language("ru")
    report = importer.run(workspace, bad_rows_sheet(sheet_dir), "associations", dry_run=True)
    messages = " ".join(i.message for i in report.errors())
    assert "Обязательное" in messages or "обязательн" in messages.lower()
    assert "строк" in report.summary()
    i18n.set_language("kk")
    report = importer.run(workspace, bad_rows_sheet(sheet_dir), "associations", dry_run=True)
    assert any(ch in " ".join(i.message for i in report.errors()) for ch in "әғқңөұүі")


def test_the_import_writes_only_the_valid_rows_in_one_batch(workspace, sheet_dir):
    report = importer.run(workspace, bad_rows_sheet(sheet_dir), "associations", dry_run=False)
    assert (report.created, report.refused) == (1, 3) and report.batch_id
    (a,) = associations.REGISTER.list_page(workspace, ListQuery()).rows
    assert (a.name_ru, a.bin, a.member_count, a.registration_date) == (
        "Корейский центр",
        BIN_A,
        120,
        dt.date(2010, 2, 1),
    )
    # the store's bookkeeping follows bulk inserts too: audit line, search entry, change counter
    assert records.history(workspace, a.id)[0].action == "create"
    assert [h.id for h in search(workspace, "корейск")] == [a.id]
    assert a.usn > 0
    (batch,) = importer.batches(workspace)
    assert (batch.kind, batch.created, batch.file_name) == ("associations", 1, "bad.xlsx")


def duplicate_sheet(folder, name="dup.xlsx", leader="Новый руководитель"):
    return make_xlsx(
        folder / name,
        {
            "S": [
                ["Наименование", "Этнос", "Правовой статус", "БИН", "Район", "Руководитель"],
                ["Корейский центр", "корейцы", "юридическое лицо", BIN_A, "Абайский район", leader],
                ["Татарский центр", "татары", "филиал", None, "Абайский район", leader],
                ["Немецкий центр", "немцы", "филиал", None, "Шетский район", leader],
            ]
        },
    )


def seed_duplicates(ws):
    abai = find_by_name(ws, "Абай ауданы").id
    a = associations.REGISTER.create(
        ws,
        {
            "name_ru": "Корейский культурный центр",
            "ethnic_group": "korean",
            "legal_status": "legal_entity",
            "bin": BIN_A,
            "leader": "Ким",
            "district_id": abai,
        },
    )
    b = associations.REGISTER.create(
        ws,
        {
            "name_ru": "Татарский центр",
            "ethnic_group": "tatar",
            "legal_status": "branch",
            "leader": "Ахметов",
            "district_id": abai,
        },
    )
    return a, b


def test_duplicates_are_skipped_by_default_never_doubled(workspace, sheet_dir):
    a, b = seed_duplicates(workspace)
    report = importer.run(workspace, duplicate_sheet(sheet_dir), "associations", dry_run=False)
    assert (report.created, report.updated, report.skipped, report.refused) == (1, 0, 2, 0)
    assert report.exit_code == 0
    assert {(i.row, i.column, i.level) for i in report.issues} == {
        (2, "БИН", "skipped"),
        (3, "Наименование", "skipped"),
    }
    names = sorted(x.name_ru for x in associations.REGISTER.list_page(workspace, ListQuery()).rows)
    assert names == ["Корейский культурный центр", "Немецкий центр", "Татарский центр"]
    assert associations.REGISTER.get(workspace, a.id).leader == "Ким"
    # importing the same file again adds nothing
    again = importer.run(workspace, duplicate_sheet(sheet_dir), "associations", dry_run=False)
    assert (again.created, again.skipped) == (0, 3)
    assert associations.REGISTER.count(workspace, ListQuery()) == 3


def test_duplicates_can_update_and_undo_gives_the_old_values_back(workspace, sheet_dir):
    a, b = seed_duplicates(workspace)
    report = importer.run(
        workspace, duplicate_sheet(sheet_dir), "associations", dry_run=False, on_duplicate="update"
    )
    assert (report.created, report.updated, report.skipped) == (1, 2, 0)
    assert associations.REGISTER.get(workspace, a.id).leader == "Новый руководитель"
    assert associations.REGISTER.get(workspace, a.id).name_ru == "Корейский центр"
    assert associations.REGISTER.get(workspace, b.id).leader == "Новый руководитель"
    assert associations.REGISTER.count(workspace, ListQuery()) == 3

    importer.undo(workspace, report.batch_id)
    restored = associations.REGISTER.get(workspace, a.id)
    assert (restored.leader, restored.name_ru) == ("Ким", "Корейский культурный центр")
    assert associations.REGISTER.get(workspace, b.id).leader == "Ахметов"
    assert sorted(x.name_ru for x in associations.REGISTER.list_page(workspace, ListQuery()).rows) == [
        "Корейский культурный центр",
        "Татарский центр",
    ]
    assert [h.id for h in search(workspace, "немецкий")] == []
    with pytest.raises(DeskError, match="already undone"):
        importer.undo(workspace, report.batch_id)


def test_undo_removes_created_persons_memberships_and_new_districts_leaving_tombstones(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "p.xlsx",
        {
            "S": [
                ["ФИО", "ИИН", "Район", "Орган", "Дата вхождения", "Категория"],
                [
                    "Ким Ольга Петровна",
                    IIN_A,
                    "Новый район",
                    "Ассамблея",
                    "10.02.2020",
                    "этнокультурное объединение",
                ],
                ["Ли Иван", IIN_B, "Абай ауданы", None, None, None],
            ]
        },
    )
    report = importer.run(workspace, path, "persons", dry_run=False)
    assert (report.created, report.memberships, report.new_districts) == (2, 1, ["Новый район"])
    created = {p.id for p in persons.REGISTER.list_page(workspace, ListQuery()).rows}
    batch = importer.undo(workspace, report.batch_id[:8])  # a unique beginning of the id is enough
    assert batch.undone_at is not None
    assert persons.REGISTER.count(workspace, ListQuery()) == 0
    assert find_by_name(workspace, "Новый район") is None
    with workspace.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Membership)) == 0
        graves = set(session.scalars(select(Tombstone.record_id)))
        deleted = set(session.scalars(select(AuditEntry.record_id).where(AuditEntry.action == "delete")))
    assert created <= graves and created <= deleted


def test_undo_keeps_and_reports_a_record_changed_since_and_reverses_the_rest(workspace, sheet_dir):
    path = make_xlsx(sheet_dir / "p.xlsx", {"S": [["ФИО", "ИИН"], ["Ким Ольга", IIN_A], ["Ли Иван", IIN_B]]})
    report = importer.run(workspace, path, "persons", dry_run=False)
    kim = next(p for p in persons.REGISTER.list_page(workspace, ListQuery()).rows if p.surname == "Ким")
    workspace.db.operator = "Айгерим"  # the clerk who edits the record in a form
    persons.REGISTER.update(workspace, kim.id, {"workplace": "Акимат"})
    result = importer.undo(workspace, report.batch_id)
    (kept,) = result.kept
    assert (kept.record_id, kept.name) == (kim.id, "Ким Ольга")
    assert "Айгерим" in kept.reason and "changed since" in kept.reason
    assert result.removed == 1
    assert [p.surname for p in persons.REGISTER.list_page(workspace, ListQuery()).rows] == ["Ким"]
    assert persons.REGISTER.get(workspace, kim.id).workplace == "Акимат"


def test_undo_with_force_reverses_changed_records_too(workspace, sheet_dir):
    path = make_xlsx(sheet_dir / "p.xlsx", {"S": [["ФИО", "ИИН"], ["Ким Ольга", IIN_A]]})
    report = importer.run(workspace, path, "persons", dry_run=False)
    (p,) = persons.REGISTER.list_page(workspace, ListQuery()).rows
    persons.REGISTER.update(workspace, p.id, {"workplace": "Акимат"})
    result = importer.undo(workspace, report.batch_id, force=True)
    assert result.kept == [] and persons.REGISTER.count(workspace, ListQuery()) == 0


def test_undo_keeps_a_created_record_other_records_now_refer_to(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "a.xlsx",
        {
            "S": [
                ["Наименование", "Этнос", "Правовой статус"],
                ["Немецкий центр", "немцы", "филиал"],
                ["Татарский центр", "татары", "филиал"],
            ]
        },
    )
    report = importer.run(workspace, path, "associations", dry_run=False)
    german = next(
        a
        for a in associations.REGISTER.list_page(workspace, ListQuery()).rows
        if a.name_ru == "Немецкий центр"
    )
    events.REGISTER.create(
        workspace,
        {
            "name_ru": "Фестиваль",
            "event_type": "festival",
            "start_date": dt.date(2024, 5, 1),
            "organiser_ids": german.id,
        },
    )
    result = importer.undo(workspace, report.batch_id)
    assert [(k.record_id, k.reason) for k in result.kept] == [(german.id, "kept: other records refer to it")]
    assert [a.name_ru for a in associations.REGISTER.list_page(workspace, ListQuery()).rows] == [
        "Немецкий центр"
    ]


def test_rows_repeating_an_earlier_row_of_the_file_are_refused(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "p.xlsx",
        {
            "S": [
                ["Фамилия", "Имя", "ИИН"],
                ["Ким", "Ольга", IIN_A],
                ["Ким", "Ольга", IIN_A],
                ["Ли", "Иван", BAD_IIN],
            ]
        },
    )
    report = importer.run(workspace, path, "persons", dry_run=False)
    assert report.created == 1
    assert [(i.row, i.column) for i in report.errors()] == [(3, "ИИН"), (4, "ИИН")]
    assert "row 2" in report.errors()[0].message


# --- the command line ---------------------------------------------------------------------------------------------


def test_cli_import_exit_codes_and_report(workspace, sheet_dir, capsys):
    home = str(workspace.home.root)
    bad = bad_rows_sheet(sheet_dir)
    assert main(["import", "xlsx", str(bad), "--kind", "associations", "--dry-run", "--home", home]) == 3
    out = capsys.readouterr().out
    assert "row 3, Этнос:" in out and "Dry run" in out
    assert associations.REGISTER.count(workspace, ListQuery()) == 0

    good = make_xlsx(
        sheet_dir / "good.xlsx", {"S": [["Фамилия", "Имя", "Район"], ["Ким", "Ольга", "Новый район"]]}
    )
    assert main(["import", "xlsx", str(good), "--kind", "persons", "--home", home, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["created"] == 1 and data["new_districts"] == ["Новый район"] and data["exit_code"] == 0
    assert main(["import", "undo", data["batch_id"], "--home", home]) == 0
    assert "undone" in capsys.readouterr().out


def test_cli_says_which_districts_it_added(workspace, sheet_dir, capsys):
    good = make_xlsx(
        sheet_dir / "good.xlsx", {"S": [["Фамилия", "Имя", "Район"], ["Ким", "Ольга", "Новый район"]]}
    )
    assert main(["import", "xlsx", str(good), "--kind", "persons", "--home", str(workspace.home.root)]) == 0
    assert "Districts added to the region: “Новый район”." in capsys.readouterr().out


def test_cli_unreadable_file_exits_2_with_one_line(workspace, sheet_dir, capsys):
    junk = sheet_dir / "junk.xlsx"
    junk.write_bytes(b"\x00\x01binary" * 100)
    assert main(["import", "xlsx", str(junk), "--kind", "persons", "--home", str(workspace.home.root)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a spreadsheet" in err[0]
    assert (
        main(
            [
                "import",
                "csv",
                str(sheet_dir / "missing.csv"),
                "--kind",
                "persons",
                "--home",
                str(workspace.home.root),
            ]
        )
        == 2
    )


def test_cli_on_duplicate_update_and_mapping_file(workspace, sheet_dir, capsys, tmp_path):
    a, _b = seed_duplicates(workspace)
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Руководитель": ""}), encoding="utf-8")
    args = [
        "import",
        "xlsx",
        str(duplicate_sheet(sheet_dir)),
        "--kind",
        "associations",
        "--home",
        str(workspace.home.root),
        "--on-duplicate",
        "update",
        "--mapping",
        str(mapping),
    ]
    assert main(args) == 0
    assert associations.REGISTER.get(workspace, a.id).leader == "Ким"  # the column was left out
    assert associations.REGISTER.get(workspace, a.id).name_ru == "Корейский центр"


def test_cli_export_both_formats(demo_workspace, tmp_path, capsys):
    home = str(demo_workspace.home.root)
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"e.{fmt}"
        assert (
            main(
                [
                    "export",
                    fmt,
                    "--kind",
                    "events",
                    "-o",
                    str(out),
                    "--home",
                    home,
                    "--filter",
                    "status=held",
                    "--lang",
                    "kk",
                ]
            )
            == 0
        )
        assert out.exists() and out.stat().st_size > 1000
    held = events.REGISTER.count(demo_workspace, ListQuery(filters={"status": "held"}))
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 2 and all(f" {held} " in line for line in printed)  # in Kazakh
