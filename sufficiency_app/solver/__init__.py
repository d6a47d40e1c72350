"""The place-planning optimiser: scenario in, PlanResult out (no Qt, no files).

``solve`` for one-off solves, ``Planner`` to keep a built model for fast
workshop re-solves, ``baseline`` and ``greedy`` for comparison. The model is
documented in docs/solver.md.
"""

from __future__ import annotations

import time

from ..model.plan import PlanResult
from ..model.scenario import Scenario
from .api import CancelToken, Pin, ProgressCallback, ProgressEvent, SolveOptions
from .heuristics import baseline, greedy
from .planner import Planner
from .robust import RobustResult, solve_robust


def solve(
    scenario: Scenario,
    options: SolveOptions = SolveOptions(),
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    started: float | None = None,
) -> PlanResult:
    """Build the decomposition for ``scenario`` and solve it once (see :class:`Planner`).

    ``started`` (a ``time.perf_counter()`` value) is when the caller's clock
    began: the time limit then covers the building too.
    """
    started = time.perf_counter() if started is None else started
    return Planner(scenario).solve(options, progress, cancel, started=started)


__all__ = ["solve", "Planner", "baseline", "greedy", "solve_robust", "RobustResult", "Pin", "PlanResult",
           "ProgressEvent", "SolveOptions"]
