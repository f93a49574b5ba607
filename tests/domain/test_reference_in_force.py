"""The reference lists in force: built-in until lists are installed, a received list replaces its kind whole, a kind
not received keeps the built-in list, and installing nothing restores every built-in list."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.domain import reference
from desk.domain.record_checks import check_event
from desk.domain.records import Event
from desk.domain.validation import ValidationError


def test_built_in_until_installed_and_back():
    assert reference.terms("ethnic_groups") is reference.ETHNIC_GROUPS
    assert reference.received_kinds() == frozenset()
    received = reference.terms_from_data(
        {"event_types": [{"code": "webinar", "kk": "Вебинар", "ru": "Вебинар", "en": "Webinar"}]}
    )
    reference.install(received)
    assert [t.code for t in reference.terms("event_types")] == ["webinar"]
    assert reference.terms("ethnic_groups") is reference.ETHNIC_GROUPS
    assert reference.received_kinds() == frozenset({"event_types"})
    check_event(Event(name_ru="Вебинар", event_type="webinar", start_date=dt.date(2026, 1, 5)))
    with pytest.raises(ValidationError, match="seminar"):  # withdrawn: no longer accepted
        check_event(Event(name_ru="Семинар", event_type="seminar", start_date=dt.date(2026, 1, 5)))
    reference.install({})
    assert reference.terms("event_types") is reference.EVENT_TYPES
    with pytest.raises(ValueError, match="unknown reference kinds"):
        reference.install({"regions": ()})


def test_received_terms_keep_what_the_program_knows_and_round_trip():
    data = {
        "ethnic_groups": [
            {"code": "korean", "kk": "Корейлер", "ru": "Корейцы (коре сарам)", "en": "Koreans"},
            {"code": "assyrian", "kk": "Ассириялықтар", "ru": "Ассирийцы", "en": "Assyrians"},
        ],
        "districts": [
            {"code": "kz35_new", "kk": "Жаңа ауданы", "ru": "Новый район", "en": "New", "region": "KZ-35"}
        ],
    }
    made = reference.terms_from_data(data)
    korean, assyrian = made["ethnic_groups"]
    assert isinstance(korean, reference.EthnicGroup) and korean.ru_adj == "корейский"
    assert korean.ru == "Корейцы (коре сарам)"
    assert isinstance(assyrian, reference.EthnicGroup) and assyrian.ru_adj == "" and assyrian.share == 0
    district = made["districts"][0]
    assert isinstance(district, reference.District) and district.region == "KZ-35"
    assert {k: reference.terms_to_data(k, v) for k, v in made.items()} == data
