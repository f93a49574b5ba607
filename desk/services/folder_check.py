"""`desk check`: integrity and consistency of a data folder. Each problem is one sentence for the clerk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select, text

from desk.domain import date_rules, identifiers
from desk.domain.problems import Problem
from desk.domain.records import SEARCHABLE, SYNCED_TABLES, table_name, table_of
from desk.domain.validation import column_text_problem, field_label, showable, text_fields
from desk.i18n import _
from desk.services import backups, governance_checks, permissions
from desk.services.workspace import Workspace

CheckFn = Callable[[Workspace], list[Problem]]


def _integrity(ws: Workspace) -> list[Problem]:
    if not ws.db.is_sqlite:
        return []
    with ws.db.engine.connect() as conn:
        result = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        fk = list(conn.execute(text("PRAGMA foreign_key_check")))
    problems = []
    if result != ["ok"]:
        problems.append(
            Problem(
                "integrity", _("The database file is damaged: {detail}").format(detail="; ".join(result[:5]))
            )
        )
    if fk:
        problems.append(
            Problem("foreign_keys", _("{n} records point to records that do not exist.").format(n=len(fk)))
        )
    return problems


def _change_counter(ws: Workspace) -> list[Problem]:
    problems = []
    from desk.store.db import current_usn

    with ws.db.read() as session:
        counter = current_usn(session)  # meta's value, or PostgreSQL's sequence
    with ws.db.engine.connect() as conn:
        for cls in SYNCED_TABLES:
            table = table_name(cls)
            top = conn.execute(text(f"SELECT MAX(usn) FROM {table}")).scalar() or 0
            if top > counter:
                problems.append(
                    Problem(
                        "usn",
                        _("Table {table} has changes newer than the change counter.").format(table=table),
                    )
                )
    return problems


def _search_index(ws: Workspace) -> list[Problem]:
    with ws.db.engine.connect() as conn:
        indexed = conn.execute(text("SELECT COUNT(*) FROM search_doc")).scalar_one()
        records = sum(
            conn.execute(text(f"SELECT COUNT(*) FROM {table_name(cls)}")).scalar_one()
            for cls in SEARCHABLE.values()
        )
    if indexed != records:
        return [
            Problem(
                "search",
                _(
                    "The search index holds {indexed} entries for {records} records; "
                    "rebuild it with “desk check --repair”."
                ).format(indexed=indexed, records=records),
            )
        ]
    return []


def _identifiers(ws: Workspace) -> list[Problem]:
    problems = []
    with ws.db.engine.connect() as conn:
        bad_iin = sum(
            1
            for (iin,) in conn.execute(text("SELECT iin FROM person WHERE iin IS NOT NULL AND iin != ''"))
            if not identifiers.has_valid_check_digit(iin)
        )
        bad_bin = sum(
            1
            for (b,) in conn.execute(text("SELECT bin FROM association WHERE bin IS NOT NULL AND bin != ''"))
            if not identifiers.has_valid_check_digit(b)
        )
        repeated_iin = conn.execute(
            text(
                "SELECT COUNT(*) FROM (SELECT iin FROM person WHERE iin IS NOT NULL AND iin != '' "
                "GROUP BY region, iin HAVING COUNT(*) > 1) AS twice"
            )
        ).scalar_one()
        repeated_bin = conn.execute(
            text(
                "SELECT COUNT(*) FROM (SELECT bin FROM association WHERE bin IS NOT NULL AND bin != '' "
                "GROUP BY region, bin HAVING COUNT(*) > 1) AS twice"
            )
        ).scalar_one()
    if repeated_iin:
        problems.append(Problem("iin", _("IINs shared by more than one person: {n}.").format(n=repeated_iin)))
    if repeated_bin:
        problems.append(
            Problem("bin", _("BINs shared by more than one association: {n}.").format(n=repeated_bin))
        )
    if bad_iin:
        problems.append(
            Problem("iin", _("{n} persons have an IIN with a wrong check digit.").format(n=bad_iin))
        )
    if bad_bin:
        problems.append(
            Problem("bin", _("{n} associations have a BIN with a wrong check digit.").format(n=bad_bin))
        )
    return problems


def _dates(ws: Workspace) -> list[Problem]:
    with ws.db.engine.connect() as conn:
        events = conn.execute(
            text("SELECT COUNT(*) FROM event WHERE end_date IS NOT NULL AND end_date < start_date")
        ).scalar_one()
        members = conn.execute(
            text("SELECT COUNT(*) FROM membership WHERE left_on IS NOT NULL AND left_on < admitted_on")
        ).scalar_one()
    problems = []
    if events:
        problems.append(Problem("dates", _("{n} events end before they start.").format(n=events)))
    if members:
        problems.append(Problem("dates", _("{n} memberships end before they begin.").format(n=members)))
    return problems


def _region(ws: Workspace) -> list[Problem]:
    if ws.is_central:
        return []
    problems = []
    with ws.db.engine.connect() as conn:
        for cls in SYNCED_TABLES:
            table = table_name(cls)
            n = conn.execute(
                text(f"SELECT COUNT(*) FROM {table} WHERE region != :r"), {"r": ws.region}
            ).scalar_one()
            if n:
                problems.append(
                    Problem(
                        "region",
                        _("{n} records of {table} belong to another region.").format(n=n, table=table),
                    )
                )
    return problems


def _backups(ws: Workspace) -> list[Problem]:
    """A failed automatic backup is an error: the data has no fresh copy, and a log line alone is never read."""
    failure = backups.last_failure(ws.home)
    return [] if failure is None else [Problem("backup", failure.message())]


def _memberships(ws: Workspace) -> list[Problem]:
    """A person twice in the same body on the same days (as a re-import once doubled the council)."""
    with ws.db.engine.connect() as conn:
        doubled = conn.execute(
            text(
                "SELECT COUNT(DISTINCT a.person_id || '|' || a.body) FROM membership a JOIN membership b "
                "ON a.person_id = b.person_id AND a.body = b.body AND a.id < b.id "
                "AND (a.left_on IS NULL OR b.admitted_on < a.left_on) "
                "AND (b.left_on IS NULL OR a.admitted_on < b.left_on)"
            )
        ).scalar_one()
    if doubled:
        return [
            Problem(
                "memberships",
                _("Persons who are members of the same body twice on the same days: {n}.").format(n=doubled),
            )
        ]
    return []


def _refused_by_the_centre(ws: Workspace) -> list[Problem]:
    """A region's texts and dates that no form accepts now (a direction override or a date saved before a
    program refused it): the central office refuses every bundle carrying them (`desk.sync.verify`, by the same
    rules), so the clerk is told which record and field to correct. One read per table, one pass per column."""
    if ws.is_central:
        return []
    problems: list[Problem] = []
    last_day = date_rules.bundle_reference_day(dt.datetime.now(dt.UTC))
    with ws.db.engine.connect() as conn:
        for cls in SYNCED_TABLES:
            table = table_name(cls)
            texts = text_fields(cls)
            dates = {r.earlier for r in date_rules.DATE_ORDERS.get(table, ())}
            dates |= {r.later for r in date_rules.DATE_ORDERS.get(table, ())}
            dates |= set(date_rules.NOT_IN_FUTURE.get(table, ()))
            dates |= set(date_rules.HELD_NOT_IN_FUTURE.get(table, ())[::2])
            names = ["id", *(n for n, _limit, _multi in texts), *sorted(dates - {n for n, _l, _m in texts})]
            tbl = table_of(cls)
            rows = conn.execute(select(*(tbl.c[n] for n in names))).all()
            if not rows:
                continue
            columns = {n: [r[i] for r in rows] for i, n in enumerate(names)}
            found: list[tuple[str, int, str]] = []
            for name, limit, multiline in texts:
                if refused := column_text_problem(columns[name], limit, multiline):
                    found.append((name, refused[0], refused[1]))
            if refused_date := date_rules.column_date_problem(table, columns, last_day):
                name, index, why, other = refused_date
                found.append((name, index, _(why).format(field=field_label(other)) if other else _(why)))
            for name, index, why in found:
                value = columns[name][index]
                problems.append(
                    Problem(
                        "centre_rules",
                        _(
                            "{table} {id}, “{label}” ({value}): {why} The central office refuses the region's "
                            "bundles until it is corrected."
                        ).format(
                            table=table,
                            id=columns["id"][index],
                            label=field_label(name),
                            value=showable(str(value))[:80],
                            why=why,
                        ),
                    )
                )
    return problems


CHECKS: list[CheckFn] = [
    _integrity,
    _change_counter,
    _search_index,
    _identifiers,
    _dates,
    _region,
    _backups,
    _memberships,
    _refused_by_the_centre,
    permissions.checks,  # the data folder's and keys' file permissions
    governance_checks.checks,  # the assembly's rules over the years (sessions held, …)
]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]


def run_checks(ws: Workspace) -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(ws))
    return problems
