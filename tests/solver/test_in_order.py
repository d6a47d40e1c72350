"""The year-by-year allocation (linked years, a plan stopped before the horizon's exact allocation).

Hand-worked: each year is allocated lexicographically given the placements
continuing from the years before, so the stay rows hold; it may place more
children independently than the horizon's optimum, never fewer.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest
from extension_scenarios import STAY_OFF_SCHEDULE, STAY_SCHEDULE, stay_county

from solver.builder import area, option, provision, scenario
from sufficiency_app.present.plan_tables import level_values
from sufficiency_app.solver import Planner, SolveOptions
from sufficiency_app.solver import planner as planner_module
from sufficiency_app.solver.allocation import TimeUp
from sufficiency_app.solver.allocation_table import allocate_in_order, build_schedule
from sufficiency_app.solver.check import recheck


def _in_order(sc, modules: pd.DataFrame):
    planner = Planner(sc)
    dec = planner.decomposition
    Y, W = dec.master.build_values(dec.point_of(modules[["option_id", "year", "modules"]]))
    table = allocate_in_order(planner.instance, planner.coarse, Y, planner._minutes_now, W=W).table
    return level_values(sc, build_schedule(planner.instance, sc, Y, W), table), table


def test_the_child_placed_independently_stays_so_year_by_year():
    """stay_county, two modules in 2026: the 2025 child stays independent (stay 1.0), so 1 + 1 = 2
    independent, 60 + (60 + 1) = 121 minutes, as the horizon's optimum (a place stands empty)."""
    values, table = _in_order(stay_county(), STAY_OFF_SCHEDULE)
    assert values[0] == pytest.approx(2.0) and values[1] == pytest.approx(121.0)
    assert table.loc[table["year"] == 2026].groupby("provision_id")["count"].sum().to_dict() == \
        pytest.approx({"INDEPENDENT": 1.0, "S": 1.0})


def _myopic():
    """A (PRI, 50 min from S) and B (SEC, 1 min) each have a child in 2025 and 2026; S has 1 place, a module
    adds a second in 2026; PRI children placed independently stay (1.0), SEC ones come back.

    Horizon optimum: B's child independent in 2025 (60 + 50 minutes), both at S in 2026: 1 independent.
    Year by year: 2025 puts A's child outside (60 + 1 = 61 minutes against 110), who stays in 2026: 2."""
    return scenario([area("A", 50), area("B", 1)],
                    [(2025, "A", "ASD", "PRI", "special", 1), (2025, "B", "ASD", "SEC", "special", 1),
                     (2026, "A", "ASD", "PRI", "special", 1), (2026, "B", "ASD", "SEC", "special", 1)],
                    [provision("S", "special", 1, 0)],
                    [option("O", provision_id="S", module=1, max_modules=1, capital=1e6, earliest=2026)],
                    horizon=2, capital=(0.0, 1e6), independent_stay={"PRI": 1.0})


MYOPIC_SCHEDULE = pd.DataFrame({"option_id": ["O"], "year": [2026], "modules": [1]})


def test_year_by_year_is_feasible_but_may_place_more_independently_than_the_horizon():
    """Minutes are straight-line kilometres between the builder's 200 m squares, so to 0.01."""
    sc = _myopic()
    values, table = _in_order(sc, MYOPIC_SCHEDULE)
    schedule = pd.DataFrame({"option_id": ["O"], "year": [2026], "modules": [1], "places": [1], "capital": [1e6]})
    independent, travel, _ = recheck(sc, schedule)
    assert independent == pytest.approx(1.0) and travel == pytest.approx(110.0 + 51.0, abs=0.01)
    assert values[0] == pytest.approx(2.0) and values[1] == pytest.approx(61.0 + 61.0, abs=0.01)
    outside = table[table["provision_id"] == "INDEPENDENT"]
    assert outside[["year", "area_id"]].values.tolist() == [[2025, "A"], [2026, "A"]]


def test_a_plan_stopped_before_its_exact_allocation_comes_allocated_year_by_year(monkeypatch):
    """Linked years: when the horizon's allocation does not fit in the time, the year-by-year one stands in,
    labelled, with its figures from its tables (no explanations: they need the exact LPs)."""
    def late(*args, **kwargs):
        raise TimeUp

    monkeypatch.setattr(planner_module, "allocate", late)
    sc = stay_county()
    planner = Planner(sc)
    monkeypatch.setattr(planner.decomposition, "score", lambda *a, **k: (_ for _ in ()).throw(TimeUp()))
    r = planner.solve(SolveOptions(time_limit=5))
    assert r.status == "time_limit" and len(r.allocation) > 0
    assert r.message.startswith("stopped on time before the best allocation over the whole horizon")
    assert r.option_values is None or len(r.option_values) == 0
    assert r.levels[0].value == pytest.approx(level_values(sc, r.schedule, r.allocation)[0])


