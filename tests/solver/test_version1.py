"""Version 1 scenarios keep their optimum: the version 2 model with its additions off is the old model.

The values are the first Solver 2 landing's proven optimum of the small
benchmark instance (all three levels proven), measured before the version 2
readings were added; the re-check agrees with them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sufficiency_app.solver import Planner, SolveOptions

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from solver_instances import generate  # noqa: E402

SMALL_V1 = (1151.0, 86076.1164, 147_005_094.59)


def test_the_small_benchmark_instance_keeps_its_version_1_optimum():
    sc = generate("small")
    assert sc.extensions() == ()
    plan = Planner(sc).solve(SolveOptions(time_limit=300))
    assert [lv.status for lv in plan.levels] == ["optimal"] * 3
    assert plan.levels[0].value == pytest.approx(SMALL_V1[0], abs=1e-4)
    assert plan.levels[1].value == pytest.approx(SMALL_V1[1], rel=1e-4)
    assert plan.levels[2].value == pytest.approx(SMALL_V1[2], rel=1e-4)


def test_switching_the_additions_off_gives_the_version_1_scenario():
    """``without_extensions`` of a scenario using all five is solved exactly like the plain one."""
    sc = generate("small")
    p = sc.parameters.replace(independent_stay={"PRI": 0.8}, independent_required={"ASD": 0.05},
                              transport_per_km=0.5)
    options = sc.options.assign(build_years=2)
    busy = sc.replace(parameters=p, options=options)
    assert busy.extensions() == ("independent_stay", "independent_required", "transport", "build_years")
    plain = busy.without_extensions()
    assert plain.extensions() == ()
    assert plain.parameters == sc.parameters
    assert list(plain.options.columns) == list(sc.options.columns)
