"""The finance model: revenue by kind, capital against budget, the DSG view."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box
from small_scenarios import finance_county

from sufficiency_app.infra.errors import ScenarioError
from sufficiency_app.model import finance
from sufficiency_app.model.plan import PlanResult
from sufficiency_app.model.scenario import Parameters, Scenario

# Wiltshire SEND Sustainability Plan (April 2024), unmitigated DSG forecast, £000,
# financial years 2023-24 .. 2028-29.
TOTAL_EXPENDITURE = (97_098, 103_932, 105_468, 110_759, 117_763, 125_960)
INMSS = (20_207, 22_312, 25_323, 29_228, 33_734, 38_936)
HNB_INCOME = (70_798, 73_465, 75_669, 77_939, 80_277, 82_685)
BLOCK_TRANSFER = (1_797, 2_000, 1_877, 1_933, 1_991, 2_051)
OTHER_BLOCKS = (3_470, 0, 0, 0, 0, 0)  # "Surplus/Deficit from other DSG Blocks" -3,470 (a surplus)
OPENING = 35_214  # deficit brought forward into 2023-24
IN_YEAR_DEFICIT = (24_504, 28_468, 27_923, 30_887, 35_495, 41_224)
BROUGHT_FORWARD = (35_214, 56_247, 84_715, 112_638, 143_524, 179_020)
DEFICIT_BALANCE = (56_247, 84_715, 112_638, 143_524, 179_020, 220_244)
WILTS_YEARS = tuple(range(2023, 2029))
INDEPENDENT_PLACE = 57_000.0


@pytest.fixture
def scenario() -> Scenario:
    """The finance county, whose plan and baseline are the ``plan`` and ``baseline`` fixtures."""
    return finance_county()


def _wiltshire() -> tuple[Scenario, PlanResult]:
    """The forecast's lines as finance.csv; INMSS spend as independent placements of a plan."""
    lines = [{"year": 2023, "line": "opening_balance", "amount": -OPENING * 1000.0}]
    for i, y in enumerate(WILTS_YEARS):
        lines += [
            {"year": y, "line": "hnb_income", "amount": HNB_INCOME[i] * 1000.0},
            {"year": y, "line": "block_transfer", "amount": BLOCK_TRANSFER[i] * 1000.0},
            {"year": y, "line": "other_blocks", "amount": OTHER_BLOCKS[i] * 1000.0},
            {"year": y, "line": "other_high_needs_spend", "amount": (TOTAL_EXPENDITURE[i] - INMSS[i]) * 1000.0},
        ]
    areas = gpd.GeoDataFrame({"area_id": ["W"], "name": ["Wiltshire"]}, geometry=[box(0, 0, 1, 1)],
                             crs="EPSG:27700")
    empty = pd.DataFrame(columns=["provision_id", "name", "kind", "needs", "phases", "capacity",
                                  "easting", "northing", "cost_per_place", "urn"])
    scenario = Scenario(
        parameters=Parameters(name="Wiltshire unmitigated", base_year=2023, horizon=6,
                              independent_place=INDEPENDENT_PLACE),
        areas=areas, demand=pd.DataFrame(), provisions=empty, finance=pd.DataFrame(lines))
    alloc = pd.DataFrame([
        {"year": y, "area_id": "W", "need": "ASD", "phase": "SEC", "tier": "special",
         "provision_id": "INDEPENDENT", "count": INMSS[i] * 1000.0 / INDEPENDENT_PLACE, "minutes": 60.0}
        for i, y in enumerate(WILTS_YEARS)
    ])
    result = PlanResult(status="optimal", schedule=pd.DataFrame(columns=["option_id", "year", "modules",
                        "places", "capital"]), allocation=alloc, summary=pd.DataFrame(), levels=(),
                        gap=0.0, seconds=0.0, backend="test", scenario_sha256="")
    return scenario, result


def test_reproduces_wiltshire_unmitigated_forecast():
    scenario, result = _wiltshire()
    view = finance.dsg_view(scenario, result)
    k = view.set_index("year") / 1000.0
    for i, y in enumerate(WILTS_YEARS):
        row = k.loc[y]
        # Lines given: totals reproduce exactly (to £1,000).
        assert round(row["total_spend"]) == TOTAL_EXPENDITURE[i]
        assert round(row["independent_spend"]) == INMSS[i]
        assert round(row["income"]) == HNB_INCOME[i] + BLOCK_TRANSFER[i]
        # The published table rounds every line to £1,000 independently, so a
        # result built from three rounded lines may differ from the published
        # rounded result by one unit, and the balance by the carried units.
        assert abs(-row["in_year"] - IN_YEAR_DEFICIT[i]) <= 1
        assert abs(-row["brought_forward"] - BROUGHT_FORWARD[i]) <= 2
        assert abs(-row["balance"] - DEFICIT_BALANCE[i]) <= 2
    assert round(-k.loc[2023, "balance"]) == 56_247
    assert round(-k.loc[2028, "balance"]) == 220_242  # published 220,244: £2k of line rounding
    # The chain itself is exact: opening + every year's result + other blocks.
    assert view["balance"].iloc[-1] == pytest.approx(
        -OPENING * 1000.0 + view["in_year"].sum() + view["other_blocks"].sum())


