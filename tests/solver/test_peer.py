"""The planner against a peer: PySAL spopt (CBC) on textbook maximal-covering and p-median instances.

``benchmarks/peer_instances.py`` says how each textbook model is written as
a planning scenario; ``benchmarks/peer_bench.py`` runs more seeds.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from benchmarks.peer_instances import generate, peer_optimum, planner_objective, write
from sufficiency_app.io import read_scenario
from sufficiency_app.solver import SolveOptions, solve


def brute_force(instance) -> float:
    """The textbook optimum by trying every set of ``p`` sites: children covered, or child-minutes."""
    best = -np.inf if instance.kind == "covering" else np.inf
    for sites in combinations(range(instance.minutes.shape[1]), instance.p):
        nearest = instance.minutes[:, list(sites)].min(axis=1)
        if instance.kind == "covering":
            best = max(best, float(instance.children[nearest <= instance.radius].sum()))
        else:
            best = min(best, float(instance.children @ nearest))
    return best


@pytest.mark.parametrize("kind, seed, p", [("covering", 1, 2), ("median", 1, 2)])
def test_peer_and_correspondence_agree_with_every_choice_of_sites(kind, seed, p):
    instance = generate(kind, seed, p)
    peer, status, _ = peer_optimum(instance)
    assert status == "optimal"
    assert peer == pytest.approx(brute_force(instance), rel=1e-9)


def test_instances_are_reproducible_and_keep_capacity_slack(tmp_path):
    a, b = generate("median", 3), generate("median", 3)
    assert np.array_equal(a.minutes, b.minutes) and np.array_equal(a.children, b.children)
    assert not np.array_equal(a.minutes, generate("median", 4).minutes)
    covering = generate("covering", 3)
    near = covering.children @ (covering.minutes <= covering.radius)
    assert (covering.scenario.options["module_places"] > near).all()
    assert not np.isclose(covering.minutes, covering.radius).any()
    read = read_scenario(write(a, tmp_path / "median"))
    assert len(read.travel) == 80 * 20 and read.options["module_places"].min() > a.children.sum()
    with pytest.raises(ValueError, match="kind must be one of"):
        generate("centre", 1)


@pytest.mark.parametrize("kind, seed", [("covering", 2), ("median", 1), ("median", 2)])
def test_planner_proves_the_peer_optimum(kind, seed, tmp_path):
    instance = generate(kind, seed)
    peer, status, _ = peer_optimum(instance)
    assert status == "optimal"
    scenario = read_scenario(write(instance, tmp_path / instance.name))
    result = solve(scenario, SolveOptions(time_limit=60, explain=False))
    level = result.levels[0 if kind == "covering" else 1]
    assert (result.status, level.status) == ("optimal", "optimal")
    assert planner_objective(instance, result.levels) == pytest.approx(peer, rel=1.1e-4)
    assert level.bound == pytest.approx(level.value, rel=1.1e-4, abs=1e-6)
