"""`desk central import` and `desk central verify`: open a bundle, check everything, apply it all or nothing.

Checks, in order, each refusing the bundle with one clear sentence (`BundleRefused`) before anything is written:
the file is an age file for this centre and decrypts (age's authentication catches a flipped byte or a truncated
file); the archive is sound (names, bounds: see `desk.sync.archive`); the manifest's format version is one this
program reads; the signature was made by the active trusted key of the region the manifest names (not an unknown,
revoked or other region's key), and its trusted comment repeats region, sequence and the manifest's hash; every
payload file matches its SHA-256 and count; every row belongs to that region, has known columns of the right types,
and no record of another region is touched; the sequence follows what was imported (already imported → skipped;
a gap → refused naming the missing numbers, unless the bundle is full).

Applying is one transaction: rows are upserted by id (the region stays the bundle's), tombstones delete, a full
bundle also removes the region's records it does not carry; foreign keys are checked at commit. Every attempt is
logged (`sync_import_log`), and an import writes a signed receipt.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import minisign
import pyrage
import sqlalchemy as sa
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import UTCDateTime

from desk.domain.records import SEARCHABLE, SYNCED_TABLES, Named, Person, SyncedRecord
from desk.domain.text import sort_key
from desk.errors import DeskError
from desk.i18n import _, ngettext
from desk.services.workspace import Workspace
from desk.store import search as search_index
from desk.store.db import next_usn
from desk.sync import archive, manifest, receipts, trust
from desk.sync.errors import BundleRefused
from desk.sync.keys import key_id_of
from desk.sync.manifest import MANIFEST, SIGNATURE, TOMBSTONES, Manifest, payload_file, sha256
from desk.sync.tables import ImportAttempt, ReceivedBundle, TrustedKey

MAX_BUNDLE_BYTES = 1024**3
AGE_HEADER = b"age-encryption.org/v1\n"
_HIDDEN = {"sort_kk", "sort_ru", "sort_en", "sort_name"}
_TABLES: dict[str, type[SyncedRecord]] = {cls.__tablename__: cls for cls in SYNCED_TABLES}  # type: ignore[attr-defined]
_KIND_OF = {cls: kind for kind, cls in SEARCHABLE.items()}
_ID = re.compile(r"^[A-Za-z0-9-]{1,36}$")

Progress = Callable[[int, int, str], bool]


@dataclass
class OpenedBundle:
    """A bundle that passed every check of its own (not yet the sequence)."""

    file_name: str
    manifest: Manifest
    manifest_hash: str
    key: TrustedKey
    rows: dict[str, list[dict[str, Any]]]
    tombstones: list[dict[str, Any]]


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

    @property
    def ok(self) -> bool:
        return self.result != "refused"


# --- opening and checking ---------------------------------------------------------------------------------------


def _decrypt(ws: Workspace, data: bytes) -> bytes:
    from desk.sync.keys import central_identity

    if not data.startswith(AGE_HEADER):
        if len(data) < len(AGE_HEADER) and AGE_HEADER.startswith(data):
            raise BundleRefused(_("The file is truncated."))
        raise BundleRefused(_("The file is not an age-encrypted bundle (damaged, or not a bundle)."))
    identity = central_identity(ws)
    try:
        return pyrage.decrypt(data, [identity])
    except pyrage.DecryptError as exc:
        reason = (str(exc).strip().splitlines() or ["?"])[0].strip()[:160]
        if "No matching keys" in reason:
            raise BundleRefused(_(
                "The file is not encrypted for this central office's key (made for another recipient, or its "
                "header is damaged)."
            )) from None
        raise BundleRefused(_(
            "The file is damaged or truncated: its encryption does not authenticate ({error})."
        ).format(error=reason)) from None


def _signing_key(ws: Workspace, m: Manifest, signature: minisign.Signature) -> TrustedKey:
    """The active trusted key of the manifest's region that made `signature`, or a refusal saying why not."""
    key_id = key_id_of(signature._key_id)
    candidates = trust.keys_with_id(ws, key_id)
    if not candidates:
        raise BundleRefused(_(
            "The bundle is signed with an unknown key (id {key_id}); no trusted key of {region} matches. Add the "
            "region's key with “desk central trust add {region} PUBKEY”."
        ).format(key_id=key_id, region=m.region))
    key = candidates[0]
    if key.region != m.region:
        raise BundleRefused(_(
            "The bundle says it comes from {region} but is signed with the key of {other}: refused."
        ).format(region=m.region, other=key.region))
    if key.revoked_at is not None:
        raise BundleRefused(_(
            "The bundle is signed with a key of {region} that was revoked on {date} ({fingerprint})."
        ).format(region=m.region, date=key.revoked_at.date().isoformat(), fingerprint=key.fingerprint))
    return key


