"""Matching rows to records: by id, else BIN/IIN, else name + district only when exactly one record matches and
neither side has a BIN/IIN. Re-importing the program's own unchanged exports changes nothing, in either mode."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from desk.domain import identifiers
from desk.services import associations, events, roster
from desk.services.districts import find_by_name
from desk.services.records import ListQuery
from desk.spreadsheets import exporter, importer
from desk.spreadsheets import fields as F
from tests.spreadsheets.conftest import make_xlsx

TABLES = (
    "district",
    "house",
    "association",
    "event",
    "person",
    "membership",
    "planitem",
    "meeting",
    "decision",
    "attendance",
    "executionitem",
)


def snapshot(ws) -> dict[str, list[tuple]]:
    """Every row of the registers' tables, every column (usn and time stamps included)."""
    with ws.db.read() as session:
        conn = session.connection()
        return {t: sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {t}"))) for t in TABLES}


def reimport_changes_nothing(ws, tmp_path, fmt: str, lang: str) -> None:
    before = snapshot(ws)
    council = len(roster.roster(ws, body="council"))
    assert council > 0
    for kind in F.ALL_KINDS:
        path = tmp_path / f"{kind}-{lang}.{fmt}"
        exporter.export(ws, kind, path, lang=lang)
        for mode in ("update", "skip"):
            report = importer.run(ws, path, kind, dry_run=False, on_duplicate=mode)
            assert (report.created, report.updated, report.refused, report.memberships) == (0, 0, 0, 0), (
                kind,
                mode,
                report.errors()[:3],
            )
            assert report.skipped == report.rows
    assert snapshot(ws) == before
    assert len(roster.roster(ws, body="council")) == council


@pytest.mark.parametrize("fmt,lang", [("xlsx", "ru"), ("csv", "kk"), ("xlsx", "en")])
def test_reimporting_unchanged_exports_changes_nothing_in_either_mode(demo_workspace, tmp_path, fmt, lang):
    reimport_changes_nothing(demo_workspace, tmp_path, fmt, lang)


@pytest.mark.slow
def test_reimporting_unchanged_exports_of_the_large_demo_changes_nothing(tmp_path):
    from desk.services import demo
    from desk.setup_region import init_region

    ws = init_region(tmp_path / "large", "KZ-35")
    try:
        demo.generate(ws, size="large", seed=7)
        reimport_changes_nothing(ws, tmp_path, "xlsx", "ru")
    finally:
        ws.close()


def test_a_persons_later_membership_rows_are_matched_not_doubled(demo_workspace, tmp_path):
    """The council-doubling bug: a person's second and later membership rows were never matched."""
    path = tmp_path / "persons.xlsx"
    exporter.export(demo_workspace, "persons", path, lang="ru")
    # the same sheet without the id columns, as a clerk might keep it: matched by IIN, memberships by body + date
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    keys = [f.key for f in exporter.columns("persons")]
    ws.delete_cols(keys.index("m_id") + 1)
    ws.delete_cols(keys.index("id") + 1)
    wb.save(path)
    council = len(roster.roster(demo_workspace, body="council"))
    before = snapshot(demo_workspace)
    report = importer.run(demo_workspace, path, "persons", dry_run=False, on_duplicate="update")
    assert (report.created, report.updated, report.refused, report.memberships) == (0, 0, 0, 0), (
        report.errors()[:3]
    )
    assert len(roster.roster(demo_workspace, body="council")) == council
    assert snapshot(demo_workspace)["membership"] == before["membership"]


BIN_RMS = identifiers.make_bin(dt.date(2024, 10, 1), 37)


def seed_same_names(ws):
    abai = find_by_name(ws, "Абай ауданы").id
    legal = associations.REGISTER.create(
        ws,
        {
            "name_ru": "Русский молодёжный союз",
            "ethnic_group": "russian",
            "legal_status": "legal_entity",
            "bin": BIN_RMS,
            "leader": "Иванов",
            "phone": "+77011112233",
            "address": "ул. Абая, 1",
            "district_id": abai,
        },
    )
    return abai, legal


def test_a_row_without_bin_never_overwrites_an_association_with_one(workspace, sheet_dir):
    abai, legal = seed_same_names(workspace)
    path = make_xlsx(
        sheet_dir / "branch.xlsx",
        {
            "Лист1": [
                ["Наименование", "Этнос", "Правовой статус", "Район", "Руководитель", "Телефон"],
                ["Русский молодёжный союз", "русские", "филиал", "Абай ауданы", "Петров", "+7 702 000 00 00"],
            ]
        },
    )
    report = importer.run(workspace, path, "associations", dry_run=False, on_duplicate="update")
    assert (report.created, report.updated, report.refused) == (1, 0, 0)
    assert any(i.level == "note" and "BIN" in i.message for i in report.issues)
    kept = associations.REGISTER.get(workspace, legal.id)
    assert (kept.legal_status, kept.leader, kept.phone, kept.address) == (
        "legal_entity",
        "Иванов",
        "+77011112233",
        "ул. Абая, 1",
    )


def test_two_records_matching_a_row_by_name_are_reported_never_guessed(workspace, sheet_dir):
    abai = find_by_name(workspace, "Абай ауданы").id
    for leader in ("Первый", "Второй"):
        associations.REGISTER.create(
            workspace,
            {
                "name_ru": "Татарский центр",
                "ethnic_group": "tatar",
                "legal_status": "branch",
                "leader": leader,
                "district_id": abai,
            },
        )
    path = make_xlsx(
        sheet_dir / "tatar.xlsx",
        {
            "Лист1": [
                ["Наименование", "Этнос", "Правовой статус", "Район", "Руководитель"],
                ["Татарский центр", "татары", "филиал", "Абай ауданы", "Третий"],
            ]
        },
    )
    for mode in ("update", "skip"):
        report = importer.run(workspace, path, "associations", dry_run=False, on_duplicate=mode)
        assert (report.created, report.updated, report.refused) == (0, 0, 1)
        (error,) = report.errors()
        assert error.column == "Наименование" and "2" in error.message
    leaders = sorted(a.leader for a in associations.REGISTER.list_page(workspace, ListQuery()).rows)
    assert leaders == ["Второй", "Первый"]


def test_events_with_the_same_title_day_and_place_are_ambiguous(workspace, sheet_dir):
    for participants in (10, 20):
        events.REGISTER.create(
            workspace,
            {
                "name_ru": "Круглый стол",
                "event_type": "round_table",
                "start_date": dt.date(2024, 5, 3),
                "venue": "Акимат",
                "participants": participants,
                "status": "held",
            },
        )
    path = make_xlsx(
        sheet_dir / "events.xlsx",
        {
            "Лист1": [
                [
                    "Название мероприятия",
                    "Вид мероприятия",
                    "Дата проведения",
                    "Место проведения",
                    "Количество участников",
                ],
                ["Круглый стол", "круглый стол", "03.05.2024", "Акимат", 99],
            ]
        },
    )
    report = importer.run(workspace, path, "events", dry_run=False, on_duplicate="update")
    assert (report.created, report.updated, report.refused) == (0, 0, 1)
    counts = sorted(e.participants for e in events.REGISTER.list_page(workspace, ListQuery()).rows)
    assert counts == [10, 20]


def test_the_id_column_matches_whatever_the_name_and_a_changed_value_updates(demo_workspace, tmp_path):
    path = tmp_path / "associations.xlsx"
    exporter.export(demo_workspace, "associations", path, lang="ru")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    record_id = ws.cell(2, [f.key for f in exporter.columns("associations")].index("id") + 1).value
    ws.cell(2, header.index("Наименование на русском языке") + 1).value = "Новое имя объединения"
    wb.save(path)
    report = importer.run(demo_workspace, path, "associations", dry_run=False, on_duplicate="update")
    assert (report.created, report.updated, report.refused) == (0, 1, 0), report.errors()[:3]
    assert associations.REGISTER.get(demo_workspace, record_id).name_ru == "Новое имя объединения"


def test_an_id_that_this_program_did_not_write_is_refused(workspace, sheet_dir):
    path = make_xlsx(
        sheet_dir / "ids.xlsx",
        {
            "Лист1": [
                ["ID", "Наименование", "Этнос", "Правовой статус"],
                [17, "Немецкий центр", "немцы", "филиал"],
            ]
        },
    )
    report = importer.run(workspace, path, "associations", dry_run=True)
    assert report.refused == 1 and report.errors()[0].column == "ID"


def test_an_overlapping_membership_is_refused_and_desk_check_finds_doubled_ones(demo_workspace, sheet_dir):
    from desk.domain.records import Membership, Person
    from desk.services.folder_check import run_checks

    assert not [p for p in run_checks(demo_workspace) if p.check == "memberships"]
    with demo_workspace.db.read() as session:
        m = session.scalars(
            select(Membership).where(Membership.body == "council", Membership.left_on.is_(None))
        ).first()
        p = session.get(Person, m.person_id)
    later = m.admitted_on + dt.timedelta(days=30)
    path = make_xlsx(
        sheet_dir / "council.xlsx",
        {
            "Лист1": [
                ["Фамилия", "Имя", "Отчество", "ИИН", "Орган", "Дата вхождения"],
                [p.surname, p.given_name, p.patronymic, p.iin, "Совет", later.strftime("%d.%m.%Y")],
            ]
        },
    )
    report = importer.run(demo_workspace, path, "persons", dry_run=False, on_duplicate="update")
    assert (report.memberships, report.refused) == (0, 1)
    assert "already a member" in report.errors()[0].message
    # a doubled membership written past every check is what desk check reports
    with demo_workspace.db.transact() as session:
        session.add(Membership(region=m.region, person_id=m.person_id, body="council", admitted_on=later))
    assert [p.check for p in run_checks(demo_workspace) if p.level == "error"] == ["memberships"]
