"""What the image export draws, in scene units (y down) before it is fitted to pixels:
the visible entities with their styles, sizes and positions, the visible relations with
their curves, and the label requests for place_labels. Sizes follow the window: a node's
radius grows with its number of relations (style.node_radius)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import attrgetter

import numpy as np

from relmap.geometry import fan_offsets
from relmap.layout.labels import LabelRequest, node_label_radius
from relmap.model.types import Dataset, Entity, Relation
from relmap.render.edges import Array, Curves, curves
from relmap.style import (
    EntityStyle,
    RelationStyle,
    entity_style,
    node_radius,
    relation_style,
    shape_polygon,
)

Box = tuple[float, float, float, float]
TIP_GAP = 1.0  # scene units between an arrowhead's tip and the node, as in the window


@dataclass
class MapScene:
    """The visible part of a map, ready to draw. Its curves are worked out only when
    asked for: big maps draw their relations as straight lines and never need them."""

    entities: list[Entity]
    positions: dict[str, tuple[float, float]]
    styles: dict[str, EntityStyle]
    radii: dict[str, float]  # by entity id
    relations: list[Relation]  # between two different visible entities, fanned
    loops: list[Relation]  # from a visible entity to itself
    degree: Counter[str]  # relations of each entity in the whole map, as the window counts
    relation_styles: dict[str, RelationStyle]  # by relation type

    @cached_property
    def curves(self) -> Curves:
        """The fanned, trimmed curve of each relation, with its arrowhead."""
        p1, p2 = self.ends
        return _curves(self.relations, p1, p2, self.styles, self.radii, self.relation_styles)

    @cached_property
    def ends(self) -> tuple[Array, Array]:
        """Source and target centres of each relation, (n, 2) each, in scene units."""
        row = {e.id: i for i, e in enumerate(self.entities)}
        xy = np.array([self.positions[e.id] for e in self.entities], dtype=float).reshape(-1, 2)
        n = len(self.relations)
        # map() chains run in C: twice as fast as generators over 500,000 relations.
        src = map(row.__getitem__, map(_SOURCE, self.relations))
        dst = map(row.__getitem__, map(_TARGET, self.relations))
        return xy[np.fromiter(src, np.intp, n)], xy[np.fromiter(dst, np.intp, n)]

    def loop_circles(self) -> list[tuple[Relation, float, float, float]]:
        """(relation, centre x, centre y, radius) of each self-loop: a circle off the
        node's upper right, bigger for each further loop (the window's loops)."""
        bends = fan_offsets(self.loops)
        out = []
        for r in self.loops:
            x, y = self.positions[r.source]
            radius = self.radii[r.source]
            size = radius * 1.6 + abs(bends[r.id])
            out.append((r, x + radius * 0.7 + size / 2, y - radius * 0.7 - size / 2, size / 2))
        return out

    def bounds(self, curved: bool = True) -> Box:
        """Scene box of nodes, curve middles and loops (labels come separately). Drawn
        ``curved=False``, relations are straight lines and stay within the nodes' box."""
        xy = np.array([self.positions[e.id] for e in self.entities], dtype=float)
        reach = np.array(
            [self.radii[e.id] * outer_extent(self.styles[e.id].shape) for e in self.entities]
        )
        xs = [float((xy[:, 0] - reach).min()), float((xy[:, 0] + reach).max())]
        ys = [float((xy[:, 1] - reach).min()), float((xy[:, 1] + reach).max())]
        if curved and len(self.curves.middle):
            lo, hi = self.curves.middle.min(axis=0), self.curves.middle.max(axis=0)
            xs += [float(lo[0]), float(hi[0])]
            ys += [float(lo[1]), float(hi[1])]
        for _, cx, cy, size in self.loop_circles():
            xs += [cx - size, cx + size]
            ys += [cy - size, cy + size]
        return min(xs), min(ys), max(xs), max(ys)


