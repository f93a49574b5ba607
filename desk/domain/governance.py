"""What makes a governance record acceptable: memberships, meetings, decisions (their votes), execution items and
plan items. Each check raises one ValidationError naming every refused field; the warnings of `rules` are not
refusals and live there.
"""

from __future__ import annotations

from desk.domain import reference, rules
from desk.domain.record_checks import codes
from desk.domain.records import Attendance, BodyRule, Decision, ExecutionItem, Meeting, Membership, PlanItem
from desk.domain.validation import FIELD_LABELS, Checker
from desk.i18n import N_, _

# Labels of the governance fields, shown beside refusals (merged into the shared table of field labels).
GOVERNANCE_FIELD_LABELS: dict[str, str] = {
    "person_id": N_("Person"),
    "body": N_("Body"),
    "category": N_("Category"),
    "admitted_on": N_("Admitted on"),
    "roles": N_("Roles"),
    "left_on": N_("Left on"),
    "leaving_ground": N_("Ground for leaving"),
    "leaving_note": N_("Ground for leaving (text)"),
    "kind": N_("Kind of meeting"),
    "date": N_("Date"),
    "notice_date": N_("Notice date"),
    "requested_by": N_("Requested by (members)"),
    "requested_on": N_("Requested on"),
    "convened_on": N_("Convened on (decision to convene)"),
    "roles_since": N_("Roles held since"),
    "admission_decision_id": N_("Basis of admission (session decision)"),
    "attendance": N_("Attendance"),
    "votes_for": N_("Votes for"),
    "votes_against": N_("Votes against"),
    "abstained": N_("Abstained"),
    "decision_id": N_("Decision"),
    "meeting_id": N_("Meeting"),
    "deadline": N_("Deadline"),
    "executed_on": N_("Executed on"),
    "responsible": N_("Responsible"),
    "responsible_body": N_("Responsible body"),
    "year": N_("Year"),
    "quarter": N_("Quarter"),
    "plan_item_id": N_("Plan item"),
    "event_id": N_("Event"),
    "valid_from": N_("Applies from"),
    "document": N_("Document"),
    "quorum_num": N_("Quorum"),
    "adoption_num": N_("Adoption"),
}
for _key, _label in GOVERNANCE_FIELD_LABELS.items():
    FIELD_LABELS.setdefault(_key, _label)

STORED_EXECUTION_STATUSES = frozenset({rules.IN_PROGRESS, rules.EXECUTED})
""""Overdue" is computed from today's date, never stored."""


def check_membership(m: Membership) -> None:
    c = Checker()
    c.storable_text(m)
    c.required("person_id", m.person_id)
    c.choice("body", m.body, frozenset(rules.BODIES))
    c.choice("category", m.category, codes(reference.MEMBER_CATEGORIES))
    c.required("admitted_on", m.admitted_on)
    for code in rules.split_codes(m.roles):
        c.choice("roles", code, codes(reference.MEMBER_ROLES))
    c.date_rules("membership", m)
    if m.left_on is not None:
        if not m.leaving_ground:
            c.fail("leaving_ground", _("Give the ground for leaving."))
        else:
            c.choice("leaving_ground", m.leaving_ground, codes(reference.LEAVING_GROUNDS))
            if m.leaving_ground == "other" and not (m.leaving_note or "").strip():
                c.fail("leaving_note", _("Describe the other ground for leaving."))
    elif m.leaving_ground:
        c.fail("left_on", _("Give the date of leaving."))
    c.raise_if_any()


