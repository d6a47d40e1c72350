"""The workshop's levers as a small immutable state, and the scenario they make. No Qt.

The workshop never edits the scenario it started from: each change of a
lever makes a new state, and :func:`apply` derives the scenario to solve
from the original, so moving a slider back restores the original exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ..model.scenario import Scenario
from ..model.scenario_diff import pin_rules, pins, with_pins
from ..solver.api import Pin


@dataclass(frozen=True)
class WorkshopState:
    """Capital per year, demand growth on top of the forecast, independent cost, travel limits, pins,
    the stay rates as a percentage of the scenario's (reading 14) and transport £ per km (reading 17)."""

    capital_per_year: float
    growth_percent: float
    independent_place: float
    max_minutes: Mapping[str, float]
    force: frozenset[str] = field(default_factory=frozenset)
    forbid: frozenset[str] = field(default_factory=frozenset)
    stay_percent: float = 100.0
    transport_per_km: float = 0.0

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> WorkshopState:
        p = scenario.parameters
        capital = sum(p.capital) / len(p.capital) if p.capital else 0.0
        force, forbid = pins(p)  # a snapshot's pins, kept in its parameters
        return cls(capital, 0.0, p.independent_place, MappingProxyType(dict(p.max_minutes)), force, forbid,
                   transport_per_km=p.transport_per_km)

    def with_(self, **changes) -> WorkshopState:
        return replace(self, **changes)

    def baseline_key(self) -> tuple:
        """What the do-nothing baseline depends on (not capital, not pins)."""
        return (self.growth_percent, self.independent_place, tuple(sorted(self.max_minutes.items())),
                self.stay_percent, self.transport_per_km)


def kept_pins(scenario: Scenario) -> tuple[Pin, ...]:
    """The options a scenario keeps pinned (a workshop snapshot's), as the solver's pins."""
    return tuple(Pin(*rule) for rule in pin_rules(scenario.parameters))


def scaled_stay(stay: Mapping[str, float], percent: float) -> dict[str, float]:
    """Every phase's stay rate times ``percent``/100, none above 1 (a share cannot pass all of them)."""
    return {phase: min(1.0, float(q) * percent / 100.0) for phase, q in stay.items()}


def apply(base: Scenario, state: WorkshopState) -> Scenario:
    """The scenario ``state`` describes, derived from ``base``.

    Demand growth compounds from the base year: a count in year ``t`` is
    multiplied by ``(1 + growth/100) ** (t - base_year)``; the capital
    budget becomes the same amount every year. Stay rates scale with
    ``stay_percent`` (a scenario without them keeps none: the lever is off).
    The pins are kept in the parameters, as a snapshot keeps them, so the
    scenario says everything its plan was solved with.
    """
    p = base.parameters
    demand = base.demand
    if state.growth_percent:
        factor = (1.0 + state.growth_percent / 100.0) ** (demand["year"].astype(int) - p.base_year)
        demand = demand.assign(count=demand["count"].astype(float) * factor)
    parameters = with_pins(p, state.force, state.forbid).replace(
        capital=(float(state.capital_per_year),) * p.horizon,
        independent_place=float(state.independent_place),
        max_minutes=MappingProxyType(dict(state.max_minutes)),
        independent_stay=MappingProxyType(scaled_stay(p.independent_stay, state.stay_percent)),
        transport_per_km=float(state.transport_per_km),
    )
    return base.replace(parameters=parameters, demand=demand)
