"""Force-directed layout for large maps: igraph's UMAP layout, run in steps.

Why this algorithm. Candidates measured on this project's 2-core machine (no GPU) on a
scale-free map of 10,000 entities and 50,000 relations with 20 planted communities,
median of 3 runs; "separated" is the share of entities nearer the centre of their own
community than of any other (1.0: every community apart; a hairball: about 0.1). The
full table, the 100,000/500,000 figures and the pictures are in docs/benchmarks.md.

    candidate                                   10k time  separated  100k time
    igraph layout_umap, 50 epochs (this module)  4.1-5.3 s  0.92     46-63 s
    igraph layout_drl                               34 s    0.97 (communities folded to dots)
    fa2 1.1.2, ForceAtlas2 Barnes-Hut (Cython)      19 s    0.76
    fa2rs 0.3.2, ForceAtlas2 Barnes-Hut (Rust)     2.7 s    0.48       313 s
    Graphviz sfdp 2.43                             5.6 s    0.41       173 s
    igraph layout_lgl                              6.4 s    0.30     > 270 s
    igraph Fruchterman-Reingold with grid          1.7 s    0.32        16 s
    networkx spring_layout (the baseline)          255 s    0.12     hours (O(n^2))

UMAP (attraction along relations, repulsion from a few sampled non-neighbours per
relation, so each epoch costs time linear in the relations) is the only candidate that
is both under 5 s at 10k and separates communities, and it takes about a minute at
100k/500k, where sfdp takes three and fa2rs five. On maps without community structure
(benchmarks/generate.py's preferential attachment) every candidate draws the same even
disc, this one included.

How it is run:

- One undirected simple graph: direction, parallel relations and self-loops are
  ignored; entities are numbered in sorted id order, so the same graph in any order
  and the same seed give the same positions (igraph draws its random numbers from a
  ``random.Random(seed)`` for the duration of the call).
- The epochs are split into igraph calls, each starting from the previous positions
  (see _schedule): ``progress`` is called and ``cancelled`` checked between calls.
  Each call holds the GIL (python-igraph does not release it): the last call takes
  60% of the time, about 2.5 s at 10k and 25 s at 100k, so a window should run this
  in a worker process rather than a thread to stay responsive.
- Connected parts are cut apart after the run and packed side by side, largest first;
  then the map is scaled so that entities are as close as in force.py's maps (median
  distance to the nearest entity SPACING / 2; UMAP draws communities denser than
  their relations are long, so relations are longer than SPACING), within 0.5x to 4x
  the size force.py's ``_to_scene`` gives, and centred on the origin.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from relmap.layout.force import SPACING, Positions

EDGE_EPOCHS = 2_500_000  # relations x epochs per layout: about 4 s at 10k/50k here
MIN_EPOCHS = 50  # fewer leave communities mixed (0.78 separated at 30 epochs, 0.92 at 50)
MAX_EPOCHS = 100  # small maps: more epochs are cheap and settle better
EARLY_STEPS = 8  # short igraph calls first: progress and cancel between them
FINAL_SHARE = 0.6  # the last call's share of the epochs (see _schedule)
MIN_DIST = 0.5  # UMAP's min_dist: room between entities inside a community
_SCALE_RANGE = (0.5, 4.0)  # allowed size, in multiples of force.py's map size

_RNG_LOCK = threading.Lock()  # igraph's random generator is process-wide


class LayoutCancelled(Exception):
    """large_layout stopped because ``cancelled()`` returned True."""


def large_layout(
    graph: nx.Graph | nx.MultiDiGraph,
    seed: int = 7,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Positions:
    """Positions in scene units for every node of ``graph`` (see the module notes).

    ``progress(fraction)`` is called with fractions from 0.0 to 1.0; when
    ``cancelled()`` returns True the layout stops with LayoutCancelled.
    """
    _report(progress, 0.0)
    nodes, edges = _index(graph)
    n = len(nodes)
    _check(cancelled)
    if n <= 1:
        _report(progress, 1.0)
        return dict.fromkeys(nodes, (0.0, 0.0))
    coords = _umap(n, edges, seed, progress, cancelled)
    _check(cancelled)
    pitch = _pitch(coords)
    coords = _pack_parts(coords, edges, 2 * pitch)
    coords = _to_scene(coords, pitch)
    _report(progress, 1.0)
    return {node: (x, y) for node, (x, y) in zip(nodes, coords.tolist(), strict=True)}


def _report(progress: Callable[[float], None] | None, fraction: float) -> None:
    if progress is not None:
        progress(fraction)


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise LayoutCancelled


def _index(graph: nx.Graph | nx.MultiDiGraph) -> tuple[list[str], np.ndarray]:
    """Nodes in sorted id order, and the undirected relations between them as an
    (m, 2) array of node numbers, lower first, sorted, without repeats or loops."""
    nodes = sorted(graph.nodes, key=str)
    number = {node: i for i, node in enumerate(nodes)}
    flat = np.fromiter(
        (number[end] for pair in graph.edges() for end in pair),
        dtype=np.int64,
        count=2 * graph.number_of_edges(),
    )
    pairs = flat.reshape(-1, 2)
    pairs = np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1)
    keys = np.unique(pairs[:, 0] * max(len(nodes), 1) + pairs[:, 1])
    return nodes, np.stack([keys // max(len(nodes), 1), keys % max(len(nodes), 1)], axis=1)


def epochs_for(relations: int) -> int:
    """UMAP epochs for a map of ``relations`` distinct relations."""
    return max(MIN_EPOCHS, min(MAX_EPOCHS, EDGE_EPOCHS // max(relations, 1)))


def _umap(
    n: int,
    edges: np.ndarray,
    seed: int,
    progress: Callable[[float], None] | None,
    cancelled: Callable[[], bool] | None,
) -> np.ndarray:
    """igraph's UMAP layout from seeded random positions, in the calls of _schedule."""
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, (n, 2))
    if len(edges) == 0:
        return start
    import igraph  # a large import, needed only here

    ig_graph = igraph.Graph(n=n, edges=edges.tolist())
    chunks = _schedule(epochs_for(len(edges)))
    total = sum(chunks)
    done = 0
    coords: list[list[float]] = start.tolist()
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            for chunk in chunks:
                _check(cancelled)
                # GraphBase's method gives plain lists: Graph.layout_umap would wrap them
                # in a Layout and .coords copy them again (3 s of 45 at 100k).
                coords = igraph.GraphBase.layout_umap(
                    ig_graph, seed=coords, epochs=chunk, min_dist=MIN_DIST
                )
                done += chunk
                _report(progress, 0.95 * done / total)
        finally:
            igraph.set_random_number_generator(random)
    return np.asarray(coords, dtype=float)


