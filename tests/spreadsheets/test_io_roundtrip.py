"""Export then import into an empty database gives the same records; exported sheets are formatted and safe."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from desk.domain import identifiers
from desk.domain.records import Membership
from desk.services import associations, events, houses, persons
from desk.services.districts import all_districts, find_by_name
from desk.services.records import ListQuery
from desk.setup_region import init_region
from desk.spreadsheets import exporter, importer
from desk.spreadsheets import fields as F

PERSON_FIELDS = (
    "surname",
    "given_name",
    "patronymic",
    "iin",
    "birth_date",
    "sex",
    "ethnic_group",
    "workplace",
    "position",
    "phone",
    "email",
    "notes",
)
MEMBERSHIP_FIELDS = (
    "body",
    "category",
    "nominated_by",
    "admitted_on",
    "admission_basis",
    "roles",
    "left_on",
    "leaving_ground",
    "leaving_note",
)


@pytest.fixture
def empty(tmp_path):
    ws = init_region(tmp_path / "empty", "KZ-35")
    yield ws
    ws.close()


def district_names(ws):
    return {d.id: d.name("ru") for d in all_districts(ws)}


def person_records(ws):
    names = district_names(ws)
    with ws.db.read() as session:
        members: dict[str, set] = {}
        for m in session.scalars(select(Membership)):
            members.setdefault(m.person_id, set()).add(tuple(getattr(m, f) for f in MEMBERSHIP_FIELDS))
    out = {}
    for p in persons.REGISTER.list_page(ws, ListQuery(limit=10**6)).rows:
        out[p.iin] = (
            tuple(getattr(p, f) for f in PERSON_FIELDS),
            names.get(p.district_id or ""),
            frozenset(members.get(p.id, ())),
        )
    return out


@pytest.mark.parametrize("fmt,lang", [("xlsx", "kk"), ("csv", "ru")])
def test_persons_with_memberships_survive_export_and_import(demo_workspace, empty, tmp_path, fmt, lang):
    path = tmp_path / f"persons.{fmt}"
    written = exporter.export(demo_workspace, "persons", path, lang=lang)
    before = person_records(demo_workspace)
    assert written >= len(before)  # one row per membership
    report = importer.run(empty, path, "persons", dry_run=False)
    assert report.refused == 0, report.errors()[:5]
    assert report.created == len(before)
    after = person_records(empty)
    assert after == before
    assert sum(len(m) for _v, _d, m in after.values()) == report.memberships > 0


def make_registers(ws):
    """Associations and events with every column filled, and the awkward values real data has."""
    for name in ("Дом дружбы области", "Абай ауданы Достық үйі"):
        houses.REGISTER.create(ws, {"name_ru": name})
    house = {h.name("ru"): h.id for h in houses.REGISTER.list_page(ws, ListQuery()).rows}
    abai = find_by_name(ws, "Абай ауданы").id
    parent = associations.REGISTER.create(
        ws,
        {
            "name_kk": "Корей этномәдени орталығы",
            "name_ru": "Корейский этнокультурный центр",
            "name_en": "Korean Ethnocultural Centre",
            "ethnic_group": "korean",
            "legal_status": "legal_entity",
            "bin": identifiers.make_bin(dt.date(2008, 5, 1), 1234),
            "is_republican": True,
            "registration_date": dt.date(2008, 5, 20),
            "registration_number": "1234-1930-ОО",
            "district_id": abai,
            "address": "ул. Ерубаева, 5",
            "house_id": house["Дом дружбы области"],
            "leader": "Ким Г. В.",
            "phone": "+77012345678",
            "email": "koryo@example.kz",
            "member_count": 350,
            "member_count_date": dt.date(2024, 1, 1),
            "lines_of_work": "culture,language,sunday_school",
            "status": "active",
            "notes": '=HYPERLINK("http://x")',
        },
    )
    associations.REGISTER.create(
        ws,
        {
            "name_ru": "Филиал корейского центра",
            "ethnic_group": "korean",
            "other_ethnic_groups": "russian,kazakh",
            "legal_status": "branch",
            "parent_id": parent.id,
            "district_id": abai,
            "status": "suspended",
            "status_date": dt.date(2023, 2, 1),
            "status_reason": "Решение общего собрания",
            "member_count": 0,
        },
    )
    same_name = {"name_ru": "Татарский центр", "ethnic_group": "tatar", "legal_status": "initiative"}
    associations.REGISTER.create(ws, {**same_name, "district_id": abai})
    associations.REGISTER.create(ws, {**same_name, "district_id": find_by_name(ws, "Шет ауданы").id})
    tatar = [
        a
        for a in associations.REGISTER.list_page(ws, ListQuery(limit=10)).rows
        if a.name_ru == "Татарский центр"
    ]
    events.REGISTER.create(
        ws,
        {
            "name_kk": "Наурыз мейрамы",
            "name_ru": "Праздник Наурыз",
            "event_type": "holiday",
            "start_date": dt.date(2024, 3, 22),
            "end_date": dt.date(2024, 3, 23),
            "house_id": house["Абай ауданы Достық үйі"],
            "organiser_ids": f"{parent.id},{tatar[0].id}",
            "by_secretariat": True,
            "partners": "Акимат; Маслихат",
            "participants": 500,
            "youth": 120,
            "funding_source": "local_budget",
            "funding_amount": 1_500_000,
            "status": "held",
            "notes": "+7 701 000 00 00",
        },
    )
    events.REGISTER.create(
        ws,
        {
            "name_ru": "Праздник Наурыз",
            "event_type": "holiday",
            "start_date": dt.date(2024, 3, 22),
            "venue": "Центральная площадь",
            "status": "held",
        },
    )
    events.REGISTER.create(
        ws,
        {
            "name_en": "Round table on mediation",
            "event_type": "round_table",
            "start_date": dt.date(2025, 1, 15),
            "status": "planned",
            "organiser_ids": tatar[1].id,
        },
    )


def register_snapshot(ws):
    names = district_names(ws)
    house = {h.id: h.name("ru") for h in houses.REGISTER.list_page(ws, ListQuery()).rows}
    found = associations.REGISTER.list_page(ws, ListQuery(limit=100)).rows
    assoc = {a.id: (a.name_ru, names.get(a.district_id or "")) for a in found}
    skip = {
        "id",
        "created_at",
        "updated_at",
        "usn",
        "sort_kk",
        "sort_ru",
        "sort_en",
        "district_id",
        "house_id",
        "parent_id",
        "organiser_ids",
    }

    def plain(obj):
        data = {k: v for k, v in obj.model_dump().items() if k not in skip}
        data["district"] = names.get(getattr(obj, "district_id", None) or "")
        data["house"] = house.get(obj.house_id or "")
        data["parent"] = assoc.get(getattr(obj, "parent_id", None) or "")
        data["organisers"] = sorted(
            assoc[i] for i in (getattr(obj, "organiser_ids", "") or "").split(",") if i
        )
        return data

    return (
        sorted((plain(a) for a in found), key=repr),
        sorted((plain(e) for e in events.REGISTER.list_page(ws, ListQuery(limit=100)).rows), key=repr),
    )


@pytest.mark.parametrize("fmt,lang", [("xlsx", "ru"), ("csv", "kk"), ("xlsx", "en")])
def test_associations_and_events_survive_export_and_import(workspace, empty, tmp_path, fmt, lang):
    make_registers(workspace)
    for name in ("Дом дружбы области", "Абай ауданы Достық үйі"):
        houses.REGISTER.create(empty, {"name_ru": name})
    for kind in ("associations", "events"):
        path = tmp_path / f"{kind}.{fmt}"
        exporter.export(workspace, kind, path, lang=lang)
        report = importer.run(empty, path, kind, dry_run=False)
        assert report.refused == 0 and not [i for i in report.issues if i.level == "warning"], report.issues
    assert register_snapshot(empty) == register_snapshot(workspace)


def test_export_follows_the_list_filter(demo_workspace, tmp_path):
    query = ListQuery(filters={"ethnic_group": "korean"}, lang="ru")
    path = tmp_path / "koreans.csv"
    count = exporter.export(demo_workspace, "associations", path, query=query, lang="ru")
    assert count == associations.REGISTER.count(demo_workspace, query) > 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    column = rows[0].index("Этническая группа") if "Этническая группа" in rows[0] else 3
    assert {r[column] for r in rows[1:]} == {"Корейцы"}


def test_xlsx_has_a_formatted_frozen_header_in_the_chosen_language_and_fitting_widths(
    demo_workspace, tmp_path
):
    path = tmp_path / "a.xlsx"
    exporter.export(demo_workspace, "associations", path, lang="kk")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == exporter.header("associations", "kk") and "БСН" in header
    assert ws.freeze_panes == "A2"
    assert all(c.font.b for c in ws[1]) and ws["A1"].fill.fgColor.rgb.endswith("DDE6F0")
    assert ws.auto_filter.ref.startswith("A1:")
    for column in ("A", "B", "E"):
        longest = max(len(str(c.value or "")) for c in ws[column])
        width = ws.column_dimensions[column].width
        assert min(longest, exporter.MAX_WIDTH) < width <= exporter.MAX_WIDTH + 3
    dates = [c for c in ws[2] if c.is_date]
    assert dates and all(c.number_format == "DD.MM.YYYY" for c in dates)


@pytest.mark.parametrize(
    "payload",
    [
        "=1+2",
        "+7 701 000 00 00",
        "-2+3",
        "@SUM(A1)",
        "\t=cmd",
        "\r=x",
        '=HYPERLINK("http://evil.example","click")',
    ],
)
def test_formula_injection_is_neutralised_in_both_formats(workspace, empty, tmp_path, payload):
    stored = persons.REGISTER.create(
        workspace, {"surname": payload, "given_name": "Test", "workplace": payload, "notes": payload}
    )
    payload = stored.notes  # the register trims spaces, tabs and line breaks at the ends
    assert payload.startswith(exporter.DANGEROUS)
    xlsx, csv_path = tmp_path / "p.xlsx", tmp_path / "p.csv"
    exporter.export(workspace, "persons", xlsx, lang="en")
    exporter.export(workspace, "persons", csv_path, lang="en")

    cells = [c for c in openpyxl.load_workbook(xlsx).active[2] if c.value == payload]
    assert len(cells) == 3
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)  # a string, shown with Excel's apostrophe
    with zipfile.ZipFile(xlsx) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula element anywhere

    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        row = list(csv.reader(fh, delimiter=";"))[1]
    assert row.count("'" + payload) == 3 and payload not in row

    # and the apostrophe does not stick: importing gives the text back as it was
    for path in (xlsx, csv_path):
        fresh = init_region(tmp_path / f"again-{path.suffix}", "KZ-35")
        importer.run(fresh, path, "persons", dry_run=False)
        (p,) = persons.REGISTER.list_page(fresh, ListQuery()).rows
        assert (p.surname, p.workplace, p.notes) == (payload, payload, payload)
        fresh.close()


@pytest.mark.parametrize("cell", ["\t=cmd|' /C calc'!A0", "\r=1", "=1", "+1", "-1", "@x"])
def test_tab_and_carriage_return_starts_are_guarded_too(cell):
    assert exporter.csv_safe(cell) == "'" + cell
    assert exporter.csv_safe("Ким") == "Ким" and exporter.csv_safe(-5) == -5


def test_csv_is_utf8_with_a_bom_for_excel(demo_workspace, tmp_path):
    path = tmp_path / "p.csv"
    exporter.export(demo_workspace, "persons", path, lang="kk")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Тегі".encode() in data.splitlines()[0]


def test_export_to_a_missing_folder_is_a_clear_error(demo_workspace, tmp_path):
    from desk.errors import DeskError

    with pytest.raises(DeskError, match="does not exist"):
        exporter.export(demo_workspace, "persons", tmp_path / "nope" / "p.xlsx")
    assert not list(tmp_path.glob("**/.export-*"))


def test_a_membership_row_for_a_person_already_listed_adds_the_membership(empty, tmp_path):
    iin = identifiers.make_iin(dt.date(1970, 5, 5), "m", 9)
    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ФИО", "ИИН", "Орган", "Дата вхождения", "Роль"])
    ws.append(["Серіков Марат Ержанұлы", iin, "Ассамблея", "10.02.2020", "Медиатор"])
    ws.append(["Серіков Марат Ержанұлы", iin, "Совет", "01.03.2021", "член совета"])
    ws.append(["Серіков Марат Ержанұлы", iin, "Совет", "01.03.2021", "член совета"])
    wb.save(path)
    report = importer.run(empty, path, "persons", dry_run=False)
    assert (report.created, report.memberships, report.refused) == (1, 2, 1)
    assert report.errors()[0].row == 4
    with empty.db.read() as session:
        got = sorted((m.body, m.admitted_on, m.roles) for m in session.scalars(select(Membership)))
    assert got == [
        ("assembly", dt.date(2020, 2, 10), "mediator"),
        ("council", dt.date(2021, 3, 1), "council_member"),
    ]


def test_houses_are_exported_too(demo_workspace, tmp_path):
    path = tmp_path / "houses.xlsx"
    count = exporter.export(demo_workspace, "houses", path, lang="ru")
    assert count == houses.REGISTER.count(demo_workspace, ListQuery()) > 0
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[1]][:4] == [
        "Наименование на казахском языке",
        "Наименование на русском языке",
        "Наименование на английском языке",
        "Район",
    ]
    with_district = sum(
        1 for h in houses.REGISTER.list_page(demo_workspace, ListQuery(limit=1000)).rows if h.district_id
    )
    assert sum(1 for r in range(2, count + 2) if ws.cell(row=r, column=4).value) == with_district > 0


# --- a whole region: desk export all / desk import all -----------------------------------------------------------

ALL_TABLES = (
    "house",
    "association",
    "planitem",
    "event",
    "person",
    "membership",
    "meeting",
    "decision",
    "attendance",
    "executionitem",
)


def region_rows(ws) -> dict[str, set[tuple]]:
    """Every row of every register, every column but the local bookkeeping (usn, time stamps of the write); a
    district is named, as each database seeds its own districts."""
    from sqlalchemy import text as sql

    with ws.db.read() as session:
        conn = session.connection()
        districts = {d.id: d.name("kk") for d in all_districts(ws)}
        out = {}
        for table in ALL_TABLES:
            result = conn.execute(sql(f"SELECT * FROM {table}"))
            keys = list(result.keys())
            rows = set()
            for row in result:
                values = dict(zip(keys, row, strict=True))
                for k in ("usn", "created_at", "updated_at"):
                    values.pop(k)
                if "district_id" in values:
                    values["district_id"] = districts.get(values["district_id"])
                rows.add(tuple(sorted(values.items())))
            out[table] = rows
    return out


def test_a_whole_region_moves_with_export_all_and_import_all(demo_workspace, empty, tmp_path):
    from desk.services import meetings as meeting_service

    ws = demo_workspace
    some = associations.REGISTER.list_page(ws, ListQuery(limit=3)).rows
    associations.REGISTER.archive(ws, some[0].id)  # archived records move too
    meeting = meeting_service.meetings(ws)[0].meeting
    meeting_service.update_meeting(ws, meeting.id, {"notes": "Протокол № 1\nподписан"})
    before = region_rows(ws)
    assert all(before[t] for t in ALL_TABLES), [t for t in ALL_TABLES if not before[t]]
    with ws.db.read() as session:
        links = session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(
                Membership.admission_decision_id.is_not(None),
                Membership.nominating_association_id.is_not(None),
            )
        )
    assert links > 0

    path = tmp_path / "region.xlsx"
    counts = exporter.export_all(ws, path, lang="kk")
    assert set(counts) == set(F.ALL_KINDS)
    dry = importer.run_all(empty, path, dry_run=True)
    assert dry.exit_code == 0 and region_rows(empty) == {t: set() for t in ALL_TABLES}
    result = importer.run_all(empty, path, dry_run=False)
    assert result.exit_code == 0, [(r.kind, r.errors()[:3]) for r in result.reports if r.refused]
    assert result.missing == []
    assert region_rows(empty) == before

    # and the moved region re-imports its own export without a change
    again = tmp_path / "again.xlsx"
    exporter.export_all(empty, again, lang="ru")
    for mode in ("update", "skip"):
        result = importer.run_all(empty, again, dry_run=False, on_duplicate=mode)
        assert [(r.kind, r.created, r.updated, r.refused) for r in result.reports] == [
            (k, 0, 0, 0) for k in F.ALL_KINDS
        ]
    assert region_rows(empty) == before


def test_export_all_and_import_all_on_the_command_line(demo_workspace, tmp_path, capsys):
    from desk.cli import main

    path = tmp_path / "region.xlsx"
    home = demo_workspace.home.root
    demo_workspace.close()
    assert main(["--home", str(home), "export", "all", "-o", str(path)]) == 0
    fresh = tmp_path / "fresh"
    init_region(fresh, "KZ-35").close()
    assert main(["--home", str(fresh), "import", "all", str(path)]) == 0
    out = capsys.readouterr().out
    assert "rows refused" in out and "0 rows refused" in out
