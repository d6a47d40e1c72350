"""The plain-English paragraph that opens each scenario's pages.

Members read this paragraph and little else, so it states the plan's
effect in the words of a Cabinet paper, from the same figures as the
tables, and never prints a small count that the tables suppress.
"""

from __future__ import annotations

import math

import pandas as pd

from ..infra.formatting import academic_year, format_value, millions, september
from ..present.figures import PlanFigures
from .dashboard import safe_share
from .suppression import Rule


def _children(value: float, rule: Rule | None) -> str:
    """A county count of children, made safe the same way as the tables."""
    if value < 0.5:
        return "no"
    if rule == "round5":
        return f"{math.floor(value / 5 + 0.5) * 5:,.0f}"
    if rule == "lt5" and 0 < value < 5:
        return "fewer than 5"
    return f"{value:,.0f}"


def _plural(n: float, word: str) -> str:
    return f"{n:,.0f} {word}{'' if round(n) == 1 else 's'}"


def _balance(value: float) -> str:
    return f"a deficit of {millions(-value)}" if value < 0 else f"a surplus of {millions(value)}"


def summary_text(f: PlanFigures, rule: Rule | None) -> str:
    """One paragraph from the plan's figures (:func:`figures.plan_figures`).

    >>> summary_text(plan_figures(scenario, plan, baseline), "lt5")  # doctest: +SKIP
    'The plan creates 212 places across 9 settings by September 2028, ...'
    """
    end = academic_year(f.end_year)
    if f.places > 0 and f.last_year is not None:
        opening = (f"The plan creates {_plural(f.places, 'place')} across {_plural(f.settings, 'setting')} "
                   f"by {september(f.last_year)}")
    else:
        opening = "The plan creates no new places"
    if f.avoided > 0.5:
        effect = (f", avoiding {_children(f.avoided, rule)} child-years of independent placement "
                  f"and {millions(f.saving)} of revenue spend up to {end}.")
    else:
        effect = f"; it does not reduce independent placements up to {end}."
    capital = (f" It uses {millions(f.capital)} of the {millions(f.budget)} capital budget."
               if f.places > 0 else "")
    final = (f" In {end}, {_children(f.final_independent_plan, rule)} children would be in independent "
             f"schools under the plan, against {_children(f.final_independent_baseline, rule)} "
             f"if no places were added.")
    dsg = ""
    if f.has_finance:
        dsg = (f" The High Needs Block balance at the end of {end} would be {_balance(f.balance_plan)}, "
               f"against {_balance(f.balance_baseline)} with no new places.")
    return opening + effect + capital + final + dsg


def spe_sentence(plan: pd.DataFrame, baseline: pd.DataFrame, rule: Rule | None) -> str:
    """SPE.a from the first year to the last, against no new places, from :func:`dashboard.measures` tables.

    "" when the plan has no dashboard measures, or when a share would give a
    suppressed count away (it is then withheld in the tables too).
    """
    if plan.empty:
        return ""
    shares = [safe_share(t["spe_a"].iloc[i], t["demand"].iloc[i], rule) for t, i in ((plan, 0), (plan, -1),
                                                                                        (baseline, -1))]
    if any(isinstance(v, str) for v in shares):
        return ""
    first, last, base = (format_value(100.0 * v, "percent") for v in shares)
    years = [academic_year(int(plan["year"].iloc[i])) for i in (0, -1)]
    return (f" SPE.a, the share of children with EHC plans placed in independent settings, goes from {first} in "
            f"{years[0]} to {last} in {years[1]} ({base} with no new places).")
