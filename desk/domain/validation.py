"""Validation of what a clerk enters. A refusal names the field and says why in the current language.

Validators collect `FieldError`s; `Checker.raise_if_any()` raises one `ValidationError` holding them all, so a form
can show every message beside its field and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

from desk.domain import date_rules, identifiers
from desk.i18n import N_, _

# Field labels, translated when shown. Keys are the attribute names used in records and forms.
FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "title": N_("Title"),
    "bin": N_("BIN"),
    "iin": N_("IIN"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "member_count": N_("Number of members"),
    "participants": N_("Participants"),
    "youth": N_("Young participants"),
    "funding_amount": N_("Funding amount"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "surname": N_("Surname"),
    "given_name": N_("Given name"),
    "legal_status": N_("Legal status"),
    "status": N_("Status"),
    "status_date": N_("Status date"),
    "registration_date": N_("Registration date"),
    "district_id": N_("District"),
    "house_id": N_("House of Friendship"),
    "ethnic_group": N_("Ethnic group"),
    "event_type": N_("Event type"),
    "funding_source": N_("Funding source"),
    "region": N_("Region"),
    "birth_date": N_("Date of birth"),
    "parent_id": N_("Parent association"),
    "lines_of_work": N_("Lines of work"),
    "opened_on": N_("Opened on"),
    "name_kk": N_("Name in Kazakh"),
    "name_ru": N_("Name in Russian"),
    "name_en": N_("Name in English"),
    "patronymic": N_("Patronymic"),
    "workplace": N_("Workplace"),
    "position": N_("Position"),
    "address": N_("Address"),
    "leader": N_("Leader"),
    "director": N_("Director"),
    "notes": N_("Notes"),
    "venue": N_("Venue"),
    "partners": N_("Partners"),
    "registration_number": N_("Registration number"),
    "status_reason": N_("Reason for the status"),
    "other_ethnic_groups": N_("Other ethnic groups"),
    "nominated_by": N_("Nominated by"),
    "admission_basis": N_("Basis of admission"),
    "leaving_note": N_("Note on leaving"),
    "roles": N_("Roles"),
    "sex": N_("Sex"),
    "server_url": N_("Server address (URL)"),
    "server_host": N_("Server"),
    "server_port": N_("Port"),
    "server_database": N_("Database"),
    "server_user": N_("User name"),
}


def field_label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    @property
    def label(self) -> str:
        return field_label(self.field)

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class ValidationError(ValueError):
    """One or more fields were refused; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    def for_field(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.field == name]


