"""A saved plan in the shapes the council's own systems read: GIS layers (``gis``) and the SCAP return (``scap``).

Both start from a saved plan, never a solve: a results folder written by
``sufficiency solve`` or a ``.sufficiency`` project file (:func:`saved_plan`).
The formats are described in docs/formats.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..io.project_file import load_project
from ..io.results import read_plan
from ..model.plan import PlanResult
from ..model.scenario import Scenario

PROJECT_SUFFIX = ".sufficiency"
DEFAULT_FLOW_THRESHOLD = 5  # children: the suppression floor, so a default map draws no line of 1 to 4


class NoSavedPlan(ValueError):
    """The source is not a saved plan, or holds none that is up to date; the message says what to do."""


@dataclass(frozen=True, eq=False)
class SavedPlan:
    """A scenario with the plan made from it, and where it came from (for About sheets and layer notes)."""

    scenario: Scenario
    plan: PlanResult
    source: str


def saved_plan(source: str | os.PathLike, scenario: str | None = None) -> SavedPlan:
    """The plan saved in a results folder, or in a project file (``scenario`` names one of several).

    Raises :class:`NoSavedPlan` with a sentence; a damaged folder or file
    raises the readers' own errors (``SavedPlanError``, ``ProjectFileError``,
    ``ScenarioError``).
    """
    path = Path(source)
    if path.suffix.lower() == PROJECT_SUFFIX and path.is_file():
        entries = [e for e in load_project(path).entries if e.result is not None and not e.stale]
        names = ", ".join(e.name for e in entries) or "none"
        if scenario is not None:
            entries = [e for e in entries if e.name == scenario]
            if not entries:
                raise NoSavedPlan(f"{path.name} has no up-to-date plan for a scenario named {scenario!r} "
                                  f"(up-to-date plans: {names})")
        if not entries:
            raise NoSavedPlan(f"{path.name} holds no up-to-date plan: open it, press Solve and save it")
        if len(entries) > 1:
            raise NoSavedPlan(f"{path.name} holds {len(entries)} plans ({names}): choose one with --scenario NAME")
        return SavedPlan(entries[0].scenario, entries[0].result, f"{entries[0].name} in {path.name}")
    if path.is_dir() and (path / "solve.json").is_file():
        if scenario is not None:
            raise NoSavedPlan("--scenario chooses a plan in a project file; a results folder holds one plan")
        found, plan = read_plan(path)
        return SavedPlan(found, plan, path.name)
    raise NoSavedPlan(f"{path} is not a saved plan (a results folder written by `sufficiency solve`, or a "
                      f"{PROJECT_SUFFIX} project file)")
