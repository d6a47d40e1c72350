"""The immutable scenario: everything a solve needs, in canonical tables.

A ``Scenario`` is what the readers (folder, XLSX) produce and the writers
consume; the solver, the finance model and the window only ever read it.
Edits make a new scenario with :meth:`Scenario.replace`, so an old plan
always knows exactly which inputs it was made from.

Canonical columns (readers guarantee these names and dtypes; extra columns
found in the input are kept after them, in their original order):

- ``areas``: GeoDataFrame in EPSG:27700 with ``area_id`` (str), ``name``
  (str), ``geometry``; optional ``centroid_easting``/``centroid_northing``.
- ``demand``: ``year`` (int), ``area_id``, ``need``, ``phase``, ``tier``
  (str codes, ``ASC`` already mapped to ``ASD``), ``count`` (float).
- ``provisions``: ``provision_id``, ``name``, ``kind``, ``needs``,
  ``phases`` (``;`` lists as text, see :mod:`sufficiency_app.model.codes`),
  ``capacity`` (int), ``easting``, ``northing`` (float, EPSG:27700),
  ``cost_per_place`` (float), ``urn`` (str, may be empty).
- ``options``: ``option_id``, ``provision_id`` (str, empty for a new
  setting), ``name``, ``kind``, ``needs``, ``phases`` (may be empty for an
  expansion), ``easting``, ``northing`` (float, NaN for an expansion),
  ``module_places``, ``max_modules`` (int), ``capital_per_module``,
  ``fixed_capital`` (float), ``earliest_year`` (int; blank read as
  ``base_year``), ``cost_per_place`` (float, NaN = the setting's own).
- ``travel``: ``area_id``, ``provision_id``, ``minutes`` (float).

Version 2 columns (docs/model.md readings 16-18; present only when the
input had them, so a version 1 scenario saves exactly as it was read):

- ``provisions.in_county``: ``True``/``False``, or ``None`` for a blank cell
  (then the setting is in county when its point lies inside the areas).
- ``options.build_years``: int >= 1 (``NaN``/absent = 1).
- ``travel.km``: float road km for transport cost (``NaN`` = straight line).
- ``finance`` (optional, ``finance.csv``): ``year``, ``line``, ``amount``.
- ``history`` (optional, ``history.csv``): see ``docs/history-format.md``.

Version 3 columns (``docs/model.md`` readings 19 and 22; present only when the input had them):

- ``provisions.place_funding``, ``options.place_funding``: £ a place a year (``NaN`` = the
  scenario's ``[costs] place_funding`` where it applies).
- ``options.fill_years``: int >= 1 (``NaN``/absent = 1).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .codes import PHASES
from .optional_columns import OptionalColumns

DEMAND_COLUMNS = ("year", "area_id", "need", "phase", "tier", "count")
PROVISION_COLUMNS = (
    "provision_id", "name", "kind", "needs", "phases", "capacity",
    "easting", "northing", "cost_per_place", "urn",
)
OPTION_COLUMNS = (
    "option_id", "provision_id", "name", "kind", "needs", "phases", "easting", "northing",
    "module_places", "max_modules", "capital_per_module", "fixed_capital", "earliest_year",
    "cost_per_place",
)
TRAVEL_COLUMNS = ("area_id", "provision_id", "minutes")
FINANCE_COLUMNS = ("year", "line", "amount")
AREA_COLUMNS = ("area_id", "name")


@dataclass(frozen=True)
class Parameters:
    """The settings of ``scenario.toml`` with the defaults of the exchange format.

    ``extra`` keeps every key of the TOML file this class does not model
    (for example ``[roads]`` or ``[projection]``), nested as read, so that a
    save writes it back unchanged.
    """

    name: str = "Untitled scenario"
    base_year: int = 2025
    horizon: int = 6
    currency: str = "GBP"
    speed_kmh: float = 40.0
    detour_factor: float = 1.3
    max_minutes: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"EY": 45.0, "PRI": 45.0, "SEC": 75.0, "P16": 75.0})
    )
    independent_minutes: float = 60.0
    independent_place: float = 60000.0
    step_up_penalty_minutes: float = 30.0
    capital: tuple[float, ...] = (0.0,) * 6
    carry_forward: bool = False
    # version 2 (readings 14, 15, 17); each is off at its default
    independent_stay: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    independent_required: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    transport_days: float = 190.0
    transport_fixed: float = 0.0
    transport_per_km: float = 0.0
    # version 3 (readings 19-23); each is off at its default
    place_funding: float = 0.0
    tail_years: float = 0.0
    capital_for_travel: bool = True
    capital_slack: float = 0.0
    plans_outside: tuple[float, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def years(self) -> tuple[int, ...]:
        """Academic years planned, ``base_year`` .. ``base_year + horizon - 1``."""
        return tuple(range(self.base_year, self.base_year + self.horizon))

    def max_minutes_for(self, phase: str) -> float:
        """Longest reasonable journey for a phase; a phase not listed has no limit."""
        return float(self.max_minutes.get(phase, float("inf")))

    def budget_for(self, year: int) -> float:
        """Capital budget of one academic year."""
        return float(self.capital[year - self.base_year])

    def stay_for(self, phase: str) -> float:
        """Share of a phase's independent placements still there next year (reading 14; 0 = off)."""
        return float(self.independent_stay.get(phase, 0.0))

    def required_for(self, need: str) -> float:
        """Share of a need's demand placed independently whatever is built (reading 15; 0 = off)."""
        return float(self.independent_required.get(need, 0.0))

    @property
    def transport_on(self) -> bool:
        """Is home-to-school transport costed (reading 17)?"""
        return self.transport_fixed > 0 or self.transport_per_km > 0

    @property
    def independent_km(self) -> float:
        """One-way km assumed for an independent placement: ``independent_minutes * speed_kmh / 60``."""
        return self.independent_minutes * self.speed_kmh / 60.0

    def transport_cost(self, km: Any) -> Any:
        """Yearly transport cost of one child travelling ``km`` one way (reading 17)."""
        return self.transport_fixed + self.transport_per_km * 2.0 * self.transport_days * km

    def year_weight(self, year: int) -> float:
        """How many times a year counts in the objective (reading 20): the last ``1 + tail_years``, others 1."""
        return 1.0 + self.tail_years if year == self.years[-1] else 1.0

    def outside_for(self, year: int) -> float:
        """EHC plans in settings the planner does not place, in a year (reading 23; 0 = off)."""
        if not self.plans_outside:
            return 0.0
        values = self.plans_outside
        return float(values[0] if len(values) == 1 else values[year - self.base_year])

    def replace(self, **changes: Any) -> Parameters:
        return dataclasses.replace(self, **changes)


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass(frozen=True, eq=False)
class Scenario:
    """One scenario's inputs. Treat every table as read-only; use :meth:`replace`.

    ``source_hashes`` maps each input file name to the SHA-256 of its bytes
    as read (empty for a scenario built in memory); ``scenario_sha256`` in
    results is derived from it, for provenance.
    """

    parameters: Parameters
    areas: gpd.GeoDataFrame
    demand: pd.DataFrame
    provisions: pd.DataFrame
    options: pd.DataFrame = field(default_factory=lambda: _empty(OPTION_COLUMNS))
    travel: pd.DataFrame = field(default_factory=lambda: _empty(TRAVEL_COLUMNS))
    finance: pd.DataFrame | None = None
    history: pd.DataFrame | None = None
    source_hashes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def name(self) -> str:
        return self.parameters.name

    @property
    def years(self) -> tuple[int, ...]:
        return self.parameters.years

    @property
    def phases(self) -> tuple[str, ...]:
        return PHASES

    @functools.cached_property
    def optional(self) -> OptionalColumns:
        """The optional columns with their defaults (:mod:`sufficiency_app.model.optional_columns`); read once."""
        return OptionalColumns.of(self.areas, self.provisions, self.options, self.travel)

    def extensions(self) -> tuple[str, ...]:
        """The version 2 and 3 additions this scenario uses (``docs/model.md`` readings 14-23), in reading order."""
        p = self.parameters
        used = []
        if any(v > 0 for v in p.independent_stay.values()):
            used.append("independent_stay")
        if any(v > 0 for v in p.independent_required.values()):
            used.append("independent_required")
        if any(v is not None for v in self.optional.in_county):
            used.append("in_county")
        if p.transport_on:
            used.append("transport")
        if (self.optional.build_years > 1).any():
            used.append("build_years")
        funding = np.concatenate([self.optional.place_funding, self.optional.option_place_funding])
        if p.place_funding > 0 or not np.isnan(funding).all():
            used.append("place_funding")
        if p.tail_years > 0:
            used.append("tail_years")
        if not p.capital_for_travel:
            used.append("capital_for_travel")
        if (self.optional.fill_years > 1).any():
            used.append("fill_years")
        if any(v > 0 for v in p.plans_outside):
            used.append("plans_outside")
        return tuple(used)

    def without_extensions(self) -> Scenario:
        """The same scenario read as version 1: every reading 14-23 addition switched off."""
        v2 = self.without_version3()
        p = v2.parameters.replace(independent_stay=MappingProxyType({}), independent_required=MappingProxyType({}),
                                  transport_fixed=0.0, transport_per_km=0.0)
        return v2.replace(
            parameters=p,
            provisions=v2.provisions.drop(columns=["in_county"], errors="ignore"),
            options=v2.options.drop(columns=["build_years"], errors="ignore"),
            travel=v2.travel.drop(columns=["km"], errors="ignore"),
        )

    def without_version3(self) -> Scenario:
        """The same scenario read as version 2: every reading 19-23 addition switched off."""
        p = self.parameters.replace(place_funding=0.0, tail_years=0.0, capital_for_travel=True, capital_slack=0.0,
                                    plans_outside=())
        return self.replace(
            parameters=p,
            provisions=self.provisions.drop(columns=["place_funding"], errors="ignore"),
            options=self.options.drop(columns=["place_funding", "fill_years"], errors="ignore"),
        )

    def replace(self, **changes: Any) -> Scenario:
        """A new scenario with some fields changed; hashes of changed inputs are dropped."""
        if changes and "source_hashes" not in changes:
            changes["source_hashes"] = MappingProxyType({})
        return dataclasses.replace(self, **changes)
