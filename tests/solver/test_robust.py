"""One shared plan for several demand futures."""

from __future__ import annotations

import pytest

from sufficiency_app.solver import solve_robust

from .builder import area, demand, option, provision, scenario


def test_shared_plan_follows_the_likelier_future():
    """Budget for one module of 4 places; futures: 4 ASD children (weight 0.7) or 4 SEMH children (0.3).

    Building for ASD leaves 0.7 x 0 + 0.3 x 4 = 1.2 expected independent
    placements; building for SEMH leaves 0.7 x 4 = 2.8. So ASD is built, and
    each future's own outcome under that plan is 0 and 4.
    """
    sc = scenario([area("A", 0)], [(2025, "A", "ASD", "PRI", "special", 4)],
                  [provision("SA", "special", 0, 1, needs="ASD"), provision("SS", "special", 0, 2, needs="SEMH")],
                  [option("OA", provision_id="SA", module=4), option("OS", provision_id="SS", module=4)],
                  capital=(1e6,))
    futures = {"asd": (7.0, demand([(2025, "A", "ASD", "PRI", "special", 4)])),
               "semh": (3.0, demand([(2025, "A", "SEMH", "PRI", "special", 4)]))}
    r = solve_robust(sc, futures)
    assert r.status == "optimal"
    assert r.schedule["option_id"].tolist() == ["OA"]
    assert r.levels[0].value == pytest.approx(1.2)
    assert r.outcomes["asd"].independent == pytest.approx(0)
    assert r.outcomes["semh"].independent == pytest.approx(4)
    assert r.expected_independent == pytest.approx(1.2)
    assert r.weights == pytest.approx({"asd": 0.7, "semh": 0.3})


def test_equal_futures_build_what_the_central_plan_builds():
    """Three identical futures are one future: the shared plan is the single-scenario optimum."""
    from sufficiency_app.solver import SolveOptions, solve

    from .test_planner import town

    sc = town()
    central = solve(sc, SolveOptions(explain=False))
    same = {name: (1.0, sc.demand) for name in ("low", "central", "high")}
    r = solve_robust(sc, same, SolveOptions(explain=False))
    assert central.status == r.status == "optimal"
    assert r.schedule.reset_index(drop=True).equals(central.schedule.reset_index(drop=True))
    for robust_level, level in zip(r.levels, central.levels):
        assert robust_level.value == pytest.approx(level.value, rel=1e-6, abs=1e-4)
    assert r.schedule["capital"].sum() > 0  # a real plan, not the empty one


def test_a_robust_plan_with_least_capital_keeps_level_1b():
    """``capital_for_travel = false`` (the sample's) adds level 1b, least capital, after the three: its value is the
    shared schedule's capital; before, the expected levels indexed each future's three by it and raised."""
    from .test_planner import town

    sc = town()
    sc = sc.replace(parameters=sc.parameters.replace(capital_for_travel=False))
    r = solve_robust(sc, {"central": (1.0, sc.demand), "high": (1.0, sc.demand.assign(count=sc.demand["count"] * 1.5))})
    assert r.status == "optimal"
    assert [lv.name for lv in r.levels][3:] == ["capital"]
    assert r.levels[3].value == pytest.approx(r.schedule["capital"].sum())
    assert r.levels[0].value == pytest.approx(r.expected_independent)
