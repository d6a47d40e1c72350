"""How good a plan is, in an officer's words: no solver status, gap or bound reaches page 1."""

from __future__ import annotations

import dataclasses

import pandas as pd

from sufficiency_app.infra.formatting import format_value, millions, points
from sufficiency_app.model.plan import LevelResult, PlanResult
from sufficiency_app.present.plan_words import duration, plan_words, why_no_marginal_values, why_no_option_values


def _plan(status: str, levels: tuple[LevelResult, ...], seconds: float = 60.0) -> PlanResult:
    empty = pd.DataFrame()
    return PlanResult(status=status, schedule=empty, allocation=empty, summary=empty, levels=levels,  # type: ignore[arg-type]
                      gap=0.05, seconds=seconds, backend="highs", scenario_sha256="")


def _levels(*triples) -> tuple[LevelResult, ...]:
    return tuple(LevelResult(n, v, b, s) for n, (v, b, s) in zip(("independent", "travel", "cost"), triples))


def test_proven_best_plan():
    plan = _plan("optimal", _levels((100, 100, "optimal"), (5e5, 5e5, "optimal"), (9e7, 9e7, "optimal")))
    assert plan_words(plan) == "Proven best plan"


def test_time_limit_says_how_many_more_child_years_any_plan_could_avoid():
    plan = _plan("time_limit", _levels((3363.0, 3322.0, "time_limit"), (6e5, 0.0, "time_limit"),
                                      (5e8, 0.0, "time_limit")))
    text = plan_words(plan)
    assert text == "Best plan found in 60 s; no plan can avoid more than 41 more child-years of independent placement"
    for jargon in ("gap", "bound", "incumbent", "time_limit", "%"):
        assert jargon not in text


def test_no_bound_is_said_plainly_and_later_levels_are_qualified():
    assert plan_words(_plan("time_limit", _levels((10, float("nan"), "time_limit")), 150)).endswith(
        "the solver could not say how much better a plan could be")
    travel_open = _plan("time_limit", _levels((10, 10, "optimal"), (1000, 900, "time_limit")))
    assert plan_words(travel_open) == ("Best plan found in 60 s: fewest independent placements proven; journeys may "
                                       "not be the shortest (no plan with as few independent placements can cut "
                                       "total travel by more than 10%)")


def test_cancel_infeasible_and_nothing_found():
    assert plan_words(_plan("cancelled", _levels((10, 5, "cancelled")), 12)).startswith(
        "Plan found before the solve was stopped at 12 s;")
    assert plan_words(_plan("infeasible", ())).startswith("No plan: the pinned choices cannot all be met")
    assert plan_words(_plan("time_limit", (), 200)) == "No plan found before the time limit (3 min), so the plan shown builds nothing"
    assert duration(3900) == "1 h 5 min"


def test_british_figures():
    assert millions(80_369_024) == "£80.4m" and millions(60_000) == "£60k" and millions(640) == "£640"
    assert format_value(-371_100_000, "money") == "−£371.1m"
    assert points(8.5) == "+8.5 pp" and points(-0.01) == "0.0 pp"
    assert format_value(12.3, "percent", signed=True) == "+12.3 pp" and format_value(12.3, "percent") == "12.3%"


def test_empty_explanations_say_why_and_what_to_do():
    built = pd.DataFrame({"option_id": ["O1"], "year": [2026], "modules": [1.0], "places": [8.0], "capital": [1e5]})
    plan = dataclasses.replace(_plan("time_limit", ()), schedule=built,
                               message="marginal and option values left out: the time limit came first")
    assert why_no_option_values(plan).startswith("Left out: the time limit came first. Re-run with a longer")
    assert why_no_marginal_values(plan).startswith("Left out: the time limit came first")
    nothing = _plan("optimal", ())
    assert why_no_option_values(dataclasses.replace(nothing, schedule=built.iloc[0:0])) == (
        "The plan builds no new places, so there is nothing to value.")
    assert "already has one" in why_no_marginal_values(nothing)


def test_a_travel_level_close_to_proven_says_how_close_not_zero():
    """The sample's level 2 ends within 0.016%: "by more than 0.0%" would read as proven."""
    close = _plan("feasible", _levels((10, 10, "optimal"), (1188639.9, 1188452.8, "feasible")))
    assert plan_words(close).endswith("cut total travel by more than 0.02%)")
