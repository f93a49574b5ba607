"""Commands for sync: keys, bundle export, the central office (init, trust, import, verify, status), receipts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk.cli import Context, add_command
from desk.cli.output import print_json, print_table
from desk.errors import DeskError
from desk.i18n import _, current_language, ngettext

if TYPE_CHECKING:
    from desk.services.workspace import Workspace
    from desk.sync.trust import Rotation


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "key", _("the data folder's signing key"))
    key_sub = p.add_subparsers(dest="key_command", metavar=_("COMMAND"), required=True)
    add_command(key_sub, "show", _("print the public key and its fingerprint"), cmd_key_show)

    p = add_command(sub, "bundle", _("sync bundles for the central office"))
    bundle_sub = p.add_subparsers(dest="bundle_command", metavar=_("COMMAND"), required=True)
    p = add_command(
        bundle_sub, "export", _("write the next signed, encrypted bundle into a folder"), cmd_export
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help=_("folder to write the bundle to"))
    p.add_argument("--full", action="store_true", help=_("every record, not only the changes"))

    p = add_command(sub, "sync", _("the region's sync settings and receipts"))
    sync_sub = p.add_subparsers(dest="sync_command", metavar=_("COMMAND"), required=True)
    p = add_command(sync_sub, "set-recipient", _("set the central office's age recipient"), cmd_set_recipient)
    p.add_argument("recipient", metavar="AGE1…")
    p = add_command(sync_sub, "receipt", _("load a receipt from the central office"), cmd_receipt)
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--confirm-key",
        default="",
        metavar="FINGERPRINT",
        help=_("trust the central office key with this fingerprint (the first receipt, when no key is set)"),
    )
    p = add_command(
        sync_sub,
        "import",
        _("apply a bundle from the central office (reference data, its key)"),
        cmd_sync_import,
    )
    p.add_argument("file", metavar="FILE")
    p = add_command(sync_sub, "status", _("the last bundles, receipts and pending changes"), cmd_sync_status)
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p = add_command(
        sync_sub,
        "trust-centre",
        _("trust the central office's receipt key (from “desk central key show”)"),
        cmd_trust_centre,
    )
    p.add_argument("public_key", metavar="PUBKEY")
    p.add_argument("--replace", action="store_true", help=_("replace the central office key trusted so far"))

    p = add_command(sub, "central", _("the central office: keys, trusted regions, imports"))
    central_sub = p.add_subparsers(dest="central_command", metavar=_("COMMAND"), required=True)
    p = add_command(central_sub, "init", _("create the central office's database and key"), cmd_central_init)
    p.add_argument(
        "--database",
        default=None,
        metavar="URL",
        help=_("keep the database on a PostgreSQL server (postgresql://user@host/dbname, an empty database)"),
    )
    add_command(
        central_sub, "recipient", _("print the age recipient regions encrypt to"), cmd_central_recipient
    )
    p = add_command(central_sub, "key", _("the central office's receipt-signing key"))
    central_key_sub = p.add_subparsers(dest="central_key_command", metavar=_("COMMAND"), required=True)
    add_command(
        central_key_sub, "show", _("print the public key regions check receipts with"), cmd_central_key_show
    )
    p = add_command(
        central_key_sub,
        "rotate",
        _("replace the receipt-signing key; writes the bundle that tells the regions"),
        cmd_central_key_rotate,
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help=_("folder to write the bundle to"))
    p = add_command(
        central_sub, "bundle", _("write the bundle of reference data for the regions"), cmd_central_bundle
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help=_("folder to write the bundle to"))
    p.add_argument(
        "--region", default=None, metavar="KZ-NN", help=_("for one region only (default: every region)")
    )
    p.add_argument(
        "--valid-days", type=int, default=120, metavar="N", help=_("days the regions accept it (default 120)")
    )
    p = add_command(
        central_sub, "reference", _("the reference lists the central office sends to the regions")
    )
    reference_sub = p.add_subparsers(dest="reference_command", metavar=_("COMMAND"), required=True)
    add_command(
        reference_sub,
        "show",
        _("print the lists in force as JSON (ethnic groups, event types, districts, responsible bodies)"),
        cmd_central_reference_show,
    )
    p = add_command(
        reference_sub,
        "set",
        _("check and keep the lists of a JSON file, sent in the next bundles"),
        cmd_reference_set,
    )
    p.add_argument(
        "file", metavar=_("FILE"), help=_("a JSON file as “desk central reference show” prints it")
    )
    p = add_command(central_sub, "trust", _("the regions' trusted signing keys"))
    trust_sub = p.add_subparsers(dest="trust_command", metavar=_("COMMAND"), required=True)
    p = add_command(trust_sub, "add", _("trust a region's public key"), cmd_trust_add)
    p.add_argument("region", metavar="KZ-NN")
    p.add_argument("public_key", metavar="PUBKEY")
    p.add_argument(
        "--replace",
        action="store_true",
        help=_("replace the region's current key without asking (as “trust rotate”)"),
    )
    p = add_command(
        trust_sub,
        "rotate",
        _("replace a region's key (a reinstalled region): its next bundle must be full"),
        cmd_trust_rotate,
    )
    p.add_argument("region", metavar="KZ-NN")
    p.add_argument("public_key", metavar="PUBKEY")
    p = add_command(trust_sub, "list", _("list the trusted keys"), cmd_trust_list)
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p = add_command(trust_sub, "revoke", _("revoke a region's key"), cmd_trust_revoke)
    p.add_argument("region", metavar="KZ-NN")
    p = add_command(central_sub, "import", _("check and import bundles"), cmd_central_import)
    p.add_argument("files", nargs="+", metavar="FILE")
    p = add_command(
        central_sub, "verify", _("run every check on a bundle, apply nothing"), cmd_central_verify
    )
    p.add_argument("file", metavar="FILE")
    p = add_command(
        central_sub, "status", _("the regions with their last bundle and its age"), cmd_central_status
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def cmd_key_show(ctx: Context) -> int:
    from desk.sync import keys

    ws = ctx.workspace()
    if ws.is_central:
        info = keys.central_public_key(ws)
        print(_("Public key of the central office (signs receipts):"))
    else:
        info = keys.region_public_key(ws)
        print(_("Public key of {region} (minisign):").format(region=ws.region_name(current_language())))
    print(info.base64)
    print(_("Fingerprint: {fingerprint}").format(fingerprint=info.fingerprint))
    return 0


def cmd_export(ctx: Context) -> int:
    from desk.sync.export import export_bundle

    ws = ctx.workspace()
    result = export_bundle(ws, Path(ctx.args.output), full=ctx.args.full)
    print(result.path)
    rows = sum(result.counts.values())
    print(
        ngettext(
            "Bundle {sequence}: {n} change, {size} KB.", "Bundle {sequence}: {n} changes, {size} KB.", rows
        ).format(sequence=result.sequence, n=rows, size=max(1, result.size // 1024)),
        file=sys.stderr,
    )
    if result.over_email_limit:
        print(
            _(
                "Warning: the bundle is larger than the e-mail limit of {limit} MB; send it on a USB stick."
            ).format(limit=result.email_limit_mb),
            file=sys.stderr,
        )
    return 0


def cmd_set_recipient(ctx: Context) -> int:
    from desk.sync.keys import parse_recipient

    ws = ctx.workspace()
    if ws.is_central:
        raise DeskError(
            _("The central office does not send bundles; set the recipient in a region's data folder.")
        )
    value = parse_recipient(ctx.args.recipient)
    ws.settings.set("central_recipient", value)
    print(_("Bundles will be encrypted to {recipient}.").format(recipient=value))
    return 0


def cmd_receipt(ctx: Context) -> int:
    from desk.sync.receipts import load_receipt

    ws = ctx.workspace()
    result = load_receipt(ws, Path(ctx.args.file), confirm_fingerprint=ctx.args.confirm_key)
    if result.already and result.quarters:
        pass  # a receipt written again to carry the centre's decisions on quarters: said below
    elif result.already:
        print(
            _("Bundle {sequence} was already acknowledged; nothing changes.").format(sequence=result.sequence)
        )
    else:
        print(
            _(
                "The central office acknowledged bundle {sequence}; the next bundle carries the changes made "
                "after it."
            ).format(sequence=result.sequence)
        )
    if result.pinned_now:
        print(
            _("The central office's key {fingerprint} is now trusted for receipts.").format(
                fingerprint=result.central_key_fingerprint
            )
        )
    if result.quarters:  # the centre's decisions on the region's quarters (desk/cli/quarters.py)
        from desk.cli.quarters import print_decisions

        print_decisions(result.quarters)
    return 0


def cmd_trust_centre(ctx: Context) -> int:
    from desk.sync.receipts import trust_centre

    key, changed = trust_centre(ctx.workspace(), ctx.args.public_key, replace=ctx.args.replace)
    if changed:
        print(
            _(
                "Receipts are accepted from now on only when signed by the central office key {fingerprint}."
            ).format(fingerprint=key.fingerprint)
        )
    else:
        print(
            _("The central office key {fingerprint} was already trusted; nothing changed.").format(
                fingerprint=key.fingerprint
            )
        )
    return 0


def _centre_key_line(ws: Workspace) -> str:
    from desk.sync.receipts import SOURCE_CONFIRMED, SOURCE_OPERATOR, SOURCE_ROTATION, centre_key

    key = centre_key(ws)
    if not key.public_key:
        return _(
            "Central office receipt key: not set. The first receipt shows its key's fingerprint to confirm "
            "(“desk sync receipt FILE --confirm-key FINGERPRINT”); or set the key beforehand with "
            "“desk sync trust-centre PUBKEY”."
        )
    if key.source == SOURCE_OPERATOR:
        return _(
            "Central office receipt key: {fingerprint} (set with “desk sync trust-centre”); receipts signed "
            "by any other key are refused."
        ).format(fingerprint=key.fingerprint)
    if key.source == SOURCE_ROTATION:
        return _(
            "Central office receipt key: {fingerprint} (the central office's new key, from its bundle signed by "
            "the key trusted before); receipts signed by any other key are refused."
        ).format(fingerprint=key.fingerprint)
    if key.source == SOURCE_CONFIRMED:
        return _(
            "Central office receipt key: {fingerprint} (confirmed when the first receipt was loaded); receipts "
            "signed by any other key are refused."
        ).format(fingerprint=key.fingerprint)
    return _(
        "Central office receipt key: {fingerprint} (trusted on first use, from the first receipt); receipts "
        "signed by any other key are refused. Compare it with “desk central key show” at the central "
        "office."
    ).format(fingerprint=key.fingerprint)


def cmd_sync_status(ctx: Context) -> int:
    from desk.sync.export import bundle_history, pending_changes

    ws = ctx.workspace()
    if ws.is_central:
        raise DeskError(_("This is the central office's data folder: use “desk central status”."))
    history = bundle_history(ws)
    pending = pending_changes(ws)
    if ctx.args.json:
        from desk.sync.receipts import centre_key

        key = centre_key(ws)
        print_json(
            {
                "recipient": ws.settings.get("central_recipient"),
                "pending_changes": pending,
                "centre_key": {
                    "public_key": key.public_key or None,
                    "fingerprint": key.fingerprint or None,
                    "source": key.source or None,
                    "confirm_on_first_receipt": not key.public_key,
                },
                "bundles": [
                    {
                        "sequence": b.sequence,
                        "created_at": b.created_at,
                        "full": b.full,
                        "file": b.file_name,
                        "size": b.size,
                        "counts": json.loads(b.counts),
                        "acknowledged_at": b.acknowledged_at,
                    }
                    for b in history
                ],
            }
        )
        return 0
    print(
        _("Central office recipient: {recipient}").format(
            recipient=ws.settings.get("central_recipient") or "—"
        )
    )
    print(_centre_key_line(ws))
    from desk.sync.centre_bundle import centre_bundle_status

    print(centre_bundle_status(ws).text())
    print(_("Changes not yet acknowledged: {n}").format(n=pending))
    from desk.domain.quarters import moment_text
    from desk.i18n import format_moment

    print_table(
        [
            {
                "sequence": b.sequence,
                "created": format_moment(b.created_at),
                "kind": _("full") if b.full else _("changes"),
                "file": b.file_name,
                "ack": moment_text(b.acknowledged_at) if b.acknowledged_at else "—",
            }
            for b in history
        ],
        [
            ("sequence", _("No.")),
            ("created", _("Made")),
            ("kind", _("Kind")),
            ("file", _("File")),
            ("ack", _("Acknowledged")),
        ],
    )
    return 0


def cmd_central_init(ctx: Context) -> int:
    from desk.setup_central import init_central

    url = ctx.args.database
    made = init_central(ctx.home_dir, url)
    ws, recipient = made.workspace, made.recipient
    ctx._workspace = ws
    if url:
        print(
            _(
                "Created the central office's database on {url}; its keys and settings are in {folder}."
            ).format(url=ws.db.engine.url.render_as_string(hide_password=True), folder=ctx.home_dir)
        )
    else:
        print(_("Created the central office's database in {folder}.").format(folder=ctx.home_dir))
    print(_("Regions encrypt their bundles to: {recipient}").format(recipient=recipient))
    return 0


def cmd_central_recipient(ctx: Context) -> int:
    from desk.sync.keys import central_recipient
    from desk.sync.trust import require_central

    ws = ctx.workspace()
    require_central(ws)
    print(central_recipient(ws))
    return 0


def cmd_central_key_show(ctx: Context) -> int:
    from desk.sync.keys import central_public_key
    from desk.sync.trust import require_central

    ws = ctx.workspace()
    require_central(ws)
    info = central_public_key(ws)
    print(_("Public key of the central office (signs receipts):"))
    print(info.base64)
    print(_("Fingerprint: {fingerprint}").format(fingerprint=info.fingerprint))
    print(_("In each region: desk sync trust-centre {key}").format(key=info.base64))
    return 0


def _print_centre_bundle(made: Any) -> None:
    from desk.domain.quarters import moment_text

    print(made.path)
    print(
        _("Central office bundle {version} ({sections}), valid until {date}.").format(
            version=made.version, sections=", ".join(made.sections), date=moment_text(made.expires_at)
        )
    )
    if made.encrypted:
        print(_("It holds personal data: encrypted to {region}'s key.").format(region=made.region))


def cmd_central_reference_show(ctx: Context) -> int:
    from desk.domain import reference
    from desk.sync.trust import require_central

    require_central(ctx.workspace())
    print_json({kind: reference.terms_to_data(kind, reference.terms(kind)) for kind in reference.BUILT_IN})
    return 0


def cmd_reference_set(ctx: Context) -> int:
    from desk.sync.centre_sections import set_central_reference

    kinds = set_central_reference(ctx.workspace(), Path(ctx.args.file))
    print(
        _("The reference lists ({kinds}) are kept; the next central office bundles send them.").format(
            kinds=", ".join(kinds)
        )
    )
    return 0


def cmd_central_bundle(ctx: Context) -> int:
    from desk.sync.centre_bundle import make_centre_bundle

    made = make_centre_bundle(
        ctx.workspace(), Path(ctx.args.output), region=ctx.args.region, valid_days=ctx.args.valid_days
    )
    _print_centre_bundle(made)
    return 0


def cmd_central_key_rotate(ctx: Context) -> int:
    from desk.sync.centre_bundle import rotate_centre_key
    from desk.sync.keys import central_public_key
    from desk.sync.trust import require_central

    ws = ctx.workspace()
    require_central(ws)
    made = rotate_centre_key(ws, Path(ctx.args.output))
    _print_centre_bundle(made)
    print(
        _(
            "The new receipt key is {fingerprint}. Send the bundle to every region (desk sync import): receipts "
            "are signed with the new key from now on."
        ).format(fingerprint=central_public_key(ws).fingerprint)
    )
    return 0


def cmd_sync_import(ctx: Context) -> int:
    from desk.sync.centre_bundle import import_centre_bundle

    ws = ctx.workspace()
    applied = import_centre_bundle(ws, Path(ctx.args.file))
    if applied.already:
        print(
            _("Central office bundle {version} was applied before; nothing changes.").format(
                version=applied.version
            )
        )
    else:
        print(
            _("Central office bundle {version} applied ({sections}).").format(
                version=applied.version, sections=", ".join(applied.sections)
            )
        )
    return 0


def cmd_trust_add(ctx: Context) -> int:
    from desk.sync import trust
    from desk.sync.keys import parse_public_key

    ws = ctx.workspace()
    trust.require_central(ws)
    region = trust.check_region_code(ctx.args.region)
    current = trust.active_key(ws, region)
    info = parse_public_key(ctx.args.public_key)
    if current is not None and current.public_key != info.base64:
        if not ctx.args.replace:
            if not sys.stdin.isatty():
                raise DeskError(
                    _(
                        "{region} already has a trusted key ({fingerprint}). To replace it (a reinstalled "
                        "region), run “desk central trust rotate {region} PUBKEY”."
                    ).format(region=region, fingerprint=current.fingerprint)
                )
            answer = input(
                _(
                    "{region} already has the trusted key {old}. Replace it with {new}? Bundles signed "
                    "with the old key will be refused. [y/N] "
                ).format(region=region, old=current.fingerprint, new=info.fingerprint)
            )
            if answer.strip().lower() not in {"y", "yes", _("y"), _("yes")}:
                print(_("Nothing changed."))
                return 1
        return _rotated(trust.rotate(ws, region, info.base64))
    key = trust.add(ws, region, info.base64)
    print(
        _("Trusted the key of {region}: fingerprint {fingerprint}.").format(
            region=key.region, fingerprint=key.fingerprint
        )
    )
    return 0


def cmd_trust_rotate(ctx: Context) -> int:
    from desk.sync import trust

    return _rotated(trust.rotate(ctx.workspace(), ctx.args.region, ctx.args.public_key))


def _rotated(rotation: Rotation) -> int:
    if rotation.old is not None:
        print(
            _("Revoked the key {fingerprint} of {region}: its bundles are refused from now on.").format(
                fingerprint=rotation.old.fingerprint, region=rotation.region
            )
        )
    print(
        _("Trusted the new key of {region}: fingerprint {fingerprint} (key {epoch}).").format(
            region=rotation.region, fingerprint=rotation.new.fingerprint, epoch=rotation.new.epoch
        )
    )
    print(
        _(
            "The first bundle signed with it must be a full one (desk bundle export --full); the sequence of "
            "{region} restarts from it."
        ).format(region=rotation.region)
    )
    return 0


def cmd_trust_list(ctx: Context) -> int:
    from desk.sync import trust

    ws = ctx.workspace()
    trust.require_central(ws)
    from desk.domain.quarters import moment_text

    keys = trust.all_keys(ws)
    if ctx.args.json:
        print_json(
            [
                {
                    "region": k.region,
                    "public_key": k.public_key,
                    "fingerprint": k.fingerprint,
                    "key_id": k.key_id,
                    "epoch": k.epoch,
                    "added_at": k.added_at,
                    "revoked_at": k.revoked_at,
                }
                for k in keys
            ]
        )
        return 0
    print_table(
        [
            {
                "region": k.region,
                "fingerprint": k.fingerprint,
                "added": moment_text(k.added_at),
                "state": _("revoked on {date}").format(date=moment_text(k.revoked_at))
                if k.revoked_at
                else _("trusted"),
            }
            for k in keys
        ],
        [
            ("region", _("Region")),
            ("fingerprint", _("Fingerprint")),
            ("added", _("Added")),
            ("state", _("State")),
        ],
    )
    return 0


def cmd_trust_revoke(ctx: Context) -> int:
    from desk.sync import trust

    key = trust.revoke(ctx.workspace(), ctx.args.region)
    print(
        _("Revoked the key {fingerprint} of {region}: its bundles are refused from now on.").format(
            fingerprint=key.fingerprint, region=key.region
        )
    )
    return 0


def cmd_central_import(ctx: Context) -> int:
    from desk.sync.central_import import import_files

    outcomes = import_files(ctx.workspace(), [Path(f) for f in ctx.args.files])
    for o in outcomes:
        if o.ok:
            print(f"{o.file_name}: {o.message}")
        else:
            print(f"desk: {o.file_name}: " + _("refused: {reason}").format(reason=o.message), file=sys.stderr)
    return 0 if all(o.ok for o in outcomes) else 1


def cmd_central_verify(ctx: Context) -> int:
    from desk.sync.central_import import verify_bundle
    from desk.sync.trust import require_central

    ws = ctx.workspace()
    require_central(ws)
    o = verify_bundle(ws, Path(ctx.args.file))
    if o.ok:
        print(f"{o.file_name}: {o.message}")
        return 0
    print(f"desk: {o.file_name}: " + _("refused: {reason}").format(reason=o.message), file=sys.stderr)
    return 1


def cmd_central_status(ctx: Context) -> int:
    from desk.sync.status import region_statuses
    from desk.sync.trust import require_central

    ws = ctx.workspace()
    require_central(ws)
    statuses = region_statuses(ws, current_language())
    if ctx.args.json:
        print_json(
            [
                {
                    "region": s.code,
                    "name": s.name,
                    "key_fingerprint": s.key_fingerprint,
                    "key_epoch": s.key_epoch,
                    "last_sequence": s.last_sequence,
                    "last_created_at": s.last_created_at,
                    "last_imported_at": s.last_imported_at,
                    "age_days": s.age_days(),
                    "associations": s.associations,
                    "persons": s.persons,
                    "events": s.events,
                }
                for s in statuses
            ]
        )
        return 0
    from desk.domain.quarters import moment_text

    rows = []
    for s in statuses:
        days = s.age_days()
        rows.append(
            {
                "region": f"{s.code} {s.name}",
                "key": s.key_fingerprint or _("no key"),
                "last": s.last_sequence if s.last_sequence is not None else "—",
                "made": moment_text(s.last_created_at) if s.last_created_at else "—",
                "age": ngettext("{n} day", "{n} days", days).format(n=days) if days is not None else "—",
                "associations": s.associations,
                "persons": s.persons,
                "events": s.events,
            }
        )
    print_table(
        rows,
        [
            ("region", _("Region")),
            ("key", _("Key")),
            ("last", _("Last bundle")),
            ("made", _("Made")),
            ("age", _("Age")),
            ("associations", _("Associations")),
            ("persons", _("Persons")),
            ("events", _("Events")),
        ],
    )
    return 0
