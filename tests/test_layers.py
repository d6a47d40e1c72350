"""The layout holds: every package is a layer of the import contracts, nothing sits loose, no circle.

Which part may import which is checked by ``lint-imports`` (``pyproject.toml``):
the layers, Qt only in ``ui``, the window as a leaf, the optimiser through its
public modules. These tests keep the contracts complete as the code grows.
"""

import tomllib
from pathlib import Path

import grimp
import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "sufficiency_app"
ENTRY_POINTS = {"__init__", "__main__", "cli"}
CONTRACTS = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def packages() -> set[str]:
    return {f"sufficiency_app.{p.name}" for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def contract(starting: str) -> dict:
    return next(c for c in CONTRACTS["contracts"] if c["name"].startswith(starting))


def test_every_package_is_a_layer():
    """A new package must take its place in the layers, or its imports go unchecked."""
    listed = {m.strip() for layer in contract("Layers")["layers"] for m in layer.split("|")}
    assert not packages() - listed, f"add {sorted(packages() - listed)} to the layers in pyproject.toml"
    assert not listed - packages(), f"{sorted(listed - packages())} no longer exist: take them out of pyproject.toml"


def test_no_module_sits_loose_at_the_top():
    """The package's top holds only the entry points; a new module goes in the package that says what it holds."""
    loose = {p.stem for p in PACKAGE.glob("*.py")} - ENTRY_POINTS
    assert loose == set(), f"move {sorted(loose)} into model/, present/, infra/, io/ ... (docs/architecture.md)"


def test_every_part_but_the_window_is_held_to_no_qt():
    assert CONTRACTS.get("include_external_packages") is True  # else grimp does not see PySide6 at all
    qt = contract("Qt only in the window")
    assert set(qt["source_modules"]) == (packages() - {"sufficiency_app.ui"}) | {"sufficiency_app.cli"}
    assert {"PySide6", "pyqtgraph"} <= set(qt["forbidden_modules"])


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
