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
