"""Logs: errors reach the log with their trace while the user sees one clear message; no IIN, phone number or key
material is ever written to a log, not in messages, exception texts or tracebacks."""

from __future__ import annotations

import logging
import os
import stat
import sys
import threading

import pytest

from desk import logs
from desk.cli import main

IIN = "900101300123"  # a real-looking IIN (valid check digit is irrelevant to the log)
PHONES = ("+7 701 234 56 78", "8 (7172) 55-12-34", "87012345678", "+7-777-111-22-33")
AGE_KEY = "AGE-SECRET-KEY-1GQ9778VQXMMJVE8SK7J6VT8UJ4HDQAJUVSFCWCM02D8GEWQ72PVQ2Y5J33"
MINISIGN = (
    "untrusted comment: minisign encrypted secret key\n"
    "RWRTY0IyyfJ3oLqMIVq4U5Q5V1r3PHkTZK3+Bw3MJ9z9bXW8j5l0g2IAAAACAAAAAAAAAEAAAAAAvqqHdX7V2yZ6"
    "xgqN+uCMtyOkC3M1Gr6sm2kQEjmv9pZsX4Rz7u8Yg=="
)
SECRETS = (IIN, *PHONES, AGE_KEY, MINISIGN.splitlines()[1])


def test_redaction_masks_personal_data_and_keys_but_keeps_the_rest():
    line = (
        f"person {IIN} phones {', '.join(PHONES)} key {AGE_KEY} bytes b'{'x' * 40}' file "
        "/work/main/desk/store/backup.py line 123 at 2025-01-05 12:30:00"
    )
    out = logs.redact(line + "\n" + MINISIGN)
    for secret in SECRETS:
        assert secret not in out
    assert "[number]" in out and out.count("[phone]") == len(PHONES) and "[key]" in out and "[bytes]" in out
    assert "/work/main/desk/store/backup.py line 123 at 2025-01-05 12:30:00" in out


def test_tracebacks_and_exception_texts_are_redacted(tmp_path):
    logs.configure(tmp_path / "logs")
    log = logging.getLogger("desk.test")

    def load_person(iin: str, phone: str) -> None:
        raise ValueError(f"cannot load person {iin} ({phone}) with key {AGE_KEY}\n{MINISIGN}")

    try:
        load_person(IIN, PHONES[0])
    except ValueError:
        log.exception("loading failed for %s", IIN)
    logs.configure(None)
    text = (tmp_path / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "load_person" in text and "ValueError" in text
    for secret in SECRETS:
        assert secret not in text
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "logs" / "desk.log").stat().st_mode) == 0o600


@pytest.mark.filterwarnings("ignore:New instance:sqlalchemy.exc.SAWarning")
def test_an_unexpected_command_error_is_one_line_for_the_user_and_a_clean_trace_in_the_log(
    demo_workspace, capsys, monkeypatch
):
    """A real database error whose message carries the person's IIN and phone as SQL parameters."""
    from desk.cli import registry
    from desk.domain.records import Person

    def failing_list(ctx):  # type: ignore[no-untyped-def]
        ws = ctx.workspace()
        with ws.db.transact() as session:
            person = Person(
                region=ws.region, surname="Ким", given_name="Ольга", sex="f", iin=IIN, phone=PHONES[0]
            )
            session.add(person)
            session.flush()
            session.add(
                Person(
                    id=person.id,
                    region=ws.region,
                    surname="Ким",
                    given_name="Ольга",
                    sex="f",
                    iin=IIN,
                    phone=PHONES[0],
                )
            )
            session.flush()  # the same id again: IntegrityError with the parameters in its text

    monkeypatch.setattr(registry, "cmd_list", failing_list)
    home = demo_workspace.home.root
    code = main(["list", "persons", "--home", str(home)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("desk: Unexpected error: IntegrityError") and "Traceback" not in err
    text = (home / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "IntegrityError" in text and "failing_list" in text
    assert "[number]" in text and "[phone]" in text  # they were there, and were masked
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.qt_no_exception_capture
def test_an_error_in_the_window_goes_to_the_log_and_the_clerk_sees_a_message(qtbot, tmp_path, monkeypatch):
    from desk.ui import startup
    from desk.ui.qt import QTimer

    shown: list[str] = []
    monkeypatch.setattr(startup, "tell", lambda _p, message, critical=False: shown.append(message))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    logs.configure(tmp_path / "logs")
    startup.install_error_hook()

    def on_click() -> None:
        raise RuntimeError(f"saving member {IIN}, phone {PHONES[1]} failed")

    QTimer.singleShot(0, on_click)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    logs.configure(None)
    assert "RuntimeError" in shown[0] and "log" in shown[0]
    text = (tmp_path / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "on_click" in text
    assert "[number]" in text and "[phone]" in text
    for secret in SECRETS:
        assert secret not in text
