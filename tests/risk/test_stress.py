"""The stress evaluation: the re-check's allocation in each future, the same on any engine."""

import numpy as np
import pandas as pd
import pytest

from sufficiency_app.io import read_scenario, scenario_sha256
from sufficiency_app.model.finance import dsg_view
from sufficiency_app.model.stress_result import DO_NOTHING, PLAN
from sufficiency_app.present.plan_tables import plan_from_tables, schedule_table
from sufficiency_app.projection import read_population
from sufficiency_app.projection.futures import demand_futures, future_seeds
from sufficiency_app.risk.stress import PlanEvaluator, run_stress, stress_job
from sufficiency_app.solver.check import check_plan

SAMPLE = "sample_data/wiltshire"


@pytest.fixture(scope="module")
def sample():
    scenario = read_scenario(SAMPLE)
    options = scenario.options["option_id"].astype(str).tolist()
    modules = pd.DataFrame({"option_id": options[:6], "year": [2027, 2027, 2027, 2027, 2028, 2029], "modules": 2})
    return scenario, schedule_table(scenario, modules), read_population(f"{SAMPLE}/population.csv")


@pytest.mark.slow
def test_each_future_is_allocated_by_the_plans_readings_as_the_horizon_recheck_does(sample):
    """Readings 14-15 on: the years-in-order flow agrees with the re-check's horizon LP (a child or two)."""
    scenario, schedule, population = sample
    assert scenario.parameters.independent_stay and scenario.parameters.independent_required
    futures = demand_futures(scenario, None, population)
    evaluator = PlanEvaluator(scenario, schedule, futures)
    for seed in future_seeds(11, 1):
        demand = futures.draw(seed)
        table, by_need = evaluator.evaluate(demand)
        in_future = scenario.replace(demand=futures.table(demand))  # as stress reads it
        check = check_plan(in_future, schedule, passes=2)
        plan = plan_from_tables(in_future, schedule, check.allocation, backend="check", status="feasible", seconds=0, scenario_sha256=scenario_sha256(in_future))
        summary = plan.summary.set_index("year")
        assert np.allclose(table["independent"], summary["independent"], atol=3.0)
        assert table["independent"].sum() == pytest.approx(summary["independent"].sum(), rel=2e-3)
        # travel: per year, not horizon; the mean of children in state settings only moves a little more (up to 0.4%)
        assert np.allclose(table["mean_minutes"], summary["mean_minutes"], rtol=5e-3)
        assert np.allclose(table["revenue"], summary["revenue"], rtol=1e-3)
        assert np.allclose(table["demand"], summary["demand"])
        assert np.allclose(table["dsg_balance"], dsg_view(in_future, plan)["balance"], rtol=1e-3)
        assert np.allclose(by_need.sum(axis=1), table["independent"])


def test_required_shares_and_continuing_placements_hold_in_every_year(sample):
    scenario, schedule, population = sample
    futures = demand_futures(scenario, None, population)
    evaluator = PlanEvaluator(scenario, schedule, futures)
    demand = futures.draw(future_seeds(4, 1)[0])
    independent = np.zeros(len(demand))
    for year in evaluator.years:
        flow = year.flow.solve(demand[year.rows], evaluator._lower_bounds(year.rows, demand, independent))
        np.add.at(independent, year.column_rows, flow * year.independent)
    placed = np.zeros(len(demand), bool)  # mainstream rows are met locally, not placed
    placed[np.concatenate([y.rows for y in evaluator.years])] = True
    share = evaluator.required
    assert (independent[placed] >= share[placed] * demand[placed] - 1e-5).all() and (share[placed] > 0).any()
    before, q = evaluator.before, evaluator.stay
    linked = placed & (before >= 0) & (q > 0)
    b = before[linked]
    floor = q[linked] * independent[b] - np.maximum(0.0, q[linked] * demand[b] - demand[linked])
    assert (independent[linked] >= floor - 1e-5).all() and linked.any()


def test_a_future_does_not_depend_on_the_futures_solved_before_it(sample):
    scenario, schedule, population = sample
    futures = demand_futures(scenario, None, population)
    evaluator = PlanEvaluator(scenario, schedule, futures)
    seeds = future_seeds(5, 3)
    forward = [evaluator.evaluate(futures.draw(s))[0] for s in seeds]
    backward = [evaluator.evaluate(futures.draw(s))[0] for s in reversed(seeds)][::-1]
    assert all(a.equals(b) for a, b in zip(forward, backward))
    assert not forward[0].equals(forward[1])


@pytest.mark.slow
def test_twenty_futures_are_identical_in_process_and_on_one_or_two_dask_workers(sample):
    pytest.importorskip("distributed")
    scenario, schedule, population = sample
    job = stress_job(scenario, {PLAN: schedule, DO_NOTHING: schedule.iloc[:0]}, None, population)
    seen = []
    runs = {w: run_stress(job, 20, seed=3, workers=w, progress=seen.append) for w in (0, 1, 2)}
    assert runs[0].run["engine"] == "in-process" and "2 workers" in runs[2].run["engine"]
    for w in (1, 2):
        pd.testing.assert_frame_equal(runs[w].years, runs[0].years, check_exact=True)
        pd.testing.assert_frame_equal(runs[w].needs, runs[0].needs, check_exact=True)
    years = runs[0].years
    assert len(years) == 20 * 2 * len(scenario.years) and sorted(years["future"].unique()) == list(range(20))
    built = years.pivot_table(index=["future", "year"], columns="plan", values="independent")
    assert (built[PLAN] <= built[DO_NOTHING] + 1e-6).all() and (built[PLAN] < built[DO_NOTHING]).any()
    assert seen[-1].done == 20 and seen[-1].total == 20


def test_cancel_stops_before_the_next_chunk(sample):
    import threading

    scenario, schedule, population = sample
    job = stress_job(scenario, {PLAN: schedule}, None, population)
    cancel = threading.Event()
    cancel.set()
    assert run_stress(job, 20, workers=0, cancel=cancel) is None


def test_a_job_keeps_its_evaluators_and_a_copy_of_it_builds_its_own(sample):
    """No state outside the job: the holder reuses the built flows; a pickled copy (a Dask worker's) starts bare."""
    pickle = pytest.importorskip("cloudpickle")  # what Dask sends jobs with

    scenario, schedule, population = sample
    job = stress_job(scenario, {PLAN: schedule}, None, population)
    built = job.evaluators()
    assert job.evaluators() is built and len(built) == 1
    copy = pickle.loads(pickle.dumps(job))
    assert copy._built == [] and copy.schedules[0][0] == PLAN
    seed = future_seeds(2, 1)[0]
    demand = job.futures.draw(seed)
    assert copy.evaluators()[0].evaluate(demand)[0].equals(built[0].evaluate(demand)[0])
