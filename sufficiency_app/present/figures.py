"""Every headline figure of a plan, computed once from (scenario, plan, baseline). No Qt, no solver.

These are the numbers a Cabinet paper quotes. The window's cards, the
workshop, the ``solve`` summary and every report read them from
:func:`plan_figures`, so one plan shows one set of numbers everywhere.

Journeys are those of children placed in state settings (maintained,
academy and resourced places; locally met demand and every independent
placement left out, since an independent journey is only assumed),
child-weighted, without the step-up penalty; the 95th percentile is taken
without interpolation (docs/model.md readings 9 and 13). Shares of children with EHC plans (SPE.a, SPE.d,
out of county) are worked in one place, :func:`dashboard_measures`.
Money comes from :mod:`.finance`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..infra.formatting import Unit, academic_year, format_value
from ..model import finance
from ..model.codes import INDEPENDENT, LOCAL
from ..model.plan import PlanResult
from ..model.provision_settings import effective_settings, option_targets
from ..model.scenario import Scenario
from ..model.travel import transport_costs
from .plan_words import plan_words

TINY = 1e-9
NAN = float("nan")
NO_COMPARISON = "not known: the do-nothing comparison is missing"


def weighted_p95(minutes: np.ndarray, weights: np.ndarray, q: float = 0.95) -> float:
    """Child-weighted percentile without interpolation (reading 13).

    The smallest journey ``m`` such that children travelling at most ``m``
    make up at least ``q`` of the children.
    """
    minutes, weights = np.asarray(minutes, dtype=float), np.asarray(weights, dtype=float)
    keep = weights > TINY
    if not keep.any():
        return NAN
    order = np.argsort(minutes[keep], kind="stable")
    m, w = minutes[keep][order], weights[keep][order]
    cum = np.cumsum(w)
    return float(m[min(int(np.searchsorted(cum, q * cum[-1] * (1 - 1e-12))), len(m) - 1)])


@dataclass(frozen=True)
class Journeys:
    """Children placed in state settings: ``within`` percent within their phase's limit, mean and p95 minutes."""

    within: float
    mean: float
    p95: float


def in_state_setting(scenario: Scenario, allocation: pd.DataFrame) -> np.ndarray:
    """Per allocation row: placed in a state setting (not met locally, not the independent sector or a listed
    independent school). Every journey figure, chart and map measure counts these children only."""
    settings = effective_settings(scenario).set_index("setting_id")["kind"].astype(str)
    pid = allocation["provision_id"].astype(str)
    return (~((pid == LOCAL) | (pid == INDEPENDENT) | (pid.map(settings) == "independent"))).to_numpy()


def journeys(scenario: Scenario, allocation: pd.DataFrame) -> Journeys:
    """Share within the travel limit, mean and 95th percentile journey of children placed in state settings.

    Any years of ``allocation``; NaN throughout when no child is placed in a state setting.
    """
    a = allocation
    p = scenario.parameters
    state = in_state_setting(scenario, a)
    counts = a["count"].to_numpy(dtype=float)[state]
    total = float(counts.sum())
    if total <= TINY:
        return Journeys(NAN, NAN, NAN)
    minutes = a["minutes"].astype(float).to_numpy()[state]
    limit = a["phase"].astype(str).map(p.max_minutes_for).astype(float).to_numpy()[state]
    within = counts[minutes <= limit + TINY].sum()
    return Journeys(100.0 * float(within) / total, float((counts * minutes).sum()) / total,
                    weighted_p95(minutes, counts))


def placement_facts(scenario: Scenario, allocation: pd.DataFrame) -> pd.DataFrame:
    """Per allocation row: ``local``, ``independent``, ``out_of_county`` (bools) and ``transport`` (£ a child a year).

    Independent: the fallback or a setting of kind ``independent`` (reading 4). Out of county
    (reading 16): the fallback always (an assumption: the independent sector is taken to lie outside
    the county), a listed setting by its ``in_county``. Transport (reading 17): the area-to-setting
    cost, the fallback at ``independent_km``; 0 when transport is not costed and for met-locally rows.
    """
    p = scenario.parameters
    settings = effective_settings(scenario).set_index("setting_id")
    pid = allocation["provision_id"].astype(str)
    local = (pid == LOCAL).to_numpy()
    fallback = (pid == INDEPENDENT).to_numpy()
    kind = pid.map(settings["kind"].astype(str))
    outside = pid.map(settings["in_county"]).eq(False).to_numpy()
    transport = np.zeros(len(allocation))
    if p.transport_on:
        costs = transport_costs(scenario).stack()
        pairs = pd.MultiIndex.from_arrays([allocation["area_id"].astype(str), pid])
        transport = costs.reindex(pairs).fillna(0.0).to_numpy(float, copy=True)
        transport[fallback] = p.transport_cost(p.independent_km)
        transport[local] = 0.0
    independent = (fallback | (kind == "independent").to_numpy()) & ~local
    return pd.DataFrame({"local": local, "independent": independent, "out_of_county": (fallback | outside) & ~local,
                         "transport": transport}, index=allocation.index)


