"""Workshop mode: a full-screen, large-type view for a room of heads, parents and finance.

Each lever (capital per year, demand growth, independent place cost,
stay rates, transport £ per km, travel limits, options forced or
forbidden) changes a
:class:`~sufficiency_app.ui.workshop_state.WorkshopState`; 400 ms after the
last change the scenario it describes is re-solved with the kept planner
(fast: the model is built once) and the big numbers show the change
against doing nothing. "Snapshot" keeps the current state as a new
scenario of the project.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import solver
from ..io import scenario_sha256
from ..io.project_file import ProjectEntry
from ..model.codes import PHASE_NAMES, PHASES
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..present.plan_words import plan_words, stop_words
from ..solver.api import WORKSHOP_PROVE, WORKSHOP_QUICK, CancelToken, ProgressEvent, SolveOptions
from . import theme
from .headlines import headlines
from .panels import make_map_view
from .results_panel import DASHBOARD_TIPS, HeadlineCard, fill_dashboard
from .store import ProjectStore
from .tasks import KeptPlanner, SolveOutcome, solve_task
from .worker import TaskRunner
from .workshop_state import WorkshopState, apply, kept_pins, scaled_stay

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400
CLOSE_WAIT_MS = 5000  # a ceiling: HiGHS stops a cancelled solve mid-LP (0.3 s at most measured, Kent size)
SCALE = 1.3
# The room's screen: the layout is designed for 1920x1080 and zoomed as a whole to the window, so a
# 1280x720 projector shows the same picture, only with fewer pixels, and nothing is clipped.
DESIGN_SIZE = (1920, 1080)
MAP_TEXT_SCALE = 1.6  # map labels and legend at the design size: readable from the back of a room
# Below this zoom (1280x720 is 0.67) the map is too small for a callout per town over the county: only the
# largest groups of new places get one; the others keep their markers and tooltips, their towns their names.
SMALL_MAP_ZOOM, SMALL_MAP_CALLOUTS = 0.9, 5
# A room waits: the best plan found in WORKSHOP_QUICK seconds by the kept planner (its cuts and last plans) is
# shown at once, then a solve as the command line's, within the window's time limit, proves or improves it (and
# explains it: the quick plan leaves its explanations out) and the figures are replaced when that finishes.


class Lever(QWidget):
    """A labelled slider with a spin box showing the exact value; emits ``changed(float)``."""

    changed = Signal(float)

    def __init__(self, label: str, minimum: float, maximum: float, step: float, value: float,
                 suffix: str = "", decimals: int = 0, prefix: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._min, self._step = minimum, step
        self.title = QLabel(label)
        self.title.setWordWrap(True)
        self.title.setFont(theme.scaled_font(self, SCALE, bold=True))
        self.spin = QDoubleSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setSingleStep(step)
        self.spin.setDecimals(decimals)
        self.spin.setPrefix(prefix)
        self.spin.setSuffix(suffix)
        self.spin.setFont(theme.scaled_font(self, SCALE))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, round((maximum - minimum) / step))
        self.slider.setMinimumHeight(32)
        self.set_value(value)
        self.slider.valueChanged.connect(lambda i: self.spin.setValue(self._min + i * self._step))
        self.spin.valueChanged.connect(self._spun)
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.title)
        layout.addLayout(row)

    def value(self) -> float:
        return self.spin.value()

    def set_value(self, value: float) -> None:
        self.spin.setValue(value)
        self.slider.blockSignals(True)
        self.slider.setValue(round((value - self._min) / self._step))
        self.slider.blockSignals(False)

    def _spun(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round((value - self._min) / self._step))
        self.slider.blockSignals(False)
        self.changed.emit(value)


class WorkshopWindow(QWidget):
    """See the module docstring. ``solved(SolveOutcome)`` fires after each re-solve.

    ``prove_limit``: seconds for the solve that proves a quick plan (the window's Solve time limit).
    """

    solved = Signal(object)

    def __init__(self, store: ProjectStore, index: int, parent: QWidget | None = None,
                 prove_limit: float = WORKSHOP_PROVE):
        super().__init__(parent)
        self.prove_limit = prove_limit
        self.setWindowTitle("Workshop — SEND Sufficiency Planner")
        self.zoom = 0.0
        self._zoomed: list[tuple[QWidget, float, bool]] = []  # (widget, font factor at design size, bold)
        self.store = store
        entry = store.project.entries[index]
        self.base: Scenario = entry.scenario
        self.state = WorkshopState.from_scenario(self.base)
        self.latest: SolveOutcome | None = None
        self._pending: Scenario | None = None
        self.runner = TaskRunner(self)
        self.planner = KeptPlanner()
        self._baselines: dict[tuple, PlanResult] = {}
        if entry.baseline is not None and not entry.stale:
            self._baselines[self.state.baseline_key()] = entry.baseline
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.resolve)

        self._build()
        self.set_zoom(1.0)
        QShortcut(QKeySequence("Esc"), self, activated=self.close)
        if entry.result is not None and entry.baseline is not None and not entry.stale:
            self._show(SolveOutcome(self.base, entry.result, entry.baseline))
        self.resolve()  # builds the kept model at once, so the first lever moves are fast

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        p = self.base.parameters
        title = QLabel(f"Workshop: {self.base.name}")
        title.setObjectName("sectionTitle")
        self._zoomable(title, 2.0, True)
        self.status = QLabel("Building the model…")
        self.status.setObjectName("cardCaption")
        self._zoomable(self.status, SCALE)
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        snapshot = QPushButton("Snapshot")
        snapshot.setProperty("primary", True)
        snapshot.setToolTip("Keep these settings and this plan as a new scenario in the project")
        snapshot.clicked.connect(self.snapshot)
        close = QPushButton("Close (Esc)")
        close.clicked.connect(self.close)
        for b in (snapshot, close):
            self._zoomable(b, SCALE, True)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(20)
        header.addWidget(self.status, 1)
        header.addWidget(snapshot)
        header.addWidget(close)

        money = 1_000_000.0
        self.capital = Lever("Capital budget per year", 0, 40, 0.5, self.state.capital_per_year / money, "m", 1,
                             prefix="£")
        self.capital.changed.connect(lambda v: self._set(capital_per_year=v * money))
        self.growth = Lever("Demand growth on top of the forecast", -5, 10, 0.5, 0.0, "% a year", 1)
        self.growth.changed.connect(lambda v: self._set(growth_percent=v))
        self.independent = Lever("Independent place cost", 20, 150, 1, self.state.independent_place / 1000,
                                 "k a year", prefix="£")
        self.independent.changed.connect(lambda v: self._set(independent_place=v * 1000))
        self.stay = Lever("Independent placements that continue (% of the scenario's stay rates)", 0, 150, 5,
                          self.state.stay_percent, "%")
        self.stay.changed.connect(lambda v: self._set(stay_percent=v))
        self.stay.setEnabled(bool(p.independent_stay))
        self.transport = Lever("Home-to-school transport per km", 0, max(3.0, 2 * p.transport_per_km), 0.05,
                               self.state.transport_per_km, " per km", 2, prefix="£")
        self.transport.changed.connect(lambda v: self._set(transport_per_km=v))
        self.transport.setToolTip(
            f"£ per km of each journey, there and back on {p.transport_days:g} school days a year, added to "
            f"£{p.transport_fixed:,.0f} per transported child (reading 17). Transport is costed at the plan's "
            "third level, so it moves a child only between equally good places; 0 with no fixed cost turns "
            "it off.")
        self.limits: dict[str, Lever] = {}
        controls = QWidget()
        cv = QVBoxLayout(controls)
        cv.setSpacing(6)
        for lever in (self.capital, self.growth, self.independent, self.stay, self.transport):
            cv.addWidget(lever)
        self._stay_tip()
        limits_title = QLabel("Longest reasonable journey")
        limits_title.setObjectName("sectionTitle")
        self._zoomable(limits_title, SCALE * 1.1, True)
        cv.addWidget(limits_title)
        for phase in PHASES:
            lever = Lever(PHASE_NAMES[phase], 15, 120, 5, p.max_minutes.get(phase, 120.0), " min")
            lever.changed.connect(lambda v, ph=phase: self._set_limit(ph, v))
            self.limits[phase] = lever
            cv.addWidget(lever)
        options_title = QLabel("Options: must build / never build")
        options_title.setObjectName("sectionTitle")
        self._zoomable(options_title, SCALE * 1.1, True)
        cv.addWidget(options_title)
        self.options = QTreeWidget()
        self.options.setHeaderLabels(["Option", "Must", "Never"])
        self.options.setRootIsDecorated(False)
        self._zoomable(self.options, SCALE)
        columns = self.options.header()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for o in self.base.options.itertuples():
            item = QTreeWidgetItem([str(o.name), "", ""])
            item.setToolTip(0, f"{o.option_id}: {o.name}")
            item.setData(0, Qt.ItemDataRole.UserRole, str(o.option_id))
            for column, pinned in ((1, self.state.force), (2, self.state.forbid)):
                item.setCheckState(column, Qt.CheckState.Checked if o.option_id in pinned else Qt.CheckState.Unchecked)
            self.options.addTopLevelItem(item)
        self.options.setMinimumHeight(200)
        self.options.itemChanged.connect(self._pin_changed)
        cv.addWidget(self.options, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(controls)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.controls = scroll
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.cards = {k: HeadlineCard(scale=1.25) for k in ("avoided", "within", "mean", "capital", "revenue", "p95")}
        self.dashboard_cards = {k: HeadlineCard(scale=1.25) for k in ("spe_a", "transport")}
        for key, card in self.dashboard_cards.items():
            card.setToolTip(DASHBOARD_TIPS[key])
        for card in (*self.cards.values(), *self.dashboard_cards.values()):
            self._zoomable(card.title, 1.25, True)
            self._zoomable(card.value, 2.3 * 1.25, True)
            self._zoomable(card.detail, 0.95 * 1.25)
        for lever in (self.capital, self.growth, self.independent, self.stay, self.transport, *self.limits.values()):
            self._zoomable(lever.title, SCALE, True)
            self._zoomable(lever.spin, SCALE)
        self.stopped = QLabel()  # what stopped an unproven plan, beside the figures it qualifies
        self.stopped.setObjectName("banner")
        self.stopped.setWordWrap(True)
        self.stopped.hide()
        self._zoomable(self.stopped, SCALE)
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, card in enumerate((*self.cards.values(), *self.dashboard_cards.values())):
            grid.addWidget(card, i // 4, i % 4)
        self.dashboard_cards["transport"].setVisible(p.transport_on)
        self.map_view = make_map_view(self)
        self.map_view.set_scenario(self.base)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.stopped)
        rv.addLayout(grid)
        rv.addWidget(self.map_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setSizes([420, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addLayout(header)
        layout.addWidget(split, 1)

    # -------------------------------------------------------------------- zoom
    def _zoomable(self, widget: QWidget, factor: float, bold: bool = False) -> None:
        self._zoomed.append((widget, factor, bold))

    def set_zoom(self, zoom: float) -> None:
        """Scale every font, the map's labels and legend, and the fixed sizes by ``zoom`` (1 = 1920x1080)."""
        zoom = max(0.5, zoom)
        if abs(zoom - self.zoom) < 0.02:
            return
        self.zoom = zoom
        self.setFont(theme.scaled_font(self, SCALE * zoom))
        for widget, factor, bold in self._zoomed:
            widget.setFont(theme.scaled_font(widget, factor * zoom, bold))
        self.controls.setMinimumWidth(int(430 * zoom))
        self.map_view.set_text_scale(MAP_TEXT_SCALE * zoom)
        self.map_view.set_max_callouts(SMALL_MAP_CALLOUTS if zoom < SMALL_MAP_ZOOM else None)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.set_zoom(min(self.width() / DESIGN_SIZE[0], self.height() / DESIGN_SIZE[1]))

    # ------------------------------------------------------------------ levers
    def _set(self, **changes) -> None:
        self.state = self.state.with_(**changes)
        if "stay_percent" in changes:
            self._stay_tip()
        self.timer.start()

    def _stay_tip(self) -> None:
        """Say what the stay lever does now, or why it is off."""
        stay = self.base.parameters.independent_stay
        if not stay:
            self.stay.setToolTip("Off: this scenario has no continuing independent placements ([placements] "
                                 "independent_stay in scenario.toml, reading 14), so there is no rate to scale.")
            return
        rates = ", ".join(f"{phase} {100 * q:.0f}%" for phase, q in scaled_stay(stay, self.state.stay_percent).items())
        self.stay.setToolTip("Scales every phase's share of independent placements that continue the next year "
                             f"(each at most 100%): now {rates}. 100% is the scenario's own rates.")

    def _set_limit(self, phase: str, minutes: float) -> None:
        self._set(max_minutes={**self.state.max_minutes, phase: minutes})

    def _pin_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column not in (1, 2):
            return
        other = 2 if column == 1 else 1
        if item.checkState(column) == Qt.CheckState.Checked and item.checkState(other) == Qt.CheckState.Checked:
            self.options.blockSignals(True)
            item.setCheckState(other, Qt.CheckState.Unchecked)
            self.options.blockSignals(False)
        force, forbid = set(), set()
        for i in range(self.options.topLevelItemCount()):
            it = self.options.topLevelItem(i)
            option_id = it.data(0, Qt.ItemDataRole.UserRole)
            if it.checkState(1) == Qt.CheckState.Checked:
                force.add(option_id)
            if it.checkState(2) == Qt.CheckState.Checked:
                forbid.add(option_id)
        self._set(force=frozenset(force), forbid=frozenset(forbid))

    # ------------------------------------------------------------------- solve
    def _baseline_for(self, key: tuple) -> Callable[[Any, float, CancelToken], PlanResult | None]:
        """The baseline, cached by what it depends on (on the worker thread); None when cancelled (not cached).

        Worked out on its own LPs, not the kept planner's: solving the empty build on the kept LPs
        changed how the next plan's ties were allocated, so the settled plan was no longer a fresh solve's.
        """
        def get(model: Any, deadline: float, cancel: CancelToken) -> PlanResult | None:
            if key not in self._baselines:
                base = solver.baseline(model.scenario, cancel=cancel)
                if base is None:
                    return None
                self._baselines[key] = base
            return self._baselines[key]
        return get

    def resolve(self, scenario: Scenario | None = None, prove: bool = False) -> None:
        """Re-solve the scenario of the current state (a running solve is cancelled).

        A quick solve on the kept planner first (its cuts and last plans make it quick), then the improving
        one (``prove=True``) on that planner built afresh (:meth:`KeptPlanner.renewed`), so the settled plan
        is what the window's Solve and ``sufficiency solve`` give for the same inputs.
        """
        if scenario is None:
            scenario = apply(self.base, self.state)
            self._pending = scenario
        # the quick plan comes without explanations (they would take its time): the improving one has them
        options = SolveOptions(pins=kept_pins(scenario), time_limit=self.prove_limit if prove else WORKSHOP_QUICK,
                               explain=prove)
        handle = self.runner.submit("workshop solve", solve_task(
            scenario, options, planner=self.planner.renewed if prove else self.planner,
            baseline=self._baseline_for(self.state.baseline_key())))
        self.status.setText(f"Improving the plan (at most {self.prove_limit:g} s)…" if prove else "Solving…")
        handle.progress.connect(self._progress)
        handle.finished.connect(lambda outcome, prove=prove: self._finished(outcome, prove))
        handle.failed.connect(lambda m: self.status.setText(f"The solve failed: {m}"))

    def _progress(self, event: object) -> None:
        if isinstance(event, ProgressEvent):
            self.status.setText(f"Solving… {event.message or event.level} ({event.elapsed:.0f} s)")

    def _finished(self, outcome: SolveOutcome | None, proving: bool = False) -> None:
        if outcome is None or outcome.result is None:
            return
        if outcome.scenario is not self._pending or self.timer.isActive():
            return  # a newer change was made: its solve will report
        r = outcome.result
        settled = proving or r.status in ("infeasible", "cancelled")  # a quick plan has no explanations yet
        if not settled and not len(r.allocation) and self._placed_on_screen():
            # A quick build without its allocation has no figures: blanking the cards would tell the room
            # nothing, so the last figures stay, said to be the earlier settings', until children are placed.
            self.resolve(outcome.scenario, prove=True)
            self.stopped.setText("These figures are still the earlier settings': the children are being "
                                 "placed in the new plan.")
            self.stopped.setVisible(True)
            return
        self._show(outcome)
        words = plan_words(r)
        self.stopped.setText(stop_words(r) if settled else "")
        self.stopped.setVisible(bool(self.stopped.text()))
        if settled:
            self.status.setText(f"Updated in {r.seconds:.1f} s: {words}.")
        else:
            self.status.setText(f"Shown after {r.seconds:.1f} s: {words}. Still improving…")
            self.resolve(outcome.scenario, prove=True)
        self.status.setToolTip(r.message)
        self.solved.emit(outcome)

    def _placed_on_screen(self) -> bool:
        """Whether the figures on screen are of a plan with its children placed."""
        return self.latest is not None and bool(len(self.latest.result.allocation))

    def _show(self, outcome: SolveOutcome) -> None:
        self.latest = outcome
        currency = outcome.scenario.parameters.currency
        placed = bool(len(outcome.result.allocation))  # stopped before its children were placed: no figures
        for card in self.cards.values():
            card.set_headline(None)
        for h in headlines(outcome.scenario, outcome.result, outcome.baseline) if placed else ():
            if h.key in self.cards:  # six figures and SPE.a (transport when costed); the DSG balance stays in Results
                self.cards[h.key].set_headline(h, currency)
        fill_dashboard(self.dashboard_cards, outcome.scenario, outcome.result, outcome.baseline, currency, placed)
        self.map_view.set_scenario(outcome.scenario)
        self.map_view.set_result(outcome.result)

    def snapshot(self) -> str | None:
        """Keep the latest plan and its settings as a new scenario; returns its name."""
        if self.latest is None:
            self.status.setText("Nothing to keep yet: wait for the first result.")
            return None
        name = f"{self.base.name} — workshop {datetime.now():%H:%M:%S}"
        scenario = self.latest.scenario.replace(parameters=self.latest.scenario.parameters.replace(name=name))
        sha = scenario_sha256(scenario)  # the plan is of the renamed scenario: its provenance says so
        result, base = (None if plan is None else dataclasses.replace(plan, scenario_sha256=sha)
                        for plan in (self.latest.result, self.latest.baseline))
        index = self.store.add_entry(ProjectEntry(scenario, result, base), make_current=False)
        name = self.store.project.entries[index].name
        self.status.setText(f"Kept as scenario “{name}”.")
        return name

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel the running solve and wait briefly for it: HiGHS stops it inside whichever LP or master is
        running, so nothing of it runs on while the app quits."""
        self.timer.stop()
        self.runner.cancel_all()
        if not self.runner.wait(CLOSE_WAIT_MS):
            log.warning("the workshop's solve had not stopped %d ms after its window closed", CLOSE_WAIT_MS)
        event.accept()
