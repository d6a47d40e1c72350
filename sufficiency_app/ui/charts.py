"""The plan's charts: demand against places, independent placements, journeys, capital, marginal values, bands.

``ChartsPanel`` is what the main window embeds: a scrolling grid of
pyqtgraph charts on a white background, each with its own "Save image"
button. The series come from :mod:`sufficiency_app.ui.charts_data`; this
module only draws them, with British number formats (thousands
separators, £ for money, academic years on the time axis).

Run ``python -m sufficiency_app.ui.charts [SCENARIO]`` for a quick look.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..infra.formatting import academic_year
from ..model.codes import NEED_NAMES, NEEDS, TIERS
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..present.plan_words import why_no_marginal_values
from ..solver import baseline
from . import charts_data
from .map_view import load_for_preview, preview_parser
from .palettes import BASELINE_COLOUR, SERIES_COLOURS, TIER_COLOURS
from .view_export import export_view

CHARTS: dict[str, str] = {
    "demand": "Children with EHC plans and places, by tier",
    "independent": "Independent placements per year",
    "shares": "SPE.a and SPE.d: independent share",
    "travel": "Journey times (child-years)",
    "capital": "Capital spent against budget",
    "marginal": "Value of one more place",
    "bands": "Projected demand: median and 5-95% range",
}
INK = "#1B2A3A"


def format_number(value: float, spacing: float = 1.0) -> str:
    """A tick or count, British style: 1,234 or 1,234.5 when the ticks are closer than one."""
    digits = 0 if spacing >= 1 or value == int(value) else 1
    return f"{value:,.{digits}f}"


def format_money(value: float, span: float) -> str:
    """Pounds for an axis whose largest value is ``span``: £2.5m, £250k or £900."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if span >= 1e6:
        text = f"{value / 1e6:,.2f}".rstrip("0").rstrip(".")
        return f"{sign}£{text}m"
    if span >= 1e4:
        return f"{sign}£{value / 1e3:,.0f}k"
    return f"{sign}£{value:,.0f}"


def format_marginal(value: float, by: str) -> str:
    """A bar's value: child-years avoided with two decimals (they are fractions), minutes whole."""
    if by == "minutes_saved":
        return f"{value:,.0f} min"
    return f"{value:,.2f}"


class NumberAxis(pg.AxisItem):
    """An axis with thousands separators, or pounds when ``money`` is set, or a percent sign with ``percent``."""

    def __init__(self, orientation: str, money: bool = False, percent: bool = False):
        super().__init__(orientation)
        self.money, self.percent = money, percent
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph name)
        if self.money:
            span = max((abs(v) for v in values), default=0.0)
            return [format_money(v, span) for v in values]
        return [format_number(v, spacing) + ("%" if self.percent else "") for v in values]


