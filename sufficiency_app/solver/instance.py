"""A scenario turned into the arrays the optimiser needs, aggregated and pruned.

The planning model (docs/model.md) is stated over demand groups
``g = (area, need, phase, tier)`` and settings ``s``. Before any model is
built this module

- splits off mainstream demand *met locally* (docs/model.md reading 1),
- keeps only the (group, setting) pairs that are compatible (needs, phases,
  tier never below, journey within ``max_minutes`` except for settings of
  kind ``independent``: readings 7 and 13),
- merges the groups of one area whose compatible settings and step-up
  penalties are identical into one *class* (they are interchangeable in
  every level of the objective, so the class optimum split back pro rata is
  an optimum of the groups),
- drops options that can never help (their setting serves no demand, or
  their earliest year is after the horizon) unless a pin names them.

Everything here is plain numpy/pandas; :mod:`.allocation` and :mod:`.master` turn it into HiGHS models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..model.capital import build_years
from ..model.codes import TIER_RANK
from ..model.places import fill_years, place_funding
from ..model.provision_settings import effective_settings, option_targets
from ..model.scenario import Parameters, Scenario
from ..model.travel import TravelModel, transport_costs

MAINSTREAM = "mainstream"


def travel_minutes(scenario: Scenario) -> pd.DataFrame:
    """Minutes area -> setting from the travel model (index area_id, columns setting_id)."""
    return TravelModel.from_scenario(scenario).matrix()


@dataclass(frozen=True, eq=False)
class Instance:
    """Arrays of one scenario, ready to model. Indices are positions in the id arrays.

    It keeps the scenario's parameters, not the scenario: the models are built
    from these arrays alone, so nothing downstream reads the tables again.

    Attributes
    ----------
    parameters : the scenario's ``scenario.toml`` parameters (costs, limits, weights).
    years : academic years planned.
    settings : ``effective_settings`` table (row i is setting i).
    setting_capacity, setting_cost : base places and revenue per place per year.
    setting_independent : True for settings of kind ``independent`` (reading 4).
    option_ids, option_setting, option_module, option_max, option_capital,
    option_fixed, option_first : per kept option: target setting, places per
        module, max modules, capital per module, fixed capital and the index
        of its earliest year (may be 0).
    groups : optimised demand groups (area_id, need, phase, tier) with
        ``group_demand`` [G, T] and ``group_class`` [G].
    class_demand : [C, T] demand of each class.
    arc_class, arc_setting, arc_minutes, arc_penalty : compatible pairs of
        class and setting, their journey and step-up penalty minutes.
    arc_transport, independent_transport : yearly transport cost of a child
        on the arc, and in the independent sector (reading 17; 0 when off).
    option_build : years over which an option's capital is spent (reading 18).
    group_stay, group_required : per group, the share of its independent
        placements that stay a year (reading 14) and the share of its demand
        placed independently whatever is built (reading 15); 0 when off.
    local : met-locally demand rows (year, area_id, need, phase, tier, count).
    setting_funding : place funding per place a year (docs/model.md reading 19; 0 when off).
    option_fill : years a new setting takes to fill (reading 22; 1 when off).
    stats : sizes before and after each reduction, for the benchmark.
    """

    parameters: Parameters
    years: tuple[int, ...]
    settings: pd.DataFrame
    setting_capacity: np.ndarray
    setting_cost: np.ndarray
    setting_independent: np.ndarray
    option_ids: np.ndarray
    option_setting: np.ndarray
    option_module: np.ndarray
    option_max: np.ndarray
    option_capital: np.ndarray
    option_fixed: np.ndarray
    option_first: np.ndarray
    option_build: np.ndarray
    groups: pd.DataFrame
    group_demand: np.ndarray
    group_class: np.ndarray
    class_demand: np.ndarray
    arc_class: np.ndarray
    arc_setting: np.ndarray
    arc_minutes: np.ndarray
    arc_penalty: np.ndarray
    arc_transport: np.ndarray
    independent_transport: float
    group_stay: np.ndarray
    group_required: np.ndarray
    local: pd.DataFrame
    setting_funding: np.ndarray = field(default_factory=lambda: np.zeros(0))
    option_fill: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def group_rules(self) -> bool:
        """Do readings 14 or 15 constrain groups' independent placements (so the LPs need them per group)?"""
        return bool(self.group_stay.any() or self.group_required.any())

    @property
    def opened_by_option(self) -> np.ndarray:
        """[settings] True where the places exist only once an option with fixed capital opens the setting:
        no base places and every option adding to it has an opening (``W``) decision."""
        has = np.zeros(len(self.setting_capacity), dtype=bool)
        np.logical_or.at(has, self.option_setting, True)
        unopened = np.zeros(len(self.setting_capacity), dtype=bool)
        np.logical_or.at(unopened, self.option_setting, self.option_fixed <= 0)
        return has & ~unopened & (self.setting_capacity <= 0)

    @property
    def periods(self) -> tuple[tuple[int, ...], ...]:
        """Year indices solved together: each year alone, or all years when placements continue (reading 14)."""
        n = len(self.years)
        return (tuple(range(n)),) if self.group_stay.any() and n > 1 else tuple((t,) for t in range(n))

    @property
    def budget(self) -> np.ndarray:
        p = self.parameters
        return np.array([p.budget_for(y) for y in self.years], dtype=float)

    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        minutes: pd.DataFrame | None = None,
        keep_options: Iterable[str] = (),
        aggregate: bool = True,
        level1: bool = False,
    ) -> Instance:
        """Build the instance; ``minutes`` defaults to the travel model's matrix.

        ``keep_options`` are never pruned (pinned options); ``aggregate=False``
        gives every group its own class (to measure what merging buys).
        ``level1=True`` builds the coarser instance that is exact for level 1
        only: journeys and step-ups do not matter there, so groups of *any*
        area with the same compatible settings form one class, and pairs with
        independent-kind settings are dropped (a child placed there counts
        exactly like one left to the independent sector).
        """
        p = scenario.parameters
        years = p.years
        settings = effective_settings(scenario).reset_index(drop=True)
        if minutes is None:
            minutes = travel_minutes(scenario)
        sid = settings["setting_id"].astype(str).to_numpy()
        tier = settings["tier"].map(TIER_RANK).fillna(-1).to_numpy(dtype=int)
        independent = (settings["kind"].astype(str) == "independent").to_numpy()
        gate_open = bool((settings["tier"].astype(str) == MAINSTREAM).any())

        groups, demand, local = _demand_groups(scenario, years, gate_open)
        stats = {"groups": len(groups), "settings": len(settings), "years": len(years),
                 "local_rows": len(local), "pairs_all": len(groups) * len(settings)}
        compatible, minute_matrix = _compatibility(scenario, settings, groups, minutes, tier, independent)
        stepped = tier[None, :] > groups["tier"].map(TIER_RANK).to_numpy(dtype=int)[:, None]
        stats["pairs_compatible"] = int(compatible.sum())
        # pairs x years with demand, counted per group (a [G, S, T] array took 5 ms of each build)
        stats["x_vars_unaggregated"] = int((compatible.sum(axis=1) * (demand > 0).sum(axis=1)).sum())
        if level1:
            compatible = compatible & ~independent[None, :]
            stepped = np.zeros_like(stepped)
            groups_key = groups.assign(area_id="*")
        else:
            groups_key = groups
        group_class, class_demand = _classes(groups_key, demand, compatible, stepped, aggregate)
        first_group = np.unique(group_class, return_index=True)[1]
        rows, cols = np.nonzero(compatible[first_group])
        penalty = np.where(stepped[first_group][rows, cols], float(p.step_up_penalty_minutes), 0.0)
        arc_minutes = minute_matrix[first_group][rows, cols]
        stats["classes"] = len(class_demand)
        stats["arcs"] = len(rows)
        stats["x_vars"] = int((class_demand[rows] > 0).sum())

        options = _options(scenario, settings, set(np.unique(cols).tolist()), set(keep_options))
        transport = _transport(scenario, settings, groups.iloc[first_group]["area_id"].to_numpy())
        stats["options"] = len(scenario.options)
        stats["options_kept"] = len(options)
        setting_index = {s: i for i, s in enumerate(sid)}
        return cls(
            parameters=scenario.parameters, years=years, settings=settings,
            setting_capacity=settings["capacity"].to_numpy(dtype=float),
            setting_cost=settings["cost_per_place"].to_numpy(dtype=float),
            setting_independent=independent,
            option_ids=options["option_id"].to_numpy(dtype=object),
            option_setting=options["setting_id"].map(setting_index).to_numpy(dtype=int),
            option_module=options["module_places"].to_numpy(dtype=float),
            option_max=options["max_modules"].to_numpy(dtype=int),
            option_capital=options["capital_per_module"].to_numpy(dtype=float),
            option_fixed=options["fixed_capital"].to_numpy(dtype=float),
            option_first=(options["earliest_year"].to_numpy(dtype=int) - years[0]).clip(0),
            option_build=options["build_years"].to_numpy(dtype=int),
            groups=groups, group_demand=demand, group_class=group_class, class_demand=class_demand,
            arc_class=rows.astype(int), arc_setting=cols.astype(int),
            arc_minutes=arc_minutes.astype(float), arc_penalty=penalty,
            arc_transport=transport[rows, cols] if len(rows) else np.zeros(0),
            independent_transport=float(p.transport_cost(p.independent_km)) if p.transport_on else 0.0,
            group_stay=groups["phase"].map(p.stay_for).to_numpy(dtype=float),
            group_required=groups["need"].map(p.required_for).to_numpy(dtype=float),
            local=local, stats=stats,
            setting_funding=place_funding(scenario).reindex(sid).fillna(0.0).to_numpy(dtype=float),
            option_fill=fill_years(scenario).reindex(options["option_id"]).fillna(1).to_numpy(dtype=int),
        )


