"""Centrality and communities equal networkx's on the same graph, and never raise."""

import math

import networkx as nx
import pytest

from relmap.analysis.metrics import (
    METRIC_TITLES,
    centrality,
    communities,
    eigenvector,
    simple_graph,
    stats_report,
)
from relmap.io.relmap_json import read_json
from relmap.model.graph import build_graph
from relmap.model.types import Dataset, Entity, Relation
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return read_json(BUNDLED)


@pytest.fixture(scope="module")
def graph(ds) -> nx.Graph:
    """The undirected simple graph, built here independently of relmap.analysis."""
    return nx.Graph(build_graph(ds).to_undirected())


def assert_close(ours: dict[str, float], theirs: dict[str, float]) -> None:
    assert set(ours) == set(theirs)
    for node, value in theirs.items():
        assert ours[node] == pytest.approx(value, abs=1e-9), node


def test_simple_graph_matches(ds, graph):
    simple = simple_graph(ds)
    assert set(simple.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in simple.edges} == {frozenset(e) for e in graph.edges}
    assert simple.number_of_edges() == 52


def test_centralities_equal_networkx(ds, graph):
    scores = centrality(ds)
    assert set(scores) == set(METRIC_TITLES)
    assert_close(scores["degree"], nx.degree_centrality(graph))
    assert_close(scores["betweenness"], nx.betweenness_centrality(graph))
    assert_close(scores["eigenvector"], nx.eigenvector_centrality_numpy(graph))


def test_relation_counts(ds):
    counts = centrality(ds)["relations"]
    assert counts["tokayev"] == 34
    assert counts["kazakhstan"] == 19
    for e in ds.entities:
        assert counts[e.id] == len(ds.relations_of(e.id))


def test_tokayev_is_the_hub(ds):
    for metric, scores in centrality(ds).items():
        assert max(scores, key=scores.__getitem__) == "tokayev", metric


def test_communities_are_louvain_numbered_by_size(ds):
    found = communities(ds, seed=3)
    assert set(found) == {e.id for e in ds.entities}
    sizes = [list(found.values()).count(i) for i in range(max(found.values()) + 1)]
    assert all(size > 0 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    theirs = nx.community.louvain_communities(simple_graph(ds), seed=3)
    ours = {frozenset(n for n, c in found.items() if c == i) for i in range(len(sizes))}
    assert ours == {frozenset(c) for c in theirs}
    assert communities(ds, seed=3) == found


PAIRS = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "f"), ("e", "f")]


def disconnected() -> Dataset:
    entities = [Entity(x, x.upper(), "person") for x in "abcdefg"]
    relations = [Relation(f"r{i}", s, t, "knows") for i, (s, t) in enumerate(PAIRS)]
    relations.append(Relation("loop", "g", "g", "knows"))  # g is related only to itself
    return Dataset(entities=entities, relations=relations)


def test_disconnected_maps_do_not_raise():
    ds = disconnected()
    scores = centrality(ds)
    for metric in METRIC_TITLES:
        assert set(scores[metric]) == set("abcdefg"), metric
        assert all(math.isfinite(v) for v in scores[metric].values()), metric
    eig = scores["eigenvector"]
    assert eig["g"] == 0.0
    assert eig["e"] == pytest.approx(eig["f"])
    # Each connected part has the squared length of its share of the entities.
    assert math.fsum(eig[x] ** 2 for x in "abcd") == pytest.approx(4 / 7)
    assert math.fsum(eig[x] ** 2 for x in "ef") == pytest.approx(2 / 7)
    # Within a connected part, networkx's values on that part, scaled by its share.
    part = nx.eigenvector_centrality_numpy(nx.Graph(PAIRS[:4]))
    for node in "abcd":
        assert eig[node] == pytest.approx(part[node] * math.sqrt(4 / 7))
    assert scores["relations"]["g"] == 1
    assert scores["relations"]["e"] == 2
    assert len(set(communities(ds).values())) == 3


def test_empty_and_single_entity_maps():
    empty = centrality(Dataset())
    assert all(scores == {} for scores in empty.values())
    assert communities(Dataset()) == {}
    single = centrality(Dataset(entities=[Entity("a", "A", "person")]))
    assert single["eigenvector"] == {"a": 0.0}
    assert single["betweenness"] == {"a": 0.0}
    assert communities(Dataset(entities=[Entity("a", "A", "person")])) == {"a": 0}
    assert eigenvector(nx.Graph()) == {}


def test_stats_report(ds):
    report = stats_report(ds, top=3)
    for title in METRIC_TITLES.values():
        section = report.split(title, 1)[1].splitlines()
        assert "Kassym-Jomart Tokayev" in section[1]
        assert not section[4].strip().startswith("4.")
    assert "Communities (Louvain)" in report
    assert stats_report(Dataset()) == "The map has no entities."