class YearAxis(pg.AxisItem):
    """Whole academic years only, written 2025/26."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph names)
        first, last = math.ceil(minVal), math.floor(maxVal)
        if last < first:
            return []
        step = max(1, math.ceil((last - first + 1) / max(size / 70.0, 1)))
        return [(step, list(range(first, last + 1, step)))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [academic_year(int(round(v))) for v in values]


class NameAxis(pg.AxisItem):
    """Category names at whole-number positions (setting names on horizontal bars)."""

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self.names: list[str] = []

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803
        return [(1, [i for i in range(len(self.names)) if minVal <= i <= maxVal])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [self.names[int(v)] if 0 <= int(v) < len(self.names) else "" for v in values]


class ChartWidget(pg.PlotWidget):
    """A plot that leaves the plain wheel to the page, so scrolling the charts never zooms one; Ctrl+wheel zooms."""

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
        else:
            event.ignore()  # goes up to the scroll area


LEGEND_ROOM = 1.35  # y range over the highest value where a legend sits above rising lines


def _pen(colour: str, width: float = 2.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine):
    return pg.mkPen(QColor(colour), width=width, style=style)


def _alpha(colour: str, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


class ChartCard(QFrame):
    """One chart: a row of controls with a save button, and a white pyqtgraph plot with title and legend."""

    def __init__(self, key: str, title: str, bottom: pg.AxisItem, left: pg.AxisItem, panel: ChartsPanel):
        super().__init__()
        self.key = key
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("ChartCard { background: white; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        self.controls = QHBoxLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5B6B7C;")
        self.controls.addWidget(self.note, 1)
        save = QToolButton()
        save.setText("Save image\u2026")
        save.setToolTip("Save this chart as PNG or SVG")
        save.clicked.connect(lambda: panel.ask_export(key))
        self.controls.addWidget(save)
        layout.addLayout(self.controls)
        self.widget = ChartWidget(background="w", axisItems={"bottom": bottom, "left": left})
        self.widget.setToolTip("Ctrl + wheel zooms; drag to pan within the data")
        self.widget.setMinimumSize(360, 300)
        self.plot: pg.PlotItem = self.widget.getPlotItem()
        self.title = title
        self.plot.setTitle(title, color=INK, size="11pt")
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen("#5B6B7C"))
            axis.setTextPen(pg.mkPen(INK))
        layout.addWidget(self.widget, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Elide the title to the chart's width (a narrow Compare chart cut it at "SP"); the whole one in a tooltip."""
        super().resizeEvent(event)
        font = QFont()
        font.setPointSizeF(11)
        shown = QFontMetricsF(font).elidedText(self.title, Qt.TextElideMode.ElideRight, max(self.width() - 40, 60))
        self.plot.setTitle(shown, color=INK, size="11pt")
        self.widget.setToolTip(("" if shown == self.title else f"{self.title}\n") +
                               "Ctrl + wheel zooms; drag to pan within the data")

    def lock_view(self) -> None:
        """Keep zooming and panning inside what the chart shows now (its data and the range set for it)."""
        box = self.plot.getViewBox()
        (x0, x1), (y0, y1) = box.viewRange()
        bounds = box.childrenBounds()
        if bounds[0] is not None:
            x0, x1 = min(x0, bounds[0][0]), max(x1, bounds[0][1])
        if bounds[1] is not None:
            y0, y1 = min(y0, bounds[1][0]), max(y1, bounds[1][1])
        box.setLimits(xMin=x0, xMax=x1, yMin=y0, yMax=y1)

    def show_years(self, years: Sequence[int]) -> None:
        """Fix the x range to the plan years with room for the first and last labels."""
        if len(years):
            self.plot.setXRange(min(years) - 0.5, max(years) + 0.5, padding=0)

    def add_control(self, label: str, widget: QWidget) -> None:
        self.controls.insertWidget(self.controls.count() - 1, QLabel(label))
        self.controls.insertWidget(self.controls.count() - 1, widget)

    def clear(self, note: str = "", corner: str = "top_left") -> pg.LegendItem:
        """Empty the plot and start a fresh legend in a corner; ``note`` says why a chart is empty."""
        self.plot.clear()
        self.plot.getViewBox().setLimits(xMin=None, xMax=None, yMin=None, yMax=None)
        self.plot.enableAutoRange()
        if self.plot.legend is not None:
            self.plot.legend.scene().removeItem(self.plot.legend)
            self.plot.legend = None
        offset = (10, 10) if corner == "top_left" else (-10, 10)
        legend = self.plot.addLegend(offset=offset, labelTextColor=INK, brush=pg.mkBrush(255, 255, 255, 220),
                                     pen=pg.mkPen("#D5DCE4"))
        self.note.setText(note)
        return legend

    def export(self, path: Path) -> Path:
        """Write the chart as seen (title, axes, legend): PNG at twice screen resolution, or SVG.

        Rendered with Qt (:func:`export_view`) rather than pyqtgraph's
        exporters: with Qt 6.12 its SVGExporter fails on some paths (filled
        bands), and its ImageExporter enlarges tick labels but not the legend.
        """
        return export_view(self.widget, path, title=self.title)