def _column_specs(cls: type[SyncedRecord]) -> list[tuple[str, Callable[[Any], Any] | None, bool]]:
    """(column, converter from JSON or None for text, nullable) for the columns a bundle carries."""
    out: list[tuple[str, Callable[[Any], Any] | None, bool]] = []
    for col in cls.__table__.columns:  # type: ignore[attr-defined]
        if col.name in _HIDDEN:
            continue
        kind = col.type
        conv: Callable[[Any], Any] | None
        if isinstance(kind, UTCDateTime | sa.DateTime):
            conv = _to_datetime
        elif isinstance(kind, sa.Date):
            conv = _to_date
        elif isinstance(kind, sa.Boolean):
            conv = _to_bool
        elif isinstance(kind, sa.Integer):
            conv = _to_int
        else:
            conv = None
        out.append((col.name, conv, bool(col.nullable)))
    return out


def _to_datetime(v: Any) -> dt.datetime:
    value = dt.datetime.fromisoformat(v) if isinstance(v, str) else None
    if value is None:
        raise TypeError
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _to_date(v: Any) -> dt.date:
    if not isinstance(v, str):
        raise TypeError
    return dt.date.fromisoformat(v)


def _to_bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise TypeError
    return v


def _to_int(v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise TypeError
    return v


def _defaults(cls: type[SyncedRecord]) -> dict[str, Any]:
    """Values for columns an older program did not send; columns without a default are required."""
    out: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if info.is_required() or name in _HIDDEN:
            continue
        out[name] = info.default_factory() if info.default_factory else info.default  # type: ignore[call-arg]
    return out


_NAME_ORDER = {lang: (lang,) + tuple(x for x in ("ru", "kk", "en") if x != lang) for lang in ("kk", "ru", "en")}


def _parse_rows(table: str, data: bytes, region: str) -> list[dict[str, Any]]:
    cls = _TABLES[table]
    specs = _column_specs(cls)
    known = {name for name, _c, _n in specs}
    defaults = _defaults(cls)
    named = issubclass(cls, Named)
    sort_keys: dict[str, str] = {}  # names repeat across languages and records: fold each once

    def key_of(text: str, width: int) -> str:
        found = sort_keys.get(text)
        if found is None:
            found = sort_keys[text] = sort_key(text)[:width]
        return found

    rows: list[dict[str, Any]] = []
    name = payload_file(table)
    for number, raw in _json_lines(name, data):
        if not isinstance(raw, dict):
            raise BundleRefused(_("{file}, line {line}: not a record.").format(file=name, line=number))
        if not known.issuperset(raw):
            column = next(k for k in raw if k not in known)
            raise BundleRefused(_(
                "{file}, line {line}: unknown column “{column}” (the bundle was made by a newer program?)."
            ).format(file=name, line=number, column=str(column)[:60]))
        row: dict[str, Any] = {}
        for key, conv, nullable in specs:
            if key not in raw:
                if key not in defaults:
                    raise BundleRefused(_("{file}, line {line}: the column “{column}” is missing.").format(
                        file=name, line=number, column=key))
                row[key] = defaults[key]
                continue
            value = raw[key]
            if value is None:
                if not nullable:
                    raise BundleRefused(_("{file}, line {line}: “{column}” is empty.").format(
                        file=name, line=number, column=key))
                row[key] = None
            elif conv is None:
                if not isinstance(value, str):
                    raise BundleRefused(_("{file}, line {line}: “{column}” has a value of the wrong type.").format(
                        file=name, line=number, column=key))
                row[key] = value
            else:
                try:
                    row[key] = conv(value)
                except (TypeError, ValueError):
                    raise BundleRefused(_("{file}, line {line}: “{column}” has a value of the wrong type.").format(
                        file=name, line=number, column=key)) from None
        if not _ID.match(row["id"]):
            raise BundleRefused(_("{file}, line {line}: invalid record id.").format(file=name, line=number))
        if row["region"] != region:
            raise BundleRefused(_(
                "{file}, line {line}: a record of {other} in a bundle of {region}: refused."
            ).format(file=name, line=number, other=row["region"], region=region))
        if named:
            for lang, order in _NAME_ORDER.items():
                text_ = next((v for v in (row[f"name_{c}"] for c in order) if v.strip()), "")
                row[f"sort_{lang}"] = key_of(text_, 500)
        elif cls is Person:
            full = " ".join(p for p in (row["surname"], row["given_name"], row["patronymic"]) if p)
            row["sort_name"] = key_of(full, 600)
        rows.append(row)
    return rows


def _json_lines(name: str, data: bytes) -> list[tuple[int, Any]]:
    """(line number, value) of every non-empty line; parsed as one JSON array when it can be (much faster),
    line by line to name the bad line when it cannot."""
    numbered = [(n, line) for n, line in enumerate(data.splitlines(), start=1) if line.strip()]
    try:
        values = json.loads(b"[" + b",".join(line for _n, line in numbered) + b"]")
        if len(values) == len(numbered):
            return [(n, v) for (n, _line), v in zip(numbered, values, strict=True)]
    except ValueError:
        pass
    out = []
    for number, line in numbered:
        try:
            out.append((number, json.loads(line)))
        except ValueError:
            raise BundleRefused(_("{file}, line {line}: not valid JSON.").format(file=name, line=number)) from None
    return out


def _parse_tombstones(data: bytes, region: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    name = payload_file(TOMBSTONES)
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            record_id, table, owner = raw["id"], raw["table"], raw["region"]
        except (ValueError, KeyError, TypeError):
            raise BundleRefused(_("{file}, line {line}: not a deletion record.").format(
                file=name, line=number)) from None
        if not isinstance(record_id, str) or not _ID.match(record_id) or table not in _TABLES:
            raise BundleRefused(_("{file}, line {line}: not a deletion record.").format(file=name, line=number))
        if owner != region:
            raise BundleRefused(_(
                "{file}, line {line}: a record of {other} in a bundle of {region}: refused."
            ).format(file=name, line=number, other=owner, region=region))
        out.append({"id": record_id, "table": table})
    return out


def open_bundle(ws: Workspace, path: Path) -> OpenedBundle:
    """Decrypt and check one bundle file; raises BundleRefused naming the first problem."""
    trust.require_central(ws)
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleRefused(_("The file is larger than any bundle ({size} MB).").format(size=size // 1024**2))
        data = path.read_bytes()
    except OSError as exc:
        raise BundleRefused(_("Cannot read the file: {error}").format(error=exc.strerror or exc)) from None
    reader = archive.open_zip(_decrypt(ws, data))
    if MANIFEST not in reader.names or SIGNATURE not in reader.names:
        raise BundleRefused(_("The bundle has no signed manifest."))
    manifest_bytes = reader.read(MANIFEST, limit=manifest.MAX_MANIFEST_BYTES)
    m = manifest.parse(manifest_bytes)
    manifest_hash = sha256(manifest_bytes)
    try:
        signature = minisign.Signature.from_bytes(reader.read(SIGNATURE, limit=64 * 1024))
    except (minisign.Error, ValueError, IndexError):
        raise BundleRefused(_("The bundle's signature file is damaged.")) from None
    key = _signing_key(ws, m, signature)
    try:
        minisign.PublicKey.from_base64(key.public_key).verify(manifest_bytes, signature)
    except minisign.Error:
        raise BundleRefused(_(
            "The bundle's signature does not match the trusted key of {region}: the manifest was altered."
        ).format(region=m.region)) from None
    if signature.trusted_comment != manifest.trusted_comment(m.region, m.sequence, manifest_hash):
        raise BundleRefused(_("The signature's trusted comment does not name this bundle (region, sequence, "
                              "hash): refused."))
    if m.key_id != key.key_id:
        raise BundleRefused(_("The manifest names another key than the one that signed it."))

    payload = set(reader.names) - {MANIFEST, SIGNATURE}
    if payload != set(m.files):
        extra = sorted(payload - set(m.files)) or sorted(set(m.files) - payload)
        raise BundleRefused(_("The bundle's files do not match its manifest ({names}).").format(
            names=", ".join(extra)[:200]))
    rows: dict[str, list[dict[str, Any]]] = {}
    tombstones: list[dict[str, Any]] = []
    for table in manifest.PAYLOAD_NAMES:
        name = payload_file(table)
        if name not in m.files:
            continue
        data_file = reader.read(name)
        if sha256(data_file) != m.files[name]:
            raise BundleRefused(_(
                "The bundle's file {name} does not match its hash in the signed manifest: it was altered."
            ).format(name=name))
        if table == TOMBSTONES:
            tombstones = _parse_tombstones(data_file, m.region)
            found = len(tombstones)
        else:
            rows[table] = _parse_rows(table, data_file, m.region)
            found = len(rows[table])
        if found != m.counts.get(table, 0):
            raise BundleRefused(_("The bundle's file {name} holds {found} rows; its manifest says {count}.").format(
                name=name, found=found, count=m.counts.get(table, 0)))
    return OpenedBundle(file_name=path.name, manifest=m, manifest_hash=manifest_hash, key=key, rows=rows,
                        tombstones=tombstones)


def _numbers(first: int, last: int) -> str:
    if last - first < 5:
        return ", ".join(str(n) for n in range(first, last + 1))
    return f"{first}–{last}"


def last_imported(session: Any, region: str) -> ReceivedBundle | None:
    return session.scalar(select(ReceivedBundle).where(ReceivedBundle.region == region)
                          .order_by(ReceivedBundle.sequence.desc()).limit(1))  # type: ignore[attr-defined]


def check_sequence(session: Any, opened: OpenedBundle) -> ReceivedBundle | None:
    """None when the bundle is next in line (or full); the earlier import when it was already imported.
    Raises BundleRefused on a gap or a bundle that does not follow the region's history."""
    m = opened.manifest
    last = last_imported(session, m.region)
    last_seq = last.sequence if last else 0
    if m.sequence <= last_seq:
        same = session.get(ReceivedBundle, (m.region, m.sequence))
        if same is not None and same.manifest_hash != opened.manifest_hash:
            raise BundleRefused(_(
                "Bundle {sequence} of {region} differs from the bundle {sequence} imported on {date}: refused."
            ).format(sequence=m.sequence, region=m.region, date=same.imported_at.date().isoformat()))
        return same or last
    if m.full:
        return None
    if m.sequence > last_seq + 1:
        missing = _numbers(last_seq + 1, m.sequence - 1)
        raise BundleRefused(ngettext(
            "Bundle {sequence} of {region} is refused: bundle {missing} has not been imported yet. Import it "
            "first, or ask the region for a full bundle (desk bundle export --full).",
            "Bundle {sequence} of {region} is refused: bundles {missing} have not been imported yet. Import them "
            "first, or ask the region for a full bundle (desk bundle export --full).",
            m.sequence - 1 - last_seq,
        ).format(sequence=m.sequence, region=m.region, missing=missing))
    if last is not None and m.previous_hash != last.manifest_hash:
        raise BundleRefused(_(
            "Bundle {sequence} of {region} does not follow bundle {previous} imported on {date} (another "
            "history): ask the region for a full bundle."
        ).format(sequence=m.sequence, region=m.region, previous=last.sequence,
                 date=last.imported_at.date().isoformat()))
    return None


def _check_ownership(conn: sa.Connection, opened: OpenedBundle) -> None:
    """No record of another region may be overwritten or deleted by this bundle."""
    region = opened.manifest.region
    wanted: dict[str, list[str]] = {t: [r["id"] for r in rows] for t, rows in opened.rows.items()}
    for tomb in opened.tombstones:
        wanted.setdefault(tomb["table"], []).append(tomb["id"])
    for table, ids in wanted.items():
        tbl = _TABLES[table].__table__  # type: ignore[attr-defined]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            other = conn.execute(select(tbl.c.id, tbl.c.region).where(
                tbl.c.id.in_(chunk), tbl.c.region != region).limit(1)).first()
            if other is not None:
                raise BundleRefused(_(
                    "The bundle of {region} would change a record of {other} ({table} {id}): refused."
                ).format(region=region, other=other.region, table=table, id=other.id))


def _search_rows(cls: type[SyncedRecord], rows: Iterable[dict[str, Any]]) -> list[tuple[str, ...]]:
    kind = _KIND_OF.get(cls)
    if kind is None:
        return []
    out = []
    for r in rows:
        if cls is Person:
            raw = " ".join(x for x in (r["surname"], r["given_name"], r["patronymic"], r["iin"] or "") if x)
        else:
            raw = " ".join(x for x in (r["name_kk"], r["name_ru"], r["name_en"]) if x)
        out.append((r["id"], kind, r["region"], search_index.body_of(raw)))
    return out


_SEARCH_UPSERT = (
    "INSERT INTO search_doc (record_id, kind, region, body) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(record_id) DO UPDATE SET kind = excluded.kind, region = excluded.region, body = excluded.body"
)


def _upsert(cls: type[SyncedRecord], dialect: sa.Dialect) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """An INSERT … ON CONFLICT(id) DO UPDATE for the driver, and a function making one row's parameters with the
    column types' own conversions (as the ORM would store them). Executed by the driver in bulk: the ORM and
    Core per-row overhead is most of an import's time otherwise."""
    table = cls.__table__  # type: ignore[attr-defined]
    columns = list(table.columns)
    names = ", ".join(f'"{c.name}"' for c in columns)
    updates = ", ".join(f'"{c.name}" = excluded."{c.name}"' for c in columns if c.name != "id")
    sql = (f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" for _c in columns)}) '
           f'ON CONFLICT("id") DO UPDATE SET {updates}')
    names_ = [c.name for c in columns]
    converting = [(i, f) for i, c in enumerate(columns)
                  if (f := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None]

    def params(row: dict[str, Any]) -> tuple[Any, ...]:
        values = [row[n] for n in names_]
        for i, f in converting:
            if values[i] is not None:
                values[i] = f(values[i])
        return tuple(values)

    return sql, params


def _delete_ids(conn: sa.Connection, table: str, region: str, ids: list[str]) -> int:
    tbl = _TABLES[table].__table__  # type: ignore[attr-defined]
    removed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        removed += conn.execute(tbl.delete().where(tbl.c.id.in_(chunk), tbl.c.region == region)).rowcount or 0
        if _TABLES[table] in _KIND_OF:
            conn.execute(text("DELETE FROM search_doc WHERE record_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"ids": chunk})
    return removed


def _apply(session: Any, opened: OpenedBundle) -> dict[str, int]:
    """Write the bundle's rows into the centre's database within the session's transaction."""
    conn = session.connection()
    conn.execute(text("PRAGMA defer_foreign_keys = ON"))  # rows of one bundle may come in any order
    if sum(len(r) for r in opened.rows.values()) > 20_000:
        # a big bundle touches every index of the big tables at random places: keep them in memory (64 MB)
        # rather than spilling half-written pages to the WAL file
        conn.execute(text("PRAGMA cache_size = -65536"))
    _check_ownership(conn, opened)
    usn = next_usn(session)
    region = opened.manifest.region
    counts: dict[str, int] = {}
    for cls in SYNCED_TABLES:
        table = cls.__tablename__  # type: ignore[attr-defined]
        rows = opened.rows.get(table, [])
        if not rows:
            continue
        for r in rows:
            r["usn"] = usn
        sql, make_params = _upsert(cls, conn.dialect)
        for start in range(0, len(rows), 5000):
            conn.exec_driver_sql(sql, [make_params(r) for r in rows[start : start + 5000]])
        docs = _search_rows(cls, rows)
        for start in range(0, len(docs), 5000):
            conn.exec_driver_sql(_SEARCH_UPSERT, docs[start : start + 5000])
        counts[table] = len(rows)
    deleted = 0
    by_table: dict[str, list[str]] = {}
    for tomb in opened.tombstones:
        by_table.setdefault(tomb["table"], []).append(tomb["id"])
    if opened.manifest.full:
        for cls in SYNCED_TABLES:
            table = cls.__tablename__  # type: ignore[attr-defined]
            keep = {r["id"] for r in opened.rows.get(table, [])}
            tbl = cls.__table__  # type: ignore[attr-defined]
            present = conn.execute(select(tbl.c.id).where(tbl.c.region == region)).scalars()
            by_table.setdefault(table, []).extend(i for i in present if i not in keep)
    for cls in reversed(SYNCED_TABLES):
        table = cls.__tablename__  # type: ignore[attr-defined]
        ids = by_table.get(table)
        if ids:
            deleted += _delete_ids(conn, table, region, ids)
    counts["deleted"] = deleted
    session.info.setdefault("changed_tables", set()).update(
        t for t in (*opened.rows, *by_table) if opened.rows.get(t) or by_table.get(t))
    return counts


# --- the commands ------------------------------------------------------------------------------------------------


def _log(ws: Workspace, action: str, outcome: Outcome) -> None:
    with ws.db.transact(audit=False) as session:
        session.add(ImportAttempt(operator=ws.operator, action=action, file_name=outcome.file_name,
                                  region=outcome.region, sequence=outcome.sequence, result=outcome.result,
                                  message=outcome.message))


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{name}: {n}" for name, n in counts.items() if n) or _("no changes")


def import_bundle(ws: Workspace, path: Path) -> Outcome:
    """Import one file: every check, then apply in one transaction and write the receipt. Always logged."""
    path = Path(path)
    outcome = Outcome(file_name=path.name, result="refused", message="")
    try:
        opened = open_bundle(ws, path)
        m = opened.manifest
        outcome.region, outcome.sequence = m.region, m.sequence
        receipt_path: Path | None = None
        try:
            with ws.db.transact(audit=False) as session:
                earlier = check_sequence(session, opened)
                if earlier is not None:
                    outcome.result = "skipped"
                    outcome.message = _(
                        "Bundle {sequence} of {region} was already imported (bundle {earlier}, on {date}); skipped."
                    ).format(sequence=m.sequence, region=m.region, earlier=earlier.sequence,
                             date=earlier.imported_at.date().isoformat())
                else:
                    counts = _apply(session, opened)
                    now = dt.datetime.now(dt.UTC)
                    receipt_path = receipts.make_receipt(
                        ws, region=m.region, sequence=m.sequence, manifest_hash=opened.manifest_hash,
                        counts={k: v for k, v in counts.items()}, imported_at=now, bundle_file=path.name)
                    session.add(ReceivedBundle(
                        region=m.region, sequence=m.sequence, manifest_hash=opened.manifest_hash,
                        key_id=opened.key.key_id, full=m.full, created_at=m.created(), imported_at=now,
                        counts=json.dumps(counts), file_name=path.name, receipt_file=receipt_path.name))
                    session.flush()
                    outcome.result, outcome.counts, outcome.receipt = "imported", counts, receipt_path
                    outcome.message = _("Bundle {sequence} of {region} imported ({counts}). Receipt: {receipt}").format(
                        sequence=m.sequence, region=m.region, counts=_counts_text(counts), receipt=receipt_path)
        except IntegrityError as exc:
            if receipt_path is not None:
                receipt_path.unlink(missing_ok=True)
            raise BundleRefused(_("The bundle would break the links between records ({error}): refused.").format(
                error=str(exc.orig)[:120])) from None
        except BaseException:
            if receipt_path is not None:
                receipt_path.unlink(missing_ok=True)
            raise
    except BundleRefused as exc:
        outcome.result, outcome.message = "refused", exc.message
    _log(ws, "import", outcome)
    return outcome


def import_files(ws: Workspace, paths: list[Path], progress: Progress | None = None) -> list[Outcome]:
    """Import several files; they are taken in order of region and sequence whatever order they came in."""
    trust.require_central(ws)
    report: Progress = progress or (lambda done, total, what: True)
    order = sorted(paths, key=lambda p: Path(p).name)
    if order:  # an import changes much at once: a backup first (desk/services/backups.py)
        from desk.services.backups import backup_before

        backup_before(ws, "import")
    outcomes = []
    for number, path in enumerate(order):
        if not report(number, len(order), Path(path).name):
            raise DeskError(_("Cancelled."))
        outcomes.append(import_bundle(ws, Path(path)))
    report(len(order), len(order), _("Done"))
    return outcomes


def verify_bundle(ws: Workspace, path: Path) -> Outcome:
    """Every check of an import, nothing applied. Logged like an import."""
    path = Path(path)
    outcome = Outcome(file_name=path.name, result="refused", message="")
    try:
        opened = open_bundle(ws, path)
        m = opened.manifest
        outcome.region, outcome.sequence = m.region, m.sequence
        outcome.counts = dict(m.counts)
        with ws.db.read() as session:
            earlier = check_sequence(session, opened)
            _check_ownership(session.connection(), opened)
        outcome.result = "verified"
        if earlier is not None:
            outcome.message = _("Bundle {sequence} of {region} passes every check; it was already imported and "
                                "would be skipped.").format(sequence=m.sequence, region=m.region)
        else:
            outcome.message = _("Bundle {sequence} of {region} passes every check and can be imported ({counts}).") \
                .format(sequence=m.sequence, region=m.region, counts=_counts_text(m.counts))
    except BundleRefused as exc:
        outcome.result, outcome.message = "refused", exc.message
    _log(ws, "verify", outcome)
    return outcome


def import_log(ws: Workspace, limit: int = 200) -> list[ImportAttempt]:
    with ws.db.read() as session:
        return list(session.scalars(select(ImportAttempt).order_by(ImportAttempt.id.desc()).limit(limit)))  # type: ignore[union-attr]
