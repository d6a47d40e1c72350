"""The machinery that keeps solves fast and within their time: warm starts, stops, deadlines."""

from __future__ import annotations

import time

import numpy as np
import pytest

from sufficiency_app.present.plan_tables import level_values
from sufficiency_app.solver import Planner, SolveOptions, baseline, greedy
from sufficiency_app.solver.allocation import LEVEL_COUNT
from sufficiency_app.solver.api import allowance
from sufficiency_app.solver.check import recheck
from sufficiency_app.solver.heuristics import greedy_modules

from .helpers import assert_checked, fixed
from .test_planner import town


def test_greedy_plan_keeps_every_years_budget():
    """Without carry-forward each year's greedy capital fits that year's £1m."""
    sc = town(budget=1e6, carry=False)
    planner = Planner(sc)
    schedule = greedy(sc).schedule
    assert len(greedy_modules(planner.instance)) > 0
    assert schedule.groupby("year")["capital"].sum().max() <= 1e6 + 1e-6


def test_short_time_limit_still_gives_a_checked_plan_in_time():
    """With almost no time the greedy warm start is the plan, and the solve returns within the limit."""
    sc = town()
    began = time.perf_counter()
    r = Planner(sc).solve(SolveOptions(time_limit=0.5), started=began)  # the set-up is inside the limit too
    assert time.perf_counter() - began < 0.5 + allowance(0.5)
    own = level_values(sc, r.schedule, r.allocation)
    independent, _, _ = recheck(sc, r.schedule)
    assert own[0] == pytest.approx(independent, abs=1e-6)
    assert r.levels[0].value == pytest.approx(independent, abs=1e-6)
    assert r.independent <= greedy(sc).independent + 1e-6


def test_explanations_wait_for_time_left_and_say_when_they_were_left_out():
    """Marginal and option values come after the plan's tables, only while the time limit has not passed."""
    sc = town()
    hurried = Planner(sc).solve(SolveOptions(time_limit=0.01))
    assert len(hurried.option_values) == 0 and "option values left out" in hurried.message
    calm = Planner(sc).solve(SolveOptions())
    assert len(calm.option_values) > 0 and "left out" not in calm.message


def test_without_time_for_levels_2_and_3_the_allocation_is_still_travel_optimal(monkeypatch):
    """Levels 2 and 3 stopped before any round: the plan is level 1's build, allocated exactly for it.

    Its travel equals the re-check's travel for that schedule (not level 1's
    arbitrary allocation), and levels 2 and 3 carry no bound rather than 0.
    """
    from sufficiency_app.solver import benders

    real = benders.Decomposition.solve_level

    def level_1_only(self, level, deadline, gap, cancelled, report, **limits):
        if level == 0:
            return real(self, level, deadline, gap, cancelled, report, **limits)
        return benders.LevelOutcome(float("inf"), float("nan"), "time_limit")

    monkeypatch.setattr(benders.Decomposition, "solve_level", level_1_only)
    sc = town()
    r = Planner(sc).solve(SolveOptions(explain=False))
    assert r.status == "time_limit" and [lv.status for lv in r.levels] == ["optimal", "time_limit", "time_limit"]
    assert np.isnan(r.levels[1].bound) and np.isnan(r.levels[2].bound) and np.isnan(r.gap)
    independent, travel, _ = recheck(sc, r.schedule)
    assert r.levels[0].value == pytest.approx(independent, abs=1e-4)
    assert r.levels[1].value == fixed(travel, 2e-6, 2e-5)  # as assert_checked: level 3 may use the tolerance


def test_the_do_nothing_plan_from_the_kept_lps_is_the_baseline():
    """``Planner.baseline`` (what ``sufficiency solve`` writes) scores like ``baseline``, from the kept LPs."""
    sc = town()
    planner = Planner(sc)
    planner.solve(SolveOptions(explain=False))
    kept, fresh = planner.baseline(time.perf_counter() + 60), baseline(sc)
    assert len(kept.schedule) == 0 and kept.capital == 0
    for mine, theirs in zip(kept.levels, fresh.levels):
        assert mine.value == fixed(theirs.value, 2e-6, 2e-5)
    assert planner.baseline(time.perf_counter() - 1).levels == kept.levels  # kept: no solve, no time needed
    assert Planner(sc).baseline(time.perf_counter() - 1) is None  # no time left: left out, not late


def test_a_plan_whose_allocation_does_not_fit_in_the_time_says_so(monkeypatch, tmp_path, capsys):
    """When even the plan's allocation cannot be solved in time, the build comes alone, labelled, on time."""
    from sufficiency_app.cli import main
    from sufficiency_app.io import write_scenario
    from sufficiency_app.solver import planner as planner_module
    from sufficiency_app.solver.allocation import TimeUp

    def late(*args, **kwargs):
        raise TimeUp

    monkeypatch.setattr(planner_module, "allocate", late)
    sc = town()
    r = Planner(sc).solve(SolveOptions(time_limit=5))
    assert r.status == "time_limit" and len(r.allocation) == 0 and len(r.schedule) > 0
    assert r.message.startswith("stopped on time before the children could be allocated")
    assert all(lv.status == "time_limit" for lv in r.levels)
    write_scenario(sc, tmp_path / "in")
    assert main(["solve", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--time-limit", "5"]) == 0
    out = capsys.readouterr()
    assert "a build plan without figures" in out.out and "stopped on time" in out.err
    assert "do-nothing comparison was left out" in out.err


def test_after_a_budget_rise_the_kept_plan_comes_back_at_once_with_its_figures(monkeypatch):
    """The workshop: the last plan still fits a larger budget, so the decomposition is kept and the plan's
    kept score and allocations are reused: even a solve with no time to speak of returns it allocated, without
    scoring any build at every level again (the levels say it was stopped on time). How fast: the workshop row
    of benchmarks/solver_bench.py."""
    from sufficiency_app.solver import benders

    sc = town()
    planner = Planner(sc)
    first = planner.solve(SolveOptions(explain=False))
    kept = planner.decomposition
    assert planner.update(sc.replace(parameters=sc.parameters.replace(capital=(3.3e6,) * 3))) is False
    scored = []  # the levels of every build evaluated by solving its LPs
    real = benders.Decomposition._evaluate

    def evaluate(self, values, level, at_master, *rest):
        scored.append((level + 1, at_master))
        return real(self, values, level, at_master, *rest)

    monkeypatch.setattr(benders.Decomposition, "_evaluate", evaluate)
    quick = planner.solve(SolveOptions(time_limit=0.001, explain=False))
    assert planner.decomposition is kept  # not rebuilt: master, cuts and kept scores carried over
    assert (LEVEL_COUNT, False) not in scored  # the kept plan's score was reused, not solved again
    assert quick.status == "time_limit" and len(quick.allocation) > 0
    assert quick.schedule.equals(first.schedule)  # the kept plan itself
    assert quick.independent <= first.independent + 1e-6
    assert_checked(planner.scenario, quick)
