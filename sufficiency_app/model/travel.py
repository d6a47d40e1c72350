"""Travel minutes from every planning area to every setting.

Why straight line x detour factor / speed is a fair default: for school
journeys in a county, road distance is close to a fixed multiple of the
straight-line distance (studies of British road networks put the ratio at
about 1.2-1.4; 1.3 is the usual planning figure), and an average door-to-door
speed (40 km/h mixes rural roads and towns) turns it into minutes. It needs
no road data, is the same on every machine, and ranks settings by nearness
almost exactly as road times do; where it matters (rivers, estuaries, moors,
motorways), real times go in ``travel.csv`` and override it pair by pair.

Road minutes from OSRM or TravelTime: compute the matrix from each area's
point (:func:`area_points`, EPSG:27700; convert to lon/lat with pyproj for
those services) to each setting (``sufficiency_app.model.provision_settings.effective_settings``),
for example with OSRM's ``/table/v1/driving`` service, and save the pairs as
``travel.csv`` with columns ``area_id, provision_id, minutes`` (a new setting
uses its ``option_id``). Pairs left out keep the straight-line estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .provision_settings import effective_settings
from .scenario import Scenario


def area_points(scenario: Scenario) -> pd.DataFrame:
    """The point each area's travel is measured from: ``area_id, x, y`` in EPSG:27700.

    The population-weighted centroid when both ``centroid_easting`` and
    ``centroid_northing`` are given, else shapely's ``representative_point()``
    (always inside the polygon, unlike the centroid of a crescent-shaped area).
    """
    areas = scenario.areas
    x = scenario.optional.centroid_easting.copy()
    y = scenario.optional.centroid_northing.copy()
    missing = np.isnan(x) | np.isnan(y)
    if missing.any():
        points = areas.geometry[missing].representative_point()
        x[missing] = points.x.to_numpy()
        y[missing] = points.y.to_numpy()
    return pd.DataFrame({"area_id": areas["area_id"].astype(str).to_numpy(), "x": x, "y": y})


@dataclass(frozen=True, eq=False)
class TravelModel:
    """Minutes and road km from each area (rows) to each setting (columns), as float arrays.

    ``km`` is straight-line km x ``detour_factor`` unless ``travel.csv`` has
    a ``km`` for the pair (reading 17); only transport cost uses it.
    """

    area_ids: tuple[str, ...]
    setting_ids: tuple[str, ...]
    minutes: np.ndarray
    km: np.ndarray

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> TravelModel:
        """Straight-line estimates for every pair, then ``travel.csv`` rows on top."""
        points = area_points(scenario)
        settings = effective_settings(scenario)
        p = scenario.parameters
        origins = points[["x", "y"]].to_numpy(float)
        destinations = settings[["easting", "northing"]].to_numpy(float)
        minutes = straight_line_minutes(origins, destinations, p.detour_factor, p.speed_kmh)
        km = straight_line_minutes(origins, destinations, p.detour_factor, 60.0)  # at 60 km/h, minutes = km
        area_ids = tuple(points["area_id"])
        setting_ids = tuple(settings["setting_id"].astype(str))
        travel = scenario.travel
        if len(travel):
            rows = pd.Index(area_ids).get_indexer(travel["area_id"].astype(str))
            cols = pd.Index(setting_ids).get_indexer(travel["provision_id"].astype(str))
            given = pd.to_numeric(travel["minutes"], errors="coerce").to_numpy(float)
            use = (rows >= 0) & (cols >= 0) & ~np.isnan(given)
            minutes[rows[use], cols[use]] = given[use]
            road = scenario.optional.travel_km
            use = (rows >= 0) & (cols >= 0) & ~np.isnan(road)
            km[rows[use], cols[use]] = road[use]
        return cls(area_ids, setting_ids, minutes, km)

    def matrix(self) -> pd.DataFrame:
        """Minutes as a table: index ``area_id``, columns ``setting_id``."""
        return pd.DataFrame(
            self.minutes, index=pd.Index(self.area_ids, name="area_id"),
            columns=pd.Index(self.setting_ids, name="setting_id"),
        )


def transport_costs(scenario: Scenario) -> pd.DataFrame:
    """Yearly home-to-school transport cost of one child, area (rows) to setting (columns), reading 17.

    All zero when the scenario does not cost transport. An independent
    placement costs ``parameters.transport_cost(parameters.independent_km)``.
    """
    model = TravelModel.from_scenario(scenario)
    p = scenario.parameters
    cost = p.transport_cost(model.km) if p.transport_on else np.zeros_like(model.km)
    return pd.DataFrame(cost, index=pd.Index(model.area_ids, name="area_id"),
                        columns=pd.Index(model.setting_ids, name="setting_id"))


def straight_line_minutes(origins: np.ndarray, destinations: np.ndarray, detour_factor: float,
                          speed_kmh: float) -> np.ndarray:
    """Minutes for every origin/destination pair of (x, y) metres: distance x detour / speed.

    The distance is numpy's, to the bit what ``scipy.spatial.distance.cdist`` gives (the same sum of
    squares), without scipy.spatial's 0.15 CPU-s import on every solve.
    """
    if len(origins) == 0 or len(destinations) == 0:
        return np.zeros((len(origins), len(destinations)))
    gap = origins[:, None, :] - destinations[None, :, :]
    minutes = np.sqrt((gap * gap).sum(axis=-1))
    minutes *= detour_factor * 60.0 / (1000.0 * speed_kmh)
    return minutes
