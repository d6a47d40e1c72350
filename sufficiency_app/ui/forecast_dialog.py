"""Forecast demand from census history with the levers an officer talks about, then use it.

The dialog wraps :func:`sufficiency_app.projection.forecast`: it runs on a
worker (a simulation of 1,000 futures takes a few seconds), draws the
5-95% bands with the charts panel's own band chart, and lists the totals
by year beside the scenario's current demand. "Use this demand" hands the
table back; :func:`apply_forecast` makes it one undoable edit.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..infra.formatting import academic_year
from ..model.scenario import Scenario
from ..projection import Forecast, Levers
from . import theme
from .charts import ChartsPanel
from .dialog_parts import FileRow, MessageLine, TaskStrip
from .store import ProjectStore
from .tasks import forecast_task

PERCENTILES = ((50, "Median (50th percentile)"), (80, "80th percentile (cautious)"),
               (90, "90th percentile (very cautious)"))
CSV_FILTER = "CSV files (*.csv)"


def totals_by_year(current: pd.DataFrame, forecast_demand: pd.DataFrame) -> pd.DataFrame:
    """Children with plans by year: ``year``, ``current``, ``forecast``, ``change`` (forecast - current)."""
    now = current.groupby(current["year"].astype(int))["count"].sum()
    new = forecast_demand.groupby(forecast_demand["year"].astype(int))["count"].sum()
    table = pd.DataFrame({"current": now, "forecast": new}).fillna(0.0).sort_index()
    table["change"] = table["forecast"] - table["current"]
    return table.rename_axis("year").reset_index()


def _spin(low: float, high: float, value: float, suffix: str, decimals: int = 1, step: float = 0.5) -> QDoubleSpinBox:
    box = QDoubleSpinBox(decimals=decimals, singleStep=step, suffix=suffix)
    box.setRange(low, high)
    box.setValue(value)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


class ForecastDialog(QDialog):
    """Levers on the left; bands chart and totals table on the right; ``result_demand`` when accepted."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None):
        super().__init__(parent)
        self.scenario = scenario
        self.outcome: Forecast | None = None
        self.result_demand: pd.DataFrame | None = None
        self.setWindowTitle(f"Forecast demand \u2013 {scenario.name}")
        self._build()
        self.resize(1120, 740)

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._data_box())
        column.addWidget(self._levers_box())
        column.addWidget(self._uncertainty_box())
        self.run_button = QPushButton("Run forecast")
        self.run_button.setProperty("primary", True)
        self.run_button.setToolTip("Fit the cohort model to the history and simulate the futures")
        self.run_button.clicked.connect(self.run)
        column.addWidget(self.run_button)
        column.addStretch(1)
        left.setFixedWidth(420)

        self.charts = ChartsPanel(self)  # only its band chart and need selector are shown
        self.charts.hide()
        self.card = self.charts.cards["bands"]
        self.card.add_control("Need", self.charts.need_box)
        self.card.setVisible(True)
        self.card.widget.setMinimumHeight(260)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Year", "Current demand", "Forecast", "Change"])
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.card)
        totals = QWidget()
        box = QVBoxLayout(totals)
        box.setContentsMargins(0, 6, 0, 0)
        title = QLabel("Children with plans by year (all needs and tiers)")
        title.setObjectName("sectionTitle")
        box.addWidget(title)
        box.addWidget(self.table)
        right.addWidget(totals)
        right.setSizes([400, 270])

        body = QHBoxLayout()
        body.addWidget(left)
        body.addWidget(right, 1)

        self.message = MessageLine()
        self.tasks = TaskStrip()
        self.tasks.busyChanged.connect(self._busy)
        self.buttons = QDialogButtonBox()
        self.use_button = self.buttons.addButton("Use this demand", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setProperty("primary", True)
        self.use_button.setToolTip("Replace the scenario's demand with this forecast (Undo puts it back)")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.tasks)
        layout.addWidget(self.buttons)
        self._show_totals(None)

    def _data_box(self) -> QGroupBox:
        group = QGroupBox("Data")
        form = QFormLayout(group)
        history = self.scenario.history
        if history is not None and len(history):
            years = history["year"].astype(int)
            hint = f"the scenario's ({years.min()}\u2013{years.max()})"
        else:
            hint = "required: this scenario has no history"
        self.history_file = FileRow("Census history", CSV_FILTER, placeholder=hint)
        self.history_file.setToolTip("history.csv: children with plans by census year, year group, need and setting")
        self.population_file = FileRow("Population", CSV_FILTER, placeholder="optional (needed for a ceiling)")
        self.population_file.setToolTip("population.csv: pupils by year and year group; "
                                        "makes new plans grow with the population and allows a ceiling")
        self.population_file.changed.connect(lambda _t: self._ceiling_allowed())
        form.addRow("History", self.history_file)
        form.addRow("Population", self.population_file)
        return group

    def _levers_box(self) -> QGroupBox:
        group = QGroupBox("Assumptions")
        form = QFormLayout(group)
        self.growth_on = QCheckBox("Set")
        self.growth_on.setToolTip("Unticked: new plans follow the trend fitted to the history")
        self.growth = _spin(-50, 100, 3.0, " % a year")
        self.growth.setEnabled(False)
        self.growth_on.toggled.connect(self.growth.setEnabled)
        self.trend = QLabel("Not set: the trend fitted to the history")
        self.trend.setWordWrap(True)
        self.trend.setStyleSheet(f"color: {theme.MUTED.name()};")
        row = QHBoxLayout()
        row.addWidget(self.growth_on)
        row.addWidget(self.growth, 1)
        form.addRow("Growth of new plans", row)
        form.addRow("", self.trend)
        self.ceiling_on = QCheckBox("Cap at")
        self.ceiling_on.setToolTip("Plans may not exceed this share of pupils; new plans are cut to fit")
        self.ceiling = _spin(0.1, 100, 6.0, " % of pupils", decimals=2, step=0.1)
        self.ceiling.setEnabled(False)
        self.ceiling_on.toggled.connect(self.ceiling.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.ceiling_on)
        row.addWidget(self.ceiling, 1)
        form.addRow("Ceiling", row)
        self.backlog = QSpinBox(minimum=0, maximum=100_000, singleStep=10, suffix=" plans")
        self.backlog.setToolTip("Plans waiting for assessment, added on top of the trend")
        self.backlog_years = QSpinBox(minimum=1, maximum=10, suffix=" year(s)")
        row = QHBoxLayout()
        row.addWidget(self.backlog, 1)
        row.addWidget(QLabel("over"))
        row.addWidget(self.backlog_years)
        form.addRow("Backlog", row)
        self.shift = _spin(-100, 100, 0.0, " %", step=5)
        self.shift.setToolTip("Share of new plans and moves that would go to special or independent schools "
                              "and go to mainstream instead (negative: the other way)")
        form.addRow("Mainstream shift", self.shift)
        self._ceiling_allowed()
        return group

    def _uncertainty_box(self) -> QGroupBox:
        group = QGroupBox("Uncertainty")
        form = QFormLayout(group)
        self.percentile = QComboBox()
        for value, text in PERCENTILES:
            self.percentile.addItem(text, value)
        self.percentile.setCurrentIndex(1)
        self.percentile.setToolTip("Demand is planned at this percentile of the simulated futures, "
                                   "taken for each need, phase and tier")
        self.runs = QSpinBox(minimum=100, maximum=5_000, singleStep=100)
        self.runs.setValue(1000)
        self.runs.setToolTip("More runs: smoother bands, longer wait")
        self.seed = QSpinBox(minimum=0, maximum=999_999)
        self.seed.setToolTip("Same seed and inputs: same forecast")
        form.addRow("Plan against", self.percentile)
        form.addRow("Simulation runs", self.runs)
        form.addRow("Random seed", self.seed)
        return group

    # ------------------------------------------------------------ actions
    def levers(self) -> Levers:
        """The levers as set (fractions); ValueError if they do not make sense."""
        return Levers(
            growth=self.growth.value() / 100.0 if self.growth_on.isChecked() else None,
            ceiling=self.ceiling.value() / 100.0 if self.ceiling_on.isChecked() else None,
            backlog=float(self.backlog.value()), backlog_years=self.backlog_years.value(),
            mainstream_shift=self.shift.value() / 100.0,
        )

    def run(self) -> None:
        """Start the forecast on the worker."""
        self.message.clear_message()
        history, population = self.history_file.path, self.population_file.path
        for label, path in (("history", history), ("population", population)):
            if path is not None and not path.is_file():
                self.message.show_message(f"The {label} file {path.name} does not exist.", "error")
                return
        try:
            levers = self.levers()
        except ValueError as exc:
            self.message.show_message(str(exc), "error")
            return
        task = forecast_task(self.scenario, history, population, levers, self.runs.value(), self.seed.value(),
                             float(self.percentile.currentData()))
        self.tasks.run("forecast", task, self._finished, self._failed, self._cancelled,
                       status=f"Simulating {self.runs.value():,} futures\u2026")

    def use(self) -> None:
        if self.outcome is not None:
            self.result_demand = self.outcome.demand
            self.accept()

    def done(self, code: int) -> None:
        """Closing by any route (buttons, Esc, the title bar) stops the worker."""
        self.tasks.shutdown()
        super().done(code)

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.use_button.setEnabled(not busy and self.outcome is not None)

    def _ceiling_allowed(self) -> None:
        allowed = self.population_file.path is not None
        self.ceiling_on.setEnabled(allowed)
        if not allowed:
            self.ceiling_on.setChecked(False)
        self.ceiling_on.setToolTip("Plans may not exceed this share of pupils" if allowed
                                   else "Choose a population file to set a ceiling")

    def _finished(self, result: Forecast) -> None:
        self.outcome = result
        rates = result.rates
        growth = result.levers.growth if result.levers.growth is not None else rates.growth
        used = "" if result.levers.growth is None else f", using {growth * 100:+.1f}%"
        self.trend.setText(f"Fitted trend {rates.growth * 100:+.1f}% a year{used}")
        self.charts.set_bands(result.bands.loc[result.bands["year"].isin(self.scenario.years)])
        self.card.setVisible(True)
        self._show_totals(totals_by_year(self.scenario.demand, result.demand))
        last = result.demand["year"].max()
        total = result.demand.loc[result.demand["year"] == last, "count"].sum()
        self.message.show_message(
            f"Forecast ready: {total:,.0f} children with plans in {academic_year(int(last))} at the "
            f"{result.percentile:g}th percentile of {result.simulation.runs:,} runs.", "done")
        self.use_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.message.show_message(f"The forecast could not run: {message}", "error")

    def _cancelled(self) -> None:
        self.message.show_message("Forecast cancelled.", "warning")

    def _show_totals(self, table: pd.DataFrame | None) -> None:
        rows = [] if table is None else list(table.itertuples(index=False))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (academic_year(int(row.year)), f"{row.current:,.0f}", f"{row.forecast:,.0f}",
                     f"{row.change:+,.0f}")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)


def apply_forecast(store: ProjectStore, parent: QWidget | None = None, charts: ChartsPanel | None = None) -> bool:
    """Forecast the current scenario's demand and, if the user takes it, apply it as one undoable edit.

    With ``charts`` (the window's charts panel) the forecast's bands are
    shown there too. Returns True when the demand was replaced.
    """
    scenario = store.scenario
    if scenario is None:
        return False
    dialog = ForecastDialog(scenario, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_demand is None:
            return False
        store.edit_scenario(scenario.replace(demand=dialog.result_demand), "demand", "Forecast demand")
        if charts is not None and dialog.outcome is not None:
            charts.set_bands(dialog.outcome.bands)
        return True
    finally:
        dialog.deleteLater()
