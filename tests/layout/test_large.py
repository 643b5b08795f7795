"""The large-map layout: finite, deterministic, reports progress, can be cancelled,
handles any graph shape, and separates communities."""

import math
import random
import statistics

import networkx as nx
import numpy as np
import pytest

from relmap.layout.force import SPACING
from relmap.layout.large import LayoutCancelled, epochs_for, large_layout


def scale_free(n: int = 300, seed: int = 3) -> nx.MultiDiGraph:
    """A preferential-attachment map with string ids, a parallel relation in both
    directions and a self-loop, as build_graph makes them."""
    graph = nx.MultiDiGraph()
    for u, v in nx.barabasi_albert_graph(n, 3, seed=seed).edges:
        graph.add_edge(f"e{u}", f"e{v}", key=f"r{u}-{v}")
    graph.add_edge("e1", "e0", key="back")
    graph.add_edge("e5", "e5", key="loop")
    return graph


def assert_finite_for_all(pos, graph):
    assert set(pos) == set(graph.nodes)
    for x, y in pos.values():
        assert math.isfinite(x) and math.isfinite(y)


def test_finite_position_for_every_node():
    graph = scale_free()
    assert_finite_for_all(large_layout(graph), graph)


def test_deterministic_for_same_graph_and_seed_in_any_order():
    graph = scale_free()
    edges = list(graph.edges(keys=True))
    random.Random(1).shuffle(edges)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(sorted(graph.nodes, reverse=True))
    shuffled.add_edges_from(edges)
    first = large_layout(graph, seed=11)
    assert large_layout(graph, seed=11) == first
    assert large_layout(shuffled, seed=11) == first
    assert large_layout(graph, seed=12) != first


def test_scene_scale_and_centre():
    graph = scale_free()
    pos = large_layout(graph)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    assert abs(max(xs) + min(xs)) < 1e-6 and abs(max(ys) + min(ys)) < 1e-6
    points = list(pos.values())
    nearest = [min(math.dist(p, q) for q in points if q is not p) for p in points]
    assert statistics.median(nearest) == pytest.approx(SPACING / 2, rel=0.01)
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    size = SPACING * math.sqrt(len(pos))
    assert 0.49 * size <= extent <= 4.01 * size


def test_progress_reported_from_zero_to_one():
    fractions: list[float] = []
    large_layout(scale_free(), progress=fractions.append)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert len(fractions) >= 5
    assert fractions == sorted(fractions)
    assert all(0.0 <= f <= 1.0 for f in fractions)


def test_cancel_stops_with_layout_cancelled():
    fractions: list[float] = []

    def cancel_after_two_steps() -> bool:
        return len(fractions) >= 3

    with pytest.raises(LayoutCancelled):
        large_layout(scale_free(), progress=fractions.append, cancelled=cancel_after_two_steps)
    assert fractions[-1] < 1.0
    with pytest.raises(LayoutCancelled):
        large_layout(scale_free(), cancelled=lambda: True)


def test_not_cancelled_runs_to_the_end():
    graph = scale_free(60)
    assert_finite_for_all(large_layout(graph, cancelled=lambda: False), graph)


def test_empty_and_single():
    assert large_layout(nx.Graph()) == {}
    one = nx.MultiDiGraph()
    one.add_node("a")
    assert large_layout(one) == {"a": (0.0, 0.0)}
    loop = nx.MultiDiGraph()
    loop.add_edge("a", "a", key="r")
    assert large_layout(loop) == {"a": (0.0, 0.0)}


def test_small_graphs():
    pair = nx.Graph([("a", "b")])
    pos = large_layout(pair)
    assert_finite_for_all(pos, pair)
    assert math.dist(pos["a"], pos["b"]) > 1.0
    triangle = nx.Graph([("a", "b"), ("b", "c"), ("c", "a")])
    pos = large_layout(triangle)
    assert_finite_for_all(pos, triangle)
    assert min(math.dist(pos[u], pos[v]) for u, v in triangle.edges) > 1.0


def test_no_relations_at_all():
    graph = nx.Graph()
    graph.add_nodes_from("abcdefg")
    pos = large_layout(graph)
    assert_finite_for_all(pos, graph)
    assert len(set(pos.values())) == 7
    assert min(math.dist(pos[u], pos[v]) for u in pos for v in pos if u < v) > 0.4 * SPACING


def test_disconnected_parts_do_not_overlap():
    graph = nx.disjoint_union_all([nx.cycle_graph(30), nx.path_graph(5), nx.complete_graph(4)])
    graph = nx.relabel_nodes(graph, {i: f"n{i:03d}" for i in graph.nodes})
    graph.add_node("alone")
    pos = large_layout(graph)
    assert_finite_for_all(pos, graph)
    boxes = []
    for part in nx.connected_components(graph):
        xs = [pos[v][0] for v in part]
        ys = [pos[v][1] for v in part]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]


def test_epochs_scale_with_relations():
    assert epochs_for(0) == epochs_for(100) == 100
    assert epochs_for(50_000) == 50
    assert epochs_for(500_000) == 50


def test_communities_separate():
    """Four planted communities: nearly every entity is nearer the centre of its own
    community than of any other (a hairball would give about a quarter)."""
    sizes = [100, 100, 100, 100]
    graph = nx.random_partition_graph(sizes, 0.08, 0.004, seed=5)
    graph = nx.relabel_nodes(graph, {i: f"v{i}" for i in graph.nodes})
    pos = large_layout(graph)
    group = np.repeat(np.arange(4), sizes)
    points = np.array([pos[f"v{i}"] for i in range(sum(sizes))])
    centres = np.array([points[group == g].mean(axis=0) for g in range(4)])
    nearest = np.linalg.norm(points[:, None, :] - centres[None], axis=2).argmin(axis=1)
    assert (nearest == group).mean() > 0.9
