"""The time limit is kept phase by phase (issue 25): each phase's deadline leaves the phases after it their
time, and the re-check stops at its deadline inside a block. Deterministic: deadlines already past, or a
fake clock, never a race with the wall clock."""

from __future__ import annotations

import time
import types

import pytest
from extension_scenarios import STAY_SCHEDULE, stay_county

from sufficiency_app.solver import Planner, SolveOptions, check, robust
from sufficiency_app.solver import planner as planner_module
from sufficiency_app.solver.api import allowance


def _clock_at(deadline: float):
    """A stand-in for the check's ``time`` module whose clock stays just before ``deadline``: the old check,
    which asked the clock only before each block, would then run every block to its end."""
    return types.SimpleNamespace(perf_counter=lambda: deadline - 1e-9)


def test_the_re_check_stops_at_its_deadline_inside_a_block(monkeypatch):
    """HiGHS's own time limit stops the block's LP under way: the block never ends on its own."""
    monkeypatch.setattr(check, "time", _clock_at(1000.0))
    with pytest.raises(check.Late, match="in the middle of a block"):
        check.check_plan(stay_county(), STAY_SCHEDULE, deadline=1000.0)


def test_no_block_of_the_re_check_starts_after_its_deadline(monkeypatch):
    monkeypatch.setattr(check, "time", _clock_at(1000.0 + 1e-9))
    with pytest.raises(check.Late) as stopped:
        check.check_plan(stay_county(), STAY_SCHEDULE, deadline=1000.0)
    assert str(stopped.value) == check.LATE


def test_without_a_deadline_the_re_check_has_no_time_limit(monkeypatch):
    monkeypatch.setattr(check, "time", _clock_at(1000.0))
    assert check.check_plan(stay_county(), STAY_SCHEDULE).independent == pytest.approx(
        check.check_plan(stay_county(), STAY_SCHEDULE, deadline=float("inf")).independent)


def test_a_robust_future_whose_re_check_stopped_inside_a_block_says_so(monkeypatch):
    real = robust.check_plan

    def at_the_deadline(future, schedule, minutes, deadline, cancelled):
        monkeypatch.setattr(check, "time", _clock_at(deadline))
        try:
            return real(future, schedule, minutes, deadline=deadline, cancelled=cancelled)
        finally:
            monkeypatch.setattr(check, "time", time)

    monkeypatch.setattr(robust, "check_plan", at_the_deadline)
    sc = stay_county()
    result = robust.solve_robust(sc, {"central": (1, sc.demand)}, SolveOptions(time_limit=20, explain=False))
    assert result.status == "time_limit" and not len(result.outcomes["central"].summary)
    assert result.outcomes["central"].message.endswith(check.INSIDE)
    assert "stopped on time before the central future(s) could be allocated" in result.message


def test_the_allocations_after_the_search_leave_the_tables_their_time(monkeypatch):
    """Linked years, no time left: the year-by-year and the exact allocation may use half the allowance
    past the limit less the tables' time (a fresh planner's estimate), not the whole half."""
    deadlines = {}

    def record(name, real):
        def call(*args, **kwargs):
            deadlines.setdefault(name, []).append(args[5] if name == "allocate" else args[4])
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(planner_module, "allocate", record("allocate", planner_module.allocate))
    monkeypatch.setattr(planner_module, "allocate_in_order", record("in_order", planner_module.allocate_in_order))
    planner = Planner(stay_county())
    started = time.perf_counter() - 10.0  # the caller's clock: its reading took the whole limit
    plan = planner.solve(SolveOptions(time_limit=5.0), started=started)
    last = started + 5.0 + allowance(5.0) / 2 - planner._finish()
    assert deadlines["in_order"] and deadlines["allocate"], deadlines
    assert max(deadlines["in_order"] + deadlines["allocate"]) <= last + 1e-9
    assert plan.status == "time_limit" and "stopped on time" in plan.message


def test_a_long_limit_gives_the_same_plan_as_before():
    """No deadline is hit: the re-check with a deadline far off gives the plan's own figures."""
    sc = stay_county()
    plan = Planner(sc).solve(SolveOptions(time_limit=60))
    again = check.check_plan(sc, plan.schedule, deadline=time.perf_counter() + 600)
    assert plan.status == "optimal"
    assert again.independent == pytest.approx(plan.levels[0].value, abs=1e-6)


def test_the_do_nothing_comparison_is_not_solved_without_time_for_its_tables():
    """Its allocation would be solved in time (milliseconds), its tables not: it is left out, not late."""
    planner = Planner(stay_county())
    assert planner.baseline(time.perf_counter() + planner._finish() / 2) is None
    assert planner.baseline(time.perf_counter() + 60) is not None
