"""Write ``sample_data/wiltshire/finance.csv``: the High Needs Block lines of the sample.

The planner models the revenue of every placement it decides (special
schools, resource bases, ELP, independent schools); ``finance.csv`` adds what
it does not: the High Needs Block income, the block transfer, the deficit
brought forward and the spend outside those placements. The figures follow
Wiltshire's SEND Sustainability Plan (April 2024), unmitigated DSG forecast:

- ``opening_balance`` 2025: the deficit brought forward into 2025-26, -£84,715k.
- ``hnb_income``, ``block_transfer``, ``alternative_provision``, ``therapies``,
  ``other_high_needs``: the published 2025-26 .. 2028-29 lines; 2029-30 and
  2030-31 continue each line's last published year-on-year growth.
- ``mainstream_top_ups`` (mainstream provision) and ``post16_further_education``
  (post-16 provision: colleges and specialist post-16 institutions, which the
  sample's settings do not include): the published lines too, as the planner
  costs neither.
- ``other_savings``: the Plan's four workstreams other than sufficiency
  (DMI £14.1m, VFM £2.2m, PFA £2.1m, CPC £1.7m "by year 5", 2028-29: £20.1m),
  rising in equal steps from plan year 1 (2024-25) to year 5 and held after
  (the steps are an estimate: the Plan charts them without figures).
- ``target_in_year``: the Safety Valve aim, "a balanced in-year position ...
  in 5 years" (0 from 2028-29), reached in equal steps from the published
  2024-25 in-year deficit (£28,468k; the steps are an estimate).

Special, resourced and independent spend are left out on purpose: the
planner costs those placements itself, at costs the sample scales so that
2025-26 reproduces the published lines. Run ``python
sample_data/build_finance.py``; it is deterministic. It also solves the
sample with no new places and saves its revenue by kind for
``tests/sample/test_finance_reconciliation.py``. See docs/finance.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

SAMPLE = Path(__file__).resolve().parent / "wiltshire"
NO_NEW_PLACES = Path(__file__).resolve().parent.parent / "tests" / "sample" / "no_new_places_revenue.csv"
YEARS = tuple(range(2025, 2031))
OPENING_BALANCE = -84_715_000.0
# £000, financial years 2025-26 .. 2028-29 (Sustainability Plan, unmitigated forecast).
PUBLISHED = {
    "mainstream_top_ups": (24_981, 24_487, 25_059, 26_045),
    "post16_further_education": (12_494, 13_180, 13_902, 14_651),
    "hnb_income": (75_669, 77_939, 80_277, 82_685),
    "block_transfer": (1_877, 1_933, 1_991, 2_051),
    "alternative_provision": (9_796, 10_022, 10_240, 10_449),
    "therapies": (569, 578, 588, 597),
    "other_high_needs": (826, 867, 910, 956),
}


def extend(published: tuple[int, ...], years: int) -> list[float]:
    """Published £000 figures in pounds, continued at the last year-on-year growth."""
    values = [v * 1000.0 for v in published]
    growth = published[-1] / published[-2]
    while len(values) < years:
        values.append(round(values[-1] * growth, -3))
    return values


# Safety Valve: other workstreams' savings by plan year 5 (2028-29), £000, and the
# 2024-25 in-year deficit the balanced-in-year target is reached from.
OTHER_WORKSTREAMS_YEAR5 = {"DMI": 14_100, "VFM": 2_200, "PFA": 2_100, "CPC": 1_700}
IN_YEAR_2024 = -28_468
PLAN_YEAR_ONE = 2024  # 2024-25 is "Plan Year 1" of the published table


def safety_valve_lines() -> list[dict]:
    """``other_savings`` and ``target_in_year`` rows: equal steps to plan year 5, held after."""
    rows = []
    total = sum(OTHER_WORKSTREAMS_YEAR5.values()) * 1000.0
    for y in YEARS:
        step = min(y - PLAN_YEAR_ONE + 1, 5) / 5
        rows.append({"year": y, "line": "other_savings", "amount": round(total * step, -3)})
        rows.append({"year": y, "line": "target_in_year",
                     "amount": round(IN_YEAR_2024 * 1000.0 * (1 - min(y - PLAN_YEAR_ONE, 4) / 4), -3)})
    return rows


def finance_lines() -> pd.DataFrame:
    """The rows of finance.csv for the sample's years."""
    rows = [{"year": YEARS[0], "line": "opening_balance", "amount": OPENING_BALANCE}]
    for line, published in PUBLISHED.items():
        rows += [{"year": y, "line": line, "amount": v} for y, v in zip(YEARS, extend(published, len(YEARS)))]
    return pd.DataFrame(rows + safety_valve_lines(), columns=["year", "line", "amount"])


def no_new_places_revenue(sample: Path) -> pd.DataFrame:
    """The sample's revenue by kind with no new places (``finance.revenue_by_kind`` of ``solver.baseline``)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from sufficiency_app.io import read_scenario
    from sufficiency_app.model.finance import revenue_by_kind
    from sufficiency_app.solver import baseline

    scenario = read_scenario(sample)
    return revenue_by_kind(scenario, baseline(scenario)).round({"children": 4, "cost": 0})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="sample scenario folder")
    parser.add_argument("--no-new-places", type=Path, default=NO_NEW_PLACES,
                        help="where to save the sample's no-new-places revenue (the reconciliation test reads it)")
    args = parser.parse_args(argv)
    lines = finance_lines()
    lines["amount"] = lines["amount"].round(0).astype("int64")
    lines.to_csv(args.sample / "finance.csv", index=False, lineterminator="\n")
    print(f"wrote {args.sample / 'finance.csv'} ({len(lines)} lines)")
    no_new_places_revenue(args.sample).to_csv(args.no_new_places, index=False, lineterminator="\n")
    print(f"wrote {args.no_new_places} (solved the sample with no new places)")


if __name__ == "__main__":
    main()
