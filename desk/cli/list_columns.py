"""What `desk list` shows of each register, in a module of its own so that the light list (desk.cli.light_list)
prints the same table as the full command (desk.cli.registry) without building the parser."""

from __future__ import annotations

from desk.i18n import N_

LIST_KINDS = ("associations", "houses", "events", "persons")

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "associations": [
        ("name", N_("Name")),
        ("ethnic_group", N_("Ethnic group")),
        ("legal_status", N_("Legal status")),
        ("district", N_("District")),
        ("registration_date", N_("Registered")),
        ("status", N_("Status")),
    ],
    "houses": [
        ("name", N_("Name")),
        ("district", N_("District")),
        ("address", N_("Address")),
        ("director", N_("Director")),
    ],
    "events": [
        ("start_date", N_("Date")),
        ("name", N_("Title")),
        ("event_type", N_("Type")),
        ("participants", N_("Participants")),
        ("status", N_("Status")),
    ],
    "persons": [
        ("name", N_("Full name")),
        ("birth_date", N_("Date of birth")),
        ("ethnic_group", N_("Ethnic group")),
        ("workplace", N_("Workplace")),
    ],
}
