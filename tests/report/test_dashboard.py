"""The SEND dashboard measures in the report: SPE.a, SPE.d, out of county, transport beside the block.

Plans and hand-worked shares are in tests/dashboard_plans.py.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest
from dashboard_plans import (
    BASELINE_TRANSPORT,
    PLAN_TRANSPORT,
    v2_baseline,
    v2_county,
    v2_plan,
    with_measures,
)
from docx import Document
from openpyxl import load_workbook
from small_scenarios import finance_baseline, finance_plan, map_county, map_plan
from test_exports import _pdf_text

from sufficiency_app.infra.formatting import DASH, academic_year, cell
from sufficiency_app.report import content, dashboard
from sufficiency_app.report.docx import write_docx
from sufficiency_app.report.pdf import write_pdf
from sufficiency_app.report.suppression import LOW, WITHHELD
from sufficiency_app.report.xlsx import write_xlsx

DAY = dt.date(2026, 11, 23)


def _table(report, key):
    return next(t for t in report.sections[0].tables if t.key == key)


@pytest.fixture(scope="module")
def report():
    run = content.Run(v2_county(required={"ASD": 0.25}), v2_plan(), v2_baseline())
    return content.build([run], "lt5", DAY)


def test_dashboard_table_per_year(report):
    table = _table(report, "dashboard")
    frame = table.frame.set_index("Year")
    assert list(frame.columns) == ["Children", "SPE.a", "SPE.d", "Out of county", "Transport cost"]
    assert frame["Children"].tolist() == [20, 21, 22]
    assert frame["SPE.a"].tolist() == [0.3, 0.0, 0.0]  # 6 of 20 in the sector in 2025, then none
    assert frame["Transport cost"].tolist() == list(PLAN_TRANSPORT)
    assert [cell(v, table.kind(0, "SPE.d")) for v in frame["SPE.d"]] == ["30.0%", "0.0%", "0.0%"]


def test_small_counts_and_their_shares_are_suppressed():
    # 3 of 20 children placed independently in 2025: with the total published, the share (3/20) gives the count.
    plan = with_measures(finance_plan(), (3 / 20, 0.0, 0.0), PLAN_TRANSPORT)
    rows = {rule: content.dashboard_table(v2_county(), plan, rule).frame.iloc[0] for rule in ("lt5", "round5", None)}
    assert rows["lt5"]["SPE.a"] == WITHHELD and rows["lt5"]["Children"] == 20
    assert rows["round5"]["SPE.a"] == 0.25  # 5 of 20: the count rounded to 5 first
    assert rows[None]["SPE.a"] == pytest.approx(0.15)
    assert "withheld (c)" in content.dashboard_table(v2_county(), plan, "lt5").note


def test_transport_is_beside_the_high_needs_block_not_in_it(report):
    frame = _table(report, "finance").frame.set_index("Line")
    assert frame.loc[content.TRANSPORT_LINE].tolist() == list(PLAN_TRANSPORT)
    assert frame.loc["Home-to-school transport (no new places)"].tolist() == list(BASELINE_TRANSPORT)
    # The block's spend and balance are the version 1 figures (tests/test_finance.py).
    assert frame.loc["Total spend (plan)"].tolist() == [1_110_000, 890_000, 910_000]
    assert frame.loc["Balance carried forward (plan)"].tolist() == [-510_000, 200_000, 890_000]
    assert "general fund" in _table(report, "finance").note
    lines = list(frame.index)  # under the block's own lines, after a heading row that says so
    assert lines.index("Revenue saving of the plan") < lines.index(content.OUTSIDE_BLOCK) == lines.index(
        content.TRANSPORT_LINE) - 1


def test_no_transport_lines_when_transport_is_not_costed():
    report = content.build([content.Run(v2_county(per_km=0.0), v2_plan(), v2_baseline())], "lt5", DAY)
    assert content.TRANSPORT_LINE not in _table(report, "finance").frame["Line"].tolist()
    assert "Transport cost" not in _table(report, "dashboard").frame.columns


def test_placed_independently_by_need(report):
    frame = _table(report, "required").frame
    # ASD needs the independent sector for 25%: 5, 5.25, 5.5 of 20, 21, 22 children.
    assert frame["Needing the independent sector"].tolist() == [5, 5.25, 5.5]
    assert frame["Placed independently"].tolist() == [6, 0, 0]
    assert frame["Required share"].tolist() == [0.25] * 3
    assert frame["Need"].tolist() == ["Autistic spectrum disorder (ASD)"] * 3
    small = content.required_table(v2_county(required={"ASD": 0.1}), v2_baseline(), "lt5").frame
    # 10% of 20, 21, 22: 2 to 2.2 children, a derived count of 1 to 4, withheld like any other.
    assert small["Needing the independent sector"].tolist() == [LOW, LOW, LOW]
    assert small["Placed independently"].tolist() == [10, 11, 12]
    # Where the total is hidden, the required number would give it away: withheld with it.
    toy = map_county()
    toy = toy.replace(parameters=toy.parameters.replace(independent_required=MappingProxyType({"SEMH": 0.5})))
    hidden = content.required_table(toy, map_plan(), "lt5").frame.iloc[0]  # 2025: 0.5 + 0.5 SEMH children
    assert (hidden["Children placed by the plan"], hidden["Needing the independent sector"],
            hidden["Placed independently"]) == (LOW, WITHHELD, LOW)
    assert content.required_table(v2_county(), v2_plan(), "lt5") is None  # no required share: no table


def test_summary_quotes_the_spe_a_trajectory(report):
    assert report.sections[0].summary.endswith(
        " SPE.a, the share of children with EHC plans placed in independent settings, goes from 30.0% in "
        "2025/26 to 0.0% in 2027/28 (54.5% with no new places).")  # 12 of 22 with no new places


def test_a_plan_saved_before_the_measures_says_not_available():
    old = content.build([content.Run(v2_county(), finance_plan(), finance_baseline())], "lt5", DAY)
    table = _table(old, "dashboard")
    assert table.frame["Children"].tolist() == [20, 21, 22]
    assert set(table.frame["SPE.a"]) == {DASH} and set(table.frame["Transport cost"]) == {DASH}
    assert dashboard.NOT_AVAILABLE in table.note
    finance = _table(old, "finance")
    assert set(finance.frame.set_index("Line").loc[content.TRANSPORT_LINE]) == {DASH}
    assert dashboard.NOT_AVAILABLE in finance.note
    assert "SPE.a" not in old.sections[0].summary
    assert not any("SPE" in f.title for f in old.sections[0].figures)


def test_every_format_prints_the_dashboard(report, tmp_path):
    paths = {"pdf": tmp_path / "r.pdf", "docx": tmp_path / "r.docx", "xlsx": tmp_path / "r.xlsx"}
    write_pdf(report, paths["pdf"])
    write_docx(report, paths["docx"])
    write_xlsx(report, paths["xlsx"])
    text = _pdf_text(paths["pdf"])
    for expected in ("SEND dashboard measures", "Placed independently by need", "30.0%",
                     content.TRANSPORT_LINE, "SPE.a and SPE.d"):
        assert expected in text, expected
    doc = Document(str(paths["docx"]))
    titles = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "SEND dashboard measures" in titles and "Placed independently by need" in titles
    assert len(doc.inline_shapes) == 5  # the map, four charts (the share chart added)
    sheet = load_workbook(paths["xlsx"])["SEND dashboard"]
    header = [c.value for c in sheet[1]]
    spe_a = sheet.cell(row=2, column=header.index("SPE.a") + 1)
    assert spe_a.value == 0.3 and spe_a.number_format == "0.0%"  # a share Excel can compute with
    assert sheet.cell(row=2, column=header.index("Transport cost") + 1).value == 12_000


def test_assumptions_list_the_version_2_settings():
    s = v2_county(required={"ASD": 0.02})
    s = s.replace(parameters=s.parameters.replace(independent_stay=MappingProxyType({"PRI": 0.83})))
    frame = content.assumptions_table(s).frame.set_index("Assumption")["Value"]
    assert frame["Independent placements continuing next year, primary"] == "83%"
    assert frame["ASD children needing the independent sector"] == "2%"
    assert frame["Home-to-school transport, £ per km"] == "£0.50"
    assert frame["Home-to-school transport, school days a year"] == "190"
    v1 = content.assumptions_table(v2_county(per_km=0.0)).frame["Assumption"].tolist()
    assert not any("transport" in a or "continuing" in a for a in v1)


def test_scenarios_side_by_side_carry_the_dashboard():
    older = content.Run(v2_county(per_km=0.0).replace(
        parameters=v2_county(per_km=0.0).parameters.replace(name="Older plan")), finance_plan(), finance_baseline())
    report = content.build([content.Run(v2_county(), v2_plan(), v2_baseline()), older], "lt5", DAY)
    table = report.comparison
    frame = table.frame.set_index("Measure")
    last = f"SPE.a: placed independently, {academic_year(v2_county().years[-1])}"  # the year, not "last year"
    assert frame.loc[last].tolist() == [0.0, DASH]
    assert frame.loc["Home-to-school transport over the years planned"].tolist() == [29_000, DASH]
    row = list(frame.index).index(last)
    assert cell(table.frame.iloc[row, 1], table.kind(row, "Test county")) == "0.0%"
