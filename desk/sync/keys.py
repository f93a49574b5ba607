"""Keys: the region's minisign (Ed25519) signing key, the centre's age identity and receipt-signing key.

Files in the data folder's `keys/` (mode 0600 for secrets, never put in a bundle):
- region: `region.key` (minisign secret key, unencrypted: the data folder itself is the user's alone) and
  `region.pub` (minisign public key, the two-line format the `minisign` tool reads); `region.agekey` (the region's
  age identity, in the `age-keygen` format: the central office encrypts to its recipient the bundles that hold
  personal data for this region; the recipient travels in the region's signed bundles). The identity is also kept
  in the database's meta (`region_age_identity`), so that every backup holds it: a folder restored from a backup
  onto a new PC can still read the centre's bundles (the file is written again from it when it is missing);
- centre: `central.agekey` (age identity in the `age-keygen` format the `age` tool reads), `central.key` and
  `central.pub` (minisign key the centre signs receipts with).

`desk init` makes the region's keys through `on_init_region` (called by desk.setup_region); a data folder made
before the age identity existed gets one the first time it is needed (`region_identities`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import minisign
import pyrage

from desk.errors import DeskError
from desk.i18n import _
from desk.services.workspace import Workspace

REGION_KEY = "region.key"
REGION_PUB = "region.pub"
REGION_AGEKEY = "region.agekey"
REGION_IDENTITY_META = "region_age_identity"
CENTRAL_AGEKEY = "central.agekey"
CENTRAL_KEY = "central.key"
CENTRAL_PUB = "central.pub"

_PUBLIC_KEY_LEN = 42  # algorithm (2) + key id (8) + Ed25519 key (32)


@dataclass(frozen=True)
class PublicKeyInfo:
    """A minisign public key as the user sees it: the base64 line, its key id and a short fingerprint."""

    base64: str
    key_id: str
    fingerprint: str

    def load(self) -> minisign.PublicKey:
        return minisign.PublicKey.from_base64(self.base64)


def parse_public_key(text: str) -> PublicKeyInfo:
    """A minisign public key given as its base64 line or as the whole two-line `.pub` file."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    candidate = lines[-1] if lines else ""
    try:
        raw = base64.b64decode(candidate, validate=True)
        if len(raw) != _PUBLIC_KEY_LEN or raw[:2] != b"Ed":
            raise ValueError
        minisign.PublicKey.from_base64(candidate)
    except (ValueError, binascii.Error, minisign.Error):
        raise DeskError(
            _("“{key}” is not a minisign public key (a line of 56 characters starting with RW).").format(
                key=text.strip()[:60]
            )
        ) from None
    return PublicKeyInfo(base64=candidate, key_id=raw[2:10][::-1].hex().upper(), fingerprint=fingerprint(raw))


def fingerprint(raw: bytes) -> str:
    """Sixteen hex digits in groups of four: short enough to read over the phone."""
    digest = hashlib.sha256(raw).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def key_id_of(sig_or_key_id: bytes) -> str:
    """Key ids as the `minisign` tool prints them (little-endian hex)."""
    return sig_or_key_id[::-1].hex().upper()


def _write_secret(path: Path, data: bytes) -> None:
    """Create a file readable by the user alone; never overwrite an existing key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path.parent, 0o700)
    try:
        # O_BINARY: without it Windows opens the descriptor in text mode and turns every \n of the key into \r\n
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        raise DeskError(
            _("The key file {path} already exists; it was left as it is.").format(path=path)
        ) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _write_public(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _make_minisign_pair(folder: Path, secret_name: str, public_name: str, comment: str) -> PublicKeyInfo:
    pair = minisign.KeyPair.generate()
    pair.public_key.untrusted_comment = comment
    _write_secret(folder / secret_name, bytes(pair.secret_key) + b"\n")
    _write_public(folder / public_name, bytes(pair.public_key) + b"\n")
    return parse_public_key(pair.public_key.to_base64().decode())


# --- the region --------------------------------------------------------------------------------------------------


def create_region_keys(ws: Workspace) -> PublicKeyInfo:
    folder = ws.home.keys
    return _make_minisign_pair(folder, REGION_KEY, REGION_PUB, f"Dostyq Desk {ws.region} public key")


def on_init_region(ws: Workspace) -> None:
    """`desk init`: make the region's signing key and its age identity."""
    create_region_keys(ws)
    region_identities(ws)


def _age_identity_text(identity: pyrage.x25519.Identity) -> str:
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return f"# created: {created}\n# public key: {identity.to_public()}\n{identity}\n"


def _read_identity(text: str) -> pyrage.x25519.Identity | None:
    found = _read_identities(text)
    return found[0] if found else None


