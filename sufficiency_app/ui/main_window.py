"""The planner's main window: project file, scenario tabs, solve, autosave.

The window wires panels to the :class:`~sufficiency_app.ui.store.ProjectStore`
and runs every long task through a :class:`~sufficiency_app.ui.worker.TaskRunner`;
it holds no scenario data of its own.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSpinBox,
    QTabWidget,
    QToolButton,
)

from ..infra import appdirs, resources
from ..infra.atomic import clean_staging
from ..infra.errors import Problem
from ..infra.formatting import millions
from ..io.project_file import SUFFIX, Project, ProjectEntry, discard_recovery, load_project, recovery_offer
from ..model.scenario import Scenario
from ..present.plan_words import plan_words
from ..solver.api import DEFAULT_TIME_LIMIT, ProgressEvent, SolveOptions
from . import theme
from .about import AboutDialog
from .compare_panel import ComparePanel
from .data_panel import DataPanel
from .docks import ProblemList, ScenarioList, StatusBar, problems_follow_tabs
from .import_dialogs import BoundaryImportDialog, GiasImportDialog
from .panels import current_charts, current_map
from .results_panel import ResultsPanel
from .risk_panel import RiskPanel
from .safety_valve_panel import SafetyValvePanel
from .store import (
    CurrentChanged,
    CurrentEntryFeed,
    DirtyChanged,
    ProjectReplaced,
    ProjectStore,
    ScenarioListChanged,
)
from .tasks import (
    Opened,
    SolveOutcome,
    autosave_task,
    export_results_task,
    gis_export_task,
    open_task,
    save_task,
    solve_task,
    validate_task,
)
from .user_guide import UserGuideDialog
from .worker import TaskHandle, TaskRunner
from .workshop import WorkshopWindow
from .workshop_state import kept_pins

log = logging.getLogger(__name__)

APP_TITLE = "SEND Sufficiency Planner"
MAX_RECENT = 8
PROJECT_FILTER = f"Planner project (*{SUFFIX})"
SCENARIO_FILTER = "Excel workbook (*.xlsx)"
TIME_LIMITS = (1, 86_400)  # seconds the Solve time limit may be set to


def preferences() -> QSettings:
    """The user's preferences (time limit, recent files, window geometry) in the per-user config folder.

    Not the school settings of ``provision_settings``; the tests point the folder at a temporary one.
    """
    return QSettings(str(appdirs.config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def saved_time_limit() -> int:
    """The officer's Solve time limit from the preferences: the shared default when unset or unreadable."""
    try:
        value = float(preferences().value("time_limit", DEFAULT_TIME_LIMIT))
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < TIME_LIMITS[0]:
        value = DEFAULT_TIME_LIMIT
    return round(min(value, TIME_LIMITS[1]))


