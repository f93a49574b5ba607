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

Which rules bind a regional assembly (../shared/DOMAIN.md): the national fractions above are the defaults; a
region records its own per body (`Thresholds`, from a document and a day), and every verdict names the rule it
applied (`Thresholds.describe`). Members admitted by a session's own decision take part from the next meeting
unless the region's rule says otherwise. The national Regulation's "three deputies, two from ethnocultural
associations" (2024, item 16) is at most a recommendation for a regional assembly, and never before 2025.
A council decision may be taken by poll (2002, item 9): the council's thresholds, those who returned their votes
counted as present.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desk.i18n import N_, N_plural, current_language, gettext_for, ngettext_for

SESSION = "session"
EXTRAORDINARY_SESSION = "extraordinary_session"
COUNCIL_MEETING = "council_meeting"
COUNCIL_POLL = "council_poll"
MEETING_KIND_CODES: tuple[str, ...] = (SESSION, EXTRAORDINARY_SESSION, COUNCIL_MEETING, COUNCIL_POLL)

ASSEMBLY = "assembly"
COUNCIL = "council"
BODIES: tuple[str, ...] = (ASSEMBLY, COUNCIL)

IN_PROGRESS = "in_progress"
EXECUTED = "executed"
OVERDUE = "overdue"


WARNING_TEXTS: dict[str, str] = {
    "notice_short": N_("The session was announced less than a month ahead ({notice} for {date})."),
    "request_unknown": N_("The number of members who requested the extraordinary session is not recorded."),
    "request_small": N_(
        "The extraordinary session was requested by {requested} of {total} members, fewer than a third."
    ),
    "request_late": N_(
        "The extraordinary session was held more than a month after the decision to convene it "
        "(convened on {convened_on}, held on {date})."
    ),
    "convened_unknown": N_("The day of the decision to convene the extraordinary session is not recorded."),
    "no_chairman": N_("No member holds the role of chairman."),
    "no_session_years": N_(
        "Years without a session of the assembly: {years}. A session is convened at least once a year."
    ),
    "attendance_not_members": N_(
        "{n} recorded as present were not members on the meeting's date and are not counted."
    ),
    "inquorate": N_("Not valid: {present} of {total} members present, at least {needed} needed ({rule})."),
    "votes": N_("Decision {number}: more votes than members present."),
    "council_not_in_assembly": N_("Council members who are not members of the assembly on {date}: {names}."),
}
"""The text of each warning, by code; the values come from the warning's parameters, rendered in any language."""

PLURAL_WARNINGS: dict[str, tuple[tuple[str, str], str]] = {
    "chairmen": (
        N_plural("{n} member holds the role of chairman.", "{n} members hold the role of chairman."),
        "n",
    ),
    "deputies": (
        N_plural(
            "Recommendation: the chairman has {n} deputy; the national Regulation provides for three "
            "(2024, item 16).",
            "Recommendation: the chairman has {n} deputies; the national Regulation provides for three "
            "(2024, item 16).",
        ),
        "n",
    ),
    "deputies_ethnocultural": (
        N_plural(
            "Recommendation: {n} of the chairman's deputies comes from an ethnocultural association; the national "
            "Regulation provides for two (2024, item 16).",
            "Recommendation: {n} of the chairman's deputies come from ethnocultural associations; the national "
            "Regulation provides for two (2024, item 16).",
        ),
        "n",
    ),
    "admitted_not_counted": (
        N_plural(
            "{n} member admitted by this session's own decision takes part from the next meeting and is not counted "
            "in its quorum or votes.",
            "{n} members admitted by this session's own decisions take part from the next meeting and are not counted "
            "in its quorum or votes.",
        ),
        "n",
    ),
}
"""Warnings whose wording depends on a number (Kazakh and Russian plurals differ from English): singular, plural
and the parameter that chooses the form."""

