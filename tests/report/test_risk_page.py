"""The report's stress page: only when a stress result is given, with the chart and a plain sentence."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook
from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app.model.stress_result import DO_NOTHING, PLAN, StressResult, Threshold
from sufficiency_app.report.content import Run
from sufficiency_app.report.export import write_report
from sufficiency_app.report.risk_page import TITLE, fan_figure, section

DAY = dt.date(2026, 11, 23)


def stress_result(years=(2026, 2027), futures=40) -> StressResult:
    """Futures where doing nothing leaves 30 more children independent than the plan, growing by year."""
    rng = np.random.default_rng(1)
    rows = []
    for f in range(futures):
        shock = rng.normal(0, 8)
        for i, year in enumerate(years):
            for plan, extra in ((PLAN, 0.0), (DO_NOTHING, 30.0)):
                rows.append((f, plan, year, 500.0, max(0.0, 20 + 10 * i + shock + extra), 25.0, 2e6, -1e6))
    frame = pd.DataFrame(rows, columns=["future", "plan", "year", "demand", "independent", "mean_minutes",
                                        "revenue", "dsg_balance"])
    needs = frame.assign(need="ASD")[["future", "plan", "year", "need", "independent"]]
    return StressResult("Test county", (PLAN, DO_NOTHING), futures, 7, frame, needs, Threshold(2027, 35))


def test_section_has_sentence_chart_and_table():
    sec = section(stress_result())
    assert sec.name == TITLE
    assert sec.summary.startswith("In 40 simulated futures of demand, the plan leaves between")
    assert "if nothing is built" in sec.summary and "more than 35 independent placements in 2027/28" in sec.summary
    assert sec.figures[0].png.startswith(b"\x89PNG")
    table = sec.tables[0].frame
    assert list(table["Year"]) == ["2026/27", "2027/28"]
    assert (table["Do nothing, typical"] > table["Plan, typical"]).all()


def test_fan_figure_draws_both_plans_and_the_threshold():
    fig = fan_figure(stress_result(), Threshold(2027, 35))
    fan, hist = fig.axes
    assert [t.get_text() for t in fan.get_legend().get_texts()][:2] == ["Plan", "Do nothing"]
    assert "Do nothing: 100% above" in [t.get_text() for t in hist.get_legend().get_texts()]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("risk")
    runs = [Run(finance_county(), finance_plan(), finance_baseline())]
    paths = {fmt: write_report(runs, folder / f"r.{fmt}", today=DAY, stress=stress_result())
             for fmt in ("pdf", "docx", "xlsx")}
    paths["plain"] = write_report(runs, folder / "plain.docx", today=DAY)
    return paths


def test_word_and_excel_carry_the_page_only_when_given(reports):
    titles = [p.text for p in Document(str(reports["docx"])).paragraphs if p.style.name.startswith("Heading")]
    assert TITLE in titles and "Stress test by year" in titles
    plain = [p.text for p in Document(str(reports["plain"])).paragraphs]
    assert TITLE not in plain
    assert "2 Stress test by year" in load_workbook(reports["xlsx"]).sheetnames


def test_pdf_page_reads_for_a_councillor(reports):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(reports["pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert TITLE in text and "40 simulated futures" in text


def test_report_command_refuses_a_folder_that_is_not_a_stress_result(tmp_path, capsys):
    from sufficiency_app.cli import main

    code = main(["report", str(tmp_path), "--out", str(tmp_path / "r.pdf"), "--stress", str(tmp_path)])
    assert code == 2 and "is not a stress result" in capsys.readouterr().err
