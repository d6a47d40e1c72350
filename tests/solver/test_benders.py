"""The decomposition itself: valid cuts, integer rounds after LP rounds, level-2 cuts, kept cut pools.

Travel in these scenarios: one kilometre is one minute (see builder).
"""

from __future__ import annotations

import itertools
import time
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest

from sufficiency_app.solver import Planner, SolveOptions, solve
from sufficiency_app.solver.allocation import PeriodLP
from sufficiency_app.solver.benders import Block, Decomposition
from sufficiency_app.solver.heuristics import greedy_modules
from sufficiency_app.solver.instance import Instance, travel_minutes
from sufficiency_app.solver.master import MasterSolution

from .builder import area, option, provision, scenario
from .helpers import assert_checked
from .test_planner import town

ASD = ("ASD", "PRI", "special")


def _decomposition(sc) -> Decomposition:
    minutes = travel_minutes(sc)
    keep = tuple(sc.options["option_id"].astype(str))
    return Decomposition([Block(1.0, Instance.from_scenario(sc, minutes, keep),
                                Instance.from_scenario(sc, minutes, keep, level1=True))])


def test_dual_bounds_never_exceed_the_value_at_another_build():
    """Weak duality: the duals of one build's yearly LPs bound every other build's values from below."""
    sc = town()
    inst = Instance.from_scenario(sc, travel_minutes(sc), tuple(sc.options["option_id"]))
    rng = np.random.default_rng(3)
    for t in range(len(inst.years)):
        lp = PeriodLP(inst, (t,))
        for _ in range(5):
            here = inst.setting_capacity + rng.integers(0, 20, len(inst.setting_capacity))
            there = inst.setting_capacity + rng.integers(0, 20, len(inst.setting_capacity))
            for level in (0, 1):
                d = lp.solve(level, here)
                assert d.bound(here) == pytest.approx(d.value, rel=1e-7, abs=1e-6)
                true_there = lp.solve(level, there).value
                assert d.bound(there) <= true_there + 1e-6


def test_dual_bounds_hold_across_linked_years():
    """With continuing placements and required shares the years form one LP; its duals still bound every build."""
    base = town()
    p = base.parameters.replace(independent_stay=MappingProxyType({"PRI": 0.83, "SEC": 0.8}),
                                independent_required=MappingProxyType({"ASD": 0.1}))
    sc = base.replace(parameters=p)
    inst = Instance.from_scenario(sc, travel_minutes(sc), tuple(sc.options["option_id"]))
    assert inst.periods == ((0, 1, 2),)
    lp = PeriodLP(inst, inst.periods[0])
    rng = np.random.default_rng(5)
    shape = (len(inst.setting_capacity), 3)
    for _ in range(5):
        here = inst.setting_capacity[:, None] + rng.integers(0, 20, shape)
        there = inst.setting_capacity[:, None] + rng.integers(0, 20, shape)
        for level in (0, 1):
            d = lp.solve(level, here, *(() if level == 0 else (lp.solve(0, here).value + 5.0,)))
            assert d.bound(here, *d.limits) == pytest.approx(d.value, rel=1e-7, abs=1e-6)
            limit = (lp.solve(0, there).value + 7.0,) if level else ()
            true_there = lp.solve(level, there, *limit).value
            assert d.bound(there, *limit) <= true_there + 1e-6


