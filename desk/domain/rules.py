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
from collections.abc import Iterable
from dataclasses import dataclass

from desk.i18n import _

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


@dataclass(frozen=True)
class RuleWarning:
    """Something the law asks for that the record does not show. Not a refusal: the data is kept as entered."""

    code: str
    message: str

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


def meeting_warnings(kind: str, meeting_date: dt.date, notice_date: dt.date | None, members_total: int,
                     requested_by: int | None) -> list[RuleWarning]:
    """What the secretariat should look at in a meeting's record."""
    out: list[RuleWarning] = []
    if notice_short(kind, meeting_date, notice_date):
        out.append(RuleWarning("notice_short", _(
            "The session was announced less than a month ahead ({notice} for {date}).").format(
                notice=notice_date.isoformat() if notice_date else "", date=meeting_date.isoformat())))
    if kind == EXTRAORDINARY_SESSION:
        if requested_by is None:
            out.append(RuleWarning("request_unknown", _(
                "The number of members who requested the extraordinary session is not recorded.")))
        elif request_too_small(members_total, requested_by):
            out.append(RuleWarning("request_small", _(
                "The extraordinary session was requested by {requested} of {total} members, fewer than a third."
            ).format(requested=requested_by, total=members_total)))
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
        out.append(RuleWarning("no_chairman", _("No member holds the role of chairman.")))
    elif chairmen > 1:
        out.append(RuleWarning("chairmen", _("{n} members hold the role of chairman.").format(n=chairmen)))
    if deputies != 3:
        out.append(RuleWarning("deputies", _(
            "The chairman has {n} deputies; the Regulation provides for three.").format(n=deputies)))
    if ethnocultural_deputies < 2:
        out.append(RuleWarning("deputies_ethnocultural", _(
            "{n} of the chairman's deputies come from ethnocultural associations; the Regulation provides for two."
        ).format(n=ethnocultural_deputies)))
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
