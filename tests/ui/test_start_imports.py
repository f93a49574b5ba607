"""The window's start loads what the first page needs and no more: no spreadsheet importer (openpyxl), no report
library (ReportLab), no Alembic — they load when a wizard, a report or a migration first needs them (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("openpyxl", "desk.spreadsheets.importer", "reportlab", "alembic", "mako", "docx")


def test_the_window_starts_without_the_heavy_libraries(workspace):
    workspace.close()
    code = (
        "import sys; from pathlib import Path; from desk.ui.app import start; "
        f"started = start(Path({str(workspace.home.root)!r})); "
        "assert started.wait_until_open(); "
        "started.window.grab(); "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules)); started.close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
