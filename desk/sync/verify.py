"""Checking a bundle before anything is written: `open_bundle` decrypts it (`desk.sync.decrypt`), checks the
archive, the manifest and its signature, and converts and validates every row; `check_sequence` places it in the
region's sequence of bundles.

Checks, in order, each refusing the bundle with one clear sentence (`BundleRefused`) before anything is written:
the file is no larger than a bundle may be and is an age file for this centre that decrypts (age's
authentication catches a flipped byte or a truncated file); the archive is sound (names, bounds: see
`desk.sync.archive`); the manifest's format version is one this program reads; the signature was made by the
active trusted key of the region the manifest names (not an unknown, revoked or other region's key), and its
trusted comment repeats region, sequence and the manifest's hash; every payload file matches its SHA-256 and
count; every row belongs to that region, has known columns of the right types, every value passes the domain's
rules of a form (types, integer ranges, text lengths and characters: `desk.domain.validation`; dates in order and
not in the future, the future counted from the day the bundle was made: `desk.domain.date_rules`), no id comes twice,
and no record of another region is touched; the sequence follows what was imported (already imported → skipped;
a gap not covered by the bundle's `base_sequence` → refused naming the missing numbers, unless the bundle is
full). `central verify` and `central import` run exactly these checks.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import minisign
import sqlalchemy as sa
from sqlalchemy import select
from sqlmodel import UTCDateTime, col

from desk.domain.column_rules import column_rule_problems, unknown_list_codes
from desk.domain.date_rules import bundle_reference_day, column_date_problem
from desk.domain.quarters import moment_text
from desk.domain.records import SYNCED_TABLES, Named, Person, SyncedRecord, table_name, table_of
from desk.domain.validation import column_integer_problem, column_text_problem, field_label, text_fields
from desk.i18n import _, ngettext
from desk.services.workspace import Workspace
from desk.sync import manifest, trust
from desk.sync.decrypt import DecryptedArchive
from desk.sync.derived import NameFolding
from desk.sync.errors import BundleRefused
from desk.sync.keys import key_id_of
from desk.sync.links import Collector, Links, check_links
from desk.sync.manifest import MANIFEST, SIGNATURE, TOMBSTONES, Manifest, payload_file, sha256
from desk.sync.notices import kept_columns
from desk.sync.tables import ReceivedBundle, TrustedKey

_HIDDEN = {"sort_kk", "sort_ru", "sort_en", "sort_name"}
TABLES: dict[str, type[SyncedRecord]] = {table_name(cls): cls for cls in SYNCED_TABLES}
_ID = re.compile(r"^[A-Za-z0-9-]{1,36}$")


@dataclass
class OpenedBundle:
    """A bundle that passed every check of its own (not yet the sequence)."""

    file_name: str
    manifest: Manifest
    manifest_hash: str
    key: TrustedKey
    rows: dict[str, TableRows]  # the ids of each table's rows (their values went to the open's `stage`)
    tombstones: list[dict[str, Any]]
    links: Links = field(default_factory=dict)  # the ids each row links to (desk.sync.links), no values
    links_checked: bool = False  # desk.sync.links.check_links passed
    # ids a server's import found unknown to the centre (no record, no search entry) before it wrote them
    # (desk.store.bulk.all_unknown): no record of another kind can hold them, so the links' check skips them
    unknown_ids: set[str] = field(default_factory=set)


def _signing_key(ws: Workspace, m: Manifest, signature: minisign.Signature) -> TrustedKey:
    """The active trusted key of the manifest's region that made `signature`, or a refusal saying why not."""
    key_id = key_id_of(signature._key_id)
    candidates = trust.keys_with_id(ws, key_id)
    if not candidates:
        raise BundleRefused(
            _(
                "The bundle is signed with an unknown key (id {key_id}); no trusted key of {region} matches. Add the "
                "region's key with “desk central trust add {region} PUBKEY”."
            ).format(key_id=key_id, region=m.region)
        )
    key = next((k for k in candidates if k.region == m.region), candidates[0])
    if key.region != m.region:
        raise BundleRefused(
            _(
                "The bundle says it comes from {region} but is signed with the key of {other}: refused."
            ).format(region=m.region, other=key.region)
        )
    if key.revoked_at is not None:
        raise BundleRefused(
            _(
                "The bundle is signed with a key of {region} that was revoked on {date} ({fingerprint})."
            ).format(region=m.region, date=moment_text(key.revoked_at), fingerprint=key.fingerprint)
        )
    return key


