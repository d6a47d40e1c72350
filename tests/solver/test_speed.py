"""The machinery that keeps solves fast and within their time: warm starts, stops, deadlines."""

from __future__ import annotations

import time

import pytest
from ortools.math_opt.python import mathopt

from sufficiency_app.solver import Planner, SolveOptions, greedy
from sufficiency_app.solver.backends import _in_thread
from sufficiency_app.solver.check import recheck
from sufficiency_app.solver.explain import explain
from sufficiency_app.solver.heuristics import greedy_modules
from sufficiency_app.solver.tables import level_values
from sufficiency_app.solver.warmstart import complete

from .test_planner import town


def test_warm_start_is_the_checked_allocation_of_the_greedy_plan():
    """The warm start from greedy decisions scores exactly as the checker scores the greedy schedule."""
    sc = town()
    planner = Planner(sc)
    pm = planner.model
    pm.set_pins(())
    values = complete(pm, planner._greedy_start())
    independent, travel, _ = recheck(sc, greedy(sc).schedule)
    assert mathopt.evaluate_expression(pm.level_expressions[0], values) == pytest.approx(independent, abs=1e-6)
    travel_of_start = mathopt.evaluate_expression(pm.level_expressions[1], values)
    assert travel_of_start == pytest.approx(travel, rel=2e-6, abs=2e-5)  # reading 11 tolerance
    coarse = complete(planner.coarse, planner._greedy_start(), passes=1)
    assert mathopt.evaluate_expression(planner.coarse.level_expressions[0], coarse) == pytest.approx(independent)


def test_warm_start_refuses_a_plan_over_budget():
    """Three modules of X1 in 2025 cost £2.4m; with a £2m budget the warm start is refused."""
    sc = town(budget=2e6, carry=False)
    planner = Planner(sc)
    planner.model.set_pins(())
    assert complete(planner.model, {("y", "X1", 0): 3.0}) is None
    assert complete(planner.model, {("y", "X1", 0): 2.0}) is not None


def test_greedy_plan_keeps_every_years_budget():
    """Without carry-forward each year's greedy capital fits that year's £1m."""
    sc = town(budget=1e6, carry=False)
    planner = Planner(sc)
    schedule = greedy(sc).schedule
    assert len(greedy_modules(planner.instance)) > 0
    assert schedule.groupby("year")["capital"].sum().max() <= 1e6 + 1e-6


def test_abandoned_solve_returns_at_its_stop_time():
    began = time.perf_counter()
    assert _in_thread(lambda: time.sleep(3), time.perf_counter() + 0.2) is None
    assert time.perf_counter() - began < 1.0
    assert _in_thread(lambda: 7, time.perf_counter() + 5) == 7


def test_explanations_past_their_deadline_are_skipped_and_said_so():
    sc = town()
    r = Planner(sc).solve(SolveOptions(explain=False))
    late = explain(sc, r, deadline=time.perf_counter() - 1)
    assert len(late.marginal_values) == 0 and "skipped (time limit)" in late.message
    on_time = explain(sc, r, deadline=time.perf_counter() + 60)
    assert len(on_time.option_values) == r.schedule["option_id"].nunique() and on_time.message == r.message


def test_short_time_limit_still_gives_a_checked_plan_in_time():
    """With almost no time the greedy warm start is the plan, and the solve returns within the limit."""
    sc = town()
    began = time.perf_counter()
    r = Planner(sc).solve(SolveOptions(time_limit=0.5))
    assert time.perf_counter() - began < 0.5 + 1.5
    own = level_values(sc, r.schedule, r.allocation)
    independent, _, _ = recheck(sc, r.schedule)
    assert own[0] == pytest.approx(independent, abs=1e-6)
    assert r.levels[0].value == pytest.approx(independent, abs=1e-6)
    assert r.independent <= greedy(sc).independent + 1e-6


def test_without_time_for_levels_2_and_3_level_1s_own_plan_is_returned(monkeypatch):
    """Level 1's coarse solution, split back to groups, is a full plan: optimal for level 1, scored for the rest."""
    from sufficiency_app.solver import planner
    from sufficiency_app.solver.backends import Outcome

    real_solve, real_complete = planner.solve_once, planner.complete
    monkeypatch.setattr(planner, "solve_once", lambda model, backend, **kw: real_solve(model, backend, **kw)
                        if kw["presolve"] is False else Outcome(None, "time_limit"))  # level 1 only
    monkeypatch.setattr(planner, "complete", lambda pm, *a, **kw: real_complete(pm, *a, **kw) if not pm.full else None)
    sc = town()
    r = Planner(sc).solve(SolveOptions(explain=False))
    best = Planner(sc).solve(SolveOptions(explain=False))
    assert r.status == "time_limit" and [lv.status for lv in r.levels] == ["optimal", "time_limit", "time_limit"]
    assert r.levels[0].value == pytest.approx(best.levels[0].value)
    assert [lv.bound for lv in r.levels[1:]] == [0.0, 0.0] and r.gap == 1.0
    own = level_values(sc, r.schedule, r.allocation)
    assert own == pytest.approx(tuple(lv.value for lv in r.levels))
    independent, travel, allocation = recheck(sc, r.schedule)
    assert own[0] == pytest.approx(independent) and own[1] >= travel - 1e-6
    by_group = ["year", "area_id", "need", "phase", "tier"]
    assert r.allocation.groupby(by_group)["count"].sum().to_dict() == pytest.approx(
        allocation.groupby(by_group)["count"].sum().to_dict())
    minutes = r.allocation.merge(allocation[["area_id", "provision_id", "minutes"]].drop_duplicates(),
                                 on=["area_id", "provision_id"], suffixes=("", "_check"))
    assert (minutes["minutes"] - minutes["minutes_check"]).abs().max() < 1e-9