def build_scene(
    ds: Dataset,
    positions: Mapping[str, tuple[float, float]],
    visible_entities: Collection[str] | None = None,
    visible_relations: Collection[str] | None = None,
) -> MapScene:
    """The entities that are visible and have a position, and the visible relations
    between them."""
    entities = [
        e
        for e in ds.entities
        if e.id in positions and (visible_entities is None or e.id in visible_entities)
    ]
    shown = {e.id for e in entities}
    relations = [
        r
        for r in ds.relations
        if r.source in shown
        and r.target in shown
        and (visible_relations is None or r.id in visible_relations)
    ]
    pos = {e.id: (float(positions[e.id][0]), float(positions[e.id][1])) for e in entities}
    type_styles = {t: entity_style(ds, t) for t in {e.type for e in entities}}
    styles = {e.id: type_styles[e.type] for e in entities}
    rstyles = {t: relation_style(ds, t) for t in {r.type for r in relations}}
    degree = _degrees(ds.relations)
    radius = {d: node_radius(d) for d in {degree[e.id] for e in entities}}
    radii = {e.id: radius[degree[e.id]] for e in entities}
    links = [r for r in relations if r.source != r.target]
    loops = [r for r in relations if r.source == r.target]
    return MapScene(entities, pos, styles, radii, links, loops, degree, rstyles)


_SOURCE, _TARGET = attrgetter("source"), attrgetter("target")


def _degrees(relations: list[Relation]) -> Counter[str]:
    """Relations of each entity, a self-loop counted once. Counting runs in C
    (Counter over map): a few times faster than a loop over a big map's relations."""
    sources = list(map(_SOURCE, relations))
    targets = list(map(_TARGET, relations))
    degree = Counter(sources)
    degree.update(targets)
    degree.subtract(s for s, t in zip(sources, targets, strict=True) if s == t)
    return degree


def _curves(
    relations: list[Relation],
    p1: Array,
    p2: Array,
    styles: dict[str, EntityStyle],
    radii: dict[str, float],
    rstyles: dict[str, RelationStyle],
) -> Curves:
    bends = fan_offsets(relations)
    # A relation type may declare all its relations undirected.
    directed = np.array(
        [r.directed and rstyles[r.type].directed is not False for r in relations], dtype=bool
    )
    outlines = (
        [styles[r.source].shape for r in relations],
        np.array([radii[r.source] for r in relations], dtype=float),
        [styles[r.target].shape for r in relations],
        np.array([radii[r.target] for r in relations], dtype=float) + TIP_GAP * directed,
    )
    bend = np.array([bends[r.id] for r in relations], dtype=float)
    return curves(p1, p2, bend, outlines, directed)


@lru_cache(maxsize=32)
def outer_extent(shape: str) -> float:
    """Farthest point of a shape of radius 1 from its centre."""
    polygon = shape_polygon(shape, 1.0)
    return 1.0 if polygon is None else max(math.hypot(x, y) for x, y in polygon)


def label_requests(
    scene: MapScene,
    sizes: Mapping[str, tuple[float, float]],
    entities: Iterable[Entity] | None = None,
) -> list[LabelRequest]:
    """One request per entity name (of ``entities``, by default all, in the scene's
    order), ranked by the entity's number of relations."""
    out = []
    for e in scene.entities if entities is None else entities:
        x, y = scene.positions[e.id]
        w, h = sizes[e.id]
        radius = node_label_radius(scene.styles[e.id].shape, scene.radii[e.id])
        out.append(LabelRequest(e.id, x, y, radius, w, h, float(scene.degree[e.id])))
    return out


def curve_segments(scene: MapScene, pieces: int = 8) -> list[tuple[float, float, float, float]]:
    """The relation curves as straight pieces, for labels to keep off."""
    points = scene.curves.sample(pieces + 1)
    starts = points[:, :-1].reshape(-1, 2).tolist()
    ends = points[:, 1:].reshape(-1, 2).tolist()
    return [(a[0], a[1], b[0], b[1]) for a, b in zip(starts, ends, strict=True)]
