"""The Qt shim spares every later import PySide's source scan (desk.ui.qt._scan_no_sources): the window's start
imports the database layer after Qt, and PySide read each of those modules' whole source to learn whether it uses
PySide (for `from __feature__ import …`, which the program never uses) — ~55 ms of the start (issue 16)."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

from desk.ui import qt

feature = sys.modules.get("PySide6.support.feature")


@pytest.mark.skipif(feature is None, reason="this PySide6 has no feature hook")
def test_a_module_imported_after_qt_is_not_read_for_its_source(tmp_path: Path, monkeypatch) -> None:
    assert feature._mod_uses_pyside is qt.uses_pyside

    def no_source(*_a: object, **_k: object) -> str:
        raise AssertionError("a module's source was read on import")

    monkeypatch.setattr(inspect, "getsource", no_source)
    (tmp_path / "fresh_module_for_the_scan.py").write_text("VALUE = 'Қазақ'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__("fresh_module_for_the_scan")  # an import statement's way (PySide hooks __import__)
    assert module.VALUE == "Қазақ"
    assert feature.pyside_feature_dict["fresh_module_for_the_scan"] == -1  # does not use PySide


def test_the_program_s_ui_modules_are_still_known_to_use_pyside() -> None:
    import sqlalchemy

    from desk.ui import main_window

    assert qt.uses_pyside(main_window) and qt.uses_pyside(qt)
    assert not qt.uses_pyside(sqlalchemy)
