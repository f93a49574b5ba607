"""Opening a bundle file: its size checked before anything else, then decrypted as a stream, in bounded memory.

Anyone holding the centre's recipient (it is meant to be shared) can send a file, so nothing about a file is
trusted before its signature is checked, and that check needs the decrypted archive. Hence, in this order:
- the file's size on disk is checked against `sync_max_bundle_mb` (a setting of the central data folder) before
  a byte is read;
- the file is decrypted by age's own streaming reader (binary or ASCII-armored, as `age -a` writes it) into a
  temporary file inside the data folder (which is the user's alone), 64 KB at a time, and stopped as soon as the
  plaintext passes the same bound; a damaged or truncated file fails age's authentication of a chunk;
- the archive is then read from that file, each member inflated within `inflate_limit` (`desk.sync.archive`).

So a 900 MB file is refused without being read, and an accepted size never needs more memory than the payload
the import works on.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyrage

from desk.errors import os_error_reason
from desk.i18n import _
from desk.services.workspace import Workspace
from desk.sync import archive
from desk.sync.errors import BundleRefused

AGE_HEADER = b"age-encryption.org/v1\n"
ARMOR_HEADER = b"-----BEGIN AGE ENCRYPTED FILE-----"

MB = 1024**2
MIN_INFLATE_BYTES = 64 * MB
"""A small bundle may always inflate to this much (a handful of records compresses very well)."""
INFLATE_PER_ARCHIVE_BYTE = 50
"""Records as JSON Lines deflate five to fifteen times: fifty times the archive is a generous bound."""


@dataclass(frozen=True)
class Limits:
    """How large a bundle file may be and how much its archive may inflate to, from the data folder's settings."""

    file_bytes: int
    inflated_bytes: int

    @classmethod
    def of(cls, ws: Workspace) -> Limits:
        return cls(
            file_bytes=max(1, int(ws.settings.get("sync_max_bundle_mb"))) * MB,
            inflated_bytes=max(1, int(ws.settings.get("sync_max_inflated_mb"))) * MB,
        )

    def inflate_limit(self, archive_bytes: int) -> int:
        """The bound of everything an archive of `archive_bytes` may inflate to: proportionate to its size
        (a region's real bundle), never above the configured maximum."""
        return min(self.inflated_bytes, max(MIN_INFLATE_BYTES, INFLATE_PER_ARCHIVE_BYTE * archive_bytes))


class _TooLarge(Exception):
    pass


class _BoundedWriter:
    """A file-like sink for age's decrypting stream that refuses to grow past `limit` bytes."""

    def __init__(self, target: IO[bytes], limit: int) -> None:
        self.target = target
        self.limit = limit
        self.written = 0
        self.exceeded = False

    def write(self, data: Any) -> int:
        size = len(data)
        if self.written + size > self.limit:
            self.exceeded = True
            raise _TooLarge
        self.target.write(data)
        self.written += size
        return size

    def flush(self) -> None:
        self.target.flush()


def check_size(path: Path, limits: Limits) -> int:
    """The file's size, or a refusal when it is larger than any bundle may be. Reads nothing."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleRefused(
            _("Cannot read {path}: {error}").format(path=path, error=os_error_reason(exc, path))
        ) from None
    if size > limits.file_bytes:
        raise BundleRefused(
            _(
                "The file is {size} MB, larger than a bundle may be ({limit} MB, the setting "
                "“sync_max_bundle_mb”): refused before decryption."
            ).format(size=size // MB, limit=limits.file_bytes // MB)
        )
    return size


def _refuse_header(head: bytes) -> None:
    if head.startswith(AGE_HEADER) or head.lstrip().startswith(ARMOR_HEADER):
        return
    if len(head) < len(AGE_HEADER) and AGE_HEADER.startswith(head):
        raise BundleRefused(_("The file is truncated."))
    if len(head) < len(ARMOR_HEADER) and ARMOR_HEADER.startswith(head.lstrip()) and head.strip():
        raise BundleRefused(_("The file is truncated."))
    raise BundleRefused(_("The file is not an age-encrypted bundle (damaged, or not a bundle)."))


def _decrypt_error(reason: str) -> BundleRefused:
    reason = (reason.strip().splitlines() or ["?"])[0].strip()[:160]
    if "No matching keys" in reason:
        return BundleRefused(
            _(
                "The file is not encrypted for this central office's key (made for another recipient, or its "
                "header is damaged)."
            )
        )
    return BundleRefused(
        _("The file is damaged or truncated: its encryption does not authenticate ({error}).").format(
            error=reason
        )
    )


def decrypt_to(ws: Workspace, path: Path, out: IO[bytes], limits: Limits) -> int:
    """Decrypt the bundle file at `path` into `out` (a binary file), streaming; returns the plaintext's size.
    Raises BundleRefused: too large, not age, not for this centre, damaged or truncated."""
    from desk.sync.keys import central_identity

    check_size(path, limits)
    identity = central_identity(ws)
    sink = _BoundedWriter(out, limits.file_bytes)
    try:
        with open(path, "rb") as fh:
            _refuse_header(fh.read(len(ARMOR_HEADER) + 16))
            fh.seek(0)
            pyrage.decrypt_io(fh, sink, [identity])
    except BundleRefused:
        raise
    except OSError as exc:
        if sink.exceeded:
            raise _too_large(limits) from None
        if isinstance(exc, FileNotFoundError | PermissionError | IsADirectoryError):
            raise BundleRefused(
                _("Cannot read {path}: {error}").format(path=path, error=os_error_reason(exc, path))
            ) from None
        raise _decrypt_error(str(exc)) from None
    except pyrage.DecryptError as exc:
        raise _decrypt_error(str(exc)) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a hostile file fails the stream in several ways, a Rust panic
        # (pyo3's PanicException is a BaseException) among them: each is a refusal, logged, never a crash
        if sink.exceeded:
            raise _too_large(limits) from None
        raise _decrypt_error(f"{type(exc).__name__}: {exc}") from None
    if sink.exceeded:  # the writer's refusal came back as an I/O error the library swallowed
        raise _too_large(limits)
    out.flush()
    return sink.written


def _too_large(limits: Limits) -> BundleRefused:
    return BundleRefused(
        _("The file decrypts to more than a bundle may be ({limit} MB): refused.").format(
            limit=limits.file_bytes // MB
        )
    )


class DecryptedArchive:
    """The decrypted archive of a bundle file, in a temporary file that is gone once closed."""

    def __init__(self, ws: Workspace, path: Path) -> None:
        self.limits = Limits.of(ws)
        folder = ws.home.root / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        self.file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix="bundle-")  # noqa: SIM115 - closed in close()
        try:
            size = decrypt_to(ws, path, self.file, self.limits)
            self.file.seek(0)
            self.reader = archive.open_zip(self.file, total_limit=self.limits.inflate_limit(size))
        except BaseException:
            self.file.close()
            raise

    def close(self) -> None:
        self.reader.zf.close()
        self.file.close()

    def __enter__(self) -> archive.ArchiveReader:
        return self.reader

    def __exit__(self, *exc: object) -> None:
        self.close()
