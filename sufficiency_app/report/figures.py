"""The report's map and charts, drawn with matplotlib (no window, no Qt).

Figures are built on :class:`matplotlib.figure.Figure` directly rather than
through pyplot, so drawing a report never touches global plotting state
and works the same in the command line, the window's worker and the tests.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..scenario import Scenario
from ..provision_settings import effective_settings, option_targets
from ..plan import PlanResult
from ..formatting import academic_year

PLAN_COLOUR = "#1f5fa8"
BASELINE_COLOUR = "#c8562a"
BUDGET_COLOUR = "#7a7a7a"
KIND_MARKERS = {"special": ("s", "Special school"), "resource_base": ("^", "Resource base"),
                "elp": ("D", "Enhanced learning provision")}
# Class edges start at 5, so the map never shows a count of 1 to 4 apart from the rest.
CLASS_EDGES = (0.5, 5, 10, 20, 50)


def png(fig: Figure, dpi: int = 200) -> bytes:
    """The figure as PNG bytes, for the PDF and Word writers."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buf.getvalue()


def _money_axis(ax, label: str) -> None:
    ax.yaxis.set_major_formatter(
        lambda v, _pos: f"£{v / 1e6:,.1f}m" if abs(v) >= 1e6 or v == 0 else f"£{v / 1e3:,.0f}k")
    ax.set_ylabel(label)


def _class_labels(edges: tuple[float, ...]) -> list[str]:
    labels = ["None"]
    bounds = [1, *edges[1:]]
    for lo, hi in zip(bounds, bounds[1:]):
        labels.append(f"{lo:,.0f} to {hi - 1:,.0f}")
    labels.append(f"{bounds[-1]:,.0f} or more")
    return labels


def county_map(scenario: Scenario, plan: PlanResult, areas: pd.DataFrame) -> Figure:
    """Children placed by home area (classes), local settings marked, new places labelled."""
    geo = scenario.areas[["area_id", "geometry"]].copy()
    geo["area_id"] = geo["area_id"].astype(str)
    geo = geo.merge(areas[["area_id", "demand"]], on="area_id", how="left")
    classes = np.digitize(geo["demand"].fillna(0.0).to_numpy(), CLASS_EDGES)
    labels = _class_labels(CLASS_EDGES)
    colours = ["#f2f2f2", "#dbe7f3", "#b3cde3", "#8cb3d9", "#5b8fc7", "#2c5f9e"]
    geo["colour"] = [colours[c] for c in classes]

    fig = Figure(figsize=(7.0, 7.6))
    ax = fig.add_subplot()
    geo.plot(ax=ax, color=geo["colour"], edgecolor="white", linewidth=0.25)
    geo.dissolve().boundary.plot(ax=ax, color="#444444", linewidth=0.8)
    settings = effective_settings(scenario)
    handles: list = [Patch(facecolor=colours[i], edgecolor="#999999", label=labels[i])
                     for i in range(len(colours)) if (classes == i).any()]
    xmin, ymin, xmax, ymax = geo.total_bounds
    inside = settings.loc[settings["easting"].between(xmin, xmax) & settings["northing"].between(ymin, ymax)]
    for kind, (marker, label) in KIND_MARKERS.items():
        pts = inside.loc[(inside["kind"] == kind) & (inside["source"] == "provision")]
        if len(pts):
            ax.scatter(pts["easting"], pts["northing"], marker=marker, s=22, color="#333333",
                       edgecolor="white", linewidth=0.5, zorder=3)
            handles.append(Line2D([], [], marker=marker, linestyle="", color="#333333", label=label))
    new_places = _new_places(scenario, plan)
    key_lines = []
    if len(new_places):
        pts = settings.set_index("setting_id").loc[new_places.index]
        # Numbered markers and a key: names written on a county map collide.
        order = pts.sort_values("northing", ascending=False).index
        spots = _spread(pts.loc[order, ["easting", "northing"]].to_numpy(), (xmax - xmin) * 0.022)
        ax.scatter(spots[:, 0], spots[:, 1], marker="o", s=95, color="#d62728", edgecolor="white",
                   linewidth=0.8, zorder=4)
        for n, (sid, (x, y)) in enumerate(zip(order, spots), start=1):
            ax.text(x, y, str(n), ha="center", va="center", fontsize=5.5, color="white", fontweight="bold",
                    zorder=5)
            name = str(pts.loc[sid, "name"])
            name = name if len(name) <= 40 else name[:39] + "…"
            key_lines.append(f"{n:>2}  {name}  +{new_places[sid]:,.0f}")
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=8, color="#d62728",
                              label="New places (numbered below)"))
    _scale_bar(ax, xmin, ymin, xmax)
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False,
              title=f"Children placed, {academic_year(scenario.years[-1])}", title_fontsize=8,
              alignment="left")
    if key_lines:
        ax.text(1.02, 0.62, "New places\n" + "\n".join(key_lines), transform=ax.transAxes, fontsize=6.5,
                va="top", ha="left", family="DejaVu Sans", linespacing=1.35)
    return fig