MEASURE_COLUMNS = ("spe_a", "spe_d", "out_of_county", "transport_cost")


def dashboard_measures(scenario: Scenario, allocation: pd.DataFrame) -> pd.DataFrame:
    """SEND dashboard measures per year (index ``year``, columns ``MEASURE_COLUMNS``), readings 16-17 and 23.

    Shares are of ALL demand that year, met-locally demand included: ``spe_a`` placed
    independently, ``spe_d`` placed independently out of county, ``out_of_county`` placed out of
    county in any setting (NaN in a year without demand); ``transport_cost`` is £ that year.
    SPE.a and SPE.d count every EHC plan: the plans in settings the planner does not place
    (``[measures] plans_outside``, reading 23) join their denominators (:func:`spe_denominators`).
    """
    facts = placement_facts(scenario, allocation)
    counts = allocation["count"].astype(float)
    per_year = pd.DataFrame({
        "demand": counts, "spe_a": counts * facts["independent"],
        "spe_d": counts * (facts["independent"] & facts["out_of_county"]),
        "out_of_county": counts * facts["out_of_county"], "transport_cost": counts * facts["transport"],
    }).groupby(allocation["year"].astype(int).to_numpy()).sum().reindex(list(scenario.years), fill_value=0.0)
    demand = per_year["demand"].where(per_year["demand"] > TINY)
    shares = per_year[["spe_a", "spe_d", "out_of_county"]].div(demand, axis=0)
    plans = spe_denominators(scenario, allocation)["plans"]
    shares[["spe_a", "spe_d"]] = per_year[["spe_a", "spe_d"]].div(plans.where(plans > TINY), axis=0)
    return shares.assign(transport_cost=per_year["transport_cost"]).rename_axis("year")


def spe_denominators(scenario: Scenario, allocation: pd.DataFrame) -> pd.DataFrame:
    """Per year (index ``year``): ``placed`` (the children the planner places or meets locally),
    ``outside`` (EHC plans in settings it does not place, reading 23) and ``plans``, their sum: the
    denominator of SPE.a and SPE.d, for the report to show beside them."""
    p = scenario.parameters
    placed = allocation["count"].astype(float).groupby(allocation["year"].astype(int).to_numpy()).sum()
    placed = placed.reindex(list(scenario.years), fill_value=0.0)
    outside = pd.Series([p.outside_for(y) for y in scenario.years], index=placed.index)
    return pd.DataFrame({"placed": placed, "outside": outside, "plans": placed + outside}).rename_axis("year")


@dataclass(frozen=True)
class Headline:
    """One figure: its value for the plan, for the baseline, and which way is better."""

    key: str
    label: str
    value: float
    baseline: float | None
    unit: Unit
    better: Literal["higher", "lower"]
    note: str = ""  # what the number counts, for a card's caption ("child-years, 2025/26 to 2030/31")

    @property
    def delta(self) -> float | None:
        return None if self.baseline is None or math.isnan(self.baseline) else self.value - self.baseline

    @property
    def improved(self) -> bool | None:
        """True if the plan beats the baseline on this figure, None if equal or no baseline."""
        d = self.delta
        if d is None or math.isnan(d) or abs(d) < 1e-9:
            return None
        return (d > 0) == (self.better == "higher")

    def text(self, currency: str = "GBP") -> str:
        """The value as every view prints it: ``£12.4m``, ``87.5%``, ``34.2 min``, ``1,204``."""
        return format_value(self.value, self.unit, currency)