def test_revenue_by_kind_hand_worked(scenario, plan):
    rev = finance.revenue_by_kind(scenario, plan).set_index(["year", "kind"])
    assert rev.loc[(2025, "special"), "children"] == 14
    assert rev.loc[(2025, "special"), "cost"] == 14 * 25_000
    assert rev.loc[(2025, "independent"), "cost"] == 6 * 60_000
    assert rev.loc[(2026, "resource_base"), "cost"] == 7 * 20_000
    assert rev.loc[(2027, "resource_base"), "children"] == 8


def test_listed_independent_school_costs_its_own_rate(scenario, baseline):
    rev = finance.revenue_by_kind(scenario, baseline).set_index(["year", "kind"])
    # 5 at Far Independent (£80,000) + 5 in the sector (£60,000) in 2025.
    assert rev.loc[(2025, "independent"), "cost"] == 5 * 80_000 + 5 * 60_000
    assert rev.loc[(2025, "independent"), "children"] == 10


def test_capital_against_budget(scenario, plan):
    cap = finance.capital_by_year(scenario, plan)
    assert cap["capital"].tolist() == [500_000, 1_200_000, 0]
    assert cap["budget"].tolist() == [1_000_000, 1_500_000, 0]
    assert cap["cumulative_capital"].tolist() == [500_000, 1_700_000, 1_700_000]
    assert cap["cumulative_budget"].tolist() == [1_000_000, 2_500_000, 2_500_000]


def test_dsg_view_hand_worked(scenario, plan):
    view = finance.dsg_view(scenario, plan).set_index("year")
    assert view["placement_spend"].tolist() == [710_000, 490_000, 510_000]
    assert view["total_spend"].tolist() == [1_110_000, 890_000, 910_000]
    assert view["in_year"].tolist() == [490_000, 710_000, 690_000]
    assert view["brought_forward"].tolist() == [-1_000_000, -510_000, 200_000]
    assert view["balance"].tolist() == [-510_000, 200_000, 890_000]


def test_plan_against_baseline(scenario, plan, baseline):
    cmp = finance.compare(scenario, plan, baseline).set_index("year")
    assert cmp["baseline_spend"].tolist() == [1_350_000, 1_410_000, 1_470_000]
    assert cmp["saving"].tolist() == [240_000, 520_000, 560_000]
    assert cmp["baseline_balance"].tolist() == [-750_000, -560_000, -430_000]
    assert cmp["balance_improvement"].tolist() == [240_000, 760_000, 1_320_000]


def test_no_finance_file_gives_placements_only(scenario, plan):
    view = finance.dsg_view(scenario.replace(finance=None), plan)
    assert view["income"].tolist() == [0, 0, 0]
    assert view["total_spend"].tolist() == [710_000, 490_000, 510_000]


def test_opening_balance_in_wrong_year_is_a_clear_problem(scenario, plan):
    bad = scenario.finance.copy()
    bad.loc[0, "year"] = 2024
    with pytest.raises(ScenarioError) as err:
        finance.dsg_view(scenario.replace(finance=bad), plan)
    problem = err.value.problems[0]
    assert problem.file == "finance.csv" and problem.row == 2 and problem.column == "year"


def test_unknown_setting_in_plan_is_a_clear_problem(scenario, plan):
    alloc = plan.allocation.copy()
    alloc.loc[0, "provision_id"] = "GHOST"
    with pytest.raises(ScenarioError, match="GHOST"):
        finance.revenue_by_kind(scenario, dataclasses.replace(plan, allocation=alloc))


def test_capital_is_spent_as_it_is_built(scenario, plan):
    # The new resource base (£1.2m, places from 2026) built over two years: £600k lands in 2025,
    # beside Oak's £500k. The summary carries the spread (reading 18); the schedule keeps the lump.
    spread = dataclasses.replace(plan, summary=plan.summary.assign(capital=[1_100_000.0, 600_000.0, 0.0]))
    cap = finance.capital_by_year(scenario, spread)
    assert cap["capital"].tolist() == [1_100_000, 600_000, 0]
    assert cap["cumulative_capital"].tolist() == [1_100_000, 1_700_000, 1_700_000]
    assert spread.capital == 1_700_000


