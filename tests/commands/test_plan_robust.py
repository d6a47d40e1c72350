"""``sufficiency plan-robust``: one plan, and what low, central and high demand would see under it."""

import re

import pandas as pd
import pytest
from small_scenarios import write_projection_folder

from sufficiency_app.cli import main
from sufficiency_app.io.results import read_results


@pytest.fixture
def folder(tmp_path):
    return write_projection_folder(tmp_path / "county")


def test_each_future_is_reported_under_the_one_plan(folder, tmp_path, capsys):
    provisions = pd.read_csv(folder / "provisions.csv")
    provisions["capacity"] = 20  # short of places, so futures differ in independent placements
    provisions.to_csv(folder / "provisions.csv", index=False)
    out = tmp_path / "robust"
    assert main(["plan-robust", str(folder), "--runs", "200", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = {ln.split()[0]: ln.split() for ln in lines if ln.split() and ln.split()[0] in ("low", "central", "high")}
    assert list(table) == ["low", "central", "high"]
    independent = {k: float(v[3].replace(",", "")) for k, v in table.items()}
    demand = {k: float(v[2].replace(",", "")) for k, v in table.items()}
    assert demand["low"] <= demand["central"] <= demand["high"]
    assert independent["low"] <= independent["central"] <= independent["high"]
    assert independent["high"] > 0
    for name in table:  # the printed figures are the written results, rounded to whole children
        assert abs(read_results(out / name).independent - independent[name]) <= 0.5


def test_a_tiny_time_limit_covers_the_re_check_of_every_future(folder, tmp_path, capsys):
    """`--time-limit 1e-300` once re-checked every future after the limit (minutes on the sample county)."""
    out = tmp_path / "robust"
    assert main(["plan-robust", str(folder), "--runs", "3", "--time-limit", "1e-300", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    rows = [ln.split() for ln in text.splitlines() if ln.split()[:1] in (["low"], ["central"], ["high"])]
    assert [r[2:] for r in rows] == [["not", "known", "not", "known"]] * 3, text
    assert "expected independent placements (child-years): not known: give it more time" in text
    assert re.search(r"stopped on time before the .*could be allocated to the plan's places", text), text
    assert not len(read_results(out / "central").allocation)


def test_solve_robust_leaves_out_the_futures_its_time_limit_did_not_reach(monkeypatch):
    import time

    from small_scenarios import window_county

    from sufficiency_app.solver import robust
    from sufficiency_app.solver.api import SolveOptions

    scenario = window_county()
    demand = scenario.demand
    checked = []

    def slow_check(future, schedule, minutes, deadline=None, cancelled=None):  # the first future's re-check takes the time left
        checked.append(deadline)
        if len(checked) > 1 and time.perf_counter() > deadline:
            raise TimeoutError("the allocation check ran out of time")
        time.sleep(max(0.0, deadline - time.perf_counter()) + 0.01)
        return real(future, schedule, minutes)

    real = robust.check_plan
    monkeypatch.setattr(robust, "check_plan", slow_check)
    result = robust.solve_robust(scenario, {"low": (1, demand), "high": (1, demand.assign(count=demand["count"] * 2))},
                                 SolveOptions(time_limit=3, explain=False))
    assert len(checked) == 2 and checked[0] == checked[1]  # one deadline, the end of the limit
    assert len(result.outcomes["low"].summary) and not len(result.outcomes["high"].summary)
    assert result.status == "time_limit" and result.levels == ()
    assert "stopped on time before the high future(s) could be allocated" in result.message
    assert result.expected_independent != result.expected_independent  # NaN: not known


def test_a_robust_plan_whose_process_started_longer_ago_than_its_limit_stops_on_time(folder, tmp_path, monkeypatch,
                                                                                     capsys):
    """As for ``solve``: starting the interpreter and the imports count, so a process 50 s old with a 20 s limit
    has no time left for any future's allocation (the clock once started after the imports)."""
    from sufficiency_app.commands import solve

    argv = ["plan-robust", str(folder), "--runs", "3", "--time-limit", "20", "--out", str(tmp_path / "robust")]
    monkeypatch.setattr("sys.argv", ["sufficiency", *argv])
    monkeypatch.setattr(solve, "process_age", lambda: 50.0)
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "expected independent placements (child-years): not known: give it more time" in text
