"""The headline figures of a plan against the do-nothing baseline. No Qt.

These are the numbers a Cabinet paper quotes, so the results panel, the
compare table and the workshop's big numbers all take them from here.
Journey figures are child-weighted over optimised children (locally met
demand excluded), independent placements at their assumed journey, as in
planning-model reading 9.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..codes import INDEPENDENT, LOCAL
from ..scenario import Scenario
from ..plan import PlanResult


@dataclass(frozen=True)
class Headline:
    """One figure: its value for the plan, for the baseline, and which way is better."""

    key: str
    label: str
    value: float
    baseline: float | None
    unit: Literal["children", "percent", "minutes", "money"]
    better: Literal["higher", "lower"]

    @property
    def delta(self) -> float | None:
        return None if self.baseline is None else self.value - self.baseline

    @property
    def improved(self) -> bool | None:
        """True if the plan beats the baseline on this figure, None if equal or no baseline."""
        d = self.delta
        if d is None or abs(d) < 1e-9:
            return None
        return (d > 0) == (self.better == "higher")


def _placed(scenario: Scenario, plan: PlanResult) -> pd.DataFrame:
    a = plan.allocation
    a = a[a["provision_id"].astype(str) != LOCAL]
    minutes = a["minutes"].astype(float).fillna(scenario.parameters.independent_minutes)
    return pd.DataFrame({
        "phase": a["phase"].astype(str).to_numpy(),
        "independent": (a["provision_id"].astype(str) == INDEPENDENT).to_numpy(),
        "count": a["count"].astype(float).to_numpy(), "minutes": minutes.to_numpy(),
    })


def weighted_percentile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value whose cumulative weight reaches ``q`` of the total (no interpolation)."""
    keep = weights > 0
    values, weights = values[keep], weights[keep]
    if not len(values):
        return math.nan
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    pos = int(np.searchsorted(cum, q * cum[-1] - 1e-9 * cum[-1]))
    return float(values[order][min(pos, len(values) - 1)])


def journey_figures(scenario: Scenario, plan: PlanResult) -> dict[str, float]:
    """Share placed within the phase's travel limit, mean and 95th percentile journey."""
    p = _placed(scenario, plan)
    total = float(p["count"].sum())
    if total <= 0:
        return {"within": math.nan, "mean": math.nan, "p95": math.nan}
    limit = p["phase"].map(lambda ph: scenario.parameters.max_minutes_for(ph)).astype(float)
    within = p["count"][(~p["independent"]) & (p["minutes"] <= limit + 1e-9)].sum()
    return {
        "within": 100.0 * float(within) / total,
        "mean": float((p["count"] * p["minutes"]).sum()) / total,
        "p95": weighted_percentile(p["minutes"].to_numpy(), p["count"].to_numpy(), 0.95),
    }


def _revenue(plan: PlanResult) -> float:
    return float(plan.summary["revenue"].sum()) if len(plan.summary) else 0.0


def headlines(scenario: Scenario, plan: PlanResult, baseline: PlanResult | None) -> list[Headline]:
    """The six headline figures, each with its baseline value when a baseline is given."""
    j = journey_figures(scenario, plan)
    jb = journey_figures(scenario, baseline) if baseline is not None else None
    base_ind = baseline.independent if baseline is not None else None
    return [
        Headline("avoided", "Independent placements avoided", (base_ind - plan.independent) if base_ind is not None
                 else 0.0, 0.0 if baseline is not None else None, "children", "higher"),
        Headline("within", "Placed within the travel limit", j["within"], jb["within"] if jb else None,
                 "percent", "higher"),
        Headline("mean", "Mean journey", j["mean"], jb["mean"] if jb else None, "minutes", "lower"),
        Headline("p95", "95th percentile journey", j["p95"], jb["p95"] if jb else None, "minutes", "lower"),
        Headline("capital", "Capital used", plan.capital, 0.0 if baseline is not None else None, "money", "lower"),
        Headline("revenue", "Revenue saved", (_revenue(baseline) - _revenue(plan)) if baseline is not None else 0.0,
                 0.0 if baseline is not None else None, "money", "higher"),
    ]


def format_value(value: float | None, unit: str, currency: str = "GBP", signed: bool = False) -> str:
    """Plain-English number for a card or table: ``£12.4m``, ``87.5%``, ``34 min``, ``1,204``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if signed and value > 0 else ("−" if value < 0 else "")
    v = abs(value)
    if unit == "money":
        symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency, "")
        if v >= 1e6:
            return f"{sign}{symbol}{v / 1e6:,.1f}m"
        if v >= 1e3:
            return f"{sign}{symbol}{v / 1e3:,.0f}k"
        return f"{sign}{symbol}{v:,.0f}"
    if unit == "percent":
        return f"{sign}{v:.1f}%"
    if unit == "minutes":
        return f"{sign}{v:.1f} min"
    return f"{sign}{v:,.0f}"
