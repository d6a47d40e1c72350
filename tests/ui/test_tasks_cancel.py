"""The window's solve task hands its cancel to the do-nothing comparison, and a cancelled one leaves the plan alone."""

from __future__ import annotations

import threading

from sufficiency_app.solver import SolveOptions
from sufficiency_app.ui.tasks import solve_task


def test_a_cancel_during_the_baseline_gives_the_plan_without_one(scenario):
    """The baseline gets the task's own cancel (here it sets it, as a closed workshop would, and gives None as a
    cancelled baseline does): the task still returns the plan, with no baseline."""
    cancel, given = threading.Event(), []

    def cancelled_baseline(model, deadline, token):
        given.append(token)
        token.set()
        return None

    outcome = solve_task(scenario, SolveOptions(explain=False), baseline=cancelled_baseline)(lambda *a: None, cancel)
    assert given == [cancel]
    assert len(outcome.result.allocation)
    assert outcome.baseline is None
