"""`desk central import` and `desk central verify`: open a bundle, check everything, apply it all or nothing.

The work is split by job: `desk.sync.decrypt` (size limit, streamed decryption), `desk.sync.verify` (the archive,
the signature, every row, the sequence) and `desk.sync.apply` (the one transaction that writes). This module runs
them for one file or a batch: every attempt is logged (`sync_import_log`), whatever happens to it; a bad file
never stops the others; a backup is taken before the first bundle that will be applied (never for a refused
one); an import writes a signed receipt. A bundle that passes may carry warnings (`desk.sync.notices`: records
changed in a quarter the centre accepted, codes the centre's lists do not know), read before it is applied and said
by `verify` and `import` alike: in `Outcome.warnings` and at the end of its message (so in the command's output,
the Sync page and the import log).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from desk.collection import collection_paused
from desk.domain.quarters import moment_text
from desk.domain.validation import showable
from desk.errors import DeskError
from desk.i18n import _
from desk.services.workspace import Workspace
from desk.sync import notices, pipeline, receipts, trust
from desk.sync.apply import apply, refuse_before_backup, stager, unstage
from desk.sync.errors import BundleRefused
from desk.sync.tables import ImportAttempt, ReceivedBundle
from desk.sync.verify import (  # noqa: F401 - the names other modules import from here
    OpenedBundle,
    TableRows,
    _Bad,
    _column_specs,
    _json_lines,
    _parse_rows,
    check_ownership,
    check_sequence,
    earlier_key_bundle,
    last_imported,
    open_bundle,
)

Progress = Callable[[int, int, str], bool]
log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What happened to one file: imported, skipped, verified or refused, with a sentence for the user."""

    file_name: str
    result: str
    message: str
    region: str = ""
    sequence: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    receipt: Path | None = None
    restarted: bool = False  # the first (full) bundle under a region's new key: its sequence starts again
    # what the centre must know about a bundle it takes (desk.sync.notices): also at the end of `message`
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result != "refused"


# --- the commands ------------------------------------------------------------------------------------------------


def _log(ws: Workspace, action: str, outcome: Outcome) -> None:
    # a refusal may quote the file (a region named "KZ-\x00…"): shown and stored with such characters as codes
    outcome.message, outcome.file_name = showable(outcome.message), showable(outcome.file_name)
    with ws.db.transact(audit=False) as session:
        session.add(
            ImportAttempt(
                operator=ws.operator,
                action=action,
                file_name=outcome.file_name,
                region=outcome.region,
                sequence=outcome.sequence,
                result=outcome.result,
                message=outcome.message,
            )
        )


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{name}: {n}" for name, n in counts.items() if n) or _("no changes")


def _restart_text(opened: OpenedBundle, earlier: ReceivedBundle) -> str:
    return _(
        "The sequence of {region} restarts here: this full bundle is the first signed with the new key "
        "{fingerprint} (key {epoch}); the last bundle under the previous key was {previous}, and what the centre "
        "held for the region was replaced."
    ).format(
        region=opened.manifest.region,
        fingerprint=opened.key.fingerprint,
        epoch=opened.key.epoch,
        previous=earlier.sequence,
    )


