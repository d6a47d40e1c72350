"""The report's "How the plan holds up if demand differs" page, from a stress result (never runs one).

The same figure is shown in the window's Risk view, so the councillor
reading the paper and the officer at the screen see one chart: the fan of
independent placements per year for the plan against building nothing,
and the spread of outcomes in the threshold year with the chance of
exceeding it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure as MplFigure

from ..infra.formatting import INTEGER, TEXT, academic_year
from ..model.stress_result import DO_NOTHING, StressResult, Threshold, councillor_sentence, exceedance, percentiles
from .content import Figure, Section, Table
from .figures import BASELINE_COLOUR, PLAN_COLOUR, png

TITLE = "How the plan holds up if demand differs"
EXTRA_COLOURS = ("#3a9a5b", "#8e5ba8", "#b8860b")  # further --compare plans


def colour_of(result: StressResult, plan: str) -> str:
    """The plan under test in blue, doing nothing in the baseline's orange, others after."""
    if plan == result.plans[0]:
        return PLAN_COLOUR
    if plan == DO_NOTHING:
        return BASELINE_COLOUR
    others = [p for p in result.plans[1:] if p != DO_NOTHING]
    return EXTRA_COLOURS[others.index(plan) % len(EXTRA_COLOURS)]


def fan_figure(result: StressResult, threshold: Threshold | None = None, figure: MplFigure | None = None
               ) -> MplFigure:
    """Fan chart per year (median, 25-75% and 5-95% of futures) and the threshold year's histogram.

    ``figure`` is drawn into when given (the window's canvas), else a new one.
    """
    threshold = threshold or result.default_threshold()
    fig = figure if figure is not None else MplFigure(figsize=(9.0, 3.9))
    fig.clear()
    fan, hist = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1]})
    table = percentiles(result)
    chance = exceedance(result, threshold)
    for plan in result.plans:
        rows = table[table["plan"] == plan]
        colour, years = colour_of(result, plan), rows["year"].to_numpy()
        fan.fill_between(years, rows["p5"], rows["p95"], color=colour, alpha=0.15, linewidth=0)
        fan.fill_between(years, rows["p25"], rows["p75"], color=colour, alpha=0.3, linewidth=0)
        fan.plot(years, rows["p50"], color=colour, linewidth=2, label=plan.capitalize())
    fan.axhline(threshold.count, color="#222222", linewidth=1, linestyle="--",
                label=f"Threshold: {threshold.count:,.0f}")
    fan.set_xticks(result.calendar, [academic_year(y) for y in result.calendar], fontsize=8)
    fan.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    fan.set_ylabel("Children in independent placements")
    fan.set_title("Median, middle half and 9 futures in 10", fontsize=9)
    fan.legend(fontsize=8, frameon=False, loc="upper left")
    bins = np.histogram_bin_edges(np.concatenate([result.outcome(p, threshold.year) for p in result.plans]), 30)
    for plan in result.plans:
        hist.hist(result.outcome(plan, threshold.year), bins=bins, color=colour_of(result, plan), alpha=0.55,
                  label=f"{plan.capitalize()}: {chance[plan]:.0%} above")
    hist.axvline(threshold.count, color="#222222", linewidth=1.2, linestyle="--")
    hist.set_xlabel(f"Children in independent placements, {academic_year(threshold.year)}")
    hist.xaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    hist.set_ylabel("Futures")
    hist.set_title(f"Chance of more than {threshold.count:,.0f}", fontsize=9)
    hist.legend(fontsize=8, frameon=True, framealpha=0.9, edgecolor="none")
    for ax in (fan, hist):
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    return fig


def percentile_table(result: StressResult) -> Table:
    """Independent placements per year: the plan's 5%, median and 95%, and each other plan's median."""
    table = percentiles(result)
    plan = table[table["plan"] == result.plans[0]].set_index("year")
    frame = pd.DataFrame({"Year": [academic_year(y) for y in plan.index],
                          "Plan, low (5%)": plan["p5"].to_numpy(), "Plan, typical": plan["p50"].to_numpy(),
                          "Plan, high (95%)": plan["p95"].to_numpy()})
    for other in result.plans[1:]:
        rows = table[table["plan"] == other].set_index("year").reindex(plan.index)
        frame[f"{other.capitalize()}, typical"] = rows["p50"].to_numpy()
    formats = {c: (TEXT if c == "Year" else INTEGER) for c in frame.columns}
    note = (f"Children in independent placements in {result.futures:,} simulated futures; "
            "\"typical\" is the median future, low and high leave out the 5% of futures at either end.")
    return Table("risk", "Stress test by year", frame, formats, note)


def section(result: StressResult, threshold: Threshold | None = None) -> Section:
    """The page: the councillor's sentence, the chart and the table."""
    threshold = threshold or result.default_threshold()
    how = (f"{result.futures:,} futures of demand drawn from the cohort simulation of the EHC plan history "
           f"(seed {result.seed}); in each, children are placed as well as the plan's fixed building schedule "
           "allows, as in the plan itself. Every plan is tested on the same futures.")
    chart = Figure("Independent placements in simulated futures", png(fan_figure(result, threshold)),
                   f"Shaded: the middle half and 9 in 10 of the futures; line: the typical future. "
                   f"Right: outcomes in {academic_year(threshold.year)} against {threshold}.")
    record = (f"stress test of {result.scenario!r}: {result.futures:,} futures (seed {result.seed}) comparing "
              f"{', '.join(result.plans)}; run on {result.run.get('engine', 'an unrecorded engine')}.")
    return Section(TITLE, record, councillor_sentence(result, threshold), (chart,), (percentile_table(result),),
                   plan=how)