class _Bad(Exception):
    """One cell that cannot be stored; `kind` says why (missing, empty, type)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


_MISSING: Any = object()
_ISO_UTC = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?\+00:00\Z", re.ASCII
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)


@dataclass(frozen=True)
class _ColumnSpec:
    """A column a bundle carries: its name, its kind and the function turning a JSON value into the stored one."""

    name: str
    kind: str  # text, datetime, date, bool, int
    nullable: bool
    store: Callable[[Any], Any]  # a present, non-null value → the value the database stores; raises _Bad
    process: Callable[[Any], Any] | None  # the type's bind processor (for Python values such as defaults)


def _store_text(v: Any) -> Any:
    if type(v) is not str:
        raise _Bad("type")
    return v


def _store_int(v: Any) -> Any:
    if type(v) is not int:  # bool is not an int here
        raise _Bad("type")
    return v


def _storing(kind: str, process: Callable[[Any], Any] | None, sqlite: bool = True) -> Callable[[Any], Any]:
    """A JSON value → the stored value, exactly as the column type's bind processor would store what the ORM
    gets. On SQLite the common canonical forms (UTC time stamps and ISO dates as the exporter writes them) take
    a fast path to the text SQLite stores; anything else, and every value on another database (whose driver
    takes Python dates and times), goes through the type's own conversion (a test holds the two to the same
    output)."""
    proc: Callable[[Any], Any] = process or (lambda v: v)
    if kind == "datetime":

        def store_datetime(v: Any) -> Any:
            if type(v) is not str:
                raise _Bad("type")
            try:
                if sqlite and _ISO_UTC.match(v):
                    dt.datetime.fromisoformat(v)  # the calendar check
                    return f"{v[:10]} {v[11:19]}{v[19:26] if v[19] == '.' else '.000000'}"
                return proc(_to_datetime(v))
            except (TypeError, ValueError, OverflowError):
                raise _Bad("type") from None

        return store_datetime
    if kind == "date":

        def store_date(v: Any) -> Any:
            if type(v) is not str:
                raise _Bad("type")
            try:
                if sqlite and _ISO_DATE.match(v):
                    dt.date.fromisoformat(v)
                    return v
                return proc(_to_date(v))
            except (TypeError, ValueError, OverflowError):
                raise _Bad("type") from None

        return store_date
    if kind == "bool":

        def store_bool(v: Any) -> Any:
            if type(v) is not bool:
                raise _Bad("type")
            return proc(v)

        return store_bool
    if kind == "int":
        return _store_int
    return _store_text


_SPECS: dict[tuple[type, str], list[_ColumnSpec]] = {}


def _column_specs(cls: type[SyncedRecord], dialect: sa.Dialect) -> list[_ColumnSpec]:
    """The columns a bundle carries for `cls` (all but the derived sort keys), in table order."""
    found = _SPECS.get((cls, dialect.name))
    if found is not None:
        return found
    out: list[_ColumnSpec] = []
    for column in table_of(cls).columns:
        if column.name in _HIDDEN:
            continue
        kind_ = column.type
        if isinstance(kind_, UTCDateTime | sa.DateTime):
            kind = "datetime"
        elif isinstance(kind_, sa.Date):
            kind = "date"
        elif isinstance(kind_, sa.Boolean):
            kind = "bool"
        elif isinstance(kind_, sa.Integer):
            kind = "int"
        else:
            kind = "text"
        process = kind_.dialect_impl(dialect).bind_processor(dialect)
        store = _storing(kind, process, dialect.name == "sqlite")
        out.append(_ColumnSpec(column.name, kind, bool(column.nullable), store, process))
    _SPECS[(cls, dialect.name)] = out
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


def _defaults(cls: type[SyncedRecord]) -> dict[str, Any]:
    """Values for columns an older program did not send; columns without a default are required."""
    out: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if info.is_required() or name in _HIDDEN:
            continue
        out[name] = info.default_factory() if info.default_factory else info.default  # type: ignore[call-arg]
    return out


_NAME_ORDER = {
    lang: (lang,) + tuple(x for x in ("ru", "kk", "en") if x != lang) for lang in ("kk", "ru", "en")
}


@dataclass
class TableRows:
    """One table's rows from a bundle, checked and converted, held column by column (the stored values, in the
    table's column order; `usn` is the centre's own, stamped when applied)."""

    table: str
    columns: dict[str, list[Any]]
    count: int
    lines: list[int] = field(default_factory=list)  # each row's line in its payload file
    # the few columns `desk.sync.notices` reads (a dated table's ids, dates and last change), kept when staged
    kept: dict[str, list[Any]] = field(default_factory=dict)
    # (column, kind of list, code) → rows holding a code the centre's list in force does not know
    unknown_codes: dict[tuple[str, str, str], int] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return self.columns["id"]

    def value(self, column: str, index: int) -> Any:
        return self.columns[column][index]


_TEXT: frozenset[type] = frozenset({str})
_TEXT_OR_NONE: frozenset[type] = frozenset({str, type(None)})


def _column_values(
    spec: _ColumnSpec,
    values: list[Any],
    default: Any,
    has_default: bool,
    refuse: Callable[[int, str], BundleRefused],
) -> list[Any]:
    """The stored values of one column, or the refusal naming the first bad line."""
    store, nullable = spec.store, spec.nullable

    def cell(v: Any) -> Any:
        if v is None:
            if nullable:
                return None
            raise _Bad("empty")
        if v is _MISSING:
            if has_default:
                return default
            raise _Bad("missing")
        return store(v)

    if spec.kind == "text" and set(map(type, values)) <= (_TEXT_OR_NONE if nullable else _TEXT):
        return values  # every value a text (or null where allowed): the types found, without a Python loop
    try:
        return [cell(v) for v in values]
    except _Bad:
        for index, v in enumerate(values):
            try:
                cell(v)
            except _Bad as exc:
                raise refuse(index, exc.kind) from None
        raise


CHUNK_LINES = 5000
"""Rows parsed at a time: JSON objects of a whole large table at once would be most of an import's memory."""

