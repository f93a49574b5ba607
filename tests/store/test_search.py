"""Full-text search forgives case and the Kazakh letters, and matches prefixes (the cases of the issue)."""

import pytest

from desk.services import associations, houses, persons
from desk.services.search import search


@pytest.fixture
def named(workspace):
    associations.REGISTER.create(
        workspace,
        {"name_kk": "Қазақ мәдени орталығы", "ethnic_group": "kazakh", "legal_status": "initiative"},
    )
    houses.REGISTER.create(workspace, {"name_kk": "Өңірлік Достық үйі", "name_ru": "Региональный Дом дружбы"})
    persons.REGISTER.create(workspace, {"surname": "Ёлкин", "given_name": "Пётр"})
    associations.REGISTER.create(
        workspace, {"name_ru": "Корейский центр", "ethnic_group": "korean", "legal_status": "initiative"}
    )
    return workspace


@pytest.mark.parametrize(
    "query, expected",
    [
        ("казак", "Қазақ мәдени орталығы"),
        ("ҚАЗАҚ", "Қазақ мәдени орталығы"),
        ("қазақ", "Қазақ мәдени орталығы"),
        ("онир", "Өңірлік Достық үйі"),
        ("ОҢІР", "Өңірлік Достық үйі"),
        ("мад орт", "Қазақ мәдени орталығы"),
        ("елкин", "Ёлкин Пётр"),
        ("КОРЕЙС", "Корейский центр"),
        ("дружб", "Өңірлік Достық үйі"),
    ],
)
def test_search_finds(named, query, expected):
    titles = [h.title for h in search(named, query, lang="kk")]
    assert expected in titles


def test_every_word_must_match(named):
    assert search(named, "казак центр") == []


def test_punctuation_alone_finds_nothing(named):
    assert search(named, "«»!") == []


def test_renamed_and_deleted_records_follow_in_the_index(named):
    hit = search(named, "корей")[0]
    associations.REGISTER.update(named, hit.id, {"name_ru": "Узбекский центр", "ethnic_group": "uzbek"})
    assert search(named, "корей") == []
    assert [h.id for h in search(named, "узбек")] == [hit.id]
    from desk.domain.records import Association
    from desk.services.records import delete

    delete(named, Association, hit.id)
    assert search(named, "узбек") == []


def test_check_finds_a_stale_index_and_repair_rebuilds_it(named, capsys):
    from sqlalchemy import text

    from desk.cli import main

    with named.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM search_doc WHERE kind = 'house'"))
    home = str(named.home.root)
    assert main(["check", "--home", home]) == 1
    assert "search index" in capsys.readouterr().out
    assert main(["check", "--repair", "--home", home]) == 0
    assert [h.title for h in search(named, "онир", lang="kk")] == ["Өңірлік Достық үйі"]
