"""How a sheet names another record it links to (a House of Friendship, a plan item, a meeting, a decision), so
that the importer finds the same record again and never has to guess.

A link is written as the record's name in the sheet's language, qualified in brackets only as far as needed to
name one record: "Достық үйі (Абай ауданы)", then the start of its id, "Достық үйі (Абай ауданы, #1a2b3c4d)".
The importer accepts every such form in every language, and refuses a text that names several records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desk.domain import reference
from desk.domain.records import Decision, House, Meeting, Membership, PlanItem
from desk.spreadsheets.values import norm

LANGS = ("kk", "ru", "en")


def forms(base: str, qualifiers: Iterable[str], record_id: str) -> list[str]:
    """The ways of writing a link, shortest first: the base, then with more qualifiers, then with the id."""
    if not base:
        return []
    parts: list[str] = []
    out = [base]
    for q in qualifiers:
        if q:
            parts.append(q)
            out.append(f"{base} ({', '.join(parts)})")
    out.append(f"{base} ({', '.join([*parts, '#' + record_id[:8]])})")
    return out


@dataclass
class LinkIndex:
    """Every form of every record of one kind, folded, to the ids it may name."""

    by_form: dict[str, set[str]] = field(default_factory=dict)

    def add(self, record_id: str, all_forms: Iterable[str]) -> None:
        for f in all_forms:
            key = norm(f)
            if key:
                self.by_form.setdefault(key, set()).add(record_id)

    def find(self, text: str) -> list[str]:
        """The ids a text may name (one: found; several: ambiguous; none: unknown)."""
        return sorted(self.by_form.get(norm(text), set()))

    def choose(self, record_id: str, choices: list[str]) -> str:
        """The shortest form that names this record alone."""
        for choice in choices:
            if self.by_form.get(norm(choice), set()) == {record_id}:
                return choice
        return choices[-1] if choices else ""


def house_forms(h: House, districts: dict[str, dict[str, str]], lang: str) -> list[str]:
    district = districts.get(h.district_id or "", {}).get(lang, "")
    return forms(h.name(lang), [district], h.id)


def plan_forms(p: PlanItem, lang: str) -> list[str]:
    return forms(p.name(lang), [str(p.year) if p.year else ""], p.id)


def meeting_base(m: Meeting, lang: str) -> str:
    term = reference.by_code(reference.MEETING_KINDS, m.kind)
    kind = term.label(lang) if term else m.kind
    day = m.date.strftime("%d.%m.%Y") if m.date else ""
    return f"{kind} {day}".strip()


def meeting_forms(m: Meeting, lang: str) -> list[str]:
    return forms(meeting_base(m, lang), [f"№ {m.number}" if m.number else ""], m.id)


def decision_forms(d: Decision, meeting: Meeting | None, lang: str) -> list[str]:
    where = meeting_base(meeting, lang) if meeting is not None else ""
    base = f"{where}, № {d.number}" if d.number else f"{where}: {d.name(lang)}"
    return forms(base.strip(" ,:"), [], d.id)


def membership_forms(
    m: Membership, person_name: str, bodies: tuple[reference.Term, ...], lang: str
) -> list[str]:
    """A member at a meeting: "Ким Ольга Петровна (Ассамблея, 10.02.2020)"."""
    term = reference.by_code(bodies, m.body)
    day = m.admitted_on.strftime("%d.%m.%Y") if m.admitted_on else ""
    return forms(person_name, [term.label(lang) if term else m.body, day], m.id)


def all_forms(make: object, *args: object) -> list[str]:
    """`make(record, …, lang)` in the three languages."""
    out: list[str] = []
    for lang in LANGS:
        out += make(*args, lang)  # type: ignore[operator]
    return out