def test_lp_rounds_alone_leave_a_gap_that_integer_rounds_close():
    """4.5 children, modules of 4 places at £1m, budget £1.5m.

    The LP relaxation builds 1.125 modules (4.5 places) and bounds level 1 at
    0; only whole modules exist, so one module (4 places) fits the budget and
    0.5 children are placed independently: the integer rounds must prove 0.5.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4.5)], [provision("S", "special", 0, 1)],
                  [option("O", provision_id="S", module=4, capital=1e6)], capital=(1.5e6,))
    dec = _decomposition(sc)
    dec.start_from([dec.empty_build()])
    dec.master.set_objective(0)
    lp_rounds, _ = dec._kelley(0, deadline=float("inf"), cancelled=lambda: False)
    relaxed = dec.master.solve(False, deadline=float("inf"))
    assert lp_rounds >= 1 and relaxed.objective == pytest.approx(0.0, abs=1e-6)
    r = solve(sc)
    assert r.status == "optimal" and r.levels[0].value == pytest.approx(0.5)
    assert 0.5 - 1e-4 <= r.levels[0].bound <= 0.5  # proven within the level gap (reading 11)
    assert r.schedule["modules"].sum() == 1
    assert_checked(sc, r)


def test_a_master_with_no_build_below_its_cutoff_proves_the_cutoff_and_returns_its_start():
    """The example above, its master with every cut: its optimum is the plan found, 0.5 children placed
    independently. Started from building nothing (4.5) and asked only for builds below 0.45, it finds none
    (HiGHS prunes every node at the cutoff): the start comes back, and the bound is 0.45, not HiGHS's own
    claim for the pruned tree. Asked for builds below 0.6, it returns the optimum and its bound."""
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4.5)], [provision("S", "special", 0, 1)],
                  [option("O", provision_id="S", module=4, capital=1e6)], capital=(1.5e6,))
    planner = Planner(sc)
    planner.solve(SolveOptions(explain=False))
    dec = planner.decomposition
    m = dec.master
    m.set_pins(())  # as the next solve does: free the bounds the fixed levels narrowed
    m.set_objective(0)
    m.set_level_limits(np.inf, np.inf)
    empty = dec.empty_build()
    start = dec._point(empty, dec.score(empty, 1))
    none = m.solve(True, float("inf"), hint=start, cutoff=0.45)
    assert none.status == "optimal" and none.bound == 0.45
    assert none.objective == pytest.approx(4.5, abs=1e-4) and m.build_key(none.values) == m.build_key(empty)
    found = m.solve(True, float("inf"), hint=start, cutoff=0.6)
    assert found.objective == pytest.approx(0.5, abs=1e-4) and found.bound == pytest.approx(0.5, abs=1e-4)
    assert m.solve(False, float("inf")).objective == pytest.approx(0.0, abs=1e-6)  # the LP keeps no cutoff


def test_level_2_needs_its_own_cut_to_choose_the_nearer_option():
    """4 children in A (x = 0); S_near at 5 km and S_far at 30 km, each with a 4-place option at £1m; £1m.

    Level 1 cannot tell them apart (either avoids all 4 independent
    placements). Level 2 can: near costs 4 x 5 = 20 child-minutes, far
    4 x 30 = 120. The master only learns this from level-2 cuts.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4)],
                  [provision("FAR", "special", 0, 30), provision("NEAR", "special", 0, 5)],
                  [option("O_FAR", provision_id="FAR", module=4), option("O_NEAR", provision_id="NEAR", module=4)],
                  capital=(1e6,))
    dec = _decomposition(sc)
    dec.start_from([dec.empty_build()])
    assert dec.solve_level(0, float("inf"), 1e-4, lambda: False, lambda *a: None).value == pytest.approx(0)
    dec.fix(0, dec.incumbent_score)
    before = dec.master.cuts
    out = dec.solve_level(1, float("inf"), 1e-4, lambda: False, lambda *a: None)
    assert out.status == "optimal" and out.value == pytest.approx(20.0, abs=1e-3)
    assert dec.master.cuts > before  # level-2 cuts were added
    r = solve(sc)
    assert r.schedule["option_id"].tolist() == ["O_NEAR"] and r.levels[1].value == pytest.approx(20.0, abs=1e-3)
    assert_checked(sc, r)


def test_every_level_is_proven_on_the_test_town():
    sc = town()
    r = solve(sc)
    assert r.status == "optimal" and all(lv.status == "optimal" for lv in r.levels)
    assert all(lv.value - lv.bound <= 1e-4 * max(1.0, abs(lv.value)) + 1e-6 for lv in r.levels)
    assert_checked(sc, r)


