"""The defects found on Windows, tested where they can be on any system (and all of it under the project's Windows
check, tools/windows/check.sh, on the official Windows CPython)."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desk import i18n
from desk.errors import DeskError, cannot_write, os_error_reason
from desk.services import backups
from desk.services import folder_check as checks
from desk.store import backup as store_backup

# --- fsync through a handle opened for writing -------------------------------------------------------------------


def test_backups_flush_through_a_handle_opened_for_writing(workspace, monkeypatch):
    """Windows refuses FlushFileBuffers on a read-only handle: every backup, restore and upgrade failed there."""
    modes: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.name == "posix":
            import fcntl

            modes.append(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE)
        else:
            modes.append(os.O_RDWR)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    path = backups.backup_now(workspace)
    done = backups.restore(workspace.home.root, path, ws=workspace)
    assert done.restored_from == path
    assert modes and all(m != os.O_RDONLY for m in modes), modes


# --- a folder where a file is expected -----------------------------------------------------------------------------


def test_a_folder_given_for_a_file_is_called_a_folder_even_when_the_system_says_access_denied(tmp_path):
    folder = tmp_path / "Отчёты"
    folder.mkdir()
    # what Windows answers when a folder is opened as a file: EACCES, naming the folder
    windows = PermissionError(errno.EACCES, "Permission denied", str(folder))
    assert os_error_reason(windows) == "it is a folder, not a file"
    # and when the error does not name it, the path the caller knows decides
    assert (
        "it is a folder" in cannot_write(folder, PermissionError(errno.EACCES, "Permission denied")).message
    )
    # a real access refusal on a file stays one
    file = tmp_path / "a.pdf"
    file.write_bytes(b"x")
    assert (
        os_error_reason(PermissionError(errno.EACCES, "Permission denied", str(file))) == "access is denied"
    )
    i18n.set_language("ru")
    assert os_error_reason(windows) == "это папка, а не файл"


def test_report_into_a_folder_says_it_is_a_folder(demo_workspace, tmp_path):
    folder = tmp_path / "Отчёт.pdf"
    folder.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "desk",
            "report",
            "quarterly",
            "--year",
            "2025",
            "--quarter",
            "1",
            "--lang",
            "en",
            "-o",
            str(folder),
            "--home",
            str(demo_workspace.home.root),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert run.returncode != 0
    assert "it is a folder" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


# --- key files in binary mode ----------------------------------------------------------------------------------


def test_key_files_are_written_byte_for_byte(tmp_path):
    from desk.sync import keys

    data = b"line one\nline two\n\x00\xff\r\n"
    target = tmp_path / "keys" / "x.key"
    keys._write_secret(target, data)
    assert target.read_bytes() == data  # no \n turned into \r\n by a text-mode descriptor


def test_the_region_key_reads_back_after_init(workspace):
    key_files = list(workspace.home.keys.iterdir())
    assert key_files
    for path in key_files:
        raw = path.read_bytes()
        assert b"\r\n" not in raw, path.name


# --- the language from the Windows UI language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("Russian_Russia.1251", "ru"),
        ("Kazakh_Kazakhstan.1251", "kk"),
        ("Kazakh_Kazakhstan", "kk"),
        ("English_United States.1252", "en"),
        ("kk_KZ.UTF-8", "kk"),
        ("ru-RU", "ru"),
        ("en_GB", "en"),
        ("kk-Cyrl-KZ", "kk"),
        ("German_Germany.1252", None),
        ("C.UTF-8", None),
        ("", None),
    ],
)
def test_locale_names_in_windows_and_posix_forms(name, lang):
    assert i18n.language_of(name) == lang


@pytest.mark.parametrize(
    ("langid", "lang"),
    [
        (0x043F, "kk"),
        (0x0419, "ru"),
        (0x0819, "ru"),
        (0x0409, "en"),
        (0x0809, "en"),
        (0x0407, None),
        (0, None),
    ],
)
def test_windows_language_ids(langid, lang):
    assert i18n.language_of_langid(langid) == lang


def test_on_windows_the_display_language_decides_when_no_variable_is_set(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(i18n, "_on_windows", lambda: True)
    monkeypatch.setattr(i18n, "_windows_ui_languages", lambda: ["kk"])
    assert i18n.system_language() == "kk"
    monkeypatch.setattr(i18n, "_windows_ui_languages", lambda: [])
    monkeypatch.setattr(i18n.locale, "getlocale", lambda *a: ("English_United States", "1252"))
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")  # a variable set on purpose still wins
    monkeypatch.setattr(i18n, "_windows_ui_languages", lambda: ["kk"])
    assert i18n.system_language() == "ru"


@pytest.mark.skipif(os.name != "nt", reason="the Windows API is asked only on Windows")
def test_the_windows_api_answers_with_one_of_ours_or_nothing():
    found = i18n._windows_ui_languages()
    assert all(lang in i18n.LANGUAGES for lang in found)


# --- the CLI's output in a console, a pipe and a redirected file --------------------------------------------------


def test_output_encoding_on_windows(tmp_path):
    from desk.cli.command import stream_encoding

    new_file = open(tmp_path / "out.txt", "w")  # noqa: SIM115 - a redirected stdout
    try:
        assert stream_encoding(new_file, windows=True, machine_readable=False) == "utf-8-sig"
        assert stream_encoding(new_file, windows=True, machine_readable=True) == "utf-8"  # --json: no mark
        assert stream_encoding(new_file, windows=False, machine_readable=False) == "utf-8"
    finally:
        new_file.close()
    (tmp_path / "log.txt").write_text("before\n", encoding="utf-8")
    appended = open(tmp_path / "log.txt", "a")  # noqa: SIM115 - `>>`: a mark in the middle would be garbage
    try:
        assert stream_encoding(appended, windows=True, machine_readable=False) == "utf-8"
    finally:
        appended.close()
    r, w = os.pipe()
    try:
        with os.fdopen(w, "w") as pipe:
            assert stream_encoding(pipe, windows=True, machine_readable=False) == "utf-8"
    finally:
        os.close(r)
    assert stream_encoding(io.StringIO(), windows=True, machine_readable=False) == "utf-8"


def test_redirected_output_reads_back_in_any_program(demo_workspace, tmp_path):
    """`desk list > out.txt`: UTF-8 (with a mark on Windows, for Notepad), Kazakh letters intact."""
    out = tmp_path / "out.txt"
    with out.open("wb") as fh:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "desk",
                "search",
                "Қазақ",
                "--lang",
                "kk",
                "--home",
                str(demo_workspace.home.root),
            ],
            stdout=fh,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert run.returncode == 0, run.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (os.name == "nt")
    text = raw.decode("utf-8-sig")
    assert "Қазақ" in text
    assert "\ufeff" not in text


# --- a failed automatic backup is an error of `desk check` and a warning in the window -----------------------


def _fail_backups(monkeypatch, error: BaseException) -> None:
    def refuse(*_a, **_k):
        raise error

    monkeypatch.setattr(store_backup, "backup_database", refuse)


def test_a_failed_daily_backup_is_a_check_error_until_a_backup_succeeds(workspace, monkeypatch):
    _fail_backups(monkeypatch, OSError(errno.ENOSPC, "No space left on device", str(workspace.home.backups)))
    assert backups.daily_backup(workspace) is None
    failure = backups.last_failure(workspace.home)
    assert failure is not None and failure.reason == "daily"
    found = [p for p in checks.run_checks(workspace) if p.check == "backup"]
    assert len(found) == 1 and found[0].level == "error"
    assert "the disk is full" in found[0].message
    i18n.set_language("kk")
    assert "диск толы" in [p for p in checks.run_checks(workspace) if p.check == "backup"][0].message
    i18n.set_language("en")
    monkeypatch.undo()
    backups.backup_now(workspace)
    assert backups.last_failure(workspace.home) is None
    assert not [p for p in checks.run_checks(workspace) if p.check == "backup"]


def test_desk_check_exits_non_zero_after_a_failed_daily_backup(workspace, monkeypatch, capsys):
    from desk.cli import main

    _fail_backups(monkeypatch, sqlite3.OperationalError("disk I/O error"))
    root = str(workspace.home.root)
    workspace.close()
    code = main(["check", "--home", root])
    err = capsys.readouterr()
    assert code != 0
    assert "automatic backup" in (err.out + err.err)


def test_the_window_shows_a_failed_backup_and_hides_it_after_a_good_one(qtbot, workspace, monkeypatch):
    from desk.ui.context import AppContext
    from desk.ui.main_window import MainWindow

    backups.record_failure(workspace.home, "daily", OSError(errno.EACCES, "Access is denied", "x"))
    ctx = AppContext(workspace)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.backup_warning.isVisible()
    assert "backup" in window.backup_warning.text()
    assert "access is denied" in window.backup_warning.toolTip()
    from desk.ui.qt import Qt

    qtbot.mouseClick(window.backup_warning, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.page("settings")  # where a backup is taken by hand
    i18n.set_language("ru")
    qtbot.waitUntil(lambda: "резервная копия" in window.backup_warning.text().lower())
    i18n.set_language("en")
    backups.backup_now(workspace)
    ctx.backups_changed.emit()
    assert not window.backup_warning.isVisible()
    ctx.close()


def test_the_daily_backup_thread_of_the_window_records_and_signals_a_failure(qtbot, workspace, monkeypatch):
    from desk.ui import startup

    _fail_backups(monkeypatch, OSError(errno.EIO, "I/O error", "x"))
    finished = threading.Event()
    thread = startup.after_open(workspace, finished.set)
    assert thread is not None
    thread.join(30)
    assert finished.is_set()
    failure = backups.last_failure(workspace.home)
    assert failure is not None and "could not be read or written" in failure.error


def test_an_unreadable_failure_record_is_still_an_error(workspace):
    workspace.home.backup_failure.write_text("{not json", encoding="utf-8")
    failure = backups.last_failure(workspace.home)
    assert failure is not None
    assert isinstance(failure.at, dt.datetime)


# --- restore from the window waits for every background reader -------------------------------------------------


def test_restore_from_the_window_waits_for_background_reads(qtbot, workspace, monkeypatch):
    from desk.ui import backups as section_module
    from desk.ui.context import AppContext
    from desk.ui.qt import QMessageBox

    path = backups.backup_now(workspace)
    ctx = AppContext(workspace)
    section = section_module.BackupsSection(ctx)
    qtbot.addWidget(section)
    started, release, read_done = threading.Event(), threading.Event(), threading.Event()

    def slow_read() -> int:
        started.set()
        release.wait(30)
        with workspace.db.engine.connect() as conn:  # a reader holding the file open
            conn.exec_driver_sql("SELECT COUNT(*) FROM association").scalar()
        read_done.set()
        return 1

    ctx.reads.submit("slow", slow_read, on_done=lambda _r: None)
    assert started.wait(10)
    order: list[str] = []
    real_replace = store_backup.replace_database

    def replace(staged: Path, live: Path) -> None:
        order.append("read done" if read_done.is_set() else "read still running")
        real_replace(staged, live)

    monkeypatch.setattr(store_backup, "replace_database", replace)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    threading.Timer(0.3, release.set).start()
    assert section.restore(path)
    assert order == ["read done"]
    ctx.close()


# --- the second start hands the foreground to the first window ------------------------------------------------


def test_foreground_handover_is_windows_only():
    from desk.ui import foreground

    if os.name != "nt":
        assert foreground.allow_foreground(12345) is False
    else:
        assert foreground.allow_foreground(None) in (True, False)


def test_the_backup_error_names_the_reason_in_the_users_language(workspace, monkeypatch):
    _fail_backups(monkeypatch, OSError(errno.ENOSPC, "No space left on device", "x"))
    i18n.set_language("ru")
    with pytest.raises(DeskError) as refused:
        backups.backup_now(workspace)
    assert "диск заполнен" in refused.value.message
    assert "No space" not in refused.value.message


def test_every_command_says_when_the_automatic_backup_failed(workspace, monkeypatch, capsys):
    from desk.cli import main

    _fail_backups(monkeypatch, OSError(errno.ENOSPC, "No space left on device", "x"))
    root = str(workspace.home.root)
    workspace.close()
    assert main(["list", "associations", "--home", root]) == 0
    err = capsys.readouterr().err
    assert "automatic backup" in err and "the disk is full" in err
    monkeypatch.undo()
    assert main(["backup", "--home", root]) == 0
    capsys.readouterr()
    assert main(["list", "associations", "--home", root]) == 0
    assert "automatic backup" not in capsys.readouterr().err


def test_bring_to_front_restores_a_minimised_window(qtbot):
    from desk.ui.foreground import bring_to_front
    from desk.ui.qt import Qt, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowMinimized)
    bring_to_front(window)  # on Windows through user32 as well
    assert window.isVisible()
    assert not window.windowState() & Qt.WindowState.WindowMinimized
