"""The archive inside the age envelope: a zip file, written and read in memory, read defensively.

Reading refuses, before anything is applied: a damaged or truncated archive, a member name that is not a plain
file name (a path that would climb out of a folder, an absolute path, a folder), a name twice, and a payload that
inflates beyond a sane bound (a decompression bomb): each member is inflated in chunks and stopped as soon as it
passes its bound, or `MAX_RATIO` times its compressed size once past `RATIO_FLOOR`, or the whole archive passes
`total_limit` (proportionate to the archive's size and configurable: see `desk.sync.decrypt.Limits`).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from desk.i18n import _
from desk.sync.errors import BundleRefused

MAX_TOTAL_BYTES = 512 * 1024**2
"""Unless told otherwise, no bundle inflates to more than this (the large demo region is about 60 MB)."""
MAX_RATIO = 200
"""JSON Lines of records compress five to fifteen times; a ratio of 200 is a bomb, not data."""
RATIO_FLOOR = 8 * 1024**2
"""Below this many inflated bytes a member is never called a bomb, whatever its ratio."""

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_CHUNK = 1024 * 1024


def write_zip(members: list[tuple[str, bytes]], *, level: int = 6) -> bytes:
    """A zip archive of `members` (name, data) in that order, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return buffer.getvalue()


def safe_name(name: str) -> bool:
    """A plain file name: no folder, no parent reference, no drive, no absolute path."""
    return bool(_SAFE_NAME.match(name)) and ".." not in name


@dataclass
class ArchiveReader:
    """The members of an archive, checked by name; `read(name)` inflates one with the bounds above."""

    zf: zipfile.ZipFile
    names: list[str]
    total_limit: int = MAX_TOTAL_BYTES
    inflated: int = 0

    def read(self, name: str, *, limit: int | None = None) -> bytes:
        info = self.zf.getinfo(name)
        cap = min(limit or self.total_limit, self.total_limit)
        out = io.BytesIO()  # its getvalue() hands over the buffer: the payload is never held twice
        size = 0
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    out.write(chunk)
                    size += len(chunk)
                    self.inflated += len(chunk)
                    too_big = size > cap or self.inflated > self.total_limit
                    bomb = size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1)
                    if too_big or bomb:
                        raise BundleRefused(
                            _(
                                "The bundle's file {name} inflates beyond a sane size (more than {size} MB from "
                                "{packed} KB): refused as a decompression bomb."
                            ).format(
                                name=name, size=size // 1024**2, packed=max(1, info.compress_size // 1024)
                            )
                        )
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise BundleRefused(
                _("The bundle's archive is damaged ({name}: {error}).").format(name=name, error=exc)
            ) from None
        return out.getvalue()


def open_zip(data: bytes | IO[bytes], *, total_limit: int = MAX_TOTAL_BYTES) -> ArchiveReader:
    """Open an archive (its bytes, or a seekable binary file) and check its member names; raises BundleRefused."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise BundleRefused(
            _("The bundle's archive is damaged or truncated ({error}).").format(error=exc)
        ) from None
    names: list[str] = []
    for info in infos:
        name = info.filename
        if not safe_name(name) or info.is_dir():
            raise BundleRefused(
                _("The bundle holds a file named “{name}”, a path outside its folder: refused.").format(
                    name=name[:120]
                )
            )
        if name in names:
            raise BundleRefused(_("The bundle holds the file {name} twice: refused.").format(name=name))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            raise BundleRefused(
                _("The bundle's file {name} uses an unsupported compression.").format(name=name)
            )
        names.append(name)
    return ArchiveReader(zf=zf, names=names, total_limit=total_limit)
