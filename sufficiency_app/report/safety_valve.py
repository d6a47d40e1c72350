"""The report's Safety Valve table: plan, no new places and the council's target, per year.

The figures are :func:`finance.safety_valve`'s, so the window's Safety
Valve tab and the report print the same numbers; the sentence under the
table says whether and when the plan reaches the target.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure as MplFigure

from ..infra.formatting import MONEY, TEXT, academic_year
from ..model import finance
from ..model.plan import PlanResult
from ..model.scenario import Scenario

TITLE = "Safety Valve: plan, no new places and target"
LINES = (("plan", "Plan", "#1f5fa8", "-"), ("baseline", "No new places", "#9a9a9a", "-"),
         ("target", "Safety Valve target", "#c0392b", "--"))

ROWS = (
    ("In-year: plan", "plan_in_year"),
    ("In-year: no new places", "baseline_in_year"),
    ("In-year: Safety Valve target", "target_in_year"),
    ("Cumulative: plan", "plan_balance"),
    ("Cumulative: no new places", "baseline_balance"),
    ("Cumulative: Safety Valve target", "target_balance"),
    ("Other workstreams' savings (in both)", "other_savings"),
)


def view(scenario: Scenario, plan: PlanResult, baseline: PlanResult):
    """:func:`finance.safety_valve` of a plan and its baseline."""
    return finance.safety_valve(scenario, finance.dsg_view(scenario, plan), finance.dsg_view(scenario, baseline))


def frame_of(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`finance.safety_valve` table as printed: a row per line, a column per year."""
    return pd.DataFrame([[label, *table[column].astype(float)] for label, column in ROWS],
                        columns=["Line", *(academic_year(int(y)) for y in table["year"])])


def figure_of(scenario: Scenario, plan: PlanResult, baseline: PlanResult) -> MplFigure | None:
    """The report's Safety Valve chart, or None when ``finance.csv`` sets no target."""
    return safety_valve_figure(view(scenario, plan, baseline)) if finance.has_safety_valve(scenario) else None


def table_parts(scenario: Scenario, plan: PlanResult,
                baseline: PlanResult) -> tuple[str, pd.DataFrame, dict[str, str], str] | None:
    """Title, frame (a row per line, a column per year), formats and note; None without a target."""
    if not finance.has_safety_valve(scenario):
        return None
    table = view(scenario, plan, baseline)
    frame = frame_of(table)
    formats = {c: (TEXT if i == 0 else MONEY) for i, c in enumerate(frame.columns)}
    note = (finance.safety_valve_words(table) + " Negative is a deficit. The plan and no new places both "
            "include the savings the council expects from its other workstreams (finance.csv other_savings).")
    return TITLE, frame, formats, note


def safety_valve_figure(table: pd.DataFrame, figure: MplFigure | None = None) -> MplFigure:
    """In-year result and cumulative balance per year: plan, no new places and target.

    ``table`` is :func:`finance.safety_valve`'s; ``figure`` is drawn into
    when given (the window's canvas), else a new one, so the window and the
    report show the same picture.
    """
    fig = figure if figure is not None else MplFigure(figsize=(9.0, 3.4))
    fig.clear()
    years = table["year"].to_numpy()
    for ax, suffix, title in zip(fig.subplots(1, 2), ("in_year", "balance"),
                                 ("In-year surplus (+) / deficit (-)", "Cumulative balance")):
        for key, label, colour, style in LINES:
            ax.plot(years, table[f"{key}_{suffix}"], color=colour, linestyle=style, linewidth=2, marker="o",
                    markersize=3, label=label)
        ax.axhline(0, color="#222222", linewidth=0.6)
        ax.set_xticks(years, [academic_year(int(y)) for y in years], fontsize=8)
        ax.yaxis.set_major_formatter(lambda v, _pos: f"£{v / 1e6:,.0f}m")
        ax.set_title(title, fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    fig.axes[0].legend(fontsize=8, frameon=False, loc="lower left")
    fig.tight_layout()
    return fig
