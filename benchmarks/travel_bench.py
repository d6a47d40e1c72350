"""How long the straight-line travel matrix takes for a national-sized problem.

Run: ``python benchmarks/travel_bench.py`` (35,000 areas x 600 settings).
"""

from __future__ import annotations

import time

import numpy as np

from sufficiency_app.travel import straight_line_minutes


def main(areas: int = 35_000, settings: int = 600) -> None:
    rng = np.random.default_rng(0)
    origins = rng.uniform([100_000, 0], [650_000, 650_000], size=(areas, 2))
    destinations = rng.uniform([100_000, 0], [650_000, 650_000], size=(settings, 2))
    start = time.perf_counter()
    minutes = straight_line_minutes(origins, destinations, 1.3, 40.0)
    seconds = time.perf_counter() - start
    print(f"{areas:,} areas x {settings:,} settings: {seconds:.3f} s ({minutes.nbytes / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
