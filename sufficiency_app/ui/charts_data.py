"""The series each chart draws, as plain tables (no Qt), so they can be checked by hand.

Inputs are a scenario and plan results; every function returns a small
DataFrame or arrays ready to plot. Capacity and placement figures come
from :mod:`sufficiency_app.present.map_data`, so the charts and the map agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import finance
from ..model.codes import TIERS
from ..model.plan import PlanResult
from ..model.provision_settings import effective_settings
from ..model.scenario import Scenario
from ..present import map_data
from ..present.figures import in_state_setting
from ..report import dashboard

HISTOGRAM_STEP = 5.0  # minutes per travel-time bin


def demand_and_capacity(scenario: Scenario, plan: PlanResult | None, need: str | None = None) -> pd.DataFrame:
    """Demand and local capacity by tier and year: ``year``, ``tier``, ``demand``, ``capacity``.

    Capacity is the places in maintained and academy settings of that tier
    (independent schools left out: placements there are what the plan
    avoids), including places the plan adds; with ``need``, only the
    settings that take that need count.
    """
    years = list(scenario.years)
    demand = map_data.filter_groups(scenario.demand, need=need)
    demand = demand.loc[demand["year"].astype(int).isin(years)]
    by_tier = demand.groupby([demand["year"].astype(int), demand["tier"].astype(str)])["count"].sum()
    capacity = map_data.capacity_by_year(scenario, plan)
    capacity = capacity.loc[capacity["kind"].astype(str) != "independent"]
    if need is not None:
        settings = effective_settings(scenario)
        takes = settings.loc[[need in needs for needs in settings["needs"]], "setting_id"]
        capacity = capacity.loc[capacity["setting_id"].isin(set(takes))]
    cap = capacity.groupby(["year", "tier"])["capacity"].sum()
    rows = [(y, t, float(by_tier.get((y, t), 0.0)), float(cap.get((y, t), 0.0))) for t in TIERS for y in years]
    return pd.DataFrame(rows, columns=["year", "tier", "demand", "capacity"])


def independent_by_year(scenario: Scenario, result: PlanResult | None) -> pd.Series:
    """Independent placements per plan year (from the result's summary), indexed by year."""
    years = pd.Index(scenario.years, name="year")
    if result is None or result.summary.empty:
        return pd.Series(np.nan, index=years, name="independent")
    summary = result.summary.set_index(result.summary["year"].astype(int))["independent"].astype(float)
    return summary.reindex(years).rename("independent")


def shares_by_year(scenario: Scenario, result: PlanResult | None) -> pd.DataFrame:
    """SPE.a and SPE.d per plan year in percent (``year``, ``spe_a``, ``spe_d``); NaN where not available."""
    if result is None:
        return pd.DataFrame({"year": list(scenario.years), "spe_a": np.nan, "spe_d": np.nan})
    m = dashboard.measures(scenario, result)
    return pd.DataFrame({"year": m["year"], "spe_a": 100.0 * m["spe_a"], "spe_d": 100.0 * m["spe_d"]})


def travel_histogram(scenario: Scenario, result: PlanResult | None, step: float = HISTOGRAM_STEP,
                     top: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Child-years by journey time over the whole plan, of children placed in state settings: bin edges and counts.

    Weighted by children, as the journey headlines (:func:`figures.in_state_setting`): locally met
    demand and independent placements (whose journey is only assumed) are left out. Bins are
    ``step`` wide from 0 to ``top`` (default: the longest journey).
    """
    if result is None or result.allocation.empty:
        return np.array([0.0, step]), np.array([0.0])
    alloc = result.allocation
    minutes = pd.to_numeric(alloc["minutes"], errors="coerce")
    keep = in_state_setting(scenario, alloc) & minutes.notna().to_numpy() & (alloc["count"] > 0).to_numpy()
    minutes, weights = minutes[keep].to_numpy(float), alloc.loc[keep, "count"].to_numpy(float)
    top = float(minutes.max()) if top is None and len(minutes) else (top or step)
    edges = np.arange(0.0, step * (np.floor(top / step) + 2), step)
    counts, _ = np.histogram(minutes, bins=edges, weights=weights)
    return edges, counts


def capital_by_year(scenario: Scenario, plan: PlanResult | None) -> pd.DataFrame:
    """Capital spent (after the ``build_years`` spread) and budget by year: ``year``, ``spent``, ``budget``,
    and ``cumulative`` flag per row.

    With ``carry_forward`` both are running totals (unspent budget rolls on,
    so the plan must stay under the cumulative line); otherwise per year.
    """
    years = list(scenario.years)
    budget = pd.Series([scenario.parameters.budget_for(y) for y in years], index=years, dtype=float)
    spent = pd.Series(0.0, index=years)
    if plan is not None:  # spent as it is built (reading 18), as the report's capital table shows it
        spent = finance.capital_by_year(scenario, plan).set_index("year")["capital"].astype(float)
    cumulative = bool(scenario.parameters.carry_forward)
    if cumulative:
        spent, budget = spent.cumsum(), budget.cumsum()
    return pd.DataFrame({"year": years, "spent": spent.to_numpy(), "budget": budget.to_numpy(),
                         "cumulative": cumulative})


def marginal_values(scenario: Scenario, plan: PlanResult | None, year: int, limit: int = 15,
                    by: str = "independent_avoided") -> pd.DataFrame:
    """What one more place would buy at each setting in a year, best first.

    Returns ``setting_id``, ``name``, ``independent_avoided``,
    ``minutes_saved``, sorted by ``by`` then the other column; settings
    where a place would buy nothing are left out.
    """
    columns = ["setting_id", "name", "independent_avoided", "minutes_saved"]
    if plan is None or plan.marginal_values.empty:
        return pd.DataFrame(columns=columns)
    table = plan.marginal_values.loc[plan.marginal_values["year"].astype(int) == year]
    names = effective_settings(scenario).set_index("setting_id")["name"].astype(str)
    ids = table["provision_id"].astype(str)
    out = pd.DataFrame({
        "setting_id": ids.to_numpy(), "name": ids.map(names).fillna(ids).to_numpy(),
        "independent_avoided": table["independent_avoided"].astype(float).to_numpy(),
        "minutes_saved": table["minutes_saved"].astype(float).to_numpy(),
    })
    out = out.loc[(out["independent_avoided"] > 0) | (out["minutes_saved"] > 0)]
    other = "minutes_saved" if by == "independent_avoided" else "independent_avoided"
    out = out.sort_values([by, other], ascending=False, kind="stable")
    return out.head(limit).reset_index(drop=True)


def bands_for(bands: pd.DataFrame | None, need: str | None = None) -> pd.DataFrame:
    """Projection bands of one need (or all needs) by tier: ``year``, ``tier``, ``p5``, ``p50``, ``p95``.

    For all needs the rows with need ``ALL`` are used when the table has
    them; otherwise needs are added up, which overstates the spread (the
    5th percentiles of parts do not add to the 5th percentile of the total).
    """
    columns = ["year", "tier", "p5", "p50", "p95"]
    if bands is None or bands.empty:
        return pd.DataFrame(columns=columns)
    needs = bands["need"].astype(str)
    if need is not None:
        table = bands.loc[needs == need]
    elif (needs == "ALL").any():
        table = bands.loc[needs == "ALL"]
    else:
        table = bands
    table = table.loc[table["tier"].astype(str) != "ALL"]
    out = table.groupby([table["year"].astype(int), table["tier"].astype(str)])[["p5", "p50", "p95"]].sum()
    return out.reset_index()[columns]
