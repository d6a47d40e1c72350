"""The finance county's plans with the version 2 summary columns, for the dashboard's views (cards, charts, report).

The solver writes ``spe_a``, ``spe_d``, ``out_of_county`` and
``transport_cost`` per year; these tests only present them, so the shares
here are worked by hand from the plans' allocations (tests/small_scenarios.py):

- plan: 2025 has 6 of 20 children in the unlisted independent sector (out of
  county by assumption), 2026 and 2027 none (21 and 22 children).
- baseline: 5 at Far Independent (outside the areas: out of county) plus 5,
  6, 7 in the sector, of 20, 21, 22 children.

Transport costs are given, not worked (the core computes them): the plan
£12,000, £8,000, £9,000; the baseline £20,000, £21,000, £22,000.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app.model.plan import PlanResult
from sufficiency_app.model.scenario import Scenario

PLAN_SHARES = (6 / 20, 0.0, 0.0)
BASELINE_SHARES = (10 / 20, 11 / 21, 12 / 22)
PLAN_TRANSPORT = (12_000.0, 8_000.0, 9_000.0)
BASELINE_TRANSPORT = (20_000.0, 21_000.0, 22_000.0)


def with_measures(result: PlanResult, shares, transport) -> PlanResult:
    """``result`` with the dashboard columns added; every child placed independently here is out of county."""
    summary = result.summary.assign(spe_a=list(shares), spe_d=list(shares), out_of_county=list(shares),
                                    transport_cost=list(transport))
    return dataclasses.replace(result, summary=summary)


def v2_county(required: dict[str, float] | None = None, per_km: float = 0.5) -> Scenario:
    """The finance county with transport costed (and, if given, required independent shares by need)."""
    s = finance_county()
    p = s.parameters.replace(transport_per_km=per_km,
                             independent_required=MappingProxyType(dict(required or {})))
    return s.replace(parameters=p)


def v2_plan() -> PlanResult:
    return with_measures(finance_plan(), PLAN_SHARES, PLAN_TRANSPORT)


def v2_baseline() -> PlanResult:
    return with_measures(finance_baseline(), BASELINE_SHARES, BASELINE_TRANSPORT)