def test_workshop_resolve_keeps_the_cut_pool_and_matches_a_fresh_solve():
    """After a budget change the kept master starts with every cut and proves the same optimum as a fresh solve."""
    sc = town()
    planner = Planner(sc)
    planner.solve(SolveOptions(explain=False))
    kept = planner.decomposition.master.cuts
    richer = sc.replace(parameters=sc.parameters.__class__(**{**sc.parameters.__dict__, "capital": (4e6,) * 3}))
    assert planner.update(richer) is False
    assert planner.decomposition.master.cuts == kept
    _resolve_matches_fresh(planner, richer)


def test_a_revenue_change_drops_only_the_level_3_cuts():
    sc = town()
    planner = Planner(sc)
    planner.solve(SolveOptions(explain=False))
    dec = planner.decomposition
    level3 = len(dec.revenue_rows)
    total = dec.master.cuts
    dearer = sc.replace(provisions=sc.provisions.assign(cost_per_place=sc.provisions["cost_per_place"] * 1.5))
    assert planner.update(dearer) is False
    assert level3 > 0 and dec.master.cuts == total - level3 and dec.revenue_rows == []
    again = planner.solve(SolveOptions(explain=False))
    fresh = solve(dearer, SolveOptions(explain=False))
    assert again.levels[2].value == pytest.approx(fresh.levels[2].value, rel=1e-6)
    assert_checked(dearer, again)


def test_a_capital_cost_and_carry_forward_edit_rewrites_the_kept_capital_rows():
    """Dearer modules and no carry-forward: the kept master's capital rows give the fresh solve's optimum."""
    sc = town()
    planner = Planner(sc)
    planner.solve(SolveOptions(explain=False))
    edited = sc.replace(options=sc.options.assign(capital_per_module=sc.options["capital_per_module"] * 1.7),
                        parameters=sc.parameters.replace(carry_forward=False))
    assert planner.update(edited) is False
    assert_checked(edited, _resolve_matches_fresh(planner, edited))


def test_version_2_workshop_levers_keep_or_rebuild_the_decomposition_as_they_must():
    """Transport per km and build years are costs (cuts kept); a new stay rate changes the LPs (rebuilt).

    Each kept re-solve proves what a fresh solve proves.
    """
    base = town()
    stay = MappingProxyType({"PRI": 0.8, "SEC": 0.8})
    sc = base.replace(parameters=base.parameters.replace(independent_stay=stay, transport_per_km=0.5))
    planner = Planner(sc)
    planner.solve(SolveOptions(explain=False))
    edits = [
        (sc.replace(parameters=sc.parameters.replace(transport_per_km=2.0)), False),
        (sc.replace(options=sc.options.assign(build_years=2)), False),
        (sc.replace(parameters=sc.parameters.replace(independent_stay=MappingProxyType({"PRI": 0.5}))), True),
    ]
    for edited, rebuilt in edits:
        assert planner.update(edited) is rebuilt
        _resolve_matches_fresh(planner, edited)


def _resolve_matches_fresh(planner: Planner, edited):
    """The kept planner's re-solve of ``edited`` proves what a fresh solve proves; returns the re-solve."""
    again = planner.solve(SolveOptions(explain=False))
    fresh = solve(edited, SolveOptions(explain=False))
    assert again.status == fresh.status == "optimal"
    for a, b in zip(again.levels, fresh.levels):
        assert a.value == pytest.approx(b.value, rel=1e-6, abs=1e-4)
    return again


