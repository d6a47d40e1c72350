"""Plain-English reasons why workshop pins cannot all hold.

Checked before any solve (contradictions a council officer can fix at once)
and, when the model still proves infeasible, a capital account of the pins:
the least capital the forced options need by each pinned year against the
budget available by then.
"""

from __future__ import annotations

import pandas as pd

from ..model.scenario import Scenario
from .api import Pin


def _options(scenario: Scenario) -> pd.DataFrame:
    o = scenario.options
    return o.set_index(o["option_id"].astype(str))


def _money(value: float) -> str:
    return f"£{value / 1e6:,.2f}m" if abs(value) >= 1e5 else f"£{value:,.0f}"


def _earliest(option: pd.Series, base_year: int) -> int:
    e = pd.to_numeric(pd.Series([option["earliest_year"]]), errors="coerce").iloc[0]
    return base_year if pd.isna(e) else int(e)


def pin_problems(scenario: Scenario, pins: tuple[Pin, ...]) -> list[str]:
    """Contradictions among pins and options, each as a sentence (empty when none)."""
    options = _options(scenario)
    years = scenario.years
    problems: list[str] = []
    by_option: dict[str, list[Pin]] = {}
    for pin in pins:
        if pin.option_id not in options.index:
            problems.append(f"no option is called {pin.option_id!r}")
            continue
        by_option.setdefault(pin.option_id, []).append(pin)
    for oid, ps in by_option.items():
        o = options.loc[oid]
        first = _earliest(o, years[0])
        rules = {p.rule: p for p in ps}
        force, year = rules.get("force"), rules.get("year")
        if force and "forbid" in rules:
            problems.append(f"{oid} is both forced and forbidden")
        if year and (year.year not in years or year.year < first):
            problems.append(f"{oid} is pinned to {year.year}, outside {max(first, years[0])}..{years[-1]}")
        if force:
            by = years[-1] if force.year is None else force.year
            if force.modules > int(o["max_modules"]):
                problems.append(f"{oid} is forced to {force.modules} modules but allows at most "
                                f"{int(o['max_modules'])}")
            if by < first:
                problems.append(f"{oid} is forced by {by} but cannot open before {first}")
            if year and year.year is not None and year.year > by:
                problems.append(f"{oid} is forced by {by} but pinned to build in {year.year}")
    return problems


def shortfall_message(scenario: Scenario, pins: tuple[Pin, ...]) -> str:
    """Least capital the forced options need by each year against the budget by then."""
    options = _options(scenario)
    p = scenario.parameters
    forced = [pin for pin in pins if pin.rule == "force" and pin.option_id in options.index]
    names = ", ".join(f"{pin.option_id} ({pin.modules} module{'s' * (pin.modules != 1)}"
                      f"{'' if pin.year is None else ' by ' + str(pin.year)})" for pin in forced)
    lines = []
    for year in p.years:
        need = 0.0
        for pin in forced:
            if (pin.year or p.years[-1]) <= year:
                o = options.loc[pin.option_id]
                fixed = 0.0 if pd.isna(o["fixed_capital"]) else float(o["fixed_capital"])
                need += fixed + pin.modules * float(o["capital_per_module"])
        have = sum(p.budget_for(y) for y in p.years if y <= year)
        if need > have + 1e-6:
            lines.append(f"by {year} they need {_money(need)} of capital but the budget up to {year} "
                         f"is {_money(have)} (short by {_money(need - have)})")
    if not lines:
        how = "" if p.carry_forward else " (carry-forward is off, so each year's spend must fit that year's budget)"
        lines.append("no split of their capital over the years fits the budgets" + how)
    return (f"forced option{'s' * (len(forced) != 1)} {names or 'none'}: " if forced else "") + "; ".join(lines)

