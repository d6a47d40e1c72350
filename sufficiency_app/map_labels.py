"""Map labels that never overlap: new places grouped by town into callouts, town names, greedy placement.

Both the window's map and the report's map use this, so they group and
place labels the same way. Everything works on plain numbers: the caller
measures each label in its own units (pixels on screen, points on paper),
turns anchors into those units with y growing downwards, and gets back
where each label goes, whether it needs a leader line, and which labels
are hidden because they do not fit at this zoom.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import geopandas as gpd

from .formatting import academic_year

TOWN_RANKS = {"large": 0, "medium": 1, "small": 2, "village": 3}
GROUP_RADIUS_M = 5_000.0  # a new place this close to a town counts as that town's
Box = tuple[float, float, float, float]  # left, top, right, bottom (y down)

# Where a label may go around its anchor, best first: right, left, above, below, then the corners.
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
LEADER_STEPS = (0.0, 22.0, 44.0, 70.0, 100.0, 140.0, 190.0)  # how far a callout may move from its place


@dataclass(frozen=True)
class PlaceGroup:
    """The new places of one town (or of one setting far from any town) shown as one callout."""

    title: str
    x: float  # easting of the callout's anchor (the mean of its settings)
    y: float  # northing
    places: float
    first_year: int
    members: tuple[tuple[str, str, float, int], ...]  # (setting_id, name, places, first year), largest first

    @property
    def text(self) -> str:
        """The callout: 'Chippenham: +226 places'."""
        return f"{self.title}: +{self.places:,.0f} places"

    def detail(self) -> list[str]:
        """One line per setting, for tooltips and the report's side list."""
        return [f"+{places:,.0f} from {academic_year(year)}: {name}" for _sid, name, places, year in self.members]


@dataclass(frozen=True)
class LabelRequest:
    """A label to place: anchor and size in the caller's units; lower ``priority`` is placed first."""

    key: str
    x: float
    y: float
    width: float
    height: float
    priority: float = 0.0
    leader: bool = False  # may move away from its anchor on a leader line


@dataclass(frozen=True)
class Placement:
    """Where a label went; ``visible`` False when no free spot was found."""

    key: str
    box: Box
    anchor: tuple[float, float]
    visible: bool
    leader: bool  # True when a line should join the box to its anchor


def town_table(towns: pd.DataFrame) -> pd.DataFrame:
    """Towns as ``name``, ``x``, ``y``, ``rank`` (0 = large .. 3 = village), ``in_county``.

    Reads a GeoDataFrame of points in British National Grid (as
    ``maps/towns.geojson``); a missing size class counts as small, a
    missing ``in_county`` as inside.
    """
    if towns is None or len(towns) == 0:
        return pd.DataFrame({"name": pd.Series(dtype=str), "x": pd.Series(dtype=float),
                             "y": pd.Series(dtype=float), "rank": pd.Series(dtype=int),
                             "in_county": pd.Series(dtype=bool)})
    points = towns.geometry.representative_point()
    names = next((towns[c] for c in ("name", "NAME", "town", "Name", "label") if c in towns.columns), None)
    size = towns["population_class"] if "population_class" in towns.columns else pd.Series("small", index=towns.index)
    inside = towns["in_county"] if "in_county" in towns.columns else pd.Series(True, index=towns.index)
    return pd.DataFrame({
        "name": (names if names is not None else pd.Series("", index=towns.index)).astype(str).to_numpy(),
        "x": points.x.to_numpy(), "y": points.y.to_numpy(),
        "rank": size.map(TOWN_RANKS).fillna(2).astype(int).to_numpy(),
        "in_county": inside.fillna(True).astype(bool).to_numpy(),
    })


def read_towns(path: str | Path) -> pd.DataFrame:
    """:func:`town_table` of a towns GeoJSON file (any CRS); an empty table if the file is absent."""
    path = Path(path)
    if not path.exists():
        return town_table(None)
    towns = gpd.read_file(path)
    if towns.crs is not None and towns.crs != "EPSG:27700":
        towns = towns.to_crs("EPSG:27700")
    return town_table(towns)


def group_new_places(settings: pd.DataFrame, towns: pd.DataFrame,
                     radius_m: float = GROUP_RADIUS_M) -> list[PlaceGroup]:
    """Settings gaining places, grouped by the nearest town within ``radius_m`` (largest group first).

    ``settings`` has the columns of :func:`map_data.setting_table`; only
    rows with ``planned_places`` > 0 count. A setting with no town near
    enough forms a group of its own, titled with its name.
    """
    rows = settings.loc[settings["planned_places"].astype(float) > 0]
    if rows.empty:
        return []
    county = towns.loc[towns["in_county"]] if len(towns) else towns
    buckets: dict[str, list] = {}
    for row in rows.itertuples(index=False):
        title = str(row.name)
        if len(county):
            d = np.hypot(county["x"].to_numpy() - row.easting, county["y"].to_numpy() - row.northing)
            # Prefer the bigger town when two are about as near (a village on a town's edge).
            score = d + 1_500.0 * county["rank"].to_numpy()
            best = int(np.argmin(score))
            if d[best] <= radius_m:
                title = str(county["name"].iloc[best])
        buckets.setdefault(title, []).append(row)
    groups = []
    for title, members in buckets.items():
        places = sum(float(m.planned_places) for m in members)
        ordered = sorted(members, key=lambda m: (-float(m.planned_places), str(m.name)))
        groups.append(PlaceGroup(
            title=title,
            x=float(np.mean([m.easting for m in members])), y=float(np.mean([m.northing for m in members])),
            places=places, first_year=int(min(int(m.first_new_year) for m in members)),
            members=tuple((str(m.setting_id), str(m.name), float(m.planned_places), int(m.first_new_year))
                          for m in ordered)))
    return sorted(groups, key=lambda g: (-g.places, g.title))


