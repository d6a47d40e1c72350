"""What a plan costs and what it does to the High Needs Block (DSG) balance.

Finance officers judge a plan by three figures the solver does not report
directly: the yearly revenue cost of the placements by kind of setting,
the capital spent against the budget, and the DSG balance it leaves. This
module derives them from a scenario and a :class:`PlanResult`, so the same
figures appear in the window, the command line and the Cabinet report.

``finance.csv`` (``year``, ``line``, ``amount`` in pounds) supplies what the
planner does not model: the reserved lines below, and any other line as
spend (positive) outside the placements the plan decides. See
``docs/finance.md``.

Signs: income and spend are positive; an in-year result or a balance is
negative when it is a deficit. A scenario year is read as the financial year
that starts in it (academic year 2025/26 as 2025-26).
"""

from __future__ import annotations

import weakref

import pandas as pd

from ..infra.errors import Problem, ScenarioError
from ..infra.formatting import millions as money
from .codes import INDEPENDENT, LOCAL
from .places import funding_by_year
from .plan import PlanResult
from .provision_settings import effective_settings
from .scenario import Scenario

HNB_INCOME = "hnb_income"
BLOCK_TRANSFER = "block_transfer"
OPENING_BALANCE = "opening_balance"
OTHER_BLOCKS = "other_blocks"
TARGET_IN_YEAR = "target_in_year"
OTHER_SAVINGS = "other_savings"
RESERVED_LINES = (HNB_INCOME, BLOCK_TRANSFER, OPENING_BALANCE, OTHER_BLOCKS, TARGET_IN_YEAR, OTHER_SAVINGS)

REVENUE_COLUMNS = ("year", "kind", "children", "cost")
CAPITAL_COLUMNS = ("year", "capital", "budget", "cumulative_capital", "cumulative_budget")
DSG_COLUMNS = (
    "year", "hnb_income", "block_transfer", "income", "other_spend", "placement_spend",
    "independent_spend", "total_spend", "in_year", "other_blocks", "brought_forward", "balance",
)
SAFETY_VALVE_COLUMNS = (
    "year", "other_savings", "plan_in_year", "baseline_in_year", "target_in_year",
    "plan_balance", "baseline_balance", "target_balance", "plan_meets_target",
)
COMPARISON_COLUMNS = (
    "year", "baseline_spend", "plan_spend", "saving", "baseline_independent_spend",
    "plan_independent_spend", "baseline_balance", "plan_balance", "balance_improvement",
)


def _cost_table(scenario: Scenario) -> pd.DataFrame:
    """Kind and yearly cost of a place for every id an allocation can name."""
    settings = effective_settings(scenario)
    table = pd.DataFrame({
        "provision_id": settings["setting_id"].astype(str),
        "kind": settings["kind"].astype(str),
        "unit_cost": settings["cost_per_place"].astype(float),
    })
    fallback = pd.DataFrame({
        "provision_id": [INDEPENDENT], "kind": ["independent"],
        "unit_cost": [float(scenario.parameters.independent_place)],
    })
    return pd.concat([table, fallback], ignore_index=True)


# Reports ask for the same plan's costs many times; both types are immutable,
# so the costed allocation is kept for as long as the plan object lives.
_COSTS: weakref.WeakKeyDictionary[PlanResult, weakref.WeakKeyDictionary] = weakref.WeakKeyDictionary()


def placement_costs(scenario: Scenario, result: PlanResult) -> pd.DataFrame:
    """Allocation rows with the ``kind``, ``unit_cost`` and ``cost`` of each placement.

    Children met locally (``LOCAL``) are not placed by the plan and cost
    nothing here (docs/model.md reading 3). Independent placements cost
    ``costs.independent_place``; a listed independent school its own
    ``cost_per_place``.
    """
    per_plan = _COSTS.setdefault(result, weakref.WeakKeyDictionary())
    if scenario not in per_plan:
        per_plan[scenario] = _placement_costs(scenario, result)
    return per_plan[scenario].copy()


