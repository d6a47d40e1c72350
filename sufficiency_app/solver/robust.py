"""One plan for several demand futures (issue 7, part 3).

Given demand scenarios ``k`` with weights ``w[k]`` (normalised to sum to 1),
the build decisions ``y``, ``open`` are shared and each scenario gets its
own allocation ``x[k]``, ``u[k]`` under the same capacities. The levels are
the expectations ``sum_k w[k] * level_k`` (independent placements, then
travel, then cost, with the capital counted once since it is shared), solved
in passes exactly as the single-scenario model (reading 11 tolerances).
Each scenario's outcome under the shared plan is then re-derived by the
independent checker, so it is what that future would really see; a cancel
and the time limit stop that re-check too, inside a block (HiGHS's
interrupt and time limit; none starts after them), and each future not
re-checked says so.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from ..io import scenario_sha256
from ..model.plan import LEVEL_NAMES, SUMMARY_COLUMNS, LevelResult, PlanResult, Status
from ..model.scenario import Scenario
from ..present.plan_tables import finish_allocation, plan_from_tables
from .allocation import Cancelled, never
from .api import CancelToken, ProgressCallback, SolveOptions
from .benders import Block
from .check import check_plan
from .instance import Instance, travel_minutes
from .planner import Planner


@dataclass(frozen=True, eq=False)
class RobustResult:
    """The shared plan, its expected levels, and each demand scenario's outcome under it."""

    status: Status
    schedule: pd.DataFrame
    levels: tuple[LevelResult, ...]  # expected values over the demand scenarios
    gap: float
    seconds: float
    backend: str
    scenario_sha256: str
    weights: Mapping[str, float]
    outcomes: Mapping[str, PlanResult]
    message: str = ""

    @property
    def expected_independent(self) -> float:
        """NaN when a future's outcome is not known (the time limit or a cancel came before its allocation)."""
        if any(not len(r.summary) for r in self.outcomes.values()):
            return float("nan")
        return sum(self.weights[k] * r.independent for k, r in self.outcomes.items())


def solve_robust(
    scenario: Scenario,
    demands: Mapping[str, tuple[float, pd.DataFrame]],
    options: SolveOptions = SolveOptions(),
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    *,
    started: float | None = None,
) -> RobustResult:
    """Minimise expected independent placements, then travel, then cost, with one shared schedule.

    ``demands`` maps a name (``low``, ``central``, ``high``...) to a weight
    and a demand table in ``demand.csv`` columns. Every future is one block of
    the decomposition: the master is shared, each future adds its own yearly
    subproblems and cuts, so the guarantees are those of a single solve.
    """
    if not demands:
        raise ValueError("solve_robust needs at least one demand scenario")
    start = time.perf_counter() if started is None else started  # the caller's clock: its reading counts too
    total = float(sum(w for w, _ in demands.values()))
    if total <= 0:
        raise ValueError("the demand scenarios' weights must add up to more than 0")
    weights = {k: float(w) / total for k, (w, _) in demands.items()}
    futures = {k: scenario.replace(demand=d) for k, (_, d) in demands.items()}
    minutes = travel_minutes(scenario)
    keep = tuple(scenario.options["option_id"].astype(str)) if len(scenario.options) else ()
    blocks = [Block(weights[k], Instance.from_scenario(f, minutes, keep),
                    Instance.from_scenario(f, minutes, keep, level1=True)) for k, f in futures.items()]
    plan = Planner(scenario, minutes=minutes, futures=blocks).solve(options, progress, cancel, started=start)
    cancelled = never if cancel is None else cancel.is_set
    outcomes, late, stopped = {}, [], []
    for k, future in futures.items():  # the time limit covers these re-checks too: they can take minutes
        try:  # none starts after a cancel (a cancelled plan's build was not allocated), one under way stops
            if plan.status == "cancelled" or cancelled():
                raise Cancelled
            check = check_plan(future, plan.schedule, minutes, deadline=start + options.time_limit,
                               cancelled=cancelled)
        except (TimeoutError, Cancelled) as exc:
            status = "cancelled" if isinstance(exc, Cancelled) else "time_limit"
            (stopped if status == "cancelled" else late).append(k)
            outcomes[k] = _unchecked(future, plan.schedule, options.backend, time.perf_counter() - start, status,
                                     str(exc))
            continue
        outcomes[k] = plan_from_tables(future, plan.schedule, check.allocation, backend=options.backend,
                                       status=plan.status, seconds=time.perf_counter() - start,
                                       scenario_sha256=scenario_sha256(future))
    whole = plan.status != "infeasible" and not late and not stopped
    levels = tuple(  # level 1b (least capital, last when asked for) is the shared schedule's: as the plan has it
        replace(lv, value=sum(weights[k] * r.levels[i].value for k, r in outcomes.items())) if i < len(LEVEL_NAMES)
        else lv for i, lv in enumerate(plan.levels)) if whole else ()
    message = "; ".join(filter(None, (plan.message, late and len(plan.allocation) and (  # else the plan says so
        f"stopped on time before the {', '.join(late)} future(s) could be allocated to the plan's places: "
        "give it more time for their figures"), stopped and plan.status != "cancelled" and (
        f"cancelled before the {', '.join(stopped)} future(s) were re-checked under the plan: no figures"))))
    status = "cancelled" if stopped else "time_limit" if late else plan.status
    return RobustResult(
        status=status, schedule=plan.schedule, levels=levels, gap=plan.gap,
        seconds=time.perf_counter() - start, backend=options.backend, scenario_sha256=scenario_sha256(scenario),
        weights=weights, outcomes=outcomes, message=message,
    )


UNCHECKED = {"time_limit": "stopped on time before the children could be allocated to the plan's places",
             "cancelled": "cancelled before the children were allocated to the plan's places"}


def _unchecked(future: Scenario, schedule: pd.DataFrame, backend: str, seconds: float,
               status: Status, why: str = "") -> PlanResult:
    """A future's outcome when the time limit (``status`` ``time_limit``) or a cancel (``cancelled``) came
    before its allocation: the schedule, no figures; ``why`` the re-check's own words (such as
    :data:`.check.INSIDE`: stopped inside a block)."""
    return PlanResult(status=status, schedule=schedule, allocation=finish_allocation([]),
                      summary=pd.DataFrame(columns=list(SUMMARY_COLUMNS)), levels=(), gap=float("nan"),
                      seconds=seconds, backend=backend, scenario_sha256=scenario_sha256(future),
                      message=": ".join(filter(None, (UNCHECKED[status], why))))
