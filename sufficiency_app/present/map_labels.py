"""Map labels that never overlap: new places grouped by town into callouts, town names, greedy placement.

Both the window's map and the report's map use this, so they group and
place labels the same way. Everything works on plain numbers: the caller
measures each label in its own units (pixels on screen, points on paper),
turns anchors into those units with y growing downwards, and gets back
where each label goes, whether it needs a leader line, and which labels
are hidden because they do not fit at this zoom.

Labels go in order of :func:`label_priority`: bigger towns first (the base
layer's ``population``, else its size class), then the bigger change of the
plan. The main towns (large and medium, inside the county) are ``must``
labels: they may take a leader line or cover a setting's marker rather than
be left out, so the county's towns are always named at county zoom.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ..infra.formatting import academic_year

TOWN_RANKS = {"large": 0, "medium": 1, "small": 2, "village": 3}
MAIN_RANK = 1  # large and medium towns are always labelled at county zoom
OTHER_RANK = 3  # a callout titled by a setting far from any town ranks with the villages
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
    must: bool = False  # a main town: may take a leader line or cover a marker rather than be hidden


@dataclass(frozen=True)
class Placement:
    """Where a label went; ``visible`` False when no free spot was found."""

    key: str
    box: Box
    anchor: tuple[float, float]
    visible: bool
    leader: bool  # True when a line should join the box to its anchor


def label_priority(rank: float, places: float = 0.0, population: float = float("nan")) -> float:
    """Sort key of a label (lower goes first): town size class, then population, then new places."""
    people = 0.0 if population != population else min(float(population), 9.9e6)
    return float(rank) * 1e13 - people * 1e6 - min(float(places), 9.9e5)


def town_table(towns: pd.DataFrame) -> pd.DataFrame:
    """Towns as ``name``, ``x``, ``y``, ``rank`` (0 = large .. 3 = village), ``in_county``, ``population``.

    Reads a GeoDataFrame of points in British National Grid (as
    ``maps/towns.geojson``); a missing size class counts as small, a
    missing ``in_county`` as inside, a missing ``population`` as NaN.
    """
    if towns is None or len(towns) == 0:
        return pd.DataFrame({"name": pd.Series(dtype=str), "x": pd.Series(dtype=float),
                             "y": pd.Series(dtype=float), "rank": pd.Series(dtype=int),
                             "in_county": pd.Series(dtype=bool), "population": pd.Series(dtype=float)})
    points = towns.geometry.representative_point()
    names = next((towns[c] for c in ("name", "NAME", "town", "Name", "label") if c in towns.columns), None)
    size = towns["population_class"] if "population_class" in towns.columns else pd.Series("small", index=towns.index)
    inside = towns["in_county"] if "in_county" in towns.columns else pd.Series(True, index=towns.index)
    return pd.DataFrame({
        "name": (names if names is not None else pd.Series("", index=towns.index)).astype(str).to_numpy(),
        "x": points.x.to_numpy(), "y": points.y.to_numpy(),
        "rank": size.map(TOWN_RANKS).fillna(2).astype(int).to_numpy(),
        "in_county": inside.fillna(True).astype(bool).to_numpy(),
        "population": pd.to_numeric(towns["population"], errors="coerce").to_numpy(dtype=float)
        if "population" in towns.columns else np.full(len(towns), np.nan),
    })


def _population(town) -> float:
    return float("nan") if town is None else float(getattr(town, "population", float("nan")))


def town_requests(groups: list[PlaceGroup], towns: pd.DataFrame, measure) -> list[LabelRequest]:
    """One request per callout (``g0``, ``g1``, ...) and per town not named by a callout (``t<name>``).

    ``measure(key, text, x, y)`` returns ``(x, y, width, height)`` of the
    label in the caller's units (anchor turned to y-down units). Callouts
    and towns share one order (:func:`label_priority`), so Chippenham's
    callout and Salisbury's name both come before a village's callout.
    """
    info = {str(r.name): r for r in towns.itertuples(index=False)}
    out = []
    for i, g in enumerate(groups):
        town = info.get(g.title)
        rank = OTHER_RANK if town is None else int(town.rank) + (0 if town.in_county else 5)
        x, y, w, h = measure(f"g{i}", g.text, g.x, g.y)
        out.append(LabelRequest(f"g{i}", x, y, w, h, label_priority(rank, g.places, _population(town)),
                                leader=True, must=rank <= MAIN_RANK))
    named = {g.title for g in groups}
    for r in towns.itertuples(index=False):
        if r.name in named:
            continue
        rank = int(r.rank) + (0 if r.in_county else 5)
        x, y, w, h = measure(f"t{r.name}", str(r.name), r.x, r.y)
        out.append(LabelRequest(f"t{r.name}", x, y, w, h, label_priority(rank, 0.0, _population(r)),
                                must=rank <= MAIN_RANK))
    return out


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


def _candidates(req: LabelRequest, far: bool) -> np.ndarray:
    """Boxes (n x 4) a label may take, best first: beside its anchor, then (``far``) further out."""
    pad = 5.0
    steps = LEADER_STEPS if far else (0.0,)
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


def _crosses(p: tuple[float, float], q: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether segments p-q and a-b cross (leader lines must not)."""
    def side(o, s, t):
        return (s[0] - o[0]) * (t[1] - o[1]) - (s[1] - o[1]) * (t[0] - o[0])
    return side(p, q, a) * side(p, q, b) < 0 and side(a, b, p) * side(a, b, q) < 0