def _placement_costs(scenario: Scenario, result: PlanResult) -> pd.DataFrame:
    alloc = result.allocation
    alloc = alloc.loc[alloc["provision_id"].astype(str) != LOCAL].copy()
    alloc["provision_id"] = alloc["provision_id"].astype(str)
    merged = alloc.merge(_cost_table(scenario), on="provision_id", how="left", validate="many_to_one")
    unknown = merged.loc[merged["kind"].isna(), "provision_id"].unique()
    if len(unknown):
        raise ScenarioError([
            Problem("error", "allocation.csv", None, "provision_id", str(pid),
                    "a provision_id or option_id of the scenario",
                    f"the plan places children at {pid}, which is not a setting of this scenario")
            for pid in unknown
        ])
    merged["year"] = merged["year"].astype(int)
    merged["count"] = merged["count"].astype(float)
    merged["cost"] = merged["count"] * merged["unit_cost"]
    return merged


def revenue_by_kind(scenario: Scenario, result: PlanResult) -> pd.DataFrame:
    """Children placed and their yearly revenue cost, per year and setting kind."""
    costs = placement_costs(scenario, result)
    grouped = (
        costs.groupby(["year", "kind"], as_index=False)
        .agg(children=("count", "sum"), cost=("cost", "sum"))
    )
    return grouped[list(REVENUE_COLUMNS)].sort_values(["year", "kind"], ignore_index=True)


def capital_by_year(scenario: Scenario, result: PlanResult) -> pd.DataFrame:
    """Capital spent each year against the budget, with running totals.

    Spend is the summary's: capital paid in each year after spreading a
    build over its ``build_years`` (reading 18), which is what the budget
    rule holds, not the schedule's lump in the year places open. The
    running totals are what ``carry_forward`` budgets are held to; a
    budget without carry-forward is held year by year.
    """
    years = list(scenario.years)
    summary = result.summary
    spent = summary.groupby(summary["year"].astype(int))["capital"].sum() if len(summary) else pd.Series(dtype=float)
    table = pd.DataFrame({
        "year": years,
        "capital": [float(spent.get(y, 0.0)) for y in years],
        "budget": [scenario.parameters.budget_for(y) for y in years],
    })
    table["cumulative_capital"] = table["capital"].cumsum()
    table["cumulative_budget"] = table["budget"].cumsum()
    return table[list(CAPITAL_COLUMNS)]


def _finance_lines(scenario: Scenario) -> pd.DataFrame:
    """``finance.csv`` checked: reserved lines once per year, opening balance at the base year."""
    finance = scenario.finance
    if finance is None or not len(finance):
        return pd.DataFrame({"year": pd.Series(dtype=int), "line": pd.Series(dtype=str),
                             "amount": pd.Series(dtype=float)})
    lines = pd.DataFrame({
        "year": finance["year"].astype(int),
        "line": finance["line"].astype(str).str.strip().str.lower(),
        "amount": finance["amount"].astype(float),
    })
    problems = []
    reserved = lines.loc[lines["line"].isin(RESERVED_LINES)]
    for (year, line), n in reserved.groupby(["year", "line"]).size().items():
        if n > 1:
            problems.append(Problem("error", "finance.csv", None, "line", line, "once per year",
                                    f"{line} is given {n} times for {year}; give it once"))
    base = scenario.parameters.base_year
    for idx, row in lines.loc[lines["line"] == OPENING_BALANCE].iterrows():
        if row["year"] != base:
            problems.append(Problem("error", "finance.csv", int(idx) + 2, "year", str(row["year"]),
                                    str(base), f"opening_balance is brought forward into the base "
                                    f"year {base}, not {row['year']}"))
    if problems:
        raise ScenarioError(problems)
    return lines


