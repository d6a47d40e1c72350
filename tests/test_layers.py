"""The core and the solver never import Qt (style.md: napari's rule), so they run headless."""

import ast
from pathlib import Path

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
    import tomllib

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
    assert core_contract_sources() == core