@dataclass(frozen=True)
class PlanFigures:
    """The headline numbers of one plan against doing nothing (NaN where no baseline is given).

    Child-years sum children in independent schools over the years planned;
    ``saving`` is revenue spend avoided over those years; balances are the
    High Needs Block (DSG) balance at the end of the last year (negative:
    deficit), meaningful only when ``has_finance``; ``dashboard``: SPE.a,
    SPE.d, out-of-county share of the last year and transport cost.
    """

    scenario: str
    currency: str
    words: str
    places: float
    settings: int
    last_year: int | None
    end_year: int
    start_year: int
    capital: float
    budget: float
    independent_plan: float
    independent_baseline: float
    final_independent_plan: float
    final_independent_baseline: float
    journeys: Journeys
    journeys_baseline: Journeys | None
    revenue_plan: float
    revenue_baseline: float
    has_finance: bool
    balance_plan: float
    balance_baseline: float

    @property
    def avoided(self) -> float:
        return self.independent_baseline - self.independent_plan

    @property
    def saving(self) -> float:
        return self.revenue_baseline - self.revenue_plan

    def headlines(self) -> tuple[Headline, ...]:
        """The cards of the Results tab, in order; the DSG balance only when finance is given."""
        j, jb = self.journeys, self.journeys_baseline
        has_base = jb is not None
        zero = 0.0 if has_base else None
        years = f"{academic_year(self.start_year)} to {academic_year(self.end_year)}"
        out = [
            Headline("avoided", "Independent child-years avoided", self.avoided if has_base else NAN, zero,
                     "children", "higher", f"child-years in independent schools, {years}, vs doing nothing"),
            Headline("within", "State places within the travel limit", j.within, jb.within if jb else None,
                     "percent", "higher"),
            Headline("mean", "Mean journey to a state place", j.mean, jb.mean if jb else None, "minutes", "lower"),
            Headline("p95", "95th percentile journey to a state place", j.p95, jb.p95 if jb else None, "minutes",
                     "lower"),
            Headline("capital", "Capital used", self.capital, zero, "money", "lower", f"capital spent, {years}"),
            Headline("revenue", "Revenue saved", self.saving if has_base else NAN, zero, "money", "higher",
                     f"yearly place costs, {years}, vs doing nothing"),
        ]
        if self.has_finance:
            out.append(Headline("balance", f"DSG balance {academic_year(self.end_year)}", self.balance_plan,
                                self.balance_baseline if has_base else None, "money", "higher"))
        return tuple(out)

    def lines(self) -> list[tuple[str, str]]:
        """``(label, value)`` of every headline, as the CLI prints them; a figure against doing nothing
        without that comparison says so (a 0 would read as a plan that avoids nothing)."""
        return [(h.label, NO_COMPARISON if h.baseline is None and math.isnan(h.value) else h.text(self.currency))
                for h in self.headlines()]


def _final(plan: PlanResult) -> float:
    return float(plan.summary["independent"].iloc[-1]) if len(plan.summary) else 0.0


def _balance(view: pd.DataFrame) -> float:
    return float(view["balance"].iloc[-1]) if len(view) else NAN


def plan_figures(scenario: Scenario, plan: PlanResult, baseline: PlanResult | None) -> PlanFigures:
    """Every headline figure of ``plan``; figures against doing nothing are NaN without ``baseline``."""
    sched = plan.schedule
    built = sched.loc[sched["places"].astype(float) > 0] if len(sched) else sched
    targets = option_targets(scenario)
    view = finance.dsg_view(scenario, plan)
    base_view = finance.dsg_view(scenario, baseline) if baseline is not None else None
    return PlanFigures(
        scenario=scenario.name, currency=scenario.parameters.currency, words=plan_words(plan),
        places=float(built["places"].sum()) if len(built) else 0.0,
        settings=len({targets.get(str(o), str(o)) for o in built["option_id"]}) if len(built) else 0,
        last_year=int(built["year"].max()) if len(built) else None,
        end_year=int(scenario.years[-1]),
        start_year=int(scenario.years[0]),
        capital=plan.capital,
        budget=float(sum(scenario.parameters.budget_for(y) for y in scenario.years)),
        independent_plan=plan.independent,
        independent_baseline=baseline.independent if baseline is not None else NAN,
        final_independent_plan=_final(plan),
        final_independent_baseline=_final(baseline) if baseline is not None else NAN,
        journeys=journeys(scenario, plan.allocation),
        journeys_baseline=journeys(scenario, baseline.allocation) if baseline is not None else None,
        revenue_plan=float(view["placement_spend"].sum()),
        revenue_baseline=float(base_view["placement_spend"].sum()) if base_view is not None else NAN,
        has_finance=scenario.finance is not None and len(scenario.finance) > 0,
        balance_plan=_balance(view),
        balance_baseline=_balance(base_view) if base_view is not None else NAN,
    )
