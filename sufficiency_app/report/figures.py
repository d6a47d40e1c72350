"""The report's map and charts, drawn with matplotlib (no window, no Qt).

Figures are built on :class:`matplotlib.figure.Figure` directly rather than
through pyplot, so drawing a report never touches global plotting state
and works the same in the command line, the window's worker and the tests.
The map takes its symbols from :mod:`sufficiency_app.present.symbols` and lays its
labels out with :mod:`sufficiency_app.present.map_labels`, as the window's map does.
"""

from __future__ import annotations

import io
import textwrap

import pandas as pd
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..infra.formatting import academic_year
from ..infra.resources import maps_dir
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..present.map_data import SMALL_NUMBER, count_classes, setting_table
from ..present.map_labels import PlaceGroup, group_new_places, layout_labels, read_towns, town_requests
from ..present.symbols import CALLOUT_EDGE, MATPLOTLIB_MARKERS, NEW_PLACES_COLOUR, SYMBOLS

PLAN_COLOUR = "#1f5fa8"
BASELINE_COLOUR = "#c8562a"
BUDGET_COLOUR = "#7a7a7a"
CLASS_COLOURS = ("#f2f2f2", "#dbe7f3", "#b3cde3", "#8cb3d9", "#5b8fc7", "#2c5f9e")
CALLOUT_POINTS = 7.0
TOWN_POINTS = 6.0
SIDE_LIST_WIDTH = 50  # characters a line of the list beside the map holds; longer names wrap, never cut