class ChartsPanel(QWidget):
    """All charts of one scenario's plan, its do-nothing baseline and any plans compared with it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scenario: Scenario | None = None
        self.plan: PlanResult | None = None
        self.baseline: PlanResult | None = None
        self.compare: list[tuple[str, PlanResult]] = []
        self.bands: pd.DataFrame | None = None
        self.cards: dict[str, ChartCard] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 0)
        self.need_box = QComboBox()
        self.need_box.addItem("All needs", None)
        for need in NEEDS:
            self.need_box.addItem(f"{need} \u2013 {NEED_NAMES[need]}", need)
        self.need_box.currentIndexChanged.connect(lambda _i: (self._draw_demand(), self._draw_bands()))
        bar.addWidget(QLabel("Need (demand and projection charts)"))
        bar.addWidget(self.need_box)
        bar.addStretch(1)
        save_all = QToolButton()
        save_all.setText("Save all charts\u2026")
        save_all.clicked.connect(lambda: self.ask_export(None))
        bar.addWidget(save_all)
        outer.addLayout(bar)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setSpacing(10)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        axes = {
            "demand": (YearAxis("bottom"), NumberAxis("left")),
            "independent": (YearAxis("bottom"), NumberAxis("left")),
            "shares": (YearAxis("bottom"), NumberAxis("left", percent=True)),
            "travel": (NumberAxis("bottom"), NumberAxis("left")),
            "capital": (YearAxis("bottom"), NumberAxis("left", money=True)),
            "marginal": (NumberAxis("bottom"), NameAxis("left")),
            "bands": (YearAxis("bottom"), NumberAxis("left")),
        }
        for i, (key, title) in enumerate(CHARTS.items()):
            card = ChartCard(key, title, *axes[key], panel=self)
            self.cards[key] = card
            grid.addWidget(card, i // 2, i % 2)
        labels = {
            "demand": ("children", None), "independent": ("children", None),
            "shares": ("share of children with EHC plans", None),
            "travel": ("child-years", "one-way journey (minutes)"), "capital": ("capital", None),
            "marginal": (None, "per extra place"), "bands": ("children", None),
        }
        for key, (left, bottom) in labels.items():
            if left:
                self.cards[key].plot.setLabel("left", left, color=INK)
            if bottom:
                self.cards[key].plot.setLabel("bottom", bottom, color=INK)
        self.marginal_year = QComboBox()
        self.marginal_year.currentIndexChanged.connect(lambda _i: self._draw_marginal())
        self.marginal_by = QComboBox()
        self.marginal_by.addItem("Independent child-years avoided", "independent_avoided")
        self.marginal_by.addItem("Minutes of travel saved", "minutes_saved")
        self.marginal_by.currentIndexChanged.connect(lambda _i: self._draw_marginal())
        self.cards["marginal"].add_control("Year", self.marginal_year)
        self.cards["marginal"].add_control("Show", self.marginal_by)
        self.cards["bands"].setVisible(False)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        outer.addWidget(scroll, 1)
        self.set_data(None, None, None)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1100, 1000)

    # ---------------------------------------------------------- public calls
    def set_data(self, scenario: Scenario | None, plan: PlanResult | None, baseline: PlanResult | None,
                 compare: Sequence[tuple[str, PlanResult]] = ()) -> None:
        """Draw a scenario's plan against its baseline, with other plans overlaid where it makes sense."""
        self.scenario, self.plan, self.baseline, self.compare = scenario, plan, baseline, list(compare)
        self.marginal_year.blockSignals(True)
        self.marginal_year.clear()
        if scenario is not None:
            for year in scenario.years:
                self.marginal_year.addItem(academic_year(year), year)
        self.marginal_year.blockSignals(False)
        self._draw_demand()
        self._draw_independent()
        self._draw_shares()
        self._draw_travel()
        self._draw_capital()
        self._draw_marginal()
        self._draw_bands()

    def set_bands(self, bands: pd.DataFrame | None) -> None:
        """Show projection uncertainty (columns year, need, tier, p5, p50, p95); None hides the chart."""
        self.bands = bands
        self.cards["bands"].setVisible(bands is not None and not bands.empty)
        self._draw_bands()

    def export_image(self, path: str | Path, chart: str | None = None) -> list[Path]:
        """Save one chart (``chart`` a key of :data:`CHARTS`) to ``path``, or every shown chart.

        For every chart, ``path`` names the first file and the others get the
        chart's key added: ``charts.png`` -> ``charts-demand.png``, ... The
        suffix (.png or .svg) picks the format. Returns the files written.
        """
        path = Path(path)
        if chart is not None:
            return [self.cards[chart].export(path)]
        return [card.export(path.with_name(f"{path.stem}-{key}{path.suffix}"))
                for key, card in self.cards.items() if not card.isHidden()]

    def ask_export(self, chart: str | None) -> None:
        name = f"{chart or 'charts'}.png"
        path, _ = QFileDialog.getSaveFileName(self, "Save chart image", name, "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            self.export_image(path, chart)

    # -------------------------------------------------------------- drawing
    def _need(self) -> str | None:
        return self.need_box.currentData()

    def _plans(self) -> list[tuple[str, PlanResult, str, Qt.PenStyle]]:
        """Baseline, plan and compared plans with their colours, in drawing order."""
        out = []
        if self.baseline is not None:
            out.append(("No new places", self.baseline, BASELINE_COLOUR, Qt.PenStyle.DashLine))
        if self.plan is not None:
            out.append(("Plan", self.plan, SERIES_COLOURS[0], Qt.PenStyle.SolidLine))
        for i, (name, result) in enumerate(self.compare):
            out.append((name, result, SERIES_COLOURS[1 + i % (len(SERIES_COLOURS) - 1)], Qt.PenStyle.SolidLine))
        return out

    def _draw_demand(self) -> None:
        card = self.cards["demand"]
        legend = card.clear("" if self.scenario else "No scenario")
        if self.scenario is None:
            return
        table = charts_data.demand_and_capacity(self.scenario, self.plan, self._need())
        for tier in TIERS:
            rows = table.loc[table["tier"] == tier]
            if not (rows["demand"].sum() > 0 or rows["capacity"].sum() > 0):
                continue
            colour = TIER_COLOURS[tier]
            card.plot.plot(rows["year"].to_numpy(), rows["demand"].to_numpy(), pen=_pen(colour, 2.5),
                           symbol="o", symbolSize=6, symbolBrush=colour, symbolPen=None, name=f"{tier.title()}: demand")
            if rows["capacity"].sum() > 0:
                card.plot.plot(rows["year"].to_numpy(), rows["capacity"].to_numpy(),
                               pen=_pen(colour, 2.0, Qt.PenStyle.DashLine), name=f"{tier.title()}: places")
        legend.setColumnCount(2)
        card.show_years(self.scenario.years)
        top = float(table[["demand", "capacity"]].to_numpy().max()) if len(table) else 0.0
        if top > 0:  # from zero, with room above the lines for the legend (it covered the top line)
            card.plot.setYRange(0, top * LEGEND_ROOM, padding=0)
        card.lock_view()
        card.note.setText("Places include those the plan adds" if self.plan is not None else "Places before any plan")

    def _draw_independent(self) -> None:
        card = self.cards["independent"]
        card.clear()
        plans = self._plans()
        if self.scenario is None or not plans:
            card.note.setText("Solve the scenario to see independent placements")
            return
        years = np.array(self.scenario.years, dtype=float)
        peak = 0.0
        for name, result, colour, style in plans:
            values = charts_data.independent_by_year(self.scenario, result).to_numpy()
            peak = max(peak, float(np.nanmax(np.r_[values, 0.0])))
            card.plot.plot(years, values, pen=_pen(colour, 2.5, style), symbol="o" if style == Qt.PenStyle.SolidLine
                           else "s", symbolSize=6, symbolBrush=colour, symbolPen=None, name=name)
        card.plot.setYRange(0, peak * 1.1 if peak > 0 else 1.0, padding=0.03)
        card.show_years(self.scenario.years)
        card.lock_view()
        card.note.setText("")

    def _draw_shares(self) -> None:
        """SPE.a (thick) and SPE.d (thin, dotted) per year for each plan that carries them."""
        card = self.cards["shares"]
        legend = card.clear()
        plans = self._plans()
        if self.scenario is None or not plans:
            card.note.setText("Solve the scenario to see the independent share")
            return
        years = np.array(self.scenario.years, dtype=float)
        peak, missing = 0.0, []
        for name, result, colour, style in plans:
            table = charts_data.shares_by_year(self.scenario, result)
            if table["spe_a"].isna().all():
                missing.append(name.lower())
                continue
            peak = max(peak, float(np.nanmax(np.r_[table[["spe_a", "spe_d"]].to_numpy().ravel(), 0.0])))
            symbol = "o" if style == Qt.PenStyle.SolidLine else "s"
            card.plot.plot(years, table["spe_a"].to_numpy(), pen=_pen(colour, 2.5, style), symbol=symbol,
                           symbolSize=6, symbolBrush=colour, symbolPen=None, name=f"SPE.a: {name}")
            card.plot.plot(years, table["spe_d"].to_numpy(), pen=_pen(colour, 1.5, Qt.PenStyle.DotLine),
                           symbol=symbol, symbolSize=4, symbolBrush=colour, symbolPen=None, name=f"SPE.d: {name}")
        legend.setColumnCount(2)
        card.plot.setYRange(0, peak * 1.25 if peak > 0 else 1.0, padding=0.03)
        card.show_years(self.scenario.years)
        card.lock_view()
        card.note.setText(f"Not available for {' and '.join(missing)}: solved before these measures existed; "
                          "solve again" if missing else "Shares of all children with EHC plans in the forecast")

    def _draw_travel(self) -> None:
        card = self.cards["travel"]
        card.clear(corner="top_right")
        plans = self._plans()
        if self.scenario is None or not plans:
            card.note.setText("Solve the scenario to see journey times")
            return
        longest = max(float(pd.to_numeric(r.allocation["minutes"], errors="coerce").max() or 0.0)
                      for _n, r, _c, _s in plans) if plans else 0.0
        top = longest if math.isfinite(longest) else 0.0
        for name, result, colour, style in plans:
            edges, counts = charts_data.travel_histogram(self.scenario, result, top=top)
            filled = name in ("Plan", "No new places")
            card.plot.plot(edges, counts, stepMode="center", pen=_pen(colour, 2.0, style),
                           fillLevel=0 if filled else None, brush=_alpha(colour, 60) if filled else None, name=name)
        limits = sorted({v for v in self.scenario.parameters.max_minutes.values() if math.isfinite(v)})
        for minutes in limits:
            phases = "/".join(p for p, v in self.scenario.parameters.max_minutes.items() if v == minutes)
            line = pg.InfiniteLine(minutes, angle=90, pen=_pen("#5B6B7C", 1.2, Qt.PenStyle.DotLine),
                                   label=f"{minutes:g} min ({phases})",
                                   labelOpts={"position": 0.55, "color": "#5B6B7C", "anchors": [(1, 0), (1, 0)],
                                              "angle": 90})
            card.plot.addItem(line)
        card.plot.setXRange(0, max([top, *limits]) + 2 * charts_data.HISTOGRAM_STEP, padding=0)
        card.lock_view()
        card.note.setText("Children placed in state settings, every plan year together (an independent journey "
                          "is only assumed)")

    def _draw_capital(self) -> None:
        card = self.cards["capital"]
        legend = card.clear()
        if self.scenario is None:
            card.note.setText("No scenario")
            return
        table = charts_data.capital_by_year(self.scenario, self.plan)
        cumulative = bool(table["cumulative"].iloc[0]) if len(table) else False
        years = table["year"].to_numpy(dtype=float)
        bars = pg.BarGraphItem(x=years, height=table["spent"].to_numpy(), width=0.6, brush=SERIES_COLOURS[0],
                               pen=pg.mkPen("w"))
        card.plot.addItem(bars)
        legend.addItem(bars, "Spent to date" if cumulative else "Spent")
        card.plot.plot(years, table["budget"].to_numpy(), pen=_pen(SERIES_COLOURS[1], 2.5), symbol="d",
                       symbolSize=7, symbolBrush=SERIES_COLOURS[1], symbolPen=None,
                       name="Budget to date (unspent carries forward)" if cumulative else "Budget")
        card.plot.setYRange(0, max(float(table[["spent", "budget"]].to_numpy().max()), 1.0) * 1.15, padding=0.03)
        card.show_years(self.scenario.years)
        card.lock_view()
        total = float(self.plan.capital) if self.plan is not None else 0.0
        card.note.setText(f"Plan capital: £{total:,.0f}" if self.plan is not None else "No plan yet: budget only")

    def _draw_marginal(self) -> None:
        card = self.cards["marginal"]
        card.clear().setVisible(False)
        axis: NameAxis = card.plot.getAxis("left")
        year = self.marginal_year.currentData()
        by = self.marginal_by.currentData()
        if self.scenario is None or year is None:
            axis.names = []
            card.note.setText("No plan yet")
            return
        table = charts_data.marginal_values(self.scenario, self.plan, int(year), by=by)
        table = table.iloc[::-1].reset_index(drop=True)  # best at the top
        axis.names = [name if len(name) <= 28 else name[:27] + "\u2026" for name in table["name"].astype(str)]
        metrics = QFontMetricsF(axis.style["tickFont"] or QFont())
        axis.setWidth(int(max((metrics.horizontalAdvance(n) for n in axis.names), default=20) + 16))
        if table.empty:
            card.note.setText(why_no_marginal_values(self.plan) if self.plan is not None
                              else "Solve the scenario to see marginal values")
            axis.picture = None
            axis.update()
            return
        card.note.setText("")
        colour = SERIES_COLOURS[0] if by == "independent_avoided" else SERIES_COLOURS[2]
        bars = pg.BarGraphItem(x0=0, y=np.arange(len(table), dtype=float), height=0.65,
                               width=table[by].to_numpy(), brush=colour, pen=pg.mkPen("w"))
        card.plot.addItem(bars)
        card.plot.setLabel("bottom", self.marginal_by.currentText().lower() + " per extra place", color=INK)
        values = table[by].to_numpy(dtype=float)
        for y, value in enumerate(values):  # the value at the end of each bar: lengths alone look alike
            label = pg.TextItem(format_marginal(value, by), color=INK, anchor=(0, 0.5))
            label.setPos(value, float(y))
            card.plot.addItem(label)
        card.plot.setYRange(-0.6, len(table) - 0.4, padding=0)
        # Room on the right for the longest value label.
        card.plot.setXRange(0, max(float(values.max()), 1e-9) * 1.3, padding=0)
        card.lock_view()
        axis.picture = None
        axis.update()

    def _draw_bands(self) -> None:
        card = self.cards["bands"]
        card.clear()
        table = charts_data.bands_for(self.bands, self._need())
        if table.empty:
            card.note.setText("No projection bands for this need")
            return
        for tier in TIERS:
            rows = table.loc[table["tier"] == tier].sort_values("year")
            if rows.empty or rows["p95"].max() <= 0:
                continue
            colour = TIER_COLOURS[tier]
            years = rows["year"].to_numpy(dtype=float)
            low = pg.PlotDataItem(years, rows["p5"].to_numpy(), pen=_pen(colour, 0.8))
            high = pg.PlotDataItem(years, rows["p95"].to_numpy(), pen=_pen(colour, 0.8))
            band = pg.FillBetweenItem(low, high, brush=_alpha(colour, 55))
            for item in (band, low, high):
                card.plot.addItem(item)
            card.plot.plot(years, rows["p50"].to_numpy(), pen=_pen(colour, 2.5), name=f"{tier.title()}: median")
            sample = pg.PlotDataItem(pen=_pen(colour, 0.8), fillLevel=0, fillBrush=_alpha(colour, 55))
            card.plot.legend.addItem(sample, f"{tier.title()}: 5-95% range")
        card.show_years(sorted(set(table["year"])))
        card.lock_view()
        summed = self._need() is None and not (self.bands["need"].astype(str) == "ALL").any()
        card.note.setText("Needs added up: the range is wider than the county total's" if summed else "")


def main(argv: list[str] | None = None) -> int:
    """Show the charts of a scenario (default: the sample county), or save them as images."""
    parser = preview_parser("Show the charts of a scenario's plan.",
                            "write every chart to PNG/SVG files named after this one and exit")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loaded = load_for_preview(args.scenario, args.results)
    if loaded is None:
        return 1
    scenario, plan = loaded
    base = baseline(scenario)
    panel = ChartsPanel()
    panel.resize(1200, 1100)
    panel.set_data(scenario, plan, base)
    panel.show()
    if args.save:
        app.processEvents()
        panel.grab().save(str(Path(args.save).with_name(Path(args.save).stem + "-panel.png")))
        for path in panel.export_image(args.save):
            print(path)
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