def _demand_groups(
    scenario: Scenario, years: tuple[int, ...], gate_open: bool
) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame]:
    """Sum demand per group and year; split off met-locally mainstream demand (reading 1)."""
    keys = ["area_id", "need", "phase", "tier"]
    d = scenario.demand.loc[:, ["year", *keys, "count"]].copy()
    d["year"] = pd.to_numeric(d["year"], errors="coerce")
    d["count"] = pd.to_numeric(d["count"], errors="coerce").fillna(0.0).astype(float)
    for k in keys:
        d[k] = d[k].astype(str)
    d = d[d["year"].isin(years) & (d["count"] > 0)]
    d = d.assign(year=d["year"].astype(int)).groupby(["year", *keys], as_index=False, sort=True)["count"].sum()
    is_local = (d["tier"] == MAINSTREAM) & (not gate_open)
    local = d[is_local].reset_index(drop=True)
    opt = d[~is_local]
    wide = opt.pivot_table(index=keys, columns="year", values="count", aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(columns=list(years), fill_value=0.0)
    groups = wide.index.to_frame(index=False)
    for k in keys:
        groups[k] = groups[k].astype(str)
    return groups, wide.to_numpy(dtype=float), local


def _compatibility(
    scenario: Scenario, settings: pd.DataFrame, groups: pd.DataFrame, minutes: pd.DataFrame,
    tier: np.ndarray, independent: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Boolean [G, S] of allowed pairs (rule 3, readings 7 and 13) and the [G, S] minutes."""
    p = scenario.parameters
    sid = settings["setting_id"].astype(str).tolist()
    m = minutes.reindex(columns=sid)
    m = m.set_axis(m.index.astype(str), axis=0)
    area_minutes = m.reindex(groups["area_id"].astype(str).tolist()).to_numpy(dtype=float)
    need_ok = _member(groups["need"], settings["needs"])
    phase_ok = _member(groups["phase"], settings["phases"])
    group_tier = groups["tier"].map(TIER_RANK).fillna(99).to_numpy(dtype=int)
    limit = groups["phase"].map(p.max_minutes_for).to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        near = (area_minutes <= limit[:, None]) | independent[None, :]
    known = ~np.isnan(area_minutes)
    ok = need_ok & phase_ok & (tier[None, :] >= group_tier[:, None]) & near & known & (tier[None, :] >= 0)
    return ok, np.nan_to_num(area_minutes)


def _member(codes: pd.Series, lists: pd.Series) -> np.ndarray:
    """[len(codes), len(lists)]: is each code in each setting's list (worked once per distinct code)?"""
    lists = list(lists)
    distinct, index = np.unique(codes.astype(str).to_numpy(), return_inverse=True)
    table = np.array([[code in held for held in lists] for code in distinct], dtype=bool).reshape(len(distinct),
                                                                                                 len(lists))
    return table[index.ravel()]


def _classes(
    groups: pd.DataFrame, demand: np.ndarray, compatible: np.ndarray, stepped: np.ndarray, aggregate: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Class of each group: same area, same compatible settings, same step-ups."""
    if not aggregate or len(groups) == 0:
        return np.arange(len(groups)), demand.copy()
    signature = np.packbits(np.concatenate([compatible, compatible & stepped], axis=1), axis=1)
    keys = [a + "|" + sig.tobytes().hex() for a, sig in zip(groups["area_id"], signature)]
    codes, _ = pd.factorize(pd.Series(keys))
    class_demand = np.zeros((codes.max() + 1, demand.shape[1]))
    np.add.at(class_demand, codes, demand)
    return codes.astype(int), class_demand


def _transport(scenario: Scenario, settings: pd.DataFrame, class_areas: np.ndarray) -> np.ndarray:
    """[classes, settings] yearly transport cost of a child (reading 17); zeros when transport is not costed."""
    if not scenario.parameters.transport_on:
        return np.zeros((len(class_areas), len(settings)))
    cost = transport_costs(scenario)
    return cost.reindex(index=[str(a) for a in class_areas],
                        columns=settings["setting_id"].astype(str).tolist()).to_numpy(dtype=float)


def _options(scenario: Scenario, settings: pd.DataFrame, served: set[int], keep: set[str]) -> pd.DataFrame:
    """Options worth modelling: their setting serves some demand and they can start in the horizon."""
    o = scenario.options
    columns = ["option_id", "setting_id", "module_places", "max_modules", "capital_per_module",
               "fixed_capital", "earliest_year", "build_years"]
    if len(o) == 0:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    targets = option_targets(scenario)
    index = {s: i for i, s in enumerate(settings["setting_id"].astype(str))}
    last = scenario.parameters.years[-1]
    t = o.assign(
        option_id=o["option_id"].astype(str),
        setting_id=o["option_id"].astype(str).map(targets),
        earliest_year=pd.to_numeric(o["earliest_year"], errors="coerce").fillna(scenario.parameters.base_year),
        fixed_capital=pd.to_numeric(o["fixed_capital"], errors="coerce").fillna(0.0),
        build_years=build_years(scenario).to_numpy(),
    )
    useful = t["setting_id"].map(index).isin(served) & (t["earliest_year"] <= last)
    return t[useful | t["option_id"].isin(keep)].loc[:, columns].reset_index(drop=True)

