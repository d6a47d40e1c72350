"""Write ``sample_data/wiltshire/history.csv`` and ``population.csv`` for the sample county.

History rows are census counts by NCY, need and setting, built so that

- the latest census (January of ``base_year + 1``, i.e. the scenario's
  ``base_year`` academic year) has exactly the sample's ``demand.csv``
  base-year totals by need, phase and tier (``ap``/``other`` rows are added
  in Wiltshire's real proportion);
- the age, need and setting mix comes from Wiltshire's real January 2025
  SEN2 return (age x need, need x placement and age x placement tables,
  combined by iterative proportional fitting);
- earlier censuses are the latest one scaled back at the growth the
  Wiltshire SEND Sustainability Plan (April 2024) expects, "a further 31.5%
  in the next five years", in every setting alike (Wiltshire's own SEN2
  series grew faster, and fastest in independent schools, but the Plan's
  forecast is the one its finances, and so the sample's, are built on).

It then writes ``demand.csv`` again: the central (expected) projection of
this history by the planner's own forecast (``projection.forecast``, with
``population.csv``), so the sample plans for the demand its stress test
draws around. The base year is the census itself, so it is unchanged.

``population.csv`` is an *illustrative* school-age population (about 6,500
children per year group, births falling 1% a year); it is not ONS data and
is there to exercise the ceiling lever.

Run ``python sample_data/build_history.py`` after ``build_sample.py``.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sufficiency_app.model.codes import NEEDS
from sufficiency_app.projection.history import NCYS, SETTING_TIER, SETTINGS
from sufficiency_app.projection.mapping import CENSUS_TO_DEMAND_YEAR, phase_of_ncy

SOURCES = HERE / "sources"
OUT = HERE / "wiltshire"
DEMAND_DECIMALS = 4  # demand.csv keeps the projection's fractions of a child
YEARS_BACK = 6  # seven censuses in all
# Sustainability Plan: "we expect the number of EHCPs to grow by another 31.5% in the next five years".
YEARLY_GROWTH = 1.315 ** (1 / 5)

NEED_COLUMNS = {f"number_{n.lower()}": n for n in NEEDS if n not in ("DS", "NSA")}
NEED_COLUMNS["number_need_unknown"] = "OTH"
CASELOAD_SETTINGS = {
    "mainstream": ["mainstream_la_maintained", "mainstream_academy", "mainstream_free_school",
                   "mainstream_independent"],
    "resourced": ["mainstream_la_maintained_resourced_provision", "mainstream_la_maintained_senunit",
                  "mainstream_academy_resourced_provision", "mainstream_academy_senunit",
                  "mainstream_free_school_resourced_provision", "mainstream_free_school_senunit"],
    "special": ["special_la_maintained", "special_academy_free"],
    "independent": ["special_independent", "special_non_maintained"],
    "ap": ["ap_pru_total"],
}
PLACEMENT_ROWS = {
    "Mainstream - academy": "mainstream", "Mainstream - free school": "mainstream",
    "Mainstream - independent": "mainstream", "Mainstream - LA maintained": "mainstream",
    "Mainstream - academy (resourced provision)": "resourced", "Mainstream - academy (SEN unit)": "resourced",
    "Mainstream - LA maintained (resourced provision)": "resourced",
    "Mainstream - LA maintained (SEN unit)": "resourced",
    "Special - Academy/free schools": "special", "Special - LA maintained": "special",
    "Special - independent": "independent", "Special - non-maintained": "independent",
    "FE - total": "other", "Educated elsewhere - total": "other", "Non-maintained early years": "other",
    "Placement not recorded": "other",
}


def _number(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    return frame[columns].apply(pd.to_numeric, errors="coerce").fillna(0).sum(axis=1)


def _ncy_of_age(label: pd.Series) -> np.ndarray:
    """SEN2 age (at 31 August) to NCY: reception children are 4, so NCY = age - 4 (top NCY absorbs older)."""
    return np.clip(label.str.replace("age ", "").astype(int).to_numpy() - 4, NCYS[0], NCYS[-1])


def real_cube(needs: pd.DataFrame, caseload: pd.DataFrame) -> np.ndarray:
    """January 2025 plans ``[ncy, need, setting]`` from three SEN2 two-way tables by IPF."""
    latest = caseload[caseload["time_period"] == caseload["time_period"].max()]
    by_age = needs[needs["breakdown_topic"] == "Child or young persons age"]
    age_need = np.zeros((len(NCYS), len(NEEDS)))
    for col, need in NEED_COLUMNS.items():
        np.add.at(age_need[:, NEEDS.index(need)], _ncy_of_age(by_age["breakdown"]) - NCYS[0], _number(by_age, [col]))
    placement = needs[needs["breakdown"].isin(list(PLACEMENT_ROWS))]
    need_setting = np.zeros((len(NEEDS), len(SETTINGS)))
    for _, row in placement.iterrows():
        s = SETTINGS.index(PLACEMENT_ROWS[row["breakdown"]])
        for col, need in NEED_COLUMNS.items():
            need_setting[NEEDS.index(need), s] += float(pd.to_numeric(row[col], errors="coerce") or 0)
    ages = latest[latest["breakdown_topic"] == "Child or young persons age"]
    age_setting = np.zeros((len(NCYS), len(SETTINGS)))
    for s, cols in CASELOAD_SETTINGS.items():
        np.add.at(age_setting[:, SETTINGS.index(s)], _ncy_of_age(ages["breakdown"]) - NCYS[0], _number(ages, cols))
    named = [c for cols in CASELOAD_SETTINGS.values() for c in cols]
    other = pd.to_numeric(ages["ehcplans"]).to_numpy() - _number(ages, named)
    np.add.at(age_setting[:, SETTINGS.index("other")], _ncy_of_age(ages["breakdown"]) - NCYS[0], other)
    cube = np.ones((len(NCYS), len(NEEDS), len(SETTINGS)))
    for _ in range(200):
        cube *= (age_need / np.maximum(cube.sum(axis=2), 1e-12))[:, :, None]
        cube *= (need_setting / np.maximum(cube.sum(axis=0), 1e-12))[None, :, :]
        cube *= (age_setting / np.maximum(cube.sum(axis=1), 1e-12))[:, None, :]
    return cube


def match_demand(cube: np.ndarray, targets: pd.Series) -> np.ndarray:
    """Rescale school-setting cells so (need, phase, tier) totals equal ``targets``; ap/other follow the overall ratio."""
    out = cube.copy()
    phases = phase_of_ncy(np.asarray(NCYS))
    school = [SETTINGS.index(s) for s in SETTING_TIER]
    before = cube[:, :, school].sum()
    for (need, phase, tier), target in targets.items():
        a = np.flatnonzero(phases == phase)
        s = [SETTINGS.index(x) for x, t in SETTING_TIER.items() if t == tier]
        k = NEEDS.index(need)
        block = out[np.ix_(a, [k], s)]
        if block.sum() <= 0:
            block = cube[np.ix_(a, list(range(len(NEEDS))), s)].sum(axis=1, keepdims=True) + 1e-9
        out[np.ix_(a, [k], s)] = block * target / block.sum()
    seen = {(n, p, t) for n, p, t in targets.index}
    for k, need in enumerate(NEEDS):
        for s in school:
            for a, phase in enumerate(phases):
                if (need, phase, SETTING_TIER[SETTINGS[s]]) not in seen:
                    out[a, k, s] = 0.0
    ratio = out[:, :, school].sum() / before
    for s in ("ap", "other"):
        out[:, :, SETTINGS.index(s)] *= ratio
    return out


def integerise(values: np.ndarray) -> np.ndarray:
    """Round to whole children keeping the total (largest remainder)."""
    flat = values.reshape(-1)
    floor = np.floor(flat)
    short = round(flat.sum() - floor.sum())
    order = np.argsort(-(flat - floor), kind="stable")[:short]
    floor[order] += 1
    return floor.reshape(values.shape)


def cube_rows(cube: np.ndarray, year: int) -> pd.DataFrame:
    a, k, s = np.nonzero(cube)
    return pd.DataFrame({"year": year, "ncy": np.asarray(NCYS)[a], "need": np.asarray(NEEDS)[k],
                         "setting": np.asarray(SETTINGS)[s], "count": cube[a, k, s].astype(int)})


def build(demand: pd.DataFrame, base_year: int, needs: pd.DataFrame, caseload: pd.DataFrame) -> pd.DataFrame:
    """History for censuses ``base_year + 1 - YEARS_BACK .. base_year + 1``."""
    last_census = base_year - CENSUS_TO_DEMAND_YEAR
    base = demand[demand["year"] == base_year]
    targets = base.groupby(["need", "phase", "tier"])["count"].sum().round()
    latest = match_demand(real_cube(needs, caseload), targets)
    frames = []
    for back in range(YEARS_BACK, -1, -1):
        cube = latest * YEARLY_GROWTH ** -back
        if back == 0:
            phases = phase_of_ncy(np.asarray(NCYS))
            rounded = np.zeros_like(cube)
            for need, phase, tier in targets.index:
                idx = np.ix_(np.flatnonzero(phases == phase), [NEEDS.index(need)],
                             [SETTINGS.index(x) for x, t in SETTING_TIER.items() if t == tier])
                rounded[idx] = integerise(cube[idx])
            rest = [SETTINGS.index("ap"), SETTINGS.index("other")]
            rounded[:, :, rest] = integerise(cube[:, :, rest])
            cube = rounded
        else:
            cube = integerise(cube)
        frames.append(cube_rows(cube, last_census - back))
    return pd.concat(frames, ignore_index=True)


def population(years: list[int]) -> pd.DataFrame:
    """Illustrative school population R..Y11: ~6,500 a year group, each younger cohort 1% smaller."""
    rows = []
    for year in years:
        for ncy in range(12):
            born = year - ncy
            rows.append({"year": year, "ncy": ncy, "population": round(7000 * 0.99 ** (born - 2014))})
    return pd.DataFrame(rows)


def project_demand(folder: Path) -> pd.DataFrame:
    """The planner's central projection of the folder's ``history.csv`` as ``demand.csv`` rows."""
    from sufficiency_app.io import read_scenario
    from sufficiency_app.projection.history import read_population
    from sufficiency_app.projection.pipeline import forecast

    scenario = read_scenario(folder)
    demand = forecast(scenario, population=read_population(folder / "population.csv")).demand
    return demand.assign(count=demand["count"].round(DEMAND_DECIMALS))


def main() -> None:
    settings = tomllib.loads((OUT / "scenario.toml").read_text(encoding="utf-8"))
    base_year = int(settings.get("base_year", 2025))
    horizon = int(settings.get("horizon", 6))
    demand = pd.read_csv(OUT / "demand.csv")
    needs = pd.read_csv(SOURCES / "sen2_2025_needs_wiltshire.csv", dtype=str)
    caseload = pd.read_csv(SOURCES / "sen2_2025_caseload_wiltshire.csv", dtype=str)
    history = build(demand, base_year, needs, caseload)
    history.to_csv(OUT / "history.csv", index=False)
    first = int(history["year"].min())
    population(list(range(first, base_year - CENSUS_TO_DEMAND_YEAR + horizon + 1))).to_csv(
        OUT / "population.csv", index=False)
    totals = history.groupby("year")["count"].sum()
    print(f"history.csv: {len(history)} rows, censuses {first}..{history['year'].max()}, "
          f"plans {', '.join(f'{y}: {int(n)}' for y, n in totals.items())}")
    projected = project_demand(OUT)
    projected.to_csv(OUT / "demand.csv", index=False, lineterminator="\n")
    by_year = projected.groupby("year")["count"].sum()
    print(f"demand.csv: central projection, {', '.join(f'{y}: {n:,.0f}' for y, n in by_year.items())}")


if __name__ == "__main__":
    main()
