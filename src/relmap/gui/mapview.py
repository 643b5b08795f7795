"""The network view: one widget that paints the whole map itself.

No QGraphicsItem or widget per entity: shapes are precomputed in ``Layers`` and a grid
index answers hit tests, so the same design carries to maps of 100,000 entities.
Scene coordinates are y-down; the view transform is a uniform zoom plus an offset.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from relmap import style
from relmap.gui import painting
from relmap.gui.labels import LabelLayer
from relmap.gui.layers import Layers
from relmap.model.types import Dataset

# Far enough out for 100,000+ entities to fit in the window; zoom in to 12x.
ZOOM_MIN, ZOOM_MAX = 0.001, 12.0
CLICK_SLOP = 4.0  # pixels a press may move and still count as a click
HIT_SLACK = 4.0  # pixels of tolerance around nodes and edges
SETTLE_MS = 120  # a big map is redrawn in full once the view has been still this long


class Frame(NamedTuple):
    """Where the view looks: zoom, offset (x, y) and size in pixels."""

    zoom: float
    x: float
    y: float
    width: int
    height: int


def _mask(index: dict[str, int], ids: set[str], size: int) -> np.ndarray | None:
    if not ids:
        return None
    mask = np.zeros(size, dtype=bool)
    mask[[index[i] for i in ids if i in index]] = True
    return mask


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
        self.visible_entities: AbstractSet[str] | None = None
        self.visible_relations: AbstractSet[str] | None = None
        self.dimmed_entities: set[str] = set()
        self.dimmed_relations: set[str] = set()
        self._hover: tuple[str, str] = ("", "")
        self._press: QPointF | None = None
        self._drag_node: str | None = None
        self._drag_origin: tuple[float, float] | None = None
        self._panning = False
        self._moved = False
        self._needs_fit = False
        self._node_mask: np.ndarray | None = None
        self._edge_mask: np.ndarray | None = None
        self._node_dim: np.ndarray | None = None
        self._edge_dim: np.ndarray | None = None
        self._cache: tuple[QImage, float, QPointF] | None = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._render_thread: threading.Thread | None = None
        self._render_done: Callable[[], None] = lambda: None
        self._render_poll = QTimer(self)
        self._render_poll.setInterval(30)
        self._render_poll.timeout.connect(self._poll_render)

    # ----- content -------------------------------------------------------------------
    def set_map(self, ds: Dataset, positions: dict[str, tuple[float, float]]) -> None:
        self.layers = Layers.build(ds, dict(positions))
        self.selected_entity = self.selected_relation = None
        self.highlighted = set()
        self.visible_entities = self.visible_relations = None
        self.dimmed_entities, self.dimmed_relations = set(), set()
        self._hover = ("", "")
        self._rebuild_masks()
        self.labels.invalidate()
        self._cache = None
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
        self.highlighted = {
            i for i in self.highlighted if i in self.layers.node_row or i in self.layers.edge_row
        }
        self._hover = ("", "")
        self._rebuild_masks()
        self.labels.invalidate()
        self.invalidate_cache()

    def positions(self) -> dict[str, tuple[float, float]]:
        return self.layers.positions if self.layers else {}

    def move_node(self, entity_id: str, x: float, y: float) -> None:
        if self.layers and entity_id in self.layers.node_row:
            self.layers.move_node(entity_id, (x, y))
            self.labels.invalidate()
            self.invalidate_cache()

    def set_visibility(
        self, entities: AbstractSet[str] | None, relations: AbstractSet[str] | None
    ) -> None:
        """Show only these ids (None: everything)."""
        self.visible_entities, self.visible_relations = entities, relations
        self._rebuild_masks()
        self.labels.invalidate()
        self.invalidate_cache()

    def set_dimmed(self, entities: set[str], relations: set[str]) -> None:
        self.dimmed_entities, self.dimmed_relations = entities, relations
        self._rebuild_masks()
        self.invalidate_cache()

    def _rebuild_masks(self) -> None:
        """Visibility and dimming as boolean arrays over the layers' rows."""
        layers = self.layers
        if layers is None:
            return
        nodes = np.ones(len(layers.node_ids), dtype=bool)
        if self.visible_entities is not None:
            nodes[:] = False
            rows = [layers.node_row[i] for i in self.visible_entities if i in layers.node_row]
            nodes[rows] = True
        edges = nodes[layers.src] & nodes[layers.dst]
        if self.visible_relations is not None:
            allowed = np.zeros(len(layers.edge_ids), dtype=bool)
            allowed[
                [layers.edge_row[i] for i in self.visible_relations if i in layers.edge_row]
            ] = True
            edges &= allowed
        self._node_mask, self._edge_mask = nodes, edges
        self._node_dim = _mask(layers.node_row, self.dimmed_entities, len(layers.node_ids))
        self._edge_dim = _mask(layers.edge_row, self.dimmed_relations, len(layers.edge_ids))

    def select(self, kind: str, item_id: str | None) -> None:
        self.selected_entity = item_id if kind == "entity" else None
        self.selected_relation = item_id if kind == "relation" else None
        self.update()

    def set_show_relation_labels(self, on: bool) -> None:
        self.show_relation_labels = on
        self.invalidate_cache()

    def entity_visible(self, eid: str) -> bool:
        if self.layers is None or self._node_mask is None:
            return self.visible_entities is None or eid in self.visible_entities
        row = self.layers.node_row.get(eid)
        return row is not None and bool(self._node_mask[row])

    def relation_visible(self, rid: str) -> bool:
        if self.layers is None or self._edge_mask is None:
            return False
        row = self.layers.edge_row.get(rid)
        return row is not None and bool(self._edge_mask[row])

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
        nodes_box = self.layers.bounds(self.visible_entities)
        # Label placement of a big map waits until labels are legible (zoomed in).
        lx0, ly0, lx1, ly1 = nodes_box if self.is_big() else self.labels.bounds(self, nodes_box)
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
    def is_big(self) -> bool:
        """Big maps are drawn into a cached image and redrawn when the view settles."""
        layers = self.layers
        return layers is not None and (
            len(layers.edge_ids) > painting.DETAIL_EDGES
            or len(layers.node_ids) > painting.DETAIL_NODES
        )

    def invalidate_cache(self) -> None:
        self._cache = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if not self.is_big():
            self.paint_to(painter)
        else:
            self._paint_cached(painter)
            self._paint_overlay(painter)
        painter.end()

    def _paint_cached(self, painter: QPainter) -> None:
        """The last full frame, moved and scaled to the current view; a fresh one is made
        once the view has been still for a moment (or at once when there is none)."""
        if self._cache is None:
            self._render_cache()
        assert self._cache is not None
        image, zoom, offset = self._cache
        if (
            zoom == self.zoom
            and offset == self.offset
            and image.size() == self.size() * self._dpr()
        ):
            painter.drawImage(0, 0, image)
            return
        painter.fillRect(self.rect(), QColor(style.BACKGROUND))
        factor = self.zoom / zoom
        painter.save()
        painter.translate(self.offset - offset * factor)
        painter.scale(factor / self._dpr(), factor / self._dpr())
        painter.drawImage(0, 0, image)
        painter.restore()
        self._settle.start()

    def _dpr(self) -> float:
        return self.devicePixelRatioF()

    def _frame(self) -> Frame:
        return Frame(self.zoom, self.offset.x(), self.offset.y(), self.width(), self.height())

    def _render_image(self, frame: Frame) -> QImage:
        """A full frame of the map into an image; safe to run in a worker thread, as it
        only reads the layers and masks (which only the GUI thread replaces)."""
        dpr = self._dpr()
        image = QImage(int(frame.width * dpr), int(frame.height * dpr),
                       QImage.Format.Format_ARGB32_Premultiplied)  # fmt: skip
        image.setDevicePixelRatio(dpr)
        painter = QPainter(image)
        self.paint_to(painter, frame=frame)
        painter.end()
        return image

    def _render_cache(self) -> None:
        frame = self._frame()
        self._cache = (self._render_image(frame), frame.zoom, QPointF(frame.x, frame.y))

    def _settled(self) -> None:
        """The view is still: draw a fresh full frame in the background, so that the
        window keeps answering while a large map is drawn."""
        if self._render_thread is not None and self._render_thread.is_alive():
            self._settle.start()  # one at a time; try again when it is done
            return
        frame = self._frame()
        layers = self.layers
        result: list[QImage] = []

        def work() -> None:
            result.append(self._render_image(frame))

        def deliver() -> None:
            if self.layers is layers and result:
                self._cache = (result[0], frame.zoom, QPointF(frame.x, frame.y))
                self.update()

        self._render_thread = threading.Thread(target=work, name="relmap-render", daemon=True)
        self._render_done = deliver
        self._render_thread.start()
        self._render_poll.start()

    def _poll_render(self) -> None:
        if self._render_thread is None or self._render_thread.is_alive():
            return
        self._render_poll.stop()
        self._render_thread = None
        self._render_done()

    def wait_for_render(self) -> None:
        """Block until a background frame is drawn and shown (benchmarks, tests)."""
        if self._render_thread is not None:
            self._render_thread.join()
            self._poll_render()

    def _paint_overlay(self, painter: QPainter) -> None:
        """What changes too often for the cache: the hovered entity's relations, the
        selection and a highlighted path, drawn on top in full detail."""
        layers = self.layers
        if layers is None:
            return
        ids: set[str] = set(self.highlighted)
        kind, hid = self._hover
        if kind == "entity":
            ids.add(hid)
            ids.update(r for r in layers.edges_of.get(hid, [])[:2000] if self.relation_visible(r))
        for item in (self.selected_entity, self.selected_relation):
            if item:
                ids.add(item)
        if not ids:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(self.transform(), combine=True)
        for rid in (i for i in ids if i in layers.edge_row):
            selected = rid == self.selected_relation or rid in self.highlighted
            painting.detailed_edge(painter, layers.edges[rid], 1.0, selected, self.zoom)
        for nid in (i for i in ids if i in layers.node_row):
            node = layers.nodes[nid]
            selected = nid == self.selected_entity or nid in self.highlighted
            painting.detailed_node(painter, node.path, node.color, 1.0, selected)
        painter.restore()

    def paint_to(
        self, painter: QPainter, transparent: bool = False, frame: Frame | None = None
    ) -> None:
        """Draw what the view shows onto any paint device (the widget, an image, an
        export); ``frame`` fixes zoom, offset and size (default: the view's now)."""
        f = frame or self._frame()
        if not transparent:
            painter.fillRect(QRectF(0, 0, f.width, f.height), QColor(style.BACKGROUND))
        if self.layers is None:
            return
        if self._node_mask is None or self._edge_mask is None:
            self._rebuild_masks()
        assert self._node_mask is not None and self._edge_mask is not None
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        base = painter.transform()  # the device's own (an export may scale)
        painter.setTransform(QTransform(f.zoom, 0, 0, f.zoom, f.x, f.y), combine=True)
        box = (-f.x / f.zoom, -f.y / f.zoom, (f.width - f.x) / f.zoom, (f.height - f.y) / f.zoom)
        focus = None if self.is_big() else self._focus_set()
        edge_rows = self.layers.edge_rows_in(box)
        edge_rows = edge_rows[self._edge_mask[edge_rows]]
        node_rows = self.layers.node_rows_in(box)
        node_rows = node_rows[self._node_mask[node_rows]]
        rastered = False
        if len(edge_rows) > painting.RASTER_EDGES and not transparent:
            painter.save()
            painter.setTransform(base)
            rastered = painting.raster_edges(painter, self.layers, edge_rows, self._edge_dim, f)
            painter.restore()
        if rastered:
            pass
        elif len(edge_rows) > painting.DETAIL_EDGES:
            painting.coarse_edges(painter, self.layers, edge_rows, self._edge_dim, f)
        else:
            self._paint_edges(painter, edge_rows, focus, f.zoom)
        if len(node_rows) > painting.DETAIL_NODES:
            painting.coarse_nodes(painter, self.layers, node_rows, self._node_dim, f.zoom)
        else:
            self._paint_nodes(painter, node_rows, focus)
            self.labels.paint(painter, self, box, focus, f.zoom)
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

    def _paint_edges(
        self, painter: QPainter, rows: np.ndarray, focus: set[str] | None, zoom: float
    ) -> None:
        assert self.layers is not None
        font = QFont(painter.font())
        font.setPointSizeF(style.EDGE_LABEL_FONT_SIZE)
        labels = self.show_relation_labels and zoom > 0.35
        for row in rows.tolist():
            rid = self.layers.edge_ids[row]
            edge = self.layers.edges[rid]
            selected = rid == self.selected_relation or rid in self.highlighted
            alpha = self._alpha(rid, self.dimmed_relations, focus)
            color = painting.detailed_edge(painter, edge, alpha, selected, zoom)
            if labels:
                text = (
                    edge.relation.label
                    or style.relation_style(self.layers.ds, edge.relation.type).label
                )
                painting.edge_label(painter, edge, text, font, color.alphaF())

    def _paint_nodes(self, painter: QPainter, rows: np.ndarray, focus: set[str] | None) -> None:
        assert self.layers is not None
        for row in rows.tolist():
            nid = self.layers.node_ids[row]
            node = self.layers.nodes[nid]
            alpha = self._alpha(nid, self.dimmed_entities, focus)
            selected = nid == self.selected_entity or nid in self.highlighted
            painting.detailed_node(painter, node.path, node.color, alpha, selected)

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
            self._drag_origin = self.layers.position(item)
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
            new = self.layers.position(node)
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