@dataclass
class Checker:
    """Collects the refusals of one record."""

    errors: list[FieldError] = field(default_factory=list)

    def fail(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(list(self.errors))

    # --- the rules -----------------------------------------------------------------------------------------

    def names(self, name: str, kk: str | None, ru: str | None, en: str | None) -> None:
        if not any((v or "").strip() for v in (kk, ru, en)):
            self.fail(name, _("Enter the name in at least one language: Kazakh, Russian or English."))

    def required(self, name: str, value: object) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(name, _("This field is required."))

    def not_negative(self, name: str, value: int | float | None) -> None:
        if value is not None and value < 0:
            self.fail(name, _("Must not be negative."))

    def not_more_than(self, name: str, value: int | None, other_name: str, other: int | None) -> None:
        if value is not None and other is not None and value > other:
            self.fail(name, _("Must not exceed {field}.").format(field=field_label(other_name)))

    def date_order(self, start_name: str, start: dt.date | None, end_name: str, end: dt.date | None) -> None:
        if start is not None and end is not None and end < start:
            self.fail(end_name, _("Must not be before {field}.").format(field=field_label(start_name)))

    def not_in_future(self, name: str, value: dt.date | None, today: dt.date | None = None) -> None:
        if value is not None and value > (today or dt.date.today()):
            self.fail(name, _(date_rules.IN_FUTURE))

    def date_rules(self, table: str, obj: Any, today: dt.date | None = None) -> None:
        """The date rules of `table` (`desk.domain.date_rules`, the ones a central import applies to a bundle's
        rows): dates in order, and not in the future. A field already refused is not refused again."""
        refused = {e.field for e in self.errors}
        for rule in date_rules.DATE_ORDERS.get(table, ()):
            earlier, later = getattr(obj, rule.earlier, None), getattr(obj, rule.later, None)
            if rule.refused in refused or earlier is None or later is None or not later < earlier:
                continue
            other = rule.earlier if rule.refused == rule.later else rule.later
            self.fail(rule.refused, _(rule.message).format(field=field_label(other)))
            refused.add(rule.refused)
        for name in date_rules.NOT_IN_FUTURE.get(table, ()):
            if name not in refused:
                self.not_in_future(name, getattr(obj, name, None), today)
        if table in date_rules.HELD_NOT_IN_FUTURE:
            status_column, status, date_column = date_rules.HELD_NOT_IN_FUTURE[table]
            day = getattr(obj, date_column, None)
            if (
                getattr(obj, status_column, None) == status
                and day is not None
                and day > (today or dt.date.today())
            ):
                self.fail(status_column, _(date_rules.HELD_IN_FUTURE))

    def iin(self, name: str, value: str | None) -> identifiers.IinInfo | None:
        if not value:
            return None
        try:
            return identifiers.parse_iin(value)
        except identifiers.IdentifierError as exc:
            self.fail(name, _identifier_message(exc.reason, 12))
            return None

    def bin(self, name: str, value: str | None) -> None:
        if not value:
            return
        try:
            identifiers.parse_bin(value)
        except identifiers.IdentifierError as exc:
            self.fail(name, _identifier_message(exc.reason, 12))

    def phone(self, name: str, value: str | None) -> None:
        if value and normalize_phone(value) is None:
            self.fail(name, _("Enter a Kazakhstan number: +7 and 10 digits, e.g. +7 701 234 56 78."))

    def email(self, name: str, value: str | None) -> None:
        if value and not _EMAIL.fullmatch(value.strip()):
            self.fail(name, _("This does not look like an e-mail address."))

    def choice(self, name: str, value: str | None, allowed: set[str] | frozenset[str]) -> None:
        if value is not None and value not in allowed:
            self.fail(name, _("Unknown value: {value}.").format(value=value))

    def storable_text(self, obj: Any, cls: type | None = None) -> None:
        """Every text field of a record: no control characters (tab and line breaks only where the field takes
        several lines) and no longer than the field holds. The one rule every entry point applies: forms,
        spreadsheet imports, the command line and central bundle imports."""
        for name, limit, multiline in text_fields(cls or obj.__dict__.get("_cls") or type(obj)):
            problem = text_problem(getattr(obj, name, None), limit, multiline)
            if problem:
                self.fail(name, problem)


# --- what a text field can store -----------------------------------------------------------------------------

MULTILINE_FIELDS = frozenset(
    {
        "notes",
        "address",
        "agenda",
        "status_reason",
        "admission_basis",
        "leaving_note",
        "partners",
        "task",
        "responsible",
    }
)
"""Text fields that may hold tabs and line breaks (entered in a multi-line box or an Excel cell with Alt+Enter)."""

SINGLE_LINE_LIMIT = 1000
MULTILINE_LIMIT = 10000
"""Limits of text fields that declare none: longer is a pasted document, not a register's value."""

_DERIVED = frozenset({"sort_kk", "sort_ru", "sort_en", "sort_name"})
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Direction embeddings, overrides and isolates: a name holding U+202E shows (and prints) its letters reversed, so
what a register shows is not what it holds. Refused in every text field by every entry point (forms, spreadsheets,
the command line, bundles). The marks U+200E/U+200F (LRM, RLM) and the zero-width (non-)joiners stay allowed: names
in Arabic script (Uyghur) use them, and they reorder nothing around them."""
_CONTROL_OR_OVERRIDE = re.compile(f"{_CONTROL.pattern}|{_BIDI_OVERRIDES.pattern}")
"""`_CONTROL` and `_BIDI_OVERRIDES` in one pass (a bundle's text columns are searched whole: one scan, not two)."""
_TEXT_FIELDS: dict[type, list[tuple[str, int, bool]]] = {}


def _is_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return str in get_args(annotation)
    return False


def text_fields(cls: type) -> list[tuple[str, int, bool]]:
    """(field, maximum length, multi-line?) of every text field of a record class."""
    found = _TEXT_FIELDS.get(cls)
    if found is None:
        found = []
        for name, info in getattr(cls, "model_fields", {}).items():
            if name in _DERIVED or not _is_text(info.annotation):
                continue
            multiline = name in MULTILINE_FIELDS
            limit = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
            found.append((name, limit or (MULTILINE_LIMIT if multiline else SINGLE_LINE_LIMIT), multiline))
        _TEXT_FIELDS[cls] = found
    return found


_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_UNSHOWABLE_IN_LINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def showable(text: str, *, lines: bool = False) -> str:
    """`text` with every character that must not reach a terminal, a window or a database text as it is (control
    characters and NUL, lone surrogates, direction overrides) written as its code, e.g. \\x00: for messages that
    quote what an untrusted file holds. `lines`: line breaks are kept."""
    pattern = _UNSHOWABLE_IN_LINES if lines else _UNSHOWABLE
    return pattern.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text
    )


def text_problem(value: object, limit: int, multiline: bool) -> str | None:
    """Why a text value cannot be stored in a field, or None."""
    if not isinstance(value, str) or not value:
        return None
    if _CONTROL.search(value):
        return _("Contains a control character (invisible, e.g. from a copied document): retype the value.")
    if found := _BIDI_OVERRIDES.search(value):
        return _(
            "Contains an invisible direction override ({code}, e.g. from a copied document) that shows the text "
            "in another order than it is stored: retype the value."
        ).format(code=f"U+{ord(found.group()):04X}")
    if not multiline and _BREAKS.search(value):
        return _("Line breaks and tabs are not allowed in this field: put the value on one line.")
    if len(value) > limit:
        return _("Too long: {length} characters, at most {limit}.").format(length=len(value), limit=limit)
    return None


def column_text_problem(values: list[Any], limit: int, multiline: bool) -> tuple[int, str] | None:
    """The first value of a column that cannot be stored (index, why), checked in one pass over the column."""
    try:  # a column of texts only (as a checked bundle's are): joined and measured without a Python loop
        joined, texts = "".join(values), values
    except TypeError:
        texts = [v for v in values if isinstance(v, str)]
        joined = "".join(texts)
    if not (
        _CONTROL_OR_OVERRIDE.search(joined)
        or (not multiline and _BREAKS.search(joined))
        or max(map(len, texts), default=0) > limit
    ):
        return None
    for index, v in enumerate(values):
        problem = text_problem(v, limit, multiline)
        if problem:
            return index, problem
    return None


# --- what an integer field can store -------------------------------------------------------------------------

INTEGER_MIN = -(2**63)
INTEGER_MAX = 2**63 - 1
"""What every database the program runs on stores in an integer column."""

INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "member_count": (0, INTEGER_MAX),
    "participants": (0, INTEGER_MAX),
    "youth": (0, INTEGER_MAX),
    "funding_amount": (0, INTEGER_MAX),
    "requested_by": (0, INTEGER_MAX),
    "votes_for": (0, INTEGER_MAX),
    "votes_against": (0, INTEGER_MAX),
    "abstained": (0, INTEGER_MAX),
    "year": (1900, 2200),
    "quarter": (1, 4),
    "quorum_num": (1, INTEGER_MAX),
    "quorum_den": (1, INTEGER_MAX),
    "adoption_num": (1, INTEGER_MAX),
    "adoption_den": (1, INTEGER_MAX),
    "usn": (0, INTEGER_MAX),
}
"""The ranges the forms' checks (`not_negative`, the plan's year and quarter, a body's fractions) allow; any other
integer field holds what the database holds."""


