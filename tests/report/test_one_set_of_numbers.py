"""One plan, one set of numbers: the window's cards, ``sufficiency solve`` and every report agree."""

from __future__ import annotations

import re

import pytest
from docx import Document
from openpyxl import load_workbook
from small_scenarios import finance_county

from sufficiency_app import cli, solver
from sufficiency_app.io import write_scenario
from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.io.results import read_plan


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """The hand-made county (with finance) solved by the CLI: its printout and its saved plan."""
    root = tmp_path_factory.mktemp("numbers")
    write_scenario(finance_county(), root / "county")
    return root


def _cli_figures(root, capsys) -> tuple[str, dict[str, str], list[tuple[str, str, str]]]:
    """The first line, the headline lines, and the year-by-year (year, SPE.a, SPE.d) rows when printed."""
    assert cli.main(["solve", str(root / "county"), "--out", str(root / "results"), "--time-limit", "30"]) == 0
    out = capsys.readouterr().out
    figures = out.split("  Year by year")[0]  # the headline lines, not the year-by-year dashboard table
    lines = dict(re.findall(r"^  ([^:\n]+): (.+)$", figures, flags=re.MULTILINE))
    years = re.findall(r"^  (\d{4}/\d{2})\s+\S+\s+\S+\s+(\S+%)\s+(\S+%)", out, flags=re.MULTILINE)
    return out.splitlines()[0], lines, years


def _unitless(label: str) -> str:
    return label.removesuffix(" (minutes)")


def _as_card(value: float, number_format: str, label: str) -> str:
    """A workbook number as the card prints it, by its number format."""
    from sufficiency_app.infra.formatting import format_value

    unit = ("percent" if number_format.endswith("%") else "money" if "£" in number_format
            else "minutes" if "(minutes)" in label else "children")
    return format_value(100 * value if unit == "percent" else value, unit)


def test_window_cli_and_reports_show_the_same_figures(solved, capsys, qtbot):
    from sufficiency_app.ui.results_panel import ResultsPanel
    from sufficiency_app.ui.store import ProjectStore

    first_line, printed, years = _cli_figures(solved, capsys)
    assert len(printed) == 7 and "DSG balance 2027/28" in printed  # six headlines and the DSG line
    scenario, plan = read_plan(solved / "results")

    store = ProjectStore()
    store.set_project(Project((ProjectEntry(scenario, plan, solver.baseline(scenario)),)), None)
    panel = ResultsPanel(store)
    qtbot.addWidget(panel)
    cards = {c.title.text(): c.value.text() for c in panel.cards.values() if not c.isHidden()}
    assert cards == printed
    assert first_line == f"Test county: {panel.words.text()}"
    if years:  # the dashboard trajectory (plans solved since summary.csv carries it): the cards' last year
        _year, spe_a, spe_d = years[-1]
        assert (panel.dashboard_cards["spe_a"].value.text(), panel.dashboard_cards["spe_d"].value.text()) == (
            spe_a, spe_d)

    for fmt in ("xlsx", "docx"):
        out = solved / f"plan.{fmt}"
        assert cli.main(["report", str(solved / "results"), "--out", str(out)]) == 0
        if fmt == "xlsx":
            book = load_workbook(out)
            sheet = book["Key figures"]
            rows = {}
            for label, value in sheet.iter_rows(min_row=2, max_col=2):
                if label.value and value.value is not None:
                    assert isinstance(value.value, (int, float)), (label.value, value.value)  # numbers, not text
                    rows[_unitless(label.value)] = _as_card(value.value, value.number_format, label.value)
            if years:  # every year of the trajectory as the CLI printed it, but for shares withheld (c)
                dash = list(book["SEND dashboard"].iter_rows(values_only=True))
                a, d = dash[0].index("SPE.a"), dash[0].index("SPE.d")
                board = [(r[0], r[a], r[d]) for r in dash[1:]
                         if re.fullmatch(r"\d{4}/\d{2}", str(r[0]))]  # the years, not the note under them
                assert [b[0] for b in board] == [y[0] for y in years]
                shown = [(f"{100 * b:.1f}%", y) for row, cli_row in zip(board, years)
                         for b, y in zip(row[1:], cli_row[1:]) if not isinstance(b, str)]
                assert shown and all(a == b for a, b in shown)
        else:
            table = Document(str(out)).tables[0]
            rows = {_unitless(r.cells[0].text): r.cells[1].text + (" min" if "(minutes)" in r.cells[0].text else "")
                    for r in table.rows[1:]}
        assert rows == printed, fmt
    # The figures are not trivially equal: the plan avoids independent placements and saves money.
    assert printed["Independent child-years avoided"] != "0" and printed["Revenue saved"].startswith("£")
