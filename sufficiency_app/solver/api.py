"""What goes into a solve and what comes out: small immutable types, no Qt.

``solve(scenario, SolveOptions(...), progress=..., cancel=...)`` returns a
``PlanResult``. The window, the command line, the reports and the tests all
speak these types, so none of them depends on how the model is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from ..infra.cancel import CancelToken  # noqa: F401  (part of the solver's public face)

# The one default time limit (seconds for the whole call: reading, set-up, levels, allocation, writing),
# shared by the command line, the window and the workshop. The work limit normally ends a solve first.
DEFAULT_TIME_LIMIT = 600.0
# The workshop: the best plan within WORKSHOP_QUICK seconds of an edit, then the kept planner carries on.
WORKSHOP_QUICK = 2.0
WORKSHOP_PROVE = DEFAULT_TIME_LIMIT


def allowance(limit: float) -> float:
    """How far past its time limit a whole call may end: the larger of 2 s and 10% (issue 25)."""
    return max(2.0, 0.1 * limit)


@dataclass(frozen=True)
class Pin:
    """A workshop decision the solver must respect.

    ``force``: at least ``modules`` modules of the option by ``year`` (any
    year if None). ``forbid``: never build the option. ``year``: the
    option's modules may be added only in ``year``.
    """

    option_id: str
    rule: Literal["force", "forbid", "year"]
    modules: int = 1
    year: int | None = None


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds for the whole solve: a safety net, the work limit ends it first
    relative_gap: float = 1e-4
    # Work, not time, is what stops a level normally, so the same inputs give the same plan however busy the
    # machine: a level's master solves may use ``rounds * nodes`` branch-and-bound nodes in all (half for
    # level 3), each at most ``nodes``. The time limit is the safety net (a plan stopped by it says so and
    # may differ between runs).
    rounds: int = 4
    nodes: int = 2_500
    backend: str = "highs"  # recorded in results; HiGHS is the one solver (docs/solver.md says why)
    pins: tuple[Pin, ...] = ()
    explain: bool = True  # fill marginal_values and option_values (extra allocation checks after the solve)


@dataclass(frozen=True)
class ProgressEvent:
    """One report from a running solve, for a progress bar."""

    level: str  # "build", "independent", "travel", "cost", "check"
    elapsed: float
    incumbent: float | None = None
    bound: float | None = None
    fraction: float | None = None  # 0..1 of the whole solve, when known
    message: str = ""


class ProgressCallback(Protocol):
    def __call__(self, event: ProgressEvent) -> None: ...