class MainWindow(QMainWindow):
    """See the module docstring. ``ask`` hooks let tests answer the window's questions."""

    TABS = ("Map", "Data", "Results", "Charts", "Compare", "Risk", "Safety Valve")

    def __init__(self, autosave_seconds: int | None = None):
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        icon_path = resources.root() / "sufficiency_app" / "assets" / "app.png"
        if icon_path.exists():
            self.setWindowIcon(QIcon(str(icon_path)))
        self.store = ProjectStore(self)
        self.solver_runner = TaskRunner(self)
        self.io_runner = TaskRunner(self)
        self.check_runner = TaskRunner(self)
        self.autosave_runner = TaskRunner(self)
        self.solve_handle: TaskHandle | None = None
        self.workshop = None
        self.time_limit: float | None = None  # overrides the user's setting (smoke test, tests)
        self.quiet = False  # report errors in the status bar only, no message boxes
        self.user_guide: UserGuideDialog | None = None
        # Questions the window asks; tests replace these to answer without a dialog.
        self.ask_restore: Callable[[str], bool] = self._ask_yes_no
        self.ask_save_changes: Callable[[], QMessageBox.StandardButton] = self._ask_save_changes

        self._build_tabs()
        self._build_docks()
        self._build_actions()
        self._build_status()
        self.store.changed.connect(self._on_message)
        self.store.undo_stack.indexChanged.connect(lambda *_: self._schedule_validation())

        self._validate_timer = QTimer(self, singleShot=True, interval=300)
        self._validate_timer.timeout.connect(self._validate)
        seconds = autosave_seconds if autosave_seconds is not None else int(preferences().value("autosave_seconds", 60))
        self.autosave_timer = QTimer(self, interval=max(1, seconds) * 1000)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.resize(1360, 860)
        geometry = preferences().value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._update_title()

    # ------------------------------------------------------------------ layout
    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.map_view = current_map(self.store, self)
        self.data_panel = DataPanel(self.store, self)
        self.data_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.results_panel = ResultsPanel(self.store, self)
        self.charts = current_charts(self.store, self)
        self.compare_panel = ComparePanel(self.store, self)
        self.risk_panel = RiskPanel(self.store, self)
        self.safety_valve_panel = SafetyValvePanel(self.store, self)
        for name, widget in zip(self.TABS, (self.map_view, self.data_panel, self.results_panel, self.charts,
                                            self.compare_panel, self.risk_panel, self.safety_valve_panel)):
            self.tabs.addTab(widget, name)
        self.setCentralWidget(self.tabs)

    def _build_docks(self) -> None:
        self.scenario_list = ScenarioList(self.store, self)
        dock = QDockWidget("Scenarios", self)
        dock.setObjectName("scenariosDock")
        dock.setWidget(self.scenario_list)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.problem_list = ProblemList(self.store, self)
        self.problem_list.problemChosen.connect(self.show_problem)
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problem_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.problems_dock)
        self.resizeDocks([dock], [290], Qt.Orientation.Horizontal)
        self.resizeDocks([dock, self.problems_dock], [260, 400], Qt.Orientation.Vertical)
        problems_follow_tabs(self.problems_dock, self.tabs, self.data_panel, self.store)

    def _action(self, text: str, slot: Callable, icon: str | None = None, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(theme.icon(self, icon))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("…", ""))
        action.setToolTip(tip or text.replace("…", ""))
        action.triggered.connect(lambda *_: slot())
        return action

    def _build_actions(self) -> None:
        k = QKeySequence.StandardKey
        self.new_action = self._action("New", self.new_project, "FileIcon", k.New,
                                       "Start a new project from the sample county")
        self.open_action = self._action("Open…", self.open_dialog, "DialogOpenButton", k.Open,
                                        "Open a project, scenario folder or workbook")
        self.save_action = self._action("Save", self.save, "DialogSaveButton", k.Save)
        self.save_as_action = self._action("Save As…", self.save_as, None, k.SaveAs)
        self.import_folder_action = self._action("Import scenario folder…", self.import_folder, "DirOpenIcon",
                                                 tip="Add a scenario folder to this project")
        self.import_xlsx_action = self._action("Import scenario workbook…", self.import_workbook,
                                               "FileDialogDetailedView",
                                               tip="Add a scenario workbook (.xlsx) to this project")
        self.gias_action = self._action("Import schools from GIAS…", self.import_gias)
        self.boundary_action = self._action("Import area boundaries…", self.import_boundaries)
        self.export_action = self._action("Export results…", self.export_results, "DriveFDIcon",
                                          tip="Write the current plan as CSV files into a folder")
        self.gis_action = self._action("Export GIS layers…", self.export_gis,
                                       tip="Write the current plan as a GeoPackage for QGIS or ArcGIS Pro")
        self.report_action = self._action("Cabinet report…", self.export_report, "FileDialogContentsView",
                                          tip="Write a report (PDF, Word or Excel) of solved scenarios")
        self.map_image_action = self._action("Export map image…", lambda: self.export_image(self.map_view, "map"))
        self.chart_image_action = self._action("Export charts image…",
                                               lambda: self.export_image(self.charts, "charts"))
        self.roads_action = self._action("Import road travel times…", self.import_roads,
                                         tip="Journey times from a road network file (OS Open Roads, OpenStreetMap)")
        self.forecast_action = self._action("Forecast demand…", self.forecast,
                                            tip="Forecast demand from census history and use it in this scenario")
        self.quit_action = self._action("Quit", self.close, None, k.Quit)
        self.undo_action = self.store.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(k.Undo)
        self.undo_action.setIcon(theme.icon(self, "ArrowBack"))
        self.redo_action = self.store.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(k.Redo)])
        self.redo_action.setIcon(theme.icon(self, "ArrowForward"))
        self.undo_action.setIconText("Undo")  # the toolbar keeps a short label; the menu names the edit
        self.redo_action.setIconText("Redo")
        self.solve_action = self._action("Solve", self.solve, "MediaPlay", "F5",
                                         "Propose a schedule of new places for this scenario (F5)")
        self.cancel_action = self._action("Cancel", self.cancel_solve, "BrowserStop", "Esc", "Stop the running solve")
        self.cancel_action.setEnabled(False)
        self.workshop_action = self._action("Workshop", self.open_workshop, "TitleBarMaxButton", "F11",
                                            "Full-screen workshop view with live re-solves (F11)")
        self.about_action = self._action("About", self.about)
        self.guide_action = self._action("User guide", self.show_user_guide, "DialogHelpButton", k.HelpContents,
                                         "What each tab shows, how to read a plan and run a workshop (F1)")

        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for a in (self.new_action, self.open_action):
            file_menu.addAction(a)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions([self.import_folder_action, self.import_xlsx_action, self.gias_action,
                              self.boundary_action, self.roads_action])
        file_menu.addSeparator()
        file_menu.addActions([self.report_action, self.export_action, self.gis_action, self.map_image_action,
                              self.chart_image_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        plan_menu = bar.addMenu("&Plan")
        plan_menu.addActions([self.solve_action, self.cancel_action, self.workshop_action])
        plan_menu.addSeparator()
        plan_menu.addAction(self.forecast_action)
        bar.addMenu("&Help").addActions([self.guide_action, self.about_action])
        self._refresh_recent()

        tools = self.addToolBar("Main")
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.addActions([self.new_action, self.open_action, self.save_action])
        tools.addSeparator()
        tools.addActions([self.import_folder_action])
        tools.addSeparator()
        tools.addActions([self.undo_action, self.redo_action])
        tools.addSeparator()
        tools.addAction(self.solve_action)
        button = tools.widgetForAction(self.solve_action)
        if isinstance(button, QToolButton):
            button.setObjectName("solveButton")
        tools.addActions([self.cancel_action])
        self.time_limit_spin = QSpinBox()
        self.time_limit_spin.setObjectName("timeLimit")
        self.time_limit_spin.setRange(*TIME_LIMITS)
        self.time_limit_spin.setSuffix(" s")
        self.time_limit_spin.setAccelerated(True)
        self.time_limit_spin.setValue(saved_time_limit())
        self.time_limit_spin.setToolTip(
            f"The longest a Solve may take, in seconds (default {DEFAULT_TIME_LIMIT:g}, as on the command line). "
            "Most plans are proven best well before it; a plan stopped by it says so beside its headline figures.")
        self.time_limit_spin.valueChanged.connect(lambda seconds: preferences().setValue("time_limit", seconds))
        limit_label = QLabel(" Time &limit ")
        limit_label.setBuddy(self.time_limit_spin)
        tools.addWidget(limit_label)
        tools.addWidget(self.time_limit_spin)
        tools.addSeparator()
        tools.addActions([self.workshop_action, self.report_action])

    def _build_status(self) -> None:
        status = StatusBar(self)
        self.setStatusBar(status)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(220)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.progress_label = QLabel()
        self.summary_label = QLabel()
        status.addPermanentWidget(self.progress_label)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.summary_label)
        CurrentEntryFeed(self.store, lambda entry: self.summary_label.setText(self._summary_text(entry)),
                         self.summary_label)

    # ---------------------------------------------------------------- messages
    def _on_message(self, msg: object) -> None:
        if isinstance(msg, (ProjectReplaced, CurrentChanged)):
            self._schedule_validation()
        if isinstance(msg, (DirtyChanged, ProjectReplaced, ScenarioListChanged, CurrentChanged)):
            self._update_title()

    @staticmethod
    def _summary_text(entry: ProjectEntry) -> str:
        s = entry.scenario
        demand = s.demand[s.demand["year"] == s.parameters.base_year]["count"].astype(float).sum()
        return (f"{len(s.areas):,} areas · {demand:,.0f} children in {s.parameters.base_year} · "
                f"{len(s.provisions)} settings · {len(s.options)} options")

    def _update_title(self) -> None:
        name = self.store.path.name if self.store.path else "Untitled project"
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}")
        self.setWindowModified(self.store.dirty)

    def show_problem(self, problem: Problem) -> None:
        """Jump to the cell a validation problem is about."""
        if self.data_panel.show_problem(problem):
            self.tabs.setCurrentWidget(self.data_panel)
        else:
            self.statusBar().showMessage(str(problem), 10000)

    # ------------------------------------------------------------- validation
    def _schedule_validation(self) -> None:
        self._validate_timer.start()

    def _validate(self) -> None:
        scenario, index = self.store.scenario, self.store.current
        if scenario is None:
            return
        handle = self.check_runner.submit("validate", validate_task(scenario))
        handle.finished.connect(lambda problems: self.store.set_problems(index, scenario, problems))

    # ---------------------------------------------------------------- startup
    def start(self, path: Path | None = None) -> None:
        """First thing after showing: offer a recovery, else open ``path`` or the sample."""
        clean_staging()  # folders left in TMPDIR by a planner that was killed
        offer = recovery_offer(appdirs.recovery_file())
        if offer is not None and offer.problem:
            self._offer_discard(offer.problem)
        elif offer is not None:
            what = offer.original.name if offer.original else "an unsaved project"
            when = offer.saved_at.astimezone().strftime("%d %b %Y %H:%M")
            if self.ask_restore(f"The planner closed with unsaved changes to {what} (autosaved {when}).\n\n"
                                "Restore them?"):
                self.restore_recovery(path)
                return
            discard_recovery(appdirs.recovery_file())
        self.open_path(path or resources.sample_scenario_path())

    def _offer_discard(self, problem: str) -> None:
        """A damaged autosave cannot be restored: say why and offer to delete it."""
        log.warning("damaged autosave: %s", problem)
        if self.ask_restore(f"The autosave of your last session is damaged and cannot be restored:\n{problem}\n\n"
                            "Discard the damaged autosave?"):
            discard_recovery(appdirs.recovery_file())

    def restore_recovery(self, fallback: Path | None = None) -> None:
        offer = recovery_offer(appdirs.recovery_file())
        if offer is None:
            return
        try:
            project = load_project(offer.path)
        except Exception as exc:  # a damaged autosave must not stop the window opening
            log.warning("recovery failed: %s", exc)
            self._offer_discard(str(exc))
            self.open_path(fallback or resources.sample_scenario_path())
            return
        original = offer.original if offer.original and offer.original.suffix == SUFFIX else None
        self.store.set_project(project, original, dirty=True)
        self.statusBar().showMessage("Restored your unsaved changes from the autosave.", 10000)

    # ------------------------------------------------------------ file actions
    def _confirm_discard(self) -> bool:
        if not self.store.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save_now()
        return answer == QMessageBox.StandardButton.Discard

    def new_project(self) -> None:
        if self._confirm_discard():
            self.open_path(resources.sample_scenario_path())

    def open_dialog(self) -> None:
        if not self._confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open", self._last_dir(),
                                              f"{PROJECT_FILTER};;{SCENARIO_FILTER};;All files (*)")
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, add: bool = False) -> TaskHandle:
        """Open a project or scenario (replacing the project, or ``add``-ing it as a new scenario)."""
        path = Path(path)
        self.statusBar().showMessage(f"Opening {path.name}…")
        handle = self.io_runner.submit("open", open_task(path), cancel_previous=False)
        handle.finished.connect(lambda opened: self._opened(opened, add))
        handle.failed.connect(lambda message: self._error(f"Could not open {path.name}", message))
        return handle

    def _opened(self, opened: Opened, add: bool) -> None:
        if opened.project is None:
            self.problem_list.show_problems(opened.problems)
            self.problems_dock.show()
            self.problems_dock.raise_()
            errors = sum(p.severity == "error" for p in opened.problems)
            self.statusBar().showMessage(
                f"{opened.path.name} was not opened: {errors} error(s), listed under Problems.")
            return
        if add:
            for entry in opened.project.entries:
                self.store.add_entry(entry)
        else:
            is_project = opened.path.suffix.lower() == SUFFIX
            self.store.set_project(opened.project, opened.path if is_project else None)
            if is_project:
                self._add_recent(opened.path)
        if opened.problems and self.store.entry is not None:
            self.store.set_problems(self.store.current, self.store.entry.scenario, list(opened.problems))
        self.statusBar().showMessage(f"Opened {opened.path.name}.", 5000)

    def import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import scenario folder", self._last_dir())
        if path:
            self.open_path(Path(path), add=True)

    def import_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import scenario workbook", self._last_dir(), SCENARIO_FILTER)
        if path:
            self.open_path(Path(path), add=True)

    def import_gias(self) -> None:
        if self.store.scenario is not None:
            GiasImportDialog(self.store, self.io_runner, self).exec()

    def import_boundaries(self) -> None:
        if self.store.scenario is not None:
            BoundaryImportDialog(self.store, self.io_runner, self).exec()

    def save(self) -> None:
        self.save_now()

    def save_now(self) -> bool:
        """Save to the project's file (asking for one if new); True if it was saved."""
        if self.store.path is None:
            return self.save_as()
        return self.save_to(self.store.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, "Save project as", self._last_dir(), PROJECT_FILTER)
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != SUFFIX:
            path = path.with_suffix(SUFFIX)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Save atomically on the worker; a local event loop waits so that Quit right after Save is safe."""
        project = self.store.project
        handle = self.io_runner.submit("save", save_task(project, Path(path)), cancel_previous=False)
        outcome: list[bool] = []
        handle.finished.connect(lambda p: (outcome.append(True), self._saved(project, Path(p))))
        handle.failed.connect(lambda m: (outcome.append(False), self._error(
            f"Could not save {Path(path).name}", f"{m}\n\nThe previous file was left as it was.")))
        loop = QEventLoop()
        handle.done.connect(loop.quit)
        loop.exec()
        return bool(outcome and outcome[0])

    def _saved(self, project: Project, path: Path) -> None:
        if self.store.project is project:
            self.store.mark_saved(path)
            discard_recovery(appdirs.recovery_file())
        else:  # edited while saving: keep the unsaved mark, remember the file
            self.store.path = path
        self._add_recent(path)
        self.statusBar().showMessage(f"Saved {path.name}.", 5000)

    def autosave(self) -> TaskHandle | None:
        """Write the recovery file if there are unsaved changes (runs on its own worker)."""
        if not self.store.dirty or not self.store.project.entries:
            return None
        task = autosave_task(self.store.project, self.store.path)
        handle = self.autosave_runner.submit("autosave", task, cancel_previous=False)
        handle.finished.connect(lambda p: log.info("autosaved to %s", p))
        return handle

    def export_results(self) -> None:
        entry = self.store.entry
        if entry is None or entry.result is None:
            self.statusBar().showMessage("Solve first: there is no plan to export.", 5000)
            return
        folder = QFileDialog.getExistingDirectory(self, "Export results into folder", self._last_dir())
        if not folder:
            return
        handle = self.io_runner.submit("export", export_results_task(entry.result, Path(folder)),
                                       cancel_previous=False)
        handle.finished.connect(lambda f: self.statusBar().showMessage(f"Results written to {f}.", 5000))
        handle.failed.connect(lambda m: self._error("Could not export the results", m))

    def export_gis(self):
        """Ask for a .gpkg and write the current plan's GIS layers there on the worker; returns the task."""
        entry = self.store.entry
        if entry is None or entry.result is None or entry.stale:
            self.statusBar().showMessage("Solve first: there is no up-to-date plan to export.", 5000)
            return None
        path, _ = QFileDialog.getSaveFileName(self, "Export GIS layers", self._last_dir(), "GeoPackage (*.gpkg)")
        if not path:
            return None
        path = Path(path).with_suffix(".gpkg")
        handle = self.io_runner.submit("export-gis", gis_export_task(entry.scenario, entry.result, path),
                                       cancel_previous=False)
        handle.finished.connect(lambda p: self.statusBar().showMessage(f"GIS layers written to {p}.", 5000))
        handle.failed.connect(lambda m: self._error("Could not export the GIS layers", m))
        return handle

    def export_report(self) -> None:
        from .report_dialog import export_report

        path = export_report(self.store, self)
        if path is not None:
            self.statusBar().showMessage(f"Report written to {path}.", 8000)

    def export_image(self, view, what: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, f"Export {what} image", self._last_dir(),
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            try:
                view.export_image(path)
            except (OSError, ValueError) as exc:
                self._error(f"Could not export the {what}", str(exc))
            else:
                self.statusBar().showMessage(f"Saved {Path(path).name}.", 5000)

    def import_roads(self) -> None:
        from .roads_dialog import import_road_travel

        if self.store.scenario is not None:
            import_road_travel(self.store, self.map_view, self)

    def forecast(self) -> None:
        from .forecast_dialog import apply_forecast

        if self.store.scenario is not None:
            apply_forecast(self.store, self, self.charts)

    # ------------------------------------------------------------------ recent
    def _add_recent(self, path: Path) -> None:
        s = preferences()
        recent = [p for p in (s.value("recent", []) or []) if p != str(path)]
        s.setValue("recent", [str(path)] + recent[: MAX_RECENT - 1])
        s.setValue("last_dir", str(Path(path).parent))
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = preferences().value("recent", []) or []
        if isinstance(recent, str):
            recent = [recent]
        for p in recent:
            action = self.recent_menu.addAction(Path(p).name)
            action.setToolTip(p)
            action.triggered.connect(lambda *_, p=p: self._confirm_discard() and self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def _last_dir(self) -> str:
        return str(preferences().value("last_dir", str(Path.home())))

    # ------------------------------------------------------------------- solve
    def solve_options(self, scenario: Scenario | None = None) -> SolveOptions:
        """Options of the Solve button: the time limit shown beside it unless ``time_limit`` overrides it,
        and the options ``scenario`` keeps pinned (a workshop snapshot's), as ``sufficiency solve`` applies them."""
        limit = self.time_limit if self.time_limit is not None else float(self.time_limit_spin.value())
        return SolveOptions(time_limit=limit, pins=() if scenario is None else kept_pins(scenario))

    def solve(self) -> TaskHandle | None:
        """Solve the current scenario (and its baseline) on the worker."""
        entry = self.store.entry
        if entry is None:
            return None
        scenario, name = entry.scenario, entry.name
        self.solve_action.setEnabled(False)
        self.cancel_action.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.progress_label.setText("Building the model…")
        handle = self.solver_runner.submit("solve", solve_task(scenario, self.solve_options(scenario)))
        self.solve_handle = handle
        handle.progress.connect(self._solve_progress)
        handle.finished.connect(lambda outcome: self._solved(name, outcome))
        handle.cancelled.connect(lambda: self.statusBar().showMessage("Solve cancelled.", 5000))
        handle.failed.connect(lambda m: self._error("The solve failed", m))
        handle.done.connect(self._solve_ended)
        return handle

    def cancel_solve(self) -> None:
        if self.solve_handle is not None:
            self.solve_handle.cancel()
            self.progress_label.setText("Cancelling…")

    def _solve_progress(self, event: object) -> None:
        if not isinstance(event, ProgressEvent):
            return
        if event.fraction is not None:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * max(0.0, min(1.0, event.fraction))))
        parts = [event.message or event.level.title()]
        if event.level == "independent" and event.incumbent is not None:  # child-years: an officer's unit
            parts.append(f"best plan so far leaves {event.incumbent:,.0f} independent child-years")
            if event.bound is not None:
                parts.append(f"no plan can leave fewer than {event.bound:,.0f}")
        parts.append(f"{event.elapsed:.0f} s")
        self.progress_label.setText(" · ".join(parts))

    def _solved(self, name: str, outcome: SolveOutcome) -> None:
        names = self.store.project.names
        if name not in names or outcome.result is None:
            return
        index = names.index(name)
        self.store.set_results(index, outcome.scenario, outcome.result, outcome.baseline)
        r = outcome.result
        figures = f"{r.independent:,.0f} independent child-years" if len(r.allocation) else \
            "the time limit came before its children were placed"
        self.statusBar().showMessage(f"Solved {name}: {plan_words(r)}; {figures}, capital {millions(r.capital)}.", 10000)
        if index == self.store.current:
            self.tabs.setCurrentWidget(self.results_panel)

    def _solve_ended(self) -> None:
        if self.solver_runner.busy:
            return
        self.solve_handle = None
        self.solve_action.setEnabled(True)
        self.cancel_action.setEnabled(False)
        self.progress.hide()
        self.progress_label.setText("")

    # ---------------------------------------------------------------- workshop
    def open_workshop(self) -> None:
        if self.store.entry is None:
            return
        if self.workshop is not None:
            self.workshop.close()
        self.workshop = WorkshopWindow(self.store, self.store.current, prove_limit=self.solve_options().time_limit)
        self.workshop.showFullScreen()

    # ------------------------------------------------------------------- misc
    def about(self) -> None:
        AboutDialog(self).exec()

    def show_user_guide(self) -> None:
        """Open the user guide beside the window (one copy; F1 again brings it to the front)."""
        if self.user_guide is None:
            self.user_guide = UserGuideDialog(self)
        self.user_guide.show()
        self.user_guide.raise_()

    def _error(self, title: str, message: str) -> None:
        log.warning("%s: %s", title, message)
        self.statusBar().showMessage(f"{title}: {message}", 15000)
        if not self.quiet:
            QMessageBox.warning(self, title, message)

    def _ask_yes_no(self, question: str) -> bool:
        return QMessageBox.question(self, APP_TITLE, question) == QMessageBox.StandardButton.Yes

    def _ask_save_changes(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, APP_TITLE, "Save the changes to this project first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)

    def shutdown(self) -> None:
        """Stop timers and workers (close and tests)."""
        self.autosave_timer.stop()
        self._validate_timer.stop()
        for runner in (self.solver_runner, self.io_runner, self.check_runner, self.autosave_runner):
            runner.cancel_all()
        self.risk_panel.shutdown()
        if self.workshop is not None:
            self.workshop.close()
        for runner in (self.solver_runner, self.io_runner, self.check_runner, self.autosave_runner):
            runner.wait(10000)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_discard():
            event.ignore()
            return
        preferences().setValue("geometry", self.saveGeometry())
        self.shutdown()
        discard_recovery(appdirs.recovery_file())
        event.accept()
