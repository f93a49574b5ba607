"""The same rules for a value typed in a form and a value arriving in a bundle (the red team's open questions):

1. a direction override (U+202A–U+202E, U+2066–U+2069) in a text: refused by `central verify` and `central import`
   alike, naming the file, the line and the field; the marks of Arabic-script names (LRM, RLM, ZWJ, ZWNJ) pass;
2. the forms' date rules (in order, not in the future): refused alike; "the future" counted from the day the bundle
   was made (its manifest), with one day's tolerance, whatever day the centre verifies it;
3. a bundle creating or changing records dated in a quarter the centre accepted: imported, and said (how many,
   which quarter, accepted when) by verify and import alike, in the message, the outcome's warnings and the log;
4. a code of a centre-sent list the centre's list does not know: imported, and said (the code, how many records).

Every test runs on SQLite and PostgreSQL (the `central` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desk.domain import quarters as rules
from desk.services import associations, events
from desk.sync import quarters
from desk.sync.central_import import import_bundle, verify_bundle
from desk.sync.tables import ImportAttempt

from .conftest import export, rebuild
from .test_hardening import _both_refuse, _forged, _set, _signer


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_a_direction_override_is_refused_by_verify_and_import(central, region, bundle, tmp_path, char):
    path = _forged(
        bundle, central, region, tmp_path, "association", lambda r: _set(r, "name_ru", f"Корей{char}ский")
    )
    message = _both_refuse(central, path, "association.jsonl, line 1", "name_ru", f"U+{ord(char):04X}")
    assert char not in message  # the refusal quotes no override itself


def test_a_direction_override_in_a_person_is_refused_too(central, region, bundle, tmp_path):
    path = _forged(bundle, central, region, tmp_path, "person", lambda r: _set(r, "surname", "\u202eмиК"))
    _both_refuse(central, path, "person.jsonl, line 1", "surname", "U+202E")


def test_the_marks_of_arabic_script_names_pass(central, region, bundle, tmp_path):
    name = "\u0626\u06c7\u064a\u063a\u06c7\u0631\u200d\u200c \u200f\u200eمەدەنىيەت"
    path = _forged(bundle, central, region, tmp_path, "association", lambda r: _set(r, "name_ru", name))
    assert verify_bundle(central, path).result == "verified"
    assert import_bundle(central, path).result == "imported"


# --- 2. dates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "values", "fragment", "column"),
    [
        (
            "association",
            {"registration_date": "2024-05-10", "status_date": "2024-05-09"},
            "Must not be before",
            "status_date",
        ),
        (
            "association",
            {"registration_date": "2999-01-01"},
            "Must not be in the future",
            "registration_date",
        ),
        ("person", {"birth_date": "2999-01-01"}, "Must not be in the future", "birth_date"),
    ],
)
def test_a_date_no_form_accepts_is_refused_by_verify_and_import(
    central, region, bundle, tmp_path, table, values, fragment, column
):
    def change(rows):
        rows[0].update(values)
        return rows

    path = _forged(bundle, central, region, tmp_path, table, change)
    _both_refuse(central, path, f"{table}.jsonl, line 1", column, fragment)


def test_an_event_held_before_it_begins_and_one_ending_before_it_starts_are_refused(
    central, make_region, outbox, tmp_path
):
    ws = make_region("KZ-35")
    events.REGISTER.create(
        ws,
        {
            "name_ru": "Наурыз",
            "event_type": events_type(),
            "start_date": dt.date(2025, 3, 21),
            "status": "held",
        },
    )
    bundle = export(ws, outbox)
    held = _forged(bundle, central, ws, tmp_path, "event", lambda r: _set(r, "start_date", "2999-03-21"))
    _both_refuse(central, held, "event.jsonl, line 1", "status", "has not begun")
    early = _forged(bundle, central, ws, tmp_path, "event", lambda r: _set(r, "end_date", "2025-03-20"))
    _both_refuse(central, early, "event.jsonl, line 1", "end_date", "Must not be before")


def events_type() -> str:
    from desk.domain import reference

    return reference.terms("event_types")[0].code


def _made_on(bundle, central, region, tmp_path, created_at, values, name):
    """The bundle as if the region had made it at `created_at` (signed by the region), its first person's values
    changed."""

    def change(members):
        import json

        lines = [json.loads(x) for x in members["person.jsonl"].splitlines() if x.strip()]
        lines[0].update(values)
        members["person.jsonl"] = b"".join(json.dumps(x, ensure_ascii=False).encode() + b"\n" for x in lines)
        return members

    return rebuild(
        bundle,
        central,
        tmp_path / name,
        members=change,
        rehash=True,
        signer=_signer(region),
        manifest=lambda m: {**m, "created_at": created_at},
    )


def test_the_future_is_counted_from_the_day_the_bundle_was_made_with_one_days_tolerance(
    central, region, bundle, tmp_path
):
    made = "2024-01-01T22:30:00+00:00"  # 03:30 on 2 January in Astana
    # the region's own next day (its clock runs ahead of UTC): accepted
    ahead = _made_on(bundle, central, region, tmp_path, made, {"birth_date": "2024-01-02"}, "ahead.age")
    assert verify_bundle(central, ahead).result == "verified", verify_bundle(central, ahead).message
    # two days after the bundle was made: in the future when it was made, however old the bundle is now
    later = _made_on(bundle, central, region, tmp_path, made, {"birth_date": "2024-01-03"}, "later.age")
    _both_refuse(central, later, "person.jsonl, line 1", "birth_date", "Must not be in the future")


# --- 3. records dated in an accepted quarter ---------------------------------------------------------------------


def _accepted_q3(make_region, central, outbox):
    region = make_region("KZ-35")
    assoc = associations.REGISTER.create(
        region,
        {
            "name_ru": "Корейский центр",
            "ethnic_group": "korean",
            "legal_status": "initiative",
            "registration_date": dt.date(2026, 8, 10),
        },
    )
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 5))
    assert import_bundle(central, export(region, outbox)).result == "imported"
    quarters.decide(central, "KZ-35", 2026, 3, rules.ACCEPTED)
    return region, assoc


def test_edits_in_an_accepted_quarter_are_imported_and_said(make_region, central, outbox):
    region, assoc = _accepted_q3(make_region, central, outbox)
    # the region has not loaded the receipt yet: it is only warned, and its changes travel
    associations.REGISTER.update(region, assoc.id, {"name_ru": "Корейский культурный центр"})
    associations.REGISTER.create(
        region,
        {
            "name_ru": "Татарский центр",
            "ethnic_group": "tatar",
            "legal_status": "initiative",
            "registration_date": dt.date(2026, 9, 1),
        },
    )
    associations.REGISTER.create(  # dated in another quarter: not counted
        region, {"name_ru": "Немецкий центр", "ethnic_group": "german", "legal_status": "initiative"}
    )
    late = export(region, outbox)
    verified = verify_bundle(central, late)
    assert verified.result == "verified"
    assert len(verified.warnings) == 1, verified.warnings
    warning = verified.warnings[0]
    assert "changes 2 records dated in" in warning and "accepted figures stay as submitted" in warning
    assert "2026" in warning
    imported = import_bundle(central, late)
    assert imported.result == "imported"
    assert imported.warnings == verified.warnings
    assert warning in imported.message and warning in verified.message
    with central.db.read() as s:
        logged = s.scalars(select(ImportAttempt).order_by(ImportAttempt.id.desc())).first()
    assert warning in logged.message


def test_a_full_bundle_repeating_unchanged_records_says_nothing(make_region, central, outbox):
    region, _assoc = _accepted_q3(make_region, central, outbox)
    again = export(region, outbox, full=True)
    verified = verify_bundle(central, again)
    assert verified.result == "verified" and verified.warnings == [], verified.message
    imported = import_bundle(central, again)
    assert imported.result == "imported" and imported.warnings == [], imported.message


def test_a_record_moved_out_of_an_accepted_quarter_is_counted(make_region, central, outbox):
    region, assoc = _accepted_q3(make_region, central, outbox)
    associations.REGISTER.update(region, assoc.id, {"registration_date": dt.date(2026, 11, 2)})
    late = export(region, outbox)
    verified, imported = verify_bundle(central, late), import_bundle(central, late)
    assert verified.warnings == imported.warnings
    assert len(imported.warnings) == 1 and "changes 1 record dated in" in imported.warnings[0]


# --- 4. codes of the centre-sent lists ---------------------------------------------------------------------------


def test_a_code_the_centres_list_does_not_know_is_imported_and_said(central, region, bundle, tmp_path):
    path = _forged(
        bundle, central, region, tmp_path, "association", lambda r: _set(r, "ethnic_group", "martian")
    )
    verified = verify_bundle(central, path)
    assert verified.result == "verified", verified.message
    assert len(verified.warnings) == 1
    assert "“martian”" in verified.warnings[0] and "1 record" in verified.warnings[0]
    assert "ethnic groups" in verified.warnings[0] and "association.jsonl" in verified.warnings[0]
    imported = import_bundle(central, path)
    assert imported.result == "imported" and imported.warnings == verified.warnings
    assert verified.warnings[0] in imported.message


def test_known_codes_say_nothing(central, region, bundle):
    assert verify_bundle(central, bundle).warnings == []
    assert import_bundle(central, bundle).warnings == []


def test_desk_check_names_a_stored_value_the_centre_would_refuse(region):
    """A direction override saved before the forms refused it (written here past the form): the region's `desk check`
    names the record and the field, as the centre will refuse its bundles."""
    from desk.domain.records import Association
    from desk.services.folder_check import run_checks

    with region.db.transact() as s:
        assoc = s.scalars(select(Association)).one()
        assoc.name_ru = "Корей\u202eский"
    problems = [p for p in run_checks(region) if p.check == "centre_rules"]
    assert len(problems) == 1 and problems[0].level == "error"
    assert assoc.id in problems[0].message and "\\u202e" in problems[0].message
    assert "U+202E" in problems[0].message


def test_a_correction_submitted_again_is_not_said_as_a_change_to_the_accepted_figures(
    make_region, central, outbox
):
    region, assoc = _accepted_q3(make_region, central, outbox)
    associations.REGISTER.update(region, assoc.id, {"name_ru": "Корейский культурный центр"})
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 20))  # the correction, before the receipt came
    late = export(region, outbox)
    assert verify_bundle(central, late).warnings == []
    assert import_bundle(central, late).warnings == []


def test_the_command_line_shows_the_warnings(make_region, central, outbox, capsys):
    from desk.cli import main

    region, assoc = _accepted_q3(make_region, central, outbox)
    associations.REGISTER.update(region, assoc.id, {"name_ru": "Корейский культурный центр"})
    late = export(region, outbox)
    home = str(central.home.root)
    central.close()
    for command in ("verify", "import"):
        code, (out, err) = main(["central", command, str(late), "--home", home]), capsys.readouterr()
        assert code == 0, err
        assert "changes 1 record dated in" in out and "accepted figures stay as submitted" in out, out


def test_decisions_are_dated_by_their_meeting(make_region, central, outbox):
    from desk.services import meetings

    region = make_region("KZ-35")
    session = meetings.create_meeting(
        region, {"kind": "session", "date": dt.date(2026, 8, 20), "place": "Достық үйі"}
    )
    first = meetings.add_decision(region, session.id, {"number": "1", "name_ru": "О плане"})
    quarters.submit(region, 2026, 3, today=dt.date(2026, 10, 5))
    assert import_bundle(central, export(region, outbox)).result == "imported"
    quarters.decide(central, "KZ-35", 2026, 3, rules.ACCEPTED)
    meetings.update_decision(region, first.id, {"name_ru": "Об исполнении плана"})
    meetings.add_decision(region, session.id, {"number": "2", "name_ru": "О Наурызе"})
    late = export(region, outbox)
    verified, imported = verify_bundle(central, late), import_bundle(central, late)
    assert imported.result == "imported" and verified.warnings == imported.warnings
    assert len(imported.warnings) == 1 and "changes 2 records dated in" in imported.warnings[0], (
        imported.warnings
    )


# --- the IIN and what it carries ----------------------------------------------------------------------------------


def _person_with_iin(iin, born, sex):
    def change(rows):
        rows[0].update(iin=iin, birth_date=born, sex=sex)
        return rows

    return change


@pytest.mark.parametrize(
    ("born", "sex", "column", "fragment"),
    [
        ("1985-03-14", "f", "birth_date", "date of birth in the IIN"),
        ("1985-03-15", "m", "sex", "sex the IIN carries"),
    ],
)
def test_a_birth_date_or_sex_contradicting_the_iin_is_refused(
    central, region, bundle, tmp_path, born, sex, column, fragment
):
    """A form fills the birth date and sex from the IIN and refuses a birth date that differs: a bundle's row
    that contradicts its IIN was not saved by a form, and both verify and import refuse it."""
    from desk.domain.identifiers import make_iin

    iin = make_iin(dt.date(1985, 3, 15), "f", 4021)
    path = _forged(bundle, central, region, tmp_path, "person", _person_with_iin(iin, born, sex))
    _both_refuse(central, path, "person.jsonl, line 1", f"“{column}”", fragment)


def test_a_person_whose_iin_agrees_or_who_has_no_sex_given_passes(central, region, bundle, tmp_path):
    from desk.domain.identifiers import make_iin

    iin = make_iin(dt.date(1985, 3, 15), "f", 4021)
    path = _forged(bundle, central, region, tmp_path, "person", _person_with_iin(iin, "1985-03-15", ""))
    assert verify_bundle(central, path).result == "verified"
    assert import_bundle(central, path).result == "imported"
