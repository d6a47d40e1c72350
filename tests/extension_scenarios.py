"""Hand-worked scenarios for the version 2 readings (planning-model 14-18), one per reading.

Built on the solver tests' builder (:mod:`solver.builder`): one kilometre of
straight line is one minute, independent placements take 60 minutes and
cost £60,000, a special place £20,000. Each function's docstring works its
optimum by hand; the constants ``*_SCHEDULE`` (``schedule.csv`` rows) and
``*_LEVELS`` (independent child-years, child-minutes, £ of capital + revenue
+ transport) name it, so the re-check's tests and the optimiser's tests
assert the same numbers. Settings carry ``in_county`` where the summary's
out-of-county share matters: the builder's areas are 200 m squares, so a
setting left blank would be out of county by location (reading 16).
"""

from __future__ import annotations

import pandas as pd
from shapely.geometry import box
from solver.builder import area, option, provision, scenario

from sufficiency_app.plan import SCHEDULE_COLUMNS
from sufficiency_app.scenario import Scenario

ASD = ("ASD", "PRI", "special")


def schedule_rows(*rows: tuple) -> pd.DataFrame:
    """``schedule.csv`` rows (option_id, year, modules, places, capital)."""
    return pd.DataFrame(list(rows), columns=list(SCHEDULE_COLUMNS)).astype(
        {"option_id": str, "year": int, "modules": int, "places": int, "capital": float})


def _in_county(sc: Scenario, *flags: bool | None) -> Scenario:
    return sc.replace(provisions=sc.provisions.assign(in_county=list(flags)))


# (a) reading 14: continuing placements
STAY_SCHEDULE = schedule_rows(("O", 2026, 1, 1, 1e6))
STAY_LEVELS = (2.0, 121.0, 1_140_000.0)
STAY_OFF_SCHEDULE = schedule_rows(("O", 2026, 2, 2, 2e6))
STAY_OFF_LEVELS = (1.0, 62.0, 2_100_000.0)
STAY_ON_OFF_SCHEDULE_LEVELS = (2.0, 121.0, 2_140_000.0)  # stay 1.0 under STAY_OFF_SCHEDULE: a place stands empty


def stay_county(stay: float = 1.0) -> Scenario:
    """One child placed independently in 2025 (no places yet); in 2026 a new entrant joins the group.

    School S (1 km, no places); option O adds one place a module (£1m, at most 2, from 2026);
    budget £0 in 2025, £2m in 2026. Demand: 1 child in 2025, 2 in 2026.

    - ``stay`` 1.0: ``I[2026] >= 1.0 x I[2025] - max(0, 1.0 x 1 - 2) = 1``: the 2025 child stays
      independent, so one module serves the new entrant and a second would stand empty.
      Levels: 1 + 1 = 2 independent; 60 + (60 + 1) = 121 minutes; £1m + £60k + (£60k + £20k) = £1.14m.
    - ``stay`` 0 (version 1): two modules, both children come back in 2026.
      Levels: 1 independent; 60 + 1 + 1 = 62 minutes; £2m + £60k + 2 x £20k = £2.1m.
    - ``stay`` 1.0 under the two-module schedule: 2, 121, £2m + £140k = £2.14m.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 1), (2026, "A", *ASD, 2)], [provision("S", "special", 0, 1)],
                  [option("O", provision_id="S", module=1, max_modules=2, capital=1e6, earliest=2026)],
                  horizon=2, capital=(0.0, 2e6), independent_stay={"PRI": stay} if stay else {})
    return _in_county(sc, True)


# (b) reading 15: a required independent share
REQUIRED_SCHEDULE = schedule_rows()
REQUIRED_LEVELS = (3.6, 114.4, 364_000.0)
REQUIRED_OFF_SCHEDULE = schedule_rows(("O", 2025, 2, 2, 2e6))
REQUIRED_OFF_LEVELS = (0.0, 12.0, 2_240_000.0)


def required_county(share: float = 0.3) -> Scenario:
    """12 children; school S (1 km, 10 places, +1 a module at £1m); independent school X (5 km, 2 places, £50k).

    - ``share`` 0.3 of ASD: ``I >= 0.3 x 12 = 3.6`` whatever is built, so nothing is built
      (12 - 3.6 = 8.4 fit in S). X takes 2 of the 3.6 (5 minutes against 60), the fallback 1.6.
      Levels: 3.6 independent; 8.4 x 1 + 2 x 5 + 1.6 x 60 = 114.4 minutes;
      8.4 x £20k + 2 x £50k + 1.6 x £60k = £364,000.
    - no share (version 1): two modules, everyone at S: 0; 12 minutes; £2m + 12 x £20k = £2.24m.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 12)],
                  [provision("S", "special", 10, 1), provision("X", "independent", 2, 5, cost=50000.0)],
                  [option("O", provision_id="S", module=1, max_modules=5, capital=1e6)], capital=(10e6,),
                  independent_required={"ASD": share} if share else {})
    return _in_county(sc, True, True)


# (c) reading 17: transport cost
TRANSPORT_SCHEDULE = schedule_rows()
TRANSPORT_LEVELS = (1.0, 70.0, 92_360.0)
TRANSPORT_COST = 12_360.0  # summary transport_cost: 860 (A to S1) + 11,500 (B independent)
TRANSPORT_OFF_LEVELS = (1.0, 70.0, 79_000.0)


