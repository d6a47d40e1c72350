"""A saved plan checked against its own scenario when it is read.

A results folder or a project is plain CSV that anyone can edit: a plan
with negative children, 1e308 places, an option its scenario does not have
or a year outside the horizon would otherwise be reported as if it were
true. Each result table's columns have a rule (``RULES``); the first cell
breaking one is a :class:`SavedPlanError` naming the file, row and column.
A new result file or column adds a line to ``RULES``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.codes import INDEPENDENT, LOCAL, NEEDS, PHASES, TIERS
from ..model.plan import PlanResult
from ..model.scenario import Scenario


class SavedPlanError(ValueError):
    """A folder that is not a saved plan, with a sentence saying what to do."""


@dataclass(frozen=True)
class Number:
    """A numeric column: ``low`` to ``high``, blank allowed or not."""

    low: float
    high: float
    blank: bool = False

    def bad(self, values: pd.Series) -> tuple[pd.Series, str]:
        numbers = pd.to_numeric(values, errors="coerce").astype(float)
        text = values.notna() & numbers.isna()
        out = ~np.isfinite(numbers) | (numbers < self.low) | (numbers > self.high)
        bad = text | (out & (numbers.notna() | (values.isna() & (not self.blank))))
        return bad, f"a number from {_figure(self.low)} to {_figure(self.high)}" + (" or blank" if self.blank else "")


@dataclass(frozen=True)
class Known:
    """A text column whose values must be among the scenario's (``what`` names the list)."""

    what: str

    def bad(self, values: pd.Series, known: set[str]) -> tuple[pd.Series, str]:
        return ~values.astype(str).isin(known), f"one of the scenario's {self.what}"


COUNT = Number(0, 10_000_000)  # children or places: validation caps a demand row at 1,000,000
MONEY = Number(0, 1e13)
MINUTES = Number(0, 10_000, blank=True)  # blank for children met locally, or a year nobody travels
SHARE = Number(0, 1, blank=True)  # blank in a summary saved before the shares existed
VALUE = Number(-1e13, 1e13, blank=True)  # marginal and option values: signed figures
TOTAL, COST = Number(0, 10_000_000, blank=True), Number(0, 1e13, blank=True)  # a summary may leave some out
YEAR, OPTION, AREA, SETTING = Known("years"), Known("option ids"), Known("area ids"), Known("setting ids")
NEED, PHASE, TIER = Known("need codes"), Known("phase codes"), Known("tiers")

RULES: dict[str, dict[str, Number | Known]] = {
    "schedule.csv": {"option_id": OPTION, "year": YEAR, "modules": COUNT, "places": COUNT, "capital": MONEY},
    "allocation.csv": {"year": YEAR, "area_id": AREA, "need": NEED, "phase": PHASE, "tier": TIER,
                       "provision_id": SETTING, "count": COUNT, "minutes": MINUTES},
    "summary.csv": {"year": YEAR, "demand": TOTAL, "independent": TOTAL, "mean_minutes": MINUTES,
                    "p95_minutes": MINUTES, "capital": COST, "revenue": COST, "places_created": TOTAL,
                    "spe_a": SHARE, "spe_d": SHARE, "out_of_county": SHARE, "transport_cost": COST},
    "marginal_values.csv": {"provision_id": SETTING, "year": YEAR, "independent_avoided": VALUE,
                            "minutes_saved": VALUE},
    "option_values.csv": {"option_id": OPTION, "places": COUNT, "capital": MONEY, "independent_avoided": VALUE,
                          "independent_avoided_per_million": VALUE},
}
TABLE_OF = {"schedule.csv": "schedule", "allocation.csv": "allocation", "summary.csv": "summary",
            "marginal_values.csv": "marginal_values", "option_values.csv": "option_values"}


def _figure(value: float) -> str:
    return f"{value:,.0f}" if abs(value) < 1e9 else f"{value:.0e}"


def _shown(value: object) -> str:
    """A cell for the message: numbers as typed (``-5``, ``1e+308``, ``inf``), a blank said so."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "a blank cell"
    return repr(f"{value:g}" if isinstance(value, float) else str(value)[:40])


def _known(scenario: Scenario) -> dict[str, set[str]]:
    options = set(scenario.options["option_id"].astype(str))
    return {"years": {str(y) for y in scenario.years}, "option ids": options,
            "area ids": set(scenario.areas["area_id"].astype(str)),
            "setting ids": set(scenario.provisions["provision_id"].astype(str)) | options | {INDEPENDENT, LOCAL},
            "need codes": set(NEEDS), "phase codes": set(PHASES), "tiers": set(TIERS)}


def _year_text(values: pd.Series) -> pd.Series:
    """Years as the text of whole numbers (2025.0 -> "2025"), anything else as it is."""
    numbers = pd.to_numeric(values, errors="coerce")
    whole = np.isfinite(numbers) & (numbers == np.round(numbers)) & (numbers.abs() < 1e6)
    return values.astype(object).astype(str).where(~whole, numbers.where(whole, 0).astype("int64").astype(str))


def check_plan(plan: PlanResult, scenario: Scenario, where: str) -> None:
    """Raise :class:`SavedPlanError` at the first cell of ``plan`` that its scenario cannot have.

    ``where`` names the results folder in the message (``plan/allocation.csv, row 3, column count``).
    """
    known = _known(scenario)
    for name, rules in RULES.items():
        table = getattr(plan, TABLE_OF[name], None)
        if table is None or not len(table):
            continue
        for column, rule in rules.items():
            if column not in table.columns:
                continue
            values = table[column].reset_index(drop=True)
            if isinstance(rule, Number):
                bad, expected = rule.bad(values)
            else:
                shown = _year_text(values) if rule is YEAR else values
                bad, expected = rule.bad(shown, known[rule.what])
            if bad.any():
                rows = np.flatnonzero(bad.to_numpy())
                more = f" (and {len(rows) - 1:,} more in that column)" if len(rows) > 1 else ""
                raise SavedPlanError(
                    f"{where}/{name}, row {rows[0] + 2}, column {column}: {_shown(values.iloc[rows[0]])} is not {expected}"
                    f"{more}; the plan was damaged or edited after it was saved: solve again to replace it")