def _tries(req: LabelRequest) -> list[tuple[bool, bool]]:
    """(far from the anchor, keep off markers) in the order a label tries them.

    A callout moves out on a leader before covering a marker; a town's name
    covers a marker beside its dot before it moves away (a name far from
    its dot misleads), and a main town does either rather than be hidden.
    """
    if req.leader:
        return [(False, True), (True, True)] + ([(False, False), (True, False)] if req.must else [])
    return [(False, True)] + ([(False, False), (True, True), (True, False)] if req.must else [])


def layout_labels(requests: list[LabelRequest], bounds: Box, obstacles: list[Box] = (),
                  gap: float = 2.0, marker: float = 4.0, markers: list[Box] = ()) -> dict[str, Placement]:
    """Place labels greedily by priority so that no two boxes overlap; what does not fit is hidden.

    Boxes stay inside ``bounds`` and off ``obstacles`` (legend, title,
    scale bar); they keep off ``markers`` (settings) and every label's
    anchor (a ``marker``-sized square) unless a ``must`` label finds no
    other room. Leader lines cross no placed label and no other leader. A
    label whose anchor lies outside ``bounds`` is hidden.
    """
    left, top, right, bottom = bounds
    anchors = np.array([(r.x - marker, r.y - marker, r.x + marker, r.y + marker) for r in requests],
                       dtype=float).reshape(-1, 4)
    fixed = np.array(list(obstacles), dtype=float).reshape(-1, 4)
    soft = np.array(list(markers), dtype=float).reshape(-1, 4)
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
        boxes = np.array(placed, dtype=float).reshape(-1, 4)
        tries = _tries(req)
        choice = None
        for far, keep_off in tries:
            cands = _candidates(req, far)
            ok = ((cands[:, 0] >= left) & (cands[:, 1] >= top) & (cands[:, 2] <= right) & (cands[:, 3] <= bottom))
            blocked = [fixed, boxes] + ([np.delete(anchors, i, axis=0), soft] if keep_off else [])
            ok &= ~_overlaps(cands, np.vstack(blocked), gap)
            for j in np.flatnonzero(ok):
                box = tuple(float(v) for v in cands[j])
                line = j >= len(DIRECTIONS)
                end = _nearest_edge(box, req.x, req.y)
                if line and (_segment_hits((req.x, req.y), end, boxes)
                             or any(_crosses((req.x, req.y), end, a, b) for a, b in leaders)):
                    continue
                if any(_segment_hits(a, b, np.array([box])) for a, b in leaders):
                    continue
                choice = (box, line, end)
                break
            if choice is not None:
                break
        if choice is None:
            out[req.key] = hidden
            continue
        box, line, end = choice
        placed.append(box)
        if line:
            leaders.append(((req.x, req.y), end))
        out[req.key] = Placement(req.key, box, (req.x, req.y), True, line)
    return out


def boxes_overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share any area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
