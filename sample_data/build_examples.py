"""Write ``sample_data/examples/``: small files shaped like the real downloads the README's commands take.

Each file has the column names, encoding, CRS and layout of the real thing,
so ``import-gias``, ``import-boundaries``, ``import-demand`` and
``travel-roads`` run as the README writes them:

- ``edubasealldata.csv``: a Get Information About Schools (GIAS) extract, with
  GIAS's real header (every column of the all-establishments download) and
  Windows-1252 encoding. Rows are the sample county's special schools,
  resource bases and ELP (URNs invented, 9xxxxx), a few mainstream schools,
  a closed school and a neighbouring council's school, which the import
  leaves out.
- ``lsoa.geojson``: the ONS LSOA boundaries of the Salisbury example in
  WGS84 (EPSG:4326, as the ONS Open Geography portal serves GeoJSON), with
  the portal's ``LSOA21CD``/``LSOA21NM`` properties; the importer reprojects
  them to British National Grid.
- ``forecast.xlsx``: a long demand workbook (one row per year, area, need,
  phase and tier) with the headers a forecasting team writes
  (``Academic year``, ``LSOA21CD``, ``Primary need``...).
- ``open-roads.gpkg``: an OS Open Roads-shaped ``road_link`` layer (its
  column names and classification values) covering the Salisbury example:
  a 700 m grid of local roads, every fifth line a classified minor road,
  and two A roads through the city. The geometry is invented; the shape is
  real, so the network checks of ``travel-roads`` pass.
- ``salisbury/``: a scenario of the sample's areas within 9 km of Salisbury,
  for ``travel-roads`` and ``plan-robust``; its history and population are
  the county's scaled to the area's share of demand.

Run ``python sample_data/build_examples.py``; it reads ``sample_data/wiltshire``
and writes the same rows each run.
"""

from __future__ import annotations

import argparse
from itertools import pairwise
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, Point

from sufficiency_app.io import read_scenario, write_scenario

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "wiltshire"
CENTRE = Point(414_500, 130_000)  # Salisbury, British National Grid
RADIUS_M = 9_000
GRID_M = 700
LA_CODE, LA_NAME = "865", "Wiltshire"

GIAS_COLUMNS = (
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)", "EstablishmentStatus (name)", "ReasonEstablishmentOpened (name)", "OpenDate",
    "ReasonEstablishmentClosed (name)", "CloseDate", "PhaseOfEducation (name)", "StatutoryLowAge",
    "StatutoryHighAge", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (name)", "Gender (name)",
    "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (name)", "AdmissionsPolicy (name)",
    "SchoolCapacity", "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys", "NumberOfGirls",
    "PercentageFSM", "TrustSchoolFlag (name)", "Trusts (name)", "SchoolSponsorFlag (name)", "SchoolSponsors (name)",
    "FederationFlag (name)", "Federations (name)", "UKPRN", "FEHEIdentifier", "FurtherEducationType (name)",
    "OfstedLastInsp", "LastChangedDate", "Street", "Locality", "Address3", "Town", "County (name)", "Postcode",
    "SchoolWebsite", "TelephoneNum", "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle",
    "BSOInspectorateName (name)", "InspectorateReport", "DateOfLastInspectionVisit", "NextInspectionVisit",
    "TeenMoth (name)", "TeenMothPlaces", "CCF (name)", "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)",
    "EdByOther (name)", "Section41Approved (name)", *(f"SEN{i} (name)" for i in range(1, 14)),
    "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll", "ResourcedProvisionCapacity", "SenUnitOnRoll",
    "SenUnitCapacity", "GOR (name)", "DistrictAdministrative (name)", "DistrictAdministrative (code)",
    "AdministrativeWard (name)", "AdministrativeWard (code)", "ParliamentaryConstituency (name)",
    "ParliamentaryConstituency (code)", "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing",
    "MSOA (name)", "LSOA (name)", "InspectorateName (name)", "SENStat", "SENNoStat", "PropsName",
    "OfstedRating (name)", "RSCRegion (name)", "Country (name)", "UPRN", "SiteName", "QABName (name)",
    "EstablishmentAccredited (name)", "QABReport", "CHNumber", "MSOA (code)", "LSOA (code)", "FSM",
    "AccreditationExpiryDate",
)
SEN_NAMES = {
    "SpLD": "SpLD - Specific Learning Difficulty", "MLD": "MLD - Moderate Learning Difficulty",
    "SLD": "SLD - Severe Learning Difficulty", "PMLD": "PMLD - Profound and Multiple Learning Difficulty",
    "SEMH": "SEMH - Social, Emotional and Mental Health", "SLCN": "SLCN - Speech, language and Communication",
    "HI": "HI - Hearing Impairment", "VI": "VI - Visual Impairment", "MSI": "MSI - Multi-Sensory Impairment",
    "PD": "PD - Physical Disability", "ASD": "ASD - Autistic Spectrum Disorder",
    "OTH": "OTH - Other Difficulty/Disability",
}
AGES = {"PRI": (4, 11), "SEC": (11, 16), "P16": (16, 19), "EY": (2, 5)}
PHASE_NAMES = {"PRI": "Primary", "SEC": "Secondary", "P16": "16 plus", "EY": "Nursery"}


