"""One MathOpt solve with a backend, a time limit, progress reports and cancellation.

What each backend offers through MathOpt (OR-Tools 9.15, measured):

- HiGHS: no MIP callbacks and the interrupter is ignored; its log lines are
  streamed, so progress is read from the log's ``BestBound BestSol`` columns.
- SCIP: ``MIP_SOLUTION`` callbacks work; its interrupter fails with an
  internal error when the time limit is reached, so it is not used.
- CP-SAT: callbacks and the interrupter work. Continuous variables are
  scaled to integers by CP-SAT's MIP conversion, so it is *not exact* on
  fractional demand (docs/solver.md).

HiGHS does not always stop at its own time limit (a level-3 pass given
1.5 s took 12 s on the Wiltshire sample). So that a cancel takes effect
within a second, a solve given a cancel token with HiGHS or SCIP runs in a
child process (the model goes over as a MathOpt proto, 0.1 s for 120k
variables) that is killed on cancel or at the hard stop time ``stop_at``.
Without a token (scripts need no ``__main__`` guard then) it runs in a
thread of this process, which is abandoned at ``stop_at`` (the solver
releases the GIL; the thread ends with its own time limit later). CP-SAT
runs in this process and is interrupted.
"""

from __future__ import annotations

import datetime
import multiprocessing
import multiprocessing.context
import re
import threading
import time
from dataclasses import dataclass
from typing import Callable

from ortools.math_opt import result_pb2
from ortools.math_opt.solvers import highs_pb2
from ortools.math_opt.python import mathopt, result
from ortools.util.python.solve_interrupter import SolveInterrupter

from .api import CancelToken

SOLVERS = {"highs": mathopt.SolverType.HIGHS, "scip": mathopt.SolverType.GSCIP, "cpsat": mathopt.SolverType.CP_SAT}
# HiGHS's MIP presolve costs the coarse level-1 model most of its bound: on the Wiltshire sample,
# 20 s reach a gap of 4.0% with it and 0.5% without (docs/solver.md).
NO_PRESOLVE = highs_pb2.HighsOptionsProto(string_options={"presolve": "off"})
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
    stop_at: float | None = None,
    presolve: bool = True,
) -> Outcome:
    """Solve ``model`` as set up, to ``relative_gap`` or ``seconds``; never raises on solver errors.

    ``stop_at`` (a ``time.perf_counter()`` value) stops the solve there
    whatever the solver is doing; the outcome is then ``time_limit`` with no
    result. ``presolve=False`` turns HiGHS's presolve off (see ``NO_PRESOLVE``).
    """
    params = mathopt.SolveParameters(
        time_limit=datetime.timedelta(seconds=max(seconds, 0.05)),
        relative_gap_tolerance=relative_gap,
        threads=None if backend == "highs" else max(1, threads),
        highs=NO_PRESOLVE if backend == "highs" and not presolve else None,
    )
    model_params = mathopt.ModelSolveParameters(
        solution_hints=[mathopt.SolutionHint(variable_values=hints)] if hints else [])

    finished = threading.Event()  # an abandoned solve thread reports no more progress

    def on_log(lines: list[str]) -> None:
        if finished.is_set():
            return
        for line in lines:
            hit = _HIGHS_ROW.search(line)
            if hit:
                report(_number(hit.group(2)), _number(hit.group(1)))

    stop = cancel if stop_at is None else _Stop(cancel, stop_at)
    try:
        if cancel is not None and backend != "cpsat":
            result = _in_child(model, SOLVERS[backend], params, model_params, on_log, stop)
        elif backend == "cpsat":
            result = _cpsat(model, params, model_params, report, stop)
        else:
            result = _in_thread(lambda: mathopt.solve(model, SOLVERS[backend], params=params, model_params=model_params,
                                                      msg_cb=on_log if backend == "highs" else None), stop_at)
    except Exception as exc:  # MathOpt wraps solver failures in varying exception types
        finished.set()
        if stop is not None and stop.is_set():
            return Outcome(None, "cancelled" if cancel is not None and cancel.is_set() else "time_limit")
        return Outcome(None, "error", f"the {backend} solver failed: {exc}")
    finished.set()
    if result is None:
        return Outcome(None, "cancelled" if cancel is not None and cancel.is_set() else "time_limit")
    if stop is not cancel and result.termination.limit == mathopt.Limit.INTERRUPTED and not (
            cancel is not None and cancel.is_set()):
        return Outcome(result, "time_limit")
    return Outcome(result, _status(result, cancel))


