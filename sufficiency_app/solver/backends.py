"""One MathOpt solve with a backend, a time limit, progress reports and cancellation.

What each backend offers through MathOpt (OR-Tools 9.15, measured):

- HiGHS: no MIP callbacks and the interrupter is ignored; its log lines are
  streamed, so progress is read from the log's ``BestBound BestSol`` columns.
  Cancellation is checked between levels and, during a level, takes effect
  through a short time slice (see :func:`solve_once`).
- SCIP: ``MIP_SOLUTION`` callbacks work; interrupting raises an internal
  error, which is reported as a cancel.
- CP-SAT: callbacks and the interrupter work. Continuous variables are
  scaled to integers by CP-SAT's MIP conversion, so it is *not exact* on
  fractional demand (docs/solver.md).
"""

from __future__ import annotations

import datetime
import re
import threading
import time
from dataclasses import dataclass
from typing import Callable

from ortools.math_opt.python import mathopt
from ortools.util.python.solve_interrupter import SolveInterrupter

from .api import CancelToken

SOLVERS = {"highs": mathopt.SolverType.HIGHS, "scip": mathopt.SolverType.GSCIP, "cpsat": mathopt.SolverType.CP_SAT}
_HIGHS_ROW = re.compile(r"\d+\.\d+%\s+(\S+)\s+(\S+)\s+(?:\S+%|Large)")


@dataclass(frozen=True)
class Outcome:
    """What came back from one level's solve."""

    result: mathopt.SolveResult | None
    status: str  # optimal / feasible / time_limit / cancelled / infeasible / error
    message: str = ""


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if abs(value) < 1e300 else None


def solve_once(
    model: mathopt.Model,
    backend: str,
    *,
    seconds: float,
    relative_gap: float,
    threads: int,
    hints: dict[mathopt.Variable, float] | None,
    report: Callable[[float | None, float | None], None],
    cancel: CancelToken | None,
) -> Outcome:
    """Solve ``model`` as set up, to ``relative_gap`` or ``seconds``; never raises on solver errors."""
    solver = SOLVERS[backend]
    params = mathopt.SolveParameters(
        time_limit=datetime.timedelta(seconds=max(seconds, 0.05)),
        relative_gap_tolerance=relative_gap,
        threads=None if backend == "highs" else max(1, threads),
    )
    model_params = mathopt.ModelSolveParameters()
    if hints and backend != "highs":
        model_params = mathopt.ModelSolveParameters(solution_hints=[mathopt.SolutionHint(variable_values=hints)])
    interrupter = SolveInterrupter() if backend == "cpsat" else None
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.05):
            if cancel is not None and cancel.is_set():
                interrupter.interrupt()
                return

    kwargs: dict = {}
    if backend == "highs":
        def on_log(lines: list[str]) -> None:
            for line in lines:
                hit = _HIGHS_ROW.search(line)
                if hit:
                    report(_number(hit.group(2)), _number(hit.group(1)))
        kwargs["msg_cb"] = on_log
    else:
        def on_event(data: mathopt.CallbackData) -> mathopt.CallbackResult:
            stats = data.mip_stats
            report(_number(str(stats.primal_bound)), _number(str(stats.dual_bound)))
            return mathopt.CallbackResult(terminate=bool(cancel is not None and cancel.is_set()))
        kwargs["callback_reg"] = mathopt.CallbackRegistration(events={mathopt.Event.MIP_SOLUTION})
        kwargs["cb"] = on_event
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result = mathopt.solve(model, solver, params=params, model_params=model_params,
                               interrupter=interrupter, **kwargs)
    except Exception as exc:  # MathOpt wraps solver failures in varying exception types
        if cancel is not None and cancel.is_set():
            return Outcome(None, "cancelled")
        return Outcome(None, "error", f"the {backend} solver failed: {exc}")
    finally:
        stop.set()
    return Outcome(result, _status(result, cancel))


def _status(result: mathopt.SolveResult, cancel: CancelToken | None) -> str:
    reason = result.termination.reason
    T = mathopt.TerminationReason
    if reason == T.OPTIMAL:
        return "optimal"
    if reason in (T.INFEASIBLE, T.INFEASIBLE_OR_UNBOUNDED):
        return "infeasible"
    if result.termination.limit == mathopt.Limit.INTERRUPTED or (cancel is not None and cancel.is_set()):
        return "cancelled"
    if reason in (T.FEASIBLE, T.NO_SOLUTION_FOUND):
        return "time_limit"
    return "error"


def elapsed_since(start: float) -> float:
    return time.perf_counter() - start