def _gias_row(urn: int, name: str, kind: str, status: str = "Open", la: tuple[str, str] = (LA_CODE, LA_NAME),
              **values: object) -> dict[str, object]:
    row: dict[str, object] = {c: "" for c in GIAS_COLUMNS}
    row.update({
        "URN": urn, "LA (code)": la[0], "LA (name)": la[1], "EstablishmentNumber": 7000 + urn % 1000,
        "EstablishmentName": name, "TypeOfEstablishment (name)": kind, "EstablishmentStatus (name)": status,
        "Boarders (name)": "No boarders", "Gender (name)": "Mixed", "Country (name)": "United Kingdom",
        "GOR (name)": "South West", "RSCRegion (name)": "South-West England and South Central",
        "CensusDate": "16-01-2025", "TypeOfResourcedProvision (name)": "Not applicable",
    })
    row.update(values)
    return row


def gias_extract(scenario) -> pd.DataFrame:
    """Special schools, resourced provision and a few mainstream schools, as GIAS lists them."""
    rows = []
    provisions = scenario.provisions.reset_index(drop=True)
    for i, p in provisions.iterrows():
        urn = 900_101 + i
        phases = [ph for ph in str(p["phases"]).split(";") if ph in AGES] or ["PRI"]
        low, high = min(AGES[ph][0] for ph in phases), max(AGES[ph][1] for ph in phases)
        needs = [SEN_NAMES[n] for n in str(p["needs"]).split(";") if n in SEN_NAMES]
        sen = {f"SEN{k} (name)": text for k, text in enumerate(needs[:13], start=1)}
        where = {"Easting": int(p["easting"]), "Northing": int(p["northing"]), "Town": str(p["name"]).split()[0]}
        if p["kind"] == "special":
            rows.append(_gias_row(urn, p["name"], "Academy special converter", StatutoryLowAge=low,
                                  StatutoryHighAge=high, SchoolCapacity=int(p["capacity"]),
                                  **{"PhaseOfEducation (name)": "Not applicable",
                                     "EstablishmentTypeGroup (name)": "Special schools"}, **sen, **where))
        else:  # resource base or ELP: the host mainstream school carries the resourced provision
            host = "Primary School" if p["kind"] == "resource_base" else "Academy"
            rows.append(_gias_row(urn, f"{str(p['name']).split(' (')[0]} {host}".strip(), "Academy converter",
                                  StatutoryLowAge=low, StatutoryHighAge=high,
                                  SchoolCapacity=420 if p["kind"] == "resource_base" else 1100,
                                  ResourcedProvisionCapacity=int(p["capacity"]),
                                  ResourcedProvisionOnRoll=max(int(p["capacity"]) - 2, 0),
                                  **{"TypeOfResourcedProvision (name)": "Resourced provision",
                                     "PhaseOfEducation (name)": PHASE_NAMES[phases[0]],
                                     "EstablishmentTypeGroup (name)": "Academies"}, **sen, **where))
    rows += [
        _gias_row(900_001, "Harnham Church of England Infant School", "Voluntary aided school", StatutoryLowAge=4,
                  StatutoryHighAge=7, SchoolCapacity=270, Easting=413900, Northing=128900,
                  **{"PhaseOfEducation (name)": "Primary", "ReligiousCharacter (name)": "Church of England"}),
        _gias_row(900_002, "Old Sarum Primary School", "Community school", StatutoryLowAge=4, StatutoryHighAge=11,
                  SchoolCapacity=420, Easting=414800, Northing=133200, **{"PhaseOfEducation (name)": "Primary"}),
        _gias_row(900_003, "Wilton Road Secondary (closed)", "Community school", status="Closed",
                  StatutoryLowAge=11, StatutoryHighAge=16, SchoolCapacity=900, Easting=412000, Northing=130500,
                  CloseDate="31-08-2019", **{"PhaseOfEducation (name)": "Secondary"}),
        _gias_row(900_004, "Swindon Example Special School", "Community special school", la=("866", "Swindon"),
                  StatutoryLowAge=3, StatutoryHighAge=19, SchoolCapacity=120, Easting=415000, Northing=185000,
                  **{"SEN1 (name)": SEN_NAMES["ASD"], "PhaseOfEducation (name)": "Not applicable"}),
    ]
    return pd.DataFrame(rows, columns=list(GIAS_COLUMNS))


