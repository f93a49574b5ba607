"""`database.url` is written whole or not at all: a failure while writing it (a full disk) leaves no half-written
URL that the next start would follow, nor a file that makes the next attempt's O_EXCL fail."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desk.store.home import Home


def test_a_failed_write_leaves_no_database_url_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path)
    url = "postgresql://clerk:secret@db.local:5432/desk"

    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        home.keep_database_url(url)
    assert not home.database_url_file.exists()
    assert home.database_target == home.database
    monkeypatch.undo()
    home.keep_database_url(url)  # the next attempt writes it
    assert home.database_url == url
