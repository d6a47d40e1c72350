"""A cancel stops HiGHS mid-solve (an allocation LP as well as a master MIP), and the planner treats it as a cancel."""

from __future__ import annotations

import math
import threading
import time

import highspy
import pytest

from sufficiency_app.solver import Planner, SolveOptions, allocation_table, baseline, check, robust, solve, solve_robust
from sufficiency_app.solver.allocation import Cancelled, PeriodLP
from sufficiency_app.solver.allocation_table import build_schedule
from sufficiency_app.solver.check import check_plan
from sufficiency_app.solver.instance import Instance, travel_minutes

from .test_planner import town

WAIT = 10.0  # seconds a test waits for the other thread at most (it takes microseconds)


class MidSolve:
    """A cancel token that another thread sets when HiGHS asks it the ``polls``-th time from inside the solves
    ``chosen(highs)`` picks (HiGHS asks from its interrupt callbacks, so the solve under way is the one that
    stops). ``at`` records what ``snapshot()`` gives at that moment."""

    def __init__(self, chosen, polls: int = 1) -> None:
        self.chosen, self.polls, self.event, self.running, self.at = chosen, polls, threading.Event(), None, None
        self.stopped = None  # the model status of the solve it stopped
        self.set_at = None  # time.perf_counter() when the request was set

    def is_set(self) -> bool:
        if self.running is not None and not self.event.is_set():
            self.polls -= 1
        if self.polls == 0 and not self.event.is_set():
            self.at = self.snapshot()
            setter = threading.Thread(target=self.event.set)
            setter.start()
            setter.join(WAIT)
            self.set_at = time.perf_counter()
        return self.event.is_set()

    def snapshot(self):
        return None


@pytest.fixture
def runs(monkeypatch):
    """Every ``Highs.run`` goes through the returned hook: ``hook.token`` marks the chosen solve as running.
    The allocation and the re-check solve one period or block at a time here: side by side, another solve could
    end last and hide the stopped one's status (seen under load)."""
    monkeypatch.setattr(allocation_table, "WORKERS", 1)
    monkeypatch.setattr(check, "WORKERS", 1)
    real = highspy.Highs.run

    class Hook:
        token: MidSolve | None = None

    def run(h):
        token = Hook.token
        if token is None or token.event.is_set() or not token.chosen(h):
            return real(h)
        token.running = h
        try:
            return real(h)
        finally:
            token.running = None
            token.stopped = h.getModelStatus()

    monkeypatch.setattr(highspy.Highs, "run", run)
    return Hook


def test_a_cancel_from_another_thread_stops_a_running_lp(runs):
    """Interior point (the cold solve) and dual simplex (a warm one) stop at the next iteration; the LP raises
    Cancelled, gives no value, and solves as before once the request is gone."""
    sc = town()
    inst = Instance.from_scenario(sc, travel_minutes(sc))
    cap = inst.setting_capacity.astype(float)
    fresh = PeriodLP(inst, (0,))
    expected = [fresh.solve(0, cap).value, fresh.solve(0, 0.5 * cap).value]
    lp = PeriodLP(inst, (0,))
    for i, share in enumerate((1.0, 0.5)):
        token = runs.token = MidSolve(lambda h: h is lp.h)
        lp.interrupt.cancelled = token.is_set
        with pytest.raises(Cancelled):
            lp.solve(0, share * cap)
        assert token.stopped == highspy.HighsModelStatus.kInterrupt  # HiGHS itself stopped, mid-solve
        with pytest.raises(RuntimeError):
            lp.year_values()  # nothing from the stopped solve
        lp.interrupt.cancelled = lambda: False
        if i == 0:
            assert lp.solve(0, cap).value == pytest.approx(expected[0])  # then warm, for the dual simplex case
    assert lp.solve(0, 0.5 * cap).value == pytest.approx(expected[1])


def test_a_released_lp_still_stops_on_a_cancel(runs):
    """``PeriodLP.release`` gives the LP a new HiGHS (memory): its interrupt callbacks come with it."""
    sc = town()
    inst = Instance.from_scenario(sc, travel_minutes(sc))
    cap = inst.setting_capacity.astype(float)
    lp = PeriodLP(inst, (0,))
    expected = lp.solve(0, cap).value
    lp.release()
    token = runs.token = MidSolve(lambda h: h is lp.h)
    lp.interrupt.cancelled = token.is_set
    with pytest.raises(Cancelled):
        lp.solve(0, 0.5 * cap)
    lp.interrupt.cancelled = lambda: False
    assert lp.solve(0, cap).value == pytest.approx(expected)


@pytest.mark.parametrize("where", ["search", "explanations"])
def test_a_cancel_during_an_lp_gives_the_cancelled_plan_with_the_best_build_so_far(runs, where):
    """Stopped in the middle of an allocation LP of the search (at HiGHS's 300th check in one, in level 1) or of the
    explanations (in the first LP not the decomposition's): the plan is the cancelled one, with the incumbent of that moment; no
    cut came after it (none from the stopped solve); the next solve is as a fresh planner's."""
    sc = town()
    planner = Planner(sc)
    dec = planner.decomposition
    ours = {id(lp.h) for b in dec.blocks for lp in b.lps()}
    search = where == "search"
    token = runs.token = MidSolve(lambda h: h is not dec.master.h and (search or id(h) not in ours), 300 if search else 1)
    token.snapshot = lambda: (dec.master.cuts, dec.master.build_values(dec.incumbent))
    r = planner.solve(cancel=token)
    assert token.stopped == highspy.HighsModelStatus.kInterrupt
    assert r.status == "cancelled" and len(r.allocation) == 0
    assert all(lv.status != "time_limit" for lv in r.levels)
    cuts, (Y, W) = token.at
    assert dec.master.cuts == cuts
    assert r.schedule.equals(build_schedule(planner.instance, sc, Y, W))
    runs.token = None
    again, fresh = planner.solve(), Planner(sc).solve()
    assert again.status == fresh.status == "optimal"
    assert [lv.value for lv in again.levels] == pytest.approx([lv.value for lv in fresh.levels], rel=1e-6)