def salisbury(scenario):
    """The sample scenario cut to the areas near Salisbury, with the settings and options near them."""
    points = scenario.areas.geometry.representative_point()
    areas = scenario.areas.loc[points.distance(CENTRE) <= RADIUS_M].reset_index(drop=True)
    ids = set(areas["area_id"].astype(str))
    demand = scenario.demand.loc[scenario.demand["area_id"].astype(str).isin(ids)].reset_index(drop=True)
    def near(table: pd.DataFrame) -> pd.Series:
        return np.hypot(table["easting"] - CENTRE.x, table["northing"] - CENTRE.y) <= RADIUS_M + 3_000

    provisions = scenario.provisions.loc[near(scenario.provisions)].reset_index(drop=True)
    options = scenario.options
    keep = options["provision_id"].astype(str).isin(set(provisions["provision_id"].astype(str))) | near(options)
    options = options.loc[keep].reset_index(drop=True)
    params = scenario.parameters.replace(name="Salisbury example")
    # The county's history, scaled to the area's share of the base year's demand (for plan-robust).
    base = scenario.demand["year"] == params.base_year
    share = float(demand.loc[demand["year"] == params.base_year, "count"].sum() / scenario.demand.loc[base, "count"].sum())
    history = scenario.history.assign(count=(scenario.history["count"] * share).round().astype(int))
    history = history.loc[history["count"] > 0].reset_index(drop=True)
    return scenario.replace(parameters=params, areas=areas, demand=demand, provisions=provisions, options=options,
                            travel=scenario.travel.iloc[0:0], finance=None, history=history), share


def road_links(bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """An OS Open Roads-shaped ``road_link`` layer: a grid of local roads, minor roads and two A roads."""
    minx, miny, maxx, maxy = (np.floor(b / GRID_M) * GRID_M for b in bounds)
    xs = np.arange(minx - GRID_M, maxx + 2 * GRID_M, GRID_M)
    ys = np.arange(miny - GRID_M, maxy + 2 * GRID_M, GRID_M)
    mid_x, mid_y = xs[len(xs) // 2], ys[len(ys) // 2]
    rows = []

    def add(a: tuple[float, float], b: tuple[float, float], along: float, line_index: int) -> None:
        if along in (mid_x, mid_y):
            cls, function, number, name = "A Road", "A Road", ("A36" if along == mid_y else "A338"), ""
        elif line_index % 5 == 0:
            cls, function, number, name = "Classified Unnumbered", "Minor Road", "", ""
        else:
            cls, function, number, name = "Unclassified", "Local Road", "", ""
        n = len(rows)
        rows.append({
            "id": f"EX{n:07d}", "fictitious": False, "road_classification": cls, "road_function": function,
            "form_of_way": "Single Carriageway", "length": float(GRID_M), "length_uom": "m", "loop": False,
            "primary_route": cls == "A Road", "trunk_road": number == "A36", "start_node": f"N{a[0]:.0f}-{a[1]:.0f}",
            "end_node": f"N{b[0]:.0f}-{b[1]:.0f}", "road_classification_number": number, "name_1": name,
            "geometry": LineString([a, b]),
        })

    for j, y in enumerate(ys):
        for x0, x1 in pairwise(xs):
            add((x0, y), (x1, y), y, j)
    for i, x in enumerate(xs):
        for y0, y1 in pairwise(ys):
            add((x, y0), (x, y1), x, i)
    return gpd.GeoDataFrame(rows, crs="EPSG:27700")


def forecast_workbook(demand: pd.DataFrame, path: Path) -> None:
    """The long table as a forecasting team hands it over: one sheet, plain headers, whole children."""
    table = pd.DataFrame({
        "Academic year": demand["year"].astype(int), "LSOA21CD": demand["area_id"].astype(str),
        "Primary need": demand["need"].astype(str), "School phase": demand["phase"].astype(str),
        "Tier needed": demand["tier"].astype(str), "Children": demand["count"].round().astype(int),
    })
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="Forecast", index=False)


def build(out: Path = HERE / "examples") -> None:
    scenario = read_scenario(SAMPLE)
    out.mkdir(parents=True, exist_ok=True)
    gias_extract(scenario).to_csv(out / "edubasealldata.csv", index=False, encoding="cp1252", lineterminator="\r\n")
    small, share = salisbury(scenario)
    write_scenario(small, out / "salisbury")
    population = pd.read_csv(SAMPLE / "population.csv")
    population.assign(population=(population["population"] * share).round().astype(int)).to_csv(
        out / "salisbury" / "population.csv", index=False, lineterminator="\n")
    boundaries = small.areas.rename(columns={"area_id": "LSOA21CD", "name": "LSOA21NM"}).to_crs("EPSG:4326")
    boundaries.insert(0, "FID", range(1, len(boundaries) + 1))
    boundaries["geometry"] = boundaries.geometry.set_precision(1e-6)
    (out / "lsoa.geojson").unlink(missing_ok=True)
    boundaries.to_file(out / "lsoa.geojson", driver="GeoJSON")
    forecast_workbook(small.demand, out / "forecast.xlsx")
    (out / "open-roads.gpkg").unlink(missing_ok=True)
    road_links(tuple(small.areas.total_bounds)).to_file(out / "open-roads.gpkg", layer="road_link", driver="GPKG")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "examples")
    build(parser.parse_args().out)