Stage = Callable[[type[SyncedRecord], dict[str, list[Any]], int], None]
"""Where checked rows go, a chunk at a time (`cls`, the stored values column by column in the table's column
order, the number of rows): an import stages them in the database (`desk.store.bulk.stage_more`) so that no
table's parsed rows are held whole; a verification lets them go."""

Checked = Callable[["OpenedBundle", str | None], None]
"""Told, with the bundle as checked so far (its manifest, key and the tables checked until then), first (table
None) that the manifest and its signature passed, before any row is read, then of each table whose rows all passed
their checks (every chunk went to the stage, no id twice, the count the manifest says): a PostgreSQL import writes
while the next rows are checked (`desk.sync.pipeline`)."""


def _chunks(data: bytes) -> list[tuple[int, int, int]]:
    """(start, end, number of lines before it) of each run of `CHUNK_LINES` lines of `data`: the same lines as
    `data.split(b"\n")` taken `CHUNK_LINES` at a time, without a copy of every line."""
    out: list[tuple[int, int, int]] = []
    start, before, size = 0, 0, len(data)
    while True:
        end = start
        for _n in range(CHUNK_LINES):
            end = data.find(b"\n", end) + 1
            if end == 0:
                break
        if end == 0 or end >= size:
            out.append((start, size, before))
            return out
        out.append((start, end - 1, before))
        start, before = end, before + CHUNK_LINES


def _parse_rows(
    table: str,
    data: bytes,
    region: str,
    dialect: sa.Dialect,
    stage: Stage | None = None,
    reference_day: dt.date | None = None,
) -> TableRows:
    """Check and convert one payload file, column by column (a Python loop per cell is most of an import's
    time otherwise), `CHUNK_LINES` lines at a time. Refuses naming the file, the line and the column of the first
    problem found. With `stage`, each checked chunk goes there and the result holds only the ids; without, the
    result holds every column."""
    cls = TABLES[table]
    parts: list[TableRows] = []
    ids: list[str] = []
    lines: list[int] = []
    count = 0
    keep = kept_columns(table)
    kept: dict[str, list[Any]] = {c: [] for c in keep}
    unknown: dict[tuple[str, str, str], int] = {}
    for start, end, before in _chunks(data):
        chunk = data if (start, end) == (0, len(data)) else data[start:end]
        part = _parse_chunk(table, chunk, region, dialect, before, reference_day)
        del chunk
        ids.extend(part.ids)
        lines.extend(part.lines)
        count += part.count
        for c in keep:
            kept[c].extend(part.columns[c])
        for key, n in unknown_list_codes(table, part.columns).items():
            unknown[key] = unknown.get(key, 0) + n
        if stage is not None:
            if part.count:
                stage(cls, part.columns, part.count)
        else:
            parts.append(part)
        del part
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        bad = next(i for i, v in enumerate(ids) if v in seen or seen.add(v))  # type: ignore[func-returns-value]
        raise BundleRefused(
            _("{file}, line {line}: the record {id} comes twice in the bundle: refused.").format(
                file=payload_file(table), line=lines[bad], id=ids[bad]
            )
        )
    if stage is not None:
        columns: dict[str, list[Any]] = {"id": ids}
    elif len(parts) == 1:
        columns = parts[0].columns
    else:
        columns = {
            c: list(itertools.chain.from_iterable(p.columns[c] for p in parts)) for c in parts[0].columns
        }
    return TableRows(
        table=table,
        columns=columns,
        count=count,
        lines=[] if stage is not None else lines,
        kept=kept,
        unknown_codes=unknown,
    )


