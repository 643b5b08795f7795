"""Entity labels of the map view: measured with Qt, placed by relmap.layout.labels so
that they avoid each other and the nodes, and painted with a halo for legibility.

Labels live in scene units and scale with the map, so one placement holds at every
zoom; it is made when labels first become legible and again after an edit."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
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
    """Label boxes in scene units: ids and an (n, 4) array of left, top, right, bottom."""

    def __init__(self) -> None:
        self.font = label_font()
        self._metrics = QFontMetricsF(self.font)
        # One attribute, replaced whole: a background frame may place labels while the
        # GUI thread reads them.
        self._placed: tuple[list[str], np.ndarray] | None = None

    def invalidate(self) -> None:
        self._placed = None

    def invalidate_scale(self) -> None:
        """Zoom changes nothing: labels scale with the map, so placements stay valid."""

    def legible(self, zoom: float) -> bool:
        return self._metrics.height() * zoom >= MIN_SCREEN_PX

    def boxes(self, view: MapView) -> tuple[list[str], np.ndarray]:
        placed = self._placed
        if placed is None:
            placed = self._placed = self._place(view)
        return placed

    def _place(self, view: MapView) -> tuple[list[str], np.ndarray]:
        layers = view.layers
        if layers is None:
            return [], np.zeros((0, 4))
        shapes: dict[str, str] = {}
        height = self._metrics.height()
        requests = []
        for row, eid in enumerate(layers.node_ids):
            if not view.entity_visible(eid):
                continue
            entity = layers.entities[eid]
            shape = shapes.get(entity.type) or shapes.setdefault(
                entity.type, style.entity_style(layers.ds, entity.type).shape
            )
            x, y = layers.pos[row]
            requests.append(
                LabelRequest(
                    id=eid, x=float(x), y=float(y),
                    radius=node_label_radius(shape, float(layers.rad[row])),
                    width=self._metrics.horizontalAdvance(entity.name) + 2, height=height,
                    priority=float(len(layers.edges_of.get(eid, ()))),
                )
            )  # fmt: skip
        # On small maps names also keep off the relation lines, as in the exported image.
        lines = (
            [
                (a[0], a[1], b[0], b[1])
                for e in layers.edges.values()
                for a, b in pairwise(e.samples)
            ]
            if len(layers.edge_ids) <= AVOID_LINES_MAX
            else ()
        )
        placed = place_labels(requests, hide_overlapping=len(requests) > BIG_MAP, avoid_lines=lines)
        shown = [p for p in placed.values() if p.shown]
        return [p.id for p in shown], np.array([p.box for p in shown], dtype=float).reshape(-1, 4)

    def bounds(
        self, view: MapView, nodes_box: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        _ids, boxes = self.boxes(view)
        x0, y0, x1, y1 = nodes_box
        if len(boxes):
            x0, y0 = min(x0, boxes[:, 0].min()), min(y0, boxes[:, 1].min())
            x1, y1 = max(x1, boxes[:, 2].max()), max(y1, boxes[:, 3].max())
        return float(x0), float(y0), float(x1), float(y1)

    def entity_at(self, x: float, y: float) -> str | None:
        placed = self._placed
        if not placed or not placed[0]:
            return None
        ids, b = placed
        hits = np.nonzero((b[:, 0] <= x) & (x <= b[:, 2]) & (b[:, 1] <= y) & (y <= b[:, 3]))[0]
        return ids[int(hits[0])] if len(hits) else None

    def paint(
        self, painter: QPainter, view: MapView, box, focus: set[str] | None, zoom: float
    ) -> None:
        if view.layers is None or not self.legible(zoom):
            return
        ids, boxes = self.boxes(view)
        x0, y0, x1, y1 = box
        rows = np.nonzero(
            (boxes[:, 2] >= x0) & (boxes[:, 0] <= x1) & (boxes[:, 3] >= y0) & (boxes[:, 1] <= y1)
        )[0]
        ascent = self._metrics.ascent()
        entities = view.layers.entities
        for row in rows.tolist():
            key = ids[row]
            alpha = 1.0
            if (focus is not None and key not in focus) or key in view.dimmed_entities:
                alpha = style.DIMMED_ALPHA
            path = QPainterPath()
            path.addText(float(boxes[row, 0]) + 1, float(boxes[row, 1]) + ascent, self.font,
                         entities[key].name)  # fmt: skip
            halo = QColor(style.BACKGROUND)
            halo.setAlphaF(0.85 * alpha)
            painter.strokePath(path, QPen(halo, 3.5))
            ink = QColor(style.LABEL_COLOR)
            ink.setAlphaF(alpha)
            painter.fillPath(path, ink)
