"""A disk cache of road travel tables, so a second run on the same inputs is instant.

The key is the SHA-256 of everything the minutes depend on: the road
file's bytes (and a Shapefile's sidecar files), the speeds and other
``[roads]`` settings, and every area's and setting's id and coordinates.
Change any of them and the key changes; nothing is ever stale. Tables live
as CSV in the user's cache folder (``platformdirs.user_cache_dir``,
sub-folder ``roads``; under ``$SUFFICIENCY_HOME/cache`` when that variable
is set, as for the app's other folders), where deleting them is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import platformdirs

from ..infra.appdirs import APP_AUTHOR, APP_NAME, HOME_VARIABLE
from ..infra.atomic import atomic_path
from .speeds import RoadSettings

CACHE_VERSION = 1  # bump when the way minutes are computed changes
_SHAPEFILE_SIDECARS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a road file's bytes; for a Shapefile, of all its sidecar files too."""
    path = Path(path)
    parts = [path.with_suffix(s) for s in _SHAPEFILE_SIDECARS] if path.suffix.lower() == ".shp" else [path]
    digest = hashlib.sha256()
    for part in parts:
        if part.exists():
            digest.update(part.suffix.lower().encode())
            with open(part, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


def _points_sha(ids: pd.Series, xy: np.ndarray) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, ids)).encode())
    digest.update(np.ascontiguousarray(np.asarray(xy, dtype=np.float64)).tobytes())
    return digest.hexdigest()


def travel_key(source_sha256: str, settings: RoadSettings, area_ids: pd.Series, area_xy: np.ndarray,
               setting_ids: pd.Series, setting_xy: np.ndarray, bbox: object = None) -> str:
    """The cache key of one road travel table."""
    payload = json.dumps({
        "version": CACHE_VERSION, "roads": source_sha256, "settings": settings.as_dict(),
        "areas": _points_sha(area_ids, area_xy), "settings_xy": _points_sha(setting_ids, setting_xy),
        "bbox": bbox,
    }, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class TravelCache:
    """Road travel tables on disk, one CSV per key.

    Parameters
    ----------
    folder
        Where to keep them; default the user's cache folder for the app.
    """

    def __init__(self, folder: str | Path | None = None):
        if folder is None:
            home = os.environ.get(HOME_VARIABLE)
            folder = Path(home) / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
            folder = folder / "roads"
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / f"travel-{key[:32]}.csv"

    def get(self, key: str) -> pd.DataFrame | None:
        """The table stored under ``key``, or None (a damaged file counts as missing)."""
        path = self._path(key)
        if not path.exists():
            return None
        try:
            table = pd.read_csv(path, dtype={"area_id": str, "provision_id": str})
        except (OSError, ValueError, pd.errors.ParserError):
            return None
        if list(table.columns) != ["area_id", "provision_id", "minutes"]:
            return None
        return table

    def put(self, key: str, table: pd.DataFrame) -> None:
        """Store a table atomically (a crash never leaves half a file under the key)."""
        with atomic_path(self._path(key)) as temp:
            table.to_csv(temp, index=False)
