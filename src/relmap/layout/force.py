"""Force-directed layout, deterministic for the same data and seed."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from relmap.model.types import Dataset

Positions = dict[str, tuple[float, float]]

SPACING = 170.0  # scene units between neighbours, roughly


def force_layout(
    graph: nx.Graph,
    seed: int = 7,
    fixed: Positions | None = None,
    iterations: int = 200,
) -> Positions:
    """Fruchterman-Reingold positions (networkx's spring layout) in scene units.

    Nodes in ``fixed`` keep their positions; the rest settle around them. Multiple
    relations between two entities pull like one, and direction is ignored.
    """
    simple = nx.Graph(graph.to_undirected(as_view=True))
    n = simple.number_of_nodes()
    if n == 0:
        return {}
    fixed = {k: v for k, v in (fixed or {}).items() if k in simple}
    if n == 1 and not fixed:
        return {next(iter(simple.nodes)): (0.0, 0.0)}
    # Order-independent seeding: the same graph gives the same picture.
    simple = _sorted_copy(simple)
    if fixed:
        # Work in scene units directly so that fixed nodes mean what they say.
        init = _initial(simple, seed, fixed)
        pos = nx.spring_layout(
            simple,
            pos=init,
            fixed=list(fixed) or None,
            k=SPACING,
            iterations=iterations,
            seed=seed,
            scale=None,
        )
        return {k: (float(v[0]), float(v[1])) for k, v in pos.items()}
    if n <= 300:
        # Kamada-Kawai gives even edge lengths on small maps; hubs still crowd their
        # neighbours, so nodes are then pushed apart to a minimum distance.
        return spread_out(_to_scene(nx.kamada_kawai_layout(simple), n), MIN_DISTANCE)
    pos = nx.spring_layout(simple, k=1.6 / math.sqrt(n), iterations=iterations, seed=seed)
    return _to_scene(pos, n)


MIN_DISTANCE = 140.0


def spread_out(pos: Positions, min_distance: float, iterations: int = 200) -> Positions:
    """Push apart every pair of nodes closer than ``min_distance`` (O(n^2) per step, for
    small maps), keeping the layout's shape otherwise."""
    keys = list(pos)
    if len(keys) < 2:
        return dict(pos)
    p = np.array([pos[k] for k in keys], dtype=float)
    # A fixed tiny jitter separates coincident nodes, which have no direction to move in.
    p += np.random.default_rng(0).normal(0.0, 0.01, p.shape)
    eye = np.eye(len(keys)) * 1e9
    for _ in range(iterations):
        diff = p[:, None, :] - p[None, :, :]
        dist = np.hypot(diff[..., 0], diff[..., 1]) + eye
        overlap = np.clip(min_distance - dist, 0.0, None)
        if overlap.max() < 0.5:
            break
        dist = np.maximum(dist, 1e-9)
        p += (diff / dist[..., None] * overlap[..., None] / 4).sum(axis=1)
    return {k: (float(p[i, 0]), float(p[i, 1])) for i, k in enumerate(keys)}


def _sorted_copy(graph: nx.Graph) -> nx.Graph:
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes, key=str))
    ordered.add_edges_from(sorted((tuple(sorted((str(u), str(v)))) for u, v in graph.edges)))
    return ordered


def _initial(graph: nx.Graph, seed: int, fixed: Positions) -> dict[str, tuple[float, float]]:
    import random

    rng = random.Random(seed)
    xs = [p[0] for p in fixed.values()]
    ys = [p[1] for p in fixed.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = SPACING * math.sqrt(graph.number_of_nodes())
    init: dict[str, tuple[float, float]] = {}
    for node in graph.nodes:
        if node in fixed:
            init[node] = fixed[node]
            continue
        placed = [fixed[m] for m in graph.neighbors(node) if m in fixed]
        if placed:
            px = sum(p[0] for p in placed) / len(placed)
            py = sum(p[1] for p in placed) / len(placed)
            init[node] = (px + rng.uniform(-1, 1) * SPACING, py + rng.uniform(-1, 1) * SPACING)
        else:
            init[node] = (cx + rng.uniform(-1, 1) * spread, cy + rng.uniform(-1, 1) * spread)
    return init


def _to_scene(pos: dict, n: int) -> Positions:
    """Centre on the origin and scale so that the map spans about SPACING * sqrt(n)."""
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    factor = SPACING * math.sqrt(n) / extent
    return {k: ((float(p[0]) - cx) * factor, (float(p[1]) - cy) * factor) for k, p in pos.items()}


LARGE = 2000  # entities; above this the large-map layout is used


def dataset_positions(ds: Dataset, graph: nx.Graph, seed: int = 7) -> Positions:
    """Saved x/y where the file has them; a layout for the rest.

    A map without positions gets a full layout (the large-map algorithm above LARGE
    entities); a few new entities in a big laid-out map are placed beside their
    neighbours, without moving anything else."""
    saved = {
        e.id: (float(e.x), float(e.y)) for e in ds.entities if e.x is not None and e.y is not None
    }
    if len(saved) == len(ds.entities):
        return saved
    if not saved and len(ds.entities) > LARGE:
        from relmap.layout.large import large_layout

        return large_layout(graph, seed=seed)
    if saved and len(ds.entities) > LARGE:
        return {**_initial(nx.Graph(graph.to_undirected(as_view=True)), seed, saved), **saved}
    return force_layout(graph, seed=seed, fixed=saved or None)
