"""Quarters between a region and the centre (the DHIS2 data-approval model): the region submits a quarter, the
centre accepts it or returns it with a comment, and may reopen an accepted one. An accepted quarter locks the
records dated in it; a submitted one warns that an edit will need a correction.

Only rules here: the state of a quarter from its submissions and decisions, which days a record is dated on, the
sentence for a refused or warned edit, what changed between two submitted versions, and the text a submission's
signature covers. No storage: `desk.store.quarter_guard` and `desk.services.quarters` read the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desk.errors import DeskError
from desk.i18n import N_, _, quarter_name

NOT_SENT = "not_sent"
SUBMITTED = "submitted"
ACCEPTED = "accepted"
RETURNED = "returned"
REOPENED = "reopened"

STATE_TITLES: dict[str, str] = {
    NOT_SENT: N_("not sent"),
    SUBMITTED: N_("submitted"),
    ACCEPTED: N_("accepted"),
    RETURNED: N_("returned"),
    REOPENED: N_("reopened"),
}
"""A quarter's state, as the tables print it."""

DECISIONS = (ACCEPTED, RETURNED, REOPENED)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if self.quarter not in (1, 2, 3, 4):
            raise DeskError(_("The quarter must be 1, 2, 3 or 4."))
        if not 1900 <= self.year <= 2999:
            raise DeskError(_("The year must be between 1900 and 2999."))

    @classmethod
    def of(cls, day: dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    def previous(self) -> Period:
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else Period(self.year - 1, 4)

    def label(self) -> str:
        """The quarter in the current language, in the reports' CLDR words ("3rd quarter 2026")."""
        return quarter_name(self.year, self.quarter)

    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}"


def can_be_submitted(day: dt.date) -> bool:
    """Whether a day lies in a quarter the program can name (1900–2999): an older or later day is in none."""
    return 1900 <= day.year <= 2999


def last_finished(today: dt.date) -> Period:
    """The latest quarter that has ended by `today`."""
    return Period.of(today).previous()


def recent(today: dt.date, count: int) -> list[Period]:
    """The `count` quarters up to the last finished one, oldest first."""
    out = [last_finished(today)]
    while len(out) < count:
        out.append(out[-1].previous())
    return list(reversed(out))


# --- the state of one region's quarter --------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    """What the rules need of a submission row."""

    id: str
    region: str
    period: Period
    version: int
    submitted_at: dt.datetime


@dataclass(frozen=True)
class Decided:
    """What the rules need of a decision row."""

    id: str
    region: str
    period: Period
    submission_id: str
    action: str
    decided_at: dt.datetime
    comment: str = ""


@dataclass(frozen=True)
class QuarterStatus:
    """A region's quarter: its state, the latest submission and the decision on it that holds (if any)."""

    region: str
    period: Period
    state: str
    submission: Submitted | None = None
    decision: Decided | None = None
    versions: int = 0

    @property
    def locked(self) -> bool:
        return self.state == ACCEPTED

    @property
    def open_to_submit(self) -> bool:
        return self.state != ACCEPTED


def status_of(
    region: str, period: Period, submissions: Iterable[Submitted], decisions: Iterable[Decided]
) -> QuarterStatus:
    """The state of `region`'s `period`. Decisions count only for the latest submitted version: a correction
    submitted after a return or a reopening is "submitted" again until the centre decides on it."""
    mine = [s for s in submissions if s.region == region and s.period == period]
    if not mine:
        return QuarterStatus(region, period, NOT_SENT)
    latest = max(mine, key=lambda s: (s.version, s.submitted_at))
    on_it = sorted(
        (d for d in decisions if d.submission_id == latest.id and d.action in DECISIONS),
        key=lambda d: d.decided_at,
    )
    if not on_it:
        return QuarterStatus(region, period, SUBMITTED, latest, None, len(mine))
    return QuarterStatus(region, period, on_it[-1].action, latest, on_it[-1], len(mine))


def statuses(
    submissions: Iterable[Submitted], decisions: Iterable[Decided]
) -> dict[tuple[str, Period], QuarterStatus]:
    """The status of every (region, quarter) that has a submission."""
    subs = list(submissions)
    decs = list(decisions)
    keys = {(s.region, s.period) for s in subs}
    return {(r, p): status_of(r, p, subs, decs) for r, p in keys}


def next_decision_problem(status: QuarterStatus, action: str) -> str | None:
    """Why the centre cannot take `action` on this quarter now, or None."""
    label = status.period.label()
    if status.state == NOT_SENT:
        return _("{quarter} of {region} has not been submitted: there is nothing to decide on.").format(
            quarter=label, region=status.region
        )
    if action in (ACCEPTED, RETURNED) and status.state != SUBMITTED:
        return _(
            "{quarter} of {region} is {state}: only a submitted quarter can be accepted or returned."
        ).format(quarter=label, region=status.region, state=_(STATE_TITLES[status.state]))
    if action == REOPENED and status.state != ACCEPTED:
        return _("{quarter} of {region} is {state}: only an accepted quarter can be reopened.").format(
            quarter=label, region=status.region, state=_(STATE_TITLES[status.state])
        )
    return None


