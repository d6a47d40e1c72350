"""Minutes from a few sources to many targets on the road graph.

Bulk work uses ``scipy.sparse.csgraph.dijkstra`` (compiled, several times
faster than networkx on the same graph: see ``benchmarks/roads_bench.py``);
networkx's Dijkstra is kept as the reference the tests and the benchmark
check it against. Sources go in small batches so a progress bar moves and a
cancel is honoured within one batch.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np
from scipy.sparse import csgraph as cs
from scipy.sparse import csr_array

from ..infra.cancel import CancelToken

Progress = Callable[[int, int], None]


class TravelCancelled(Exception):
    """Raised when a cancel token was set while minutes were being computed."""


def to_csgraph(u: np.ndarray, v: np.ndarray, minutes: np.ndarray, n_nodes: int) -> csr_array:
    """Undirected edge lists (``u < v``, one edge per pair) as a sparse matrix for csgraph."""
    return csr_array((minutes, (u, v)), shape=(n_nodes, n_nodes))


def minutes_from(graph: csr_array, sources: np.ndarray, targets: np.ndarray,
                 progress: Progress | None = None, cancel: CancelToken | None = None,
                 batch: int = 8) -> np.ndarray:
    """Shortest minutes, shape (len(sources), len(targets)), with scipy's Dijkstra.

    Roads are treated as two-way, so minutes from a setting to an area are
    also the minutes back. ``progress(done, total)`` is called after each
    batch of ``batch`` sources.
    """
    sources = np.asarray(sources, dtype=np.int64)
    targets = np.asarray(targets, dtype=np.int64)
    out = np.empty((len(sources), len(targets)))
    for start in range(0, len(sources), batch):
        if cancel is not None and cancel.is_set():
            raise TravelCancelled("road travel times cancelled")
        chunk = sources[start:start + batch]
        out[start:start + len(chunk)] = cs.dijkstra(graph, directed=False, indices=chunk)[:, targets]
        if progress is not None:
            progress(start + len(chunk), len(sources))
    return out


def minutes_from_networkx(graph: nx.Graph, sources: np.ndarray, targets: np.ndarray,
                          progress: Progress | None = None) -> np.ndarray:
    """The same as :func:`minutes_from` with networkx's Dijkstra (reference, slower)."""
    out = np.full((len(sources), len(targets)), np.inf)
    for i, source in enumerate(sources):
        lengths = nx.single_source_dijkstra_path_length(graph, int(source), weight="minutes")
        out[i] = [lengths.get(int(t), np.inf) for t in targets]
        if progress is not None:
            progress(i + 1, len(sources))
    return out
