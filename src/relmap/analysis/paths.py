"""How two entities are connected: every shortest chain of relations between them,
with the evidence for each link, as the window's path view and the command line show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from relmap.analysis.names import find_entities
from relmap.model.graph import build_graph
from relmap.model.types import Dataset, Entity, Relation
from relmap.style import relation_style

MAX_CANDIDATES = 10  # candidates listed when a query is ambiguous


@dataclass(frozen=True)
class Step:
    """One link of a path, from ``source`` to ``target`` in the path's order (not
    necessarily the relations' direction), with every relation joining the two."""

    source: str
    target: str
    relations: tuple[Relation, ...]


Path = list[Step]


def connection_paths(
    ds: Dataset,
    a_id: str,
    b_id: str,
    limit: int = 5,
    graph: nx.MultiDiGraph | None = None,
) -> list[Path]:
    """Up to ``limit`` shortest paths from ``a_id`` to ``b_id``, ignoring direction.

    ``graph`` is ``build_graph(ds)``; pass it to avoid rebuilding it. No path gives [],
    ``a_id == b_id`` one path of no steps; KeyError for an id not in the map.
    """
    if limit < 1:
        raise ValueError(f"limit must be 1 or more, got {limit}")
    g = graph if graph is not None else build_graph(ds)
    for node in (a_id, b_id):
        if node not in g:
            raise KeyError(node)
    undirected = g.to_undirected(as_view=True)
    try:
        node_paths = list(islice(nx.all_shortest_paths(undirected, a_id, b_id), limit))
    except nx.NetworkXNoPath:
        return []
    by_id = {r.id: r for r in ds.relations}
    order = {r.id: i for i, r in enumerate(ds.relations)}
    return [_steps(g, nodes, by_id, order) for nodes in node_paths]


def _steps(
    g: nx.MultiDiGraph, nodes: list[str], by_id: dict[str, Relation], order: dict[str, int]
) -> Path:
    steps: Path = []
    for u, v in pairwise(nodes):
        keys = set(g.get_edge_data(u, v, default={})) | set(g.get_edge_data(v, u, default={}))
        relations = tuple(by_id[k] for k in sorted(keys, key=order.__getitem__))
        steps.append(Step(u, v, relations))
    return steps


def resolve(ds: Dataset, query: str) -> Entity | str:
    """The one entity ``query`` names (id, name or alias), or a message saying why not."""
    matches = find_entities(ds, query)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return f"No entity matches {query!r}."
    listed = ", ".join(f"{e.name} ({e.id})" for e in matches[:MAX_CANDIDATES])
    more = len(matches) - MAX_CANDIDATES
    tail = f", and {more} more" if more > 0 else ""
    return f"{query!r} is ambiguous; {len(matches)} entities match: {listed}{tail}."


def path_report(ds: Dataset, query_a: str, query_b: str, limit: int = 5) -> str:
    """A plain-text listing of the shortest paths between two entities named by id,
    name or alias: each step with each relation's label, type, direction, dates and
    evidence quotes. Says so plainly when a query matches no or several entities."""
    a, b = resolve(ds, query_a), resolve(ds, query_b)
    errors = [x for x in (a, b) if isinstance(x, str)]
    if errors:
        return "\n".join(errors)
    assert isinstance(a, Entity) and isinstance(b, Entity)
    paths = connection_paths(ds, a.id, b.id, limit=limit + 1)
    if not paths:
        return f"No connection between {a.name} and {b.name}."
    if a.id == b.id:
        return f"{a.name} and {b.name} are the same entity."
    names = {e.id: e.name for e in ds.entities}
    sources = {s.id: s.title for s in ds.sources}
    steps = len(paths[0])
    head = (
        f"{a.name} to {b.name}: {_plural(min(len(paths), limit), 'shortest path')} "
        f"of {_plural(steps, 'step')}"
    )
    if len(paths) > limit:
        head += f" (showing the first {limit}; there are more)"
    lines = [head]
    for n, path in enumerate(paths[:limit], 1):
        chain = " — ".join([names[path[0].source], *(names[s.target] for s in path)])
        lines += ["", f"Path {n}: {chain}"]
        for step in path:
            lines.append(f"  {names[step.source]} — {names[step.target]}")
            for r in step.relations:
                lines.extend(_relation_lines(ds, r, names, sources))
    return "\n".join(lines)


def _relation_lines(
    ds: Dataset, r: Relation, names: dict[str, str], sources: dict[str, str]
) -> list[str]:
    type_label = relation_style(ds, r.type).label
    arrow = "→" if r.directed else "—"
    title = r.label or type_label
    lines = [
        f"    • {title} [{type_label}]: {names[r.source]} {arrow} {names[r.target]}{_dates(r)}"
    ]
    for ev in r.evidence:
        lines.append(f"        “{ev.quote}” ({sources.get(ev.source, ev.source)})")
    if not r.evidence:
        lines.append("        no evidence quoted")
    return lines


def _dates(r: Relation) -> str:
    if r.start and r.end:
        return f", {r.start}" if r.start == r.end else f", {r.start} to {r.end}"
    if r.start:
        return f", since {r.start}"
    if r.end:
        return f", until {r.end}"
    return ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
