"""A region reinstalled with a new key: the centre replaces the key (trust rotate, or trust add after
confirmation); the first bundle signed with the new key must be full, and the sequence restarts from it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cli import main
from desk.domain.records import Association
from desk.services import associations
from desk.setup_region import init_region
from desk.sync import keys, trust
from desk.sync.central_import import import_bundle, verify_bundle
from desk.sync.receipts import load_receipt, trust_centre
from desk.sync.tables import ReceivedBundle, TrustedKey

from .conftest import central_counts, export


def _association(ws, name: str):
    return associations.REGISTER.create(
        ws, {"name_ru": name, "ethnic_group": "korean", "legal_status": "initiative"}
    )


@pytest.fixture
def reinstalled(make_region, central, outbox, tmp_path):
    """KZ-35 sent bundles 1 and 2 with its first key; then its PC was reinstalled: a new data folder, a new key,
    its records typed in again (one of the old ones not)."""
    old = make_region("KZ-35")
    _association(old, "Первое")
    _association(old, "Второе")
    for _n in range(2):
        outcome = import_bundle(central, export(old, outbox))
        assert outcome.result == "imported"
        load_receipt(old, outcome.receipt)
        _association(old, f"Ещё {_n}")
    old_bundle = export(old, outbox)  # made before the reinstall, never imported
    new = init_region(tmp_path / "KZ-35-new", "KZ-35")
    trust_centre(new, keys.central_public_key(central).base64)
    new.settings.set("central_recipient", keys.central_recipient(central))
    _association(new, "Первое (заново)")
    yield old, new, old_bundle
    new.close()


def test_the_new_key_is_refused_until_the_centre_replaces_it(reinstalled, central, outbox):
    _old, new, _old_bundle = reinstalled
    outcome = import_bundle(central, export(new, outbox, full=True))
    assert outcome.result == "refused" and "unknown key" in outcome.message


def test_after_rotation_a_full_bundle_restarts_the_sequence(reinstalled, central, outbox):
    old, new, old_bundle = reinstalled
    rotation = trust.rotate(central, "KZ-35", keys.region_public_key(new).base64)
    assert rotation.old is not None and rotation.old.revoked_at is not None and rotation.new.epoch == 2

    # an incremental first bundle (sequence 1 again) is refused, saying a full one is needed
    first = export(new, outbox)
    for check in (verify_bundle, import_bundle):
        outcome = check(central, first)
        assert outcome.result == "refused"
        assert "first signed with its new key" in outcome.message and "--full" in outcome.message
    # a bundle still signed with the old key is refused now
    outcome = import_bundle(central, old_bundle)
    assert outcome.result == "refused" and "revoked" in outcome.message

    full = export(new, outbox, full=True)
    assert verify_bundle(central, full).restarted
    outcome = import_bundle(central, full)
    assert outcome.result == "imported" and outcome.restarted
    assert "restarts" in outcome.message and rotation.new.fingerprint in outcome.message
    with central.db.read() as s:
        names = set(s.scalars(select(Association.name_ru).where(Association.region == "KZ-35")))
        epochs = [
            (b.epoch, b.sequence, b.full)
            for b in s.scalars(select(ReceivedBundle).order_by(ReceivedBundle.epoch, ReceivedBundle.sequence))
        ]
    assert names == {"Первое (заново)"}  # the full bundle replaced what the old installation had sent
    assert epochs == [(1, 1, False), (1, 2, False), (2, 2, True)]

    # the region's receipt is accepted, and the sequence goes on normally under the new key
    load_receipt(new, outcome.receipt)
    _association(new, "Новое")
    outcome = import_bundle(central, export(new, outbox))
    assert outcome.result == "imported" and not outcome.restarted and "restarts" not in outcome.message
    assert central_counts(central, "KZ-35")["association"] == 2
    # the same full bundle again is skipped, not a second restart
    assert import_bundle(central, full).result == "skipped"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_trust_add_replaces_only_after_confirmation_and_rotate_says_what_follows(
    reinstalled, central, capsys, monkeypatch
):
    _old, new, _b = reinstalled
    home = str(central.home.root)
    newkey = keys.region_public_key(new)
    # not a terminal: refused, pointing to trust rotate
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _out, err = run(capsys, "central", "trust", "add", "KZ-35", newkey.base64, "--home", home)
    assert code != 0 and "trust rotate KZ-35" in err and err.count("\n") == 1

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty("n\n"))
    code, out, _err = run(capsys, "central", "trust", "add", "KZ-35", newkey.base64, "--home", home)
    assert code == 1 and "Nothing changed" in out
    assert trust.active_key(central, "KZ-35").public_key != newkey.base64

    monkeypatch.setattr(sys, "stdin", Tty("y\n"))
    code, out, _err = run(capsys, "central", "trust", "add", "KZ-35", newkey.base64, "--home", home)
    assert code == 0 and newkey.fingerprint in out and "--full" in out and "Revoked" in out
    active = trust.active_key(central, "KZ-35")
    assert active.public_key == newkey.base64 and active.epoch == 2

    code, out, _err = run(capsys, "central", "trust", "list", "--json", "--home", home)
    assert '"epoch": 2' in out
    code, out, _err = run(capsys, "central", "status", "--json", "--home", home)
    assert '"key_epoch": 2' in out


def test_trust_rotate_from_the_command_line(reinstalled, central, capsys):
    _old, new, _b = reinstalled
    home = str(central.home.root)
    newkey = keys.region_public_key(new)
    code, out, _err = run(capsys, "central", "trust", "rotate", "KZ-35", newkey.base64, "--home", home)
    assert code == 0 and f"fingerprint {newkey.fingerprint} (key 2)" in out
    code, _out, err = run(capsys, "central", "trust", "rotate", "KZ-35", newkey.base64, "--home", home)
    assert code != 0 and "already the trusted key" in err
    # the revoked key cannot come back
    code, _out, err = run(
        capsys, "central", "trust", "rotate", "KZ-35", trust.all_keys(central)[0].public_key, "--home", home
    )
    assert code != 0 and "revoked" in err


def test_received_bundles_of_an_older_database_keep_their_history(tmp_path: Path):
    """The 0005 migration numbers the keys a region had and puts each received bundle in its key's epoch."""
    from sqlalchemy import text

    from desk.services.workspace import open_workspace
    from desk.store.db import Database
    from desk.store.home import Home
    from desk.store.migrate import upgrade

    home = Home(tmp_path / "old")
    home.ensure()
    db = Database(home.database)
    upgrade(db, "0003_sync")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('mode', 'central'), ('region', '')"))
        for i, (key_id, revoked) in enumerate((("AAAA", "2025-01-01"), ("BBBB", None)), start=1):
            conn.execute(
                text(
                    "INSERT INTO sync_trusted_key (id, region, public_key, key_id, fingerprint, added_at, revoked_at, "
                    "operator) VALUES (:i, 'KZ-35', :k, :k, :k, '2024-01-01', :r, '')"
                ),
                {"i": i, "k": key_id, "r": revoked},
            )
        for seq, key_id in ((1, "AAAA"), (2, "AAAA"), (3, "BBBB")):
            conn.execute(
                text(
                    'INSERT INTO sync_received_bundle (region, sequence, manifest_hash, key_id, "full", created_at, '
                    "imported_at, counts, file_name, receipt_file) VALUES ('KZ-35', :s, 'h', :k, 0, '2025-01-01', "
                    "'2025-01-01', '{}', '', '')"
                ),
                {"s": seq, "k": key_id},
            )
    db.dispose()
    ws = open_workspace(home.root)
    try:
        with ws.db.read() as s:
            assert [(k.key_id, k.epoch) for k in s.scalars(select(TrustedKey).order_by(TrustedKey.id))] == [
                ("AAAA", 1),
                ("BBBB", 2),
            ]
            assert [
                (b.sequence, b.epoch)
                for b in s.scalars(select(ReceivedBundle).order_by(ReceivedBundle.sequence))
            ] == [(1, 1), (2, 1), (3, 2)]
    finally:
        ws.close()
