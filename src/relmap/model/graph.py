"""The networkx graph of a Dataset: one node per entity, one keyed edge per relation."""

from __future__ import annotations

import networkx as nx

from relmap.model.types import Dataset


def build_graph(ds: Dataset) -> nx.MultiDiGraph:
    """A MultiDiGraph with entity ids as nodes and relation ids as edge keys.

    Undirected relations are stored once, source to target, with ``directed=False``;
    analyses that ignore direction use ``graph.to_undirected(as_view=True)``.
    """
    graph = nx.MultiDiGraph()
    for e in ds.entities:
        graph.add_node(e.id, name=e.name, type=e.type)
    for r in ds.relations:
        graph.add_edge(r.source, r.target, key=r.id, type=r.type, directed=r.directed)
    return graph
