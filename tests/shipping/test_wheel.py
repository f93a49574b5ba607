"""The wheel is a real package: built from a copy of the source, installed (not editable) into a new environment,
it answers in Kazakh, makes a region and its demo data, and prints a Kazakh report with the bundled fonts (issue 16).

The new environment gets the dependencies from this one's site-packages through a path file (no download, and the
editable install of the checkout is not seen: path files inside that folder are not read); the program itself comes
only from the wheel, which the test checks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

# The embeddable Windows Python has no venv; the Windows program is checked as the PyInstaller build.
if sys.platform == "win32":
    pytest.skip(
        "the Windows program is the PyInstaller build (tools/windows/check.sh build)", allow_module_level=True
    )

import venv  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
_SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "*.mo",
    "bench",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src") / "desk"
    shutil.copytree(ROOT, src, ignore=_SKIP)
    out = tmp_path_factory.mktemp("wheelhouse")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (found,) = out.glob("dostyq_desk-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return env_dir


def _desk(env_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DESK_", "LANG", "LC_"))}
    env.update(QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    return subprocess.run(
        [str(env_dir / "bin" / "desk"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )


def test_the_wheel_carries_fonts_catalogs_and_migrations_inside_the_package(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith("reports/")], "a top-level package named reports"
    assert "desk/reports/quarterly.py" in names
    assert "desk/_data/resources/fonts/NotoSans-Regular.ttf" in names
    for lang in ("kk", "ru", "en", "kk_Latn"):
        assert f"desk/_data/i18n/{lang}/LC_MESSAGES/desk.mo" in names
    assert "desk/store/migrations/env.py" in names
    assert any(n.startswith("desk/store/migrations/versions/0001_") for n in names)
    assert "desk/spreadsheets/data/ethnic_forms.csv" in names or any(
        n.startswith("desk/spreadsheets/data/") for n in names
    )
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[console_scripts]" in text and "desk = desk.cli:main" in text


def test_the_installed_program_works_in_kazakh(installed: Path, tmp_path: Path):
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import desk; print(desk.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(installed)), f"desk imported from {where}, not from the wheel"

    home = tmp_path / "Деректер"
    version = _desk(installed, tmp_path, "--version")
    assert version.returncode == 0 and "Dostyq Desk" in version.stdout

    init = _desk(installed, tmp_path, "--home", str(home), "--lang", "kk", "init", "--region", "KZ-35")
    assert init.returncode == 0, init.stderr
    said = init.stdout + init.stderr
    assert any(letter in said for letter in "әғқңөұүһі"), said  # answered in Kazakh, not English

    demo = _desk(installed, tmp_path, "--home", str(home), "demo", "--size", "small")
    assert demo.returncode == 0, demo.stderr

    pdf = tmp_path / "тоқсан.pdf"
    report = _desk(
        installed, tmp_path, "--home", str(home), "report", "quarterly", "--lang", "kk", "-o", str(pdf)
    )
    assert report.returncode == 0, report.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode(
            "utf-8"
        )
        assert "Қ" in text or "қ" in text, text[:500]