def test_opening_links_bound_every_opening_from_below():
    """The facility-location rows ``x <= D * open``: their duals price an opening even where capacity is slack,
    and bound the value at every other build from below (weak duality)."""
    sc = scenario([area("A", 0), area("B", 30)],
                  [(2025, "A", "ASD", "PRI", "special", 10), (2025, "B", "ASD", "PRI", "special", 6)],
                  [provision("S", "special", 40, 60)],
                  [option(f"N{i}", kind="special", needs="ALL", phases="ALL", x_km=x, module=20, max_modules=1,
                          capital=0.0, fixed=1e6) for i, x in ((1, 0), (2, 30))], capital=(2e6,))
    inst = Instance.from_scenario(sc, travel_minutes(sc), tuple(sc.options["option_id"]))
    opens = inst.opened_by_option
    assert opens.sum() == 2 and not opens[inst.setting_capacity > 0].any()
    lp = PeriodLP(inst, (0,))
    new = np.flatnonzero(opens)

    def at(w: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
        cap, opened = inst.setting_capacity.astype(float).copy(), np.ones(len(opens))
        cap[new], opened[new] = 20 * np.array(w), w
        return cap, opened

    whole = [(a, b) for a in (0.0, 1.0) for b in (0.0, 1.0)]
    truth = {w: lp.solve(1, at(w)[0]).value for w in whole}
    priced = False
    for w in [*whole, (0.5, 0.5), (0.25, 1.0)]:
        cap, opened = at(w)
        d = lp.solve(1, cap, opened=opened)
        priced |= bool((d.omega < -1e-9).any() and not (d.lam < -1e-9).any())
        for other, value in truth.items():
            assert d.bound(at(other)[0], opened=at(other)[1]) <= value + 1e-6
    assert priced  # an opening priced by its link alone: capacity slack, lam = 0


def test_latest_told_by_the_kept_allocation_moves_as_the_solves_do(monkeypatch):
    """A module built two years early moves to the year it is needed on the kept allocation's word (empty
    places: no solve), as deciding every move by solving its period again does; a used place stays."""
    import pandas as pd

    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 5), (2026, "A", *ASD, 5), (2027, "A", *ASD, 12)],
                  [provision("S", "special", 5, 1)], [option("X", provision_id="S", module=8, max_modules=1)],
                  horizon=3, capital=(1e6,) * 3, carry_forward=True)
    told = []
    real = Decomposition._told

    def counted(self, *args):
        told.append(real(self, *args))
        return told[-1]

    def moved_later(dec) -> list[int]:
        early = dec.point_of(pd.DataFrame({"option_id": ["X"], "year": [2025], "modules": [1]}))
        dec.incumbent, dec.incumbent_score = early, dec.score(early)
        values, solved = dec.latest(dec.incumbent)
        assert all(np.array_equal(kept.cap[:, 0], dec.master.capacity(values, t))
                   for (_, i), kept in solved.items() for t in dec.blocks[0].full.periods[i])
        return dec.master.build_values(values)[0][0].tolist()

    monkeypatch.setattr(Decomposition, "_told", counted)
    assert moved_later(_decomposition(sc)) == [0, 0, 1]
    assert told == [True, True]  # 2025, then 2026: eight empty places each year
    monkeypatch.setattr(Decomposition, "_told", lambda self, *args: None)
    assert moved_later(_decomposition(sc)) == [0, 0, 1]


def test_opening_links_only_where_the_places_could_exceed_the_children_who_reach_them():
    """16 children reach each new site: a 20-place site gets its links, a 10-place one none (its capacity binds)."""
    def lp(module: int) -> PeriodLP:
        sc = scenario([area("A", 0), area("B", 30)],
                      [(2025, "A", "ASD", "PRI", "special", 10), (2025, "B", "ASD", "PRI", "special", 6)],
                      [provision("S", "special", 40, 60)],
                      [option("N1", kind="special", needs="ALL", phases="ALL", x_km=0, module=module, max_modules=1,
                              capital=0.0, fixed=1e6)], capital=(2e6,))
        return PeriodLP(Instance.from_scenario(sc, travel_minutes(sc), ("N1",)), (0,))

    assert len(lp(20)._link_rows) == 2 and len(lp(10)._link_rows) == 0  # one per area reaching the site