def transport_county(costed: bool = True) -> Scenario:
    """Two schools 10 minutes from area A by travel.csv; S1 is 4 road km away, S2 12 km but £1,000 cheaper.

    S1 (£20,000 a place) and S2 (£19,000), one place each; one child in A; one child in B, 100 km
    away, beyond the 45-minute limit of both (placed independently). Transport: £100 a year plus
    £0.50 a km, 190 days, there and back: S1 100 + 0.5 x 2 x 190 x 4 = £860, S2 100 + 0.5 x 2 x
    190 x 12 = £2,380, independent at 60 min x 60 km/h / 60 = 60 km: 100 + 0.5 x 2 x 190 x 60 = £11,500.

    - costed: A's child goes to S1 (20,000 + 860 = 20,860 < 19,000 + 2,380 = 21,380).
      Levels: 1 independent; 10 + 60 = 70 minutes; 20,000 + 860 + 60,000 + 11,500 = £92,360;
      transport £12,360.
    - not costed (version 1): S2 (£19,000): 1; 70; 19,000 + 60,000 = £79,000; transport £0.
    """
    sc = scenario([area("A", 0), area("B", 100)], [(2025, "A", *ASD, 1), (2025, "B", *ASD, 1)],
                  [provision("S1", "special", 1, 3), provision("S2", "special", 1, 0, 3, cost=19000.0)],
                  max_minutes={"PRI": 45.0},
                  **(dict(transport_fixed=100.0, transport_per_km=0.5) if costed else {}))
    travel = pd.DataFrame({"area_id": ["A", "A"], "provision_id": ["S1", "S2"], "minutes": [10.0, 10.0],
                           "km": [4.0, 12.0]})
    return _in_county(sc, True, True).replace(travel=travel)


# (d) reading 18: capital before opening
BUILD_SCHEDULE = schedule_rows(("O2", 2026, 1, 2, 2.5e6))
BUILD_LEVELS = (0.0, 10.0, 2_540_000.0)
BUILD_SPEND = (0.0, 2.5e6)
BUILD_OFF_SCHEDULE = schedule_rows(("O1", 2026, 1, 2, 2e6))
BUILD_OFF_LEVELS = (0.0, 2.0, 2_040_000.0)
BUILD_OFF_SPEND = (1e6, 1e6)  # BUILD_OFF_SCHEDULE with O1 built over 2 years: £1m lands in 2025


def build_county(build_years: int = 2) -> Scenario:
    """Two children in 2026 only. O1 grows school S (1 km) by 2 places for £2m, built over ``build_years``;
    O2 is a new school at 5 km, 2 places for £2.5m, built in its opening year. Budget £0.5m in 2025,
    £3m in 2026, no carry-forward. Area A is 20 km square, so both schools are in county.

    - ``build_years`` 2: O1 opening in 2026 spends £1m in 2025 (> £0.5m); opening in 2025 puts all
      £2m in 2025 (2024 is charged to the base year). So O2 opens in 2026 (£2.5m <= £3m).
      Levels: 0 independent; 2 x 5 = 10 minutes; £2.5m + 2 x £20k = £2.54m. Spend: £0, £2.5m.
    - ``build_years`` 1 (version 1): O1 in 2026: 0; 2 x 1 = 2 minutes; £2m + £40k = £2.04m.
    """
    sc = scenario([area("A", 0)], [(2026, "A", *ASD, 2)], [provision("S", "special", 0, 1)],
                  [option("O1", provision_id="S", module=2, max_modules=1, capital=2e6),
                   option("O2", kind="special", needs="ALL", phases="ALL", x_km=5, module=2, max_modules=1,
                          capital=2.5e6, cost=20000.0)],
                  horizon=2, capital=(0.5e6, 3e6))
    options = sc.options.assign(build_years=[build_years, 1]) if build_years > 1 else sc.options
    county = sc.areas.assign(geometry=[box(-10_000, -10_000, 10_000, 10_000)])  # the new school is in county
    return sc.replace(options=options, areas=county)


# (e) reading 16: out of county
COUNTY_SCHEDULE = schedule_rows()
COUNTY_LEVELS = (5.0, 140.0, 410_000.0)
COUNTY_MEASURES = {"spe_a": 5 / 17, "spe_d": 3 / 17, "out_of_county": 6 / 17}


def county_county() -> Scenario:
    """17 children: 12 in special schools and 5 of mainstream tier met locally (no mainstream setting listed).

    S1 special in county (1 km, 4 places); S2 special, ``in_county`` blank and outside the areas,
    so out of county (2 km, 3); X independent in county (3 km, 2, £50k); Y independent out of
    county (4 km, 1, £50k). S1 and S2 take 7; the other 5 are independent: X 2, Y 1, fallback 2.
    Levels: 5; 4 x 1 + 3 x 2 + 2 x 3 + 1 x 4 + 2 x 60 = 140 minutes;
    4 x £20k + 3 x £20k + 2 x £50k + £50k + 2 x £60k = £410,000.
    Shares of all 17: SPE.a 5/17; SPE.d (Y and the fallback) 3/17; out of county (S2, Y, fallback) 6/17.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 12), (2025, "A", "ASD", "PRI", "mainstream", 5)],
                  [provision("S1", "special", 4, 1), provision("S2", "special", 3, 2),
                   provision("X", "independent", 2, 3, cost=50000.0),
                   provision("Y", "independent", 1, 4, cost=50000.0)])
    return _in_county(sc, True, None, True, False)