def png(fig: Figure, dpi: int = 200) -> bytes:
    """The figure as PNG bytes, for the PDF and Word writers."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buf.getvalue()


def _money_axis(ax, label: str) -> None:
    ax.yaxis.set_major_formatter(
        lambda v, _pos: f"£{v / 1e6:,.1f}m" if abs(v) >= 1e6 or v == 0 else f"£{v / 1e3:,.0f}k")
    ax.set_ylabel(label)


def county_map(scenario: Scenario, plan: PlanResult, areas: pd.DataFrame, floor: int | None = SMALL_NUMBER,
               towns: pd.DataFrame | None = None) -> Figure:
    """Children placed by home area (classes honour suppression), settings by kind, new places by town.

    The new places of each town are one callout on a leader line, laid
    out by :mod:`sufficiency_app.present.map_labels` as on the window's map, and
    listed setting by setting beside the map; town names that do not fit
    are left out. ``floor`` is the suppression threshold (None: internal
    use, 1 to 4 shown apart); ``towns`` defaults to the bundled towns.
    """
    geo = scenario.areas[["area_id", "geometry"]].copy()
    geo["area_id"] = geo["area_id"].astype(str)
    geo = geo.merge(areas[["area_id", "demand"]], on="area_id", how="left")
    classes, labels = count_classes(geo["demand"], floor=floor)
    colours = (CLASS_COLOURS[0], *CLASS_COLOURS[len(CLASS_COLOURS) - len(labels) + 1:])
    geo["colour"] = [colours[c] for c in classes]

    fig = Figure(figsize=(7.0, 7.6))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.05, 0.64, 0.93))
    geo.plot(ax=ax, color=geo["colour"], edgecolor="white", linewidth=0.25)
    geo.dissolve().boundary.plot(ax=ax, color="#444444", linewidth=0.8)
    handles: list = [Patch(facecolor=colours[i], edgecolor="#999999", label=labels[i])
                     for i in range(len(labels)) if (classes == i).any()]
    xmin, ymin, xmax, ymax = geo.total_bounds
    table = setting_table(scenario, plan, scenario.years[-1])
    inside = table.loc[table["easting"].between(xmin, xmax) & table["northing"].between(ymin, ymax)]
    for kind, sym in SYMBOLS.items():
        pts = inside.loc[(inside["kind"] == kind) & (inside["source"] == "provision")]
        if len(pts) and kind != "mainstream":
            marker = MATPLOTLIB_MARKERS[sym.shape]
            ax.scatter(pts["easting"], pts["northing"], marker=marker, s=20, color=sym.colour,
                       edgecolor="#222222", linewidth=0.4, zorder=3)
            handles.append(Line2D([], [], marker=marker, linestyle="", color=sym.colour, markeredgecolor="#222222",
                                  markeredgewidth=0.4, label=sym.label))
    growing = inside.loc[inside["planned_places"] > 0]
    if len(growing):
        ax.scatter(growing["easting"], growing["northing"], marker="o", s=70, facecolor="none",
                   edgecolor=NEW_PLACES_COLOUR, linewidth=1.4, zorder=4)
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor="none",
                              markeredgecolor=NEW_PLACES_COLOUR, markeredgewidth=1.4,
                              label="Gaining places (callout: town total)"))
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin - (xmax - xmin) * 0.05, ymax)  # room for the scale bar
    ax.set_aspect("equal")
    ax.set_axis_off()
    towns = read_towns(maps_dir() / "towns.geojson") if towns is None else towns
    groups = group_new_places(inside, towns)
    _place_labels(ax, groups, towns, inside.loc[inside["kind"] != "mainstream"])
    _scale_bar(ax, xmin, ymin, xmax)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7.5, frameon=False,
              title=f"Children placed, {academic_year(scenario.years[-1])}", title_fontsize=8,
              alignment="left")
    if groups:
        lines = []
        for g in groups:
            lines.append(f"{g.title}: +{g.places:,.0f}")
            lines += [wrapped for line in g.detail()
                      for wrapped in textwrap.wrap(line, SIDE_LIST_WIDTH, initial_indent="   ",
                                                   subsequent_indent="      ")]
        ax.text(1.02, 0.52, "New places by town\n" + "\n".join(lines), transform=ax.transAxes, fontsize=6.0,
                va="top", ha="left", family="DejaVu Sans", linespacing=1.3)
    return fig


def _place_labels(ax, groups: list[PlaceGroup], towns: pd.DataFrame, markers: pd.DataFrame) -> None:
    """Callouts for the new places of each town, then town names, none overlapping nor on a marker."""
    renderer = ax.figure.canvas.get_renderer()
    ax.apply_aspect()
    to_display, height = ax.transData, ax.figure.bbox.height
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    shown = towns.loc[towns["in_county"] & towns["x"].between(x0, x1) & towns["y"].between(y0, y1)]
    named = {g.title for g in groups}  # a callout already names the town
    dots = shown.loc[~shown["name"].isin(named)]
    ax.scatter(dots["x"], dots["y"], s=5, color="#222222", zorder=5, linewidths=0)
    texts: dict[str, tuple] = {}
    ranks = dict(zip(shown["name"], shown["rank"]))

    def measure(key: str, label: str, x: float, y: float) -> tuple[float, float, float, float]:
        callout = key.startswith("g")
        rank = ranks.get(label, 3)
        text = ax.text(x, y, label, fontsize=CALLOUT_POINTS if callout else TOWN_POINTS + (rank == 0),
                       fontweight="bold" if callout or rank <= 1 else "normal", ha="center", va="center",
                       zorder=7, color="#5a1e45" if callout else "#222222")
        ext = text.get_window_extent(renderer)
        dx, dy = to_display.transform((x, y))
        pad = 4.0 if callout else 1.5
        texts[key] = (text, x, y)
        return dx, height - dy, ext.width + 2 * pad, ext.height + 2 * pad

    requests = town_requests(groups, shown, measure)
    box = ax.bbox
    spots = to_display.transform(markers[["easting", "northing"]].to_numpy(dtype=float).reshape(-1, 2))
    soft = [(x - 3, height - y - 3, x + 3, height - y + 3) for x, y in spots]
    placed = layout_labels(requests, (box.x0, height - box.y1, box.x1, height - box.y0), markers=soft)
    inverse = to_display.inverted()
    for key, (text, x, y) in texts.items():
        spot = placed[key]
        if not spot.visible:
            text.remove()
            continue
        left, top, right, bottom = spot.box
        text.set_position(inverse.transform(((left + right) / 2, height - (top + bottom) / 2)))
        text.set_path_effects([patheffects.withStroke(linewidth=2.0, foreground="white")])
        callout = key.startswith("g")
        if callout:
            text.set_bbox(dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor=CALLOUT_EDGE,
                               linewidth=0.8))
        if spot.leader:
            end = (min(max(spot.anchor[0], left), right), height - min(max(spot.anchor[1], top), bottom))
            ax.plot(*zip((x, y), inverse.transform(end)), color=CALLOUT_EDGE if callout else "#555555",
                    linewidth=0.8 if callout else 0.5, zorder=6)


def _scale_bar(ax, xmin: float, ymin: float, xmax: float) -> None:
    length = 10_000 if xmax - xmin > 30_000 else 1_000
    x0, y0 = xmin, ymin - (xmax - xmin) * 0.035
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


def share_chart(plan: pd.DataFrame, baseline: pd.DataFrame) -> Figure:
    """SPE.a (solid) and SPE.d (dotted) per year, plan against no new places (:func:`dashboard.measures` tables)."""
    fig = Figure(figsize=(7.0, 3.0))
    ax = fig.add_subplot()
    for table, label, colour in ((baseline, "No new places", BASELINE_COLOUR), (plan, "Plan", PLAN_COLOUR)):
        if table["spe_a"].isna().all():  # a baseline saved before the measures: the plan alone
            continue
        years = table["year"].to_numpy()
        ax.plot(years, 100 * table["spe_a"], marker="o", color=colour, linewidth=2, label=f"SPE.a, {label.lower()}")
        ax.plot(years, 100 * table["spe_d"], marker="o", markersize=3, color=colour, linewidth=1.2, linestyle=":",
                label=f"SPE.d, {label.lower()}")
    _year_axis(ax, plan["year"].to_numpy())
    ax.set_ylabel("Share of children with EHC plans")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:g}%")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=4)
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
    ax.plot(x, per_year["demand"], color="black", marker="o", markersize=3, linewidth=1, label="Needing a place")
    _year_axis(ax, x)
    ax.set_ylabel("Children")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3)
    return fig