def test_the_level_3_copy_goes_on_from_level_2s_basis_to_the_same_optimum():
    """A linked period's level-3 LP started from level 2's optimum (primal simplex) reaches the value a cold
    solve of its own reaches; a basis passes only between LPs of one instance and period."""
    base = town()
    p = base.parameters.replace(independent_stay=MappingProxyType({"PRI": 0.83, "SEC": 0.8}),
                                independent_required=MappingProxyType({"ASD": 0.1}))
    sc = base.replace(parameters=p)
    inst = Instance.from_scenario(sc, travel_minutes(sc), tuple(sc.options["option_id"]))
    full, copy, cold = (PeriodLP(inst, inst.periods[0]) for _ in range(3))
    rng = np.random.default_rng(11)
    for _ in range(3):
        cap = inst.setting_capacity[:, None] + rng.integers(0, 20, (len(inst.setting_capacity), 3))
        one = full.solve(0, cap).value + 1e-5
        two = full.solve(1, cap, one, primal=True).value + 1e-5
        copy.start_from(full)
        went_on = copy.solve(2, cap, one, two, primal=True).value
        assert went_on == pytest.approx(cold.solve(2, cap, one, two).value, rel=1e-9)
    with pytest.raises(ValueError, match="same classes, arcs and years"):
        PeriodLP(inst, (0,)).start_from(full)


@pytest.mark.parametrize("behind, asked_for", [(1.0, [10, 30]), (5e-4, [10, 8 * 10])])
def test_a_master_stopped_at_its_node_limit_with_nothing_new_gets_one_deeper_solve(monkeypatch, behind, asked_for):
    """The same master from the same start stops where it stopped: rather than repeat it, the level gives the
    rest of its node budget to one deeper solve, then ends on its work limit. A level within ten of its gaps
    of proven (the bound 5e-4 behind, the gap 1e-4) needs one whole tree: that solve gets at least
    ``PROOF_NODES`` times a master solve's nodes, beyond the budget."""
    sc = town()
    dec = _decomposition(sc)
    dec.start_from([dec.point_of(greedy_modules(dec.blocks[0].full))])
    asked = []

    def stuck(integer, deadline, hint=None, gap=1e-6, absolute_gap=0.0, nodes=2**31 - 1, cutoff=np.inf):
        asked.append(nodes)  # the incumbent again, unproven: no new cut, no better plan
        best = dec._value(dec.incumbent_score, dec.incumbent, 1)
        return MasterSolution(hint.copy(), 1e9, best * (1 - behind), "work_limit", (), nodes)

    monkeypatch.setattr(dec, "_kelley", lambda level, deadline, cancelled: (0, -np.inf))
    monkeypatch.setattr(dec.master, "solve", stuck)
    out = dec.solve_level(1, time.perf_counter() + 60, 1e-4, lambda: False, lambda best, bound: None,
                          rounds_limit=4, nodes=10)
    assert asked == asked_for
    assert out.status == "work_limit"


