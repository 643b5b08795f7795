"""Entity labels of the map view: measured with Qt, placed by relmap.layout.labels so
that they avoid each other and the nodes, and painted with a halo for legibility."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from relmap import style
from relmap.layout.labels import LabelRequest, node_label_radius, place_labels

if TYPE_CHECKING:
    from relmap.gui.mapview import MapView

MIN_SCREEN_PX = 5.0  # labels smaller than this on screen are not drawn
BIG_MAP = 2000  # above this many visible entities, labels that collide are hidden
AVOID_LINES_MAX = 2000  # relations; above this, label placement ignores the lines


def label_font() -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(round(style.LABEL_FONT_SIZE * 96 / 72))
    return font


class LabelLayer:
    """Label boxes in scene units, recomputed when nodes move or visibility changes."""

    def __init__(self) -> None:
        self.font = label_font()
        self._metrics = QFontMetricsF(self.font)
        self._boxes: dict[str, QRectF] | None = None

    def invalidate(self) -> None:
        self._boxes = None

    def invalidate_scale(self) -> None:
        """Zoom changes nothing: labels scale with the map, so placements stay valid."""

    def boxes(self, view: MapView) -> dict[str, QRectF]:
        if self._boxes is None:
            self._boxes = self._place(view)
        return self._boxes

    def _place(self, view: MapView) -> dict[str, QRectF]:
        layers = view.layers
        if layers is None:
            return {}
        degree = {nid: len(rids) for nid, rids in layers.edges_of.items()}
        height = self._metrics.height()
        requests = [
            LabelRequest(
                id=node.id,
                x=node.center[0],
                y=node.center[1],
                radius=node_label_radius(node.shape, node.radius),
                width=self._metrics.horizontalAdvance(node.name) + 2,
                height=height,
                priority=float(degree.get(node.id, 0)),
            )
            for node in layers.nodes.values()
            if view.entity_visible(node.id)
        ]
        # On small maps names also keep off the relation lines, as in the exported image.
        lines = (
            [
                (a[0], a[1], b[0], b[1])
                for e in layers.edges.values()
                for a, b in pairwise(e.samples)
            ]
            if len(layers.edges) <= AVOID_LINES_MAX
            else ()
        )
        placed = place_labels(requests, hide_overlapping=len(requests) > BIG_MAP, avoid_lines=lines)
        return {key: QRectF(*p.top_left, p.width, p.height) for key, p in placed.items() if p.shown}

    def bounds(
        self, view: MapView, nodes_box: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = nodes_box
        for box in self.boxes(view).values():
            x0, y0 = min(x0, box.left()), min(y0, box.top())
            x1, y1 = max(x1, box.right()), max(y1, box.bottom())
        return x0, y0, x1, y1

    def entity_at(self, x: float, y: float) -> str | None:
        if not self._boxes:
            return None
        for key, box in self._boxes.items():
            if box.contains(QPointF(x, y)):
                return key
        return None

    def paint(self, painter: QPainter, view: MapView, box, focus: set[str] | None) -> None:
        if view.layers is None or self._metrics.height() * view.zoom < MIN_SCREEN_PX:
            return
        x0, y0, x1, y1 = box
        ascent = self._metrics.ascent()
        for key, rect in self.boxes(view).items():
            if rect.right() < x0 or rect.left() > x1 or rect.bottom() < y0 or rect.top() > y1:
                continue
            alpha = 1.0
            if (focus is not None and key not in focus) or key in view.dimmed_entities:
                alpha = style.DIMMED_ALPHA
            path = QPainterPath()
            path.addText(rect.left() + 1, rect.top() + ascent, self.font,
                         view.layers.nodes[key].name)  # fmt: skip
            halo = QColor(style.BACKGROUND)
            halo.setAlphaF(0.85 * alpha)
            painter.strokePath(path, QPen(halo, 3.5))
            ink = QColor(style.LABEL_COLOR)
            ink.setAlphaF(alpha)
            painter.fillPath(path, ink)
