"""What differs between scenarios' inputs, in words: budget, costs, travel limits, demand and pinned options.

Version 2 settings (stay and required shares, transport, build years) are
compared at their "off" values when a scenario lacks them (0%, £0, 1 year),
so a version 1 scenario compares against a version 2 one in the same words.

The Compare tab shows it above the figures, so a reader sees why two plans
differ before reading how. Options a workshop pinned (must build / never
build) are kept in the scenario's parameters under ``[workshop]``, so a
snapshot remembers them and they survive a save. No Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import pandas as pd

from ..infra.formatting import SYMBOLS, count, millions, money
from .codes import NEEDS, PHASE_NAMES, PHASES
from .scenario import Parameters, Scenario

PINS_KEY = "workshop"
OPTION_FIELDS = {  # option column -> how a row names it and writes it
    "capital_per_module": ("capital per module", money),
    "fixed_capital": ("fixed capital", money),
    "cost_per_place": ("cost per place a year", money),
    "module_places": ("places per module", lambda v: f"{v:,.0f}"),
    "max_modules": ("most modules", lambda v: f"{v:,.0f}"),
    "earliest_year": ("earliest year", lambda v: f"{v:.0f}"),
    "build_years": ("years to build", lambda v: f"{v:.0f}"),
    "fill_years": ("years to fill", lambda v: f"{v:.0f}"),
    "place_funding": ("place funding a place a year", money),
}


def pins(parameters: Parameters) -> tuple[frozenset[str], frozenset[str]]:
    """Option ids a workshop pinned: (must build, never build); a malformed entry (which validation reports) is none."""
    kept = parameters.extra.get(PINS_KEY, {})
    if not isinstance(kept, Mapping):
        return frozenset(), frozenset()

    def ids(key: str) -> frozenset[str]:
        value = kept.get(key, ())
        return frozenset(map(str, value)) if isinstance(value, (list, tuple)) else frozenset()
    return ids("must_build"), ids("never_build")


def pin_rules(parameters: Parameters) -> tuple[tuple[str, str], ...]:
    """The kept pins as ``(option_id, "force" | "forbid")``, in a fixed order, for the solver's ``Pin(*rule)``.

    Every face solves a scenario with its kept pins (the window, the workshop
    and ``sufficiency solve``), so a workshop snapshot re-solves to the plan
    the workshop showed.
    """
    must, never = pins(parameters)
    return tuple((o, "force") for o in sorted(must)) + tuple((o, "forbid") for o in sorted(never))


def with_pins(parameters: Parameters, must: frozenset[str], never: frozenset[str]) -> Parameters:
    """``parameters`` remembering the pinned options (none pinned: the key is dropped)."""
    extra = {k: v for k, v in parameters.extra.items() if k != PINS_KEY}
    if must or never:
        extra[PINS_KEY] = {"must_build": sorted(must), "never_build": sorted(never)}
    return parameters.replace(extra=MappingProxyType(extra))


def _names(scenario: Scenario, ids: frozenset[str]) -> str:
    names = dict(zip(scenario.options["option_id"].astype(str), scenario.options["name"].astype(str)))
    return "; ".join(sorted(names.get(i, i) for i in ids)) or "none"


def _capital(capital: tuple[float, ...]) -> str:
    if len(set(capital)) <= 1:
        return f"{millions(capital[0] if capital else 0.0)} a year"
    return ", ".join(millions(c) for c in capital)


def _share(value: float) -> str:
    return f"{value * 100:g}%"


def input_summary(scenario: Scenario) -> dict[str, str]:
    """Every compared input of one scenario as label -> text."""
    p = scenario.parameters
    must, never = pins(p)
    rows = {
        "Capital budget": _capital(tuple(p.capital)),
        "Capital budget, all years": millions(sum(p.capital)),
        "Unspent capital carried forward": "yes" if p.carry_forward else "no",
        "Independent place cost": f"{money(p.independent_place)} a year",
        **{f"Longest journey, {PHASE_NAMES[ph]}": f"{p.max_minutes[ph]:g} min" for ph in PHASES
           if ph in p.max_minutes},
        "Years planned": f"{scenario.years[0]} to {scenario.years[-1]}",
        "Demand, all years (child-years)": count(float(scenario.demand["count"].sum())),
        "Places in existing settings": count(float(scenario.provisions["capacity"].sum())),
        "Options must build": _names(scenario, must),
        "Options never build": _names(scenario, never),
        **{f"Independent placements still there a year on, {PHASE_NAMES[ph]}": _share(p.stay_for(ph))
           for ph in PHASES},
        **{f"Placed independently whatever is built, {need}": _share(p.required_for(need)) for need in NEEDS},
        "Transport cost per child a year": money(p.transport_fixed, p.currency),
        "Transport cost per km": f"{SYMBOLS.get(p.currency, '')}{p.transport_per_km:,.2f}",
        "School days a year (transport)": f"{p.transport_days:g}",
        "Place funding a place a year": money(p.place_funding, p.currency),
        "Years the last year's places count after the plan": f"{p.tail_years:g}",
        "Capital spent to shorten journeys alone": "yes" if p.capital_for_travel else "no",
        "Extra capital allowed over the least": _share(p.capital_slack),
        "EHC plans in settings not planned, all years": count(sum(p.outside_for(y) for y in p.years)),
    }
    options = scenario.options
    options = options.assign(build_years=scenario.optional.build_years.astype(float))
    for _, row in options.iterrows():
        for column, (label, fmt) in OPTION_FIELDS.items():
            if column in row.index and pd.notna(row[column]):
                rows[f"{row['name']}: {label}"] = fmt(float(row[column]))
    return rows


def differing_inputs(scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """Inputs whose text differs between the scenarios: column ``input`` then one per scenario name.

    An input one scenario lacks (an option only it has) shows as "not in
    this scenario". Empty (no rows) when every input is the same.
    """
    summaries = [input_summary(s) for s in scenarios]
    labels = list(dict.fromkeys(label for summary in summaries for label in summary))
    rows = [label for label in labels
            if len({summary.get(label, "not in this scenario") for summary in summaries}) > 1]
    return pd.DataFrame({"input": rows, **{s.name: [summary.get(r, "not in this scenario") for r in rows]
                                           for s, summary in zip(scenarios, summaries)}})