def _parse_chunk(
    table: str,
    data: bytes,
    region: str,
    dialect: sa.Dialect,
    offset: int,
    reference_day: dt.date | None = None,
) -> TableRows:
    """`_parse_rows` of the lines `data` (the file's lines after the first `offset`). `reference_day`: the last
    day a date "not in the future" may hold (`desk.domain.date_rules.bundle_reference_day` of the manifest's
    time); without it, today's by the same tolerance."""
    cls = TABLES[table]
    name = payload_file(table)
    numbered = [(n + offset, v) for n, v in _json_lines(name, data, offset)]
    lines = [n for n, _v in numbered]
    raws = [v for _n, v in numbered]
    bad = next((i for i, r in enumerate(raws) if type(r) is not dict), None)
    if bad is not None:
        raise BundleRefused(_("{file}, line {line}: not a record.").format(file=name, line=lines[bad]))
    specs = _column_specs(cls, dialect)
    known = {s.name for s in specs}
    if raws and not known.issuperset(set().union(*raws)):
        index = next(i for i, r in enumerate(raws) if not known.issuperset(r))
        column = next(k for k in raws[index] if k not in known)
        raise BundleRefused(
            _(
                "{file}, line {line}: unknown column “{column}” (the bundle was made by a newer program?)."
            ).format(file=name, line=lines[index], column=str(column)[:60])
        )
    if raws and all(len(r) == len(specs) for r in raws):  # every row has every column: transpose in C
        cells = list(zip(*map(operator.itemgetter(*(s.name for s in specs)), raws), strict=True))
        given = {s.name: list(col) for s, col in zip(specs, cells, strict=True)}
    else:
        given = {s.name: [r.get(s.name, _MISSING) for r in raws] for s in specs}
    defaults = _defaults(cls)
    columns: dict[str, list[Any]] = {}
    for spec in specs:

        def refuse(index: int, why: str, column: str = spec.name) -> BundleRefused:
            if why == "missing":
                message = _("{file}, line {line}: the column “{column}” is missing.")
            elif why == "empty":
                message = _("{file}, line {line}: “{column}” is empty.")
            else:
                message = _("{file}, line {line}: “{column}” has a value of the wrong type.")
            return BundleRefused(message.format(file=name, line=lines[index], column=column))

        has_default = spec.name in defaults
        default = defaults.get(spec.name)
        if default is not None and spec.process is not None:
            default = spec.process(default)
        columns[spec.name] = _column_values(spec, given[spec.name], default, has_default, refuse)
    for column, limit, multiline in text_fields(cls):  # the one text rule of every entry point (desk.domain)
        if column in columns and (problem := column_text_problem(columns[column], limit, multiline)):
            index, why = problem
            raise BundleRefused(
                _("{file}, line {line}: “{column}” ({label}): {why}").format(
                    file=name, line=lines[index], column=column, label=field_label(column), why=why
                )
            )
    for spec in specs:  # the integer ranges of a form (desk.domain), and what the database can hold
        if spec.kind == "int" and (problem := column_integer_problem(columns[spec.name], spec.name)):
            index, why = problem
            raise BundleRefused(
                _("{file}, line {line}: “{column}” ({label}): {why}").format(
                    file=name, line=lines[index], column=spec.name, label=field_label(spec.name), why=why
                )
            )
    if refused := column_rule_problems(table, columns):  # a form's rules value by value (desk.domain)
        column, index, why = refused
        raise BundleRefused(
            _("{file}, line {line}: “{column}” ({label}): {why}").format(
                file=name, line=lines[index], column=column, label=field_label(column), why=why
            )
        )
    day = reference_day or bundle_reference_day(dt.datetime.now(dt.UTC))
    if refused_date := column_date_problem(
        table, columns, day
    ):  # a form's date rules (desk.domain.date_rules)
        column, index, why, other = refused_date
        raise BundleRefused(
            _("{file}, line {line}: “{column}” ({label}): {why}").format(
                file=name,
                line=lines[index],
                column=column,
                label=field_label(column),
                why=_(why).format(field=field_label(other)) if other else _(why),
            )
        )
    ids = columns["id"]
    bad = next((i for i, v in enumerate(ids) if not _ID.match(v)), None)
    if bad is not None:
        raise BundleRefused(_("{file}, line {line}: invalid record id.").format(file=name, line=lines[bad]))
    bad = next((i for i, v in enumerate(columns["region"]) if v != region), None)
    if bad is not None:
        raise BundleRefused(
            _("{file}, line {line}: a record of {other} in a bundle of {region}: refused.").format(
                file=name, line=lines[bad], other=columns["region"][bad], region=region
            )
        )

    folding = NameFolding()  # names and their parts repeat across records and languages: fold each once
    if issubclass(cls, Named):
        names = list(zip(columns["name_kk"], columns["name_ru"], columns["name_en"], strict=True))
        position = {"kk": 0, "ru": 1, "en": 2}
        for lang, order in _NAME_ORDER.items():
            a, b, c = (position[code] for code in order)
            columns[f"sort_{lang}"] = [
                folding.key(next((v for v in (n[a], n[b], n[c]) if v.strip()), ""), 500) for n in names
            ]
    elif cls is Person:
        columns["sort_name"] = [
            folding.sort_key(parts, 600)
            for parts in zip(columns["surname"], columns["given_name"], columns["patronymic"], strict=True)
        ]
    ordered = {c.name: columns[c.name] for c in cls.__table__.columns}  # type: ignore[attr-defined]
    return TableRows(table=table, columns=ordered, count=len(raws), lines=lines)


