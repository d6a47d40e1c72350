"""The headline cards' figures, read from the core so the window shows the CLI's and the report's numbers."""

from __future__ import annotations

from ..infra.formatting import format_value
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..present.figures import Headline, plan_figures

__all__ = ["Headline", "format_value", "headlines"]


def headlines(scenario: Scenario, plan: PlanResult, baseline: PlanResult | None) -> list[Headline]:
    """The plan's headline figures (:meth:`PlanFigures.headlines`), each with its baseline value."""
    return list(plan_figures(scenario, plan, baseline).headlines())
