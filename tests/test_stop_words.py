"""What stopped an unproven plan, in the words shown beside its headline figures (window and workshop)."""

from __future__ import annotations

import pandas as pd

from sufficiency_app.model.plan import LevelResult, PlanResult
from sufficiency_app.present.plan_words import stop_words


def _plan(status: str, *triples, seconds: float = 60.2, placed: bool = True) -> PlanResult:
    levels = tuple(LevelResult(n, v, b, s) for n, (v, b, s) in zip(("independent", "travel", "cost"), triples))
    empty = pd.DataFrame()
    allocation = pd.DataFrame({"count": [1.0] if placed else []})
    return PlanResult(status=status, schedule=empty, allocation=allocation, summary=empty, levels=levels,  # type: ignore[arg-type]
                      gap=0.05, seconds=seconds, backend="highs", scenario_sha256="")


def test_time_limit_names_the_limit_and_how_close_the_first_open_level_is():
    plan = _plan("time_limit", (1000.0, 996.0, "time_limit"), (5e5, 0.0, "time_limit"), (9e7, 0.0, "time_limit"))
    assert stop_words(plan) == ("Stopped at the time limit after 60 s: independent placements within 0.40% of "
                                "the fewest possible.")
    journeys = _plan("time_limit", (10.0, 10.0, "optimal"), (1000.0, 880.0, "time_limit"), (1.0, float("nan"), "time_limit"))
    assert stop_words(journeys) == ("Stopped at the time limit after 60 s: fewest independent placements proven; "
                                    "journeys within 12% of the shortest possible.")


def test_work_limit_and_an_unknown_bound_are_said_plainly():
    plan = _plan("feasible", (10.0, 10.0, "optimal"), (800.0, 800.0, "optimal"), (2e6, 1.9e6, "feasible"),
                 seconds=3.4)
    assert stop_words(plan) == ("Stopped at the solver's work limit after 3 s: placements and journeys proven; "
                                "costs within 5.0% of the lowest possible.")
    no_bound = _plan("feasible", (0.0, 0.0, "optimal"), (6707.3, 0.0, "feasible"), (2e7, 1.9e7, "feasible"))
    assert stop_words(no_bound).endswith("the solver could not yet say how close the journeys are to the shortest "
                                         "possible.")
    nan = _plan("time_limit", (12.0, float("nan"), "time_limit"))
    assert "could not yet say how close the independent placements are" in stop_words(nan)


def test_nothing_to_say_for_proven_cancelled_or_infeasible_plans():
    proven = ((10.0, 10.0, "optimal"), (5.0, 5.0, "optimal"), (3.0, 3.0, "optimal"))
    assert stop_words(_plan("optimal", *proven)) == ""
    assert stop_words(_plan("feasible", *proven)) == ""  # every level within the proof gap
    assert stop_words(_plan("cancelled", (10.0, 5.0, "cancelled"))) == ""
    assert stop_words(_plan("infeasible")) == ""


def test_a_level_at_zero_is_proven_without_a_bound():
    plan = _plan("time_limit", (0.0, float("nan"), "time_limit"), (1560.0, float("nan"), "time_limit"))
    assert stop_words(plan) == ("Stopped at the time limit after 60 s: fewest independent placements proven; "
                                "the solver could not yet say how close the journeys are to the shortest possible.")


def test_a_plan_stopped_before_its_children_were_placed_says_only_its_schedule_is_shown():
    plan = _plan("time_limit", (5302.0, float("nan"), "time_limit"), seconds=11.0, placed=False)
    assert stop_words(plan) == ("Stopped at the time limit after 11 s, before the children could be placed in this "
                                "plan's places: only its build schedule is shown. Give it more time for the figures.")