def _json_lines(name: str, data: bytes, offset: int = 0) -> list[tuple[int, Any]]:
    """(line number, value) of every non-empty line; parsed as one JSON array when it can be (much faster),
    line by line to name the bad line when it cannot."""
    body = data.rstrip(b"\n")
    if body and b"\r" not in body and b"\n\n" not in body and not body.startswith(b"\n"):
        # one value a line, no blank lines (as the exporter writes): the newlines become the array's commas
        try:
            values = json.loads(b"[" + body.replace(b"\n", b",") + b"]")
        except (ValueError, RecursionError):  # RecursionError: arrays nested too deep, refused line by line
            values = None
        if values is not None and len(values) == body.count(b"\n") + 1:
            return list(enumerate(values, start=1))
    numbered = [(n, line) for n, line in enumerate(data.splitlines(), start=1) if line.strip()]
    try:
        values = json.loads(b"[" + b",".join(line for _n, line in numbered) + b"]")
        if len(values) == len(numbered):
            return [(n, v) for (n, _line), v in zip(numbered, values, strict=True)]
    except (ValueError, RecursionError):
        pass
    out = []
    for number, line in numbered:
        try:
            out.append((number, json.loads(line)))
        except (ValueError, RecursionError):
            raise BundleRefused(
                _("{file}, line {line}: not valid JSON.").format(file=name, line=number + offset)
            ) from None
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
        except (ValueError, KeyError, TypeError, RecursionError):
            raise BundleRefused(
                _("{file}, line {line}: not a deletion record.").format(file=name, line=number)
            ) from None
        if not isinstance(record_id, str) or not _ID.match(record_id) or table not in TABLES:
            raise BundleRefused(
                _("{file}, line {line}: not a deletion record.").format(file=name, line=number)
            )
        if owner != region:
            raise BundleRefused(
                _("{file}, line {line}: a record of {other} in a bundle of {region}: refused.").format(
                    file=name, line=number, other=owner, region=region
                )
            )
        out.append({"id": record_id, "table": table})
    return out


