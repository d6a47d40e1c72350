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
- ``mainstream_top_ups``: the sample's mainstream-tier children (met locally,
  so not costed by the planner) at £8,575 each, which is the published
  2025-26 mainstream line (£24,981k) over the sample's 2,913 such children.

Post-16 and independent spend are left out on purpose: the planner costs
those placements itself. Run ``python sample_data/build_finance.py``; it
reads the sample's ``demand.csv`` and is deterministic. See docs/finance.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

SAMPLE = Path(__file__).resolve().parent / "wiltshire"
YEARS = tuple(range(2025, 2031))
OPENING_BALANCE = -84_715_000.0
MAINSTREAM_TOP_UP = 8_575.0
# £000, financial years 2025-26 .. 2028-29 (Sustainability Plan, unmitigated forecast).
PUBLISHED = {
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


def finance_lines(demand: pd.DataFrame) -> pd.DataFrame:
    """The rows of finance.csv for the sample's years."""
    rows = [{"year": YEARS[0], "line": "opening_balance", "amount": OPENING_BALANCE}]
    for line, published in PUBLISHED.items():
        rows += [{"year": y, "line": line, "amount": v} for y, v in zip(YEARS, extend(published, len(YEARS)))]
    mainstream = demand.loc[demand["tier"] == "mainstream"].groupby("year")["count"].sum()
    rows += [{"year": y, "line": "mainstream_top_ups",
              "amount": round(float(mainstream.get(y, 0.0)) * MAINSTREAM_TOP_UP, -3)} for y in YEARS]
    return pd.DataFrame(rows, columns=["year", "line", "amount"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="sample scenario folder")
    args = parser.parse_args(argv)
    lines = finance_lines(pd.read_csv(args.sample / "demand.csv"))
    lines["amount"] = lines["amount"].round(0).astype("int64")
    lines.to_csv(args.sample / "finance.csv", index=False, lineterminator="\n")
    print(f"wrote {args.sample / 'finance.csv'} ({len(lines)} lines)")


if __name__ == "__main__":
    main()
