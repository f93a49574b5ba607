"""The wheel's build step: fonts and compiled translation catalogs go into the package as `desk/_data`.

`resources/` and `i18n/` stay at the top of the checkout (the layout every office knows); a wheel must carry them
inside its package, so the build copies them to `desk/_data/` (found by `desk.paths`). The catalogs are compiled
here (`tools/i18n.py compile`, babel is a build requirement), so a fresh checkout builds a complete wheel.
Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's folders directly
            return
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "i18n.py"), "compile"], check=True, cwd=str(ROOT)
        )
        target = Path(self.build_lib) / "desk" / "_data"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(ROOT / "resources", target / "resources")
        for mo in sorted((ROOT / "i18n").glob("*/LC_MESSAGES/desk.mo")):
            dest = target / "i18n" / mo.relative_to(ROOT / "i18n")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(mo, dest)
        if not any((target / "i18n").glob("*/LC_MESSAGES/desk.mo")):
            raise SystemExit("no compiled catalog found under i18n/: the wheel would answer only in English")


setup(cmdclass={"build_py": BuildWithData})