def test_a_fixed_level_narrows_the_master_to_the_builds_that_keep_it():
    """4 children in A; NEAR (5 km) has a 4-place option, FAR (30 km) a 2-place one, £1m each; £1m in all.

    Level 1 is 0 only if NEAR is built (FAR's 2 places leave 2 children in
    the independent sector), so once level 1 is fixed at 0 no later master
    need look at a build without NEAR nor, with the budget spent, with FAR:
    their bounds close to ``Y_NEAR = 1`` and ``Y_FAR = 0``. Level 2 is
    still 4 x 5 = 20 child-minutes, and the next solve's pins free the bounds.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4)],
                  [provision("FAR", "special", 0, 30), provision("NEAR", "special", 0, 5)],
                  [option("O_FAR", provision_id="FAR", module=2, max_modules=1),
                   option("O_NEAR", provision_id="NEAR", module=4, max_modules=1)], capital=(1e6,))
    dec = _decomposition(sc)
    m = dec.master
    dec.start_from([dec.empty_build()])
    assert dec.solve_level(0, float("inf"), 1e-4, lambda: False, lambda *a: None).value == pytest.approx(0)
    far, near = int(m.Y[0, 0]), int(m.Y[1, 0])
    dec.fix(0, dec.incumbent_score)
    lower, upper = m.bounds()
    assert (lower[near], upper[near]) == (1.0, 1.0) and (lower[far], upper[far]) == (0.0, 0.0)
    assert dec.tightened == 2
    out = dec.solve_level(1, float("inf"), 1e-4, lambda: False, lambda *a: None)
    assert out.status == "optimal" and out.value == pytest.approx(20.0, abs=1e-3)
    m.set_pins(())
    lower, upper = m.bounds()
    assert (lower[near], upper[near], lower[far], upper[far]) == (0.0, 1.0, 0.0, 1.0)


def test_tightening_removes_only_builds_beyond_the_fixed_level():
    """Every one of 36 builds, scored exactly: after level 1 is fixed, the builds within budget whose level 1
    keeps its limit all fit the master's narrowed bounds, and some within budget that do not keep it do not.

    6 children in A; NEAR (5 km) 2-place modules at £1m (up to 3), FAR (20 km) 3-place modules at £2m
    (up to 2), SMALL (10 km) 1-place modules at £0.6m (up to 2); £3m. Level 1 is 0 only with three NEAR
    modules: even the LP shows that a FAR or a SMALL module, or fewer NEAR ones, leave a child out
    (5, 5.8 and 5.67 places at most), so all three bounds close.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 6)],
                  [provision("NEAR", "special", 0, 5), provision("FAR", "special", 0, 20),
                   provision("SMALL", "special", 0, 10)],
                  [option("O_NEAR", provision_id="NEAR", module=2, max_modules=3),
                   option("O_FAR", provision_id="FAR", module=3, max_modules=2, capital=2e6),
                   option("O_SMALL", provision_id="SMALL", module=1, max_modules=2, capital=0.6e6)],
                  capital=(3e6,))
    dec = _decomposition(sc)
    dec.start_from([dec.empty_build()])
    assert dec.solve_level(0, float("inf"), 1e-4, lambda: False, lambda *a: None).value == pytest.approx(0)
    builds = [dec.point_of(pd.DataFrame([(o, 2025, k) for o, k in zip(("O_NEAR", "O_FAR", "O_SMALL"), ks) if k],
                                        columns=["option_id", "year", "modules"]))
              for ks in itertools.product(range(4), range(3), range(3))]
    affordable = [v for v in builds if dec.master.feasible(v)]
    level1 = [dec.score(v, 1).total(dec.weights, 0) for v in affordable]
    limit = dec.fix(0, dec.incumbent_score)
    assert dec.tightened == 3
    fits = [dec.master.feasible(v) for v in affordable]
    assert all(fit for fit, value in zip(fits, level1) if value <= limit)
    assert not all(fits)


def test_narrowing_stops_at_a_cancel_and_at_its_deadline():
    """The example above: a cancelled solve, or one past its deadline, narrows nothing (and fast)."""
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4)],
                  [provision("FAR", "special", 0, 30), provision("NEAR", "special", 0, 5)],
                  [option("O_FAR", provision_id="FAR", module=2, max_modules=1),
                   option("O_NEAR", provision_id="NEAR", module=4, max_modules=1)], capital=(1e6,))
    dec = _decomposition(sc)
    dec.start_from([dec.empty_build()])
    dec.solve_level(0, float("inf"), 1e-4, lambda: False, lambda *a: None)
    dec.fix(0, dec.incumbent_score, deadline=time.perf_counter() - 1)
    assert dec.tightened == 0
    dec.master.interrupt.cancelled = lambda: True
    dec.fix(0, dec.incumbent_score)
    assert dec.tightened == 0
    dec.master.interrupt.cancelled = lambda: False
    dec.fix(0, dec.incumbent_score)
    assert dec.tightened == 2