def _display_name(path: Path) -> str:
    """The file's name as text that can always be stored and shown (a name with bytes that are not UTF-8 keeps
    a replacement character where they were)."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _unexpected(exc: Exception) -> str:
    log.exception("bundle import failed unexpectedly")
    return _("The bundle could not be processed ({error}): refused, nothing was changed.").format(
        error=f"{type(exc).__name__}: {str(exc)[:160]}".encode("utf-8", "replace").decode("utf-8")
    )


def import_bundle(ws: Workspace, path: Path, before_apply: Callable[[], object] | None = None) -> Outcome:
    """Import one file: every check, then apply in one transaction and write the receipt. Always logged, whatever
    happens. `before_apply` runs once the bundle passed every check and will be applied (the batch's backup)."""
    path = Path(path)
    outcome = Outcome(file_name=_display_name(path), result="refused", message="")
    try:
        _import(ws, path, outcome, before_apply)
    except BundleRefused as exc:
        outcome.result, outcome.message, outcome.warnings = "refused", exc.message, []
    except DeskError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch, and its attempt is logged
        outcome.result, outcome.message, outcome.warnings = "refused", _unexpected(exc), []
    _log(ws, "import", outcome)
    return outcome


def _import(ws: Workspace, path: Path, outcome: Outcome, before_apply: Callable[[], object] | None) -> None:
    # the bundle's rows are staged on the pinned connection as they are checked, then applied on it
    with collection_paused(), ws.db.pinned() as conn:
        try:
            _import_on(ws, conn, path, outcome, before_apply)
        finally:
            unstage(conn)


def _import_on(
    ws: Workspace, conn: Connection, path: Path, outcome: Outcome, before_apply: Callable[[], object] | None
) -> None:
    try:
        if pipeline.suits(conn):
            _check_and_write(ws, conn, path, outcome, before_apply)
        else:
            _check_then_write(ws, conn, path, outcome, before_apply)
    except IntegrityError as exc:
        _forget_receipt(outcome)
        raise BundleRefused(
            _("The bundle would break the links between records ({error}): refused.").format(
                error=str(exc.orig)[:120]
            )
        ) from None
    except BaseException:
        _forget_receipt(outcome)
        raise


def _check_then_write(
    ws: Workspace, conn: Connection, path: Path, outcome: Outcome, before_apply: Callable[[], object] | None
) -> None:
    """Every check (the rows staged as they pass), then one transaction that writes: SQLite's single writer
    holds the database only for the writing."""
    opened = open_bundle(ws, path, stager(conn))
    _name(outcome, opened)
    _notice(ws, outcome, opened)
    if before_apply is not None:
        with ws.db.read() as session:
            will_apply = check_sequence(session, opened) is None
        if will_apply:
            refuse_before_backup(conn, opened)  # a bundle the import would refuse takes no backup
            before_apply()
    with ws.db.transact(audit=False, connection=conn) as session:
        earlier = check_sequence(session, opened)
        if earlier is not None:
            written = pipeline.Written(counts={}, earlier=earlier)
        else:
            restart = earlier_key_bundle(session, opened)
            written = pipeline.Written(counts=apply(session, opened), restart=restart)
        _record(ws, session, opened, written, outcome)


def _check_and_write(
    ws: Workspace, conn: Connection, path: Path, outcome: Outcome, before_apply: Callable[[], object] | None
) -> None:
    """The checks on this thread while another writes each checked table (`desk.sync.pipeline`), all in one
    transaction. `before_apply` runs once every check passed, before the commit (on PostgreSQL no backup is
    taken: the server's are the backups)."""
    with ws.db.transact(audit=False, connection=conn) as session:
        with pipeline.Pipeline(session) as writer:
            opened = open_bundle(ws, path, writer.stage, writer.checked)
            _name(outcome, opened)
            _notice(
                ws, outcome, opened
            )  # read on another connection: the centre as it was before this import
            written = writer.finish(opened)
        if written.earlier is None and before_apply is not None:
            before_apply()
        _record(ws, session, opened, written, outcome)


def _name(outcome: Outcome, opened: OpenedBundle) -> None:
    outcome.region, outcome.sequence = opened.manifest.region, opened.manifest.sequence


def _notice(ws: Workspace, outcome: Outcome, opened: OpenedBundle) -> None:
    """The warnings of a bundle that passed its checks, read before it is applied (`desk.sync.notices`)."""
    with ws.db.read() as session:
        outcome.warnings = notices.notices(session.connection(), opened)


def _with_warnings(outcome: Outcome) -> None:
    if outcome.warnings:
        outcome.message += " " + _("Warning: {warnings}").format(warnings=" ".join(outcome.warnings))


def _forget_receipt(outcome: Outcome) -> None:
    """A receipt written for an import that then failed is removed: the region must never load it."""
    if outcome.receipt is not None:
        outcome.receipt.unlink(missing_ok=True)
        outcome.receipt = None


def _record(
    ws: Workspace, session: Any, opened: OpenedBundle, written: pipeline.Written, outcome: Outcome
) -> None:
    """Within the import's transaction: the outcome of a bundle already imported, or the receipt and the record
    of the bundle just written."""
    m = opened.manifest
    earlier = written.earlier
    if earlier is not None:
        outcome.result, outcome.warnings = "skipped", []
        outcome.message = _(
            "Bundle {sequence} of {region} was already imported (bundle {earlier}, on {date}); skipped."
        ).format(
            sequence=m.sequence,
            region=m.region,
            earlier=earlier.sequence,
            date=moment_text(earlier.imported_at),
        )
        return
    counts = written.counts
    trust.record_recipient(session, m.region, m.region_recipient)
    now = dt.datetime.now(dt.UTC)
    outcome.receipt = receipts.make_receipt(
        ws,
        region=m.region,
        sequence=m.sequence,
        manifest_hash=opened.manifest_hash,
        counts={k: v for k, v in counts.items()},
        imported_at=now,
        bundle_file=outcome.file_name,
        recipient=m.region_recipient or trust.region_recipient(ws, m.region),
    )
    session.add(
        ReceivedBundle(
            region=m.region,
            epoch=opened.key.epoch,
            sequence=m.sequence,
            manifest_hash=opened.manifest_hash,
            key_id=opened.key.key_id,
            full=m.full,
            created_at=m.created(),
            imported_at=now,
            counts=json.dumps(counts),
            file_name=outcome.file_name,
            receipt_file=outcome.receipt.name,
        )
    )
    session.flush()
    outcome.result, outcome.counts = "imported", counts
    outcome.message = _("Bundle {sequence} of {region} imported ({counts}). Receipt: {receipt}").format(
        sequence=m.sequence,
        region=m.region,
        counts=_counts_text(counts),
        receipt=outcome.receipt,
    )
    if written.restart is not None:
        outcome.restarted = True
        outcome.message += " " + _restart_text(opened, written.restart)
    _with_warnings(outcome)


def import_files(ws: Workspace, paths: list[Path], progress: Progress | None = None) -> list[Outcome]:
    """Import several files; they are taken in order of region and sequence whatever order they came in. Each is
    imported or refused on its own. A backup is taken before the first bundle that passed every check (an import
    changes much at once: desk/services/backups.py); a batch with nothing to apply takes none."""
    trust.require_central(ws)
    report: Progress = progress or (lambda done, total, what: True)
    order = sorted(paths, key=lambda p: Path(p).name)
    backed_up: list[Path | None] = []

    def backup_once() -> None:
        if not backed_up:
            from desk.services.backups import backup_before

            backed_up.append(backup_before(ws, "import"))

    outcomes = []
    for number, path in enumerate(order):
        if not report(number, len(order), _display_name(Path(path))):
            raise DeskError(_("Cancelled."))
        outcomes.append(import_bundle(ws, Path(path), before_apply=backup_once))
    report(len(order), len(order), _("Done"))
    return outcomes


def verify_bundle(ws: Workspace, path: Path) -> Outcome:
    """Every check of an import, nothing applied. Logged like an import."""
    path = Path(path)
    outcome = Outcome(file_name=_display_name(path), result="refused", message="")
    try:
        with collection_paused():
            opened = open_bundle(ws, path)
        m = opened.manifest
        outcome.region, outcome.sequence = m.region, m.sequence
        outcome.counts = dict(m.counts)
        with ws.db.read() as session:
            earlier = check_sequence(session, opened)
            restart = earlier_key_bundle(session, opened) if earlier is None else None
            check_ownership(session.connection(), opened)
            if earlier is None:
                outcome.warnings = notices.notices(session.connection(), opened)
        outcome.result = "verified"
        if earlier is not None:
            outcome.message = _(
                "Bundle {sequence} of {region} passes every check; it was already imported and "
                "would be skipped."
            ).format(sequence=m.sequence, region=m.region)
        else:
            outcome.message = _(
                "Bundle {sequence} of {region} passes every check and can be imported ({counts})."
            ).format(sequence=m.sequence, region=m.region, counts=_counts_text(m.counts))
            if restart is not None:
                outcome.restarted = True
                outcome.message += " " + _restart_text(opened, restart)
            _with_warnings(outcome)
    except BundleRefused as exc:
        outcome.result, outcome.message = "refused", exc.message
    except DeskError:
        raise
    except Exception as exc:  # noqa: BLE001 - as an import: logged, and the next file goes on
        outcome.result, outcome.message = "refused", _unexpected(exc)
    _log(ws, "verify", outcome)
    return outcome


def import_log(ws: Workspace, limit: int = 200) -> list[ImportAttempt]:
    with ws.db.read() as session:
        return list(
            session.scalars(select(ImportAttempt).order_by(col(ImportAttempt.id).desc()).limit(limit))
        )
