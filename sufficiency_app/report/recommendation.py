"""The paragraph that opens page 1: what to build, when, for how much, and what it does.

A Cabinet decides from this paragraph, so it names the schemes, their
opening years and capital, and sets the plan's independent placements,
SPE.a and High Needs Block deficit against doing nothing and, when
``finance.csv`` sets one, against the Safety Valve target. Places the plan
would open before the report's date are flagged: they cannot be future
places any more.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..infra.formatting import academic_year, format_value, long_date, millions, september
from ..model import finance
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..present.figures import PlanFigures
from .dashboard import safe_share
from .safety_valve import view as safety_valve_view
from .summary import _balance, _children
from .suppression import Rule

NAMED = 4  # schemes named in the paragraph; the rest are counted


def schemes(scenario: Scenario, plan: PlanResult) -> pd.DataFrame:
    """One row per option the plan builds: name, first year its places open, places and capital."""
    s = plan.schedule
    s = s[s["places"].astype(float) > 0] if len(s) else s
    if not len(s):
        return pd.DataFrame(columns=["option_id", "name", "year", "places", "capital"])
    names = dict(zip(scenario.options["option_id"].astype(str), scenario.options["name"].astype(str)))
    out = (s.assign(option_id=s["option_id"].astype(str), places=s["places"].astype(float),
                    capital=s["capital"].astype(float), year=s["year"].astype(int))
           .groupby("option_id", as_index=False).agg(year=("year", "min"), places=("places", "sum"),
                                                     capital=("capital", "sum")))
    out["name"] = out["option_id"].map(names).fillna(out["option_id"])
    return out.sort_values(["year", "places"], ascending=[True, False], ignore_index=True)


def _what(built: pd.DataFrame) -> str:
    biggest = built.nlargest(NAMED, "places").sort_values(["year", "places"], ascending=[True, False])
    named = [f"{r['name']} ({r['places']:,.0f} places, {september(int(r['year']))})" for _, r in biggest.iterrows()]
    rest = len(built) - len(biggest)
    if rest:
        named.append(f"{rest} smaller scheme{'s' if rest > 1 else ''} "
                     f"({built['places'].sum() - biggest['places'].sum():,.0f} places)")
    return "; ".join(named)


def _spe(plan: pd.DataFrame, baseline: pd.DataFrame, rule: Rule | None) -> str:
    if plan.empty or baseline.empty:
        return ""
    shares = [safe_share(t["spe_a"].iloc[-1], t["demand"].iloc[-1], rule) for t in (plan, baseline)]
    if any(isinstance(v, str) for v in shares):
        return ""
    p, b = (format_value(100.0 * v, "percent") for v in shares)
    return f", and SPE.a (the share of children with EHC plans placed independently) {p} instead of {b}"


def early_places(built: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Schemes whose places would open (September of their first year) before ``today``."""
    return built[[dt.date(int(y), 9, 1) < today for y in built["year"]]]


def recommendation(scenario: Scenario, plan: PlanResult, baseline: PlanResult, figs: PlanFigures,
                   shares: tuple[pd.DataFrame, pd.DataFrame], rule: Rule | None, today: dt.date) -> str:
    """The recommendation paragraph; "" when the plan builds nothing (the summary says so instead)."""
    built = schemes(scenario, plan)
    if not len(built):
        return ""
    end = academic_year(figs.end_year)
    text = (f"Recommendation: build {figs.places:,.0f} places in {figs.settings} setting"
            f"{'s' if figs.settings != 1 else ''}, opening from {september(int(built['year'].min()))} to "
            f"{september(int(built['year'].max()))}, for {millions(figs.capital)} of capital (of "
            f"{millions(figs.budget)} budgeted): {_what(built)}. Against doing nothing, this keeps "
            f"{_children(figs.avoided, rule)} child-years out of independent schools up to {end}: in {end}, "
            f"{_children(figs.final_independent_plan, rule)} children placed independently instead of "
            f"{_children(figs.final_independent_baseline, rule)}{_spe(*shares, rule)}.")
    if figs.has_finance:
        text += (f" The High Needs Block would end {end} with {_balance(figs.balance_plan)}, against "
                 f"{_balance(figs.balance_baseline)} with no new places.")
    if finance.has_safety_valve(scenario):
        text += " " + finance.safety_valve_words(safety_valve_view(scenario, plan, baseline))
    early = early_places(built, today)
    if len(early):
        text += (f" Warning: {early['places'].sum():,.0f} of these places would open in "
                 f"{september(int(early['year'].min()))}, before this report's date ({long_date(today)}); "
                 "they are not future places, so solve again with those options opening later.")
    return text