def integer_range(name: str) -> tuple[int, int]:
    return INTEGER_RANGES.get(name, (INTEGER_MIN, INTEGER_MAX))


def integer_problem(value: object, name: str) -> str | None:
    """Why an integer value cannot be stored in the field `name`, or None."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    low, high = integer_range(name)
    shown = str(value) if len(str(value)) <= 24 else str(value)[:20] + "…"
    if value > high and high == INTEGER_MAX:
        return _("Out of range: {value} is larger than any number this field holds.").format(value=shown)
    if value < low and low == INTEGER_MIN:
        return _("Out of range: {value} is smaller than any number this field holds.").format(value=shown)
    if value < low or value > high:
        if high == INTEGER_MAX:
            return _("Out of range: {value} is less than {low}.").format(value=shown, low=low)
        return _("Out of range: {value} is not between {low} and {high}.").format(
            value=shown, low=low, high=high
        )
    return None


def column_integer_problem(values: list[Any], name: str) -> tuple[int, str] | None:
    """The first value of an integer column that cannot be stored (index, why), or None."""
    low, high = integer_range(name)
    numbers = [v for v in values if isinstance(v, int)]
    if not numbers or (low <= min(numbers) and max(numbers) <= high):
        return None
    for index, v in enumerate(values):
        problem = integer_problem(v, name)
        if problem:
            return index, problem
    return None


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _identifier_message(reason: str, length: int) -> str:
    if reason == "length":
        return _("Must be exactly {n} digits.").format(n=length)
    if reason == "date":
        return _("The date inside the number is not a real date.")
    if reason == "century":
        return _("The 7th digit (century and sex) must be 1 to 6.")
    if reason == "kind":
        return _("The 5th and 6th digits (kind of entity, office) are not valid.")
    return _("The check digit does not match: the number has a typo.")


def normalize_phone(value: str) -> str | None:
    """'+7 (701) 234-56-78', '87012345678' → '+77012345678'; None when it is not a Kazakhstan number."""
    digits = re.sub(r"[\s()\-.]", "", value)
    if digits.startswith("+7"):
        digits = digits[2:]
    elif digits.startswith("8") and len(digits) == 11:
        digits = digits[1:]
    elif digits.startswith("7") and len(digits) == 11:
        digits = digits[1:]
    if len(digits) != 10 or not digits.isdigit():
        return None
    return "+7" + digits
