"""Planner behaviour: re-solves, pins, comparisons, progress, cancel and the results folder."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest

from sufficiency_app.io.results import read_results, write_results
from sufficiency_app.solver import Pin, Planner, SolveOptions, baseline, greedy, solve

from .builder import area, option, provision, scenario
from .helpers import assert_checked

NEEDS = ("ASD", "SEMH", "MLD")


def town(budget: float = 3e6, carry: bool = True):
    """Six areas on a line 0..50 km, three needs, two phases, growing demand; two schools and five options."""
    areas = [area(f"A{i}", 10 * i) for i in range(6)]
    rows = []
    for t, year in enumerate((2025, 2026, 2027)):
        for i in range(6):
            for k, need in enumerate(NEEDS):
                rows.append((year, f"A{i}", need, "PRI" if (i + k) % 2 else "SEC", "special", 2 + t + (i * k) % 3))
    provisions = [provision("S1", "special", 20, 5, needs="ASD;MLD"),
                  provision("S2", "special", 15, 45, needs="SEMH;ASD")]
    options = [
        option("X1", provision_id="S1", module=6, max_modules=3, capital=0.8e6),
        option("X2", provision_id="S2", module=6, max_modules=3, capital=0.9e6, earliest=2026),
        option("N1", kind="special", needs="ALL", phases="ALL", x_km=25, module=8, max_modules=4, capital=0.6e6,
               fixed=1.5e6, cost=25000),
        option("R1", kind="resource_base", needs="ASD", phases="PRI", x_km=15, module=8, max_modules=1,
               capital=0.4e6, cost=15000),
        option("N2", kind="special", needs="SEMH", phases="SEC", x_km=50, module=8, max_modules=2, capital=0.7e6,
               fixed=0.5e6, cost=30000),
    ]
    return scenario(areas, rows, provisions, options, horizon=3, capital=(budget,) * 3, carry_forward=carry,
                    max_minutes={"PRI": 25, "SEC": 40})


def test_optimiser_never_worse_than_greedy_or_baseline():
    sc = town()
    best, rule, nothing = solve(sc), greedy(sc), baseline(sc)
    assert best.status == "optimal"
    assert_checked(sc, best)
    assert best.independent <= rule.independent + 1e-6 <= nothing.independent + 1e-6
    assert nothing.capital == 0 and len(nothing.schedule) == 0
    assert rule.capital <= 9e6 + 1e-6 and best.capital <= 9e6 + 1e-6


def test_resolve_after_budget_change_matches_a_fresh_solve():
    sc = town()
    planner = Planner(sc)
    first = planner.solve()
    richer = sc.replace(parameters=sc.parameters.replace(capital=(6e6,) * 3))
    assert planner.update(richer) is False  # budget only: the model is kept
    again = planner.solve()
    fresh = solve(richer)
    assert again.levels[0].value == pytest.approx(fresh.levels[0].value, abs=1e-5)
    assert again.levels[1].value == pytest.approx(fresh.levels[1].value, rel=1e-4)
    assert again.independent <= first.independent
    assert_checked(richer, again)
    more = richer.replace(demand=richer.demand.assign(count=richer.demand["count"] + 1))
    assert planner.update(more) is True  # demand changed: rebuilt
    assert_checked(more, planner.solve())


def _same_plan(a, b) -> bool:
    return (a.status, a.levels, a.model_size) == (b.status, b.levels, b.model_size) and all(
        getattr(a, name).equals(getattr(b, name)) for name in ("schedule", "allocation", "summary"))


def test_a_renewed_planner_solves_as_a_fresh_one_and_keeps_its_last_plans():
    """The workshop's improving solve: after solves on kept cuts, ``renew`` makes the next solve a fresh
    planner's, even one stopped on its work limit (one round of one node); on the kept cuts the same solve
    proves level 2 and allocates tied children otherwise. The last plans stay for quick solves."""
    sc = town()
    richer = sc.replace(parameters=sc.parameters.replace(capital=(4e6,) * 3))
    short = SolveOptions(rounds=1, nodes=1)
    fresh = solve(richer, short)
    assert fresh.levels[1].status == "feasible"  # unproven: the path decides the plan
    kept, renewed = Planner(sc), Planner(sc)
    for planner in (kept, renewed):
        first = planner.solve(short)
        planner.update(richer)
        planner.solve(SolveOptions(rounds=1, nodes=1, explain=False))  # the workshop's quick solve
    renewed.renew()
    assert not _same_plan(kept.solve(short), fresh)
    assert _same_plan(renewed.solve(short), fresh)
    renewed.update(sc)  # the budget moved back: the first plan is kept, with its allocation, at once
    again = renewed.solve(SolveOptions(time_limit=0.0, explain=False))
    assert again.schedule.equals(first.schedule) and again.allocation.equals(first.allocation)
    assert not Planner(sc).solve(SolveOptions(time_limit=0.0, explain=False)).schedule.equals(first.schedule)


def test_pins_force_forbid_and_year():
    sc = town()
    pins = (Pin("R1", "force", 1, 2025), Pin("X1", "forbid"), Pin("X2", "year", year=2027))
    forced = solve(sc, SolveOptions(pins=pins))
    assert forced.status == "optimal"
    s = forced.schedule
    assert ((s["option_id"] == "R1") & (s["year"] == 2025)).any()
    assert not (s["option_id"] == "X1").any()
    assert set(s.loc[s["option_id"] == "X2", "year"]) <= {2027}
    assert_checked(sc, forced)


def test_unaffordable_pins_say_why():
    """N1 needs 1.5m + 4 x 0.6m = 3.9m by 2025 but the budget up to 2025 is 3m: short by 0.9m."""
    sc = town()
    r = solve(sc, SolveOptions(pins=(Pin("N1", "force", 4, 2025),)))
    assert r.status == "infeasible"
    assert "N1" in r.message and "short by £0.90m" in r.message and "£3.90m" in r.message
    assert len(r.schedule) == 0 and len(r.allocation) > 0
    contradictory = solve(sc, SolveOptions(pins=(Pin("X1", "force"), Pin("X1", "forbid"))))
    assert contradictory.status == "infeasible" and "both forced and forbidden" in contradictory.message


def test_progress_and_cancel():
    sc = town()
    events = []
    solve(sc, progress=events.append)
    assert [e.level for e in events if e.message.startswith("solving")] == ["independent", "travel", "cost"]
    assert events[-1].fraction == 1.0
    stop = threading.Event()
    stop.set()
    r = solve(sc, cancel=stop)
    assert r.status == "cancelled" and r.message


def test_cancelled_in_a_child_process_still_solves_when_not_cancelled():
    """With a cancel token HiGHS runs in a killable child process; the answer must not change."""
    sc = town()
    plain, isolated = solve(sc), solve(sc, cancel=threading.Event())
    assert isolated.status == "optimal"
    assert isolated.levels[1].value == pytest.approx(plain.levels[1].value, rel=1e-6)


def test_results_round_trip(tmp_path):
    sc = town()
    r = solve(sc)
    write_results(r, tmp_path / "out")
    back = read_results(tmp_path / "out")
    assert back.status == r.status and back.backend == r.backend and back.levels == r.levels
    for name in ("schedule", "allocation", "summary"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(r, name), check_dtype=False)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "allocation.csv", "marginal_values.csv", "option_values.csv", "schedule.csv", "solve.json", "summary.csv"]
    assert np.isclose(back.independent, r.independent)


def test_time_limit_still_returns_a_checked_plan(monkeypatch):
    """If the master finds no build in time, the greedy plan is returned, labelled as such."""
    from sufficiency_app.solver import master
    from sufficiency_app.solver.master import MasterSolution

    def out_of_time(self, integer, deadline, hint=None, gap=1e-6, absolute_gap=0.0, nodes=0, cutoff=np.inf):
        return MasterSolution(np.zeros(self.n_cols), float("inf"), float("nan"), "time_limit")

    monkeypatch.setattr(master.Master, "solve", out_of_time)
    sc = town()
    r = solve(sc, SolveOptions(explain=False))
    assert r.status == "time_limit" and "time" in r.message
    assert [lv.status for lv in r.levels] == ["time_limit"] * 3
    assert all(np.isnan(lv.bound) for lv in r.levels)  # no bound known: said, never 0
    rule_of_thumb = greedy(sc)
    pd.testing.assert_frame_equal(r.schedule, rule_of_thumb.schedule, check_dtype=False)
    assert r.independent == pytest.approx(rule_of_thumb.independent)
    assert r.independent < baseline(sc).independent
    assert_checked(sc, r)


def test_the_same_inputs_give_byte_identical_tables_with_linked_years():
    """Two fresh solves (continuing placements link the years, the allocation is the decomposition's own)."""
    from types import MappingProxyType

    base = town()
    sc = base.replace(parameters=base.parameters.replace(independent_stay=MappingProxyType({"PRI": 0.8, "SEC": 0.8})))
    first, second = solve(sc), solve(sc)
    assert first.status == second.status == "optimal"
    for table in ("schedule", "allocation", "summary", "marginal_values", "option_values"):
        assert getattr(first, table).to_csv(index=False) == getattr(second, table).to_csv(index=False), table
    assert_checked(sc, first)


def test_a_master_stopped_by_its_own_limits_is_a_work_limit_not_the_clock(monkeypatch):
    """A level that ends long before its time without a proof says it hit the solver's work limit."""
    from sufficiency_app.solver import master
    from sufficiency_app.solver.master import MasterSolution

    def no_build(self, integer, deadline, hint=None, gap=1e-6, absolute_gap=0.0, nodes=0, cutoff=np.inf):
        return MasterSolution(np.zeros(self.n_cols), float("inf"), float("nan"), "work_limit")

    monkeypatch.setattr(master.Master, "solve", no_build)
    r = solve(town(), SolveOptions(explain=False, time_limit=600))
    assert r.seconds < 60 and [lv.status for lv in r.levels[:3]] == ["feasible"] * 3
    assert "time limit" not in r.message and "work limit" in r.message


def test_a_level_stopped_on_its_share_of_the_time_says_how_long_it_had():
    from sufficiency_app.solver.benders import LevelOutcome
    from sufficiency_app.solver.planner import _note

    words = _note(1, LevelOutcome(10.0, 9.0, "time_limit", 3), 2400.0, 600.4)
    assert words == "level 2 (travel) stopped after 600 s, its share of the 2400 s limit within 10.00% of the best possible"
    assert _note(0, LevelOutcome(10.0, 9.0, "work_limit", 7), 600.0, 12.0).startswith(
        "level 1 (independent placements) stopped after 7 rounds (its work limit)")


def test_the_message_gives_each_level_s_gap_at_the_plan_s_own_value():
    """A later level may improve an earlier one within its tolerance: the words follow the plan, not the search."""
    from sufficiency_app.solver.benders import LevelOutcome
    from sufficiency_app.solver.planner import _words

    notes = ["stopped on time: not every level is proven", (1, LevelOutcome(10.0, 9.0, "work_limit", 3), 5.0)]
    assert _words(notes, 600.0).endswith("within 10.00% of the best possible")
    assert _words(notes, 600.0, [1.0, 9.5, 7.0]) == (
        "stopped on time: not every level is proven; level 2 (travel) stopped after 3 rounds (its work limit) "
        "within 5.26% of the best possible")
    assert _words(notes, 600.0, [1.0, float("nan"), 7.0]).endswith("within 10.00% of the best possible")
