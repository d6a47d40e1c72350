"""The committed Wiltshire sample and base layers: reproducible, readable, and shaped as the docs promise."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from sufficiency_app.infra.resources import maps_dir, sample_scenario_path
from sufficiency_app.io import read_scenario
from sufficiency_app.model.codes import KIND_TIER, NEEDS, PHASES, TIERS, parse_needs, parse_phases
from sufficiency_app.model.provision_settings import effective_settings
from sufficiency_app.model.validation import validate

SAMPLE = sample_scenario_path()
MAPS = maps_dir()
SCENARIO_FILES = ("scenario.toml", "areas.geojson", "demand.csv", "provisions.csv", "options.csv")
MAP_FILES = ("county_outline.geojson", "towns.geojson", "roads.geojson")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    """The sample and layers as the documented command writes them, in a fresh folder."""
    root = tmp_path_factory.mktemp("rebuilt")
    script = SAMPLE.parent / "build_sample.py"
    subprocess.run([sys.executable, str(script), "--root", str(root)], check=True)
    return root


@pytest.fixture(scope="module")
def builder():
    """The build script as a module, to check its share arithmetic."""
    spec = importlib.util.spec_from_file_location("build_sample", SAMPLE.parent / "build_sample.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def scenario():
    return read_scenario(SAMPLE)


@pytest.mark.parametrize("name", [n for n in SCENARIO_FILES if n != "demand.csv"])
def test_committed_scenario_file_is_what_the_script_writes(rebuilt, name):
    fresh = (rebuilt / "sample_data" / "wiltshire" / name).read_bytes()
    assert fresh == (SAMPLE / name).read_bytes(), f"run: python sample_data/build_sample.py ({name} differs)"


def test_demand_is_the_central_projection_of_the_history():
    """``build_history.py`` writes demand.csv as the planner's own forecast of history.csv."""
    spec = importlib.util.spec_from_file_location("build_history", SAMPLE.parent / "build_history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.project_demand(SAMPLE).reset_index(drop=True)
    committed = pd.read_csv(SAMPLE / "demand.csv", dtype={"area_id": str})
    pd.testing.assert_frame_equal(committed, fresh, check_dtype=False)


@pytest.mark.parametrize("name", MAP_FILES)
def test_committed_map_layer_is_what_the_script_writes(rebuilt, name):
    assert (rebuilt / "maps" / name).read_bytes() == (MAPS / name).read_bytes()


@pytest.mark.parametrize("path", [SAMPLE / n for n in SCENARIO_FILES] + [MAPS / n for n in MAP_FILES])
def test_files_are_small(path):
    assert path.stat().st_size < 2_000_000


def test_the_app_reads_it_without_errors(scenario):
    assert scenario.name == "Wiltshire sample 2025"
    assert scenario.years == (2025, 2026, 2027, 2028, 2029, 2030)
    p = scenario.parameters
    assert dict(p.max_minutes) == {"EY": 45, "PRI": 45, "SEC": 75, "P16": 75}
    assert (p.speed_kmh, p.detour_factor, p.independent_minutes) == (40, 1.3, 60)
    assert (p.independent_place, p.step_up_penalty_minutes, p.carry_forward) == (39000, 30, True)
    assert all(6e6 <= c <= 10e6 for c in p.capital)
    errors = [str(x) for x in validate(scenario) if x.severity == "error"]
    assert errors == []


def test_it_uses_every_version_2_and_3_addition(scenario):
    assert tomllib.loads((SAMPLE / "scenario.toml").read_text(encoding="utf-8"))["format_version"] == 3
    assert set(scenario.extensions()) == {"independent_stay", "independent_required", "in_county", "transport",
                                          "build_years", "place_funding", "tail_years", "capital_for_travel",
                                          "fill_years", "plans_outside"}
    p = scenario.parameters
    assert (p.place_funding, p.tail_years, p.capital_for_travel, p.capital_slack) == (10_000, 10.0, False, 0.0)
    # SEN2 2025: 843 in further education and 477 educated elsewhere, grown 31.5% in five years.
    assert p.plans_outside[0] == 1_320 and p.plans_outside[5] == pytest.approx(1_320 * 1.315, rel=0.01)
    fill = scenario.options.set_index("option_id")["fill_years"]
    assert set(fill.dropna().index) == {"N-SPN", "N-SPS", "N-SP16"} and set(fill.dropna()) == {3}
    p = scenario.parameters
    assert dict(p.independent_stay) == {"PRI": 0.79, "SEC": 0.78, "P16": 0.69}
    assert (p.stay_for("EY"), p.stay_for("SEC")) == (0.0, 0.78)
    assert dict(p.independent_required) == {"SPLD": 0.06, "SEMH": 0.08, "ASD": 0.04}
    assert (p.transport_days, p.transport_fixed, p.transport_per_km) == (190, 4073, 0.74)
    # An independent placement travels 60 minutes at 40 km/h: 40 km, £4,073 + £0.74 x 2 x 190 x 40 = £15,321.
    assert p.transport_cost(p.independent_km) == pytest.approx(15_321)
    # The version 1 reading of the same folder turns them all off.
    assert scenario.without_extensions().extensions() == ()


def test_areas_are_the_285_wiltshire_lsoas(scenario):
    areas = scenario.areas
    assert len(areas) == 285 and areas["area_id"].is_unique
    assert areas["name"].str.startswith("Wiltshire ").all()
    assert areas.crs.to_epsg() == 27700
    assert areas.geometry.is_valid.all()
    # Wiltshire spans roughly 60 km east-west and 85 km north-south.
    minx, miny, maxx, maxy = areas.total_bounds
    assert 55_000 < maxx - minx < 70_000 and 80_000 < maxy - miny < 90_000
    # The coverage simplification keeps neighbours touching: the areas tile the county with no overlaps.
    assert areas.geometry.area.sum() == pytest.approx(shapely.union_all(areas.geometry.values).area, rel=1e-6)


def test_demand_totals_and_growth(scenario):
    demand = scenario.demand
    by_year = demand.groupby("year")["count"].sum()
    # 5,400 plans in 2025 and the Sustainability Plan's +31.5% in five years, as the forecast carries it on.
    assert by_year.loc[2025] == 5400 and 7_000 <= by_year.loc[2030] <= 7_400
    assert by_year.is_monotonic_increasing
    assert (demand["count"] > 0).all()
    base = demand[demand["year"] == 2025]["count"]
    assert (base == base.round()).all()
    assert set(demand["need"]) == set(NEEDS) - {"NSA"}
    assert set(demand["phase"]) == set(PHASES) and set(demand["tier"]) == set(TIERS)
    assert set(demand["area_id"]) == set(scenario.areas["area_id"])
    assert not demand.duplicated(["year", "area_id", "need", "phase", "tier"]).any()


def test_demand_shares_follow_the_brief(scenario):
    d2025 = scenario.demand[scenario.demand["year"] == 2025]
    tiers = d2025.groupby("tier")["count"].sum() / 5400
    assert 0.45 <= tiers["mainstream"] <= 0.56
    assert 0.08 <= tiers["resourced"] <= 0.10
    assert 0.35 <= tiers["special"] <= 0.40
    top3 = d2025.groupby("need")["count"].sum().nlargest(3).index
    assert set(top3) == {"ASD", "SLCN", "SEMH"}


def test_settings_by_kind_and_cost(scenario):
    p = scenario.provisions
    assert p["provision_id"].is_unique
    assert p["kind"].value_counts().to_dict() == {"elp": 28, "resource_base": 20, "special": 9, "independent": 4}
    cost = p.set_index("kind")["cost_per_place"]
    # Top-ups over £10,000 place funding and fees, scaled to the published 2025-26 lines
    # (test_finance_reconciliation.py).
    assert scenario.parameters.place_funding == 10_000
    assert cost.loc["special"].between(7_000, 10_000).all()
    assert (cost.loc[["resource_base", "elp"]] == 1_900).all()
    assert cost.loc["independent"].between(35_000, 48_000).all()
    for _, row in p.iterrows():
        assert parse_needs(row["needs"]) <= set(NEEDS) and parse_phases(row["phases"]) <= set(PHASES)


def test_existing_capacity_is_short_and_options_cannot_all_be_afforded(scenario):
    p, o = scenario.provisions, scenario.options
    local = p[p["kind"] != "independent"]
    capacity = local.groupby(local["kind"].map(KIND_TIER))["capacity"].sum()
    demand = scenario.demand.groupby(["year", "tier"])["count"].sum()
    # Special places fall ~600 short of special-tier demand now and ~1,100 short by 2030.
    assert 500 <= demand.loc[(2025, "special")] - capacity["special"] <= 650
    assert demand.loc[(2030, "special")] - capacity["special"] >= 1_000
    assert 25 <= len(o) <= 60 and o["option_id"].is_unique
    assert set(o["provision_id"].dropna().loc[lambda s: s != ""]) <= set(p["provision_id"])
    full_cost = (o["capital_per_module"] * o["max_modules"] + o["fixed_capital"]).sum()
    assert full_cost > sum(scenario.parameters.capital)
    new = o[o["provision_id"].fillna("") == ""]
    assert new[["easting", "northing"]].notna().all().all()
    big_new = new[new["fixed_capital"] >= 3e6]
    assert len(big_new) == 2 and big_new["earliest_year"].isin([2027, 2028]).all()


def test_out_of_county_settings_are_flagged_where_they_are(scenario):
    p = scenario.provisions.set_index("provision_id")
    assert set(p.index[p["in_county"] == False]) == {"SP07", "SP08", "IN03", "SP09", "IN04"}  # noqa: E712
    assert p["in_county"].isin([True, False]).all()
    # The explicit flags agree with the rule for a blank cell: a site inside the county's areas is in county.
    county = shapely.union_all(scenario.areas.geometry.values)
    inside = shapely.covers(county, shapely.points(p[["easting", "northing"]].to_numpy(float)))
    assert (p["in_county"].to_numpy(bool) == inside).all()
    settings = effective_settings(scenario).set_index("setting_id")
    assert settings.loc[["SP07", "IN04", "N-SPN", "X-SP02P16"], "in_county"].tolist() == [False, False, True, True]
    # The two real schools over the boundary: DfE URNs and published coordinates (README).
    real = p.loc[["SP09", "IN04"]]
    assert real["urn"].astype(int).tolist() == [140079, 110180]
    assert real[["easting", "northing"]].astype(int).values.tolist() == [[374274, 161959], [446737, 171169]]


def test_new_school_buildings_take_two_years(scenario):
    o = scenario.options.set_index("option_id")
    years = o["build_years"].astype(int)
    assert set(years) == {1, 2}
    assert set(years.index[years == 2]) == {"N-SPN", "N-SPS", "N-SP16"}
    assert (o.loc[years == 2, "fixed_capital"] >= 1_000_000).all()
    assert (o.loc[years == 1, "fixed_capital"] < 1_000_000).all()


def test_version_2_values_are_the_ones_the_readme_cites():
    readme = (SAMPLE.parent / "README.md").read_text(encoding="utf-8")
    toml = tomllib.loads((SAMPLE / "scenario.toml").read_text(encoding="utf-8"))
    stay, required = toml["placements"]["independent_stay"], toml["placements"]["independent_required"]
    transport = toml["transport"]
    row = next(line for line in readme.splitlines() if line.startswith("| `[placements] independent_stay`"))
    assert ", ".join(f"{k} {v}" for k, v in stay.items()) in row
    row = next(line for line in readme.splitlines() if line.startswith("| `[placements] independent_required`"))
    assert set(re.findall(r"([A-Z]+) (0\.\d+)", row)) == {(k, str(v)) for k, v in required.items()}
    row = next(line for line in readme.splitlines() if line.startswith("| `[transport]`"))
    assert f"`days` {transport['days']}, `fixed_per_year` £{transport['fixed_per_year']:,}, " \
           f"`per_km` £{transport['per_km']}" in row
    for urn in (140079, 110180):
        assert f"URN {urn}" in readme


def test_base_layers(scenario):
    outline = gpd.read_file(MAPS / "county_outline.geojson")
    towns = gpd.read_file(MAPS / "towns.geojson")
    roads = gpd.read_file(MAPS / "roads.geojson")
    for layer in (outline, towns, roads):
        assert layer.crs.to_epsg() == 27700
    county = outline.geometry.iloc[0]
    assert county.area == pytest.approx(scenario.areas.geometry.area.sum(), rel=0.01)
    inside = towns.geometry.within(county)
    assert (inside == towns["in_county"].astype(bool)).all()
    assert set(towns["population_class"]) == {"large", "medium", "small", "village"}
    assert {"M4", "A350", "A303", "A36"} <= set(roads["ref"])
    assert (roads.geometry.length > 5_000).all()
    raw = json.loads((MAPS / "roads.geojson").read_text(encoding="utf-8"))
    assert raw["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::27700"


def test_every_setting_is_in_or_near_the_county(scenario):
    county = gpd.read_file(MAPS / "county_outline.geojson").geometry.iloc[0]
    points = gpd.points_from_xy(scenario.provisions["easting"], scenario.provisions["northing"])
    distance_km = pd.Series([county.distance(pt) for pt in points]) / 1000
    assert (distance_km < 25).all()
    assert (distance_km == 0).sum() >= 50


def test_stay_rates_follow_sen2_ages(builder):
    # Wiltshire plans by age (SEN2 2025), summed by hand: of 2,416 at ages 4-10, 1,919 are matched by a
    # plan at the next age within primary; secondary 1,935 of 2,490; post-16 (16-25) 994 of 1,444.
    # Early years is age 3 alone, so nobody stays and it is left out.
    assert builder.stay_rates() == {"PRI": round(1919 / 2416, 2), "SEC": round(1935 / 2490, 2),
                                    "P16": round(994 / 1444, 2)}


def test_required_shares_are_a_quarter_of_the_needs_most_placed_independently(builder):
    shares = builder.independent_shares()
    # England, SEN2 2025: independent + non-maintained special schools over specialist placements.
    assert shares["SEMH"] == pytest.approx(11_442 / 34_527)
    assert shares["ALL"] == pytest.approx(33_873 / 227_051)
    assert builder.required_shares() == {"SPLD": round(786 / 3252 / 4, 2), "SEMH": round(11_442 / 34_527 / 4, 2),
                                         "ASD": round(12_748 / 84_064 / 4, 2)}


def test_transport_cost_of_an_average_trip_is_the_published_average(builder):
    t = builder.transport_parameters()
    assert t == {"days": 190, "fixed_per_year": 4073, "per_km": 0.74}
    nine_miles = 9 * 1.609344
    assert t["fixed_per_year"] + t["per_km"] * 2 * t["days"] * nine_miles == pytest.approx(8146, abs=1)


def test_phase_and_need_shares_come_from_sen2(builder):
    # SEN2 2025 Wiltshire plans by age, summed by hand: age 3 = 33; ages 4-10 = 2,416;
    # ages 11-15 = 2,490; ages 16-25 = 1,444; all ages 6,383.
    assert builder.phase_shares() == pytest.approx([33 / 6383, 2416 / 6383, 2490 / 6383, 1444 / 6383])
    shares = builder.need_shares()
    assert shares.shape == (4, 3, 13)
    assert shares.sum(axis=2) == pytest.approx(1.0)
    assert shares[:, 2, builder.NEEDS.index("DS")] == pytest.approx(builder.DS_SHARE["special"])
    # Early-years plans are mostly SLCN (SEN2: 15 of 33) and special schools hold the SLD/PMLD children.
    ey, sld = builder.PHASES.index("EY"), builder.NEEDS.index("SLD")
    assert shares[ey, 0].argmax() == builder.NEEDS.index("SLCN")
    assert shares[:, 2, sld].min() > 3 * shares[:, 0, sld].max()
