"""The PyInstaller build (build.spec) makes a program that works without a Python checkout: the version, a new
region, the demo data, a backup, a report in Kazakh, and the window started (offscreen) and closed again.

Slow (about a minute to build): run on its own with `pytest -m slow tests/shipping/test_build.py`; CI runs it.
Skipped when PyInstaller is not installed (`pip install -e ".[build]"`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXE = ".exe" if os.name == "nt" else ""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller")
    out = tmp_path_factory.mktemp("build")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    folder = out / "dist" / "DostyqDesk"
    assert (folder / f"desk{EXE}").exists() and (folder / f"desk-cli{EXE}").exists()
    return folder


def run(
    folder: Path, *args: str, exe: str = "desk-cli", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    clean.update({"QT_QPA_PLATFORM": "offscreen", **(env or {})})
    return subprocess.run(
        [str(folder / f"{exe}{EXE}"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean,
        cwd=folder.parent,
    )


def test_the_built_program_works_without_python(built, tmp_path):
    home = str(tmp_path / "home")
    version = run(built, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"Dostyq Desk {__version__}"

    init = run(built, "init", "--region", "KZ-35", "--home", home, "--lang", "kk")
    assert init.returncode == 0, init.stderr
    assert "Қарағанды облысы" in init.stdout  # the compiled Kazakh catalog is in the bundle

    demo = run(built, "demo", "--size", "small", "--home", home)
    assert demo.returncode == 0, demo.stderr
    check = run(built, "check", "--home", home)
    assert check.returncode == 0, check.stdout + check.stderr

    backup = run(built, "backup", "--home", home)
    assert backup.returncode == 0, backup.stderr
    backup_file = backup.stdout.strip().split(" ")[-1].rstrip(".")
    restore = run(built, "restore", backup_file, "--home", home)
    assert restore.returncode == 0, restore.stderr  # Alembic finds its scripts in the bundle

    pdf = tmp_path / "quarterly.pdf"
    report = run(built, "report", "quarterly", "--lang", "kk", "-o", str(pdf), "--home", home)
    assert report.returncode == 0, report.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000

    window = run(built, "--home", home, "--lang", "kk", exe="desk", env={"DESK_SMOKE_TEST": "1"})
    assert window.returncode == 0, window.stderr
    log = (Path(home) / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "smoke test: main window shown" in log
    assert "no Qt translation" not in log  # qtbase_kk/ru are in the bundle


def test_the_bundle_carries_catalogs_migrations_fonts_and_qt_translations(built):
    internal = built / "_internal"
    for lang in ("kk", "kk_Latn", "ru", "en"):
        assert (internal / "i18n" / lang / "LC_MESSAGES" / "desk.mo").exists()
    assert (internal / "desk" / "domain" / "data" / "kazakh_latin.json").exists()
    assert sorted(p.name for p in (internal / "desk" / "store" / "migrations" / "versions").glob("0001_*.py"))
    assert (internal / "desk" / "store" / "migrations" / "env.py").exists()
    assert list((internal / "resources" / "fonts").glob("*.ttf"))
    translations = internal / "PySide6" / "Qt" / "translations"
    assert (translations / "qtbase_kk.qm").exists() and (translations / "qtbase_ru.qm").exists()
