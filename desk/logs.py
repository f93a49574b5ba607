"""Logging to rotated files in the data folder. Personal data (IIN, phone numbers) and key material are masked."""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")  # IIN and BIN: twelve digits standing alone
# Kazakhstan numbers written +7 … or 8 … with ten digits after, in any grouping; other international numbers.
_PHONE = re.compile(r"(?<![\w+])(?:\+\s*7|8)(?:[\s().-]*\d){10}(?!\d)|\+\s*\d(?:[\s().-]*\d){8,13}(?!\d)")
_AGE_KEY = re.compile(r"AGE-SECRET-KEY-1[0-9A-Z]+", re.IGNORECASE)
_PEM = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.DOTALL)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{40,}={0,2}")  # minisign keys, raw key bytes in base64
_BYTES = re.compile(r"""b(?:'(?:[^'\\\n]|\\.){32,}'|"(?:[^"\\\n]|\\.){32,}")""")  # bytes literals in reprs


def _key_like(match: re.Match[str]) -> str:
    run = match.group(0)
    mixed = any(c.isdigit() for c in run) and any(c.isupper() for c in run) and any(c.islower() for c in run)
    # A path is letters between slashes; a key has few slashes.
    return "[key]" if mixed and run.count("/") * 16 <= len(run) else run


def redact(text: str) -> str:
    """Mask what must never reach a log: key material, IIN/BIN, phone numbers."""
    text = _PEM.sub("[key]", text)
    text = _AGE_KEY.sub("[key]", text)
    text = _BYTES.sub("[bytes]", text)
    text = _BASE64.sub(_key_like, text)
    text = _IIN.sub("[number]", text)
    return _PHONE.sub("[phone]", text)


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log file readable by the user alone (each new file after a rotation too)."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        if os.name == "posix":
            try:
                os.chmod(self.baseFilename, 0o600)
            except OSError:
                pass
        return stream


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure(logs_dir: Path | None, *, level: int = logging.INFO) -> None:
    """Send the `desk` logger to `logs_dir/desk.log` (rotated), or nowhere when there is no folder yet."""
    logger = logging.getLogger("desk")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(level)
    logger.propagate = False
    if logs_dir is None:
        logger.addHandler(logging.NullHandler())
        return
    try:
        logs_dir.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(logs_dir, 0o700)
        handler = PrivateRotatingFileHandler(
            logs_dir / "desk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        logger.addHandler(logging.NullHandler())
        return
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
