"""One program per data folder: a second start (window or command) is refused with a clear message in the user's
language; the first window is asked to come to the front; a crashed holder leaves no stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desk.services.instance import EXIT_IN_USE, FolderInUse, hold_folder
from desk.setup_region import init_region

HOLDER = """
import sys
from pathlib import Path
from desk.services.instance import hold_folder
lock = hold_folder(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.readline()
"""


def _env(home: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen", "DESK_SMOKE_TEST": "1"}
    if home is not None:
        env["DESK_HOME"] = str(home)
    return env


@pytest.fixture
def held_by_another_process(workspace):
    """A child process holding the data folder (as a running window would)."""
    root = workspace.home.root
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    yield root, child
    if child.poll() is None:
        child.kill()
    child.wait(timeout=30)


def test_a_second_hold_in_the_same_process_is_refused(workspace):
    root = workspace.home.root
    first = hold_folder(root)
    try:
        with pytest.raises(FolderInUse) as refused:
            hold_folder(root)
        assert str(root) in refused.value.message and str(os.getpid()) in refused.value.message
    finally:
        first.release()
    hold_folder(root).release()  # free again


@pytest.mark.slow
def test_commands_and_the_window_are_refused_while_another_program_has_the_folder(held_by_another_process):
    root, child = held_by_another_process
    cli = subprocess.run(
        [sys.executable, "-m", "desk", "list", "associations", "--home", str(root), "--lang", "kk"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
    )
    assert cli.returncode == EXIT_IN_USE
    assert cli.stderr.count("\n") == 1 and str(child.pid) in cli.stderr
    assert "жұмыс істеп тұр" in cli.stderr  # Kazakh: "is running"

    window = subprocess.run(
        [sys.executable, "-m", "desk", "--home", str(root), "--lang", "ru"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
    )
    assert window.returncode == EXIT_IN_USE
    assert "уже" in window.stderr and str(root) in window.stderr

    # A holder that dies (power cut, kill -9) leaves no stale lock.
    child.send_signal(signal.SIGKILL) if hasattr(signal, "SIGKILL") else child.kill()
    child.wait(timeout=30)
    after = subprocess.run(
        [sys.executable, "-m", "desk", "list", "associations", "--home", str(root)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
    )
    assert after.returncode == 0, after.stderr


ASK_FORWARD = """
import sys
from pathlib import Path
from desk.ui.qt import QCoreApplication
from desk.ui.startup import ask_first_window_forward
app = QCoreApplication([])
print("answered" if ask_first_window_forward(Path(sys.argv[1]), timeout_ms=20000) else "no answer", flush=True)
"""


def test_the_first_window_is_asked_to_come_forward(qtbot, workspace, monkeypatch):
    from desk.ui import startup

    told: list[str] = []
    monkeypatch.setattr(startup, "tell", lambda _parent, message, critical=False: told.append(message))
    root = workspace.home.root
    guard = startup.claim_folder(root)
    assert guard is not None
    try:
        # a second start in this process: refused, with the message
        monkeypatch.setattr(startup, "ask_first_window_forward", lambda *_a, **_k: True)
        assert startup.claim_folder(root) is None
        assert len(told) == 1 and str(root) in told[0]
        # a second start in another process, as a clerk's double click makes it: the first window hears it and
        # answers, so the second knows it came forward
        child = subprocess.Popen(
            [sys.executable, "-c", ASK_FORWARD, str(root)], stdout=subprocess.PIPE, text=True, env=_env()
        )
        with qtbot.waitSignal(guard.bring_forward, timeout=60000):
            pass
        # the first window's answer goes out from its event loop: keep it running until the child has heard it
        # (blocking at once in communicate() left the answer unsent on a loaded machine: "no answer")
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60000)
        out, _err = child.communicate(timeout=60)
        assert out.strip() == "answered"
    finally:
        guard.release()
    again = startup.claim_folder(root)
    assert again is not None
    again.release()


def test_the_window_starts_and_quits_under_the_smoke_test(tmp_path):
    home = tmp_path / "h"
    init_region(home, "KZ-35").close()
    run = subprocess.run(
        [sys.executable, "-m", "desk", "--home", str(home)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    log = (home / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "smoke test: main window shown" in log
    assert [p.name.endswith("-daily.sqlite3") for p in (home / "backups").iterdir()] == [True]
