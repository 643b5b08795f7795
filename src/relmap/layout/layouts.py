"""More layouts besides the force layout, and the registry the menus list.

Each layout is a pure function ``(graph, seed=7, ...) -> {entity id: (x, y)}`` in scene
units, scaled like the force layout so switching layouts keeps the map's size. Direction
and parallel relations are ignored. All are deterministic: the same graph (in any node
order) and seed give the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

import networkx as nx
import numpy as np
import scipy.sparse.linalg

from relmap.analysis.neighbourhood import graph_adjacency, hop_distances
from relmap.layout.force import Positions, _sorted_copy, _to_scene, force_layout

KK_MAX_NODES = 500  # Kamada-Kawai keeps an n x n distance matrix; larger parts: spectral
RING_GAP = 1.5  # between rings, in units of the spacing of nodes along a ring

Point = tuple[float, float]


class Layout(Protocol):
    """What the registry holds: a graph and a seed in, positions out."""

    def __call__(self, graph: nx.Graph, seed: int = 7) -> Positions: ...


def _simple(graph: nx.Graph) -> nx.Graph:
    """Undirected, no parallel edges or self-loops, nodes and edges in sorted order."""
    simple = _sorted_copy(nx.Graph(graph.to_undirected(as_view=True)))
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    return simple


def _components(simple: nx.Graph) -> list[list[str]]:
    """Connected components, largest first, ties by smallest id; members sorted."""
    parts = [sorted(c, key=str) for c in nx.connected_components(simple)]
    return sorted(parts, key=lambda c: (-len(c), str(c[0])))


def _bfs_order(simple: nx.Graph) -> list[str]:
    """Nodes component by component, each breadth-first from its best-connected node,
    so that related entities end up next to each other on a circle."""
    order: list[str] = []
    for part in _components(simple):
        root = min(part, key=lambda v: (-simple.degree(v), str(v)))
        seen = {root}
        queue = [root]
        for node in queue:
            order.append(node)
            for other in sorted(simple.adj[node], key=str):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return order


def kamada_kawai_layout(graph: nx.Graph, seed: int = 7) -> Positions:
    """Kamada-Kawai (graph distances become geometric distances) per connected part,
    parts packed side by side. Kamada-Kawai is quadratic in memory and slow, so parts
    above KK_MAX_NODES get a spectral layout instead (seconds for thousands of nodes,
    where networkx's spring layout takes minutes). ``seed`` is unused."""
    simple = _simple(graph)
    n = simple.number_of_nodes()
    if n <= 1:
        return dict.fromkeys(simple.nodes, (0.0, 0.0))
    placed = []
    for part in _components(simple):
        sub = simple.subgraph(part)
        if len(part) == 1:
            pos = {part[0]: (0.0, 0.0)}
        elif len(part) <= KK_MAX_NODES:
            pos = nx.kamada_kawai_layout(sub)
        else:
            pos = _spectral(sub)
        placed.append(_normalized(pos, math.sqrt(len(part))))
    return _to_scene(_pack(placed), n)


def _spectral(sub: nx.Graph) -> dict[str, Point]:
    """Positions from the Laplacian's second and third eigenvectors, as networkx's
    spectral layout, but deterministic: ARPACK starts from a fixed vector and the
    arbitrary signs of the eigenvectors are fixed."""
    nodes = list(sub)
    laplacian = nx.laplacian_matrix(sub, nodelist=nodes).astype(float)
    start = np.random.default_rng(0).uniform(0.5, 1.5, len(nodes))
    values, vectors = scipy.sparse.linalg.eigsh(laplacian, k=3, which="SM", v0=start, tol=1e-4)
    coords = vectors[:, np.argsort(values)[1:3]]
    # Make each axis's largest coordinate positive so every run draws the same picture.
    coords *= np.sign(coords[np.argmax(np.abs(coords), axis=0), [0, 1]])
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coords, strict=True)}


def _normalized(pos: dict, extent: float) -> dict[str, Point]:
    """Positions moved to start at (0, 0) and scaled so the larger side is ``extent``."""
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    factor = extent / span if len(pos) > 1 else 0.0
    return {
        k: ((float(p[0]) - min(xs)) * factor, (float(p[1]) - min(ys)) * factor)
        for k, p in pos.items()
    }


def _pack(parts: list[dict[str, Point]], gap: float = 1.0) -> dict[str, Point]:
    """Shelf-pack laid-out parts (largest first) in rows of about square total width."""
    sizes = [_size(p) for p in parts]
    width = max(
        max(w for w, _ in sizes),
        math.sqrt(sum((w + gap) * (h + gap) for w, h in sizes)),
    )
    out: dict[str, Point] = {}
    x = y = row_height = 0.0
    for part, (w, h) in zip(parts, sizes, strict=True):
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        out.update({k: (px + x, py + y) for k, (px, py) in part.items()})
        x += w + gap
        row_height = max(row_height, h)
    return out