def dsg_view(scenario: Scenario, result: PlanResult) -> pd.DataFrame:
    """The High Needs Block position of a plan, one row per scenario year.

    ``total_spend`` is the spend lines of ``finance.csv`` plus the revenue
    of every placement the plan makes and the place funding of every place
    it keeps (docs/model.md reading 19); ``in_year`` is income plus block
    transfer minus total spend; ``balance`` carries ``opening_balance``
    forward through each year's result and any ``other_blocks`` line
    (surplus or deficit moved in from other DSG blocks). The Safety Valve
    lines (``target_in_year``, ``other_savings``) are left to
    :func:`safety_valve`, so this is the unmitigated position.
    """
    return dsg_from_revenue(scenario, revenue_by_kind(scenario, result), result.schedule)


def dsg_from_revenue(scenario: Scenario, revenue: pd.DataFrame, schedule: pd.DataFrame) -> pd.DataFrame:
    """:func:`dsg_view` from a plan's :func:`revenue_by_kind` table (a saved plan's, say) and its schedule."""
    years = list(scenario.years)
    lines = _finance_lines(scenario)
    by_year = lines.pivot_table(index="year", columns="line", values="amount", aggfunc="sum").reindex(years)
    reserved = [c for c in by_year.columns if c in RESERVED_LINES]
    other_spend = by_year.drop(columns=reserved).sum(axis=1)
    placement = revenue.groupby("year")["cost"].sum().reindex(years, fill_value=0.0)
    placement += funding_by_year(scenario, schedule).reindex(years, fill_value=0.0)  # reading 19
    independent = revenue.loc[revenue["kind"] == "independent"].groupby("year")["cost"].sum()
    table = pd.DataFrame({
        "year": years,
        "hnb_income": _line(by_year, HNB_INCOME).to_numpy(),
        "block_transfer": _line(by_year, BLOCK_TRANSFER).to_numpy(),
        "other_spend": other_spend.to_numpy(),
        "placement_spend": placement.to_numpy(),
        "independent_spend": independent.reindex(years, fill_value=0.0).to_numpy(),
        "other_blocks": _line(by_year, OTHER_BLOCKS).to_numpy(),
    })
    table["income"] = table["hnb_income"] + table["block_transfer"]
    table["total_spend"] = table["other_spend"] + table["placement_spend"]
    table["in_year"] = table["income"] - table["total_spend"]
    opening = float(_line(by_year, OPENING_BALANCE).iloc[0]) if years else 0.0
    table["balance"] = opening + (table["in_year"] + table["other_blocks"]).cumsum()
    table["brought_forward"] = table["balance"].shift(1, fill_value=opening)
    return table[list(DSG_COLUMNS)]


def _line(by_year: pd.DataFrame, name: str) -> pd.Series:
    """One line of the pivoted ``finance.csv`` per year, 0 where it is not given."""
    return by_year[name].fillna(0.0) if name in by_year else pd.Series(0.0, index=by_year.index)


def has_safety_valve(scenario: Scenario) -> bool:
    """True when ``finance.csv`` sets a ``target_in_year`` line (the Safety Valve view is shown then)."""
    return bool((_finance_lines(scenario)["line"] == TARGET_IN_YEAR).any())


