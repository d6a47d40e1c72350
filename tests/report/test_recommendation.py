"""Page 1 opens with the recommendation; the Safety Valve table and chart follow the High Needs Block."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sufficiency_app.present.figures import plan_figures
from sufficiency_app.report import content, dashboard, safety_valve
from sufficiency_app.report.content import Run
from sufficiency_app.report.recommendation import early_places, recommendation, schemes

AFTER = dt.date(2024, 12, 1)  # before September 2025, when the plan's first places open


def _targeted(scenario):
    extra = pd.DataFrame([{"year": y, "line": "target_in_year", "amount": 600_000.0} for y in scenario.years])
    return scenario.replace(finance=pd.concat([scenario.finance, extra], ignore_index=True))


def _paragraph(scenario, plan, baseline, today=AFTER) -> str:
    shares = (dashboard.measures(scenario, plan), dashboard.measures(scenario, baseline))
    return recommendation(scenario, plan, baseline, plan_figures(scenario, plan, baseline), shares, None, today)


def test_page_one_opens_with_what_to_build_when_and_for_how_much(scenario, plan, baseline):
    text = _paragraph(scenario, plan, baseline)
    assert text.startswith("Recommendation: build 12 places in 2 settings, opening from September 2025 to "
                           "September 2026, for £1.7m of capital (of £2.5m budgeted): Oak expansion (4 places, "
                           "September 2025); South resource base (8 places, September 2026). Against doing "
                           "nothing, this keeps 27 child-years out of independent schools up to 2027/28: in 2027/28, no children "
                           "placed independently instead of 12.")
    assert "The High Needs Block would end 2027/28 with a surplus of £890k, against a deficit of £430k" in text
    assert "Safety Valve" not in text and "Warning" not in text


def test_places_opening_before_the_report_date_are_flagged(scenario, plan, baseline):
    built = schemes(scenario, plan)
    assert early_places(built, dt.date(2025, 12, 1))["option_id"].tolist() == ["O1"]
    assert early_places(built, dt.date(2025, 9, 1)).empty
    text = _paragraph(scenario, plan, baseline, dt.date(2026, 12, 6))
    assert text.endswith("Warning: 12 of these places would open in September 2025, before this report's date "
                         "(6 December 2026); they are not future places, so solve again with those options "
                         "opening later.")


def test_safety_valve_table_figure_and_words_with_a_target(scenario, plan, baseline):
    s = _targeted(scenario)
    sec = content.build([Run(s, plan, baseline)], rule=None, today=AFTER).sections[0]
    table = next(t for t in sec.tables if t.key == "safety_valve")
    rows = table.frame.set_index("Line")
    assert rows.loc["In-year: plan"].tolist() == [490_000, 710_000, 690_000]
    assert rows.loc["In-year: Safety Valve target"].tolist() == [600_000] * 3
    assert rows.loc["Cumulative: no new places"].tolist() == [-750_000, -560_000, -430_000]
    assert table.note.startswith("The plan reaches the Safety Valve target in 2026-27")
    assert "The plan reaches the Safety Valve target in 2026-27" in sec.recommendation
    assert sec.recommendation.startswith("Recommendation: build 12 places")
    assert any(f.title.startswith("Safety Valve") for f in sec.figures)
    assert safety_valve.table_parts(scenario, plan, baseline) is None  # no target: no table, no chart
    assert safety_valve.figure_of(scenario, plan, baseline) is None


def test_a_plan_that_builds_nothing_has_no_recommendation(scenario, baseline):
    assert _paragraph(scenario, baseline, baseline) == ""


@pytest.mark.slow
def test_every_format_prints_the_recommendation_first(scenario, plan, baseline, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from sufficiency_app.report.export import write_report

    run = Run(_targeted(scenario), plan, baseline)
    write_report([run], tmp_path / "r.docx")
    write_report([run], tmp_path / "r.xlsx")
    paragraphs = [p.text for p in Document(tmp_path / "r.docx").paragraphs if p.text]
    first = next(i for i, p in enumerate(paragraphs) if p.startswith("Recommendation: build 12 places"))
    assert paragraphs[first + 1].startswith("The plan creates 12 places")
    about = [c.value for c in load_workbook(tmp_path / "r.xlsx")["About"]["A"] if c.value]
    assert any(str(v).startswith("Recommendation: build 12 places") for v in about)
