"""The reference lists a region receives from the central office are the ones in force: a new ethnic group is
validated and printed, a renamed event type shows its new name, responsible bodies travel too; a list that leaves
out a code the region's records hold is refused, naming the code; and the lists stay in force when the folder is
opened again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desk.cli import main
from desk.domain import reference
from desk.domain.validation import ValidationError
from desk.errors import DeskError
from desk.services import associations, events, reference_data
from desk.services.records import ListQuery
from desk.services.rows import term_label
from desk.services.workspace import open_workspace
from desk.sync.centre_bundle import centre_bundle_status, import_centre_bundle, make_centre_bundle
from desk.sync.centre_sections import centre_reference, set_central_reference
from desk.sync.errors import CentreBundleRefused
from tests.reports.pdfread import raw_text

NEW_GROUP = {"code": "assyrian", "kk": "Ассириялықтар", "ru": "Ассирийцы", "en": "Assyrians"}
SEMINAR = {"code": "seminar", "kk": "Оқыту семинары", "ru": "Обучающий семинар", "en": "Training seminar"}
NEW_BODY = {"code": "ethnic_council", "kk": "Этносаралық кеңес", "ru": "Межэтнический совет", "en": "Council"}


def _lists(*, without: tuple[str, ...] = ()) -> dict[str, list[dict[str, str]]]:
    """The built-in lists with a new ethnic group, the seminar renamed, a new responsible body, and the ethnic
    groups of `without` left out."""
    data = {kind: reference.terms_to_data(kind, terms) for kind, terms in reference.BUILT_IN.items()}
    data["ethnic_groups"] = [g for g in data["ethnic_groups"] if g["code"] not in without] + [NEW_GROUP]
    data["event_types"] = [SEMINAR if t["code"] == "seminar" else t for t in data["event_types"]]
    data["responsible_bodies"].append(NEW_BODY)
    return data


def _set(central, tmp_path: Path, data) -> Path:
    path = tmp_path / "lists.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    set_central_reference(central, path)
    return path


def test_a_new_group_and_a_renamed_type_are_in_force_in_the_region(make_region, central, outbox, tmp_path):
    region = make_region("KZ-35")
    with pytest.raises(ValidationError, match="Unknown value: (assyrian|karakalpak)"):
        associations.REGISTER.create(
            region, {"name_ru": "Ассирийский центр", "ethnic_group": "assyrian", "legal_status": "initiative"}
        )
    _set(central, tmp_path, _lists())
    made = make_centre_bundle(central, outbox)
    reference.install({})  # the region's process knows only the built-in lists until the bundle is applied
    applied = import_centre_bundle(region, made.path)
    assert "reference" in applied.sections
    assert centre_reference(region)["ethnic_groups"][-1] == NEW_GROUP
    assert reference.by_code(reference.terms("ethnic_groups"), "assyrian") is not None
    assert term_label(reference.terms("event_types"), "seminar", "ru") == "Обучающий семинар"
    assert reference.responsible_name("ethnic_council", "", "kk") == "Этносаралық кеңес"
    # a group the program knew keeps its grammatical forms (the demo's names use them)
    korean = reference.by_code(reference.terms("ethnic_groups"), "korean")
    assert isinstance(korean, reference.EthnicGroup) and korean.ru_adj == "корейский"

    # validated by the same checks as a form
    made_one = associations.REGISTER.create(
        region,
        {"name_ru": "Ассирийский культурный центр", "ethnic_group": "assyrian", "legal_status": "initiative"},
    )
    assert made_one.ethnic_group == "assyrian"
    events.REGISTER.create(
        region, {"name_ru": "Семинар для лидеров", "event_type": "seminar", "start_date": dt.date(2026, 3, 2)}
    )

    # printed in three languages in the register report and the events log
    for lang, name in (("kk", "Ассириялықтар"), ("ru", "Ассирийцы"), ("en", "Assyrians")):
        from desk.reports.associations import render_associations

        out = tmp_path / f"a-{lang}.pdf"
        render_associations(region, out, lang=lang)
        assert name in raw_text(out)
    from desk.reports.events import render_events

    out = tmp_path / "e.pdf"
    render_events(region, out, lang="en", date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    assert "Training seminar" in raw_text(out)


def test_the_lists_stay_in_force_when_the_folder_is_opened_again(
    make_region, central, outbox, tmp_path, capsys
):
    """The command line opens the folder afresh: its checks and its --type option read the received lists."""
    region = make_region("KZ-35")
    _set(central, tmp_path, _lists())
    import_centre_bundle(region, make_centre_bundle(central, outbox).path)
    reference.install({})  # as a new process starts
    again = open_workspace(region.home.root)
    assert reference.by_code(reference.terms("ethnic_groups"), "assyrian") is not None
    again.close()

    sheet = tmp_path / "new.csv"
    sheet.write_text(
        "Название на русском;Этническая группа;Правовой статус\n"
        "Ассирийский центр «Ниневия»;Ассирийцы;инициатива\n",
        encoding="utf-8",
    )
    home = str(region.home.root)
    reference.install({})
    assert main(["import", "csv", str(sheet), "--kind", "associations", "--home", home]) == 0
    capsys.readouterr()
    listed = associations.REGISTER.list_page(region, ListQuery(filters={"ethnic_group": "assyrian"}))
    assert [a.name("ru") for a in listed.rows] == ["Ассирийский центр «Ниневия»"]
    exported = tmp_path / "out.csv"
    reference.install({})
    args = ["export", "csv", "--kind", "associations", "-o", str(exported), "--lang", "ru", "--home", home]
    assert main(args) == 0
    capsys.readouterr()
    assert "Ассирийцы" in exported.read_text(encoding="utf-8-sig")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(
        "Название на русском;Этническая группа;Правовой статус\nЦентр;Марсиане;инициатива\n", encoding="utf-8"
    )
    assert main(["import", "csv", str(unknown), "--kind", "associations", "--home", home]) != 0
    capsys.readouterr()

    reference.install({})
    out = tmp_path / "events.pdf"
    args = ["report", "events", "--from", "2026-01-01", "--to", "2026-03-31", "--lang", "kk", "-o", str(out)]
    assert main([*args, "--type", "seminar", "--home", home]) == 0
    assert main([*args, "--type", "webinar", "--home", home]) != 0
    assert "webinar" in capsys.readouterr().err


def test_a_list_leaving_out_a_code_in_use_is_refused_and_changes_nothing(
    make_region, central, outbox, tmp_path
):
    region = make_region("KZ-35")
    associations.REGISTER.create(
        region, {"name_ru": "Корейский центр", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    associations.REGISTER.create(
        region,
        {
            "name_ru": "Центр дружбы",
            "ethnic_group": "russian",
            "other_ethnic_groups": "korean,tatar",
            "legal_status": "initiative",
        },
    )
    _set(central, tmp_path, _lists(without=("korean", "karakalpak")))  # the centre holds no such record
    made = make_centre_bundle(central, outbox)
    with pytest.raises(CentreBundleRefused, match=r"“korean” \(ethnic groups\) is held by 2 records"):
        import_centre_bundle(region, made.path)
    assert centre_reference(region) == {} and centre_bundle_status(region).version == 0
    reference_data.install(region.db)  # as the region's own process has it (the centre's set its own lists)
    assert reference.by_code(reference.terms("ethnic_groups"), "korean") is not None
    assert reference.by_code(reference.terms("ethnic_groups"), "assyrian") is None

    # a code no record holds may be withdrawn: no longer offered nor accepted
    _set(central, tmp_path, _lists(without=("karakalpak",)))
    import_centre_bundle(region, make_centre_bundle(central, outbox).path)
    assert reference.by_code(reference.terms("ethnic_groups"), "karakalpak") is None
    with pytest.raises(ValidationError, match="Unknown value: (assyrian|karakalpak)"):
        associations.REGISTER.create(
            region,
            {"name_ru": "Каракалпакский центр", "ethnic_group": "karakalpak", "legal_status": "initiative"},
        )


def test_the_centre_checks_its_own_lists(central, tmp_path):
    bad = _lists()
    bad["event_types"].append({"code": "Bad Code", "kk": "x", "ru": "x", "en": "x"})
    with pytest.raises(DeskError, match="Bad Code"):
        _set(central, tmp_path, bad)
    bad = _lists()
    bad["event_types"] = []
    with pytest.raises(DeskError, match="event_types"):
        _set(central, tmp_path, bad)
    bad = _lists()
    bad["districts"][0]["region"] = "KZ-00"
    with pytest.raises(DeskError, match="districts"):
        _set(central, tmp_path, bad)
    assert reference_data.stored(central.db) == {}


def test_the_central_reference_commands(central, tmp_path, capsys):
    home = str(central.home.root)
    assert main(["central", "reference", "show", "--home", home]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert set(shown) == {"ethnic_groups", "event_types", "districts", "responsible_bodies"}
    shown["ethnic_groups"].append(NEW_GROUP)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
    assert main(["central", "reference", "set", str(path), "--home", home]) == 0
    assert "kept" in capsys.readouterr().out
    assert main(["central", "reference", "show", "--home", home]) == 0
    assert NEW_GROUP in json.loads(capsys.readouterr().out)["ethnic_groups"]
    path.write_text("{not json", encoding="utf-8")
    assert main(["central", "reference", "set", str(path), "--home", home]) != 0
    assert "edited.json" in capsys.readouterr().err


def test_a_section_naming_fewer_lists_keeps_the_others(make_region, central, outbox, tmp_path):
    """A centre that sends only ethnic groups (an older program sent no responsible bodies) leaves the region's
    received event types as they were: a record's received type never falls back to a bare code."""
    region = make_region("KZ-35")
    lists = _lists()
    lists["event_types"].append({"code": "webinar", "kk": "Вебинар", "ru": "Вебинар", "en": "Webinar"})
    _set(central, tmp_path, lists)
    import_centre_bundle(region, make_centre_bundle(central, outbox).path)
    events.REGISTER.create(
        region, {"name_ru": "Вебинар о языках", "event_type": "webinar", "start_date": dt.date(2026, 3, 2)}
    )
    only_groups = {"ethnic_groups": lists["ethnic_groups"]}
    made = make_centre_bundle(central, outbox, extra={"reference": only_groups})
    import_centre_bundle(region, made.path)
    assert {t["code"] for t in centre_reference(region)["event_types"]} >= {"webinar", "seminar"}
    reference_data.install(region.db)
    assert term_label(reference.terms("event_types"), "webinar", "kk") == "Вебинар"
