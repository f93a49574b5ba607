"""The assembly's rules: who is a member on a day, when a meeting is valid, when a decision is adopted, and the
warnings the secretariat should see. Pure functions on integers and dates; no I/O, no floats.

Sources (../shared/DOMAIN.md): 2024 Regulation items 9, 10, 14, 15, 16; 2002 Regulation item 8.
- Session and extraordinary session: valid when at least two thirds of all members take part
  (`3 * present >= 2 * members_total`); a decision is adopted when more than half of the members present vote
  for it (`2 * votes_for > present`).
- Council meeting: valid when at least two thirds of the council members take part; a decision is adopted when at
  least two thirds of the council members present vote for it (`3 * votes_for >= 2 * present`).
- Votes for + against + abstained never exceed those present; nothing is adopted in an invalid meeting.

A membership covers the days from `admitted_on` up to, not including, `left_on`: a member who left on the day
before a meeting, or on its day, is not counted at it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desk.i18n import N_, current_language, gettext_for

SESSION = "session"
EXTRAORDINARY_SESSION = "extraordinary_session"
COUNCIL_MEETING = "council_meeting"
MEETING_KIND_CODES: tuple[str, ...] = (SESSION, EXTRAORDINARY_SESSION, COUNCIL_MEETING)

ASSEMBLY = "assembly"
COUNCIL = "council"
BODIES: tuple[str, ...] = (ASSEMBLY, COUNCIL)

IN_PROGRESS = "in_progress"
EXECUTED = "executed"
OVERDUE = "overdue"


WARNING_TEXTS: dict[str, str] = {
    "notice_short": N_("The session was announced less than a month ahead ({notice} for {date})."),
    "request_unknown": N_("The number of members who requested the extraordinary session is not recorded."),
    "request_small": N_("The extraordinary session was requested by {requested} of {total} members, fewer than a "
                        "third."),
    "request_late": N_("The extraordinary session was held more than a month after it was requested (requested on "
                       "{requested_on}, held on {date})."),
    "no_chairman": N_("No member holds the role of chairman."),
    "chairmen": N_("{n} members hold the role of chairman."),
    "deputies": N_("The chairman has {n} deputies; the Regulation provides for three."),
    "deputies_ethnocultural": N_("{n} of the chairman's deputies come from ethnocultural associations; the "
                                 "Regulation provides for two."),
    "no_session_years": N_("Years without a session of the assembly: {years}. A session is convened at least once "
                           "a year."),
    "attendance_not_members": N_("{n} recorded as present were not members on the meeting's date and are not "
                                 "counted."),
    "inquorate": N_("Not valid: {present} of {total} members present, at least {needed} needed."),
    "votes": N_("Decision {number}: more votes than members present."),
    "council_not_in_assembly": N_("Council members who are not members of the assembly on {date}: {names}."),
}
"""The text of each warning, by code; the values come from the warning's parameters, rendered in any language."""


def _param_text(value: Any, lang: str, date: Callable[[dt.date], str] | None) -> str:
    """A parameter as text in `lang`: dates ISO (or by `date`), names in kk/ru/en by the language with a fallback,
    lists joined with commas."""
    if isinstance(value, dt.date):
        return date(value) if date is not None else value.isoformat()
    if isinstance(value, Mapping):
        return str(value.get(lang) or next((v for v in value.values() if v), ""))
    if isinstance(value, (list, tuple)):
        return ", ".join(_param_text(v, lang, date) for v in value)
    return str(value)


@dataclass(frozen=True)
class RuleWarning:
    """Something the law asks for that the record does not show. Not a refusal: the data is kept as entered.

    A code and its parameters, so the same warning prints in the window's language (`message`) or in a report's
    (`text(lang)`)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None, *, date: Callable[[dt.date], str] | None = None) -> str:
        """The warning in `lang` (the current language by default); `date` formats the dates (ISO by default)."""
        lang = lang or current_language()
        template = gettext_for(lang)(WARNING_TEXTS[self.code])
        return template.format(**{k: _param_text(v, lang, date) for k, v in self.params.items()})

    @property
    def message(self) -> str:
        return self.text()

    def __str__(self) -> str:
        return self.message


# --- membership ---------------------------------------------------------------------------------------------------


def is_member_on(admitted_on: dt.date, left_on: dt.date | None, day: dt.date) -> bool:
    """Whether a membership admitted on `admitted_on` and ended on `left_on` (if any) covers `day`."""
    return admitted_on <= day and (left_on is None or day < left_on)


def body_of(kind: str) -> str:
    """The body whose members count at a meeting of `kind`: the council for council meetings, else the assembly."""
    return COUNCIL if kind == COUNCIL_MEETING else ASSEMBLY


def is_council(kind: str) -> bool:
    return kind == COUNCIL_MEETING


# --- quorum and adoption --------------------------------------------------------------------------------------------


def quorate(kind: str, members_total: int, present: int) -> bool:
    """Whether a meeting is valid: at least two thirds of the members (of the council, for a council meeting).

    The rule is the same for sessions and the council; a body without members, or a meeting nobody attended,
    or one with more present than members, is never valid."""
    if kind not in MEETING_KIND_CODES:
        raise ValueError(f"unknown meeting kind {kind!r}")
    if members_total <= 0 or present <= 0 or present > members_total:
        return False
    return 3 * present >= 2 * members_total


def votes_valid(present: int, votes_for: int, votes_against: int, abstained: int) -> bool:
    """No negative counts, and no more votes than members present."""
    if min(present, votes_for, votes_against, abstained) < 0:
        return False
    return votes_for + votes_against + abstained <= present


def adopted(kind: str, members_total: int, present: int, votes_for: int, votes_against: int = 0,
            abstained: int = 0) -> bool:
    """Whether a decision is adopted: the meeting is valid, the votes are possible, and enough voted for it.

    Session: more than half of those present. Council: at least two thirds of the council members present."""
    if not quorate(kind, members_total, present):
        return False
    if not votes_valid(present, votes_for, votes_against, abstained):
        return False
    if is_council(kind):
        return 3 * votes_for >= 2 * present
    return 2 * votes_for > present


def quorum_needed(members_total: int) -> int:
    """The fewest members present for a valid meeting: the least p with 3p >= 2N (for N >= 1)."""
    return max(1, -(-2 * members_total // 3))


def votes_needed(kind: str, present: int) -> int:
    """The fewest votes for that adopt a decision in a valid meeting with `present` members present."""
    if is_council(kind):
        return max(1, -(-2 * present // 3))  # least v with 3v >= 2p
    return present // 2 + 1  # least v with 2v > p


# --- notices and requests -------------------------------------------------------------------------------------------


def one_month_before(day: dt.date) -> dt.date:
    """The same day of the previous month (the last day of that month when it is shorter)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def notice_short(kind: str, meeting_date: dt.date, notice_date: dt.date | None) -> bool:
    """A session announced less than a month ahead (2002 Regulation, item 8). Only regular sessions: an
    extraordinary one is held within a month of the decision to convene it."""
    if kind != SESSION or notice_date is None:
        return False
    return notice_date > one_month_before(meeting_date)