def test_a_planner_cancelled_in_a_master_mip_proves_its_next_solve(runs, monkeypatch):
    """HiGHS keeps an interrupt flag set until told otherwise: once a master MIP was cancelled, every later MIP
    of a kept planner (the workshop's) stopped at once and no level was proven again."""
    planner = Planner(town())
    master = planner.decomposition.master
    mip, real = [False], master.solve

    def solve(integer, *args, **kwargs):
        mip[0] = integer
        return real(integer, *args, **kwargs)

    monkeypatch.setattr(master, "solve", solve)
    token = runs.token = MidSolve(lambda h: h is master.h and mip[0])
    assert planner.solve(cancel=token).status == "cancelled"
    assert token.stopped == highspy.HighsModelStatus.kInterrupt
    runs.token = None
    again = planner.solve()
    assert again.status == "optimal" and all(lv.status == "optimal" for lv in again.levels)


PROMPT = 5.0  # seconds from a cancel to the phase's return, at most (a loose bound: it takes hundredths)


def test_a_cancel_stops_the_recheck_mid_lp(runs):
    """The independent re-check's LPs stop at HiGHS's next check, raise Cancelled, and start no other block."""
    sc = town()
    plan = solve(sc, SolveOptions(explain=False))
    expected = check_plan(sc, plan.schedule)
    token = runs.token = MidSolve(lambda h: True)
    with pytest.raises(Cancelled):
        check_plan(sc, plan.schedule, cancelled=token.is_set)
    assert time.perf_counter() - token.set_at < PROMPT
    assert token.stopped == highspy.HighsModelStatus.kInterrupt
    runs.token = None
    again = check_plan(sc, plan.schedule, cancelled=lambda: False)
    assert (again.independent, again.travel, again.cost) == pytest.approx(
        (expected.independent, expected.travel, expected.cost), rel=1e-9)


@pytest.fixture
def checks(monkeypatch):
    """The robust solve's re-checks: ``checks.calls`` counts them, ``checks.running`` is true inside one."""
    class Checks:
        calls, running = 0, False

    real = robust.check_plan

    def counted(*args, **kwargs):
        Checks.calls += 1
        Checks.running = True
        try:
            return real(*args, **kwargs)
        finally:
            Checks.running = False

    monkeypatch.setattr(robust, "check_plan", counted)
    return Checks


def futures(sc):
    """Low, central and high demand (as tests/solver/test_robust.py builds them: a weight and a demand table)."""
    return {name: (weight, sc.demand.assign(count=sc.demand["count"] * scale))
            for name, weight, scale in (("low", 1.0, 0.8), ("central", 2.0, 1.0), ("high", 1.0, 1.2))}


def test_a_cancel_in_a_robust_recheck_stops_it_and_labels_the_futures(runs, checks):
    """Cancelled in the first future's re-check: it stops there, no other starts, and every future says it was not
    re-checked (no figures, status cancelled); the expected levels are unknown."""
    sc = town()
    token = runs.token = MidSolve(lambda h: checks.running)
    r = solve_robust(sc, futures(sc), SolveOptions(explain=False), cancel=token)
    assert r.status == "cancelled" and r.levels == () and len(r.schedule)
    assert time.perf_counter() - token.set_at < PROMPT
    assert token.stopped == highspy.HighsModelStatus.kInterrupt
    assert checks.calls == 1
    assert "cancelled before the low, central, high future(s) were re-checked" in r.message
    for outcome in r.outcomes.values():
        assert outcome.status == "cancelled" and len(outcome.summary) == 0
        assert outcome.message == "cancelled before the children were allocated to the plan's places"
    assert math.isnan(r.expected_independent)


def test_no_recheck_starts_after_a_cancelled_robust_plan(runs, checks):
    """Cancelled in the plan's first solve: the cancelled plan comes back at once, with no future re-checked."""
    sc = town()
    token = runs.token = MidSolve(lambda h: not checks.running)
    r = solve_robust(sc, futures(sc), SolveOptions(explain=False), cancel=token)
    assert time.perf_counter() - token.set_at < PROMPT
    assert checks.calls == 0
    assert r.status == "cancelled" and r.levels == ()
    assert r.message == "cancelled: the best build found so far, not allocated"  # the plan's own words
    assert {o.status for o in r.outcomes.values()} == {"cancelled"}


def test_a_cancel_stops_the_planner_s_baseline(runs):
    """The do-nothing comparison of ``sufficiency solve`` and the window, on the planner's LPs: None, like a deadline;
    then, asked again without a cancel, the whole baseline, as the fresh one."""
    sc = town()
    planner = Planner(sc)
    token = runs.token = MidSolve(lambda h: True)
    assert planner.baseline(math.inf, cancel=token) is None
    assert time.perf_counter() - token.set_at < PROMPT
    assert token.stopped == highspy.HighsModelStatus.kInterrupt
    runs.token = None
    assert planner.baseline(math.inf).independent == pytest.approx(baseline(sc).independent)


def test_a_cancel_stops_the_fresh_baseline(runs):
    """The workshop's do-nothing comparison, on fresh LPs (:func:`.heuristics.baseline`): None once cancelled, so
    closing the workshop does not wait for it."""
    sc = town()
    token = runs.token = MidSolve(lambda h: True)
    assert baseline(sc, cancel=token) is None
    assert time.perf_counter() - token.set_at < PROMPT
    assert token.stopped == highspy.HighsModelStatus.kInterrupt
