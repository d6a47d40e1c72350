"""Imports stand at the top of a module, where a reader (and a type checker) sees them.

An import inside a function hides a dependency and types what it brings as
``Any``. The few left are listed here with the reason, and where the reason
is start-up time, the CPU seconds they would add at the top (user + system
by ``/usr/bin/time``, least of five runs, 6 December 2026; ``sufficiency
--help`` took 1.1 s, opening the window offscreen 3.0 s). Since 7 December
the command line imports only the module of the command given (``--help``
0.1 s), so a command module's own imports cost only that command, and
first its argument checks (its ``--help``, a mistyped option).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from small_scenarios import core_county

from sufficiency_app.io import write_scenario

PACKAGE = Path(__file__).resolve().parent.parent / "sufficiency_app"

HELP = "before the command's arguments are checked"
ALLOWED: dict[tuple[str, str], str] = {
    ("sufficiency_app.commands.gui", "sufficiency_app.ui"): f"Qt and the window: +0.67 s {HELP}; headless use needs no Qt",
    ("sufficiency_app.commands.report", "sufficiency_app.report.content"): f"reportlab, python-docx: +0.40 s {HELP}",
    ("sufficiency_app.commands.report", "sufficiency_app.report.export"): f"reportlab, python-docx: +0.56 s {HELP}",
    ("sufficiency_app.commands.roads", "sufficiency_app.roads"): f"road graph libraries: +0.17 s {HELP}",
    ("sufficiency_app.commands.roads", "sufficiency_app.roads.compare"): f"+0.17 s {HELP}",
    ("sufficiency_app.commands.export_gis", "sufficiency_app.exports.gis"): f"+0.24 s {HELP}",
    ("sufficiency_app.ui.tasks", "sufficiency_app.exports.gis"): f"+0.24 s {HELP} (of export-gis, measured there; the window's alike)",
    ("sufficiency_app.present.map_data", "mapclassify"): "+1.07 s for the report and export commands and the window, for its class breaks only",
    ("sufficiency_app.ui.main_window", "sufficiency_app.ui.report_dialog"): "+0.21 s to open the window",
    ("sufficiency_app.ui.main_window", "sufficiency_app.ui.roads_dialog"): "+0.22 s to open the window",
    ("sufficiency_app.ui.main_window", "sufficiency_app.ui.forecast_dialog"): "+0.19 s to open the window",
    ("sufficiency_app.ui.tasks", "sufficiency_app.projection"): "+0.11 s to open the window",
    ("sufficiency_app.ui.tasks", "sufficiency_app.report.export"): "+0.17 s to open the window",
    ("sufficiency_app.ui.panels", "sufficiency_app.ui.map_view"):
        "the window opens with a notice in place of a map whose libraries fail to load",
    ("sufficiency_app.ui.panels", "sufficiency_app.ui.charts"):
        "the window opens with a notice in place of charts whose libraries fail to load",
    ("sufficiency_app.io", "sufficiency_app.io.xlsx"): "openpyxl: +0.13 s on every command that reads a scenario folder",
    ("sufficiency_app.commands.solve", "psutil"): "the process's start off Linux only (Linux reads /proc)",
    ("sufficiency_app.risk.stress", "distributed"):
        "Dask is needed only for a run on a cluster; the message says to install it or use --workers 0",
}


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def function_imports(path: Path, root: Path = PACKAGE) -> set[tuple[str, str]]:
    """``(module, imported module)`` for every import inside a function of the file at ``path`` in ``root``."""
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for func in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import):
                found |= {(here, a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                found.add((here, ".".join([*base, *([node.module] if node.module else [])])))
    return found


def test_imports_inside_functions_are_only_the_listed_ones():
    found = set().union(*(function_imports(p) for p in PACKAGE.rglob("*.py")))
    assert sorted(found - ALLOWED.keys()) == [], "move these imports to the top of the module, or list them with why"
    assert sorted(ALLOWED.keys() - found) == [], "these are at the top now: take them out of ALLOWED"


def test_the_walk_sees_imports_in_functions_and_methods(tmp_path):
    pkg = tmp_path / "sufficiency_app" / "io"
    pkg.mkdir(parents=True)
    source = pkg / "results.py"
    source.write_text("import os\n\ndef f():\n    from . import write_scenario\n\n"
                      "class C:\n    def m(self):\n        import json\n        from ..solver import api\n")
    assert function_imports(source, tmp_path / "sufficiency_app") == {
        ("sufficiency_app.io.results", "sufficiency_app.io"), ("sufficiency_app.io.results", "json"),
        ("sufficiency_app.io.results", "sufficiency_app.solver")}


# What a command must not load (CPU seconds each would add, measured as above, 7 December 2026).
NOT_FOR_SOLVE = {
    "openpyxl": "+0.13 s: workbooks only",
    "scipy.optimize": "+0.29 s: the independent re-check only",
    "scipy.spatial": "+0.15 s: travel distances are numpy's",
    "sufficiency_app.risk": "+0.09 s with OR-Tools: the stress command only",
    "sufficiency_app.projection": "the forecast commands only",
}


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` in the repository's folder."""
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], cwd=PACKAGE.parent, capture_output=True, text=True,
                          check=True, timeout=300)
    return set(done.stdout.split())


def test_the_help_imports_no_command_and_no_pandas():
    loaded = modules_after("from sufficiency_app import cli\ncli.build_parser('')")
    assert sorted(m for m in loaded if m.startswith("sufficiency_app.commands.")) == []
    assert "pandas" not in loaded


def test_a_solve_loads_its_own_command_and_none_of_the_rest(tmp_path):
    """The whole ``sufficiency solve`` of a scenario folder, 1 s: only what it needs is imported."""
    write_scenario(core_county(), tmp_path / "tiny")
    loaded = modules_after(f"from sufficiency_app import cli\n"
                           f"cli.main(['solve', {str(tmp_path / 'tiny')!r}, '--out', {str(tmp_path / 'out')!r}, "
                           f"'--time-limit', '1'])")
    assert "sufficiency_app.solver.planner" in loaded  # it did solve
    assert sorted(m for m in loaded if m.startswith("sufficiency_app.commands.")) == [
        "sufficiency_app.commands.args", "sufficiency_app.commands.solve"]
    assert sorted(m for m in NOT_FOR_SOLVE if m in loaded) == []
