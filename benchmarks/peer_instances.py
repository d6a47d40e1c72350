"""Textbook facility-location instances written as planning scenarios, and their optima from PySAL spopt.

``generate("covering", seed)`` and ``generate("median", seed)`` build the
same kind of instance: 80 areas and 20 candidate sites at random points of a
40 km square, one year, one need, phase and tier, whole children per area,
and a travel matrix given in full (``travel.csv``), so the planner and the
peer read the same minutes. ``peer_optimum`` solves the textbook model of
the instance with ``spopt.locate.MCLP`` or ``PMedian`` on PuLP's bundled CBC.

How the textbook models are expressed through the planning model
(``planning-model.md``):

- **Sites**: each candidate site is a new-setting option (no
  ``provision_id``) of kind ``special`` with one module, no module capital
  and a fixed opening capital of £1m. The one year's budget is ``p`` x £1m,
  so at most ``p`` sites open. Both textbook models ask for exactly ``p``;
  opening one more never covers less or travels further, so the optima of
  "at most p" and "exactly p" are equal. There are no existing settings.
- **Capacity never binds**: a site's module has one place more than all
  the children that may reach it (those within the covering radius; every
  child for the p-median), so any one open site can take them all, as the
  uncapacitated textbook models assume.
- **Maximal covering** = level 1. ``max_minutes`` for the phase is the
  covering radius, so an area is "covered" exactly when some open site lies
  within it (reading 7: the limit applies to ``travel.csv`` minutes). The
  independent sector, which has no limit, is "uncovered": level 1 (children
  placed independently) = all children - the covering objective. The
  radius ends in 0.005 and minutes are given to 0.01, so no journey equals
  the radius and ``<=`` cannot be read two ways.
- **p-median** = level 2 with level 1 at 0. No travel limit, so any open
  site keeps every child out of the independent sector and level 1's
  optimum is 0 whatever is opened: fixing it (plus reading 11's 1e-5
  absolute tolerance) only says "open at least one site". The independent
  journey (``independent_minutes``) is longer than any journey to a site,
  so level 2 never uses that tolerance to move children to the independent
  sector; tier, need and phase match, so no step-up penalty. Level 2
  (child-minutes) is then the sum over areas of children x minutes to their
  nearest open site: the p-median objective.
- **Ties** between plans of equal level 1 (covering) or level 2 (median)
  are broken by the planner's later levels; only the objective value is
  compared, and it is the same whichever tied plan is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from sufficiency_app.model.scenario import OPTION_COLUMNS, PROVISION_COLUMNS, Parameters, Scenario

AREAS, SITES, SIDE_KM = 80, 20, 40.0
KINDS = ("covering", "median")
FIXED_CAPITAL = 1_000_000.0
X0, Y0 = 400_000.0, 150_000.0


@dataclass(frozen=True)
class PeerInstance:
    """One instance: the scenario the planner solves and the arrays the peer solves."""

    name: str
    kind: str  # "covering" or "median"
    scenario: Scenario
    minutes: np.ndarray  # areas x sites, as in travel.csv
    children: np.ndarray  # per area
    p: int
    radius: float | None  # covering radius in minutes (covering only)


def generate(kind: str, seed: int, p: int | None = None) -> PeerInstance:
    """A reproducible covering (``p`` 4 by default, radius 10 min) or p-median (``p`` 5) instance."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    rng = np.random.default_rng(seed)
    area_xy = rng.uniform(0.0, SIDE_KM, (AREAS, 2))
    site_xy = rng.uniform(0.0, SIDE_KM, (SITES, 2))
    children = rng.integers(1, 21, AREAS).astype(float)
    minutes = np.round(np.hypot(*(area_xy[:, None, :] - site_xy[None, :, :]).transpose(2, 0, 1)), 2)
    covering = kind == "covering"
    p = p if p is not None else (4 if covering else 5)
    radius = 10.005 if covering else None
    reach = minutes <= radius if covering else np.ones_like(minutes, dtype=bool)
    places = np.ceil(children @ reach).astype(int) + 1

    area_ids = [f"A{i:02d}" for i in range(AREAS)]
    site_ids = [f"S{j:02d}" for j in range(SITES)]
    geo = gpd.GeoDataFrame(
        {"area_id": area_ids, "name": area_ids, "centroid_easting": X0 + 1000 * area_xy[:, 0],
         "centroid_northing": Y0 + 1000 * area_xy[:, 1]},
        geometry=[box(X0 + 1000 * x - 200, Y0 + 1000 * y - 200, X0 + 1000 * x + 200, Y0 + 1000 * y + 200)
                  for x, y in area_xy],
        crs="EPSG:27700",
    )
    demand = pd.DataFrame({"year": 2025, "area_id": area_ids, "need": "ASD", "phase": "PRI", "tier": "special",
                           "count": children})
    options = pd.DataFrame({
        "option_id": site_ids, "provision_id": "", "name": [f"Site {j}" for j in range(SITES)],
        "kind": "special", "needs": "ALL", "phases": "ALL",
        "easting": X0 + 1000 * site_xy[:, 0], "northing": Y0 + 1000 * site_xy[:, 1],
        "module_places": places, "max_modules": 1, "capital_per_module": 0.0, "fixed_capital": FIXED_CAPITAL,
        "earliest_year": 2025, "cost_per_place": 20_000.0,
    }, columns=list(OPTION_COLUMNS))
    travel = pd.DataFrame({"area_id": np.repeat(area_ids, SITES), "provision_id": np.tile(site_ids, AREAS),
                           "minutes": minutes.ravel()})
    parameters = Parameters(
        name=f"{kind} {seed}", base_year=2025, horizon=1, speed_kmh=60.0, detour_factor=1.0,
        max_minutes={"PRI": radius} if covering else {}, independent_minutes=10 * SIDE_KM,
        step_up_penalty_minutes=0.0, capital=(p * FIXED_CAPITAL,), carry_forward=False,
    )
    scenario = Scenario(parameters, geo, demand, pd.DataFrame(columns=list(PROVISION_COLUMNS)), options, travel)
    return PeerInstance(f"{kind}-{seed}", kind, scenario, minutes, children, p, radius)


def planner_objective(instance: PeerInstance, levels) -> float:
    """The peer's objective read from a plan's levels: children covered, or child-minutes."""
    if instance.kind == "covering":
        return float(instance.children.sum() - levels[0].value)
    return float(levels[1].value)


def peer_optimum(instance: PeerInstance) -> tuple[float, str, float]:
    """(objective, status, seconds) of spopt's MCLP or PMedian on CBC: children covered, or child-minutes."""
    import time
    import warnings

    import pulp
    from spopt.locate import MCLP, PMedian

    start = time.perf_counter()
    with warnings.catch_warnings():  # spopt builds its models the way PuLP 3.3 deprecates, once per variable
        warnings.simplefilter("ignore", DeprecationWarning)
        if instance.kind == "covering":
            model = MCLP.from_cost_matrix(instance.minutes, instance.children, service_radius=instance.radius,
                                          p_facilities=instance.p)
        else:
            model = PMedian.from_cost_matrix(instance.minutes, instance.children, p_facilities=instance.p)
        model.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0.0), results=False)
    status = pulp.LpStatus[model.problem.status].lower()
    return float(pulp.value(model.problem.objective)), status, time.perf_counter() - start


def write(instance: PeerInstance, folder: str | Path) -> Path:
    """The instance as an exchange-format scenario folder."""
    from sufficiency_app.io import write_scenario

    write_scenario(instance.scenario, folder)
    return Path(folder)
