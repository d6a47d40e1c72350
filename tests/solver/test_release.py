"""A period LP's solver state freed (:meth:`PeriodLP.release`): the LP solves on from its last basis, as a fresh
LP would; after a solve the one-year LPs (separation only) hold none, and a kept planner's next solve is right."""

from __future__ import annotations

import highspy
import numpy as np
import pandas as pd
import pytest
from extension_scenarios import stay_county

from sufficiency_app.present.plan_tables import level_values
from sufficiency_app.solver import Planner, SolveOptions, allocation, allocation_table, solve
from sufficiency_app.solver.allocation import PeriodLP, fix_limit

from .helpers import assert_checked


def test_a_released_lp_goes_on_from_its_last_basis_and_agrees_with_a_fresh_lp():
    """stay_county (stay 1.0): one module in 2026 gives 2 independent, 121 minutes, £140k revenue; no places
    3, 180, £180k. Released after level 3, the LP keeps level 3's costs and optimal basis (no iteration to
    its optimum again), and later builds give a fresh LP's values."""
    block = Planner(stay_county()).decomposition.blocks[0]
    (years,) = block.full.periods
    lp = block.full_lps[0]
    one = np.broadcast_to(np.array([[0.0, 1.0]]), (lp.ns, 2))
    duals = lp.lexicographic(one)
    assert [d.value for d in duals] == pytest.approx([2.0, 121.0, 140_000.0])
    kept = lp.h
    lp.release()
    assert lp.h is not kept and lp.h.getModelStatus() == highspy.HighsModelStatus.kNotset
    assert lp.h.getBasis().valid
    again = lp.solve(2, one, *(fix_limit(d.value) for d in duals[:2]), primal=True)
    assert again.value == pytest.approx(140_000.0) and lp.h.getInfo().simplex_iteration_count == 0
    assert lp.year_values().sum(axis=1) == pytest.approx([2.0, 121.0, 140_000.0])
    for cap in ([[0.0, 0.0]], [[0.0, 2.0]], [[0.0, 1.0]]):
        cap = np.broadcast_to(np.array(cap), (lp.ns, 2))
        values = [d.value for d in lp.lexicographic(cap)]
        lp.release()
        assert values == pytest.approx([d.value for d in PeriodLP(block.full, years).lexicographic(cap)],
                                       rel=1e-9, abs=1e-6)
    assert values == pytest.approx([2.0, 121.0, 140_000.0])


def test_a_solve_frees_the_one_year_lps_and_a_kept_planner_then_solves_as_a_fresh_one():
    """The one-year LPs (per-year cuts of linked years) were solved in the search and hold no solver state
    after it; a budget edit's re-solve on the kept planner (its one-year LPs rebuilt from their bases) gives
    a fresh planner's plan: with no budget nothing is built (3, 180), with £2m in 2026 one module (2, 121)."""
    sc = stay_county()
    planner = Planner(sc)
    first = planner.solve(SolveOptions(explain=False))
    yearly = planner.decomposition.blocks[0].yearly_lps()
    held = [lp.h for lp in yearly]
    assert yearly and all(not lp._cold for lp in yearly)  # each solved at least once by separation
    assert all(lp.h.getModelStatus() == highspy.HighsModelStatus.kNotset for lp in yearly)
    assert [lv.value for lv in first.levels[:2]] == pytest.approx([2.0, 121.0])
    for budget, levels in (((0.0, 0.0), [3.0, 180.0]), ((0.0, 2e6), [2.0, 121.0])):
        edited = sc.replace(parameters=sc.parameters.replace(capital=budget))
        assert planner.update(edited) is False
        again, fresh = planner.solve(SolveOptions(explain=False)), solve(edited, SolveOptions(explain=False))
        assert [lv.value for lv in again.levels] == pytest.approx([lv.value for lv in fresh.levels], rel=1e-9)
        assert [lv.value for lv in again.levels[:2]] == pytest.approx(levels)
        assert_checked(edited, again)
    assert all(lp.h is not h for lp, h in zip(yearly, held))