def open_bundle(
    ws: Workspace, path: Path, stage: Stage | None = None, checked: Checked | None = None
) -> OpenedBundle:
    """Decrypt and check one bundle file; raises BundleRefused naming the first problem. Each table's checked
    rows go to `stage` a chunk at a time (an import stages them in the database) and are let go: the result holds
    the ids of each table's rows, not their values. `checked` is told of each table once its rows all passed."""
    trust.require_central(ws)
    path = Path(path)
    collector = Collector(stage or _let_go)
    with DecryptedArchive(ws, path) as reader:
        opened = _check_archive(ws, path, reader, collector, checked)
    opened.links = collector.links
    return opened


def _let_go(cls: type[SyncedRecord], columns: dict[str, list[Any]], count: int) -> None:
    """A verification keeps no values: each chunk is let go once checked."""


def _check_archive(
    ws: Workspace, path: Path, reader: Any, stage: Stage, checked: Checked | None = None
) -> OpenedBundle:
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
        raise BundleRefused(
            _(
                "The bundle's signature does not match the trusted key of {region}: the manifest was altered."
            ).format(region=m.region)
        ) from None
    if signature.trusted_comment != manifest.trusted_comment(m.region, m.sequence, manifest_hash):
        raise BundleRefused(
            _("The signature's trusted comment does not name this bundle (region, sequence, hash): refused.")
        )
    if m.key_id != key.key_id:
        raise BundleRefused(_("The manifest names another key than the one that signed it."))

    payload = set(reader.names) - {MANIFEST, SIGNATURE}
    if payload != set(m.files):
        extra = sorted(payload - set(m.files)) or sorted(set(m.files) - payload)
        raise BundleRefused(
            _("The bundle's files do not match its manifest ({names}).").format(names=", ".join(extra)[:200])
        )
    rows: dict[str, TableRows] = {}
    opened = OpenedBundle(
        file_name=path.name, manifest=m, manifest_hash=manifest_hash, key=key, rows=rows, tombstones=[]
    )
    if checked is not None:
        checked(opened, None)
    for table in manifest.PAYLOAD_NAMES:
        name = payload_file(table)
        if name not in m.files:
            continue
        data_file = reader.read(name)
        if sha256(data_file) != m.files[name]:
            raise BundleRefused(
                _(
                    "The bundle's file {name} does not match its hash in the signed manifest: it was altered."
                ).format(name=name)
            )
        if table == TOMBSTONES:
            opened.tombstones = _parse_tombstones(data_file, m.region)
            found = len(opened.tombstones)
        else:
            rows[table] = _parse_rows(
                table, data_file, m.region, ws.db.engine.dialect, stage, bundle_reference_day(m.created())
            )
            found = rows[table].count
        del data_file
        if found != m.counts.get(table, 0):
            raise BundleRefused(
                _("The bundle's file {name} holds {found} rows; its manifest says {count}.").format(
                    name=name, found=found, count=m.counts.get(table, 0)
                )
            )
        if checked is not None and table != TOMBSTONES:
            checked(opened, table)
    _refuse_ids_in_two_tables(rows)
    return opened


def _refuse_ids_in_two_tables(rows: dict[str, TableRows]) -> None:
    """A record id names one record, whatever its table (the search entries and tombstones are keyed by it alone):
    the same id in two tables of a bundle is refused (the second one's search entry replaced the first's)."""
    owner: dict[str, str] = {}
    for table, part in rows.items():
        for record_id in part.ids:
            first = owner.setdefault(record_id, table)
            if first != table:
                raise BundleRefused(
                    _("The record {id} comes both in {first} and in {second}: refused.").format(
                        id=record_id, first=payload_file(first), second=payload_file(table)
                    )
                )


def _numbers(first: int, last: int) -> str:
    if last - first < 5:
        return ", ".join(str(n) for n in range(first, last + 1))
    return f"{first}–{last}"


def last_imported(session: Any, region: str, epoch: int | None = None) -> ReceivedBundle | None:
    """The region's last imported bundle: within a key epoch, or the newest of all."""
    stmt = select(ReceivedBundle).where(col(ReceivedBundle.region) == region)
    if epoch is not None:
        stmt = stmt.where(col(ReceivedBundle.epoch) == epoch)
    return session.scalar(
        stmt.order_by(col(ReceivedBundle.epoch).desc(), col(ReceivedBundle.sequence).desc()).limit(1)
    )


