"""The core and the solver never import Qt (style.md: napari's rule), so they run headless."""

import ast
import tomllib
from pathlib import Path

import grimp
import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "sufficiency_app"
QT_ROOTS = {"PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "pytestqt"}


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in QT_ROOTS]
    return found


def test_no_qt_outside_ui():
    offenders = {
        str(p.relative_to(PACKAGE)): qt_imports(p)
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1]
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_the_check_sees_a_qt_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport pyqtgraph as pg\n")
    assert qt_imports(bad) == ["PySide6.QtCore", "pyqtgraph"]


FACES_AND_OPTIMISER = {"ui", "solver", "commands"}
ENTRY_POINTS = {"__init__", "__main__", "cli"}


def core_contract_sources() -> set[str]:
    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    core = next(c for c in contracts if c["name"].startswith("The core never imports"))
    assert set(core["forbidden_modules"]) == {f"sufficiency_app.{p}" for p in FACES_AND_OPTIMISER}
    return set(core["source_modules"])


def test_the_core_contract_names_every_core_module():
    """A new core module or package must be added to the import-linter contract, or it goes unchecked."""
    core = {
        f"sufficiency_app.{p.stem}"
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.stem not in ENTRY_POINTS)
        or (p.is_dir() and (p / "__init__.py").exists() and p.name not in FACES_AND_OPTIMISER)
    }
    listed = core_contract_sources()
    assert not core - listed, f"add {sorted(core - listed)} to the core contract in pyproject.toml"
    assert not listed - core, f"{sorted(listed - core)} no longer exist: take them out of pyproject.toml"


def graph_with_packages(direct: dict[str, set[str]]) -> nx.DiGraph:
    """Module -> module it imports, plus the packages that import runs.

    Importing ``a.b.c`` from outside ``a.b`` also runs ``a.b/__init__``, so
    that package counts as imported: a circle through a package's
    ``__init__`` fails at import time just as a direct one does.
    """
    edges = nx.DiGraph()
    for module, imports in direct.items():
        edges.add_node(module)
        for imported in imports:
            edges.add_edge(module, imported)
            parts = imported.split(".")
            for n in range(2, len(parts)):
                package = ".".join(parts[:n])
                if not (module == package or module.startswith(package + ".")):
                    edges.add_edge(module, package)
    return edges


def circles(graph: nx.DiGraph) -> list[list[str]]:
    return [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]


def test_no_import_circle():
    """Every import anywhere in a module counts, function-level ones too (grimp reads them all)."""
    graph = grimp.build_graph("sufficiency_app", cache_dir=None)
    direct = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    assert circles(graph_with_packages(direct)) == []


def test_a_circle_through_a_package_init_is_seen():
    direct = {"p.check": {"p.io.parse"}, "p.io": {"p.io.read"}, "p.io.read": {"p.check"}, "p.io.parse": set()}
    assert circles(graph_with_packages(direct)) == [["p.check", "p.io", "p.io.read"]]
    direct["p.check"] = {"p.parse"}
    assert circles(graph_with_packages(direct)) == []
