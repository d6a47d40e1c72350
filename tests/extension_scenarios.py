"""Hand-worked scenarios for the version 2 and 3 readings (docs/model.md readings 14-23), one per reading.

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

from sufficiency_app.model.plan import SCHEDULE_COLUMNS
from sufficiency_app.model.scenario import Scenario

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


# Version 3 (docs/model.md readings 19-23)

# (f) reading 19: place funding
FUNDING_SCHEDULE = schedule_rows(("O1", 2025, 1, 1, 1e6))
FUNDING_LEVELS = (0.0, 4.0, 1_120_000.0)
FUNDING_OFF_SCHEDULE = schedule_rows(("O2", 2025, 1, 3, 0.97e6))
FUNDING_OFF_LEVELS = (0.0, 4.0, 1_050_000.0)
FUNDING_ON_OFF_SCHEDULE_LEVELS = (0.0, 4.0, 1_130_000.0)  # funding on under the three-place module
FUNDING_EMPTY = [("S", 2025, 4.0, 2.0, 2.0, 10_000.0, 20_000.0), ("S", 2026, 4.0, 2.0, 2.0, 10_000.0, 20_000.0)]


def funding_county(funding: float = 10_000.0) -> Scenario:
    """Two children in 2025 and 2026 at special school S (1 km, 1 place, £20,000 top-up a child).

    O1 adds 1 place for £1m; O2 adds 3 places for £0.97m (one module each, budget £2m in 2025).
    Either way both children are at S: 0 independent, 2 x 1 x 2 years = 4 minutes, revenue
    2 x £20k x 2 = £80k.

    - place funding £10,000 a place a year (S is special, so ``[costs] place_funding`` applies):
      O1: £1m + £80k + 2 places x £10k x 2 years = £1,120,000; O2: £0.97m + £80k + 4 x £10k x 2
      = £1,130,000 (2 empty places a year, £20,000 a year). So O1.
    - no place funding (version 2): O2 £1,050,000 against O1 £1,080,000. So O2.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 2), (2026, "A", *ASD, 2)], [provision("S", "special", 1, 1)],
                  [option("O1", provision_id="S", module=1, max_modules=1, capital=1e6),
                   option("O2", provision_id="S", module=3, max_modules=1, capital=0.97e6)],
                  horizon=2, capital=(2e6, 0.0), place_funding=funding)
    return _in_county(sc, True)


# (g) reading 20: places outlive the horizon
TAIL_SCHEDULE = schedule_rows(("Q", 2026, 1, 2, 1e6))
TAIL_LEVELS = (3.0, 184.0, 1_260_000.0)
TAIL_HORIZON = (3.0, 182.0, 1_220_000.0)  # the same plan over the horizon years only
TAIL_OFF_SCHEDULE = schedule_rows(("P", 2025, 1, 3, 1e6))
TAIL_OFF_LEVELS = (2.0, 123.0, 1_180_000.0)


def tail_county(tail_years: float = 1.0) -> Scenario:
    """£1m of capital over two years (carried forward) buys one of two options, both 1 km away.

    P: 3 ASD places from 2025, for 3 ASD children in 2025 only; Q: 2 SEMH places, for 2 SEMH
    children in 2026 only (earliest 2026).

    - ``tail_years`` 1 (2026 counts twice): P avoids 3 child-years, Q 2 x 2 = 4. So Q.
      Levels: 3 ASD independent in 2025; 3 x 60 + 2 x 2 x 1 = 184 minutes; £1m + 3 x £60k
      + 2 x 2 x £20k = £1,260,000. Over the horizon only: 3; 182; £1,220,000.
    - no tail (version 2): P avoids 3, Q 2. So P: 2; 3 x 1 + 2 x 60 = 123; £1m + 3 x £20k
      + 2 x £60k = £1,180,000.
    """
    semh = ("SEMH", "PRI", "special")
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 3), (2026, "A", *semh, 2)],
                  [provision("SA", "special", 0, 1, needs="ASD"), provision("SS", "special", 0, 1, needs="SEMH")],
                  [option("P", provision_id="SA", module=3, max_modules=1, capital=1e6),
                   option("Q", provision_id="SS", module=2, max_modules=1, capital=1e6, earliest=2026)],
                  horizon=2, capital=(1e6, 0.0), carry_forward=True, tail_years=tail_years)
    return _in_county(sc, True, True)


