"""Fitting the straight-line travel model to known journey minutes.

The planner's default journey is ``distance_km x detour_factor / speed_kmh
x 60``. From minutes and straight-line distances alone only the ratio
``detour_factor / speed_kmh`` can be learnt (a 1.3 detour at 52 km/h and a
1.0 detour at 40 km/h give the same minutes), so the fit keeps the detour
factor fixed (1.3, the usual ratio of road to straight-line distance on
British roads) and finds the speed by least squares. A second fit with an
intercept shows how much of a journey is a fixed overhead (the road
network's ``access_minutes``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class StraightLineFit:
    """Least-squares fits of minutes on straight-line kilometres.

    Attributes
    ----------
    speed_kmh
        Road speed that, with ``detour_factor``, best fits (no intercept).
    detour_factor
        The detour factor held fixed.
    minutes_per_km
        Slope of the no-intercept fit.
    intercept_minutes, intercept_minutes_per_km
        The fit ``minutes = a + b x km``.
    pairs
        Journeys used.
    """

    speed_kmh: float
    detour_factor: float
    minutes_per_km: float
    intercept_minutes: float
    intercept_minutes_per_km: float
    pairs: int

    def minutes(self, distance_km: np.ndarray) -> np.ndarray:
        """Minutes of the no-intercept model (what the planner's defaults would give)."""
        return np.asarray(distance_km, dtype=float) * self.minutes_per_km

    def minutes_with_intercept(self, distance_km: np.ndarray) -> np.ndarray:
        """Minutes of the fit with a fixed overhead."""
        return self.intercept_minutes + np.asarray(distance_km, dtype=float) * self.intercept_minutes_per_km


def fit_straight_line(distance_km: np.ndarray, minutes: np.ndarray, detour_factor: float = 1.3) -> StraightLineFit:
    """Fit ``minutes = km x 60 x detour / speed`` (and ``a + b x km``) by least squares.

    Examples
    --------
    Journeys of 13 km taking 26 minutes at detour 1.3 mean 39 km/h:

    >>> round(fit_straight_line([13.0, 26.0], [26.0, 52.0]).speed_kmh, 6)
    39.0
    """
    x = np.asarray(distance_km, dtype=float)
    y = np.asarray(minutes, dtype=float)
    slope = float(x @ y / (x @ x))
    (a, b), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)
    return StraightLineFit(speed_kmh=60.0 * detour_factor / slope, detour_factor=detour_factor,
                           minutes_per_km=slope, intercept_minutes=float(a), intercept_minutes_per_km=float(b),
                           pairs=len(x))