def _schedule(epochs: int) -> list[int]:
    """Epochs per igraph call: EARLY_STEPS short calls, then one of FINAL_SHARE.

    Each call anneals its step size from 1 to 0 again, and ten equal calls of 5 epochs
    left communities visibly less apart than one call of 50 (0.81 against 0.92
    separated at 10k); what counts is a long last call, which then keeps 0.91-0.92.
    """
    final = max(1, round(epochs * FINAL_SHARE))
    early = epochs - final
    steps = min(EARLY_STEPS, early)
    return [early // steps + (1 if i < early % steps else 0) for i in range(steps)] + [final]


def _pitch(coords: np.ndarray) -> float:
    """The median distance from an entity to its nearest other entity (0 if all
    coincide): how closely the layout packs entities."""
    distances, _ = cKDTree(coords).query(coords, k=2)
    return float(np.median(distances[:, 1]))


def _pack_parts(coords: np.ndarray, edges: np.ndarray, gap: float) -> np.ndarray:
    """Connected parts side by side in rows (shelf packing), largest part first, each
    keeping its own shape and scale, ``gap`` apart."""
    n = len(coords)
    adjacency = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    count, labels = connected_components(adjacency, directed=False)
    if count == 1:
        return coords
    gap = gap or 1.0
    low = np.full((count, 2), np.inf)
    high = np.full((count, 2), -np.inf)
    np.minimum.at(low, labels, coords)
    np.maximum.at(high, labels, coords)
    sizes = np.bincount(labels, minlength=count)
    first = np.full(count, n)
    np.minimum.at(first, labels, np.arange(n))
    order = np.lexsort((first, -sizes))  # largest first, ties by lowest node number
    extent = high - low
    width = max(
        float(extent[:, 0].max()),
        math.sqrt(float(((extent[:, 0] + gap) * (extent[:, 1] + gap)).sum())),
    )
    offset = np.zeros((count, 2))
    x = y = row_height = 0.0
    for part in order.tolist():
        w, h = float(extent[part, 0]), float(extent[part, 1])
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        offset[part] = (x, y)
        x += w + gap
        row_height = max(row_height, h)
    return coords - low[labels] + offset[labels]


def _to_scene(coords: np.ndarray, pitch: float) -> np.ndarray:
    """Scale so that entities are as close as in force.py's maps (median distance to
    the nearest other entity SPACING / 2, as for evenly spread entities SPACING apart),
    kept within _SCALE_RANGE times the size force.py gives a map of this many
    entities, and centre on the origin."""
    n = len(coords)
    low, high = coords.min(axis=0), coords.max(axis=0)
    extent = float((high - low).max()) or 1.0
    by_size = SPACING * math.sqrt(n) / extent
    factor = SPACING / 2 / pitch if pitch > 0 else by_size
    factor = min(max(factor, _SCALE_RANGE[0] * by_size), _SCALE_RANGE[1] * by_size)
    return (coords - (low + high) / 2) * factor
