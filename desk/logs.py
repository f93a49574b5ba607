"""Logging to rotated files in the data folder. Personal data (IIN, phone numbers) and key material are masked."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
_PHONE = re.compile(r"(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")
_KEY = re.compile(r"(AGE-SECRET-KEY-1[0-9A-Z]+|untrusted comment:[^\n]*\n[A-Za-z0-9+/=]{40,})")


def redact(text: str) -> str:
    text = _KEY.sub("[key]", text)
    text = _IIN.sub("[number]", text)
    return _PHONE.sub("[phone]", text)


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
        handler = RotatingFileHandler(logs_dir / "desk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        logger.addHandler(logging.NullHandler())
        return
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