RULE_SOURCES: dict[str, str] = {
    "notice_short": N_("2002 Regulation, item 8"),
    "request_unknown": N_("2002 Regulation, item 8"),
    "request_small": N_("2002 Regulation, item 8"),
    "request_late": N_("2002 Regulation, item 8"),
    "convened_unknown": N_("2002 Regulation, item 8"),
    "no_session_years": N_("2002 Regulation, item 8"),
    "no_chairman": N_("2002 Regulation, item 17: the akim chairs the regional assembly ex officio"),
    "chairmen": N_("2002 Regulation, item 17: the akim chairs the regional assembly ex officio"),
    "council_not_in_assembly": N_(
        "2002 Regulation, item 9: the council is formed from members of the assembly"
    ),
    "admitted_not_counted": N_(
        "rule of the region's assembly; by default, members admitted by a session take part "
        "from the next meeting"
    ),
}
"""The rule a warning applies, named after its text (quorum warnings name the region's thresholds instead)."""

RECOMMENDATIONS = frozenset({"deputies", "deputies_ethnocultural"})
"""Warnings that are at most a recommendation at regional level, never an error."""

DEPUTIES_RULE_FROM = dt.date(2025, 1, 1)
"""The national Regulation of 27 December 2024 (item 16) is not applied to any day before 2025."""


def _param_text(value: Any, lang: str, date: Callable[[dt.date], str] | None) -> str:
    """A parameter as text in `lang`: dates ISO (or by `date`), names in kk/ru/en by the language with a fallback,
    lists joined with commas."""
    if isinstance(value, dt.date):
        return date(value) if date is not None else value.isoformat()
    if isinstance(value, Thresholds):
        return value.describe(lang, date=date)
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
        _ = gettext_for(lang)
        if self.code in PLURAL_WARNINGS:
            (singular, plural), key = PLURAL_WARNINGS[self.code]
            template = ngettext_for(lang)(singular, plural, int(self.params.get(key, 0)))
        else:
            template = _(WARNING_TEXTS[self.code])
        out = template.format(**{k: _param_text(v, lang, date) for k, v in self.params.items()})
        source = RULE_SOURCES.get(self.code)
        if source:
            out += " " + _("(Rule: {rule}.)").format(rule=_(source))
        return out

    @property
    def recommendation(self) -> bool:
        return self.code in RECOMMENDATIONS

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
    """The body whose members count at a meeting of `kind`: the council for its meetings and polls, else the
    assembly."""
    return COUNCIL if is_council(kind) else ASSEMBLY


def is_council(kind: str) -> bool:
    return kind in (COUNCIL_MEETING, COUNCIL_POLL)


def is_poll(kind: str) -> bool:
    """A council decision taken by poll, run by the working body (2002 Regulation, item 9): no meeting, votes
    collected; those who returned their votes count as present."""
    return kind == COUNCIL_POLL


# --- the thresholds a body works under ------------------------------------------------------------------------------


def meets(count: int, total: int, num: int, den: int, strict: bool) -> bool:
    """`count` is more than (strict) or at least num/den of `total`, in integers: den*count > (>=) num*total."""
    return den * count > num * total if strict else den * count >= num * total