# (h) reading 21: capital for journeys
TRAVEL_CAPITAL_SCHEDULE = schedule_rows(("O2", 2025, 1, 1, 1.04e6))
TRAVEL_CAPITAL_LEVELS = (0.0, 6.0, 1_080_000.0)
LEAST_CAPITAL_SCHEDULE = schedule_rows(("O1", 2025, 1, 1, 1e6))
LEAST_CAPITAL_LEVELS = (0.0, 10.0, 1_040_000.0)


def journeys_county(capital_for_travel: bool = False, slack: float = 0.0) -> Scenario:
    """Two children; S1 (5 km) has 1 place, S2 (1 km) none. One module fits the £1.04m budget:
    O1 adds a place at S1 for £1m, O2 one at S2 for £1.04m. Either avoids the one independent placement.

    - ``capital_for_travel`` true (versions 1 and 2): level 2 takes O2 for its shorter journey:
      0; 5 + 1 = 6 minutes; £1.04m + 2 x £20k = £1,080,000.
    - false: level 1b (least capital with 0 independent) is £1m, so O1: 0; 2 x 5 = 10;
      £1m + £40k = £1,040,000.
    - false with ``capital_slack`` 0.05: up to £1m x 1.05 = £1.05m may be spent, so O2 again.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 2)],
                  [provision("S1", "special", 1, 5), provision("S2", "special", 0, 1)],
                  [option("O1", provision_id="S1", module=1, max_modules=1, capital=1e6),
                   option("O2", provision_id="S2", module=1, max_modules=1, capital=1.04e6)],
                  capital=(1.04e6,), capital_for_travel=capital_for_travel, capital_slack=slack)
    return _in_county(sc, True, True)


# (i) reading 22: a new setting fills gradually
FILL_SCHEDULE = schedule_rows(("N", 2025, 1, 2, 1e6), ("N", 2026, 1, 2, 1e6))
FILL_LEVELS = (2.0, 126.0, 2_240_000.0)
FILL_OFF_SCHEDULE = schedule_rows(("N", 2025, 2, 4, 2e6))
FILL_OFF_LEVELS = (0.0, 8.0, 2_160_000.0)


def fill_county(fill_years: int = 2) -> Scenario:
    """A new school N (1 km; 2 places a module, at most 2: full size 4) for 4 children in 2025 and 2026.

    - ``fill_years`` 2: in its first year N may use 4 x 1/2 = 2 places, from the second all 4.
      So 2 children are independent in 2025, whatever is built; the second module is built
      as late as it can be, in 2026. Levels: 2; 2025: 2 x 1 + 2 x 60, 2026: 4 x 1, 126 minutes;
      £2m + (2 x £20k + 2 x £60k) + 4 x £20k = £2,240,000.
    - ``fill_years`` 1 (version 2): both modules in 2025: 0; 8; £2m + 8 x £20k = £2,160,000.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4), (2026, "A", *ASD, 4)], [],
                  [option("N", kind="special", needs="ALL", phases="ALL", x_km=1, module=2, max_modules=2,
                          capital=1e6, cost=20000.0)],
                  horizon=2, capital=(10e6, 10e6))
    options = sc.options.assign(fill_years=[fill_years]) if fill_years > 1 else sc.options
    county = sc.areas.assign(geometry=[box(-10_000, -10_000, 10_000, 10_000)])  # the new school is in county
    return sc.replace(options=options, areas=county)


# (j) reading 23: every EHC plan in the measures
OUTSIDE_MEASURES = {"spe_a": 5 / 20, "spe_d": 3 / 20, "out_of_county": 6 / 17}


def outside_county() -> Scenario:
    """:func:`county_county` with 3 more EHC plans in colleges and home education (``plans_outside`` 3).

    No decision changes (levels as ``COUNTY_LEVELS``); SPE.a and SPE.d are of all 17 + 3 = 20
    plans: 5/20 and 3/20; the out-of-county share stays of the 17 children placed.
    """
    sc = county_county()
    return sc.replace(parameters=sc.parameters.replace(plans_outside=(3.0,)))