def _spread(points: np.ndarray, gap: float) -> np.ndarray:
    """Move markers that would overlap onto a ring around their place, so every number shows."""
    placed: list[np.ndarray] = []
    for p in points:
        spot, step = p.copy(), 0
        while any(np.hypot(*(spot - q)) < gap for q in placed):
            step += 1
            ring, angle = 1 + (step - 1) // 6, (step - 1) % 6 * np.pi / 3 + step * 0.3
            spot = p + gap * ring * np.array([np.cos(angle), np.sin(angle)])
        placed.append(spot)
    return np.array(placed).reshape(-1, 2)


def _new_places(scenario: Scenario, plan: PlanResult) -> pd.Series:
    """Places the plan adds to each setting over the horizon."""
    sched = plan.schedule
    if not len(sched):
        return pd.Series(dtype=float)
    targets = option_targets(scenario)
    by = sched.assign(setting=sched["option_id"].astype(str).map(lambda o: targets.get(o, o)))
    totals = by.groupby("setting")["places"].sum().astype(float)
    return totals.loc[totals > 0]


def _scale_bar(ax, xmin: float, ymin: float, xmax: float) -> None:
    length = 10_000 if xmax - xmin > 30_000 else 1_000
    x0, y0 = xmin, ymin - (xmax - xmin) * 0.03
    ax.plot([x0, x0 + length], [y0, y0], color="black", linewidth=2)
    ax.text(x0 + length / 2, y0, f"{length / 1000:g} km", ha="center", va="bottom", fontsize=7)


def _year_axis(ax, years) -> None:
    ax.set_xticks(list(years), [academic_year(y) for y in years])
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)


def independent_chart(scenario: Scenario, plan: PlanResult, baseline: PlanResult) -> Figure:
    """Children in independent schools each year: no new places against the plan."""
    fig = Figure(figsize=(7.0, 3.0))
    ax = fig.add_subplot()
    for result, label, colour in ((baseline, "No new places", BASELINE_COLOUR), (plan, "Plan", PLAN_COLOUR)):
        s = result.summary
        ax.plot(s["year"], s["independent"], marker="o", color=colour, label=label, linewidth=2)
    _year_axis(ax, scenario.years)
    ax.set_ylabel("Children in independent schools")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=8)
    return fig


def capital_chart(capital: pd.DataFrame) -> Figure:
    """Capital spent against budget per year, with running totals."""
    fig = Figure(figsize=(7.0, 3.0))
    ax = fig.add_subplot()
    x = capital["year"].to_numpy()
    ax.bar(x - 0.2, capital["budget"], width=0.4, color="#d9d9d9", edgecolor=BUDGET_COLOUR, label="Budget")
    ax.bar(x + 0.2, capital["capital"], width=0.4, color=PLAN_COLOUR, label="Capital spent")
    ax.plot(x, capital["cumulative_budget"], color=BUDGET_COLOUR, linestyle="--", label="Budget to date")
    ax.plot(x, capital["cumulative_capital"], color=PLAN_COLOUR, linestyle="-", marker="o", markersize=3,
            label="Spent to date")
    _year_axis(ax, x)
    _money_axis(ax, "Capital")
    ax.legend(frameon=False, fontsize=8, ncols=2)
    return fig


def demand_chart(sufficiency: pd.DataFrame) -> Figure:
    """Children needing a place each year, split into placed locally and independent."""
    per_year = sufficiency.groupby("year")[["demand", "places", "gap"]].sum()
    fig = Figure(figsize=(7.0, 3.0))
    ax = fig.add_subplot()
    x = per_year.index.to_numpy()
    ax.bar(x, per_year["places"], color=PLAN_COLOUR, label="Placed in local settings")
    ax.bar(x, per_year["gap"], bottom=per_year["places"], color=BASELINE_COLOUR, label="Independent (gap)")
    ax.plot(x, per_year["demand"], color="black", marker="o", markersize=3, linewidth=1, label="Demand")
    _year_axis(ax, x)
    ax.set_ylabel("Children")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3)
    return fig