def least_meeting(total: int, num: int, den: int, strict: bool) -> int:
    """The least count that meets num/den of `total` (at least 1)."""
    if strict:
        return max(1, num * total // den + 1)
    return max(1, -(-num * total // den))


NATIONAL_DOCUMENT = N_(
    "Regulation on the Assembly of People of Kazakhstan of 27 December 2024, items 9, 10, 14, 15 "
    "(the national fractions, applied by default)"
)


@dataclass(frozen=True)
class Thresholds:
    """The quorum and adoption thresholds of one body from a day on: fractions of integers, each "more than"
    (strict) or "at least"; quorum counts the body's members, adoption those present."""

    body: str
    quorum_num: int = 2
    quorum_den: int = 3
    quorum_strict: bool = False
    adoption_num: int = 1
    adoption_den: int = 2
    adoption_strict: bool = True
    admitted_take_part: bool = False
    document: str = ""
    valid_from: dt.date | None = None

    @property
    def is_default(self) -> bool:
        return not self.document

    def quorate(self, members_total: int, present: int) -> bool:
        if members_total <= 0 or present <= 0 or present > members_total:
            return False
        return meets(present, members_total, self.quorum_num, self.quorum_den, self.quorum_strict)

    def adopts(self, present: int, votes_for: int) -> bool:
        return meets(votes_for, present, self.adoption_num, self.adoption_den, self.adoption_strict)

    def quorum_needed(self, members_total: int) -> int:
        return least_meeting(members_total, self.quorum_num, self.quorum_den, self.quorum_strict)

    def votes_needed(self, present: int) -> int:
        return least_meeting(present, self.adoption_num, self.adoption_den, self.adoption_strict)

    def describe(self, lang: str | None = None, *, date: Callable[[dt.date], str] | None = None) -> str:
        """The rule in words, with where it comes from: e.g. "quorum at least 2/3 of the members, adoption more
        than 1/2 of those present — Regulation … (the national fractions, applied by default)"."""
        lang = lang or current_language()
        _ = gettext_for(lang)
        quorum = (
            _("more than {fraction} of the members")
            if self.quorum_strict
            else _("at least {fraction} of the members")
        ).format(fraction=f"{self.quorum_num}/{self.quorum_den}")
        adoption = (
            _("more than {fraction} of those present")
            if self.adoption_strict
            else _("at least {fraction} of those present")
        ).format(fraction=f"{self.adoption_num}/{self.adoption_den}")
        if self.is_default:
            source = _(NATIONAL_DOCUMENT)
        else:
            day = (
                (date(self.valid_from) if date is not None else self.valid_from.isoformat())
                if self.valid_from
                else ""
            )
            source = _("{document}, applied from {date}").format(document=self.document, date=day)
        return _("quorum {quorum}, adoption {adoption} — {source}").format(
            quorum=quorum, adoption=adoption, source=source
        )


def parse_fraction(text: str) -> tuple[int, int, bool] | None:
    """“2/3” (at least two thirds) or “>1/2” (more than half) as (numerator, denominator, strict); None when the
    text is not such a fraction."""
    value = text.strip().replace(" ", "")
    strict = value.startswith(">")
    num, sep, den = value.lstrip(">").partition("/")
    if not sep or not num.isdigit() or not den.isdigit():
        return None
    return int(num), int(den), strict


def fraction_text(num: int, den: int, strict: bool) -> str:
    """The form `parse_fraction` reads: “>1/2”, “2/3”."""
    return f"{'>' if strict else ''}{num}/{den}"


DEFAULT_THRESHOLDS: dict[str, Thresholds] = {
    ASSEMBLY: Thresholds(ASSEMBLY, 2, 3, False, 1, 2, True),
    COUNCIL: Thresholds(COUNCIL, 2, 3, False, 2, 3, False),
}
"""The 2024 national fractions: session quorum at least 2/3 of all members, adoption more than half of those present;
council quorum at least 2/3 of its members, adoption at least 2/3 of the council members present."""


def thresholds_on(recorded: Iterable[Thresholds], body: str, day: dt.date) -> Thresholds:
    """The thresholds of `body` in force on `day`: the region's latest from on or before it, else the default."""
    found = [t for t in recorded if t.body == body and t.valid_from is not None and t.valid_from <= day]
    if not found:
        return DEFAULT_THRESHOLDS[body]
    return max(found, key=lambda t: t.valid_from or dt.date.min)


# --- quorum and adoption --------------------------------------------------------------------------------------------


def _thresholds(kind: str, thresholds: Thresholds | None) -> Thresholds:
    if kind not in MEETING_KIND_CODES:
        raise ValueError(f"unknown meeting kind {kind!r}")
    return thresholds or DEFAULT_THRESHOLDS[body_of(kind)]


def quorate(kind: str, members_total: int, present: int, thresholds: Thresholds | None = None) -> bool:
    """Whether a meeting is valid: by default at least two thirds of the members (of the council, for a council
    meeting or poll); `thresholds`: the region's rule for the body.

    A body without members, or a meeting nobody attended, or one with more present than members, is never valid."""
    return _thresholds(kind, thresholds).quorate(members_total, present)


def votes_valid(present: int, votes_for: int, votes_against: int, abstained: int) -> bool:
    """No negative counts, and no more votes than members present."""
    if min(present, votes_for, votes_against, abstained) < 0:
        return False
    return votes_for + votes_against + abstained <= present


def adopted(
    kind: str,
    members_total: int,
    present: int,
    votes_for: int,
    votes_against: int = 0,
    abstained: int = 0,
    thresholds: Thresholds | None = None,
) -> bool:
    """Whether a decision is adopted: the meeting is valid, the votes are possible, and enough voted for it.

    By default, session: more than half of those present; council: at least two thirds of the council members
    present."""
    rule = _thresholds(kind, thresholds)
    if not rule.quorate(members_total, present):
        return False
    if not votes_valid(present, votes_for, votes_against, abstained):
        return False
    return rule.adopts(present, votes_for)


def quorum_needed(members_total: int, thresholds: Thresholds | None = None) -> int:
    """The fewest members present for a valid meeting: by default the least p with 3p >= 2N (for N >= 1)."""
    return (thresholds or DEFAULT_THRESHOLDS[ASSEMBLY]).quorum_needed(members_total)


def votes_needed(kind: str, present: int, thresholds: Thresholds | None = None) -> int:
    """The fewest votes for that adopt a decision in a valid meeting with `present` members present."""
    return _thresholds(kind, thresholds).votes_needed(present)


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


def request_late(kind: str, meeting_date: dt.date, convened_on: dt.date | None) -> bool:
    """An extraordinary session held more than a month after the decision to convene it (2002 Regulation, item 8:
    held within a month from the day of that decision — not from the members' request). A month as for the
    notice: held on the same day of the next month is still in time."""
    if kind != EXTRAORDINARY_SESSION or convened_on is None:
        return False
    return convened_on < one_month_before(meeting_date)


def meeting_warnings(
    kind: str,
    meeting_date: dt.date,
    notice_date: dt.date | None,
    members_total: int,
    requested_by: int | None,
    convened_on: dt.date | None = None,
    *,
    convened_known: bool = True,
) -> list[RuleWarning]:
    """What the secretariat should look at in a meeting's record. `members_total`: the assembly's members on the
    day of the request (the third is counted that day); `convened_on`: the day of the decision to convene."""
    out: list[RuleWarning] = []
    if notice_short(kind, meeting_date, notice_date):
        out.append(RuleWarning("notice_short", {"notice": notice_date, "date": meeting_date}))
    if kind == EXTRAORDINARY_SESSION:
        if requested_by is None:
            out.append(RuleWarning("request_unknown"))
        elif request_too_small(members_total, requested_by):
            out.append(RuleWarning("request_small", {"requested": requested_by, "total": members_total}))
        if convened_on is None and not convened_known:
            out.append(RuleWarning("convened_unknown"))
        if request_late(kind, meeting_date, convened_on):
            out.append(RuleWarning("request_late", {"date": meeting_date, "convened_on": convened_on}))
    return out


# --- the chairman's deputies ----------------------------------------------------------------------------------------


ETHNOCULTURAL = "ethnocultural"
DEPUTY_CHAIRMAN = "deputy_chairman"
CHAIRMAN = "chairman"


def split_codes(codes: str | None) -> list[str]:
    """Comma-separated codes as a list, blanks dropped."""
    return [c.strip() for c in (codes or "").split(",") if c.strip()]


def leadership_warnings(members: Iterable[tuple[str, str]], day: dt.date | None = None) -> list[RuleWarning]:
    """Warnings on the assembly's leadership, from (category, roles) of the members on `day`: one chairman; and,
    as a recommendation only and never before 2025, the national Regulation's three deputies, two of them from
    ethnocultural associations (2024 Regulation, item 16, written for the national Assembly)."""
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
    if day is not None and day < DEPUTIES_RULE_FROM:
        return out
    if deputies != 3:
        out.append(RuleWarning("deputies", {"n": deputies}))
    if ethnocultural_deputies < 2:
        out.append(RuleWarning("deputies_ethnocultural", {"n": ethnocultural_deputies}))
    return out


def admitted_by(
    meeting_id: str,
    meeting_kind: str,
    meeting_date: dt.date,
    admitted_on: dt.date,
    admission_meeting_id: str | None,
) -> bool:
    """Whether a membership was admitted by this very session: its admission decision is one of the session's,
    or (no decision linked) it was admitted on the session's day. Such a member takes part from the next meeting:
    not counted in this session's quorum, not voting on their own admission."""
    if is_council(meeting_kind):
        return False
    if admission_meeting_id is not None:
        return admission_meeting_id == meeting_id
    return admitted_on == meeting_date


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


def session_year_warnings(
    kinds_by_year: dict[int, set[str]], first_year: int, last_year: int
) -> list[RuleWarning]:
    """One warning naming the years in [first_year, last_year] without a regular session, or none."""
    years = years_without_session(kinds_by_year, first_year, last_year)
    return [RuleWarning("no_session_years", {"years": [str(y) for y in years]})] if years else []
