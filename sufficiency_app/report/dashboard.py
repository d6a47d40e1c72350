"""The SEND dashboard measures of a plan, year by year (docs/model.md readings 15-17). No Qt.

Councils are judged on the DfE SEND dashboard by SPE.a (the share of
children with EHC plans placed in independent settings) and SPE.d (the
share placed in independent settings out of county). The solver writes
them per year in the summary (``spe_a``, ``spe_d``, ``out_of_county``,
``transport_cost``); the cards, the charts and the report read them here,
so all three show one set of numbers. A plan saved before those columns
existed gives NaN, which every view prints as "not available".
"""

from __future__ import annotations

import math

import pandas as pd

from ..infra.formatting import DASH, academic_year, format_value
from ..model import finance
from ..model.codes import INDEPENDENT, LOCAL, NEEDS
from ..model.plan import PlanResult
from ..model.provision_settings import effective_settings
from ..model.scenario import Scenario
from ..present.figures import Headline
from .suppression import WITHHELD, Rule, round_to_5

SHARES = ("spe_a", "spe_d", "out_of_county")
COLUMNS = ("year", "demand", *SHARES, "transport_cost")
NOT_AVAILABLE = "not available"
LABELS = {
    "spe_a": "SPE.a: placed independently",
    "spe_d": "SPE.d: independent, out of county",
    "out_of_county": "Placed out of county",
    "transport": "Home-to-school transport",
}


def available(plan: PlanResult) -> bool:
    """True when the plan's summary has the dashboard shares (plans solved since version 2; a plan read
    from an older results folder without its scenario has the columns, blank)."""
    summary = plan.summary
    return all(c in summary.columns for c in SHARES) and bool(summary[list(SHARES)].notna().any().any())


def measures(scenario: Scenario, plan: PlanResult) -> pd.DataFrame:
    """One row per scenario year: ``demand`` (all children, met locally included), the three shares (0..1)
    and ``transport_cost`` in £; NaN for any figure the plan does not carry."""
    years = pd.Index(list(scenario.years), name="year")
    s = plan.summary
    by_year = s.set_index(s["year"].astype(int)) if len(s) else pd.DataFrame(index=pd.Index([], name="year"))
    out = pd.DataFrame({"year": list(years)})
    for column in ("demand", *SHARES):
        values = by_year[column].astype(float) if column in by_year.columns else pd.Series(dtype=float)
        out[column] = values.reindex(years).to_numpy(dtype=float)
    out["transport_cost"] = finance.transport_by_year(scenario, plan).to_numpy(dtype=float)
    return out[list(COLUMNS)]


def _percent(share: float) -> float:
    return 100.0 * share


def headlines(scenario: Scenario, plan: PlanResult, baseline: PlanResult | None) -> tuple[Headline, ...]:
    """The dashboard cards: the last year's SPE.a, SPE.d and out-of-county share, each against the
    first year (``Headline.baseline`` is the first year's value, in percent), and, when the scenario costs
    transport, the transport bill over the years planned against doing nothing (NaN: not available)."""
    m = measures(scenario, plan)
    last = academic_year(int(scenario.years[-1]))
    out = [Headline(key, f"{LABELS[key]} {last}", _percent(m[key].iloc[-1]), _percent(m[key].iloc[0]),
                    "percent", "lower") for key in SHARES]
    if scenario.parameters.transport_on:
        cost = float(m["transport_cost"].sum(min_count=len(m)))
        base = None
        if baseline is not None:
            base = float(finance.transport_by_year(scenario, baseline).sum(min_count=len(m)))
        out.append(Headline("transport", LABELS["transport"], cost, base, "money", "lower"))
    return tuple(out)


def versus(scenario: Scenario, key: str) -> str:
    """What a dashboard card's change is measured against: the first year, or doing nothing."""
    return "doing nothing" if key == "transport" else academic_year(int(scenario.years[0]))


def no_new_places(scenario: Scenario, baseline: PlanResult | None) -> dict[str, str]:
    """The last year's shares with no new places ("18.0% with no new places"), by key; {} when unknown.

    A share card compares the last year with the first; this says where doing nothing would have left it.
    """
    if baseline is None:
        return {}
    last = measures(scenario, baseline).iloc[-1]
    return {k: f"{format_value(100.0 * last[k], 'percent')} with no new places"
            for k in SHARES if not math.isnan(last[k])}


def is_available(h: Headline) -> bool:
    return not (isinstance(h.value, float) and math.isnan(h.value))


def required_by_need(scenario: Scenario, plan: PlanResult) -> pd.DataFrame:
    """Children placed independently by need, beside the share the scenario requires (reading 15).

    One row per year and need with a required share: ``share``,
    ``demand`` (children the plan places, met locally left out),
    ``required`` (``share`` x ``demand``, the least the plan must place
    independently) and ``placed`` (in the independent sector or a listed
    independent school). Empty when the scenario requires no share.
    """
    columns = ["year", "need", "share", "demand", "required", "placed"]
    shares = {str(n): float(v) for n, v in scenario.parameters.independent_required.items() if float(v) > 0}
    if not shares:
        return pd.DataFrame(columns=columns)
    a = plan.allocation
    a = a.loc[(a["provision_id"].astype(str) != LOCAL) & a["need"].astype(str).isin(shares)]
    kinds = effective_settings(scenario).set_index("setting_id")["kind"].astype(str)
    pid = a["provision_id"].astype(str)
    independent = (pid == INDEPENDENT) | (pid.map(kinds) == "independent")
    frame = pd.DataFrame({"year": a["year"].astype(int), "need": a["need"].astype(str),
                          "demand": a["count"].astype(float),
                          "placed": a["count"].astype(float).where(independent, 0.0)})
    grid = pd.MultiIndex.from_product([list(scenario.years), [n for n in NEEDS if n in shares]], names=["year", "need"])
    table = frame.groupby(["year", "need"])[["demand", "placed"]].sum().reindex(grid, fill_value=0.0).reset_index()
    table["share"] = table["need"].map(shares)
    table["required"] = table["share"] * table["demand"]
    return table[columns]


def safe_share(share: float, demand: float, rule: Rule | None) -> float | str:
    """A share of all children, made as safe as the count behind it.

    Under ``lt5`` a share whose count of children is 1 to 4 is withheld
    (``c``): with the total published, the share would give the count away.
    Under ``round5`` the share is worked from the rounded count and total.
    """
    if math.isnan(share) or math.isnan(demand):  # not available
        return DASH
    count = share * demand
    if rule == "lt5" and 0 < count < 5:
        return WITHHELD
    if rule == "round5":
        rounded = round_to_5(pd.DataFrame({"c": [count, demand]}))["c"]
        return float(rounded.iloc[0] / rounded.iloc[1]) if rounded.iloc[1] > 0 else DASH
    return share