def test_transport_by_year_is_read_from_the_summary_and_kept_out_of_the_block(scenario, plan):
    costed = dataclasses.replace(plan, summary=plan.summary.assign(transport_cost=[12_000.0, 8_000.0, 8_500.0]))
    assert finance.transport_by_year(scenario, costed).tolist() == [12_000, 8_000, 8_500]
    assert finance.dsg_view(scenario, costed).equals(finance.dsg_view(scenario, plan))  # general fund, not HNB
    assert finance.transport_by_year(scenario, plan).isna().all()  # saved before transport was costed


def _with_target(scenario: Scenario, target: float, savings: tuple[float, ...] = (0.0, 100_000.0, 0.0)) -> Scenario:
    """The finance county with a Safety Valve target and other workstreams' savings."""
    extra = pd.DataFrame(
        [{"year": y, "line": "target_in_year", "amount": target} for y in (2025, 2026, 2027)]
        + [{"year": y, "line": "Other_Savings", "amount": s} for y, s in zip((2025, 2026, 2027), savings)])
    return scenario.replace(finance=pd.concat([scenario.finance, extra], ignore_index=True))


def test_safety_valve_hand_worked(scenario, plan, baseline):
    s = _with_target(scenario, 600_000.0)
    view = finance.safety_valve(s, finance.dsg_view(s, plan), finance.dsg_view(s, baseline)).set_index("year")
    assert finance.has_safety_valve(s) and not finance.has_safety_valve(scenario)
    # Plan in-year 490k, 710k, 690k plus 100k of other savings in 2026; no new places 250k, 190k, 130k.
    assert view["plan_in_year"].tolist() == [490_000, 810_000, 690_000]
    assert view["baseline_in_year"].tolist() == [250_000, 290_000, 130_000]
    assert view["plan_balance"].tolist() == [-510_000, 300_000, 990_000]
    assert view["target_balance"].tolist() == [-400_000, 200_000, 800_000]
    assert view["plan_meets_target"].tolist() == [False, True, True]
    # The DSG view itself stays unmitigated: the two Safety Valve lines are not spend.
    assert finance.dsg_view(s, plan)["in_year"].tolist() == [490_000, 710_000, 690_000]


def test_safety_valve_words_say_whether_and_when(scenario, plan, baseline):
    def words(target: float) -> str:
        s = _with_target(scenario, target)
        return finance.safety_valve_words(
            finance.safety_valve(s, finance.dsg_view(s, plan), finance.dsg_view(s, baseline)))

    assert words(600_000.0) == ("The plan reaches the Safety Valve target in 2026-27 (a surplus of £810k against "
                                "the target of a surplus of £600k) and stays on it; its cumulative balance at the "
                                "end of 2027-28 is £990k against £800k on the target's path.")
    assert words(800_000.0) == ("The plan does not reach the Safety Valve target by 2027-28: that year it has a "
                                "surplus of £690k against the target of a surplus of £800k, £110k short (a "
                                "surplus of £130k with no new places).")
    assert words(0.0) == "The plan meets the Safety Valve target in every year from 2025-26."


def test_safety_valve_line_given_twice_is_a_clear_problem(scenario, plan, baseline):
    s = _with_target(scenario, 0.0)
    twice = s.replace(finance=pd.concat([s.finance, pd.DataFrame(
        [{"year": 2026, "line": "target_in_year", "amount": -5.0}])], ignore_index=True))
    with pytest.raises(ScenarioError) as err:
        finance.safety_valve(twice, finance.dsg_view(s, plan), finance.dsg_view(s, baseline))
    assert "target_in_year is given 2 times for 2026; give it once" in str(err.value)


def test_place_funding_joins_the_high_needs_block_spend():
    """docs/model.md reading 19: the funding of every place kept is High Needs Block spend (funding_county:
    4 places of S at £10,000 in each of two years under the three-place module)."""
    from extension_scenarios import FUNDING_OFF_SCHEDULE, funding_county

    from sufficiency_app.io import scenario_sha256
    from sufficiency_app.present.plan_tables import plan_from_tables
    from sufficiency_app.solver.check import check_plan

    on, off = funding_county(), funding_county(0.0)
    plans = [plan_from_tables(sc, FUNDING_OFF_SCHEDULE, check_plan(sc, FUNDING_OFF_SCHEDULE).allocation,
                              backend="check", status="optimal", seconds=0.0, scenario_sha256=scenario_sha256(sc)) for sc in (on, off)]
    spend = [finance.dsg_view(sc, plan)["placement_spend"].tolist() for sc, plan in zip((on, off), plans)]
    assert spend == [[80_000.0, 80_000.0], [40_000.0, 40_000.0]]