def submit_problem(status: QuarterStatus, today: dt.date) -> str | None:
    """Why the region cannot submit this quarter now, or None."""
    if status.period.end >= today:
        return _("{quarter} has not ended yet (it ends on {date}): submit it after its last day.").format(
            quarter=status.period.label(), date=day_text(status.period.end)
        )
    if status.locked:
        return locked_message(status)
    return None


# --- edits to records dated in a quarter ------------------------------------------------------------------------


def day_text(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def local_day(moment: dt.datetime) -> dt.date:
    """The day a stored moment fell on where the user is (moments are stored in UTC, naive ones too): a quarter
    submitted at 01:00 in Astana (UTC+5) was submitted that day, not the day before."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().date()


def moment_text(moment: dt.datetime) -> str:
    """A stored moment's local day, as `day_text` writes days."""
    return day_text(local_day(moment))


def submission_line(status: QuarterStatus, region: str, version: int, submitted_at: dt.datetime) -> str:
    """ "Q3 2026 of KZ-35: submitted, version 2, submitted on 05.10.2026." (the centre's view of a submission)."""
    return _("{quarter} of {region}: {state}, version {version}, submitted on {date}.").format(
        quarter=status.period.label(),
        region=region,
        state=_(STATE_TITLES[status.state]),
        version=version,
        date=moment_text(submitted_at),
    )


def locked_message(status: QuarterStatus) -> str:
    """The sentence that refuses an edit: why, and what to do."""
    when = status.decision.decided_at if status.decision else None
    return _(
        "{quarter} was accepted by the centre on {date}; ask the centre to reopen it. Nothing was changed."
    ).format(quarter=status.period.label(), date=moment_text(when) if when else "?")


def submitted_warning(status: QuarterStatus) -> str:
    """The sentence that warns of an edit to a submitted quarter."""
    return _(
        "{quarter} was submitted to the centre on {date}: this change is not in what the centre received; "
        "submit the quarter again as a correction."
    ).format(
        quarter=status.period.label(),
        date=moment_text(status.submission.submitted_at) if status.submission else "?",
    )


DATED_COLUMNS: dict[str, tuple[str, ...]] = {
    "event": ("start_date",),
    "meeting": ("date",),
    "association": ("registration_date", "status_date"),
    "membership": ("admitted_on", "left_on"),
    "state_change": ("valid_from",),
    "executionitem": ("executed_on",),
    "body_rule": ("valid_from",),
}
"""The days that place a record in a quarter (the quarterly report counts it there)."""

MEETING_CHILDREN = ("decision", "attendance")
"""Records dated by their meeting's day."""


def days_of(table: str, values: Mapping[str, Any]) -> set[dt.date]:
    """The days a record with these column values is dated on (a plan item: its quarter's first day)."""
    out: set[dt.date] = set()
    for column in DATED_COLUMNS.get(table, ()):
        value = values.get(column)
        if isinstance(value, dt.datetime):
            out.add(value.date())
        elif isinstance(value, dt.date):
            out.add(value)
        elif isinstance(value, str) and len(value) >= 10:
            try:
                out.add(dt.date.fromisoformat(value[:10]))
            except ValueError:
                pass
    if table == "planitem":
        year, quarter = values.get("year"), values.get("quarter")
        if (
            isinstance(year, int)
            and isinstance(quarter, int)
            and quarter in (1, 2, 3, 4)
            and 1900 <= year <= 2999
        ):
            out.add(Period(year, quarter).start)
    return out


# --- submitted figures ----------------------------------------------------------------------------------------------


def canonical(figures: Mapping[str, Any]) -> str:
    """The one text of a figures snapshot: sorted keys, no spaces, UTF-8 letters kept."""
    return json.dumps(figures, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signed_text(
    region: str,
    period: Period,
    version: int,
    submitted_at: dt.datetime,
    figures_sha256: str,
    report_sha256: str,
) -> bytes:
    """What a submission's signature covers: who, which quarter, which version, when, and the two hashes."""
    return canonical(
        {
            "format": "dostyq-desk-quarter",
            "region": region,
            "year": period.year,
            "quarter": period.quarter,
            "version": version,
            "submitted_at": submitted_at.astimezone(dt.UTC).isoformat(),
            "figures_sha256": figures_sha256,
            "report_sha256": report_sha256,
        }
    ).encode("utf-8")


def flatten(figures: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"events.held": 12, "events.by_type.0.count": 3, …}: one line per figure."""
    out: dict[str, Any] = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, name + "."))
        elif isinstance(value, list):
            out.update(flatten({str(i): v for i, v in enumerate(value)}, name + "."))
        else:
            out[name] = value
    return out


@dataclass(frozen=True)
class FigureChange:
    figure: str
    before: Any  # None: the figure was not in the earlier version
    after: Any  # None: the figure is not in the later version


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FigureChange]:
    """Every figure that differs between two submitted versions, in the order of the figures' names."""
    a, b = flatten(before), flatten(after)
    return [
        FigureChange(name, a.get(name), b.get(name))
        for name in sorted(set(a) | set(b))
        if a.get(name) != b.get(name) or (name in a) != (name in b)
    ]


def on_time(submitted_at: dt.datetime, deadline: dt.date | None) -> bool | None:
    """Whether a submission came by the deadline's end (Almaty time is UTC+5), None without a deadline."""
    if deadline is None:
        return None
    almaty = dt.timezone(dt.timedelta(hours=5))
    return submitted_at.astimezone(almaty).date() <= deadline
