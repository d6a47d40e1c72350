"""``sufficiency stress`` on a saved plan, and its refusals (a sentence, exit code 2, no traceback)."""

import pandas as pd
import pytest

from sufficiency_app.cli import main
from sufficiency_app.io import read_scenario
from sufficiency_app.io.results import write_plan, write_results
from sufficiency_app.model.plan import ALLOCATION_COLUMNS, SUMMARY_COLUMNS, PlanResult
from sufficiency_app.model.stress_result import read_stress

SAMPLE = "sample_data/wiltshire"


def _plan(schedule: pd.DataFrame) -> PlanResult:
    return PlanResult("feasible", schedule, pd.DataFrame(columns=list(ALLOCATION_COLUMNS)),
                      pd.DataFrame(columns=list(SUMMARY_COLUMNS)), (), 0.0, 0.0, "test", "")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    from sufficiency_app.present.plan_tables import schedule_table

    scenario = read_scenario(SAMPLE)
    first = scenario.options["option_id"].astype(str).tolist()[:3]
    schedule = schedule_table(scenario, pd.DataFrame({"option_id": first, "year": 2026, "modules": 3}))
    root = tmp_path_factory.mktemp("stress")
    write_plan(_plan(schedule), scenario, root / "plan")
    write_plan(_plan(schedule.iloc[:1]), scenario, root / "smaller")
    return root


def test_stress_writes_the_tables_and_prints_the_chance(saved, capsys):
    code = main(["stress", str(saved / "plan"), "--futures", "4", "--seed", "2", "--workers", "0",
                 "--threshold", "2030:400", "--population", f"{SAMPLE}/population.csv",
                 "--compare", str(saved / "smaller"), "--out", str(saved / "out")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "chance of more than 400 independent placements in 2030/31" in out.out
    assert "4/4 futures" in out.err
    result = read_stress(saved / "out")
    assert result.plans == ("plan", "do nothing", "smaller") and result.futures == 4
    assert len(result.years) == 4 * 3 * 6
    by_plan = result.years[result.years["year"] == 2030].groupby("plan")["independent"].mean()
    assert by_plan["plan"] <= by_plan["smaller"] <= by_plan["do nothing"]


@pytest.mark.parametrize("args, message", [
    (["--threshold", "600"], "YEAR:COUNT"),
    (["--threshold", "2040:600"], "not a year of the plan"),
    (["--futures", "0"], "from 1 to"),
    (["--compare", "nowhere"], "not a results folder"),
])
def test_refusals_are_sentences(saved, capsys, args, message):
    code = main(["stress", str(saved / "plan"), "--workers", "0", "--out", str(saved / "x"), *args])
    assert code == 2 and message in capsys.readouterr().err


def test_a_results_folder_without_its_scenario_is_refused(saved, tmp_path, capsys):
    write_results(_plan(pd.DataFrame(columns=["option_id", "year", "modules", "places", "capital"])), tmp_path)
    assert main(["stress", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "solve again" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_a_sentence(saved, capsys):
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["stress", str(saved / "plan"), "--futures", "2", "--scheduler", "tcp://127.0.0.1:9",
                     "--out", str(saved / "unreached")])
    assert code == 1 and "could not run on the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_a_project_file_is_a_source_and_one_without_a_plan_is_refused(saved, tmp_path, capsys):
    from sufficiency_app.io.project_file import Project, ProjectEntry, save_project
    from sufficiency_app.io.results import read_plan

    scenario, plan = read_plan(saved / "plan")
    save_project(Project((ProjectEntry(scenario),)), tmp_path / "none.sufficiency")
    assert main(["stress", str(tmp_path / "none.sufficiency"), "--out", str(tmp_path / "o")]) == 2
    assert "none.sufficiency holds no plan: solve it in the window" in capsys.readouterr().err
    save_project(Project((ProjectEntry(scenario, plan),)), tmp_path / "one.sufficiency")
    assert main(["stress", str(tmp_path / "one.sufficiency"), "--futures", "2", "--workers", "0",
                 "--out", str(tmp_path / "o")]) == 0
    assert read_stress(tmp_path / "o").scenario == scenario.name
