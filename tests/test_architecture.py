"""The house rules of the layout: Qt only in desk/ui, no SQL in the UI, reports and sync without a display."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _files(*folders: str):
    for folder in folders:
        yield from (ROOT / folder).rglob("*.py")


def test_qt_is_imported_only_in_desk_ui():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _files("desk")
        if "desk/ui" not in p.as_posix() and any(n.split(".")[0] == "PySide6" for n in _imports(p))
    ]
    assert offenders == []


def test_pyside6_is_imported_only_through_the_shim():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _files("desk/ui")
        if p.name != "qt.py" and any(n.split(".")[0] == "PySide6" for n in _imports(p))
    ]
    assert offenders == []


def test_the_ui_writes_no_sql():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _files("desk/ui")
        if any(n.split(".")[0] in {"sqlalchemy", "sqlmodel", "sqlite3"} for n in _imports(p))
    ]
    assert offenders == []


def test_domain_has_no_io_or_storage():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _files("desk/domain")
        if any(
            n.split(".")[0] in {"sqlalchemy", "PySide6", "sqlite3"}
            or n.startswith("desk.store")
            or n.startswith("desk.services")
            for n in _imports(p)
        )
    ]
    assert offenders == []
