"""What the image export draws, in scene units (y down) before it is fitted to pixels:
the visible entities with their styles, sizes and positions, the visible relations with
their curves, and the label requests for place_labels. Sizes follow the window: a node's
radius grows with its number of relations (style.node_radius)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from relmap.geometry import fan_offsets
from relmap.layout.labels import LabelRequest, node_label_radius
from relmap.model.types import Dataset, Entity, Relation
from relmap.render.edges import Curves, curves
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
    """The visible part of a map, ready to draw."""

    entities: list[Entity]
    positions: dict[str, tuple[float, float]]
    styles: dict[str, EntityStyle]
    radii: dict[str, float]  # by entity id
    relations: list[Relation]  # between two different visible entities, fanned
    loops: list[Relation]  # from a visible entity to itself
    curves: Curves
    degree: Counter[str]  # relations of each entity in the whole map, as the window counts
    relation_styles: dict[str, RelationStyle]  # by relation type

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

    def bounds(self) -> Box:
        """Scene box of nodes, curve middles and loops (labels come separately)."""
        xs: list[float] = []
        ys: list[float] = []
        for e in self.entities:
            x, y = self.positions[e.id]
            reach = self.radii[e.id] * outer_extent(self.styles[e.id].shape)
            xs += [x - reach, x + reach]
            ys += [y - reach, y + reach]
        if len(self.curves.middle):
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
    styles = {e.id: entity_style(ds, e.type) for e in entities}
    rstyles = {t: relation_style(ds, t) for t in {r.type for r in relations}}
    degree: Counter[str] = Counter()
    for r in ds.relations:
        degree[r.source] += 1
        if r.target != r.source:
            degree[r.target] += 1
    radii = {e.id: node_radius(degree[e.id]) for e in entities}
    links = [r for r in relations if r.source != r.target]
    loops = [r for r in relations if r.source == r.target]
    drawn = _curves(links, pos, styles, radii, rstyles)
    return MapScene(entities, pos, styles, radii, links, loops, drawn, degree, rstyles)


def _curves(
    relations: list[Relation],
    pos: dict[str, tuple[float, float]],
    styles: dict[str, EntityStyle],
    radii: dict[str, float],
    rstyles: dict[str, RelationStyle],
) -> Curves:
    bends = fan_offsets(relations)
    p1 = np.array([pos[r.source] for r in relations], dtype=float).reshape(-1, 2)
    p2 = np.array([pos[r.target] for r in relations], dtype=float).reshape(-1, 2)
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


def outer_extent(shape: str) -> float:
    """Farthest point of a shape of radius 1 from its centre."""
    polygon = shape_polygon(shape, 1.0)
    return 1.0 if polygon is None else max(math.hypot(x, y) for x, y in polygon)


def label_requests(scene: MapScene, sizes: Mapping[str, tuple[float, float]]) -> list[LabelRequest]:
    """One request per entity name, ranked by the entity's number of relations."""
    out = []
    for e in scene.entities:
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
