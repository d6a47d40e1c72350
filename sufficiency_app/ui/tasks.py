"""The long tasks the window and its dialogs run on a worker, as plain functions. No Qt.

Each factory returns ``fn(progress, cancel)`` for
:meth:`~sufficiency_app.ui.worker.TaskRunner.submit`; the tests call them
directly with a list as ``progress`` and a ``threading.Event``. Heavy
modules (solver, reports, roads) are imported inside the tasks, so the
window opens without loading them.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import solver
from ..importers.boundaries import read_boundaries
from ..importers.gias import gias_provisions
from ..infra import appdirs
from ..infra.atomic import atomic_path
from ..infra.errors import Problem, ScenarioError
from ..io import load_scenario
from ..io.project_file import SUFFIX, Project, ProjectEntry, load_project, save_project, write_recovery
from ..io.results import write_results
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..model.stress_result import DO_NOTHING, PLAN
from ..model.validation import validate
from ..risk.stress import run_stress, stress_job
from ..roads import TravelCancelled, load_network, resolve_settings, scenario_bbox
from ..solver.api import SolveOptions

if TYPE_CHECKING:
    from ..projection import Forecast, Levers
    from ..report.content import Run
    from ..roads import RoadNetwork, TravelCache

Progress = Callable[[Any], None]


@dataclass(frozen=True, eq=False)
class SolveOutcome:
    """A finished solve: the scenario it used, the plan, and the baseline if computed."""

    scenario: Scenario
    result: PlanResult | None
    baseline: PlanResult | None


class KeptPlanner:
    """One :class:`~sufficiency_app.solver.Planner` kept across re-solves (the workshop's).

    Calling it with a scenario builds the planner the first time and
    updates it afterwards. Use it from one worker thread only (a
    :class:`~sufficiency_app.ui.worker.TaskRunner` has exactly one).
    """

    def __init__(self) -> None:
        self._planner: Any = None

    def __call__(self, scenario: Scenario, cancel: threading.Event | None = None) -> Any:
        """The planner for ``scenario``; ``cancel`` stops a build or update between its steps
        (:class:`concurrent.futures.CancelledError`)."""
        if self._planner is None:
            self._planner = solver.Planner(scenario, cancel=cancel)
        else:
            self._planner.update(scenario, cancel=cancel)
        return self._planner

    def renewed(self, scenario: Scenario, cancel: threading.Event | None = None) -> Any:
        """The planner for ``scenario`` with its decomposition built afresh (:meth:`Planner.renew
        <sufficiency_app.solver.Planner.renew>`): the improving solve's, so the workshop settles on the plan
        the window and ``sufficiency solve`` give for the same inputs. A kept planner's last quick plans and
        year-by-year LPs stay, so the next edit's quick plan is as quick as before."""
        if self._planner is None:
            return self(scenario, cancel)  # built just now: fresh
        if self._planner.scenario is not scenario and self._planner.update(scenario, cancel=cancel):
            return self._planner  # rebuilt by the update: fresh
        self._planner.renew(cancel)
        return self._planner


def solve_task(scenario: Scenario, options: SolveOptions, with_baseline: bool = True,
               planner: Callable[[Scenario, threading.Event], Any] | None = None,
               baseline: Callable[[Any, float, threading.Event], PlanResult | None] | None = None,
               ) -> Callable[[Progress, threading.Event], SolveOutcome | None]:
    """Solve ``scenario`` (and its do-nothing baseline); None if cancelled before a plan came back.

    As ``sufficiency solve`` does it, so both give the same plan and figures: the time limit counts
    from the start of the task, building the model included, and the baseline comes from the
    planner's kept LPs within what is left of it (none when the limit comes first, or when the plan
    could not be allocated, or a cancel stops it: the plan comes back alone). ``planner(scenario, cancel)``
    gives a ready planner for the scenario (a :class:`KeptPlanner` for fast re-solves); without one a fresh
    planner is built. ``baseline(model, deadline, cancel)`` replaces ``model.baseline(deadline, cancel)`` (the
    workshop caches it).
    """
    def run(progress: Progress, cancel: threading.Event) -> SolveOutcome | None:
        started = time.perf_counter()
        try:
            model = planner(scenario, cancel) if planner is not None else solver.Planner(scenario)
        except CancelledError:  # the model build stopped part way
            return None
        if cancel.is_set():
            return None
        result = model.solve(options, progress, cancel, started=started)
        if cancel.is_set() and result.status == "cancelled":
            return None
        base = None
        if with_baseline and not cancel.is_set() and len(result.allocation):
            deadline = started + options.time_limit
            base = baseline(model, deadline, cancel) if baseline is not None else model.baseline(deadline, cancel)
        return SolveOutcome(scenario, result, base)
    return run


def validate_task(scenario: Scenario) -> Callable[[Progress, threading.Event], list[Problem]]:
    """Validate an in-memory scenario (after an edit)."""
    def run(progress: Progress, cancel: threading.Event) -> list[Problem]:
        return list(validate(scenario))
    return run


@dataclass(frozen=True, eq=False)
class Opened:
    """What an open produced: a project, or the problems that stopped a scenario from reading."""

    path: Path
    project: Project | None
    problems: tuple[Problem, ...] = ()


def open_task(path: Path) -> Callable[[Progress, threading.Event], Opened]:
    """Open a project file, or a scenario (folder / .xlsx) as a one-scenario project.

    A scenario comes back with every problem found (warnings too); one
    with errors comes back without a project, so the window can list them.
    """
    def run(progress: Progress, cancel: threading.Event) -> Opened:
        if path.suffix.lower() == SUFFIX:
            return Opened(path, load_project(path))
        scenario, problems = load_scenario(path)
        if scenario is None:
            return Opened(path, None, tuple(problems))
        return Opened(path, Project((ProjectEntry(scenario),)), tuple(problems))
    return run


def save_task(project: Project, path: Path) -> Callable[[Progress, threading.Event], Path]:
    def run(progress: Progress, cancel: threading.Event) -> Path:
        save_project(project, path)
        return path
    return run


def autosave_task(project: Project, original: Path | None) -> Callable[[Progress, threading.Event], Path]:
    """Write the recovery file (the window's autosave runs on its own worker)."""
    def run(progress: Progress, cancel: threading.Event) -> Path:
        write_recovery(project, appdirs.recovery_file(), original)
        return appdirs.recovery_file()
    return run


def export_results_task(result: PlanResult, folder: Path) -> Callable[[Progress, threading.Event], Path]:
    """Write a plan's CSV files into ``folder``."""
    def run(progress: Progress, cancel: threading.Event) -> Path:
        write_results(result, folder)
        return folder
    return run


def gis_export_task(scenario: Scenario, result: PlanResult, path: Path) -> Callable[[Progress, threading.Event], Path]:
    """Write a plan as a GeoPackage of GIS layers, small numbers suppressed (``exports.gis``)."""
    def run(progress: Progress, cancel: threading.Event) -> Path:
        from ..exports.gis import export_gis

        return export_gis(scenario, result, path, source=scenario.name)
    return run


def gias_task(path: Path, la_code: str, mainstream: bool,
              ) -> Callable[[Progress, threading.Event], tuple[pd.DataFrame, list[Problem]]]:
    """One council's schools from a GIAS download, with the problems found."""
    def run(progress: Progress, cancel: threading.Event) -> tuple[pd.DataFrame, list[Problem]]:
        return gias_provisions(path, la_code, mainstream=mainstream)
    return run


def boundaries_task(path: Path, id_column: str | None, name_column: str | None,
                    ) -> Callable[[Progress, threading.Event], tuple[Any, list[Problem]]]:
    """Areas from a boundary file (id and name columns found if not given), with the problems found."""
    def run(progress: Progress, cancel: threading.Event) -> tuple[Any, list[Problem]]:
        return read_boundaries(path, id_column, name_column)
    return run


def forecast_task(scenario: Scenario, history: Path | None, population: Path | None, levers: Levers,
                  runs: int, seed: int, percentile: float) -> Callable[[Progress, threading.Event], Forecast | None]:
    """The forecast; None when cancelled before it finished."""
    def run(progress: Progress, cancel: threading.Event) -> Forecast | None:
        from ..projection import forecast, read_history, read_population

        hist = read_history(history) if history is not None else None
        if hist is None and scenario.history is None:
            raise ValueError("this scenario has no census history: choose a history.csv")
        pop = read_population(population) if population is not None else None
        if cancel.is_set():
            return None
        result = forecast(scenario, hist, pop, levers, runs=runs, seed=seed, percentile=percentile)
        return None if cancel.is_set() else result
    return run


class _Cancelled(Exception):
    """Raised inside the atomic write so a cancelled report leaves no file."""


def report_task(runs: Sequence[Run], path: Path, fmt: str, rule: str | None,
                ) -> Callable[[Progress, threading.Event], Path | None]:
    """Write the report next to ``path`` and move it into place unless cancelled (then None)."""
    def run(progress: Progress, cancel: threading.Event) -> Path | None:
        from ..report.export import write_report

        try:
            with atomic_path(path) as temp:
                write_report(runs, temp, fmt, rule)
                if cancel.is_set():
                    raise _Cancelled
        except _Cancelled:
            return None
        return path
    return run


@dataclass(frozen=True, eq=False)
class RoadTravel:
    """What a road import produced: travel rows, snapping warnings and the network."""

    travel: pd.DataFrame
    problems: tuple[Problem, ...]
    network: RoadNetwork


def road_travel_task(path: Path, scenario: Scenario, access_minutes: float, cache: TravelCache | None = None,
                     ) -> Callable[[Progress, threading.Event], RoadTravel | None]:
    """Read the network near the county and route every area to every setting; None if cancelled.

    Progress events are ``(done, total, text)``. The network is always read
    (the map needs its links); with ``cache`` unchanged routing is not redone.
    """
    def run(progress: Progress, cancel: threading.Event) -> RoadTravel | None:
        settings = dataclasses.replace(resolve_settings(scenario.parameters), access_minutes=access_minutes)
        try:
            network = load_network(path, settings, progress=lambda d, t: progress((d, t, "Reading roads")),
                                   bbox=scenario_bbox(scenario))
        except ScenarioError as exc:  # say what is wrong with the file, not "error(s) in the scenario"
            raise ValueError("; ".join(p.message for p in exc.problems if p.severity == "error")) from exc
        if cancel.is_set():
            return None
        try:
            travel = network.travel_minutes(scenario, lambda d, t: progress((d, t, "Routing settings")), cancel, cache)
        except TravelCancelled:
            return None
        return RoadTravel(travel, tuple(network.snap_problems(scenario)), network)
    return run


def stress_task(scenario: Scenario, schedule: Any, futures: int, seed: int, population: Path | None = None,
                threshold: Any = None) -> Callable[[Progress, threading.Event], Any]:
    """Test the plan's ``schedule`` and doing nothing in ``futures`` demand futures, in this process.

    Progress comes as ``(done, total, text)`` for a :class:`~.dialog_parts.TaskStrip`;
    returns the :class:`~sufficiency_app.model.stress_result.StressResult`, or None if cancelled.
    """
    def run(progress: Progress, cancel: threading.Event) -> Any:
        from ..projection import read_population

        job = stress_job(scenario, {PLAN: schedule, DO_NOTHING: schedule.iloc[:0]}, None,
                         read_population(population) if population is not None else None)

        def report(p) -> None:
            left = "" if p.done == 0 else f", about {max(1, round(p.left / 60))} min left" if p.left >= 60 \
                else f", {p.left:.0f} s left"
            progress((p.done, p.total, f"{p.done:,} of {p.total:,} futures{left}"))

        return run_stress(job, futures, seed, workers=0, progress=report, cancel=cancel, threshold=threshold)
    return run
