"""Every layout: finite positions for every entity, deterministic, any graph shape."""

import math

import networkx as nx
import pytest

from relmap.analysis.neighbourhood import graph_adjacency, hop_distances
from relmap.io.relmap_json import read_json
from relmap.layout.force import SPACING
from relmap.layout.layouts import LAYOUTS, radial_layout, shell_layout
from relmap.model.graph import build_graph
from tests.conftest import BUNDLED

NAMES = ["force", "kamada_kawai", "circular", "shell", "radial"]


@pytest.fixture(scope="module")
def bundled() -> nx.MultiDiGraph:
    return build_graph(read_json(BUNDLED))


def disconnected() -> nx.MultiDiGraph:
    """A triangle with a tail, a pair joined twice, an entity alone and a self-loop."""
    graph = nx.MultiDiGraph()
    for node, kind in zip("abcdefgh", "ppppccoe", strict=True):
        graph.add_node(node, type=kind)
    for key, (u, v) in enumerate(["ab", "bc", "ca", "cd", "ef", "fe", "hh"]):
        graph.add_edge(u, v, key=f"r{key}")
    return graph


def assert_finite_for_all(pos, graph):
    assert set(pos) == set(graph.nodes)
    for x, y in pos.values():
        assert math.isfinite(x) and math.isfinite(y)


def test_registry_names():
    assert list(LAYOUTS) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_bundled_map(name, bundled):
    pos = LAYOUTS[name](bundled, seed=5)
    assert_finite_for_all(pos, bundled)
    assert pos == LAYOUTS[name](bundled, seed=5)
    # Scaled like the force layout: the map spans about SPACING * sqrt(n) (the force
    # layout itself may then push crowded nodes apart, so it is only checked loosely).
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    rel = 0.5 if name == "force" else 0.01
    assert extent == pytest.approx(SPACING * math.sqrt(len(pos)), rel=rel)
    assert len({(round(x, 3), round(y, 3)) for x, y in pos.values()}) == len(pos)


@pytest.mark.parametrize("name", NAMES)
def test_node_order_does_not_matter(name, bundled):
    reordered = nx.MultiDiGraph()
    reordered.add_nodes_from(sorted(bundled.nodes(data=True), reverse=True))
    reordered.add_edges_from(reversed(list(bundled.edges(keys=True, data=True))))
    assert LAYOUTS[name](reordered, seed=5) == LAYOUTS[name](bundled, seed=5)


@pytest.mark.parametrize("name", NAMES)
def test_empty_graph(name):
    assert LAYOUTS[name](nx.MultiDiGraph(), seed=1) == {}


@pytest.mark.parametrize("name", NAMES)
def test_single_node(name):
    graph = nx.MultiDiGraph()
    graph.add_node("only", type="person")
    pos = LAYOUTS[name](graph, seed=1)
    assert_finite_for_all(pos, graph)


@pytest.mark.parametrize("name", NAMES)
def test_disconnected_graph(name):
    graph = disconnected()
    pos = LAYOUTS[name](graph, seed=2)
    assert_finite_for_all(pos, graph)
    assert pos == LAYOUTS[name](disconnected(), seed=2)
    assert len({(round(x, 3), round(y, 3)) for x, y in pos.values()}) == len(pos)


@pytest.mark.parametrize("name", NAMES)
def test_plain_undirected_graph_without_types(name):
    graph = nx.path_graph(["x", "y", "z"])
    assert_finite_for_all(LAYOUTS[name](graph, seed=0), graph)


def centroid(points):
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def test_shell_puts_each_type_on_its_own_ring(bundled):
    pos = shell_layout(bundled)
    types = {n: d["type"] for n, d in bundled.nodes(data=True)}
    middle = centroid(list(pos.values()))
    radii = {}
    for kind in set(types.values()):
        ring = [math.dist(pos[n], middle) for n in pos if types[n] == kind]
        assert max(ring) - min(ring) < 1e-6, kind
        radii[kind] = ring[0]
    assert len({round(r, 3) for r in radii.values()}) == len(radii)


def test_radial_rings_follow_hop_distance(bundled):
    pos = radial_layout(bundled, center="nazarbayev")
    hops = hop_distances(graph_adjacency(bundled), "nazarbayev")
    radius = {n: math.dist(pos[n], pos["nazarbayev"]) for n in pos}
    for n, d in hops.items():
        for m, e in hops.items():
            if d < e:
                assert radius[n] < radius[m]
            elif d == e:
                assert radius[n] == pytest.approx(radius[m])


def test_radial_default_center_and_unreachable_ring():
    graph = disconnected()
    pos = radial_layout(graph)
    center = "c"  # the best-connected entity
    radius = {n: math.dist(pos[n], pos[center]) for n in pos}
    assert radius[center] == 0
    reachable = max(radius[n] for n in "abd")
    outer = [radius[n] for n in "efgh"]
    assert min(outer) > reachable
    assert max(outer) == pytest.approx(min(outer))
    with pytest.raises(KeyError):
        radial_layout(graph, center="nobody")


def test_circular_puts_everyone_on_one_circle(bundled):
    pos = LAYOUTS["circular"](bundled)
    middle = centroid(list(pos.values()))
    radii = [math.dist(p, middle) for p in pos.values()]
    assert max(radii) - min(radii) < 1e-6


def test_kamada_kawai_falls_back_to_spectral_on_large_parts(bundled, monkeypatch):
    from relmap.layout import layouts

    monkeypatch.setattr(layouts, "KK_MAX_NODES", 10)
    pos = layouts.kamada_kawai_layout(bundled)
    assert_finite_for_all(pos, bundled)
    assert pos == layouts.kamada_kawai_layout(bundled)
    assert pos != layouts.LAYOUTS["circular"](bundled)