def safety_valve(scenario: Scenario, plan: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """Plan, no new places and the Safety Valve target per year, in-year and cumulative.

    ``plan`` and ``baseline`` are :func:`dsg_view` tables. Both are
    mitigated by ``other_savings`` (the council's other workstreams, which
    the planner does not model); the target's cumulative balance starts
    from the same ``opening_balance``. ``plan_meets_target`` is True in the
    years whose in-year result is at or above the target (NaN-free: a year
    with no target set counts as a target of 0, a balanced year).
    """
    years = list(scenario.years)
    by_year = _finance_lines(scenario).pivot_table(index="year", columns="line", values="amount",
                                                   aggfunc="sum").reindex(years)
    savings = _line(by_year, OTHER_SAVINGS).to_numpy()
    target = _line(by_year, TARGET_IN_YEAR).to_numpy()
    opening = float(_line(by_year, OPENING_BALANCE).iloc[0]) if years else 0.0
    table = pd.DataFrame({
        "year": years, "other_savings": savings,
        "plan_in_year": plan["in_year"].to_numpy() + savings,
        "baseline_in_year": baseline["in_year"].to_numpy() + savings,
        "target_in_year": target,
    })
    blocks = plan["other_blocks"].to_numpy()
    for name in ("plan", "baseline", "target"):
        table[f"{name}_balance"] = opening + (table[f"{name}_in_year"] + blocks).cumsum()
    table["plan_meets_target"] = table["plan_in_year"] >= table["target_in_year"] - 0.5
    return table[list(SAFETY_VALVE_COLUMNS)]


def _position(value: float) -> str:
    """An in-year result in words: "a deficit of £24.2m", "a surplus of £1.1m" or "a balanced year"."""
    if abs(value) < 500:
        return "a balanced year"
    return f"a {'deficit' if value < 0 else 'surplus'} of {money(abs(value))}"


def safety_valve_words(table: pd.DataFrame) -> str:
    """Whether and when the plan reaches the Safety Valve target (a :func:`safety_valve` table), in words."""
    if table.empty:
        return ""
    fy = lambda y: f"{int(y)}-{(int(y) + 1) % 100:02d}"  # noqa: E731
    meets = table["plan_meets_target"].to_numpy()
    last = table.iloc[-1]
    if meets.all():
        return f"The plan meets the Safety Valve target in every year from {fy(table['year'].iloc[0])}."
    if meets[-1]:
        row = table.iloc[next(i for i in range(len(meets)) if meets[i:].all())]
        return (f"The plan reaches the Safety Valve target in {fy(row['year'])} ("
                f"{_position(row['plan_in_year'])} against the target of {_position(row['target_in_year'])}) and "
                f"stays on it; its cumulative balance at the end of {fy(last['year'])} is "
                f"{money(last['plan_balance'])} against {money(last['target_balance'])} on the target's path.")
    return (f"The plan does not reach the Safety Valve target by {fy(last['year'])}: that year it has "
            f"{_position(last['plan_in_year'])} against the target of "
            f"{_position(last['target_in_year'])}, {money(last['target_in_year'] - last['plan_in_year'])} short "
            f"({_position(last['baseline_in_year'])} with no new places).")


def compare(scenario: Scenario, plan: PlanResult, baseline: PlanResult) -> pd.DataFrame:
    """Plan against the "do nothing" baseline per year: spend, saving, balances.

    ``saving`` and ``balance_improvement`` are positive when the plan is
    cheaper than building nothing.
    """
    p, b = dsg_view(scenario, plan), dsg_view(scenario, baseline)
    table = pd.DataFrame({
        "year": p["year"],
        "baseline_spend": b["total_spend"], "plan_spend": p["total_spend"],
        "baseline_independent_spend": b["independent_spend"],
        "plan_independent_spend": p["independent_spend"],
        "baseline_balance": b["balance"], "plan_balance": p["balance"],
    })
    table["saving"] = table["baseline_spend"] - table["plan_spend"]
    table["balance_improvement"] = table["plan_balance"] - table["baseline_balance"]
    return table[list(COMPARISON_COLUMNS)]


def transport_by_year(scenario: Scenario, result: PlanResult) -> pd.Series:
    """Home-to-school transport cost of the plan per scenario year (reading 17), NaN where unknown.

    Transport is paid from the council's general fund, not the High Needs
    Block, so it is kept out of :func:`dsg_view` and shown beside it. The
    figures are the summary's ``transport_cost``; a plan saved before that
    column existed gives NaN ("not available"), never a guess.
    """
    years = pd.Index(list(scenario.years), name="year")
    summary = result.summary
    if "transport_cost" not in summary.columns:
        return pd.Series(float("nan"), index=years, name="transport_cost")
    by_year = summary.groupby(summary["year"].astype(int))["transport_cost"].sum(min_count=1)
    return by_year.astype(float).reindex(years).rename("transport_cost")