def request_too_small(members_total: int, requested_by: int | None) -> bool:
    """An extraordinary session asked for by fewer than a third of the members (2002 Regulation, item 8)."""
    if requested_by is None:
        return False
    return 3 * requested_by < members_total


def request_late(kind: str, meeting_date: dt.date, requested_on: dt.date | None) -> bool:
    """An extraordinary session held more than a month after it was requested (2002 Regulation, item 8: held
    within a month). A month as for the notice: held on the same day of the next month is still in time."""
    if kind != EXTRAORDINARY_SESSION or requested_on is None:
        return False
    return requested_on < one_month_before(meeting_date)


def meeting_warnings(kind: str, meeting_date: dt.date, notice_date: dt.date | None, members_total: int,
                     requested_by: int | None, requested_on: dt.date | None = None) -> list[RuleWarning]:
    """What the secretariat should look at in a meeting's record."""
    out: list[RuleWarning] = []
    if notice_short(kind, meeting_date, notice_date):
        out.append(RuleWarning("notice_short", {"notice": notice_date, "date": meeting_date}))
    if kind == EXTRAORDINARY_SESSION:
        if requested_by is None:
            out.append(RuleWarning("request_unknown"))
        elif request_too_small(members_total, requested_by):
            out.append(RuleWarning("request_small", {"requested": requested_by, "total": members_total}))
        if request_late(kind, meeting_date, requested_on):
            out.append(RuleWarning("request_late", {"date": meeting_date, "requested_on": requested_on}))
    return out


# --- the chairman's deputies ----------------------------------------------------------------------------------------


ETHNOCULTURAL = "ethnocultural"
DEPUTY_CHAIRMAN = "deputy_chairman"
CHAIRMAN = "chairman"


def split_codes(codes: str | None) -> list[str]:
    """Comma-separated codes as a list, blanks dropped."""
    return [c.strip() for c in (codes or "").split(",") if c.strip()]


def leadership_warnings(members: Iterable[tuple[str, str]]) -> list[RuleWarning]:
    """Warnings on the assembly's leadership (2024 Regulation, item 16), from (category, roles) of the members on
    one day: the chairman has three deputies, two of them from ethnocultural associations."""
    chairmen = 0
    deputies = 0
    ethnocultural_deputies = 0
    for category, roles in members:
        codes = split_codes(roles)
        chairmen += CHAIRMAN in codes
        if DEPUTY_CHAIRMAN in codes:
            deputies += 1
            ethnocultural_deputies += category == ETHNOCULTURAL
    out: list[RuleWarning] = []
    if chairmen == 0:
        out.append(RuleWarning("no_chairman"))
    elif chairmen > 1:
        out.append(RuleWarning("chairmen", {"n": chairmen}))
    if deputies != 3:
        out.append(RuleWarning("deputies", {"n": deputies}))
    if ethnocultural_deputies < 2:
        out.append(RuleWarning("deputies_ethnocultural", {"n": ethnocultural_deputies}))
    return out


# --- decisions under control ----------------------------------------------------------------------------------------


def is_overdue(status: str, deadline: dt.date | None, today: dt.date) -> bool:
    """An execution item not executed whose deadline has passed (the deadline day itself is still in time)."""
    return status != EXECUTED and deadline is not None and deadline < today


def effective_status(status: str, deadline: dt.date | None, today: dt.date) -> str:
    """The stored status, or "overdue" when the deadline passed without execution."""
    return OVERDUE if is_overdue(status, deadline, today) else status


def years_without_session(kinds_by_year: dict[int, set[str]], first_year: int, last_year: int) -> list[int]:
    """Years in [first_year, last_year] with no regular session (convened at least once a year, 2002 item 8)."""
    return [y for y in range(first_year, last_year + 1) if SESSION not in kinds_by_year.get(y, set())]


def session_year_warnings(kinds_by_year: dict[int, set[str]], first_year: int, last_year: int) -> list[RuleWarning]:
    """One warning naming the years in [first_year, last_year] without a regular session, or none."""
    years = years_without_session(kinds_by_year, first_year, last_year)
    return [RuleWarning("no_session_years", {"years": [str(y) for y in years]})] if years else []
