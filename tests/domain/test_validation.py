import datetime as dt

import pytest

from desk import i18n
from desk.domain.record_checks import check_association, check_event, check_person
from desk.domain.records import Association, Event, Person
from desk.domain.validation import ValidationError, normalize_phone


def test_phone_numbers_are_normalised_to_plus_seven():
    assert normalize_phone("+7 (701) 234-56-78") == "+77012345678"
    assert normalize_phone("87012345678") == "+77012345678"
    assert normalize_phone("2345678") is None
    assert normalize_phone("+1 202 555 0100") is None


def test_event_ending_before_it_starts_is_refused_on_the_end_date():
    e = Event(
        region="KZ-35",
        name_ru="Семинар",
        event_type="seminar",
        start_date=dt.date(2025, 5, 2),
        end_date=dt.date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as err:
        check_event(e)
    assert [x.field for x in err.value.errors] == ["end_date"]


def test_youth_cannot_exceed_participants_and_counts_cannot_be_negative():
    e = Event(
        region="KZ-35",
        name_kk="Той",
        event_type="holiday",
        start_date=dt.date(2025, 3, 22),
        participants=10,
        youth=11,
        funding_amount=-5,
    )
    with pytest.raises(ValidationError) as err:
        check_event(e)
    assert {x.field for x in err.value.errors} == {"youth", "funding_amount"}


def test_a_name_is_required_in_at_least_one_language():
    a = Association(region="KZ-35", ethnic_group="korean", legal_status="initiative")
    with pytest.raises(ValidationError) as err:
        check_association(a)
    assert err.value.for_field("name")


def test_refusals_speak_the_users_language():
    i18n.set_language("ru")
    a = Association(
        region="KZ-35",
        name_ru="Центр",
        ethnic_group="korean",
        legal_status="legal_entity",
        bin="123456789012",
    )
    with pytest.raises(ValidationError) as err:
        check_association(a)
    text = str(err.value)
    assert "БИН" in text
    assert any("а" <= ch <= "я" for ch in text)


def test_iin_fills_birth_date_and_sex_and_refuses_a_contradicting_birth_date():
    p = Person(region="KZ-35", surname="Сәрсенбаев", given_name="Нұрлан", iin="890515300013")
    check_person(p)
    assert p.birth_date == dt.date(1989, 5, 15) and p.sex == "m"
    p2 = Person(
        region="KZ-35", surname="Ким", given_name="Ольга", iin="890515300013", birth_date=dt.date(1990, 1, 1)
    )
    with pytest.raises(ValidationError) as err:
        check_person(p2)
    assert err.value.for_field("birth_date")
