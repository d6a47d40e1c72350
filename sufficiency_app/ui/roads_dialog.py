"""Import travel times from a road network (OS Open Roads, an OpenStreetMap extract) into the scenario.

Reading the file and routing every area to every setting run on a worker
with a progress bar and a Cancel that stops the routing between batches.
The dialog shows what the network kept and dropped and how many places
lie far from any road, then hands back the travel rows and the links;
:func:`import_road_travel` applies the rows as one undoable edit and puts
the links on the map.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..infra.errors import ScenarioError
from ..model.scenario import Scenario
from ..roads import TravelCache, resolve_settings
from .dialog_parts import FileRow, MessageLine, TaskStrip
from .results_panel import HeadlineCard
from .store import ProjectStore
from .tasks import RoadTravel, road_travel_task

ROAD_FILTER = "Road links (*.gpkg *.shp *.geojson *.json);;All files (*)"
FIGURES = (("kept", "Links kept"), ("dropped", "Links dropped"), ("journeys", "Journeys"),
           ("median", "Median journey"), ("far", "Far from a road"))


class RoadsDialog(QDialog):
    """Pick a road file and access minutes, compute, review; ``result_travel`` and ``result_links`` when accepted."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None, cache: TravelCache | None = None):
        super().__init__(parent)
        self.scenario = scenario
        self.cache = cache
        self.outcome: RoadTravel | None = None
        self.result_travel: pd.DataFrame | None = None
        self.result_links: gpd.GeoDataFrame | None = None
        self.setWindowTitle(f"Travel times from a road network \u2013 {scenario.name}")

        intro = QLabel("Journey times along real roads replace the straight-line estimate for every area "
                       "and setting. Use OS Open Roads or an OpenStreetMap extract; only roads within 30 km "
                       "of the county are read.")
        intro.setWordWrap(True)
        self.file = FileRow("Road links", ROAD_FILTER, placeholder="GeoPackage, Shapefile or GeoJSON of road links")
        self.file.changed.connect(lambda _t: self._reset())
        try:
            access, self.settings_problem = resolve_settings(scenario.parameters).access_minutes, ""
        except ScenarioError as exc:  # a bad [roads] table in scenario.toml: say so, and refuse to compute
            access, self.settings_problem = 0.0, "; ".join(str(p) for p in exc.problems)
        self.access = QDoubleSpinBox(decimals=1, singleStep=1.0, suffix=" min")
        self.access.setRange(0.0, 60.0)
        self.access.setValue(float(access))
        self.access.setToolTip("Added to every journey: getting to and from the car, parking, the school gate")
        self.access.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.access.valueChanged.connect(lambda _v: self._reset())
        self.access.setFixedWidth(110)
        self.compute_button = QPushButton("Compute travel times")
        self.compute_button.clicked.connect(self.compute)
        row = QHBoxLayout()
        row.addWidget(self.access)
        row.addStretch(1)
        row.addWidget(self.compute_button)
        form = QFormLayout()
        form.addRow("Road file", self.file)
        form.addRow("Access minutes", row)

        self.summary_title = QLabel("Network and journeys")
        self.summary_title.setObjectName("sectionTitle")
        self.figures: dict[str, HeadlineCard] = {}
        cards = QHBoxLayout()
        for key, title in FIGURES:
            card = HeadlineCard(0.75)
            card.title.setText(title)
            cards.addWidget(card)
            self.figures[key] = card
        self.summary = QLabel("Choose a road file and compute.")
        self.summary.setObjectName("cardCaption")
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit(readOnly=True, lineWrapMode=QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setPlaceholderText("Areas and settings far from any road are listed here.")
        self.message = MessageLine()
        self.tasks = TaskStrip()
        self.tasks.busyChanged.connect(self._busy)
        self.buttons = QDialogButtonBox()
        self.use_button = self.buttons.addButton("Use these travel times", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setProperty("primary", True)
        self.use_button.setToolTip("Replace the scenario's travel times (Undo puts them back)")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.summary_title)
        layout.addLayout(cards)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.tasks)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        if self.settings_problem:
            self.message.show_message(f"The scenario's road settings are not valid: {self.settings_problem}", "error")
            self.compute_button.setEnabled(False)

    def compute(self) -> None:
        """Start reading and routing on the worker."""
        self.message.clear_message()
        path = self.file.path
        if path is None or not path.exists():
            self.message.show_message("Choose a road-links file that exists.", "error")
            return
        self._reset()
        task = road_travel_task(path, self.scenario, self.access.value(), self.cache)
        self.tasks.run(f"roads {path.name}", task, self._finished, self._failed, self._cancelled,
                       status="Reading roads\u2026")

    def use(self) -> None:
        if self.outcome is not None:
            self.result_travel = self.outcome.travel
            self.result_links = self.outcome.network.links
            self.accept()

    def done(self, code: int) -> None:
        """Closing by any route (buttons, Esc, the title bar) stops the worker."""
        self.tasks.shutdown()
        super().done(code)

    def _reset(self) -> None:
        self.outcome = None
        self.use_button.setEnabled(False)
        for card in self.figures.values():
            card.value.setText("\u2013")
            card.detail.setText("")

    def _busy(self, busy: bool) -> None:
        self.compute_button.setEnabled(not busy and not self.settings_problem)
        self.file.setEnabled(not busy)
        self.access.setEnabled(not busy)
        self.use_button.setEnabled(not busy and self.outcome is not None)

    def _finished(self, outcome: RoadTravel) -> None:
        self.outcome = outcome
        network, minutes, warnings = outcome.network, outcome.travel["minutes"], len(outcome.problems)
        dropped = network.dropped
        figures = {
            "kept": (f"{len(network.links):,}", f"{len(network.node_xy):,} junctions"),
            "dropped": (f"{dropped.get('read', 0) - len(network.links):,}", f"of {dropped.get('read', 0):,} read"),
            "journeys": (f"{len(outcome.travel):,}", "areas \u00d7 settings"),
            "median": (f"{minutes.median():.1f} min", f"longest {minutes.max():.1f} min"),
            "far": (f"{warnings:,}", f"more than {network.settings.snap_warning_m:,.0f} m away"),
        }
        for key, (value, detail) in figures.items():
            self.figures[key].value.setText(value)
            self.figures[key].detail.setText(detail)
        self.summary.setText(network.summary() + ".")
        self.details.setPlainText("\n".join(p.message for p in outcome.problems))
        self.message.show_message("Travel times ready: press \u201cUse these travel times\u201d to put them in the "
                                  "scenario.", "warning" if warnings else "done")
        self.use_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.message.show_message(f"The road network could not be used: {message}", "error")

    def _cancelled(self) -> None:
        self.message.show_message("Cancelled: the scenario's travel times are unchanged.", "warning")


def import_road_travel(store: ProjectStore, map_view=None, parent: QWidget | None = None) -> bool:
    """Compute road travel times for the current scenario and apply them as one undoable edit.

    ``map_view`` (a :class:`~sufficiency_app.ui.map_view.CountyMapView`)
    gets the road links as a layer. Returns True when travel was replaced.
    """
    scenario = store.scenario
    if scenario is None:
        return False
    dialog = RoadsDialog(scenario, parent, TravelCache())
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_travel is None:
            return False
        store.edit_scenario(scenario.replace(travel=dialog.result_travel), "travel", "Road travel times")
        if map_view is not None:
            map_view.set_road_layer(dialog.result_links)
        return True
    finally:
        dialog.deleteLater()
