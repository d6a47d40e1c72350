"""The plan contract: what a solve produces and everything else reads (no Qt, no solver).

A ``PlanResult`` holds the schedule, the allocation and the summary of one
plan, with each objective level's value, bound and status. The optimiser
(:mod:`sufficiency_app.solver`) produces it; data, formats, finance, reports
and the window only consume it, so none of them depends on the optimiser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Status = Literal["optimal", "feasible", "time_limit", "cancelled", "infeasible"]
LEVEL_NAMES = ("independent", "travel", "cost")

SCHEDULE_COLUMNS = ("option_id", "year", "modules", "places", "capital")
ALLOCATION_COLUMNS = ("year", "area_id", "need", "phase", "tier", "provision_id", "count", "minutes")
SUMMARY_COLUMNS = (
    "year", "demand", "independent", "mean_minutes", "p95_minutes", "capital", "revenue", "places_created",
    "spe_a", "spe_d", "out_of_county", "transport_cost",
)
MARGINAL_COLUMNS = ("provision_id", "year", "independent_avoided", "minutes_saved")
OPTION_VALUE_COLUMNS = (
    "option_id", "places", "capital", "independent_avoided", "independent_avoided_per_million",
    "minutes_saved", "buys",
)
# What an option buys (docs/model.md reading 21): the words of ``option_values.buys``.
BUYS_PLACES, BUYS_JOURNEYS, BUYS_NOTHING = "places", "journeys only", "nothing"
EMPTY_PLACE_COLUMNS = ("provision_id", "year", "places", "placed", "empty", "place_funding", "empty_cost")


@dataclass(frozen=True)
class LevelResult:
    name: Literal["independent", "travel", "cost"]
    value: float
    bound: float
    status: Status
    without_tail: float | None = None  # the value over the horizon years only (reading 20; None: no tail counted)


@dataclass(frozen=True, eq=False)
class PlanResult:
    """A plan and how it was found. Tables use the column tuples above.

    ``schedule``: modules added per option and year. ``allocation``: where
    each demand group is placed (``INDEPENDENT`` / ``LOCAL`` as in the
    exchange format). ``summary``: one row per year. ``marginal_values``:
    for each setting and year, what one more place would buy.
    ``option_values``: for each chosen option, what it buys over the horizon: independent
    child-years avoided, child-minutes saved, and in words (``buys``: "journeys only" when it
    avoids no independent placement). ``empty_places``: per funded setting and year, places
    left empty and their place funding (reading 19; no rows without place funding).
    ``message``: plain English for the user when anything is not optimal
    (time limit, cancel, infeasible pins), else empty.
    """

    status: Status
    schedule: pd.DataFrame
    allocation: pd.DataFrame
    summary: pd.DataFrame
    levels: tuple[LevelResult, ...]
    gap: float
    seconds: float
    backend: str
    scenario_sha256: str
    model_size: Mapping[str, int] = field(default_factory=dict)
    marginal_values: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MARGINAL_COLUMNS))
    option_values: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OPTION_VALUE_COLUMNS))
    empty_places: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EMPTY_PLACE_COLUMNS))
    message: str = ""

    @property
    def independent(self) -> float:
        """Child-years of independent placement over the horizon."""
        return float(self.summary["independent"].sum()) if len(self.summary) else 0.0

    @property
    def empty_place_cost(self) -> float:
        """Place funding paid for empty places over the horizon (reading 19)."""
        return float(self.empty_places["empty_cost"].sum()) if len(self.empty_places) else 0.0

    @property
    def capital(self) -> float:
        return float(self.schedule["capital"].sum()) if len(self.schedule) else 0.0
