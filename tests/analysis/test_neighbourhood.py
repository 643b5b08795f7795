"""Neighbourhoods on the bundled map, from a Dataset or from its graph."""

import networkx as nx
import pytest

from relmap.analysis.neighbourhood import adjacency, hop_distances, neighbourhood
from relmap.io.relmap_json import read_json
from relmap.model.graph import build_graph
from relmap.model.types import Dataset
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return read_json(BUNDLED)


def all_ids(ds: Dataset) -> set[str]:
    return {e.id for e in ds.entities}


def test_one_hop_around_nazarbayev(ds):
    assert neighbourhood(ds, "nazarbayev", 1) == {"nazarbayev", "tokayev", "kazakhstan"}


def test_two_hops_around_nazarbayev(ds):
    near = neighbourhood(ds, "nazarbayev", 2)
    assert all_ids(ds) - near == {"outsiders", "soviet_union", "us_cable_leak", "world_war_ii"}
    # Two hops are the neighbours of the one-hop entities, in either direction.
    expected = {"nazarbayev"}
    for r in ds.relations:
        if r.source in {"nazarbayev", "tokayev", "kazakhstan"}:
            expected.add(r.target)
        if r.target in {"nazarbayev", "tokayev", "kazakhstan"}:
            expected.add(r.source)
    assert near == expected


def test_three_hops_reach_the_whole_bundled_map(ds):
    assert neighbourhood(ds, "nazarbayev", 3) == all_ids(ds)


def test_dataset_and_graph_give_the_same_answer(ds):
    graph = build_graph(ds)
    for hops in (0, 1, 2, 3):
        assert neighbourhood(graph, "nazarbayev", hops) == neighbourhood(ds, "nazarbayev", hops)
        assert neighbourhood(nx.Graph(graph.to_undirected()), "timur", hops) == neighbourhood(
            ds, "timur", hops
        )


def test_direction_is_ignored(ds):
    # Both of these relations point *at* Tokayev.
    near = neighbourhood(ds, "tokayev", 1)
    assert {"tokayev_father", "tokayev_mother"} <= near
    assert neighbourhood(ds, "timur", 1) == {"timur", "tokayev"}


def test_zero_hops_and_errors(ds):
    assert neighbourhood(ds, "timur", 0) == {"timur"}
    with pytest.raises(KeyError):
        neighbourhood(ds, "nobody", 1)
    with pytest.raises(KeyError):
        neighbourhood(build_graph(ds), "nobody", 1)
    with pytest.raises(ValueError):
        neighbourhood(ds, "timur", -1)


def test_hop_distances(ds):
    distances = hop_distances(adjacency(ds.relations), "timur")
    assert distances["timur"] == 0
    assert distances["tokayev"] == 1
    assert distances["nazarbayev"] == 2
    assert set(distances) == all_ids(ds)
    assert max(distances.values()) == 3
    assert set(hop_distances(adjacency(ds.relations), "timur", 1)) == {"timur", "tokayev"}
