"""Stress results: percentiles, exceedance, the tail's drivers, the sentence, the folder, hostile input."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from small_scenarios import finance_county

from sufficiency_app.model.stress_result import (
    DO_NOTHING,
    PLAN,
    StressFolderError,
    StressResult,
    Threshold,
    councillor_sentence,
    exceedance,
    percentiles,
    read_stress,
    tail_drivers,
    tail_futures,
    write_stress,
)
from sufficiency_app.risk.stress import not_applied


def _result(threshold=None) -> StressResult:
    """Ten futures, two years; future f has 10 * f independent placements in 2030 under the plan."""
    rows, needs = [], []
    for f in range(10):
        for plan, extra in ((PLAN, 0), (DO_NOTHING, 100)):
            for year, value in ((2029, 5.0), (2030, 10.0 * f + extra)):
                rows.append((f, plan, year, 1000.0, value, 30.0, 1e6, -1e6))
                needs += [(f, plan, year, "ASD", value * (0.9 if f >= 8 else 0.5)),
                          (f, plan, year, "SEMH", value * (0.1 if f >= 8 else 0.5))]
    years = pd.DataFrame(rows, columns=["future", "plan", "year", "demand", "independent", "mean_minutes",
                                        "revenue", "dsg_balance"])
    need_table = pd.DataFrame(needs, columns=["future", "plan", "year", "need", "independent"])
    return StressResult("Toy", (PLAN, DO_NOTHING), 10, 1, years, need_table, threshold)


def test_percentiles_and_exceedance_count_futures():
    result = _result()
    p = percentiles(result).set_index(["plan", "year"])
    assert p.loc[(PLAN, 2030), "p50"] == pytest.approx(45.0)
    assert p.loc[(DO_NOTHING, 2030), "mean"] == pytest.approx(145.0)
    chance = exceedance(result, Threshold(2030, 65))
    assert chance == {PLAN: pytest.approx(0.3), DO_NOTHING: 1.0}


def test_tail_is_the_futures_over_the_threshold_and_its_drivers_are_named():
    result = _result()
    assert list(tail_futures(result, Threshold(2030, 75))) == [8, 9]
    by_year, by_need = tail_drivers(result, Threshold(2030, 75))
    assert by_year.iloc[0]["year"] == 2030 and by_year.iloc[0]["excess"] == pytest.approx(85 - 45)
    assert by_need.iloc[0]["need"] == "ASD"
    # nobody over the threshold: the worst tenth instead
    assert list(tail_futures(result, Threshold(2030, 1000))) == [9]


def test_sentence_names_the_range_the_chance_and_doing_nothing():
    text = councillor_sentence(_result(), Threshold(2030, 65))
    assert "10 simulated futures" in text and "30% chance of more than 65" in text
    assert "100% if nothing is built" in text and "avoids 100" in text


def test_default_threshold_is_the_plans_median_in_the_last_year():
    assert _result().default_threshold() == Threshold(2030, 50.0)
    assert _result(Threshold(2029, 3)).default_threshold() == Threshold(2029, 3)


def test_folder_round_trip(tmp_path):
    result = _result(Threshold(2030, 65))
    write_stress(result, tmp_path / "s")
    back = read_stress(tmp_path / "s")
    assert back.plans == result.plans and back.threshold == result.threshold and back.futures == 10
    pd.testing.assert_frame_equal(back.years, result.years, check_dtype=False)
    assert np.allclose(back.outcome(PLAN, 2030), result.outcome(PLAN, 2030))


@pytest.mark.parametrize("text", ["", "2030", "600:2030x", "2030:-5", "twenty:600"])
def test_bad_threshold_says_the_expected_form(text):
    with pytest.raises(ValueError, match="YEAR:COUNT"):
        Threshold.parse(text)


def test_not_a_stress_folder_says_what_to_run(tmp_path):
    with pytest.raises(StressFolderError, match="sufficiency stress"):
        read_stress(tmp_path)
    write_stress(_result(), tmp_path)
    (tmp_path / "futures.csv").write_text("future,plan\n0,plan\n")
    with pytest.raises(StressFolderError, match="missing column"):
        read_stress(tmp_path)


def test_the_sentence_says_which_readings_the_futures_leave_out():
    scenario = finance_county()
    assert not_applied(scenario) == []
    tailed = scenario.replace(parameters=scenario.parameters.replace(tail_years=10.0))
    assert not_applied(tailed) == ["the 10-year tail (reading 20), which weighs the last year more in the plan's "
                                   "own solve"]
    result = dataclasses.replace(_result(), run={"not_applied": not_applied(tailed)})
    assert councillor_sentence(result).endswith(
        ". The futures apply the plan's readings except the 10-year tail (reading 20), which weighs the last "
        "year more in the plan's own solve: each future is allocated year by year.")
    assert "readings except" not in councillor_sentence(_result())
