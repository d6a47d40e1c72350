"""Backtest: fit on census years up to Y, forecast Y+1..Y+3, compare with what happened.

The error measure is the mean absolute percentage error (MAPE) over the
forecast years, by need and tier, plus each need's and each tier's total
and the county total (need or tier ``ALL``). Groups with no children in
a compared year are skipped for that year (a percentage of zero is not
defined). This is the Wiltshire measure "variance of demand from forecast".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cohort import project
from .estimate import fit_rates
from .history import SETTING_TIER
from .levers import DEFAULT_LEVERS, Levers

BACKTEST_COLUMNS = ("need", "tier", "years", "actual", "forecast", "mape")
ALL = "ALL"


def _by_need_tier(long: pd.DataFrame) -> pd.DataFrame:
    school = long[long["setting"].isin(list(SETTING_TIER))]
    table = school.assign(tier=school["setting"].map(SETTING_TIER)).groupby(
        ["year", "need", "tier"], as_index=False)["count"].sum()
    totals = [
        table.groupby(["year", "need"], as_index=False)["count"].sum().assign(tier=ALL),
        table.groupby(["year", "tier"], as_index=False)["count"].sum().assign(need=ALL),
        table.groupby(["year"], as_index=False)["count"].sum().assign(need=ALL, tier=ALL),
    ]
    return pd.concat([table, *totals], ignore_index=True)


def backtest(history: pd.DataFrame, fit_to: int, horizon: int = 3, population: pd.DataFrame | None = None,
             levers: Levers = DEFAULT_LEVERS) -> pd.DataFrame:
    """MAPE (percent) of the expected projection fitted on years <= ``fit_to``.

    Raises ValueError when no census after ``fit_to`` is in the history.
    """
    later = sorted(y for y in history["year"].unique() if fit_to < y <= fit_to + horizon)
    if not later:
        raise ValueError(f"no census after {fit_to} in the history to compare with")
    rates = fit_rates(history, population, fit_to=fit_to)
    forecast = project(rates, max(later) - fit_to, levers, population)
    actual = _by_need_tier(history[history["year"].isin(later)].groupby(
        ["year", "ncy", "need", "setting"], as_index=False)["count"].sum())
    predicted = _by_need_tier(forecast[forecast["year"].isin(later)])
    both = actual.merge(predicted, on=["year", "need", "tier"], how="outer", suffixes=("_actual", "_forecast"))
    both = both.fillna({"count_actual": 0.0, "count_forecast": 0.0})
    both = both[both["count_actual"] > 0]
    both["ape"] = (both["count_forecast"] - both["count_actual"]).abs() / both["count_actual"] * 100
    out = both.groupby(["need", "tier"], as_index=False).agg(
        years=("year", "nunique"), actual=("count_actual", "sum"), forecast=("count_forecast", "sum"),
        mape=("ape", "mean"))
    order = {n: i for i, n in enumerate([*sorted(set(out["need"]) - {ALL}), ALL])}
    out = out.assign(_o=out["need"].map(order)).sort_values(["_o", "tier"]).drop(columns="_o")
    return out.reset_index(drop=True)[list(BACKTEST_COLUMNS)]


def format_backtest(table: pd.DataFrame) -> str:
    """The MAPE table as text: one row per need, one column per tier (and ALL)."""
    wide = table.pivot(index="need", columns="tier", values="mape")
    cols = [c for c in ("mainstream", "resourced", "special", ALL) if c in wide.columns]
    order = [n for n in table["need"].drop_duplicates()]
    wide = wide.reindex(index=order, columns=cols)
    lines = ["MAPE % by need and tier (actual children > 0)", f"{'need':<6}" + "".join(f"{c:>12}" for c in cols)]
    for need, row in wide.iterrows():
        lines.append(f"{need:<6}" + "".join(f"{'-':>12}" if np.isnan(v) else f"{v:>12.1f}" for v in row))
    return "\n".join(lines)