def check_meeting(m: Meeting) -> None:
    c = Checker()
    c.storable_text(m)
    c.required("kind", m.kind)
    c.choice("kind", m.kind or None, frozenset(rules.MEETING_KIND_CODES))
    c.required("date", m.date)
    c.not_negative("requested_by", m.requested_by)
    if m.requested_by is not None and m.kind != rules.EXTRAORDINARY_SESSION:
        c.fail("requested_by", _("Only an extraordinary session is convened on the members' request."))
    if m.requested_on is not None and m.kind != rules.EXTRAORDINARY_SESSION:
        c.fail("requested_on", _("Only an extraordinary session is convened on the members' request."))
    if m.convened_on is not None and m.kind != rules.EXTRAORDINARY_SESSION:
        c.fail("convened_on", _("Only an extraordinary session has a separate decision to convene it."))
    c.date_rules("meeting", m)  # the dates in order (desk.domain.date_rules), as the centre checks them
    c.raise_if_any()


def check_decision(d: Decision) -> None:
    """A decision on its own: its meeting, its wording in one language at least, no negative votes (the votes
    against the meeting's attendance are `check_votes`)."""
    c = Checker()
    c.storable_text(d)
    c.required("meeting_id", d.meeting_id)
    c.names("name", d.name_kk, d.name_ru, d.name_en)
    for key in ("votes_for", "votes_against", "abstained"):
        c.not_negative(key, getattr(d, key))
    c.raise_if_any()


def check_attendance(a: Attendance) -> None:
    """One member at one meeting: both named."""
    c = Checker()
    c.required("meeting_id", a.meeting_id)
    c.required("membership_id", a.membership_id)
    c.raise_if_any()


def check_votes(d: Decision, present: int) -> None:
    """The wording in one language at least; no negative votes; no more votes than members present."""
    c = Checker()
    c.storable_text(d)
    c.names("name", d.name_kk, d.name_ru, d.name_en)
    for key in ("votes_for", "votes_against", "abstained"):
        c.not_negative(key, getattr(d, key))
    total = d.votes_for + d.votes_against + d.abstained
    if total > present:
        c.fail(
            "votes_for",
            _(
                "For, against and abstained add up to {total}, but only {present} members were present."
            ).format(total=total, present=present),
        )
    c.raise_if_any()


def check_execution_item(item: ExecutionItem) -> None:
    c = Checker()
    c.storable_text(item)
    c.required("decision_id", item.decision_id)
    if item.responsible_body:
        c.choice("responsible_body", item.responsible_body, codes(reference.terms("responsible_bodies")))
    elif not (item.responsible or "").strip():
        c.fail("responsible", _("Choose the responsible body, or write it under “Other”."))
    c.choice("status", item.status, STORED_EXECUTION_STATUSES)
    if item.status == rules.EXECUTED and item.executed_on is None:
        c.fail("executed_on", _("Give the date of execution."))
    if item.status != rules.EXECUTED and item.executed_on is not None:
        c.fail("status", _("An item with a date of execution is executed."))
    c.raise_if_any()


def check_plan_item(p: PlanItem) -> None:
    c = Checker()
    c.storable_text(p)
    c.names("title", p.name_kk, p.name_ru, p.name_en)
    if not 1900 <= (p.year or 0) <= 2200:
        c.fail("year", _("Enter a year, e.g. 2025."))
    if p.quarter not in (1, 2, 3, 4):
        c.fail("quarter", _("The quarter is 1, 2, 3 or 4."))
    c.raise_if_any()


def check_body_rule(r: BodyRule) -> None:
    """A region's thresholds for a body: the document they come from, the day they apply from, and fractions of
    whole numbers between 0 and 1 (a denominator above zero)."""
    c = Checker()
    c.choice("body", r.body, frozenset(rules.BODIES))
    c.required("valid_from", r.valid_from)
    c.required("document", r.document)
    for prefix in ("quorum", "adoption"):
        num, den = getattr(r, f"{prefix}_num"), getattr(r, f"{prefix}_den")
        if den is None or den <= 0 or num is None or num <= 0 or num > den:
            c.fail(
                f"{prefix}_num",
                _("Give a fraction such as 2/3: whole numbers, the first not above the second."),
            )
    c.raise_if_any()
