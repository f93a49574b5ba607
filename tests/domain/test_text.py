from desk.domain.text import fold, fold_words, sort_key


def test_fold_forgives_case_and_kazakh_letters():
    assert fold("ҚАЗАҚ") == "казак"
    assert fold("Өңір") == "онир"
    assert fold("ӘҒҢӨҰҮҺІЁ") == fold("әғңөұүһіё") == "агноууxие".replace("x", "х")


def test_fold_words_splits_on_punctuation():
    # each word as its search key, the same for both scripts
    assert (
        fold_words("«Достық» үйі, Қарағанды")
        == ["dostyk", "uii", "karagandy"]
        == fold_words("Dostyq üiı, Qarağandy")
    )


def test_sort_key_follows_the_kazakh_alphabet():
    names = [
        "Бірлік",
        "Әділет",
        "Алтын",
        "Қайнар",
        "Кемел",
        "Өркен",
        "Орда",
        "Ұлан",
        "Үміт",
        "Уақыт",
        "Ясауи",
        "«Достық»",
        "Іле",
        "Ырыс",
        "Abai",
    ]
    ordered = sorted(names, key=sort_key)
    assert ordered == [
        "Abai",
        "Алтын",
        "Әділет",
        "Бірлік",
        "«Достық»",
        "Кемел",
        "Қайнар",
        "Орда",
        "Өркен",
        "Уақыт",
        "Ұлан",
        "Үміт",
        "Ырыс",
        "Іле",
        "Ясауи",
    ]


def test_sort_key_ignores_case():
    assert sort_key("қазақ") == sort_key("ҚАЗАҚ")


def test_a_number_is_its_own_search_key_as_the_general_rules_make_it():
    """`fold_words` and `search_key` take a short cut for a word of ASCII digits (an IIN): it holds because no
    letter map touches a digit and no spelling rule matches in a string of digits, which this checks."""
    from desk.domain import latin

    chars, rules = latin._search_tables()
    assert not any(chr(code).isdigit() for code in chars)
    digits = "0123456789" * 3
    assert not any(pattern.search(digits) for pattern, _replacement in rules)
    for word in ("870412300156", "0", "2025"):
        assert fold_words(word) == [word] == [latin.search_key(word)]
        assert fold_words(f"{word} Қазақ") == [word, *fold_words("Қазақ")]  # the general path, for comparison
    assert fold_words("١٢٣") == [latin.search_key("١٢٣")]  # other digits: the general path, unchanged