def test_kept_lps_allocate_year_by_year_as_well_as_fresh_lps():
    """The planner's kept one-year LPs, warm from another build's allocation, give a build's year-by-year
    allocation the same values, year by year, as fresh LPs, and the same independent placements (so the same
    floors each next year: a class's are shared between its groups by one rule, not by the LP's basis). Ties
    between state settings may be broken the other way: in 2027 the SEMH children of A1 (35 min to S2, 40 to
    N2) and A3 (15 and 20) swap 1.08 places of S2 and N2 at equal travel and cost."""
    from types import MappingProxyType

    from sufficiency_app.solver.allocation_table import YearLPs
    from sufficiency_app.solver.heuristics import greedy_modules

    from .test_planner import town

    base = town(budget=1.5e6)
    sc = base.replace(parameters=base.parameters.replace(
        independent_stay=MappingProxyType({"PRI": 0.83, "SEC": 0.8}), independent_required=MappingProxyType({"ASD": 0.1})))
    planner = Planner(sc)
    dec, inst = planner.decomposition, planner.instance
    kept = YearLPs(inst, planner.coarse)
    kept.keep = True  # as after an allocation cut short
    for values in (dec.empty_build(), dec.point_of(greedy_modules(inst))):
        Y, W = dec.master.build_values(values)
        warm = allocate_in_order(inst, planner.coarse, Y, planner._minutes_now, W=W, lps=kept).table
        fresh = allocate_in_order(inst, planner.coarse, Y, planner._minutes_now, W=W).table
        schedule = build_schedule(inst, sc, Y, W)
        for year in sc.parameters.years:
            assert level_values(sc, schedule, warm[warm["year"] == year]) == pytest.approx(
                level_values(sc, schedule, fresh[fresh["year"] == year]), rel=1e-9)
        outside = [t[t["provision_id"] == "INDEPENDENT"].reset_index(drop=True) for t in (warm, fresh)]
        pd.testing.assert_frame_equal(*outside, rtol=1e-9)
    assert len(outside[0]) and warm["area_id"].nunique() == 6


def test_a_class_shares_its_independent_children_between_its_groups_by_one_rule():
    """Area A has an ASD and an SLD child in 2025 and 2026 (one class: both go to S alike); S has 1 place in
    2025 and 2 from 2026. In 2025 one child of the class goes independent and the LP could say either group's;
    year by year it is half of each (each group's least, 0, plus the same share of what it could take), so in
    2026 each group keeps 1.0 x 0.5 - max(0, 1 - 1) = 0.5 independent: 1 child in all, the other at S."""
    sc = scenario([area("A", 1)], [(year, "A", need, "PRI", "special", 1) for year in (2025, 2026)
                                   for need in ("ASD", "SLD")],
                  [provision("S", "special", 1, 0)],
                  [option("O", provision_id="S", module=1, max_modules=1, capital=1e6, earliest=2026)],
                  horizon=2, capital=(0.0, 1e6), independent_stay={"PRI": 1.0})
    values, table = _in_order(sc, MYOPIC_SCHEDULE)
    outside = table[table["provision_id"] == "INDEPENDENT"]
    assert outside.groupby(["year", "need"])["count"].sum().to_dict() == pytest.approx(
        {(2025, "ASD"): 0.5, (2025, "SLD"): 0.5, (2026, "ASD"): 0.5, (2026, "SLD"): 0.5})
    assert values[0] == pytest.approx(2.0)


def test_a_year_by_year_allocation_stopped_on_time_is_finished_by_the_next_solve_with_time_left():
    """So the one after (a workshop edit) starts from warm LPs: the kept LPs of every year are built and solved."""
    sc = stay_county()
    planner = Planner(sc)
    assert planner._in_order(planner.decomposition.empty_build(), 0.0) is None  # its deadline has passed
    assert planner._years.cut_short
    planner.solve(SolveOptions(time_limit=30, explain=False))
    assert not planner._years.cut_short and sorted(planner._years._lps) == [0, 1]
    fresh = Planner(sc)  # a planner never cut short (a command-line solve) frees them after an allocation
    assert fresh._in_order(fresh.decomposition.empty_build(), time.perf_counter() + 30) is not None
    assert not fresh._years._lps


def test_a_budget_edit_a_kept_plan_still_fits_has_its_exact_allocation_at_once(monkeypatch):
    """An allocation depends on the build, demand and costs, not on budgets: the last few plans' are kept. After
    a budget rise the plan comes back with no allocation solved (allocate and the year-by-year stand-in fail
    then), the same table; after a cut to no module and back, the first plan is back the same way; a revenue
    edit drops them (the cheapest allocation may change)."""
    sc = stay_county()  # one module in 2026 (STAY_SCHEDULE): more budget buys nothing better
    planner = Planner(sc)
    first = planner.solve(SolveOptions(time_limit=60, explain=False))
    assert first.status == "optimal" and first.schedule.equals(STAY_SCHEDULE)

    def budget(scale: float):
        return sc.replace(parameters=sc.parameters.replace(capital=tuple(scale * c for c in sc.parameters.capital)))

    planner.update(budget(0.25))  # £0.5m in 2026: no module
    assert planner.solve(SolveOptions(time_limit=60, explain=False)).schedule.empty

    def unused(*args, **kwargs):
        raise AssertionError("the kept allocation should have been used")

    monkeypatch.setattr(planner_module, "allocate", unused)
    monkeypatch.setattr(planner_module, "allocate_in_order", unused)
    for scale in (1.0, 1.1):
        planner.update(budget(scale))
        again = planner.solve(SolveOptions(time_limit=60, explain=False))
        assert again.schedule.equals(first.schedule) and again.allocation.to_csv() == first.allocation.to_csv()
    dearer = budget(1.1)
    planner.update(dearer.replace(parameters=dearer.parameters.replace(independent_place=90_000.0)))
    with pytest.raises(AssertionError, match="kept allocation"):
        planner.solve(SolveOptions(time_limit=60, explain=False))