def test_large_one_year_lps_are_freed_after_each_separation_and_cut_as_kept_ones(monkeypatch):
    """Above ``KEPT_COLUMNS`` the one-year LPs hold no solver state between separations; their cuts
    at one build and then another (re-solved from their bases) are the kept LPs' cuts, and so is the plan."""
    sc = stay_county()
    kept, freed = Planner(sc).decomposition, Planner(sc).decomposition
    builds = [pd.DataFrame({"option_id": ["O"], "year": [2026], "modules": [k]}) for k in (1, 0, 2)]
    rows = []
    for dec, limit in ((kept, allocation.KEPT_COLUMNS), (freed, 0)):
        monkeypatch.setattr(allocation, "KEPT_COLUMNS", limit)
        yearly = dec.blocks[0].yearly_lps()
        for build in builds:
            dec.separate(dec.point_of(build), 2)
            states = {lp.h.getModelStatus() for lp in yearly}
            assert states == ({highspy.HighsModelStatus.kNotset} if limit == 0 else {highspy.HighsModelStatus.kOptimal})
        assert all(lp.h.getBasis().valid for lp in yearly)
        lp = dec.master.h.getLp()
        rows.append((dec.master.cuts, np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)))
    assert kept.master.cuts > 0 and rows[0][0] == rows[1][0]
    assert np.allclose(rows[0][1], rows[1][1], rtol=1e-9) and np.allclose(rows[0][2], rows[1][2], rtol=1e-9)
    plan = Planner(sc).solve(SolveOptions(explain=False))  # the limit still 0: a whole solve on freed LPs
    assert [lv.value for lv in plan.levels[:2]] == pytest.approx([2.0, 121.0])
    assert_checked(sc, plan)


def test_explanations_of_a_large_horizon_release_the_kept_lp_and_give_the_same_values(monkeypatch):
    """Above ``KEPT_COLUMNS`` the explanations' own horizon LP takes the kept one's basis and the kept one is
    released (not two large solver states at once): the option values are the same, and the kept planner's
    do-nothing plan (solved again on it) too. stay_county: O's module in 2026 saves one placement and 59 minutes."""
    sc = stay_county()
    kept, freed = Planner(sc), Planner(sc)
    plan = kept.solve()
    monkeypatch.setattr(allocation, "KEPT_COLUMNS", 0)
    again = freed.solve()
    lps = [p.decomposition.blocks[0].full_lps[0] for p in (kept, freed)]
    assert lps[0].h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert lps[1].h.getModelStatus() == highspy.HighsModelStatus.kNotset and lps[1].h.getBasis().valid
    pd.testing.assert_frame_equal(plan.option_values, again.option_values)
    assert plan.option_values[["independent_avoided", "minutes_saved"]].to_numpy().ravel() == pytest.approx([1.0, 59.0])
    nothing = [p.baseline(float("inf")) for p in (kept, freed)]
    assert [lv.value for lv in nothing[1].levels] == pytest.approx([lv.value for lv in nothing[0].levels], rel=1e-9)
    assert [lv.value for lv in nothing[1].levels[:2]] == pytest.approx([3.0, 180.0])


def test_large_year_by_year_lps_are_released_after_their_year_and_allocate_as_kept_ones(monkeypatch):
    """Above ``KEPT_COLUMNS`` (the years' LPs together) each year's LPs are released once the year is
    allocated, so one solver state at a time; kept LPs, warm from another build, then give the year-by-year
    values of kept ones. stay_county with one module in 2026: 1 + 1 independent, 60 + 61 minutes."""
    sc = stay_county()
    planner = Planner(sc)
    dec, inst = planner.decomposition, planner.instance
    builds = [dec.point_of(pd.DataFrame({"option_id": ["O"], "year": [2026], "modules": [k]})) for k in (0, 1)]
    seen = []
    for limit in (allocation.KEPT_COLUMNS, 0):
        monkeypatch.setattr(allocation, "KEPT_COLUMNS", limit)
        lps = allocation_table.YearLPs(inst, planner.coarse)
        lps.keep = True  # as after an allocation cut short
        for values in builds:
            Y, W = dec.master.build_values(values)
            table = allocation_table.allocate_in_order(inst, planner.coarse, Y, planner._minutes_now, W=W, lps=lps).table
            states = {lp.h.getModelStatus() for pair in lps._lps.values() for lp in pair}
            assert states == ({highspy.HighsModelStatus.kNotset} if limit == 0 else {highspy.HighsModelStatus.kOptimal})
        seen.append(level_values(sc, allocation_table.build_schedule(inst, sc, Y, W), table))
    assert seen[1] == pytest.approx(seen[0], rel=1e-9) and seen[0][:2] == pytest.approx([2.0, 121.0])