def earlier_key_bundle(session: Any, opened: OpenedBundle) -> ReceivedBundle | None:
    """When `opened` is the first bundle signed with a region's new key (a reinstalled region): the last bundle
    imported under an earlier key. None otherwise."""
    region, epoch = opened.manifest.region, opened.key.epoch
    if last_imported(session, region, epoch) is not None:
        return None
    return session.scalar(
        select(ReceivedBundle)
        .where(col(ReceivedBundle.region) == region, col(ReceivedBundle.epoch) < epoch)
        .order_by(col(ReceivedBundle.epoch).desc(), col(ReceivedBundle.sequence).desc())
        .limit(1)
    )


def check_sequence(session: Any, opened: OpenedBundle) -> ReceivedBundle | None:
    """None when the bundle is next in line (or full); the earlier import when it was already imported.
    Raises BundleRefused on a gap or a bundle that does not follow the region's history.

    Sequence numbers count within the epoch of the signing key. The first bundle signed with a region's new key
    must be full: it restarts the sequence (whatever its number) and replaces what the centre held."""
    m = opened.manifest
    if earlier_key_bundle(session, opened) is not None:
        if not m.full:
            raise BundleRefused(
                _(
                    "Bundle {sequence} of {region} is the first signed with its new key ({fingerprint}): after a key "
                    "change the first bundle must be a full one. Ask the region for “desk bundle export --full”."
                ).format(sequence=m.sequence, region=m.region, fingerprint=opened.key.fingerprint)
            )
        return None
    last = last_imported(session, m.region, opened.key.epoch)
    last_seq = last.sequence if last else 0
    if m.sequence <= last_seq:
        same = session.get(ReceivedBundle, (m.region, opened.key.epoch, m.sequence))
        if same is not None and same.manifest_hash != opened.manifest_hash:
            raise BundleRefused(
                _(
                    "Bundle {sequence} of {region} differs from the bundle {sequence} imported on {date}: refused."
                ).format(sequence=m.sequence, region=m.region, date=moment_text(same.imported_at))
            )
        return same or last
    if m.full:
        return None
    if m.sequence > last_seq + 1:
        # the bundle carries every change since its base: only the bundles up to the base must be here
        if m.base_sequence <= last_seq:
            return None
        missing = _numbers(last_seq + 1, m.base_sequence)
        raise BundleRefused(
            ngettext(
                "Bundle {sequence} of {region} is refused: bundle {missing} has not been imported yet. Import it "
                "first, or ask the region for a full bundle (desk bundle export --full).",
                "Bundle {sequence} of {region} is refused: bundles {missing} have not been imported yet. Import them "
                "first, or ask the region for a full bundle (desk bundle export --full).",
                m.base_sequence - last_seq,
            ).format(sequence=m.sequence, region=m.region, missing=missing)
        )
    if last is not None and m.previous_hash != last.manifest_hash:
        raise BundleRefused(
            _(
                "Bundle {sequence} of {region} does not follow bundle {previous} imported on {date} (another "
                "history): ask the region for a full bundle."
            ).format(
                sequence=m.sequence,
                region=m.region,
                previous=last.sequence,
                date=moment_text(last.imported_at),
            )
        )
    return None


def check_ownership(conn: sa.Connection, opened: OpenedBundle, *, tombstones_only: bool = False) -> None:
    """No record of another region may be overwritten or deleted by this bundle, and every link it makes must
    hold once it is applied (`desk.sync.links`). (An import checks the rows it upserts as it writes them, see
    `_upsert_rows`; this finds which record it was.)"""
    region = opened.manifest.region
    wanted: dict[str, list[str]] = {} if tombstones_only else {t: list(r.ids) for t, r in opened.rows.items()}
    for tomb in opened.tombstones:
        wanted.setdefault(tomb["table"], []).append(tomb["id"])
    for table, ids in wanted.items():
        tbl = TABLES[table].__table__  # type: ignore[attr-defined]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            other = conn.execute(
                select(tbl.c.id, tbl.c.region).where(tbl.c.id.in_(chunk), tbl.c.region != region).limit(1)
            ).first()
            if other is not None:
                raise BundleRefused(
                    _(
                        "The bundle of {region} would change a record of {other} ({table} {id}): refused."
                    ).format(region=region, other=other.region, table=table, id=other.id)
                )
    check_links(conn, opened)
