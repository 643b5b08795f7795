"""The network view: one widget that paints the whole map itself.

No QGraphicsItem or widget per entity: shapes are precomputed in ``Layers`` and a grid
index answers hit tests, so the same design carries to maps of 100,000 entities.
Scene coordinates are y-down; the view transform is a uniform zoom plus an offset.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from relmap import style
from relmap.gui.labels import LabelLayer
from relmap.gui.layers import Layers
from relmap.model.types import Dataset

ZOOM_MIN, ZOOM_MAX = 0.02, 12.0
CLICK_SLOP = 4.0  # pixels a press may move and still count as a click
HIT_SLACK = 4.0  # pixels of tolerance around nodes and edges


class MapView(QWidget):
    """Draws a Layers; reports clicks, hovers and node drags as signals."""

    entityClicked = Signal(str)
    relationClicked = Signal(str)
    backgroundClicked = Signal()
    hoverChanged = Signal(str, str)  # kind ("entity", "relation" or ""), id
    nodeMoved = Signal(str, float, float, float, float)  # id, old x, old y, new x, new y
    zoomChanged = Signal(float)
    contextMenuRequested = Signal(str, str, QPointF, QPoint)  # kind, id, scene, global

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.layers: Layers | None = None
        self.labels = LabelLayer()
        self.zoom = 1.0
        self.offset = QPointF(0, 0)
        self.show_relation_labels = False
        self.selected_entity: str | None = None
        self.selected_relation: str | None = None
        self.highlighted: set[str] = set()  # entity and relation ids on a highlighted path
        self.visible_entities: set[str] | None = None
        self.visible_relations: set[str] | None = None
        self.dimmed_entities: set[str] = set()
        self.dimmed_relations: set[str] = set()
        self._hover: tuple[str, str] = ("", "")
        self._press: QPointF | None = None
        self._drag_node: str | None = None
        self._drag_origin: tuple[float, float] | None = None
        self._panning = False
        self._moved = False
        self._needs_fit = False

    # ----- content -------------------------------------------------------------------
    def set_map(self, ds: Dataset, positions: dict[str, tuple[float, float]]) -> None:
        self.layers = Layers.build(ds, dict(positions))
        self.selected_entity = self.selected_relation = None
        self.highlighted = set()
        self.visible_entities = self.visible_relations = None
        self.dimmed_entities, self.dimmed_relations = set(), set()
        self._hover = ("", "")
        self.labels.invalidate()
        self.fit()

    def reload(
        self,
        ds: Dataset,
        positions: dict[str, tuple[float, float]],
        radii: dict[str, float] | None = None,
        colors: dict[str, QColor] | None = None,
    ) -> None:
        """Rebuild after an edit, keeping zoom, pan, selection and filters."""
        selected = (self.selected_entity, self.selected_relation)
        self.layers = Layers.build(ds, dict(positions), radii, colors)
        self.selected_entity = selected[0] if selected[0] in self.layers.nodes else None
        self.selected_relation = selected[1] if selected[1] in self.layers.edges else None
        self.highlighted &= set(self.layers.nodes) | set(self.layers.edges)
        self._hover = ("", "")
        self.labels.invalidate()
        self.update()

    def positions(self) -> dict[str, tuple[float, float]]:
        return dict(self.layers.positions) if self.layers else {}

    def move_node(self, entity_id: str, x: float, y: float) -> None:
        if self.layers and entity_id in self.layers.nodes:
            self.layers.move_node(entity_id, (x, y))
            self.labels.invalidate()
            self.update()

    def set_visibility(self, entities: set[str] | None, relations: set[str] | None) -> None:
        """Show only these ids (None: everything)."""
        self.visible_entities, self.visible_relations = entities, relations
        self.labels.invalidate()
        self.update()

    def set_dimmed(self, entities: set[str], relations: set[str]) -> None:
        self.dimmed_entities, self.dimmed_relations = entities, relations
        self.update()

    def select(self, kind: str, item_id: str | None) -> None:
        self.selected_entity = item_id if kind == "entity" else None
        self.selected_relation = item_id if kind == "relation" else None
        self.update()

    def set_show_relation_labels(self, on: bool) -> None:
        self.show_relation_labels = on
        self.update()

    def entity_visible(self, eid: str) -> bool:
        return self.visible_entities is None or eid in self.visible_entities

    def relation_visible(self, rid: str) -> bool:
        if self.layers is None:
            return False
        rel = self.layers.edges[rid].relation
        if self.visible_relations is not None and rid not in self.visible_relations:
            return False
        return self.entity_visible(rel.source) and self.entity_visible(rel.target)

    # ----- view transform ---------------------------------------------------------------
    def transform(self) -> QTransform:
        return QTransform(self.zoom, 0, 0, self.zoom, self.offset.x(), self.offset.y())

    def to_scene(self, p: QPointF) -> QPointF:
        return QPointF((p.x() - self.offset.x()) / self.zoom, (p.y() - self.offset.y()) / self.zoom)

    def to_view(self, p: QPointF) -> QPointF:
        return QPointF(p.x() * self.zoom + self.offset.x(), p.y() * self.zoom + self.offset.y())

    def fit(self) -> None:
        """Zoom and centre so that every visible entity and its label is in view."""
        if self.layers is None:
            return
        if self.width() < 50 or self.height() < 50:
            self._needs_fit = True
            return
        self._needs_fit = False
        x0, y0, x1, y1 = self.layers.bounds(self.visible_entities)
        lx0, ly0, lx1, ly1 = self.labels.bounds(self, (x0, y0, x1, y1))
        margin = 24.0
        w, h = max(lx1 - lx0, 1.0), max(ly1 - ly0, 1.0)
        zoom = min((self.width() - 2 * margin) / w, (self.height() - 2 * margin) / h)
        self.zoom = max(ZOOM_MIN, min(1.6, zoom))
        self.center_on((lx0 + lx1) / 2, (ly0 + ly1) / 2)
        self.zoomChanged.emit(self.zoom)

    def center_on(self, x: float, y: float) -> None:
        self.offset = QPointF(self.width() / 2 - x * self.zoom, self.height() / 2 - y * self.zoom)
        self.update()

    def center_on_entity(self, eid: str) -> None:
        if self.layers and eid in self.layers.nodes:
            self.center_on(*self.layers.nodes[eid].center)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        before = self.to_scene(anchor)
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, self.zoom * factor))
        self.offset = QPointF(
            anchor.x() - before.x() * self.zoom, anchor.y() - before.y() * self.zoom
        )
        self.labels.invalidate_scale()
        self.zoomChanged.emit(self.zoom)
        self.update()

    def actual_size(self) -> None:
        self.zoom_by(1.0 / self.zoom)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._needs_fit:
            self.fit()

    # ----- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint_to(painter)
        painter.end()

    def paint_to(self, painter: QPainter, transparent: bool = False) -> None:
        """Draw what the view shows onto any paint device (the widget, an export)."""
        if not transparent:
            painter.fillRect(QRectF(0, 0, self.width(), self.height()), QColor(style.BACKGROUND))
        if self.layers is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(self.transform(), combine=True)
        scene_rect = (
            self.to_scene(QPointF(0, 0)),
            self.to_scene(QPointF(self.width(), self.height())),
        )
        box = (scene_rect[0].x(), scene_rect[0].y(), scene_rect[1].x(), scene_rect[1].y())
        focus = self._focus_set()
        self._paint_edges(painter, box, focus)
        self._paint_nodes(painter, box, focus)
        self.labels.paint(painter, self, box, focus)
        painter.restore()

    def _focus_set(self) -> set[str] | None:
        """Ids kept bright while hovering an entity: it, its neighbours and their relations."""
        kind, hid = self._hover
        if kind != "entity" or self.layers is None:
            return None
        keep = {hid}
        for rid in self.layers.edges_of.get(hid, []):
            if self.relation_visible(rid):
                rel = self.layers.edges[rid].relation
                keep.update((rid, rel.source, rel.target))
        return keep

    def _alpha(self, item_id: str, dimmed: set[str], focus: set[str] | None) -> float:
        if (focus is not None and item_id not in focus) or item_id in dimmed:
            return style.DIMMED_ALPHA
        return 1.0

    def _paint_edges(self, painter: QPainter, box, focus: set[str] | None) -> None:
        assert self.layers is not None
        font = QFont(painter.font())
        font.setPointSizeF(style.EDGE_LABEL_FONT_SIZE)
        for rid in self.layers.edge_index.in_rect(box):
            if not self.relation_visible(rid):
                continue
            edge = self.layers.edges[rid]
            color = QColor(edge.color)
            color.setAlphaF(self._alpha(rid, self.dimmed_relations, focus))
            selected = rid == self.selected_relation or rid in self.highlighted
            width = style.EDGE_WIDTH * (2.4 if selected else 1.0)
            if selected:
                halo = QPen(QColor(style.SELECTION_COLOR), width + 4 / self.zoom)
                halo.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.strokePath(edge.path, halo)
            pen = QPen(color, width)
            if not edge.relation.evidence:
                pen.setDashPattern(list(style.UNSUPPORTED_DASH))
            painter.strokePath(edge.path, pen)
            if edge.arrow is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                painter.drawPolygon(edge.arrow)
            if self.show_relation_labels and self.zoom > 0.35:
                self._paint_edge_label(painter, edge, font, color.alphaF())

    def _paint_edge_label(self, painter: QPainter, edge, font: QFont, alpha: float) -> None:
        text = edge.relation.label or style.relation_style(self.layers.ds, edge.relation.type).label  # type: ignore[union-attr]
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(text)
        painter.save()
        painter.translate(*edge.mid)
        painter.rotate(edge.angle)
        path = QPainterPath()
        path.addText(-width / 2, -3, font, text)
        halo = QColor(style.BACKGROUND)
        halo.setAlphaF(0.9 * alpha)
        painter.strokePath(path, QPen(halo, 3.0))
        ink = QColor("#57606A")
        ink.setAlphaF(alpha)
        painter.fillPath(path, ink)
        painter.restore()

    def _paint_nodes(self, painter: QPainter, box, focus: set[str] | None) -> None:
        assert self.layers is not None
        for nid in self.layers.node_index.in_rect(box):
            if not self.entity_visible(nid):
                continue
            node = self.layers.nodes[nid]
            alpha = self._alpha(nid, self.dimmed_entities, focus)
            fill = QColor(node.color)
            fill.setAlphaF(alpha)
            border = QColor(node.color).darker(150)
            border.setAlphaF(alpha)
            if nid == self.selected_entity or nid in self.highlighted:
                painter.strokePath(node.path, QPen(QColor(style.SELECTION_COLOR), 7.0))
            painter.setPen(QPen(border, 1.5))
            painter.setBrush(fill)
            painter.drawPath(node.path)

    # ----- mouse ---------------------------------------------------------------------
    def hit(self, view_pos: QPointF) -> tuple[str, str]:
        """What is under a point of the widget: ("entity", id), ("relation", id) or ("", "")."""
        if self.layers is None:
            return ("", "")
        p = self.to_scene(view_pos)
        slack = HIT_SLACK / self.zoom
        nid = self.layers.node_at(p.x(), p.y(), slack)
        if nid is not None and self.entity_visible(nid):
            return ("entity", nid)
        label_hit = self.labels.entity_at(p.x(), p.y())
        if label_hit is not None and self.entity_visible(label_hit):
            return ("entity", label_hit)
        rid = self.layers.edge_at(p.x(), p.y(), slack)
        if rid is not None and self.relation_visible(rid):
            return ("relation", rid)
        return ("", "")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._press = event.position()
        self._moved = False
        kind, item = self.hit(event.position())
        if kind == "entity" and self.layers is not None:
            self._drag_node = item
            self._drag_origin = self.layers.positions[item]
        else:
            self._panning = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is not None:
            delta = pos - self._press
            if not self._moved and math.hypot(delta.x(), delta.y()) < CLICK_SLOP:
                return
            self._moved = True
            if self._drag_node is not None:
                p = self.to_scene(pos)
                self.move_node(self._drag_node, p.x(), p.y())
            elif self._panning:
                self.offset += delta
                self._press = pos
                self.update()
            return
        hovered = self.hit(pos)
        if hovered != self._hover:
            self._hover = hovered
            self.hoverChanged.emit(*hovered)
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if hovered[0] else Qt.CursorShape.ArrowCursor
            )
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return super().mouseReleaseEvent(event)
        node, origin = self._drag_node, self._drag_origin
        moved = self._moved
        self._press, self._drag_node, self._drag_origin, self._panning = None, None, None, False
        self.setCursor(Qt.CursorShape.ArrowCursor)
        if moved and node is not None and origin is not None and self.layers is not None:
            new = self.layers.positions[node]
            self.nodeMoved.emit(node, origin[0], origin[1], new[0], new[1])
            return
        if moved:
            return
        kind, item = self.hit(event.position())
        if kind == "entity":
            self.entityClicked.emit(item)
        elif kind == "relation":
            self.relationClicked.emit(item)
        else:
            self.backgroundClicked.emit()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = QPointF(event.pos())
        kind, item = self.hit(pos)
        self.contextMenuRequested.emit(kind, item, self.to_scene(pos), event.globalPos())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        p = self.to_scene(event.position())
        self.center_on(p.x(), p.y())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.2**steps, event.position())

    def leaveEvent(self, event) -> None:
        if self._hover != ("", ""):
            self._hover = ("", "")
            self.hoverChanged.emit("", "")
            self.update()

    def scene_rect_of(self, ids: set[str]) -> QRectF:
        assert self.layers is not None
        x0, y0, x1, y1 = self.layers.bounds(ids)
        return QRectF(x0, y0, x1 - x0, y1 - y0)