def _in_thread(solve: Callable[[], mathopt.SolveResult], stop_at: float | None) -> mathopt.SolveResult | None:
    """``solve()`` in a daemon thread, abandoned (None) if it is still running at ``stop_at``."""
    if stop_at is None:
        return solve()
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = solve()
        except Exception as exc:  # handed to the caller below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True, name="mathopt-solve")
    thread.start()
    thread.join(max(stop_at - time.perf_counter(), 0.0))
    if thread.is_alive():
        return None
    if "error" in box:
        raise box["error"]
    return box["result"]


@dataclass(frozen=True)
class _Stop:
    """A cancel token that is also set from ``at`` (a ``time.perf_counter()`` value) on."""

    cancel: CancelToken | None
    at: float

    def is_set(self) -> bool:
        return time.perf_counter() >= self.at or (self.cancel is not None and self.cancel.is_set())


def _cpsat(model: mathopt.Model, params: mathopt.SolveParameters, model_params: mathopt.ModelSolveParameters,
           report: Callable[[float | None, float | None], None], cancel: CancelToken | None) -> mathopt.SolveResult:
    """CP-SAT in this process: progress from ``MIP_SOLUTION`` callbacks, cancel by the interrupter."""
    interrupter = SolveInterrupter()
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.05):
            if cancel is not None and cancel.is_set():
                interrupter.interrupt()
                return

    def on_event(data: mathopt.CallbackData) -> mathopt.CallbackResult:
        report(_number(str(data.mip_stats.primal_bound)), _number(str(data.mip_stats.dual_bound)))
        return mathopt.CallbackResult()

    threading.Thread(target=watch, daemon=True).start()
    try:
        return mathopt.solve(model, SOLVERS["cpsat"], params=params, model_params=model_params,
                             callback_reg=mathopt.CallbackRegistration(events={mathopt.Event.MIP_SOLUTION}),
                             cb=on_event, interrupter=interrupter)
    finally:
        stop.set()


def _child_main(conn, model_bytes: bytes, solver_value: int, params_bytes: bytes, model_params_bytes: bytes) -> None:
    """Entry point of the child process: solve the protos, stream log lines, send the result proto."""
    from ortools.math_opt import model_parameters_pb2, model_pb2, parameters_pb2
    from ortools.math_opt.core.python import solver
    from ortools.math_opt.python import callback, init_arguments

    try:
        result = solver.solve(
            model_pb2.ModelProto.FromString(model_bytes), solver_value,
            init_arguments.StreamableSolverInitArguments().to_proto(),
            parameters_pb2.SolveParametersProto.FromString(params_bytes),
            model_parameters_pb2.ModelSolveParametersProto.FromString(model_params_bytes),
            lambda lines: conn.send(("log", list(lines))), callback.CallbackRegistration().to_proto(), None, None)
        conn.send(("result", result.SerializeToString()))
    except Exception as exc:  # reported to the parent as a solver error
        conn.send(("error", str(exc)))


def _context() -> multiprocessing.context.BaseContext:
    """Fork server where there is one (fast, and safe beside Qt's threads), else spawn (Windows).

    The fork server preloads the solver, not the caller's ``__main__``.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ortools.math_opt.core.python.solver", __name__])
    return context


def _in_child(model: mathopt.Model, solver_type: mathopt.SolverType, params: mathopt.SolveParameters,
              model_params: mathopt.ModelSolveParameters, on_log: Callable[[list[str]], None],
              cancel: CancelToken) -> mathopt.SolveResult | None:
    """Solve in a child process; kill it when ``cancel`` is set (returns None then)."""
    parent, child = multiprocessing.Pipe(duplex=False)
    process = _context().Process(target=_child_main, args=(
        child, model.export_model().SerializeToString(), solver_type.value,
        params.to_proto().SerializeToString(), model_params.to_proto().SerializeToString()))
    process.start()
    child.close()
    try:
        while True:
            if cancel.is_set():
                return None
            if parent.poll(0.05):
                kind, payload = parent.recv()
                if kind == "log":
                    on_log(payload)
                elif kind == "result":
                    return result.parse_solve_result(result_pb2.SolveResultProto.FromString(payload), model,
                                                     validate=False)
                else:
                    raise RuntimeError(payload)
            elif not process.is_alive() and not parent.poll(0):
                raise RuntimeError(f"the solver process ended unexpectedly (exit code {process.exitcode})")
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        parent.close()


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
