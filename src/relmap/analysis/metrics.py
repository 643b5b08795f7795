"""Who is central in a map: degree, betweenness and eigenvector centrality, and
communities, all on the undirected simple graph (direction and parallel relations
ignored), which is what "connected to" means in a relationship map.
"""

from __future__ import annotations

import math

import networkx as nx

from relmap.model.graph import build_graph
from relmap.model.types import Dataset

Scores = dict[str, float]

# Exact betweenness is O(entities x relations); above this many entities it is
# estimated from this many sampled sources (seeded, so still deterministic).
BETWEENNESS_SAMPLE = 1000

METRIC_TITLES = {
    "relations": "Relations (count)",
    "degree": "Degree centrality",
    "betweenness": "Betweenness centrality",
    "eigenvector": "Eigenvector centrality",
}


def simple_graph(data: Dataset | nx.Graph) -> nx.Graph:
    """The undirected simple graph of a map: one edge per pair of related entities,
    every entity a node, self-relations dropped (they say nothing about centrality)."""
    graph = build_graph(data) if isinstance(data, Dataset) else data
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return simple


def relation_counts(ds: Dataset) -> Scores:
    """Number of relations each entity takes part in (parallel ones counted apart)."""
    counts = dict.fromkeys((e.id for e in ds.entities), 0.0)
    for r in ds.relations:
        counts[r.source] = counts.get(r.source, 0.0) + 1
        if r.target != r.source:
            counts[r.target] = counts.get(r.target, 0.0) + 1
    return counts


def centrality(ds: Dataset, seed: int = 7) -> dict[str, Scores]:
    """Metric name -> entity id -> score, for the metrics in METRIC_TITLES."""
    simple = simple_graph(ds)
    return {
        "relations": relation_counts(ds),
        "degree": nx.degree_centrality(simple) if len(simple) else {},
        "betweenness": betweenness(simple, seed),
        "eigenvector": eigenvector(simple),
    }


def betweenness(simple: nx.Graph, seed: int = 7) -> Scores:
    """Normalized betweenness; sampled (seeded) on graphs above BETWEENNESS_SAMPLE."""
    k = BETWEENNESS_SAMPLE if len(simple) > BETWEENNESS_SAMPLE else None
    return dict(nx.betweenness_centrality(simple, k=k, seed=seed))


def eigenvector(simple: nx.Graph) -> Scores:
    """Eigenvector centrality that never raises.

    On a connected graph this is ``nx.eigenvector_centrality_numpy``. networkx refuses
    disconnected graphs, so each connected component is scored on its own (unit
    length) and scaled by the square root of its share of the entities, so that larger
    parts weigh more and a map without isolated entities still has a unit vector;
    entities without relations score 0.
    """
    scores = dict.fromkeys(simple.nodes, 0.0)
    n = len(simple)
    for component in nx.connected_components(simple):
        if len(component) < 2:
            continue
        sub = simple.subgraph(component)
        weight = math.sqrt(len(component) / n)
        for node, value in _component_eigenvector(sub).items():
            scores[node] = value * weight
    return scores


def _component_eigenvector(sub: nx.Graph) -> Scores:
    if len(sub) <= 2:  # ARPACK needs three nodes; two joined nodes score alike.
        return dict.fromkeys(sub.nodes, 1 / math.sqrt(len(sub)))
    try:
        return dict(nx.eigenvector_centrality_numpy(sub))
    except (nx.NetworkXException, ArithmeticError, ValueError):
        pass
    try:
        return dict(nx.eigenvector_centrality(sub, max_iter=1000, tol=1e-8))
    except nx.NetworkXException:
        # Last resort, still a unit vector: degree is the first power-iteration step.
        norm = math.sqrt(sum(d * d for _, d in sub.degree()))
        return {node: d / norm for node, d in sub.degree()}


def communities(ds: Dataset, seed: int = 7) -> dict[str, int]:
    """Entity id -> community index from seeded Louvain on the simple graph.

    Communities are numbered by size, largest first (ties by smallest member id), so
    the numbering, and with it the colors, stay the same for the same map and seed.
    """
    simple = simple_graph(ds)
    if len(simple) == 0:
        return {}
    found = nx.community.louvain_communities(simple, seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {node: index for index, members in enumerate(ordered) for node in members}


def stats_report(ds: Dataset, top: int = 10, seed: int = 7) -> str:
    """The ``top`` entities by each metric, with names, and the largest communities."""
    names = {e.id: e.name for e in ds.entities}
    if not names:
        return "The map has no entities."
    lines: list[str] = []
    for metric, scores in centrality(ds, seed).items():
        if lines:
            lines.append("")
        lines.append(METRIC_TITLES[metric])
        ranked = sorted(scores.items(), key=lambda item: (-item[1], names.get(item[0], "")))
        for rank, (node, value) in enumerate(ranked[:top], 1):
            shown = f"{value:.0f}" if metric == "relations" else f"{value:.4f}"
            lines.append(f"  {rank:>2}. {shown:>8}  {names.get(node, node)}")
    lines += ["", "Communities (Louvain)"]
    members: dict[int, list[str]] = {}
    for node, index in communities(ds, seed).items():
        members.setdefault(index, []).append(names.get(node, node))
    for index in sorted(members)[:top]:
        listed = ", ".join(sorted(members[index]))
        lines.append(f"  {index + 1:>2}. ({len(members[index])}) {listed}")
    return "\n".join(lines)
