"""The places a plan keeps in existence and what they cost (``docs/model.md`` readings 19 and 22). No Qt, no solver.

Reading 22: an option that opens a new setting (``fixed_capital > 0``, or no
``provision_id``) can use, in the k-th year from its opening (the first year
of its ``schedule.csv`` rows), the whole places up to ``k / fill_years`` of its full size
(``module_places x max_modules``) and never more than it has built; other
options' places are usable at once. Reading 19: every place in existence
costs its setting's place funding each year, filled or not, so an empty place
costs exactly that. A scenario without these columns and keys gets the
version 2 figures: every built place usable, no funding.

The optimiser's re-check (``solver/check.py``) rebuilds capacities its own
way; the tests hold the two to the same figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .codes import KIND_TIER
from .plan import EMPTY_PLACE_COLUMNS as EMPTY_COLUMNS
from .provision_settings import effective_settings, option_targets
from .scenario import Scenario

FUNDED_TIERS = ("resourced", "special")  # the default place funding: high needs places, not independent schools


def _by_option(scenario: Scenario, values: np.ndarray) -> pd.Series:
    return pd.Series(values, index=scenario.options["option_id"].astype(str).to_numpy())


def fill_years(scenario: Scenario) -> pd.Series:
    """Years a new setting takes to fill, per option_id (blank, or no column, is 1; expansions are always 1)."""
    years = _by_option(scenario, scenario.optional.fill_years)
    o = scenario.options
    host = o["provision_id"].fillna("").astype(str).str.strip()
    fixed = pd.to_numeric(o["fixed_capital"], errors="coerce").fillna(0.0)
    opens = ((host == "") | (fixed > 0)).to_numpy()
    return years.where(opens, 1.0).astype(int)


def filled_places(full: float, fill: int, years_open) -> np.ndarray:
    """Whole places a setting of ``full`` places filling over ``fill`` years may use in its k-th year open:
    ``floor(full x min(1, k / fill))`` (0 before it opens)."""
    k = np.clip(np.asarray(years_open, dtype=float), 0.0, float(fill))
    return np.floor(full * k / float(fill) + 1e-9)


def usable_places(scenario: Scenario, schedule: pd.DataFrame, filling: bool = True) -> pd.DataFrame:
    """Places per setting (index ``setting_id``) and year (columns): base capacity plus each option's usable
    places (``filling=False``: every place built, usable yet or not)."""
    settings = effective_settings(scenario)
    years = list(scenario.years)
    cap = pd.DataFrame(np.repeat(settings["capacity"].to_numpy(float)[:, None], len(years), axis=1),
                       index=settings["setting_id"].astype(str), columns=years)
    if not len(schedule):
        return cap
    o = scenario.options.set_index(scenario.options["option_id"].astype(str))
    fill = fill_years(scenario)
    targets = option_targets(scenario)
    for option_id, rows in schedule.groupby(schedule["option_id"].astype(str)):
        built = rows.groupby("year")["places"].sum().reindex(years, fill_value=0).cumsum().to_numpy(float)
        opening = int(rows["year"].min())
        full = float(o.at[option_id, "module_places"]) * float(o.at[option_id, "max_modules"])
        k = np.array(years, dtype=float) - opening + 1
        usable = filled_places(full, int(fill[option_id]), k) if filling else built
        cap.loc[targets[option_id]] += np.minimum(built, usable)
    return cap


def place_funding(scenario: Scenario) -> pd.Series:
    """£ a place a year by setting_id (reading 19): the setting's own ``place_funding`` cell, else
    ``[costs] place_funding`` for special and resourced settings that are not independent schools
    (independent fees are all in ``cost_per_place``; mainstream places are not high-needs funded)."""
    settings = effective_settings(scenario)
    ids = settings["setting_id"].astype(str)
    own = pd.Series(np.nan, index=ids.to_numpy())
    own.update(pd.Series(scenario.optional.place_funding, index=scenario.provisions["provision_id"].astype(str)))
    options = _by_option(scenario, scenario.optional.option_place_funding)
    own.update(options[options.index.isin(own.index)])
    funded = settings["kind"].map(KIND_TIER).isin(FUNDED_TIERS).to_numpy() & (settings["kind"] != "independent").to_numpy()
    default = np.where(funded, scenario.parameters.place_funding, 0.0)
    return own.fillna(pd.Series(default, index=own.index)).astype(float)


def funding_by_year(scenario: Scenario, schedule: pd.DataFrame) -> pd.Series:
    """Place funding paid in each year: every place built at its setting's rate."""
    places = usable_places(scenario, schedule, filling=False)
    rate = place_funding(scenario).reindex(places.index).fillna(0.0)
    return places.mul(rate, axis=0).sum(axis=0).rename_axis("year").rename("place_funding")


def empty_places(scenario: Scenario, schedule: pd.DataFrame, allocation: pd.DataFrame) -> pd.DataFrame:
    """Per funded setting and year: places built, children placed, empty places and their cost (``EMPTY_COLUMNS``).

    Empty only where place funding is paid (empty where it is not costs nothing); no rows when
    place funding is off, so a version 2 plan gets no table.
    """
    rate = place_funding(scenario)
    funded = rate[rate > 0]
    if funded.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "provision_id" else float) for c in EMPTY_COLUMNS})
    places = usable_places(scenario, schedule, filling=False).loc[funded.index].stack().rename("places")
    placed = allocation.assign(provision_id=allocation["provision_id"].astype(str)).groupby(
        ["provision_id", "year"])["count"].sum()
    table = places.rename_axis(["provision_id", "year"]).reset_index()
    keys = pd.MultiIndex.from_arrays([table["provision_id"], table["year"]])
    table["placed"] = placed.reindex(keys).fillna(0.0).to_numpy()
    table["empty"] = (table["places"] - table["placed"]).clip(lower=0.0).round(9)
    table["place_funding"] = table["provision_id"].map(funded)
    table["empty_cost"] = table["empty"] * table["place_funding"]
    table = table.assign(year=table["year"].astype(int))
    return table.sort_values(["year", "provision_id"]).loc[:, list(EMPTY_COLUMNS)].reset_index(drop=True)
