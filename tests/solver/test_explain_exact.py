"""The option values of a plan with linked years (docs/model.md reading 14) are exact: each equals a fresh,
cold re-solve of level 1 (coarse) and level 2 (full, level 1 held) without that option's places, and every
option's solves start from the plan's own optimal bases, whichever option came before."""

from __future__ import annotations

import numpy as np
import pytest
from extension_scenarios import ASD

from solver.builder import area, option, provision, scenario
from sufficiency_app.solver import Planner, SolveOptions
from sufficiency_app.solver.allocation import PeriodLP, fix_limit
from sufficiency_app.solver.allocation_table import capacities


def linked_county():
    """Two areas 10 km apart, a school 1 km from each (one place each), demand growing from 3 to 6 over three
    years, half of the independent placements continuing (reading 14); three options, expansions of either
    school by a place and a new school of two between them, £1m a module; budget £1m, £2m, £1m a year.
    The plan builds both expansions (two places each), so both options' values need their solves."""
    return scenario([area("A", 0), area("B", 10)],
                    [(2025, "A", *ASD, 2), (2026, "A", *ASD, 3), (2027, "A", *ASD, 3),
                     (2025, "B", *ASD, 1), (2026, "B", *ASD, 2), (2027, "B", *ASD, 3)],
                    [provision("S1", "special", 1, 1), provision("S2", "special", 1, 9)],
                    [option("O1", provision_id="S1", max_modules=2), option("O2", provision_id="S2", max_modules=2),
                     option("O3", kind="special", x_km=5, module=2, max_modules=1, earliest=2026)],
                    horizon=3, capital=(1e6, 2e6, 1e6), independent_stay={"PRI": 0.5})


def build(planner: Planner, schedule) -> np.ndarray:
    """Cumulative modules [options, years] of ``schedule``."""
    inst = planner.instance
    Y = np.zeros((len(inst.option_ids), len(inst.years)), dtype=int)
    for row in schedule.itertuples():
        o, t = list(inst.option_ids.astype(str)).index(row.option_id), list(inst.years).index(row.year)
        Y[o, t:] += row.modules
    return Y


def fresh(planner: Planner, cap: np.ndarray) -> tuple[float, float]:
    """Levels 1 and 2 at places ``cap`` on new LPs of the horizon (cold: interior point, nothing kept)."""
    ts = tuple(range(cap.shape[1]))
    least = PeriodLP(planner.coarse, ts).solve(0, cap).value
    return least, PeriodLP(planner.instance, ts).solve(1, cap, fix_limit(least)).value


def test_each_option_value_is_a_fresh_re_solve_without_its_places():
    planner = Planner(linked_county())
    plan = planner.solve(SolveOptions(time_limit=60))
    assert planner.instance.periods == ((0, 1, 2),)  # the years are linked: one horizon LP
    Y = build(planner, plan.schedule)
    level1, level2 = fresh(planner, capacities(planner.instance, Y))
    values = plan.option_values.set_index("option_id")
    assert len(values) >= 2 and (values["independent_avoided"] > 0).all()
    for o, option_id in enumerate(planner.instance.option_ids.astype(str)):
        if option_id not in values.index:
            continue
        without = Y.copy()
        without[o] = 0
        least, travel = fresh(planner, capacities(planner.instance, without))
        assert values.loc[option_id, "independent_avoided"] == pytest.approx(least - level1, rel=1e-7, abs=1e-6)
        assert values.loc[option_id, "minutes_saved"] == pytest.approx(travel - level2, rel=1e-7, abs=1e-6)


def test_every_option_starts_from_the_plans_bases(monkeypatch):
    """Each level's solves for the options start from one basis, the plan's: not the option before's optimum
    (whose places would have to be given back first)."""
    starts: dict[int, list] = {0: [], 1: [], 2: []}
    solve = PeriodLP.solve

    def recorded(lp, level, *args, **kwargs):
        basis = lp.h.getBasis()
        starts[level].append((list(basis.col_status), list(basis.row_status)))
        return solve(lp, level, *args, **kwargs)

    monkeypatch.setattr(PeriodLP, "solve", recorded)
    plan = Planner(linked_county()).solve(SolveOptions(time_limit=60))
    options = len(plan.option_values)
    assert options >= 2
    for level in (0, 1):
        first, *each = starts[level][-options:]  # the options' solves, after the plan's re-solve
        assert all(basis == first for basis in each)
