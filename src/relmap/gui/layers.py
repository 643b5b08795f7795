"""What the map view draws, in scene coordinates, kept as numpy arrays so that a map of
100,000 entities and 500,000 relations costs arrays, not objects: positions, radii, edge
end points and bounding boxes. The exact shape of a node or a curved relation (a
QPainterPath) is made only when it is drawn up close or hit, and cached.

Hit tests and "what is in this rectangle" are vectorized numpy comparisons: about a
millisecond for 500,000 relations, whatever the zoom."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QPolygonF

from relmap import geometry, style
from relmap.model.types import Dataset, Entity, Relation
from relmap.spatial import BlockIndex, distance_to_polyline

Point = tuple[float, float]
Box = tuple[float, float, float, float]
ARROW_LENGTH = 9.0
ARROW_WIDTH = 7.0
CURVE_SAMPLES = 12
T = TypeVar("T")


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


class _Shapes(Mapping[str, T]):
    """Shapes by id, made on first access (``shape``): a view over the layers' ids."""

    def __init__(self, ids: list[str], rows: dict[str, int], shape: Callable[[str], T]) -> None:
        self.ids, self.rows, self.shape = ids, rows, shape

    def __getitem__(self, key: str) -> T:
        return self.shape(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, key: object) -> bool:
        return key in self.rows


class _EdgesOf(Mapping[str, list[str]]):
    """Relation ids at each entity, from a CSR index built once with numpy (no dict of
    lists for 500,000 relations)."""

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        n = len(layers.node_ids)
        loops = layers.src == layers.dst
        ends = np.concatenate([layers.src, layers.dst[~loops]])
        rows = np.concatenate([np.arange(len(layers.src)), np.nonzero(~loops)[0]])
        order = np.argsort(ends, kind="stable")
        self.rows = rows[order]
        self.start = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))])

    def __getitem__(self, key: str) -> list[str]:
        i = self.layers.node_row[key]
        ids = self.layers.edge_ids
        return [ids[r] for r in np.sort(self.rows[self.start[i] : self.start[i + 1]]).tolist()]

    def __iter__(self) -> Iterator[str]:
        return iter(self.layers.node_ids)

    def __len__(self) -> int:
        return len(self.layers.node_ids)