def _read_identities(text: str) -> list[pyrage.x25519.Identity]:
    """Every identity of an age identity file's text, in order (an unreadable one ends the list)."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                found.append(pyrage.x25519.Identity.from_str(line))
            except pyrage.IdentityError:
                break
    return found


def region_identities(ws: Workspace) -> list[pyrage.x25519.Identity]:
    """The region's age identities, the current one first: the file's, then the older ones the database keeps (a
    database restored from an older backup, or from another PC of the region). Makes the identity when the folder
    has none (a folder set up before this program sent encrypted bundles to regions); writes the file again from
    the database when the file is missing (a backup restored on a new PC)."""
    path = ws.home.keys / REGION_AGEKEY
    kept = ws.db.meta(REGION_IDENTITY_META) or ""
    from_db = _read_identities(kept)
    if path.exists():
        from_file = _read_identity(path.read_text(encoding="ascii", errors="replace"))
        if from_file is None:
            raise DeskError(_("The region's encryption key {path} cannot be read.").format(path=path))
        older = [i for i in from_db if str(i) != str(from_file)]
        if not from_db or str(from_db[0]) != str(from_file):
            # the database keeps the file's identity first (so a backup restores the one the centre encrypts to)
            # and every older one after it (bundles already made for them stay readable)
            ws.db.set_meta(
                REGION_IDENTITY_META,
                _age_identity_text(from_file) + "".join(_age_identity_text(i) for i in older),
            )
        return [from_file, *older]
    identity = from_db[0] if from_db else pyrage.x25519.Identity.generate()
    _write_secret(path, _age_identity_text(identity).encode("ascii"))
    if not from_db:
        ws.db.set_meta(REGION_IDENTITY_META, _age_identity_text(identity))
    return [identity, *from_db[1:]]


class NotForThisRegion(Exception):
    """A file encrypted to another region's key (or another age identity)."""


class NotAuthentic(Exception):
    """A file whose encryption does not authenticate: damaged or not age at all."""


def decrypt_for_region(ws: Workspace, raw: bytes) -> bytes:
    """The plaintext of a file (binary or armored age) encrypted to this region's identity. The region's key is
    read first, outside the refusals, so an unreadable key file is said as such (DeskError), not as a damaged file;
    then NotForThisRegion or NotAuthentic, which the caller words for its kind of file."""
    identities = list(region_identities(ws))
    try:
        return pyrage.decrypt(raw, identities)
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise NotForThisRegion from None
        raise NotAuthentic from None
    except Exception:  # noqa: BLE001 - an untrusted file: any failure to decrypt is a refusal
        raise NotAuthentic from None


def region_recipient(ws: Workspace) -> str:
    """The recipient (age1…) the central office encrypts this region's personal bundles to."""
    return str(region_identities(ws)[0].to_public())


def _existing(path: Path, missing: str) -> Path:
    if not path.exists():
        raise DeskError(missing.format(path=path))
    return path


def _public_key(path: Path, missing: str) -> PublicKeyInfo:
    return parse_public_key(_existing(path, missing).read_text(encoding="utf-8"))


def _secret_key(path: Path, missing: str) -> minisign.SecretKey:
    try:
        return minisign.SecretKey.from_file(_existing(path, missing))
    except (minisign.Error, ValueError) as exc:
        raise DeskError(
            _("The signing key {path} cannot be read: {error}").format(path=path, error=exc)
        ) from None


def _no_region_key() -> str:
    return _("This data folder has no signing key ({path}).")


def _no_central_key() -> str:
    return _("No central office key ({path}). Run “desk central init” first.")


def region_public_key(ws: Workspace) -> PublicKeyInfo:
    return _public_key(ws.home.keys / REGION_PUB, _no_region_key())


def region_secret_key(ws: Workspace) -> minisign.SecretKey:
    return _secret_key(ws.home.keys / REGION_KEY, _no_region_key())


# --- the central office -----------------------------------------------------------------------------------------


def create_central_keys(ws: Workspace) -> str:
    """The centre's age identity and receipt-signing key. Returns the age recipient."""
    identity = pyrage.x25519.Identity.generate()
    recipient = str(identity.to_public())
    _write_secret(ws.home.keys / CENTRAL_AGEKEY, _age_identity_text(identity).encode("ascii"))
    _make_minisign_pair(ws.home.keys, CENTRAL_KEY, CENTRAL_PUB, "Dostyq Desk central office receipt key")
    return recipient


def central_identity(ws: Workspace) -> pyrage.x25519.Identity:
    path = _existing(ws.home.keys / CENTRAL_AGEKEY, _no_central_key())
    identity = _read_identity(path.read_text(encoding="ascii", errors="replace"))
    if identity is not None:
        return identity
    raise DeskError(_("The central office key {path} cannot be read.").format(path=path))


def central_recipient(ws: Workspace) -> str:
    return str(central_identity(ws).to_public())


def central_public_key(ws: Workspace) -> PublicKeyInfo:
    return _public_key(ws.home.keys / CENTRAL_PUB, _no_central_key())


def central_secret_key(ws: Workspace) -> minisign.SecretKey:
    return _secret_key(ws.home.keys / CENTRAL_KEY, _no_central_key())


def parse_recipient(text: str) -> str:
    """An age X25519 recipient (age1…), normalised to lower case."""
    value = text.strip().lower()
    try:
        pyrage.x25519.Recipient.from_str(value)
    except (pyrage.RecipientError, ValueError):
        raise DeskError(
            _("“{value}” is not an age recipient (it starts with age1).").format(value=text.strip()[:80])
        ) from None
    return value
