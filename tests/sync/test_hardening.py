"""The defects the red team found, each held by a test: memory before authentication, values that crashed the
import but passed `central verify`, a batch stopped by one file, lost bundles, key ids as free labels, duplicate
ids, armored age, a backup taken for a refused import."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import minisign
import pyrage
import pytest
from sqlalchemy import select

from desk.errors import DeskError
from desk.services.backups import list_backups
from desk.sync import central_import, keys, trust
from desk.sync.central_import import import_bundle, import_files, verify_bundle
from desk.sync.tables import ImportAttempt

from .conftest import central_counts, open_members, rebuild

ROOT = Path(__file__).resolve().parents[2]


def _signer(region) -> minisign.SecretKey:
    return keys.region_secret_key(region)


def _edit_rows(table: str, change):
    def members(files):
        rows = [json.loads(x) for x in files[f"{table}.jsonl"].splitlines()]
        rows = change(rows)
        files[f"{table}.jsonl"] = b"".join(
            json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n" for r in rows
        )
        return files

    return members


def _forged(bundle, central, region, tmp_path, table, change, counts=None):
    return rebuild(
        bundle,
        central,
        tmp_path / "forged.age",
        members=_edit_rows(table, change),
        rehash=True,
        signer=_signer(region),
        manifest=(lambda m: {**m, "counts": {**m["counts"], **counts}}) if counts else None,
    )


def _both_refuse(central, path, *fragments: str) -> str:
    """`central verify` and `central import` agree: both refuse, with the same sentence, and nothing is written."""
    before = central_counts(central)
    verified, imported = verify_bundle(central, path), import_bundle(central, path)
    assert verified.result == imported.result == "refused", (verified.message, imported.message)
    assert verified.message == imported.message
    for fragment in fragments:
        assert fragment in imported.message
    assert central_counts(central) == before
    with central.db.read() as s:
        assert [a.result for a in s.scalars(select(ImportAttempt))][-2:] == ["refused", "refused"]
    return imported.message


def _set(rows, column, value):
    rows[0][column] = value
    return rows


@pytest.mark.parametrize(
    ("table", "column", "value", "fragment"),
    [
        ("association", "member_count", 2**70, "larger than any number"),
        ("association", "member_count", -(2**70), "less than 0"),
        ("association", "member_count", -3, "less than 0"),
        ("association", "name_ru", "Корей\ud800", "control character"),
        ("association", "name_ru", "Корей\x07", "control character"),
        ("person", "surname", "Ким\nКим", "Line breaks"),
        (
            "person",
            "surname",
            "".join(random.choices("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі", k=5 * 1024**2)),
            "Too long",
        ),
        ("person", "surname", 12, "wrong type"),
        ("district", "code", True, "wrong type"),
        ("association", "is_republican", 1, "wrong type"),
        ("association", "registration_date", "2024-02-30", "wrong type"),
    ],
)
def test_a_signed_value_that_a_form_refuses_is_refused_by_verify_and_import(
    central, region, bundle, tmp_path, table, column, value, fragment
):
    path = _forged(bundle, central, region, tmp_path, table, lambda rows: _set(rows, column, value))
    message = _both_refuse(central, path, fragment, f"{table}.jsonl, line 1", column)
    assert len(message) < 400


@pytest.mark.parametrize("table", ["district", "association", "person"])
def test_a_record_id_twice_in_a_table_is_refused(central, region, bundle, tmp_path, table):
    n = len(open_members(bundle, central)[f"{table}.jsonl"].splitlines())
    path = _forged(
        bundle, central, region, tmp_path, table, lambda rows: rows + [dict(rows[0])], counts={table: n + 1}
    )
    _both_refuse(central, path, f"{table}.jsonl, line {n + 1}", "comes twice")


def test_one_bad_file_never_stops_the_others_and_every_attempt_is_logged(
    central, region, bundle, tmp_path, monkeypatch
):
    bad = _forged(bundle, central, region, tmp_path, "association", lambda r: _set(r, "member_count", 2**70))
    junk = tmp_path / "0-junk.age"
    junk.write_bytes(b"age-encryption.org/v1\n" + os.urandom(300))
    if (
        sys.platform == "win32"
    ):  # Windows names are Unicode: no undecodable bytes there, Kazakh letters instead
        odd_name, logged_name = "1-тақ-әң.age", "1-тақ-әң.age"
    else:  # a name with bytes that are not UTF-8 (Linux keeps them): logged with a replacement mark
        odd_name, logged_name = "1-odd-\udcff.age", "1-odd-\ufffd.age"
    odd = tmp_path / odd_name
    odd.write_bytes(bundle.read_bytes())
    crashing = tmp_path / "2-crash.age"
    crashing.write_bytes(bundle.read_bytes())
    real_open = central_import.open_bundle

    def open_or_fail(ws, path, *args):
        if Path(path).name == crashing.name:
            raise RuntimeError("a failure nobody foresaw")
        return real_open(ws, path, *args)

    monkeypatch.setattr(central_import, "open_bundle", open_or_fail)
    outcomes = import_files(central, [bad, crashing, junk, odd, bundle])
    results = {o.file_name: o.result for o in outcomes}
    assert results[bad.name] == "refused" and results[junk.name] == "refused"
    assert results[logged_name] == "imported"
    assert results[crashing.name] == "refused"
    crash = next(o for o in outcomes if o.file_name == crashing.name)
    assert "RuntimeError" in crash.message and "nothing was changed" in crash.message
    assert results[bundle.name] == "skipped"  # the same bundle as the odd-named copy
    with central.db.read() as s:
        logged = [
            (a.file_name, a.result) for a in s.scalars(select(ImportAttempt).order_by(ImportAttempt.id))
        ]
    assert sorted(logged) == sorted(results.items())


def test_a_refused_import_takes_no_backup(central, region, bundle, tmp_path):
    if not central.db.is_sqlite:
        pytest.skip("a PostgreSQL centre is backed up by its server (pg_dump), never by an import")
    bad = _forged(bundle, central, region, tmp_path, "association", lambda r: _set(r, "member_count", -1))
    assert [o.result for o in import_files(central, [bad])] == ["refused"]
    assert list_backups(central) == []
    assert [o.result for o in import_files(central, [bundle])] == ["imported"]
    assert len(list_backups(central)) == 1
    assert [o.result for o in import_files(central, [bundle])] == ["skipped"]  # nothing to apply: no backup
    assert len(list_backups(central)) == 1


def test_an_armored_age_file_is_accepted(central, bundle, tmp_path):
    plain = pyrage.decrypt(bundle.read_bytes(), [keys.central_identity(central)])
    recipient = pyrage.x25519.Recipient.from_str(keys.central_recipient(central))
    armored = tmp_path / "armored.age"
    armored.write_bytes(pyrage.encrypt(plain, [recipient], armored=True))
    assert armored.read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    outcome = import_bundle(central, armored)
    assert outcome.result == "imported", outcome.message
    damaged = bytearray(armored.read_bytes())
    damaged[len(damaged) // 2] = ord("A") if damaged[len(damaged) // 2] != ord("A") else ord("B")
    (tmp_path / "damaged.age").write_bytes(bytes(damaged))
    assert import_bundle(central, tmp_path / "damaged.age").result == "refused"


def test_a_key_carrying_another_keys_id_is_refused(make_region, central, region, bundle):
    """minisign's key id is a label in the key: a KZ-55 key relabelled with KZ-35's id must not be trusted."""
    kz35 = keys.region_public_key(region)
    other = minisign.KeyPair.generate().public_key.to_base64()
    import base64

    raw = base64.b64decode(other)
    forged = base64.b64encode(raw[:2] + base64.b64decode(kz35.base64)[2:10] + raw[10:]).decode()
    assert keys.parse_public_key(forged).key_id == kz35.key_id
    with pytest.raises(DeskError, match=kz35.key_id):
        trust.add(central, "KZ-55", forged)
    with pytest.raises(DeskError, match="key id"):
        trust.rotate(central, "KZ-55", forged)
    assert import_bundle(central, bundle).result == "imported"


def test_the_inflate_limit_is_configurable(central, region, bundle, tmp_path):
    central.settings.set("sync_max_inflated_mb", 1)

    def grow(files):
        files["person.jsonl"] = os.urandom(1024**2).hex().encode()  # 2 MB that barely compresses
        return files

    big = rebuild(bundle, central, tmp_path / "big.age", members=grow)
    _both_refuse(central, big, "inflates beyond")
    central.settings.set("sync_max_inflated_mb", 512)
    assert import_bundle(central, bundle).result == "imported"


def _peak_rss_child(home: Path, file: Path, setup: str = "") -> dict:
    """Verify `file` in a fresh process; its result and how much its peak memory grew during the verify (VmHWM:
    the process's own peak; ru_maxrss would keep the parent's across fork and exec)."""
    code = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from desk.services.workspace import open_workspace
        from desk.sync.central_import import verify_bundle
        def peak_kb():
            return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
        ws = open_workspace(Path({str(home)!r}))
        {setup}
        before = peak_kb()
        outcome = verify_bundle(ws, Path({str(file)!r}))
        after = peak_kb()
        print(json.dumps({{"result": outcome.result, "message": outcome.message, "grew_kb": after - before,
                          "peak_kb": after}}))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory read from /proc (Linux)")
def test_a_900_mb_file_is_refused_before_decryption_in_little_memory(central, tmp_path):
    huge = tmp_path / "huge.age"
    with open(huge, "wb") as fh:  # sparse: 900 MB on paper, a few KB on disk
        fh.write(b"age-encryption.org/v1\n")
        fh.truncate(900 * 1024**2)
    home = central.home.root
    central.close()
    found = _peak_rss_child(home, huge)
    assert found["result"] == "refused" and "before decryption" in found["message"]
    assert "200 MB" in found["message"] and "sync_max_bundle_mb" in found["message"]
    assert found["grew_kb"] < 100 * 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory read from /proc (Linux)")
def test_decryption_streams_in_bounded_memory(central, tmp_path):
    """With the size limit raised, a genuine 300 MB age file (of no archive) is decrypted as a stream into a
    temporary file and refused, the process growing by far less than the file."""
    recipient = pyrage.x25519.Recipient.from_str(keys.central_recipient(central))
    big = tmp_path / "big.age"

    class Zeros(io.RawIOBase):
        left = 300 * 1024**2

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            n = min(len(buffer), self.left)
            buffer[:n] = bytes(n)
            self.left -= n
            return n

    with open(big, "wb") as out:
        pyrage.encrypt_io(io.BufferedReader(Zeros()), out, [recipient])
    assert big.stat().st_size > 300 * 1024**2
    home = central.home.root
    central.close()
    found = _peak_rss_child(home, big, setup="ws.settings.set('sync_max_bundle_mb', 2000)")
    assert found["result"] == "refused" and "archive" in found["message"], found
    assert found["grew_kb"] < 100 * 1024, found
    assert not any((home / "tmp").iterdir())  # the decrypted temporary file is gone


def test_rows_parsed_in_chunks_name_the_right_line(central, region, bundle, tmp_path, monkeypatch):
    """A large table is parsed a few thousand lines at a time: the result and the lines named are the same."""
    from desk.sync import verify

    monkeypatch.setattr(verify, "CHUNK_LINES", 2)
    n = len(open_members(bundle, central)["district.jsonl"].splitlines())
    assert n > 4
    twice = _forged(
        bundle,
        central,
        region,
        tmp_path,
        "district",
        lambda rows: rows + [dict(rows[0])],
        counts={"district": n + 1},
    )
    _both_refuse(central, twice, f"district.jsonl, line {n + 1}", "comes twice")
    late = _forged(
        bundle, central, region, tmp_path, "district", lambda rows: _set(rows[::-1], "code", "x\x07")[::-1]
    )
    _both_refuse(central, late, f"district.jsonl, line {n}", "control character")
    assert import_bundle(central, bundle).result == "imported"
    assert central_counts(central, "KZ-35")["district"] == n
