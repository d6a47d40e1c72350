"""The Risk view: how the current plan holds up in simulated demand futures, against doing nothing.

The run is a background task (progress, time left, Cancel) on the panel's
own :class:`~.dialog_parts.TaskStrip`; the chart is the report's
(:func:`sufficiency_app.report.risk_page.fan_figure`) drawn on a canvas, so
window and report show the same picture. A result from
``sufficiency stress`` can be opened instead of run here.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..model.stress_result import StressFolderError, StressResult, Threshold, councillor_sentence, read_stress
from ..report.risk_page import fan_figure
from . import theme
from .dialog_parts import FileRow, MessageLine, TaskStrip
from .store import CurrentChanged, ProjectReplaced, ProjectStore, ResultsChanged
from .tasks import stress_task

CSV_FILTER = "CSV files (*.csv);;All files (*)"


class RiskPanel(QWidget):
    """Futures, seed and threshold; Run; the fan chart, the histogram and the chance of exceeding."""

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.result: StressResult | None = None
        self.futures = QSpinBox(minimum=10, maximum=100_000, singleStep=50, value=200)
        self.futures.setToolTip("How many demand futures to simulate; 1,000 takes a few minutes")
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1, value=0)
        self.seed.setToolTip("The same seed gives the same futures, so runs can be repeated and compared")
        self.year = QSpinBox(minimum=2000, maximum=2100)
        self.count = QSpinBox(minimum=0, maximum=1_000_000, singleStep=50, value=600)
        self.count.setGroupSeparatorShown(True)
        self.population = FileRow("Population", CSV_FILTER, placeholder="optional: population.csv")
        self.population.setToolTip("Pupils by year and year group: new plans then grow with the population")
        self.run_button = QPushButton("Run")
        self.run_button.setObjectName("primary")
        self.run_button.clicked.connect(self.run)
        self.open_button = QPushButton("Open results\u2026")
        self.open_button.setToolTip("Show a folder written by `sufficiency stress`")
        self.open_button.clicked.connect(self._open_dialog)
        self.strip = TaskStrip(self)
        self.strip.busyChanged.connect(lambda busy: self.run_button.setEnabled(not busy))
        self.message = MessageLine(self)
        self.sentence = QLabel(wordWrap=True)
        self.sentence.setFont(theme.scaled_font(self, 1.15))
        self.figure = Figure(figsize=(9.0, 3.9))
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(380)

        for spin in (self.futures, self.seed, self.year, self.count):
            spin.setFixedWidth(110)
        self.population.setMaximumWidth(520)
        settings = QHBoxLayout()
        for label, widget in (("Futures", self.futures), ("Seed", self.seed),
                              ("Chance of more than", self.count), ("independent placements in", self.year)):
            settings.addWidget(QLabel(label))
            settings.addWidget(widget)
            settings.addSpacing(12)
        settings.addStretch(1)
        form = QFormLayout()
        form.addRow(settings)
        form.addRow("Population", self.population)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.strip, 1)
        title = QLabel("How the plan holds up if demand differs")
        title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.sentence)
        layout.addWidget(self.canvas, 1)
        for spin in (self.year, self.count):
            spin.valueChanged.connect(lambda _v: self._draw())
        store.changed.connect(self._on_store)
        self._on_store(None)

    @property
    def threshold(self) -> Threshold:
        return Threshold(self.year.value(), float(self.count.value()))

    def _on_store(self, msg: object) -> None:
        if not isinstance(msg, (CurrentChanged, ProjectReplaced, ResultsChanged)) and msg is not None:
            return
        entry = self.store.entry
        if entry is not None:
            years = entry.scenario.years
            self.year.setRange(years[0], years[-1])
            if self.result is None:
                self.year.setValue(years[-1])
        if self.result is not None and (entry is None or self.result.scenario != entry.name):
            self.show_result(None)
        self._explain()

    def _explain(self) -> None:
        entry = self.store.entry
        if self.strip.busy:
            return
        if entry is None or entry.result is None:
            self.message.show_message("Solve the scenario first: the stress test keeps its plan's building "
                                      "schedule and varies demand.", "info")
        elif entry.stale:
            self.message.show_message("The plan is older than the last edit; solve again to test the current "
                                      "scenario.", "warning")
        elif self.result is None:
            self.message.show_message("Run to test the plan against simulated futures of demand.", "info")
        else:
            self.message.clear_message()

    def run(self):
        """Start the stress test of the current plan; returns the task handle (None if there is no plan)."""
        entry = self.store.entry
        if entry is None or entry.result is None:
            self._explain()
            return None
        if entry.scenario.history is None:
            self.message.show_message("This scenario has no history.csv, so there is nothing to simulate "
                                      "futures from.", "error")
            return None
        task = stress_task(entry.scenario, entry.result.schedule, self.futures.value(), self.seed.value(),
                           self.population.path, self.threshold)
        self.message.clear_message()
        return self.strip.run("stress", task, self.show_result, self._failed,
                              lambda: self.message.show_message("Stopped; nothing changed.", "info"),
                              status="Simulating futures\u2026")

    def _failed(self, text: str) -> None:
        self.message.show_message(f"The stress test stopped: {text}", "error")

    def show_result(self, result: StressResult | None) -> None:
        """Show ``result`` (None clears the view)."""
        self.result = result
        if result is not None:
            threshold = result.default_threshold()
            self.year.setValue(threshold.year)
            self.count.setValue(int(threshold.count))
            self.message.clear_message()
        self._draw()

    def _draw(self) -> None:
        if self.result is None:
            self.figure.clear()
            self.sentence.clear()
        else:
            fan_figure(self.result, self.threshold, self.figure)
            self.sentence.setText(councillor_sentence(self.result, self.threshold))
        self.canvas.draw_idle()

    def open_folder(self, folder: str | Path) -> bool:
        """Show a folder written by ``sufficiency stress``; False (with a message) if it is not one."""
        try:
            self.show_result(read_stress(folder))
        except (StressFolderError, OSError, ValueError, KeyError) as exc:
            self.message.show_message(str(exc), "error")
            return False
        return True

    def _open_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a stress test result")
        if folder:
            self.open_folder(folder)

    def shutdown(self) -> None:
        self.strip.shutdown()
