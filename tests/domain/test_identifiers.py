import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.domain import identifiers
from desk.domain.identifiers import IdentifierError, parse_bin, parse_iin


def oracle_check_digit(first11: str) -> int | None:
    """The rule written out plainly, as DOMAIN.md states it."""
    d = [int(c) for c in first11]
    s = sum((i + 1) * d[i] for i in range(11)) % 11
    if s == 10:
        w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        s = sum(w[i] * d[i] for i in range(11)) % 11
        if s == 10:
            return None
    return s


def test_real_format_iin_gives_birth_date_and_sex():
    # 8,9,0,5,1,5,3,0,0,0,1 weighted 1..11 = 113; 113 mod 11 = 3
    info = parse_iin("890515300013")
    assert info.birth_date == dt.date(1989, 5, 15)
    assert info.sex == "m"
    assert parse_iin(identifiers.make_iin(dt.date(2003, 2, 28), "f", 42)).sex == "f"


@pytest.mark.parametrize(
    "number, reason",
    [
        ("890515300014", "check_digit"),
        ("89051530001", "length"),
        ("8905153000a3", "length"),
        ("890230300013", "date"),  # 30 February
        ("890515700013", "century"),
    ],
)
def test_invalid_iin_says_why(number, reason):
    with pytest.raises(IdentifierError) as err:
        parse_iin(number)
    assert err.value.reason == reason


def test_second_weights_are_used_when_the_first_sum_is_ten():
    # find a prefix whose first sum is 10 and check we agree with the oracle on it
    for serial in range(10000):
        first11 = f"7001013{serial:04d}"
        if sum((i + 1) * int(c) for i, c in enumerate(first11)) % 11 == 10:
            assert identifiers.check_digit(first11) == oracle_check_digit(first11)
            break
    else:
        pytest.fail("no prefix with first sum 10 found")


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_check_digit_matches_the_oracle(first11):
    assert identifiers.check_digit(first11) == oracle_check_digit(first11)


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from("mf"),
    st.integers(0, 9999),
)
def test_made_iins_parse_back_and_any_other_check_digit_is_refused(born, sex, serial):
    iin = identifiers.make_iin(born, sex, serial)
    if iin is None:
        return
    info = parse_iin(iin)
    assert (info.birth_date, info.sex) == (born, sex)
    for wrong in "0123456789":
        if wrong != iin[-1]:
            assert not identifiers.has_valid_check_digit(iin[:-1] + wrong)


def test_bin_of_a_registered_legal_entity():
    number = identifiers.make_bin(dt.date(2009, 4, 1), 12345)
    assert number is not None and number.startswith("09044012345")
    assert parse_bin(number) == dt.date(2009, 4, 1)


@pytest.mark.parametrize(
    "number, reason", [("091340012345", "date"), ("090490012345", "kind"), ("0904400123", "length")]
)
def test_invalid_bins_are_refused(number, reason):
    with pytest.raises(IdentifierError) as err:
        parse_bin(number)
    assert err.value.reason == reason


def test_bin_with_a_typo_in_the_check_digit_is_refused():
    good = identifiers.make_bin(dt.date(2009, 4, 1), 1234)
    assert good is not None
    typo = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(IdentifierError) as err:
        parse_bin(typo)
    assert err.value.reason == "check_digit"


def test_leading_zero_lost_by_a_spreadsheet_is_restored():
    assert identifiers.normalize("10101300018") == "010101300018"
    assert identifiers.normalize(" 0101 0130 0018 ") == "010101300018"
