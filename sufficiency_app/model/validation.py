"""Every check of a scenario, all problems at once, in words a planner can act on.

:func:`validate` checks a scenario in memory (the readers call it before they
type the tables; the window re-validates after each edit); reading a folder or
workbook without raising is ``io.load_scenario``. Problems name the file,
the spreadsheet row (header = row 1, first data row = 2; for a boundary
file, feature n is row n + 1), the column, the value found and what was
expected.

The checks also accept tables whose numeric columns still hold text (the
readers validate before they convert), so a cell like ``twelve`` is reported
once, with its original text, instead of failing a conversion.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..infra.cells import as_text, blank_mask, is_blank, map_unique, parse_flags, parse_numbers
from ..infra.errors import Problem
from ..infra.formatting import count
from .codes import KINDS, NEEDS, PHASES, TIER_RANK, TIERS, normalise_need, split_list
from .provision_settings import effective_settings, option_targets
from .scenario import Parameters, Scenario
from .scenario_diff import PINS_KEY
from .travel import TravelModel

DEFAULT_FILES: Mapping[str, str] = {
    "parameters": "scenario.toml", "areas": "areas.geojson", "demand": "demand.csv",
    "provisions": "provisions.csv", "options": "options.csv", "travel": "travel.csv",
}
REQUIRED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "areas": ("area_id", "name"),
    "demand": ("year", "area_id", "need", "phase", "tier", "count"),
    "provisions": ("provision_id", "name", "kind", "needs", "phases", "capacity", "easting", "northing",
                   "cost_per_place"),
    "options": ("option_id", "module_places", "max_modules", "capital_per_module"),
    "travel": ("area_id", "provision_id", "minutes"),
}
OPTIONAL_OPTION_COLUMNS = ("provision_id", "name", "kind", "needs", "phases", "easting", "northing",
                           "fixed_capital", "earliest_year", "cost_per_place")
NUMERIC_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "areas": ("centroid_easting", "centroid_northing"),
    "demand": ("year", "count"),
    "provisions": ("capacity", "easting", "northing", "cost_per_place", "place_funding"),
    "options": ("easting", "northing", "module_places", "max_modules", "capital_per_module", "fixed_capital",
                "earliest_year", "cost_per_place", "build_years", "place_funding", "fill_years"),
    "travel": ("minutes", "km"),
}
OUTSIDE_METRES = 50_000.0

# Plausible ranges: far beyond any real county, close enough that a slip
# (a value in pence, metres read as degrees, 1e308) is caught before it
# reaches the solver. Upper bounds are exclusive.
MAX_COUNT = 1e6
MAX_MINUTES = 1000.0
MAX_MONEY = 1e10
MAX_KM = 2000.0  # one way, by road: Land's End to John o' Groats is about 1,400
MAX_PER_KM = 100.0  # £ per km travelled; real contracts are a few pounds
MAX_BUILD_YEARS = 100
MAX_FILL_YEARS = 100
MAX_PLACE_FUNDING = 1e6  # £ a place a year (reading 19); England pays £10,000
YEARS = (1900, 2200)
SPEED_KMH = (5.0, 130.0)
DETOUR = (1.0, 3.0)
# Great Britain in British National Grid metres (the projected bounds of EPSG:27700's area of use).
GB_EASTING = (-105_000.0, 690_000.0)
GB_NORTHING = (-17_000.0, 1_260_000.0)
GB_EXPECTED = "British National Grid metres (EPSG:27700) inside Great Britain"


def with_numbers(scenario: Scenario) -> Scenario:
    """The scenario with every numeric column (``NUMERIC_COLUMNS``) as floats, NaN where blank or bad."""
    changes = {}
    for table, columns in NUMERIC_COLUMNS.items():
        frame = getattr(scenario, table)
        present = {c: parse_numbers(frame[c])[0] for c in columns if c in frame.columns}
        if present:
            changes[table] = frame.assign(**present)
    return scenario.replace(**changes) if changes else scenario


def _limit(value: float) -> str:
    """A range end as people write it: 2200, 1000, 690,000, 10,000,000,000."""
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) >= 10_000 else f"{value:g}"


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value)


class _Checker:
    """Collects problems; one method per rule so each rule reads on its own."""

    def __init__(self, scenario: Scenario, files: Mapping[str, str]):
        missing = {c: "" for c in OPTIONAL_OPTION_COLUMNS if c not in scenario.options.columns}
        self.s = scenario.replace(options=scenario.options.assign(**missing)) if missing else scenario
        self.files = {**DEFAULT_FILES, **files}
        self.problems: list[Problem] = []
        self.present: dict[str, bool] = {}

    # -- reporting helpers -------------------------------------------------
    def whole(self, table: str, column: str | None, value: object, expected: str, message: str,
              severity: str = "error") -> None:
        self.problems.append(Problem(severity, self.files[table], None, column, _text(value), expected, message))

    def rows(self, table: str, mask: pd.Series | np.ndarray, column: str, values: pd.Series, expected: str,
             message: Callable[[str], str], severity: str = "error") -> None:
        for pos in np.flatnonzero(np.asarray(mask, dtype=bool)):
            value = _text(values.iloc[pos])
            self.problems.append(Problem(severity, self.files[table], int(pos) + 2, column, value, expected,
                                         message(value)))

    def numbers(self, table: str, column: str, *, required: bool = True, integer: bool = False,
                minimum: float | None = 0.0, strict: bool = False, below: float | None = None) -> pd.Series:
        """Check one numeric column and return it as floats (NaN where unusable).

        ``below`` is the exclusive upper end of the plausible range.
        """
        frame = self.frame(table)
        values = frame[column] if column in frame.columns else pd.Series([None] * len(frame), index=frame.index)
        numbers, bad = parse_numbers(values)
        kind = "a whole number" if integer else "a number"
        bound = "" if minimum is None else f" {'>' if strict else '>='} {_limit(minimum)}"
        expected = kind + bound + ("" if below is None else f" and < {_limit(below)}")
        self.rows(table, bad, column, values, expected, lambda v: f"{v!r} is not {kind}")
        if required:
            self.rows(table, numbers.isna() & ~bad, column, values, expected, lambda v: f"{column} is missing")
        ok = numbers.notna()
        if integer:
            fractional = ok & (numbers != np.floor(numbers.fillna(0)))
            self.rows(table, fractional, column, values, expected, lambda v: f"{v} is not a whole number")
        if minimum is not None:
            low = ok & ((numbers <= minimum) if strict else (numbers < minimum))
            self.rows(table, low, column, values, expected, lambda v: f"{v} is not{bound}")
        if below is not None:
            self.rows(table, ok & (numbers >= below), column, values, expected,
                      lambda v: f"{v} is too large: expected {expected}")
        return numbers

    def flags(self, table: str, column: str) -> None:
        """An optional true/false column (blank allowed), if the table has it."""
        frame = self.frame(table)
        if column in frame.columns:
            self.rows(table, parse_flags(frame[column])[1], column, frame[column],
                      "true or false (also yes/no, 1/0), or blank",
                      lambda v: f"{column} {v!r} is not true or false")

    def in_britain(self, table: str, easting: pd.Series, northing: pd.Series, prefix: str = "",
                   skip: pd.Series | None = None) -> None:
        """Eastings and northings inside Great Britain (1e308 or a CRS slip is not), except ``skip`` rows."""
        for name, numbers, (low, high) in (("easting", easting, GB_EASTING), ("northing", northing, GB_NORTHING)):
            column = f"{prefix}{name}"
            bad = numbers.notna() & ((numbers < low) | (numbers >= high))
            if skip is not None:
                bad &= ~skip
            self.rows(table, bad, column, self.frame(table).get(column, numbers),
                      f"{_limit(low)} to {_limit(high)}: {GB_EXPECTED}",
                      lambda v, column=column: f"{column} {v} lies outside Great Britain")

    def frame(self, table: str) -> pd.DataFrame:
        return getattr(self.s, table)

    # -- structure ---------------------------------------------------------
    def columns(self) -> None:
        for table, required in REQUIRED_COLUMNS.items():
            frame = self.frame(table)
            missing = [c for c in required if c not in frame.columns]
            for column in missing:
                self.whole(table, column, "", f"a column named {column}",
                           f"required column {column!r} is missing (columns found: "
                           f"{', '.join(map(str, frame.columns)) or 'none'})")
            self.present[table] = not missing

    def ids(self, table: str, column: str) -> pd.Series:
        frame = self.frame(table)
        ids = as_text(frame[column])  # exact: the solver matches ids as written (readers strip them)
        self.rows(table, ids.str.strip() == "", column, frame[column], "an id", lambda v: f"{column} is empty")
        duplicated = ids.duplicated() & (ids != "")
        self.rows(table, duplicated, column, frame[column], "a unique id",
                  lambda v: f"{column} {v!r} appears more than once")
        return ids

    def code_column(self, table: str, column: str, known: tuple[str, ...], normalise: Callable[[str], str],
                    required: bool = True) -> pd.Series:
        frame = self.frame(table)
        codes = as_text(frame[column])  # exact: readers tidy spelling, in-memory edits must be canonical

        def message(value: str) -> str:
            tidy = normalise(value.strip())
            if tidy in known:
                return f"{column} {value!r} should be written {tidy!r}"
            return f"unknown {column} code {value!r}"

        expected = f"one of {' '.join(known)}"
        blank = blank_mask(frame[column])
        self.rows(table, ~blank & ~codes.isin(known), column, frame[column], expected, message)
        if required:
            self.rows(table, blank, column, frame[column], expected, lambda v: f"{column} is empty")
        return codes.where(~blank, "")

    def code_lists(self, table: str, mask_required: pd.Series) -> None:
        frame = self.frame(table)
        for column, known, normalise in (("needs", NEEDS, normalise_need), ("phases", PHASES, str.upper)):
            if column not in frame.columns:
                continue
            values = frame[column]
            expected = f"';'-separated codes from {' '.join(known)}, or ALL"
            items = map_unique(values, lambda v, normalise=normalise: tuple(normalise(p) for p in split_list(v)))
            empty = items.map(len) == 0
            self.rows(table, empty & mask_required, column, values, expected,
                      lambda v, column=column: f"{column} is empty: list the codes served or write ALL")
            unknown = items.map(lambda codes, known=known: [c for c in codes if c != "ALL" and c not in known])
            self.rows(table, unknown.map(bool), column, values, expected,
                      lambda v: f"unknown code(s) in {v!r}")

    def locations(self, table: str, mask: pd.Series, easting: pd.Series, northing: pd.Series) -> None:
        """Settings far outside the areas, with a guess at why; any location outside Great Britain."""
        bounds = self.area_bounds()
        if bounds is None:
            self.in_britain(table, easting, northing, skip=~mask)
            return
        x0, y0, x1, y1 = bounds
        values = self.frame(table)["easting"]

        def inside(x: pd.Series, y: pd.Series) -> pd.Series:
            return (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)

        known = mask & easting.notna() & northing.notna()
        outside = known & ~inside(easting, northing)
        swapped = outside & inside(northing, easting)
        degrees = outside & ~swapped & (easting.abs() <= 180) & (northing.abs() <= 90)
        far = outside & ~swapped & ~degrees
        expected = "British National Grid metres (EPSG:27700) near the areas"
        self.rows(table, swapped, "easting", values, expected,
                  lambda v: "easting/northing look swapped: swapping them puts the setting inside the areas")
        self.rows(table, degrees, "easting", values, expected,
                  lambda v: "these look like lon/lat degrees: put them in lon and lat columns instead")
        self.rows(table, far, "easting", values, expected,
                  lambda v: f"the setting is more than {OUTSIDE_METRES / 1000:g} km outside the areas")
        self.in_britain(table, easting, northing, skip=~mask | outside)

    def area_bounds(self) -> tuple[float, float, float, float] | None:
        areas = self.s.areas
        if len(areas) == 0 or "geometry" not in areas.columns:
            return None
        geoms = areas.geometry[~(areas.geometry.isna() | areas.geometry.is_empty)]
        if len(geoms) == 0:
            return None
        x0, y0, x1, y1 = geoms.total_bounds
        if not np.all(np.isfinite([x0, y0, x1, y1])):
            return None
        return x0 - OUTSIDE_METRES, y0 - OUTSIDE_METRES, x1 + OUTSIDE_METRES, y1 + OUTSIDE_METRES

    # -- tables --------------------------------------------------------------
    def parameters(self) -> None:
        p = self.s.parameters
        if len(p.capital) != p.horizon:
            self.whole("parameters", "budget.capital", list(p.capital),
                       f"one number or exactly horizon = {p.horizon} numbers",
                       f"budget.capital has {len(p.capital)} numbers but the horizon is {p.horizon} years")
        ranges = [("base_year", p.base_year, *YEARS), ("travel.speed_kmh", p.speed_kmh, *SPEED_KMH),
                  ("travel.detour_factor", p.detour_factor, *DETOUR),
                  ("travel.independent_minutes", p.independent_minutes, 0.0, MAX_MINUTES),
                  ("costs.independent_place", p.independent_place, 0.0, MAX_MONEY),
                  ("costs.step_up_penalty_minutes", p.step_up_penalty_minutes, 0.0, MAX_MINUTES)]
        ranges += [(f"travel.max_minutes.{phase}", m, 0.0, MAX_MINUTES) for phase, m in p.max_minutes.items()]
        ranges += [("transport.fixed_per_year", p.transport_fixed, 0.0, MAX_MONEY),
                   ("transport.per_km", p.transport_per_km, 0.0, MAX_PER_KM)]
        ranges += [(f"budget.capital[{i}]", c, 0.0, MAX_MONEY) for i, c in enumerate(p.capital)]
        ranges += [("costs.place_funding", p.place_funding, 0.0, MAX_PLACE_FUNDING),
                   ("objective.tail_years", p.tail_years, 0.0, 51.0), ("objective.capital_slack", p.capital_slack, 0.0, 1.0)]
        ranges += [(f"measures.plans_outside[{i}]", n, 0.0, MAX_COUNT) for i, n in enumerate(p.plans_outside)]
        for key, value, low, high in ranges:
            number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
            if not low <= number < high:
                self.whole("parameters", key, value, f"a number from {_limit(low)} to below {_limit(high)}",
                           f"{key} = {value!r} is outside the plausible range {_limit(low)} to {_limit(high)}")
        if len(p.plans_outside) not in (0, 1, p.horizon):
            self.whole("parameters", "measures.plans_outside", list(p.plans_outside),
                       f"one number or exactly horizon = {p.horizon} numbers",
                       f"measures.plans_outside has {len(p.plans_outside)} numbers but the horizon is {p.horizon} years")
        shares = [(f"placements.independent_stay.{k}", v, v <= 1, "<= 1") for k, v in p.independent_stay.items()]
        shares += [(f"placements.independent_required.{k}", v, v < 1, "< 1")
                   for k, v in p.independent_required.items()]
        for key, value, below_top, top in shares:
            if not (value >= 0 and below_top):
                self.whole("parameters", key, value, f"a share from 0 to {top}",
                           f"{key} = {value!r} is not a share from 0 to {top}")
        self.kept_pins()

    def kept_pins(self) -> None:
        """``[workshop] must_build / never_build``: lists of option ids, since every solve applies them."""
        kept = self.s.parameters.extra.get(PINS_KEY)
        if kept is None:
            return
        options = set(self.s.options["option_id"].astype(str)) if "option_id" in self.s.options else set()
        for key in ("must_build", "never_build"):
            value = kept.get(key, []) if isinstance(kept, Mapping) else kept
            name = f"{PINS_KEY}.{key}"
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                self.whole("parameters", name, value, "a list of option ids",
                           f"{name} = {value!r} is not a list of option ids (the options a workshop pinned)")
                continue
            for option_id in sorted(set(value) - options):
                self.whole("parameters", name, option_id, "an option_id of options.csv",
                           f"{name} names option {option_id!r}, which is not in options.csv: a solve cannot keep "
                           "that pin (remove it in the workshop)", severity="warning")

    def areas(self) -> set[str]:
        if not self.present["areas"]:
            return set()
        ids = self.ids("areas", "area_id")
        frame = self.s.areas
        cx = self.numbers("areas", "centroid_easting", required=False, minimum=None)
        cy = self.numbers("areas", "centroid_northing", required=False, minimum=None)
        self.in_britain("areas", cx, cy, prefix="centroid_")
        no_shape = frame.geometry.isna() | frame.geometry.is_empty
        self.rows("areas", no_shape & (cx.isna() | cy.isna()), "geometry", frame["area_id"],
                  "a polygon, or centroid_easting and centroid_northing",
                  lambda v: f"area {v!r} has neither a polygon nor a centroid")
        self.shapes(~no_shape)
        return set(ids[ids != ""])

    def shapes(self, present: pd.Series) -> None:
        """Area shapes inside Great Britain (a CRS slip puts them elsewhere), and valid ones."""
        geometry = self.s.areas.geometry
        bounds = geometry.bounds.to_numpy(dtype=float)
        x0, y0, x1, y1 = bounds.T
        with np.errstate(invalid="ignore"):
            inside = (np.isfinite(bounds).all(axis=1) & (x0 >= GB_EASTING[0]) & (x1 < GB_EASTING[1])
                      & (y0 >= GB_NORTHING[0]) & (y1 < GB_NORTHING[1]))
        outside = present.to_numpy() & ~inside
        ids = self.s.areas["area_id"]
        self.rows("areas", outside, "geometry", ids, GB_EXPECTED,
                  lambda v: f"area {v!r} lies outside Great Britain: check the file's coordinate reference "
                            "system (EPSG:27700 metres, or WGS84 degrees with lon before lat)")
        checked = present.to_numpy() & inside
        invalid = np.zeros(len(geometry), dtype=bool)
        invalid[checked] = ~geometry[checked].is_valid.to_numpy()
        for pos in np.flatnonzero(invalid):
            reason = shapely.is_valid_reason(geometry.iloc[pos])
            self.problems.append(Problem("warning", self.files["areas"], int(pos) + 2, "geometry", _text(ids.iloc[pos]),
                                         "a valid polygon", f"area {ids.iloc[pos]!r} has an invalid polygon "
                                         f"({reason}): its centre may be misplaced; repair it in a GIS"))

    def demand(self, areas: set[str] | None, horizon: tuple[int, ...] | None) -> None:
        """Demand rows; ``areas``/``horizon`` None skips those cross-checks (a table on its own)."""
        if not self.present["demand"]:
            return
        frame = self.s.demand
        years = self.numbers("demand", "year", integer=True, minimum=YEARS[0], below=YEARS[1])
        if horizon:
            outside = years.notna() & ~years.isin(horizon)
            self.rows("demand", outside, "year", frame["year"], f"a year from {horizon[0]} to {horizon[-1]}",
                      lambda v: f"year {v} is outside the planning horizon {horizon[0]}-{horizon[-1]}")
        ids = as_text(frame["area_id"])
        blank = blank_mask(frame["area_id"])
        self.rows("demand", blank, "area_id", frame["area_id"], "an area_id", lambda v: "area_id is empty")
        if areas is not None:
            self.rows("demand", ~blank & ~ids.isin(areas), "area_id", frame["area_id"],
                      "an area_id of the areas file", lambda v: f"area {v!r} is not in the areas file")
        self.code_column("demand", "need", NEEDS, normalise_need)
        self.code_column("demand", "phase", PHASES, str.upper)
        self.code_column("demand", "tier", TIERS, str.lower)
        self.numbers("demand", "count", below=MAX_COUNT)

    def provisions(self) -> set[str]:
        if not self.present["provisions"]:
            return set()
        ids = self.ids("provisions", "provision_id")
        self.code_column("provisions", "kind", KINDS, str.lower)
        everything = pd.Series(True, index=self.s.provisions.index)
        self.code_lists("provisions", everything)
        capacity = self.numbers("provisions", "capacity", integer=True, below=MAX_COUNT)
        easting = self.numbers("provisions", "easting", minimum=None)
        northing = self.numbers("provisions", "northing", minimum=None)
        self.numbers("provisions", "cost_per_place", below=MAX_MONEY)
        self.locations("provisions", everything, easting, northing)
        self.flags("provisions", "in_county")
        if "place_funding" in self.s.provisions.columns:
            self.numbers("provisions", "place_funding", required=False, below=MAX_PLACE_FUNDING)
        self.rows("provisions", capacity == 0, "capacity", self.s.provisions["capacity"], "places > 0",
                  lambda v: "capacity is 0: the setting can only be used if an option adds places",
                  severity="warning")
        return set(ids[ids != ""])

    def options(self, provisions: set[str]) -> dict[str, str]:
        if not self.present["options"]:
            return {}
        frame = self.s.options
        ids = self.ids("options", "option_id")
        self.rows("options", ids.isin(provisions), "option_id", frame["option_id"], "an id no provision uses",
                  lambda v: f"option_id {v!r} is also a provision_id")
        host = as_text(frame["provision_id"]) if "provision_id" in frame.columns \
            else pd.Series("", index=frame.index)
        new = host.str.strip() == ""
        if self.present["provisions"]:
            self.rows("options", ~new & ~host.isin(provisions), "provision_id", host,
                      "a provision_id of provisions.csv, or empty for a new setting",
                      lambda v: f"provision {v!r} does not exist")
        kinds = self.code_column("options", "kind", KINDS, str.lower, required=False)
        self.rows("options", new & (kinds == ""), "kind", frame["kind"], f"one of {' '.join(KINDS)}",
                  lambda v: "kind is empty: a new setting needs a kind")
        self.code_lists("options", new)
        easting = self.numbers("options", "easting", required=False, minimum=None)
        northing = self.numbers("options", "northing", required=False, minimum=None)
        self.rows("options", new & (easting.isna() | northing.isna()), "easting", host,
                  "easting and northing (or lon and lat) for a new setting",
                  lambda v: "a new setting (no provision_id) needs a location")
        self.locations("options", new, easting, northing)
        self.in_britain("options", easting, northing, skip=new)  # an expansion's location, if given
        self.numbers("options", "module_places", integer=True, strict=True, below=MAX_COUNT)
        self.numbers("options", "max_modules", integer=True, strict=True, below=MAX_COUNT)
        self.numbers("options", "capital_per_module", below=MAX_MONEY)
        self.numbers("options", "fixed_capital", required=False, below=MAX_MONEY)
        cost = self.numbers("options", "cost_per_place", required=False, below=MAX_MONEY)
        values = frame["cost_per_place"] if "cost_per_place" in frame.columns else host
        self.rows("options", new & cost.isna(), "cost_per_place", values, "a number >= 0",
                  lambda v: "a new setting needs cost_per_place")
        years = self.numbers("options", "earliest_year", required=False, integer=True, minimum=YEARS[0],
                             below=YEARS[1])
        last = self.s.parameters.years[-1]
        self.rows("options", years > last, "earliest_year", frame.get("earliest_year", host),
                  f"a year up to {last}", lambda v: f"earliest_year {v} is after the horizon: never used",
                  severity="warning")
        self.build_years()
        self.version3_options()
        return self.option_settings(ids, new, host, provisions)

    def version3_options(self) -> None:
        """Optional ``place_funding`` (reading 19, £ >= 0) and ``fill_years`` (reading 22, whole >= 1)."""
        frame = self.s.options
        if "place_funding" in frame.columns:
            self.numbers("options", "place_funding", required=False, below=MAX_PLACE_FUNDING)
        if "fill_years" in frame.columns:
            self.numbers("options", "fill_years", required=False, integer=True, minimum=1, below=MAX_FILL_YEARS)

    def build_years(self) -> None:
        """Optional ``build_years`` (reading 18): a whole number >= 1; longer than the horizon is a warning."""
        frame = self.s.options
        if "build_years" not in frame.columns:
            return
        build = self.numbers("options", "build_years", required=False, integer=True, minimum=1,
                             below=MAX_BUILD_YEARS)
        p = self.s.parameters
        self.rows("options", build > p.horizon, "build_years", frame["build_years"],
                  f"at most the horizon, {p.horizon} years",
                  lambda v: f"build_years {v} is longer than the {p.horizon}-year horizon: capital that would "
                            f"be spent before {p.base_year} is all charged to {p.base_year}",
                  severity="warning")

    def option_settings(self, ids: pd.Series, new: pd.Series, host: pd.Series,
                        provisions: set[str]) -> dict[str, str]:
        """Option id -> the setting its places go to (itself for new settings and changed offers)."""
        usable = (ids.str.strip() != "") & (new | host.isin(provisions)) & ~ids.duplicated()
        if not self.present["provisions"] or self.frame("provisions")["provision_id"].duplicated().any():
            return {i: i for i in ids[usable & new]}
        return option_targets(self.s.replace(options=self.s.options[usable.to_numpy()]))

    def travel(self, areas: set[str], provisions: set[str], options: Mapping[str, str]) -> None:
        if not self.present["travel"]:
            return
        frame = self.s.travel
        ids = as_text(frame["area_id"])
        if self.present["areas"]:
            self.rows("travel", ~ids.isin(areas), "area_id", frame["area_id"], "an area_id of the areas file",
                      lambda v: f"area {v!r} is not in the areas file")
        targets = as_text(frame["provision_id"])
        if self.present["provisions"] and self.present["options"]:
            settings = provisions | {o for o, target in options.items() if o == target}
            expansions = {o: target for o, target in options.items() if o != target}
            self.rows("travel", ~targets.isin(settings), "provision_id", frame["provision_id"],
                      "a provision_id or the option_id of a new setting",
                      lambda v: f"option {v!r} adds places to {expansions[v]!r}: give the travel to {expansions[v]!r}"
                      if v in expansions else f"setting {v!r} is neither a provision nor a new-setting option")
        minutes = self.numbers("travel", "minutes", below=MAX_MINUTES)
        if "km" in frame.columns:
            km = self.numbers("travel", "km", required=False, below=MAX_KM)
            speed = km / minutes * 60
            for pos in np.flatnonzero(((minutes > 0) & (km < MAX_KM) & (speed >= SPEED_KMH[1])).to_numpy()):
                self.problems.append(Problem(
                    "warning", self.files["travel"], int(pos) + 2, "km", _text(frame["km"].iloc[pos]),
                    f"road km below {SPEED_KMH[1]:g} km/h for the row's minutes",
                    f"{km.iloc[pos]:g} km in {minutes.iloc[pos]:g} minutes is {speed.iloc[pos]:,.0f} km/h, "
                    f"faster than {SPEED_KMH[1]:g} km/h: is km in metres, or the pair wrong?"))

    # -- warnings that need a clean scenario -------------------------------
    @cached_property
    def typed(self) -> Scenario:
        """The scenario with numbers (:func:`with_numbers`), for the checks that need a clean one."""
        return with_numbers(self.s)

    def demand_drops(self) -> None:
        """A county-wide need that more than halves in a year is usually a data slip."""
        d = self.typed.demand
        if len(d) == 0:
            return
        totals = d.groupby(["need", "year"])["count"].sum()
        for need, series in totals.groupby(level=0):
            series = series.droplevel(0).reindex(self.s.parameters.years, fill_value=0.0)
            for (y0, v0), (y1, v1) in zip(series.items(), list(series.items())[1:]):
                if v0 >= 10 and v1 < v0 / 2:
                    self.whole("demand", "count", f"{v0:g} -> {v1:g}", "a smoother forecast",
                               f"{need} demand falls from {v0:g} in {y0} to {v1:g} in {y1} "
                               "(more than half): check the forecast", severity="warning")

    def unreachable(self) -> None:
        """Demand groups with no setting that could ever take them within the travel limit."""
        typed = self.typed
        d = typed.demand
        if len(d) == 0:
            return
        settings = effective_settings(typed)
        local = settings[settings["kind"] != "independent"].reset_index(drop=True)
        travel = TravelModel.from_scenario(typed)  # positions, not labels: .loc per group took most of the time
        areas = pd.Index(travel.area_ids)
        minutes = travel.minutes[:, pd.Index(travel.setting_ids).get_indexer(local["setting_id"].astype(str))]
        tier_rank = local["tier"].map(TIER_RANK).to_numpy()
        groups = d[d["count"] > 0].groupby(["need", "phase", "tier"])
        for (need, phase, tier), rows in groups:
            if tier == "mainstream" and not (settings["kind"] == "mainstream").any():
                continue  # met locally (docs/model.md reading 1)
            compatible = (local["needs"].map(lambda n, need=need: need in n)
                          & local["phases"].map(lambda p, phase=phase: phase in p)
                          & (tier_rank >= TIER_RANK[tier])).to_numpy()
            area_ids = rows["area_id"].unique()
            limit = self.s.parameters.max_minutes_for(phase)
            block = minutes[areas.get_indexer(area_ids)][:, compatible]
            stranded = area_ids[~(block <= limit).any(axis=1)] if compatible.any() else area_ids
            if len(stranded):
                children = rows[rows["area_id"].isin(stranded)]["count"].sum()
                shown = ", ".join(map(str, stranded[:5])) + (" ..." if len(stranded) > 5 else "")
                self.whole("demand", "area_id", shown, f"a {phase} setting for {need} within {limit:g} minutes",
                           f"{len(stranded)} {'area has' if len(stranded) == 1 else 'areas have'} {need} {phase} "
                           f"{tier} demand ({count(children)} child-years) "
                           f"but no compatible setting within {limit:g} minutes: {shown}", severity="warning")


def validate(scenario: Scenario, files: Mapping[str, str] | None = None) -> list[Problem]:
    """Every problem of an in-memory scenario, errors and warnings.

    Parameters
    ----------
    scenario
        The scenario to check; numeric columns may still hold text.
    files
        Label to report for each table (``demand`` -> ``demand.csv`` by
        default); the XLSX reader passes ``book.xlsx [Demand]``.
    """
    c = _Checker(scenario, files or {})
    c.columns()
    c.parameters()
    areas = c.areas()
    c.demand(areas if c.present["areas"] else None, scenario.parameters.years)
    provisions = c.provisions()
    options = c.options(provisions)
    c.travel(areas, provisions, options)
    if not any(p.severity == "error" for p in c.problems):
        c.demand_drops()
        c.unreachable()
    return c.problems


def check_demand(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Checks of a demand table on its own (for importers): columns, years, codes, counts."""
    empty = gpd.GeoDataFrame({"area_id": [], "name": []}, geometry=[], crs="EPSG:27700")
    c = _Checker(Scenario(Parameters(), empty, frame, pd.DataFrame()), {"demand": file})
    missing = [col for col in REQUIRED_COLUMNS["demand"] if col not in frame.columns]
    for column in missing:
        c.whole("demand", column, "", f"a column named {column}", f"required column {column!r} is missing")
    c.present["demand"] = not missing
    c.demand(None, None)
    return c.problems

