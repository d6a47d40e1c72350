"""What the report says: summary wording, tables, suppression and British formats."""

from __future__ import annotations

import datetime as dt

import pytest
from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app.infra.formatting import academic_year, cell, long_date, millions, money, september
from sufficiency_app.report import content
from sufficiency_app.report.suppression import LOW, WITHHELD

DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def report():
    return content.build([content.Run(finance_county(), finance_plan(), finance_baseline())], "lt5", DAY)


def _table(report, key):
    return next(t for t in report.sections[0].tables if t.key == key)


def test_british_wording():
    assert long_date(DAY) == "23 November 2026"
    assert long_date(dt.date(2027, 3, 1)) == "1 March 2027"
    assert academic_year(2026) == "2026/27" and academic_year(2099) == "2099/00"
    assert september(2028) == "September 2028"
    assert money(18_234_567.4) == "£18,234,567" and money(-1500) == "−£1,500"
    assert cell(-430_000.0, "money") == "−£430k" and cell(18_234_567.4, "money") == "£18.2m"
    assert millions(18_230_000) == "£18.2m" and millions(450_000) == "£450k"
    assert cell(1234.4, "count") == "1,234" and cell(LOW, "count") == "<5"


def test_summary_paragraph_hand_worked(report):
    # Plan: 4 places at Oak (2025) + 8 at the new resource base (2026); independent
    # child-years 6 against 10 + 11 + 12 = 33 with no new places; revenue saving
    # 240k + 520k + 560k; capital 1.7m of 2.5m; balances from test_finance.
    assert report.sections[0].summary == (
        "The plan creates 12 places across 2 settings by September 2026, avoiding 27 child-years of "
        "independent placement and £1.3m of revenue spend up to 2027/28. It uses £1.7m of the £2.5m "
        "capital budget. In 2027/28, no children would be in independent schools under the plan, against "
        "12 if no places were added. The High Needs Block balance at the end of 2027/28 would be a "
        "surplus of £890k, against a deficit of £430k with no new places."
    )


def test_small_county_counts_in_summary_are_suppressed(scenario, plan, baseline):
    import dataclasses

    from sufficiency_app.present.figures import plan_figures
    from sufficiency_app.report.summary import summary_text

    figs = dataclasses.replace(plan_figures(scenario, plan, baseline), final_independent_plan=3.0)
    assert "fewer than 5 children would be in independent schools" in summary_text(figs, "lt5")
    assert "3 children would be" in summary_text(figs, None)
    assert "5 children would be" in summary_text(figs, "round5")


def test_provenance_names_inputs_and_the_method_is_words_not_solver_output(report):
    sec = report.sections[0]
    assert "demand.csv abababab" in sec.provenance and "provisions.csv cdcdcdcd" in sec.provenance
    method = " ".join(sec.method)
    assert "How good the plan is: Proven best plan." in method and "state settings" in method
    for solver_words in ("bound", "gap", "optimal", "reading", "HiGHS"):
        assert solver_words not in method + sec.provenance, solver_words


def test_page_one_says_which_plan_in_plain_words(report):
    sec = report.sections[0]
    assert sec.plan == "Plan for Test county. Proven best plan."
    assert "gap" not in sec.summary + sec.plan and "optimal" not in sec.summary + sec.plan
    key = _table(report, "key").frame.set_index("Measure")
    assert key.loc["Independent child-years avoided", "Plan"] == pytest.approx(27.0)  # numbers, printed as cards
    assert cell(key.loc["Capital used", "Plan"], "money") == "£1.7m"
    assert cell(key.loc["Revenue saved", "Plan"], "money") == "£1.3m"
    assert cell(key.loc["DSG balance 2027/28", "Plan"], "money") == "£890k"
    assert cell(key.loc["DSG balance 2027/28", "No new places"], "money") == "−£430k"


def test_schedule_table(report):
    frame = _table(report, "schedule").frame
    assert frame["Setting"].tolist() == ["Oak Special School", "South resource base", ""]
    assert frame["Places from"].tolist() == ["September 2025", "September 2026", ""]
    assert frame["Places"].tolist() == [4, 8, 12]
    assert frame["Capital"].iloc[-1] == 1_700_000


def test_sufficiency_table_rows_add_up(report):
    frame = _table(report, "sufficiency").frame
    row = frame.iloc[0]
    assert (row["Phase"], row["Need"]) == ("Primary", "ASD")
    assert row["2025/26 demand"] == 20 and row["2025/26 placed locally"] == 14 and row["2025/26 gap"] == 6
    assert row["2027/28 gap"] == 0


def test_setting_counts_are_suppressed_with_secondary(scenario, plan, baseline):
    report = content.build([content.Run(scenario, baseline, baseline)], "lt5", DAY)
    frame = _table(report, "placements").frame.set_index("Setting")
    # No new places: 3 (Middle) + 2 (South) = 5 at Far Independent, 5..7 in the
    # sector, 10 at Oak. Nothing is 1 to 4 at setting level, so nothing is hidden.
    assert frame.loc["Far Independent", "2025/26"] == 5
    areas = _table(report, "areas").frame.set_index("Area")
    # By home area: Middle has 3 children -> <5; the total would reveal it, so the
    # next smallest area (South, 7 + 2 = 9 in 2027/28) is withheld too.
    assert areas.loc["A2", "Children placed 2027/28"] == LOW
    assert areas.loc["A3", "Children placed 2027/28"] == WITHHELD
    assert areas.loc["Total", "Children placed 2027/28"] == 22


def test_finance_table_lines(report):
    frame = _table(report, "finance").frame.set_index("Line")
    assert frame.loc["Balance carried forward (plan)"].tolist() == [-510_000, 200_000, 890_000]
    assert frame.loc["Revenue saving of the plan"].tolist() == [240_000, 520_000, 560_000]


def test_assumptions_list_every_parameter(report):
    frame = _table(report, "assumptions").frame.set_index("Assumption")
    assert frame.loc["Independent placement, cost per year", "Value"] == "£60,000"
    assert frame.loc["Capital budget 2026/27", "Value"] == "£1,500,000"
    assert frame.loc["Longest journey, secondary", "Value"] == "75 minutes"
    assert frame.loc["First year", "Value"] == "2025/26"


def test_several_scenarios_side_by_side(scenario, plan, baseline):
    other = scenario.replace(parameters=scenario.parameters.replace(name="Do nothing"))
    report = content.build([content.Run(scenario, plan, baseline), content.Run(other, baseline, baseline)],
                           "lt5", DAY)
    frame = report.comparison.frame.set_index("Measure")
    assert list(frame.columns) == ["Test county", "Do nothing"]
    assert frame.loc["New places"].tolist() == [12, 0]
    assert frame.loc["Capital"].tolist() == [1_700_000, 0]
    assert frame.loc["Independent child-years avoided"].tolist() == [27, 0]
    table = report.comparison
    assert cell(table.frame.iloc[2, 1], table.kind(2, "Test county")) == "£1.7m"
    assert len(report.sections) == 2