def fan_bends(node_ids: list[str], src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """relmap.geometry.fan_offsets, vectorized: the same bends for the same relations."""
    m = len(src)
    if m == 0:
        return np.zeros(0)
    # Rank of each id in string order, so "canonical direction" matches fan_offsets.
    rank = np.empty(len(node_ids), dtype=np.int64)
    rank[np.argsort(np.array(node_ids, dtype=object), kind="stable")] = np.arange(len(node_ids))
    a, b = rank[src], rank[dst]
    low, high = np.minimum(a, b), np.maximum(a, b)
    key = low * len(node_ids) + high
    _, group, counts = np.unique(key, return_inverse=True, return_counts=True)
    order = np.argsort(group, kind="stable")
    first_of_group = np.concatenate([[0], np.cumsum(counts)[:-1]])
    position = np.empty(m, dtype=np.int64)
    position[order] = np.arange(m) - first_of_group[group[order]]
    bend = (position - (counts[group] - 1) / 2) * geometry.FAN_STEP
    return np.where(a <= b, bend, -bend)


class Layers:
    """Drawable geometry of one dataset at given positions."""

    def __init__(
        self,
        ds: Dataset,
        positions: dict[str, Point],
        radii: dict[str, float] | None = None,
        colors: dict[str, QColor] | None = None,
    ) -> None:
        self.ds = ds
        self.radii, self.colors = radii, colors
        self.entities: dict[str, Entity] = ds.entity_index()
        self.node_ids = [e.id for e in ds.entities]
        self.node_row = dict(zip(self.node_ids, range(len(self.node_ids)), strict=True))
        self.pos = np.array([positions[eid] for eid in self.node_ids], dtype=float).reshape(-1, 2)
        self.relations = ds.relations
        self.edge_ids = [r.id for r in ds.relations]
        self.edge_row = dict(zip(self.edge_ids, range(len(self.edge_ids)), strict=True))
        self.src = self._rows_of(attrgetter("source"))
        self.dst = self._rows_of(attrgetter("target"))
        self.bend = fan_bends(self.node_ids, self.src, self.dst)
        # A fixed random number per relation: far views that draw a share of the
        # relations keep drawing the same ones (painting.thin_lines).
        self.edge_key = np.random.default_rng(0).random(len(self.edge_ids))
        self.edges_of: Mapping[str, list[str]] = _EdgesOf(self)
        self.degree = np.bincount(
            np.concatenate([self.src, self.dst[self.dst != self.src]]), minlength=len(self.node_ids)
        )
        self.rad = self._radii()
        self.box = np.zeros((len(self.edge_ids), 4))
        self._update_boxes(np.arange(len(self.edge_ids)))
        self.edge_index = BlockIndex(self.box)
        self.node_index = BlockIndex(self._node_boxes(np.arange(len(self.node_ids))))
        self._node_cache: dict[str, NodeShape] = {}
        self._edge_cache: dict[str, EdgeShape] = {}
        self.version = 0  # bumped on every move, so views know their caches are stale
        self._edge_palette: tuple[np.ndarray, list[QColor]] | None = None
        self._node_palette: tuple[np.ndarray, list[QColor]] | None = None
        self._shortest: tuple[int, np.ndarray] | None = None
        self.nodes: Mapping[str, NodeShape] = _Shapes(self.node_ids, self.node_row, self.node_shape)
        self.edges: Mapping[str, EdgeShape] = _Shapes(self.edge_ids, self.edge_row, self.edge_shape)

    @classmethod
    def build(
        cls,
        ds: Dataset,
        positions: dict[str, Point],
        radii: dict[str, float] | None = None,
        colors: dict[str, QColor] | None = None,
    ) -> Layers:
        return cls(ds, positions, radii, colors)

    # ----- geometry -------------------------------------------------------------------
    def _rows_of(self, end: Callable[[Relation], str]) -> np.ndarray:
        rows = map(self.node_row.__getitem__, map(end, self.relations))
        return np.fromiter(rows, dtype=np.int64, count=len(self.relations))

    def _radii(self) -> np.ndarray:
        """Node radii by number of relations (computed once per distinct degree), or
        as the view's size-by setting says."""
        degrees, inverse = np.unique(self.degree, return_inverse=True)
        by_degree = np.array([style.node_radius(int(d)) for d in degrees], dtype=float)
        rad = by_degree[inverse].reshape(-1) if len(degrees) else np.zeros(0)
        for eid, r in (self.radii or {}).items():
            row = self.node_row.get(eid)
            if row is not None:
                rad[row] = r
        return rad

    def radius(self, entity_id: str) -> float:
        return float(self.rad[self.node_row[entity_id]])

    @property
    def positions(self) -> dict[str, Point]:
        return {
            eid: (float(x), float(y)) for eid, (x, y) in zip(self.node_ids, self.pos, strict=True)
        }

    def position(self, entity_id: str) -> Point:
        x, y = self.pos[self.node_row[entity_id]]
        return float(x), float(y)

    def _update_boxes(self, rows: np.ndarray) -> None:
        """Bounding boxes of relation curves: the hull of the ends and the control point."""
        if len(rows) == 0:
            return
        p1, p2 = self.pos[self.src[rows]], self.pos[self.dst[rows]]
        d = p2 - p1
        length = np.hypot(d[:, 0], d[:, 1])
        length[length == 0] = 1.0
        normal = np.stack([-d[:, 1] / length, d[:, 0] / length], axis=1)
        c = (p1 + p2) / 2 + normal * (2 * self.bend[rows])[:, None]
        stacked = np.stack([p1, p2, c])
        self.box[rows, 0:2] = stacked.min(axis=0)
        self.box[rows, 2:4] = stacked.max(axis=0)
        loops = rows[self.src[rows] == self.dst[rows]]
        if len(loops):
            r = self.rad[self.src[loops]] * 3 + np.abs(self.bend[loops])
            self.box[loops, 2] += r
            self.box[loops, 1] -= r

    def _node_boxes(self, rows: np.ndarray) -> np.ndarray:
        p, r = self.pos[rows], self.rad[rows][:, None]
        return np.hstack([p - r, p + r])

    def move_node(self, entity_id: str, pos: Point) -> None:
        """Move one node; its relations follow."""
        row = self.node_row[entity_id]
        self.pos[row] = pos
        self.node_index.update(np.array([row]), self._node_boxes(np.array([row])))
        self._node_cache.pop(entity_id, None)
        rids = self.edges_of.get(entity_id, [])
        for rid in rids:
            self._edge_cache.pop(rid, None)
        rows = np.array([self.edge_row[r] for r in rids], dtype=np.int64)
        self._update_boxes(rows)
        self.edge_index.update(rows, self.box[rows])
        self.version += 1

    def node_shape(self, entity_id: str) -> NodeShape:
        cached = self._node_cache.get(entity_id)
        if cached is not None:
            return cached
        entity = self.entities[entity_id]
        st = style.entity_style(self.ds, entity.type)
        center = self.position(entity_id)
        radius = self.radius(entity_id)
        color = self.colors.get(entity_id) if self.colors else None
        shape = NodeShape(entity_id, entity.name, center, radius, color or QColor(st.color),
                          st.shape, node_path(st.shape, center, radius))  # fmt: skip
        self._node_cache[entity_id] = shape
        return shape

    def node_color(self, entity_id: str) -> str:
        color = self.colors.get(entity_id) if self.colors else None
        return (
            color.name()
            if color
            else style.entity_style(self.ds, self.entities[entity_id].type).color
        )

    def edge_shape(self, relation_id: str) -> EdgeShape:
        cached = self._edge_cache.get(relation_id)
        if cached is not None:
            return cached
        row = self.edge_row[relation_id]
        r = self.relations[row]
        st = style.relation_style(self.ds, r.type)
        directed = r.directed if st.directed is None else (r.directed and st.directed)
        p1, p2 = self.position(r.source), self.position(r.target)
        shape = edge_shape(r, p1, p2, float(self.bend[row]), self.radius(r.target),
                           self.radius(r.source), QColor(st.color), directed)  # fmt: skip
        self._edge_cache[relation_id] = shape
        return shape

    def shortest_edges(self) -> np.ndarray:
        """Per entity, the row of its shortest relation (-1: it has none)."""
        if self._shortest is None or self._shortest[0] != self.version:
            d = self.pos[self.dst] - self.pos[self.src]
            length = np.tile(np.hypot(d[:, 0], d[:, 1]), 2)
            ends = np.concatenate([self.src, self.dst])
            rows = np.tile(np.arange(len(self.src)), 2)
            order = np.argsort(length)[::-1]
            # Assigning longest first, each entity's slot ends up with its shortest.
            shortest = np.full(len(self.node_ids), -1, dtype=np.int64)
            shortest[ends[order]] = rows[order]
            self._shortest = (self.version, shortest)
        return self._shortest[1]

    def edge_palette(self) -> tuple[np.ndarray, list[QColor]]:
        if self._edge_palette is None:
            from relmap.gui.painting import edge_colors

            self._edge_palette = edge_colors(self)
        return self._edge_palette

    def node_palette(self) -> tuple[np.ndarray, list[QColor]]:
        if self._node_palette is None:
            from relmap.gui.painting import node_colors

            self._node_palette = node_colors(self)
        return self._node_palette

    # ----- queries ------------------------------------------------------------------------
    def node_rows_in(self, box: Box, margin: float = 0.0) -> np.ndarray:
        x0, y0, x1, y1 = box
        return np.sort(self.node_index.query((x0 - margin, y0 - margin, x1 + margin, y1 + margin)))

    def edge_rows_in(self, box: Box) -> np.ndarray:
        """Rows of the relations whose curves may cross ``box``, in file order."""
        return np.sort(self.edge_index.query(box))

    def node_at(self, x: float, y: float, slack: float) -> str | None:
        """The nearest node within its radius (plus ``slack``) of (x, y)."""
        rows = self.node_index.query((x - slack, y - slack, x + slack, y + slack))
        if len(rows) == 0:
            return None
        d = np.hypot(self.pos[rows, 0] - x, self.pos[rows, 1] - y) - self.rad[rows]
        best = int(np.argmin(d))
        return self.node_ids[int(rows[best])] if d[best] <= slack else None

    def edge_at(self, x: float, y: float, tolerance: float) -> str | None:
        """The relation whose curve passes closest to (x, y), within ``tolerance``."""
        rows = self.edge_rows_in((x - tolerance, y - tolerance, x + tolerance, y + tolerance))
        if len(rows) > 64:
            # Many candidates (zoomed far out): keep those whose chord passes near.
            rows = rows[_chord_distance(self.pos[self.src[rows]], self.pos[self.dst[rows]], x, y)
                        <= tolerance + np.abs(self.bend[rows]) * 2][:64]  # fmt: skip
        best, best_d = None, math.inf
        for row in rows:
            rid = self.edge_ids[int(row)]
            d = distance_to_polyline(x, y, self.edge_shape(rid).samples)
            if d <= tolerance and d < best_d:
                best, best_d = rid, d
        return best

    def bounds(self, ids: AbstractSet[str] | None = None) -> Box:
        if ids is None:
            rows = np.arange(len(self.node_ids))
        else:
            rows = np.array([self.node_row[i] for i in ids if i in self.node_row], dtype=np.int64)
        if len(rows) == 0:
            return (-100.0, -100.0, 100.0, 100.0)
        p, r = self.pos[rows], self.rad[rows]
        return (
            float((p[:, 0] - r).min()),
            float((p[:, 1] - r).min()),
            float((p[:, 0] + r).max()),
            float((p[:, 1] + r).max()),
        )


def _chord_distance(a: np.ndarray, b: np.ndarray, x: float, y: float) -> np.ndarray:
    d = b - a
    length2 = (d**2).sum(axis=1)
    length2[length2 == 0] = 1.0
    t = np.clip(((x - a[:, 0]) * d[:, 0] + (y - a[:, 1]) * d[:, 1]) / length2, 0.0, 1.0)
    return np.hypot(a[:, 0] + t * d[:, 0] - x, a[:, 1] + t * d[:, 1] - y)


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
