"""How good a plan is, in an officer's words rather than the solver's. No Qt, no solver.

The solver reports a status, a gap and each level's value and bound
("gap 4.7450%", "incumbent 3,293.0 · bound 3,136.7"). An officer needs one
sentence: "Proven best plan", or "Best plan found in 30 s; no plan can
avoid more than 157 more child-years of independent placement". The
window, the CLI and every report use :func:`plan_words`; the raw figures
stay in the plan's files, not in a Cabinet paper.
"""

from __future__ import annotations

import math

from ..infra.formatting import millions
from ..model.plan import LevelResult, PlanResult

# A level whose value and bound differ by less than this share is as good as proven.
PROVEN = 1e-4


def duration(seconds: float) -> str:
    """``45 s``, ``3 min``, ``1 h 5 min``."""
    if seconds < 90:
        return f"{max(seconds, 0):.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def proven(level: LevelResult) -> bool:
    """True when no plan can do better on this level (within the solver's tolerance).

    A level at 0 is proven whatever the bound: children, minutes and pounds are never below 0.
    """
    if level.status == "optimal" or (math.isfinite(level.value) and level.value <= 0):
        return True
    if not (math.isfinite(level.value) and math.isfinite(level.bound)):
        return False
    return level.value - level.bound <= PROVEN * max(abs(level.value), 1.0)


def _room(level: LevelResult) -> str:
    """How much better a plan could be on ``level``, or "" when the bound says nothing useful."""
    if not math.isfinite(level.bound) or level.bound <= 0 or not math.isfinite(level.value):
        return ""
    room = level.value - level.bound
    if level.name == "independent":
        return (f"no plan can avoid more than {math.ceil(room - 1e-6):,} more child-years of "
                "independent placement")
    if level.name == "travel":
        share = room / level.value
        shown = f"{share:.2%}" if share < 0.001 else f"{share:.1%}" if share < 0.1 else f"{share:.0%}"  # never "0.0%"
        return f"no plan with as few independent placements can cut total travel by more than {shown}"
    return f"no plan this good can cost more than {millions(room)} less"


def plan_words(plan: PlanResult) -> str:
    """One sentence on how good ``plan`` is, for page 1, the Results tab and the CLI."""
    took = duration(plan.seconds)
    if plan.status == "infeasible":
        return "No plan: the pinned choices cannot all be met, so the plan shown builds nothing"
    levels = {lv.name: lv for lv in plan.levels}
    first = levels.get("independent")
    stopped = "stopped" if plan.status == "cancelled" else ""
    if first is None:
        why = "the solve was stopped" if stopped else f"the time limit ({took})"
        return f"No plan found before {why}, so the plan shown builds nothing"
    if all(proven(lv) for lv in plan.levels) and (plan.status == "optimal" or len(plan.levels) == 3) \
            and plan.status != "cancelled":
        return "Proven best plan"
    found = f"Plan found before the solve was stopped at {took}" if stopped else f"Best plan found in {took}"
    if not proven(first):
        room = _room(first)
        return f"{found}; {room}" if room else f"{found}; the solver could not say how much better a plan could be"
    rest = [lv for lv in plan.levels if lv.name != "independent"]
    journeys_proven = all(proven(lv) for lv in rest if lv.name == "travel") and "travel" in levels
    if not journeys_proven:
        room = _room(levels["travel"]) if "travel" in levels else ""
        detail = f" ({room})" if room else ""
        return f"{found}: fewest independent placements proven; journeys may not be the shortest{detail}"
    return f"{found}: fewest independent placements and shortest journeys proven; costs may not be the lowest"


STOPPED_LEVEL = {
    "independent": ("", "independent placements", "fewest"),
    "travel": ("fewest independent placements proven; ", "journeys", "shortest"),
    "cost": ("placements and journeys proven; ", "costs", "lowest"),
}


def stop_words(plan: PlanResult) -> str:
    """What stopped an unproven plan and how close it is, for beside the headline figures; "" otherwise.

    "Stopped at the time limit after 60 s: independent placements within
    0.4% of the fewest possible." A plan stopped by its work limit (status
    ``feasible``) says so too: more time would not change it, a higher
    ``--rounds`` might. A plan stopped before its children were placed
    (no allocation) has a schedule and no figures, and says that.
    """
    if plan.status not in ("time_limit", "feasible"):
        return ""
    limit = "time limit" if plan.status == "time_limit" else "solver's work limit"
    if not len(plan.allocation):
        return (f"Stopped at the {limit} after {duration(plan.seconds)}, before the children could be placed in "
                "this plan's places: only its build schedule is shown. Give it more time for the figures.")
    level = next((lv for lv in plan.levels if not proven(lv) and lv.name in STOPPED_LEVEL), None)
    if level is None:
        return ""
    done, what, best = STOPPED_LEVEL[level.name]
    value, bound = level.value, level.bound
    if not (math.isfinite(value) and math.isfinite(bound)) or (bound <= 0 < value):
        close = f"the solver could not yet say how close the {what} are to the {best} possible"
    else:
        share = (value - bound) / max(abs(value), 1.0)
        close = f"{what} within {share:.2%}" if share < 0.01 else f"{what} within {share:.1%}" if share < 0.1 \
            else f"{what} within {share:.0%}"
        close += f" of the {best} possible"
    return f"Stopped at the {limit} after {duration(plan.seconds)}: {done}{close}."



LEFT_OUT = "left out"  # the solver's message says so when the time limit came before the explanations


def why_no_option_values(plan: PlanResult) -> str:
    """Why "what each option buys" is empty, and what to do, in one sentence."""
    if LEFT_OUT in (plan.message or ""):
        return "Left out: the time limit came first. Re-run with a longer time limit to see what each option buys."
    if not len(plan.schedule) or not (plan.schedule["places"].astype(float) > 0).any():
        return "The plan builds no new places, so there is nothing to value."
    return "Not worked out for this plan (solved without explanations). Solve again to see them."


def why_no_marginal_values(plan: PlanResult) -> str:
    """Why no setting shows a marginal value, and what to do, in one sentence."""
    if LEFT_OUT in (plan.message or ""):
        return "Left out: the time limit came first. Re-run with a longer time limit to see them."
    return ("No setting where one more place would help this year: every child who could use a local place "
            "already has one.")
