"""One horizon LP for levels 2 and 3 of a linked period (no level-3 copy): level 3 goes on from level 2's
optimum, and the next build's level-2 solve takes back level 2's own basis; every value equals a fresh LP's."""

from __future__ import annotations

import numpy as np
import pytest
from extension_scenarios import stay_county

from sufficiency_app.solver import Planner
from sufficiency_app.solver.allocation import PeriodLP, TimeUp


def test_levels_2_and_3_share_the_horizon_lp_and_agree_with_fresh_lps_build_after_build():
    """stay_county (stay 1.0): one module in 2026 gives 2 independent, 121 minutes, £140k revenue (see its
    docstring); no places gives 3, 180, £180k. Each build is solved on the kept LP after the others."""
    block = Planner(stay_county()).decomposition.blocks[0]
    (years,) = block.full.periods
    assert len(years) == 2 and block.level_lps(0)[1] is block.level_lps(0)[2] is block.full_lps[0]
    kept = block.full_lps[0]
    builds = [np.array([[0.0, 1.0]]), np.array([[0.0, 0.0]]), np.array([[0.0, 2.0]]), np.array([[0.0, 1.0]])]
    seen = []
    for cap in builds:
        cap = np.broadcast_to(cap, (kept.ns, 2))
        values = [d.value for d in kept.lexicographic(cap)]
        assert kept.year_values().sum(axis=1) == pytest.approx(values, rel=1e-9)
        fresh = [d.value for d in PeriodLP(block.full, years).lexicographic(cap)]
        assert values == pytest.approx(fresh, rel=1e-9, abs=1e-6)
        seen.append(values)
    assert seen[0] == pytest.approx([2.0, 121.0, 140_000.0]) and seen[1] == pytest.approx([3.0, 180.0, 180_000.0])
    assert seen[3] == pytest.approx(seen[0])


def test_a_solve_cut_short_leaves_no_solution_to_read():
    """The flows of a solve that did not finish are never the solve before's (they were read from HiGHS)."""
    block = Planner(stay_county()).decomposition.blocks[0]
    lp = block.full_lps[0]
    lp.lexicographic(np.ones((lp.ns, 2)))
    assert lp.flows(1)[1].sum() + lp.flows(1)[0].sum() == pytest.approx(2.0)
    lp.deadline = 0.0
    with pytest.raises(TimeUp):
        lp.solve(1, np.ones((lp.ns, 2)))
    with pytest.raises(RuntimeError, match="did not finish"):
        lp.flows(0)
