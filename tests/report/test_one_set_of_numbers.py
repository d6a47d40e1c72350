"""One plan, one set of numbers: the window's cards, ``sufficiency solve`` and every report agree."""

from __future__ import annotations

import re

import pytest
from docx import Document
from openpyxl import load_workbook
from report_fixtures import make_scenario

from sufficiency_app import cli, solver
from sufficiency_app.io import write_scenario
from sufficiency_app.io.results import read_plan
from sufficiency_app.project_file import Project, ProjectEntry


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """The hand-made county (with finance) solved by the CLI: its printout and its saved plan."""
    root = tmp_path_factory.mktemp("numbers")
    write_scenario(make_scenario(), root / "county")
    return root


def _cli_figures(root, capsys) -> tuple[str, dict[str, str]]:
    assert cli.main(["solve", str(root / "county"), "--out", str(root / "results"), "--time-limit", "30"]) == 0
    out = capsys.readouterr().out
    lines = dict(re.findall(r"^  ([^:\n]+): (.+)$", out, flags=re.MULTILINE))
    return out.splitlines()[0], lines


def test_window_cli_and_reports_show_the_same_figures(solved, capsys, qtbot):
    from sufficiency_app.ui.results_panel import ResultsPanel
    from sufficiency_app.ui.store import ProjectStore

    first_line, printed = _cli_figures(solved, capsys)
    assert len(printed) == 7 and "DSG balance 2027/28" in printed  # six headlines and the DSG line
    scenario, plan = read_plan(solved / "results")

    store = ProjectStore()
    store.set_project(Project((ProjectEntry(scenario, plan, solver.baseline(scenario)),)), None)
    panel = ResultsPanel(store)
    qtbot.addWidget(panel)
    cards = {c.title.text(): c.value.text() for c in panel.cards.values() if not c.isHidden()}
    assert cards == printed
    assert first_line == f"Test county: {panel.words.text()}"

    for fmt in ("xlsx", "docx"):
        out = solved / f"plan.{fmt}"
        assert cli.main(["report", str(solved / "results"), "--out", str(out)]) == 0
        if fmt == "xlsx":
            sheet = load_workbook(out)["Key figures"]
            rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, max_col=2, values_only=True) if r[1]}
        else:
            table = Document(str(out)).tables[0]
            rows = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
        assert rows == printed, fmt
    # The figures are not trivially equal: the plan avoids independent placements and saves money.
    assert printed["Independent placements avoided"] != "0" and printed["Revenue saved"].startswith("£")
