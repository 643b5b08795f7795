"""Who is within a few relations of an entity, whatever the relations' direction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set

import networkx as nx

from relmap.model.types import Dataset, Relation

Adjacency = Mapping[str, Set[str]]


def adjacency(relations: Iterable[Relation]) -> dict[str, set[str]]:
    """Entity id -> ids of the entities it shares a relation with, in either direction.

    Built from relations directly (no graph) so filters can call it on a subset cheaply.
    """
    adj: dict[str, set[str]] = {}
    for r in relations:
        adj.setdefault(r.source, set()).add(r.target)
        adj.setdefault(r.target, set()).add(r.source)
    return adj


def hop_distances(adj: Adjacency, entity_id: str, hops: int | None = None) -> dict[str, int]:
    """Breadth-first hop counts from ``entity_id`` (0 for itself), up to ``hops`` if given."""
    distances = {entity_id: 0}
    frontier = [entity_id]
    depth = 0
    while frontier and (hops is None or depth < hops):
        depth += 1
        nxt: list[str] = []
        for node in frontier:
            for other in adj.get(node, ()):
                if other not in distances:
                    distances[other] = depth
                    nxt.append(other)
        frontier = nxt
    return distances


def graph_adjacency(graph: nx.Graph) -> Adjacency:
    """An Adjacency view of any networkx graph, ignoring direction and parallel edges."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    return _GraphAdjacency(undirected)


class _GraphAdjacency(Mapping[str, Set[str]]):
    """Neighbour sets of a networkx graph, computed on demand (no copy of the graph)."""

    def __init__(self, graph: nx.Graph) -> None:
        self._graph = graph

    def __getitem__(self, node: str) -> Set[str]:
        if node not in self._graph:
            raise KeyError(node)
        return set(self._graph.adj[node])

    def __iter__(self) -> Iterator[str]:
        return iter(self._graph.nodes)

    def __len__(self) -> int:
        return int(self._graph.number_of_nodes())


def neighbourhood(data: Dataset | nx.Graph, entity_id: str, hops: int = 1) -> set[str]:
    """Ids of the entities at most ``hops`` relations away from ``entity_id``, itself
    included, ignoring direction. KeyError when the entity is not in ``data``."""
    if hops < 0:
        raise ValueError(f"hops must be 0 or more, got {hops}")
    if isinstance(data, Dataset):
        if not any(e.id == entity_id for e in data.entities):
            raise KeyError(entity_id)
        adj: Adjacency = adjacency(data.relations)
    else:
        if entity_id not in data:
            raise KeyError(entity_id)
        adj = graph_adjacency(data)
    return set(hop_distances(adj, entity_id, hops))
