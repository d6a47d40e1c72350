"""The long tasks the window runs on its worker, as plain functions. No Qt.

Each factory returns ``fn(progress, cancel)`` for
:meth:`~sufficiency_app.ui.worker.TaskRunner.submit`; the tests call them
directly with a list as ``progress`` and a ``threading.Event``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import Problem
from ..project_file import Project, ProjectEntry, SUFFIX, load_project, save_project
from ..scenario import Scenario
from ..plan import PlanResult
from ..solver.api import SolveOptions

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

    def __call__(self, scenario: Scenario) -> Any:
        from .. import solver

        if self._planner is None:
            self._planner = solver.Planner(scenario)
        else:
            self._planner.update(scenario)
        return self._planner


def solve_task(scenario: Scenario, options: SolveOptions, with_baseline: bool = True,
               planner: Callable[[Scenario], Any] | None = None,
               baseline: Callable[[Scenario], PlanResult] | None = None,
               ) -> Callable[[Progress, threading.Event], SolveOutcome | None]:
    """Solve ``scenario`` (and its do-nothing baseline); None if cancelled before a plan came back.

    ``planner`` gives a ready planner for the scenario (a :class:`KeptPlanner`
    for fast re-solves); without one a fresh planner is built. ``baseline``
    replaces :func:`sufficiency_app.solver.baseline` (the workshop caches it).
    """
    def run(progress: Progress, cancel: threading.Event) -> SolveOutcome | None:
        from .. import solver

        model = planner(scenario) if planner is not None else solver.Planner(scenario)
        if cancel.is_set():
            return None
        result = model.solve(options, progress, cancel)
        if cancel.is_set() and result.status == "cancelled":
            return None
        base = None
        if with_baseline and not cancel.is_set():
            base = (baseline or solver.baseline)(scenario)
        return SolveOutcome(scenario, result, base)
    return run


def validate_task(scenario: Scenario) -> Callable[[Progress, threading.Event], list[Problem]]:
    """Validate an in-memory scenario (after an edit)."""
    def run(progress: Progress, cancel: threading.Event) -> list[Problem]:
        from ..validation import validate

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
        from ..validation import validate_path

        if path.suffix.lower() == SUFFIX:
            return Opened(path, load_project(path))
        scenario, problems = validate_path(path)
        if scenario is None:
            return Opened(path, None, tuple(problems))
        return Opened(path, Project((ProjectEntry(scenario),)), tuple(problems))
    return run


def save_task(project: Project, path: Path) -> Callable[[Progress, threading.Event], Path]:
    def run(progress: Progress, cancel: threading.Event) -> Path:
        save_project(project, path)
        return path
    return run


def stress_task(scenario: Scenario, schedule: Any, futures: int, seed: int, population: Path | None = None,
                threshold: Any = None) -> Callable[[Progress, threading.Event], Any]:
    """Test the plan's ``schedule`` and doing nothing in ``futures`` demand futures, in this process.

    Progress comes as ``(done, total, text)`` for a :class:`~.dialog_parts.TaskStrip`;
    returns the :class:`~sufficiency_app.risk.StressResult`, or None if cancelled.
    """
    def run(progress: Progress, cancel: threading.Event) -> Any:
        from ..projection import read_population
        from ..risk import DO_NOTHING, PLAN
        from ..solver.stress import run_stress, stress_job

        job = stress_job(scenario, {PLAN: schedule, DO_NOTHING: schedule.iloc[:0]}, None,
                         read_population(population) if population is not None else None)

        def report(p) -> None:
            left = "" if p.done == 0 else f", about {max(1, round(p.left / 60))} min left" if p.left >= 60 \
                else f", {p.left:.0f} s left"
            progress((p.done, p.total, f"{p.done:,} of {p.total:,} futures{left}"))

        return run_stress(job, futures, seed, workers=0, progress=report, cancel=cancel, threshold=threshold)
    return run
