"""`identifiers.iin_problems` (a whole column of IINs at once, for a central import) says exactly what
`parse_iin` says of each number: the same first refused number, the same reason."""

from __future__ import annotations

import datetime as dt
import random

from desk.domain import identifiers


def _reason(number: str) -> str | None:
    try:
        identifiers.parse_iin(number)
    except identifiers.IdentifierError as exc:
        return exc.reason
    return None


def test_the_column_check_says_what_parse_iin_says():
    rng = random.Random(15)
    numbers = ["".join(rng.choice("0123456789") for _ in range(12)) for _ in range(20_000)]
    numbers += [
        n
        for k in range(3000)
        if (n := identifiers.make_iin(dt.date(1850 + k % 170, 1 + k % 12, 1 + k % 28), "mf"[k % 2], k))
    ]
    for year in range(100):
        for century in "0123456789":
            for day in ("0229", "0230", "0431", "1231", "0001", "1300", "0100"):
                numbers.append(f"{year:02d}{day}{century}00000")
    numbers += ["", "19022950000x", "1902295000", "000229500001"]
    for number in numbers:
        found = identifiers.iin_problems([number])
        assert (found[1] if found else None) == (_reason(number) if number else None), number


def test_the_first_refused_number_is_named():
    good = identifiers.make_iin(dt.date(1980, 5, 17), "f", 1234) or identifiers.make_iin(
        dt.date(1980, 5, 17), "f", 1
    )
    assert identifiers.iin_problems([good, None, "", good]) is None
    assert identifiers.iin_problems([good, "800517400000", good]) == (1, "check_digit")
    assert identifiers.iin_problems(["٨٠٠٥١٧4٠٠٠٠٠"]) == (0, "length")  # digits of another script
