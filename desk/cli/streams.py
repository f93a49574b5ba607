"""The encoding of the command line's output (UTF-8 everywhere; a byte-order mark for a new file on Windows), set
before anything is printed: by the full command (desk.cli.command) and the light `desk list` (desk.cli.light_list)."""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def stream_encoding(stream: object, *, windows: bool, machine_readable: bool) -> str:
    """What the CLI writes its output in: UTF-8 always (Kazakh letters are in no Windows code page: neither the
    console's OEM 866 nor the ANSI 1251), and on Windows with a byte-order mark when the output goes into a new
    file (`desk list > out.txt`), so that Notepad and Excel read it as UTF-8 and not as the ANSI code page. No mark
    in a console (Python writes it as Unicode), a pipe (the reader is a program), a file appended to (`>>`), or for
    --json (RFC 8259 forbids it)."""
    if not windows or machine_readable:
        return "utf-8"
    try:
        fileno = stream.fileno()  # type: ignore[attr-defined]
        info = os.fstat(fileno)
        at_start = os.lseek(fileno, 0, os.SEEK_CUR) == 0 and info.st_size == 0
    except (AttributeError, OSError, ValueError):
        return "utf-8"
    return "utf-8-sig" if stat.S_ISREG(info.st_mode) and at_start else "utf-8"


def _same_file(a: object, b: object) -> bool:
    try:
        return os.path.samestat(os.fstat(a.fileno()), os.fstat(b.fileno()))  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def utf8_streams(argv: Sequence[str] = ()) -> None:
    machine_readable = "--json" in argv
    shared = _same_file(sys.stdout, sys.stderr)  # `> out.txt 2>&1`: one mark, written by stdout
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            encoding = stream_encoding(
                stream,
                windows=os.name == "nt",
                machine_readable=machine_readable or (shared and stream is sys.stderr),
            )
            try:
                stream.flush()
                reconfigure(encoding=encoding, errors="replace")
            except (OSError, ValueError):
                pass
