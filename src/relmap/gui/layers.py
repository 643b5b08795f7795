"""What the map view draws, in scene coordinates, computed once per change rather than
once per frame: node discs and shapes, relation curves with their arrowheads, and the
hit-test index. Qt only for QPainterPath/QPolygonF; no widget code here."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QPolygonF

from relmap import geometry, style
from relmap.model.types import Dataset, Entity, Relation
from relmap.spatial import GridIndex, bounding_box, distance_to_polyline

Point = tuple[float, float]
ARROW_LENGTH = 9.0
ARROW_WIDTH = 7.0
CURVE_SAMPLES = 12


@dataclass
class NodeShape:
    id: str
    name: str
    center: Point
    radius: float
    color: QColor
    shape: str
    path: QPainterPath


@dataclass
class EdgeShape:
    relation: Relation
    color: QColor
    path: QPainterPath
    arrow: QPolygonF | None
    samples: list[Point]
    mid: Point
    angle: float  # of the curve at its middle, degrees, for labels


@dataclass
class Layers:
    """Drawable shapes of one dataset at given positions, with hit-test indexes."""

    ds: Dataset
    positions: dict[str, Point]
    nodes: dict[str, NodeShape] = field(default_factory=dict)
    edges: dict[str, EdgeShape] = field(default_factory=dict)
    bends: dict[str, float] = field(default_factory=dict)
    node_index: GridIndex = field(default_factory=GridIndex)
    edge_index: GridIndex = field(default_factory=GridIndex)
    edges_of: dict[str, list[str]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    radii: dict[str, float] | None = None  # sizes by a metric, instead of by degree
    colors: dict[str, QColor] | None = None  # colors by community, instead of by type

    @classmethod
    def build(
        cls,
        ds: Dataset,
        positions: dict[str, Point],
        radii: dict[str, float] | None = None,
        colors: dict[str, QColor] | None = None,
    ) -> Layers:
        layers = cls(ds, positions, entities=ds.entity_index(), radii=radii, colors=colors)
        layers.bends = geometry.fan_offsets(ds.relations)
        for e in ds.entities:
            layers.edges_of[e.id] = []
        for r in ds.relations:
            layers.edges_of.setdefault(r.source, []).append(r.id)
            if r.target != r.source:
                layers.edges_of.setdefault(r.target, []).append(r.id)
        for e in ds.entities:
            layers._update_node(e.id)
        for r in ds.relations:
            layers._update_edge(r)
        return layers

    def radius(self, entity_id: str) -> float:
        if self.radii is not None and entity_id in self.radii:
            return self.radii[entity_id]
        return style.node_radius(len(self.edges_of.get(entity_id, ())))

    def move_node(self, entity_id: str, pos: Point) -> None:
        """Move one node; its relations follow."""
        self.positions[entity_id] = pos
        self._update_node(entity_id)
        for rid in self.edges_of.get(entity_id, []):
            self._update_edge(self.edges[rid].relation)

    def _update_node(self, entity_id: str) -> None:
        entity = self.entities[entity_id]
        st = style.entity_style(self.ds, entity.type)
        center = self.positions[entity_id]
        radius = self.radius(entity_id)
        color = self.colors.get(entity_id) if self.colors else None
        self.nodes[entity_id] = NodeShape(
            entity_id, entity.name, center, radius, color or QColor(st.color), st.shape,
            node_path(st.shape, center, radius),
        )  # fmt: skip
        x, y = center
        self.node_index.insert(entity_id, (x - radius, y - radius, x + radius, y + radius))

    def _update_edge(self, r: Relation) -> None:
        p1, p2 = self.positions[r.source], self.positions[r.target]
        st = style.relation_style(self.ds, r.type)
        directed = r.directed if st.directed is None else (r.directed and st.directed)
        shape = edge_shape(r, p1, p2, self.bends.get(r.id, 0.0), self.radius(r.target),
                           self.radius(r.source), QColor(st.color), directed)  # fmt: skip
        self.edges[r.id] = shape
        self.edge_index.insert(r.id, bounding_box(shape.samples))

    def node_at(self, x: float, y: float, slack: float) -> str | None:
        """The topmost node within its radius (plus ``slack``) of (x, y)."""
        best, best_d = None, math.inf
        for nid in self.node_index.near(x, y, slack):
            node = self.nodes[nid]
            d = math.hypot(x - node.center[0], y - node.center[1])
            if d <= node.radius + slack and d < best_d:
                best, best_d = nid, d
        return best

    def edge_at(self, x: float, y: float, tolerance: float) -> str | None:
        """The relation whose curve passes closest to (x, y), within ``tolerance``."""
        best, best_d = None, math.inf
        for rid in self.edge_index.near(x, y, tolerance):
            d = distance_to_polyline(x, y, self.edges[rid].samples)
            if d <= tolerance and d < best_d:
                best, best_d = rid, d
        return best

    def bounds(self, ids: set[str] | None = None) -> tuple[float, float, float, float]:
        chosen = [n for n in self.nodes.values() if ids is None or n.id in ids]
        if not chosen:
            return (-100.0, -100.0, 100.0, 100.0)
        return (
            min(n.center[0] - n.radius for n in chosen),
            min(n.center[1] - n.radius for n in chosen),
            max(n.center[0] + n.radius for n in chosen),
            max(n.center[1] + n.radius for n in chosen),
        )


def node_path(shape: str, center: Point, radius: float) -> QPainterPath:
    path = QPainterPath()
    polygon = style.shape_polygon(shape, radius)
    if polygon is None:
        path.addEllipse(QPointF(*center), radius, radius)
        return path
    path.addPolygon(QPolygonF([QPointF(center[0] + x, center[1] + y) for x, y in polygon]))
    path.closeSubpath()
    return path


def edge_shape(
    r: Relation,
    p1: Point,
    p2: Point,
    bend: float,
    target_radius: float,
    source_radius: float,
    color: QColor,
    directed: bool,
) -> EdgeShape:
    """The curve of one relation, trimmed at both node outlines, with its arrowhead."""
    if r.source == r.target:
        return _loop_shape(r, p1, source_radius, bend, color)
    c = geometry.control_point(p1, p2, bend)
    t0 = geometry.trim_t(p1, c, p2, source_radius, at_end=False)
    t1 = geometry.trim_t(p1, c, p2, target_radius + (1.0 if directed else 0.0), at_end=True)
    samples = [geometry.quad_point(p1, c, p2, t0 + (t1 - t0) * i / CURVE_SAMPLES)
               for i in range(CURVE_SAMPLES + 1)]  # fmt: skip
    path = QPainterPath(QPointF(*samples[0]))
    tip = samples[-1]
    tx, ty = geometry.quad_tangent(p1, c, p2, t1)
    norm = math.hypot(tx, ty) or 1.0
    ux, uy = tx / norm, ty / norm
    arrow = None
    end = tip
    if directed:
        base = (tip[0] - ux * ARROW_LENGTH, tip[1] - uy * ARROW_LENGTH)
        arrow = QPolygonF([
            QPointF(*tip),
            QPointF(base[0] - uy * ARROW_WIDTH / 2, base[1] + ux * ARROW_WIDTH / 2),
            QPointF(base[0] + uy * ARROW_WIDTH / 2, base[1] - ux * ARROW_WIDTH / 2),
        ])  # fmt: skip
        end = base
    # The curve stops at the arrow's base so a thick line does not blunt the tip.
    for pt in samples[1:-1]:
        path.lineTo(QPointF(*pt))
    path.lineTo(QPointF(*end))
    mid = geometry.quad_point(p1, c, p2, 0.5)
    mx, my = geometry.quad_tangent(p1, c, p2, 0.5)
    angle = math.degrees(math.atan2(my, mx))
    if angle > 90 or angle < -90:
        angle += 180
    return EdgeShape(r, color, path, arrow, samples, mid, angle)


def _loop_shape(r: Relation, p: Point, radius: float, bend: float, color: QColor) -> EdgeShape:
    size = radius * 1.6 + abs(bend)
    cx, cy = p[0] + radius * 0.7, p[1] - radius * 0.7
    path = QPainterPath()
    path.addEllipse(QPointF(cx + size / 2, cy - size / 2), size / 2, size / 2)
    half = size / 2
    samples = [
        (
            cx + half + half * math.cos(a / 8 * math.tau),
            cy - half + half * math.sin(a / 8 * math.tau),
        )
        for a in range(9)
    ]
    return EdgeShape(r, color, path, None, samples, (cx + size, cy - size), 0.0)