def _size(part: dict[str, Point]) -> Point:
    return max(p[0] for p in part.values()), max(p[1] for p in part.values())


def circular_layout(graph: nx.Graph, seed: int = 7) -> Positions:
    """Every entity on one circle, related entities near each other (breadth-first
    order per connected part). ``seed`` is unused: the layout has no randomness."""
    simple = _simple(graph)
    order = _bfs_order(simple)
    if len(order) <= 1:
        return dict.fromkeys(order, (0.0, 0.0))
    step = 2 * math.pi / len(order)
    pos = {node: (math.cos(i * step), math.sin(i * step)) for i, node in enumerate(order)}
    return _to_scene(pos, len(order))


def shell_layout(graph: nx.Graph, seed: int = 7) -> Positions:
    """Concentric rings, one per entity type (the node attribute ``type``), smaller
    groups inside; on each ring entities sit near the entities they relate to."""
    simple = _simple(graph)
    groups: dict[str, list[str]] = {}
    for node in simple.nodes:
        groups.setdefault(str(graph.nodes[node].get("type", "")), []).append(node)
    rings = [groups[t] for t in sorted(groups, key=lambda t: (len(groups[t]), t))]
    return _rings_to_scene(simple, rings)


def radial_layout(graph: nx.Graph, seed: int = 7, center: str | None = None) -> Positions:
    """Rings by hop distance around ``center`` (default: the best-connected entity);
    entities it cannot reach share an outer ring. KeyError for an unknown center."""
    simple = _simple(graph)
    if simple.number_of_nodes() == 0:
        return {}
    if center is None:
        center = min(simple.nodes, key=lambda v: (-simple.degree(v), str(v)))
    elif center not in simple:
        raise KeyError(center)
    distances = hop_distances(graph_adjacency(simple), center)
    depth = max(distances.values())
    rings: list[list[str]] = [[] for _ in range(depth + 2)]
    for node in simple.nodes:
        rings[distances.get(node, depth + 1)].append(node)
    return _rings_to_scene(simple, [ring for ring in rings if ring])


def _rings_to_scene(simple: nx.Graph, rings: list[list[str]]) -> Positions:
    """Place rings of nodes on concentric circles, RING_GAP apart and with room for
    one unit per node; a first ring of one node goes in the centre. Each ring
    is ordered by where its nodes' neighbours on inner rings are (fewer crossings)."""
    n = simple.number_of_nodes()
    if n <= 1:
        return dict.fromkeys(simple.nodes, (0.0, 0.0))
    rank = {node: i for i, node in enumerate(_bfs_order(simple))}
    angles: dict[str, float] = {}
    pos: dict[str, Point] = {}
    radius: float | None = None
    for ring in rings:
        radius = _next_radius(radius, len(ring))
        for node, angle in _ring_angles(simple, ring, angles, rank).items():
            angles[node] = angle
            pos[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return _to_scene(pos, n)


def _next_radius(previous: float | None, count: int) -> float:
    """A ring RING_GAP outside the previous one and long enough for ``count`` nodes one
    unit apart; the first ring is the centre when it holds one node."""
    if previous is None:
        return 0.0 if count == 1 else max(RING_GAP, count / math.tau)
    return max(previous + RING_GAP, count / math.tau)


def _ring_angles(
    simple: nx.Graph, ring: list[str], placed: dict[str, float], rank: dict[str, int]
) -> dict[str, float]:
    """Evenly spaced angles for a ring, ordered by the mean angle of each node's placed
    neighbours (nodes with none follow in breadth-first order), rotated to fit them."""
    wanted = {v: _mean_angle(placed[u] for u in simple.adj[v] if u in placed) for v in ring}
    order = sorted(ring, key=lambda v: (wanted[v] is None, wanted[v] or 0.0, rank[v]))
    step = math.tau / len(order)
    offsets = [w - i * step for i, v in enumerate(order) if (w := wanted[v]) is not None]
    offset = _mean_angle(offsets) or 0.0
    return {v: offset + i * step for i, v in enumerate(order)}


def _mean_angle(angles: Iterable[float]) -> float | None:
    """Circular mean in [0, 2π); None for no angles or when they cancel out."""
    points = [(math.cos(a), math.sin(a)) for a in angles]
    x, y = sum(p[0] for p in points), sum(p[1] for p in points)
    if not points or math.hypot(x, y) < 1e-9:
        return None
    return math.atan2(y, x) % math.tau


LAYOUTS: dict[str, Layout] = {
    "force": force_layout,
    "kamada_kawai": kamada_kawai_layout,
    "circular": circular_layout,
    "shell": shell_layout,
    "radial": radial_layout,
}

LAYOUT_TITLES: dict[str, str] = {
    "force": "Force-directed",
    "kamada_kawai": "Kamada-Kawai",
    "circular": "Circle",
    "shell": "Rings by type",
    "radial": "Radial",
}
