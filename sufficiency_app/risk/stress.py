"""A fixed plan in many demand futures: each year's allocation kept built as a min-cost flow.

The allocation is the independent re-check's (:mod:`.check`): for each year,
the transportation problem placing every child, level 1 (independent
placements) then level 2 (travel with step-up penalties). That problem is
a min-cost flow (demand rows -> settings -> sink, plus an outside arc per
row), which OR-Tools solves over ten times faster than HiGHS re-solving the
LP from a warm basis (sample: 0.2-0.3 s a future against 3-5 s). The two
levels are solved at once, exactly: an independent placement costs ``M``
more than any chain of travel swaps could save (a simple cycle has at most
settings + 1 arcs against the flow, so ``M`` = (settings + 2) x the longest
journey), so no travel saving is ever bought with an independent placement.
Flows are integers, so children count in millionths and minutes in
hundredths; results agree with the re-check's LP within its own tolerances.

Futures are allocated by the plan's own readings, continuing placements
and required independent shares (readings 14-15) included, so the plan's
figures fall inside its fan. Both are lower bounds on a demand row's
independent placements: reading 15's share of this year's demand, and
reading 14's stay of the row's independent placements the year before
(less what falling demand frees). The years are solved in order and each
year's bound is supply on a second node per row whose only arcs are the
independent ones, so every future honours both readings exactly (an
outside placement is always possible, so no bound can be infeasible).
Solving the years in order is the horizon optimum of levels 1-2 up to
which children, among equally good allocations of a year, carry their
stay into the next; on the sample it is within a child of the horizon LP
(``tests/solver/test_stress.py``).

Each year's graph is built once per plan with a node for every demand row
any future can have; a future only sets the supplies. The solve keeps no
state from one future to the next, so results are identical on one
worker, two, or a cluster.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from ortools.graph.python import min_cost_flow

from ..model.allocation_rules import allowed_pairs, capacities
from ..model.codes import TIER_RANK
from ..model.finance import dsg_view
from ..model.places import funding_by_year
from ..model.plan import ALLOCATION_COLUMNS, PlanResult
from ..model.provision_settings import effective_settings
from ..model.scenario import Scenario
from ..model.stress_result import FUTURE_COLUMNS, NEED_COLUMNS, StressResult, Threshold
from ..model.travel import TravelModel
from ..projection.futures import DemandFutures, demand_futures, future_seeds

CHILD_UNITS = 1_000_000  # flow units per child
MINUTE_UNITS = 100  # cost units per minute


class _YearFlow:
    """One year's allocation for one schedule; :meth:`solve` takes that year's demand per row.

    Nodes: demand rows, then settings, then the sink. Arcs: one per allowed
    (row, setting) pair, one outside arc per row, one capacity arc per setting.
    """

    def __init__(self, row: np.ndarray, setting: np.ndarray, cap: np.ndarray, travel: np.ndarray,
                 independent: np.ndarray, n_rows: int, outside_minutes: float):
        n_set = len(cap)
        self.n_rows, self.n_pairs, self.sink = n_rows, len(row), 2 * n_rows + n_set
        bound = np.flatnonzero(independent > 0)  # pairs a row's required children may use
        self.bound = bound
        minutes = np.rint(np.concatenate([travel, travel[bound], np.full(2 * n_rows, outside_minutes)])
                          * MINUTE_UNITS).astype(np.int64)
        # A simple cycle has fewer than 2 x (settings + 2) arcs, so no travel saving outweighs this.
        weight = 2 * (n_set + 2) * int(max(minutes.max(initial=0), 1)) + 1
        indep = np.concatenate([independent, np.ones(len(bound) + 2 * n_rows)]).astype(np.int64)
        rows = np.arange(n_rows)
        self.graph = min_cost_flow.SimpleMinCostFlow()
        self.graph.add_arcs_with_capacity_and_unit_cost(
            np.concatenate([row, n_rows + row[bound], rows, n_rows + rows, 2 * n_rows + np.arange(n_set)]
                           ).astype(np.int32),
            np.concatenate([2 * n_rows + setting, 2 * n_rows + setting[bound], np.full(2 * n_rows, self.sink),
                            np.full(n_set, self.sink)]).astype(np.int32),
            np.concatenate([np.full(len(row) + len(bound) + 2 * n_rows, np.iinfo(np.int64).max // 4),
                            np.rint(cap * CHILD_UNITS)]).astype(np.int64),
            np.concatenate([minutes + weight * indep, np.zeros(n_set, np.int64)]))
        self.nodes = np.append(np.arange(2 * n_rows), self.sink).astype(np.int32)
        self.columns = np.arange(len(row) + len(bound) + 2 * n_rows, dtype=np.int32)
        self._last: tuple[bytes, np.ndarray] | None = None

    def solve(self, demand: np.ndarray, required: np.ndarray) -> np.ndarray:
        """Children on each pair arc then each outside arc, lexicographically optimal for ``demand``.

        ``required`` (at most ``demand``, row by row) must be placed independently.
        """
        units = np.rint(demand * CHILD_UNITS).astype(np.int64)
        bound = np.minimum(np.rint(required * CHILD_UNITS).astype(np.int64), units)
        key = units.tobytes() + bound.tobytes()
        if self._last is not None and self._last[0] == key:  # observed years: the same in every future
            return self._last[1]
        self.graph.set_nodes_supplies(self.nodes, np.concatenate([units - bound, bound, [-units.sum()]]))
        status = self.graph.solve()
        if status != self.graph.OPTIMAL:
            raise RuntimeError(f"the stress allocation failed ({status.name})")
        raw = self.graph.flows(self.columns) / CHILD_UNITS
        n, b = self.n_pairs, len(self.bound)
        pairs = raw[:n].copy()
        np.add.at(pairs, self.bound, raw[n:n + b])
        outside = raw[n + b:n + b + self.n_rows] + raw[n + b + self.n_rows:]
        flow = np.concatenate([pairs, outside])
        self._last = (key, flow)
        return flow


@dataclass(frozen=True)
class _Year:
    year: int
    rows: np.ndarray  # global demand rows placed by this year's LP
    local: np.ndarray  # global demand rows met locally (no mainstream settings to model)
    flow: _YearFlow
    minutes: np.ndarray  # journey of each column (pairs then outside), without step-up penalties
    revenue: np.ndarray  # yearly cost of a child in each column
    independent: np.ndarray  # 1 for columns that are independent placements
    column_rows: np.ndarray  # global demand row of each column


class PlanEvaluator:
    """A schedule's allocation in any future of ``futures``: per-year outcomes and independent by need."""

    def __init__(self, scenario: Scenario, schedule: pd.DataFrame, futures: DemandFutures,
                 minutes: pd.DataFrame | None = None):
        p = scenario.parameters
        settings = effective_settings(scenario)
        settings = settings.assign(setting_id=settings["setting_id"].astype(str))
        minutes = TravelModel.from_scenario(scenario).matrix() if minutes is None else minutes
        cap = capacities(scenario, schedule)
        rows = futures.rows
        local = (rows["tier"] == "mainstream") & (not (settings["tier"] == "mainstream").any())
        pairs = allowed_pairs(scenario, rows[~local.to_numpy()], settings, minutes)
        independent = (pairs["kind"] == "independent").to_numpy(float)
        travel = pairs["minutes"].to_numpy(float) + np.where(
            pairs["rank"] > pairs["tier"].map(TIER_RANK), float(p.step_up_penalty_minutes), 0.0)
        revenue = pairs["setting_id"].map(settings.set_index("setting_id")["cost_per_place"]).to_numpy(float)
        self.required = rows["need"].map(p.required_for).to_numpy(float)
        self.stay = rows["phase"].map(p.stay_for).to_numpy(float)
        self.before = _row_a_year_before(rows)
        self.needs = tuple(sorted(rows["need"].unique()))
        self.need_of_row = pd.Index(self.needs).get_indexer(rows["need"])
        self.years: list[_Year] = []
        for year in scenario.years:
            in_year = (rows["year"] == year).to_numpy()
            placed = np.flatnonzero(in_year & ~local.to_numpy())
            at = np.flatnonzero(pairs["row"].isin(placed).to_numpy())
            setting_ids = pd.Index(pairs["setting_id"].iloc[at].unique())
            out = np.ones(len(placed))
            flow = _YearFlow(pd.Index(placed).get_indexer(pairs["row"].iloc[at]),
                             setting_ids.get_indexer(pairs["setting_id"].iloc[at]),
                             cap[year].reindex(setting_ids).to_numpy(float), travel[at], independent[at],
                             len(placed), float(p.independent_minutes))
            self.years.append(_Year(
                int(year), placed, np.flatnonzero(in_year & local.to_numpy()), flow,
                np.concatenate([pairs["minutes"].to_numpy(float)[at], out * p.independent_minutes]),
                np.concatenate([revenue[at], out * float(p.independent_place)]),
                np.concatenate([independent[at], out]),
                np.concatenate([pairs["row"].to_numpy(int)[at], placed])))
        no_placements = PlanResult("feasible", schedule, pd.DataFrame(columns=list(ALLOCATION_COLUMNS)),
            pd.DataFrame(), (), 0.0, 0.0, "", "")
        # Place funding (reading 19) is paid for every place built, filled or not: a cost of the schedule,
        # so it is in each year's revenue, and the balance before placements leaves it out.
        self.funding = funding_by_year(scenario, schedule).reindex(scenario.years, fill_value=0.0).to_numpy(float)
        self.balance_before_placements = (dsg_view(scenario, no_placements)["balance"].to_numpy(float)
                                          + np.cumsum(self.funding))

    def evaluate(self, demand: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
        """``(per-year table, independent child-years [year, need])`` for one future's ``demand``."""
        table, by_need = [], np.zeros((len(self.years), len(self.needs)))
        independent_of_row = np.zeros(len(demand))
        for i, y in enumerate(self.years):
            flow = y.flow.solve(demand[y.rows], self._lower_bounds(y.rows, demand, independent_of_row))
            independent = flow * y.independent
            state = flow - independent  # journeys of children in state settings, as figures.journeys
            np.add.at(by_need[i], self.need_of_row[y.column_rows], independent)
            np.add.at(independent_of_row, y.column_rows, independent)
            table.append((y.year, demand[y.rows].sum() + demand[y.local].sum(), independent.sum(),
                          (state * y.minutes).sum() / state.sum() if state.sum() > 0 else np.nan,
                          (flow * y.revenue).sum() + self.funding[i]))
        frame = pd.DataFrame(table, columns=list(FUTURE_COLUMNS[2:-1]))
        frame["dsg_balance"] = self.balance_before_placements - frame["revenue"].cumsum().to_numpy()
        return frame, by_need

    def _lower_bounds(self, rows: np.ndarray, demand: np.ndarray, independent: np.ndarray) -> np.ndarray:
        """Independent placements each row must have: readings 15 (share) and 14 (stay), at most its demand."""
        now = demand[rows]
        lower = self.required[rows] * now
        before, q = self.before[rows], self.stay[rows]
        linked = (before >= 0) & (q > 0)
        if linked.any():
            b, q = before[linked], q[linked]
            stay = q * independent[b] - np.maximum(0.0, q * demand[b] - now[linked])
            lower[linked] = np.maximum(lower[linked], stay)
        return np.clip(lower, 0.0, now)


def _row_a_year_before(rows: pd.DataFrame) -> np.ndarray:
    """For each demand row, the row of its group (area, need, phase, tier) the year before; -1 for none."""
    keys = ["area_id", "need", "phase", "tier"]
    index = pd.MultiIndex.from_frame(rows[["year", *keys]].astype({"year": int}))
    wanted = pd.MultiIndex.from_frame(rows[["year", *keys]].astype({"year": int}).assign(year=lambda d: d["year"] - 1))
    return index.get_indexer(wanted)


@dataclass(frozen=True, eq=False)
class StressJob:
    """Everything a worker needs: the scenario, the futures' model and each plan's schedule (in order).

    The job keeps each plan's evaluator once built, so whoever holds it (this
    process, or a Dask worker given it once by ``scatter``) builds the flows
    once and reuses them for every chunk of futures. The evaluators are not
    pickled: each process builds its own.
    """

    scenario: Scenario
    futures: DemandFutures
    schedules: tuple[tuple[str, pd.DataFrame], ...]
    _built: list[PlanEvaluator] = field(default_factory=list, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def evaluators(self) -> list[PlanEvaluator]:
        """One evaluator per schedule, built on first use."""
        with self._lock:
            if not self._built:
                minutes = TravelModel.from_scenario(self.scenario).matrix()
                self._built.extend(PlanEvaluator(self.scenario, schedule, self.futures, minutes)
                                   for _, schedule in self.schedules)
        return self._built

    def __getstate__(self) -> dict:
        return {"scenario": self.scenario, "futures": self.futures, "schedules": self.schedules}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _built=[], _lock=threading.Lock())


def evaluate_chunk(job: StressJob, first: int, seeds: list[np.random.SeedSequence]
                   ) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Per-year and per-need outcomes of every plan in futures ``first, first + 1, ...``.

    The third item is the CPU seconds the futures took (building excluded):
    unlike wall time it does not grow when other programs share the cores.
    """
    evaluators = job.evaluators()
    cpu = time.process_time()
    years, needs = [], []
    for offset, seed in enumerate(seeds):
        demand = job.futures.draw(seed)
        for (name, _), evaluator in zip(job.schedules, evaluators):
            table, by_need = evaluator.evaluate(demand)
            years.append(table.assign(future=first + offset, plan=name))
            y, k = np.indices(by_need.shape).reshape(2, -1)
            needs.append(pd.DataFrame({"future": first + offset, "plan": name, "year": table["year"].to_numpy()[y],
                                       "need": np.asarray(evaluator.needs)[k], "independent": by_need.reshape(-1)}))
    return pd.concat(years, ignore_index=True), pd.concat(needs, ignore_index=True), time.process_time() - cpu


CHUNK = 10  # futures per task: fixed, so the split never depends on the number of workers


@dataclass(frozen=True)
class StressProgress:
    """Futures done of ``total`` after ``elapsed`` seconds; ``left`` is the estimated seconds to go."""

    done: int
    total: int
    elapsed: float

    @property
    def left(self) -> float:
        return self.elapsed / self.done * (self.total - self.done) if self.done else float("nan")


def not_applied(scenario: Scenario) -> list[str]:
    """The scenario's readings that a future cannot honour, in words (empty when it honours them all).

    Futures are allocated year by year on levels 1-2, so only a reading that
    weighs one year against another in the plan's own objective is left out.
    """
    tail = scenario.parameters.tail_years
    return [f"the {tail:g}-year tail (reading 20), which weighs the last year more in the plan's own solve"
            ] if tail > 0 else []


def stress_job(scenario: Scenario, schedules: dict[str, pd.DataFrame], history: pd.DataFrame | None = None,
               population: pd.DataFrame | None = None) -> StressJob:
    """A job comparing ``schedules`` (name -> schedule, the plan under test first) on the same futures."""
    return StressJob(scenario, demand_futures(scenario, history, population), tuple(schedules.items()))


def run_stress(job: StressJob, futures: int = 1000, seed: int = 0, workers: int | None = None,
               scheduler: str | None = None, progress: Callable[[StressProgress], None] | None = None,
               cancel: threading.Event | None = None, threshold: Threshold | None = None) -> StressResult | None:
    """Evaluate every plan of ``job`` in ``futures`` futures; None when cancelled.

    ``scheduler`` (``tcp://HOST:PORT``) runs on an existing Dask cluster;
    else ``workers`` > 0 (default: every core) starts a local Dask cluster
    for the run, and ``workers=0`` runs in this process without Dask.
    Results are the same in every case.
    """
    seeds = future_seeds(seed, futures)
    chunks = [(first, seeds[first:first + CHUNK]) for first in range(0, futures, CHUNK)]
    start = time.perf_counter()

    def report(done: int) -> None:
        if progress is not None:
            progress(StressProgress(done, futures, time.perf_counter() - start))

    if scheduler is None and workers == 0:
        engine, parts = "in-process", _in_process(job, chunks, report, cancel)
    else:
        engine, parts = _on_dask(job, chunks, workers, scheduler, report, cancel)
    if parts is None:
        return None
    years = pd.concat([p[0] for p in parts], ignore_index=True).loc[:, list(FUTURE_COLUMNS)]
    needs = pd.concat([p[1] for p in parts], ignore_index=True).loc[:, list(NEED_COLUMNS)]
    run = {"engine": engine, "seconds": round(time.perf_counter() - start, 2),
           "cpu_seconds": round(sum(p[2] for p in parts), 2), "not_applied": not_applied(job.scenario)}
    return StressResult(job.scenario.name, tuple(name for name, _ in job.schedules), futures, seed, years, needs,
                        threshold, run)


def _in_process(job: StressJob, chunks, report, cancel) -> list | None:
    """One future at a time, so a cancel (the window's) is felt within a second."""
    parts = []
    for first, seeds in chunks:
        for offset, seed in enumerate(seeds):
            if cancel is not None and cancel.is_set():
                return None
            parts.append(evaluate_chunk(job, first + offset, [seed]))
            report(len(parts))
    return parts


def _connect(client_class, scheduler: str):
    """A client of the scheduler at ``scheduler``; RuntimeError with a sentence when something else answers there.

    A port that answers junk makes Dask's decoder fail in any way (a frame
    "length" of exabytes, a bad header), so every failure to connect counts.
    """
    try:
        return client_class(scheduler, timeout=30)
    except Exception as exc:  # whatever answers there is not a Dask scheduler
        raise RuntimeError(f"the Dask scheduler at {scheduler} could not be used: {type(exc).__name__}: "
                           f"{str(exc)[:200]} (is it a Dask scheduler, and the same Dask version?)") from None


def _on_dask(job: StressJob, chunks, workers: int | None, scheduler: str | None, report, cancel):
    """Chunks as Dask tasks, gathered in order; the local cluster (if any) lives for this run only."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise RuntimeError("running on Dask needs the dask[distributed] package; install it, or use "
                           "--workers 0 to run in this process") from exc
    with contextlib.ExitStack() as stack:
        if scheduler is not None:
            client = stack.enter_context(_connect(Client, scheduler))
            engine = f"dask cluster at {scheduler}"
        else:
            n = workers or os.cpu_count() or 1
            cluster = stack.enter_context(LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR))
            client = stack.enter_context(Client(cluster))
            engine = f"dask local cluster, {n} worker{'s' if n > 1 else ''}"
        remote = client.scatter(job, broadcast=True)
        tasks = [client.submit(evaluate_chunk, remote, first, seeds, pure=False) for first, seeds in chunks]
        done = 0
        for task in as_completed(tasks):
            if cancel is not None and cancel.is_set():
                client.cancel(tasks)
                return engine, None
            done += len(chunks[tasks.index(task)][1])
            report(done)
        return engine, client.gather(tasks)
