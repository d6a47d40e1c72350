"""The optional columns of a scenario, each resolved once with its default.

A scenario keeps an optional column only when its input had it, so a
version 1 file saves exactly as it was read. Everything that computes with
one reads it here instead (``scenario.optional.build_years``), never
testing ``"build_years" in options.columns``: the default lives in one
place, and the value always has one type and one row per row of its table.

A new optional column: one field below, read in :meth:`OptionalColumns.of`
with :func:`numbers` or :func:`flags` and its default.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..infra.cells import flag


def numbers(frame: pd.DataFrame, column: str, default: float) -> np.ndarray:
    """A column as floats, one per row; blank, unreadable or no column at all is ``default``."""
    if column not in frame.columns:
        return np.full(len(frame), default, dtype=float)
    return pd.to_numeric(frame[column], errors="coerce").fillna(default).to_numpy(dtype=float)


def flags(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A yes/no column as ``True``/``False``/``None`` (blank or no column), one object per row."""
    if column not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    return np.array([flag(v) for v in frame[column].astype(object)], dtype=object)


@dataclass(frozen=True, eq=False)
class OptionalColumns:
    """Row-aligned arrays of the optional columns, with their defaults filled in."""

    build_years: np.ndarray  # options: int >= 1; blank or absent = 1 (reading 18)
    fill_years: np.ndarray  # options: int >= 1; blank or absent = 1 (reading 22)
    option_place_funding: np.ndarray  # options: £ a place a year, NaN = the scenario's default (reading 19)
    place_funding: np.ndarray  # provisions: £ a place a year, NaN = the scenario's default (reading 19)
    in_county: np.ndarray  # provisions: True/False, None = decided by the point (reading 16)
    travel_km: np.ndarray  # travel: road km, NaN = straight line x detour (reading 17)
    centroid_easting: np.ndarray  # areas: NaN = the area's representative point
    centroid_northing: np.ndarray

    @classmethod
    def of(cls, areas: pd.DataFrame, provisions: pd.DataFrame, options: pd.DataFrame,
           travel: pd.DataFrame) -> OptionalColumns:
        """Read once per scenario by :attr:`Scenario.optional` (given the tables: this module sits below it)."""
        return cls(
            build_years=np.clip(numbers(options, "build_years", 1.0), 1, None).astype(int),
            fill_years=np.clip(numbers(options, "fill_years", 1.0), 1, None).astype(int),
            option_place_funding=numbers(options, "place_funding", np.nan),
            place_funding=numbers(provisions, "place_funding", np.nan),
            in_county=flags(provisions, "in_county"),
            travel_km=numbers(travel, "km", np.nan),
            centroid_easting=numbers(areas, "centroid_easting", np.nan),
            centroid_northing=numbers(areas, "centroid_northing", np.nan),
        )
