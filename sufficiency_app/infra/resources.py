"""Where the bundled sample scenario and base map layers are, in a checkout or a frozen build.

PyInstaller unpacks data beside the executable (``sys._MEIPASS``); in a
source checkout they sit at the repository root. Every caller asks here so
that the frozen app and the tests find the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

SAMPLE_NAME = "wiltshire"


def root() -> Path:
    """The folder that holds ``sample_data/`` and ``maps/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parents[2]


def sample_scenario_path() -> Path:
    """The sample county scenario folder the planner opens on first run."""
    return root() / "sample_data" / SAMPLE_NAME


def maps_dir() -> Path:
    """Base layers (county outline, towns, roads) drawn under a plan."""
    return root() / "maps"


def user_guide_path() -> Path:
    """The user guide (Markdown) shown by Help > User guide; bundled beside ``maps/`` in a frozen build."""
    return root() / "docs" / "user-guide.md"
