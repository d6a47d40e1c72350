"""The objective's levels as data: what each costs, how it is bounded, fixed and given time.

The planner, the allocation LPs, the master and the decomposition iterate
over :data:`LEVELS` instead of naming three levels. A level has

- ``cost``: the allocation LP's cost vector it minimises (``"independent"``,
  ``"travel"`` or ``"cost"``, see :class:`.allocation.PeriodLP`), or None for
  a level decided in the master alone (a capital level: no subproblem, no cuts);
- ``capital``: whether the master objective adds the build's capital;
- ``coarse``: solved on the coarse instance (exact for level 1 only);
- ``perturb``: its cuts are separated at slightly moved capacities (Sherali-Lunday);
- ``share`` of the time left for the levels when it starts, ``work`` of the
  rounds budget (``SolveOptions.rounds``) and ``lp_rounds`` of Kelley rounds.

Every level but the last is *fixed* for the levels after it at its
optimum plus the reading-11 tolerance: in the master by a row
``sum w col <= limit`` over its columns (or over the capital for a master
level), in the allocation LPs by a level row over its cost vector.

Adding a level with its own allocation LP cost is one entry here, in order.
Level 1b (reading 21, the least capital with level 1 held) has no LP cost
and no cuts of its own: the decomposition solves it as ``master.CAPITAL``
on level 1's cuts, between levels 1 and 2, and holds it by the master's
``capital_row``, so it is not an entry here. See docs/solver.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.plan import LEVEL_NAMES


@dataclass(frozen=True)
class Level:
    name: str  # the result's level name (plan.LEVEL_NAMES)
    words: str  # for progress and messages
    cost: str | None  # the allocation LP's cost vector, None for a master-only level
    capital: bool = False  # the master objective adds the build's capital
    coarse: bool = False  # its LP is the coarse instance's (level 1)
    perturb: bool = False  # separate its cuts at a slightly moved capacity
    share: float = 1.0  # of the time left for the levels when it starts
    work: float = 1.0  # of the rounds budget
    lp_rounds: int = 10  # Kelley rounds at most


LEVELS: tuple[Level, ...] = (
    Level(LEVEL_NAMES[0], "independent placements", "independent", coarse=True, share=0.5),
    Level(LEVEL_NAMES[1], "travel", "travel", perturb=True, share=0.6),
    Level(LEVEL_NAMES[2], "cost", "cost", capital=True, work=0.5, lp_rounds=5),
)
COSTS: tuple[str, ...] = ("independent", "travel", "cost")  # the allocation LP's cost vectors, in order
LP_LEVELS: tuple[int, ...] = tuple(i for i, lv in enumerate(LEVELS) if lv.cost is not None)
