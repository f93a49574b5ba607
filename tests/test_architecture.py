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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:` (an import for type hints only is not a run-time edge)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if (
                isinstance(child, ast.If)
                and getattr(child.test, "id", getattr(child.test, "attr", "")) == "TYPE_CHECKING"
            ):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _import_graph() -> dict[str, set[str]]:
    """Each module of the program → the program's modules it imports (at the top or inside a function)."""
    paths = [p for p in _files("desk") if "migrations" not in p.parts]
    modules = {_module_name(p): p for p in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _runtime_nodes(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    edges.add(target)
        graph[name] = edges
    return graph


def test_the_program_loads_none_of_its_own_modules_by_name():
    """Registries of module names hide edges from this test, mypy and an IDE: plain imports only."""
    offenders = []
    for path in _files("desk"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", ""))
                in {"import_module", "__import__"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).startswith("desk")
            ) or (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", ""))
                in {"import_module", "__import__"}
                and node.args
                and not isinstance(node.args[0], ast.Constant)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_import_cycle_between_the_programs_modules():
    graph = _import_graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


LAYERS = ["desk.domain", "desk.store", "desk.services", "desk.reports", "desk.spreadsheets", "desk.sync"]
"""Lower first: a layer imports only the layers before it (and the package's own small top modules)."""


def test_each_layer_imports_only_the_layers_below_it():
    graph = _import_graph()
    offenders = []
    for module, edges in graph.items():
        mine = next((i for i, layer in enumerate(LAYERS) if module.startswith(layer)), None)
        if mine is None:
            continue
        for target in edges:
            theirs = next((i for i, layer in enumerate(LAYERS) if target.startswith(layer)), None)
            if theirs is not None and theirs > mine:
                offenders.append(f"{module} → {target}")
            if target.startswith(("desk.ui", "desk.cli")):
                offenders.append(f"{module} → {target}")
    assert sorted(offenders) == []
