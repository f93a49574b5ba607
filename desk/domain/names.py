"""How a record's name is shown, from its stored columns alone: the ORM records (desk.domain.records) and the light
read path of `desk list` (desk.cli.light_list, plain rows without the ORM) both show names through these."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def shown_name(column: Callable[[str], str | None], lang: str) -> str:
    """The name in `lang` from the `name_<code>` columns (`column(code)` gives one), falling back to another
    recorded language; kk-Latn is the Kazakh one in Latin."""
    if lang == "kk-Latn":
        from desk.domain.latin import to_latin

        return to_latin(shown_name(column, "kk"))
    order = (lang,) + tuple(x for x in ("ru", "kk", "en") if x != lang)
    for code in order:
        value = column(code) or ""
        if value.strip():
            return value
    return ""


def full_name(surname: str | None, given_name: str | None, patronymic: str | None) -> str:
    """A person's full name: surname, given name, patronymic, the empty ones left out."""
    return " ".join(p for p in (surname, given_name, patronymic) if p)