def _candidates(req: LabelRequest) -> np.ndarray:
    """Boxes (n x 4) a label may take, best first; a callout also tries spots further out."""
    pad = 5.0
    steps = LEADER_STEPS if req.leader else (0.0,)
    out = []
    for step in steps:
        for ux, uy in DIRECTIONS:
            norm = np.hypot(ux, uy)
            px = req.x + ux * (pad + step) / norm
            py = req.y + uy * (pad + step) / norm
            left = px if ux > 0 else px - req.width if ux < 0 else px - req.width / 2
            top = py if uy > 0 else py - req.height if uy < 0 else py - req.height / 2
            out.append((left, top, left + req.width, top + req.height))
    return np.array(out, dtype=float)


def _overlaps(cands: np.ndarray, boxes: np.ndarray, gap: float) -> np.ndarray:
    """For each candidate, whether it overlaps any box (boxes grown by ``gap``)."""
    if len(boxes) == 0:
        return np.zeros(len(cands), dtype=bool)
    c, b = cands[:, None, :], boxes[None, :, :]
    apart = ((c[..., 2] + gap <= b[..., 0]) | (b[..., 2] + gap <= c[..., 0])
             | (c[..., 3] + gap <= b[..., 1]) | (b[..., 3] + gap <= c[..., 1]))
    return (~apart).any(axis=1)


def _nearest_edge(box: Box, x: float, y: float) -> tuple[float, float]:
    return min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


def _segment_hits(p: tuple[float, float], q: tuple[float, float], boxes: np.ndarray) -> bool:
    """Whether the segment p-q passes through any box (sampled finely enough for labels)."""
    if len(boxes) == 0:
        return False
    t = np.linspace(0.0, 1.0, 24)[:, None]
    pts = np.array(p) + t * (np.array(q) - np.array(p))
    inside = ((pts[:, None, 0] > boxes[None, :, 0]) & (pts[:, None, 0] < boxes[None, :, 2])
              & (pts[:, None, 1] > boxes[None, :, 1]) & (pts[:, None, 1] < boxes[None, :, 3]))
    return bool(inside.any())


def layout_labels(requests: list[LabelRequest], bounds: Box, obstacles: list[Box] = (),
                  gap: float = 2.0, marker: float = 4.0) -> dict[str, Placement]:
    """Place labels greedily by priority so that no two boxes overlap; what does not fit is hidden.

    Boxes stay inside ``bounds``, off ``obstacles`` (legend, title, scale
    bar) and off every label's anchor (a ``marker``-sized square), and a
    leader line crosses no placed label. A label whose anchor lies outside
    ``bounds`` is hidden.
    """
    left, top, right, bottom = bounds
    anchors = np.array([(r.x - marker, r.y - marker, r.x + marker, r.y + marker) for r in requests], dtype=float)
    fixed = np.array(list(obstacles), dtype=float).reshape(-1, 4)
    placed: list[Box] = []
    leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
    out: dict[str, Placement] = {}
    order = sorted(range(len(requests)), key=lambda i: (requests[i].priority, i))
    for i in order:
        req = requests[i]
        hidden = Placement(req.key, (req.x, req.y, req.x, req.y), (req.x, req.y), False, False)
        if not (left <= req.x <= right and top <= req.y <= bottom):
            out[req.key] = hidden
            continue
        cands = _candidates(req)
        ok = ((cands[:, 0] >= left) & (cands[:, 1] >= top) & (cands[:, 2] <= right) & (cands[:, 3] <= bottom))
        others = np.delete(anchors, i, axis=0)
        blocked = np.vstack([fixed, others, np.array(placed, dtype=float).reshape(-1, 4)])
        ok &= ~_overlaps(cands, blocked, gap)
        choice = None
        for j in np.flatnonzero(ok):
            box = tuple(float(v) for v in cands[j])
            far = j >= len(DIRECTIONS)
            end = _nearest_edge(box, req.x, req.y)
            if far and _segment_hits((req.x, req.y), end, np.array(placed, dtype=float).reshape(-1, 4)):
                continue
            if any(_segment_hits(a, b, np.array([box])) for a, b in leaders):
                continue
            choice = (box, far, end)
            break
        if choice is None:
            out[req.key] = hidden
            continue
        box, far, end = choice
        placed.append(box)
        if far:
            leaders.append(((req.x, req.y), end))
        out[req.key] = Placement(req.key, box, (req.x, req.y), True, far)
    return out


def boxes_overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share any area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
