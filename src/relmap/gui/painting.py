"""Painting the map's relations and entities, in two levels of detail.

Up close (a few thousand items in view) every relation is its own antialiased curve with
an arrowhead, every entity its own shape. Far out, relations are straight 1-pixel lines
drawn in one drawLines call per color and entities are round points in one drawPoints
call per color: Qt then does the work in C++, not Python per item."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QLineF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

from relmap import style

if TYPE_CHECKING:
    from relmap.gui.layers import EdgeShape, Layers

DETAIL_EDGES = 3000  # more relations in view than this: lines instead of curves
DETAIL_NODES = 3000  # more entities in view than this: points instead of shapes
COARSE_EDGE_ALPHA = 0.35


def edge_colors(layers: Layers) -> tuple[np.ndarray, list[QColor]]:
    """Per relation, the index of its color in a small palette (one per relation type)."""
    types = [r.type for r in layers.relations]
    code = {kind: i for i, kind in enumerate(dict.fromkeys(types))}
    colors = [QColor(style.relation_style(layers.ds, kind).color) for kind in code]
    index = np.fromiter(map(code.__getitem__, types), dtype=np.int32, count=len(types))
    return index, colors


def node_colors(layers: Layers) -> tuple[np.ndarray, list[QColor]]:
    """Per entity, the index of its color in a small palette (its type's color unless
    the view colors it otherwise, e.g. by community)."""
    palette: dict[str, int] = {}
    colors: list[QColor] = []
    by_type: dict[str, str] = {}
    overrides = layers.colors or {}
    index = np.empty(len(layers.node_ids), dtype=np.int32)
    for i, entity in enumerate(layers.ds.entities):
        color = overrides.get(entity.id)
        if color is not None:
            name = color.name()
        else:
            name = by_type.get(entity.type) or by_type.setdefault(
                entity.type, style.entity_style(layers.ds, entity.type).color
            )
        code = palette.get(name)
        if code is None:
            code = palette[name] = len(colors)
            colors.append(QColor(name))
        index[i] = code
    return index, colors


# Far out, the relations in view can cover the window many times over: 500,000 of them
# at fit span ~190 million pixels (~95 lines a pixel), ~10 s for Qt's rasterizer, and the
# picture is a flat tint of the relation colors. Past this many pixels of line (about 7
# windows' worth at 1920x1080, ~0.5 s) a fixed random share of the relations is drawn
# instead, enough to give the same tint; zooming in draws them all again.
LINE_PIXEL_BUDGET = 15_000_000


def coarse_edges(
    painter: QPainter,
    layers: Layers,
    rows: np.ndarray,
    dim: np.ndarray | None,
    frame: tuple[float, float, float, int, int],
) -> None:
    """Straight lines, one call per color (and per dimmed/plain), no antialiasing."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    rows = thin_lines(layers, rows, frame)
    codes, palette = layers.edge_palette()
    for code, is_dim, sel in _groups(rows, codes, dim):
        alpha = COARSE_EDGE_ALPHA * (style.DIMMED_ALPHA if is_dim else 1.0)
        # An opaque pen pre-blended with the background: Qt's raster engine draws
        # 50,000 long lines ~8x faster opaque than translucent (measured, 1920x1080).
        pen = QPen(blend(palette[int(code)], QColor(style.BACKGROUND), alpha), 0)
        painter.setPen(pen)
        ends = np.hstack([layers.pos[layers.src[sel]], layers.pos[layers.dst[sel]]])
        painter.drawLines([QLineF(*line) for line in ends.tolist()])
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)


def thin_lines(
    layers: Layers, rows: np.ndarray, frame: tuple[float, float, float, int, int]
) -> np.ndarray:
    """``rows`` whose lines, clipped to the frame, cover at most LINE_PIXEL_BUDGET pixels:
    all of them when they fit, else a random share, plus the shortest one of each
    entity with few others around (each relation has a fixed random key, so the share
    drawn stays put while panning and zooming)."""
    zoom, ox, oy, width, height = frame
    a = layers.pos[layers.src[rows]] * zoom + (ox, oy)
    b = layers.pos[layers.dst[rows]] * zoom + (ox, oy)
    total = float(clipped_lengths(a, b, width, height).sum())
    if total <= LINE_PIXEL_BUDGET:
        return rows
    keep = layers.edge_key[rows] < LINE_PIXEL_BUDGET / total
    # Entities with few others around keep their shortest relation, so that none at
    # the sparse edge of the map looks cut off; in the crowd it would not show.
    lonely = _lonely_nodes(layers, frame)
    shortest = layers.shortest_edges()[lonely]
    wanted = np.zeros(len(layers.edge_ids), dtype=bool)
    wanted[shortest[shortest >= 0]] = True
    return rows[keep | wanted[rows]]


LONELY_CELL_PX = 16  # entities alone (or in pairs) in a cell this size are "lonely"


def _lonely_nodes(layers: Layers, frame: tuple[float, float, float, int, int]) -> np.ndarray:
    """Rows of the entities in view with at most one other in their grid cell."""
    zoom, ox, oy, width, height = frame
    cell = np.floor((layers.pos * zoom + (ox, oy)) / LONELY_CELL_PX).astype(np.int64)
    columns, lines = width // LONELY_CELL_PX + 1, height // LONELY_CELL_PX + 1
    inside = (cell[:, 0] >= 0) & (cell[:, 0] < columns) & (cell[:, 1] >= 0) & (cell[:, 1] < lines)
    flat = cell[:, 1] * columns + cell[:, 0]
    crowd = np.bincount(flat[inside], minlength=columns * lines)
    rows = np.flatnonzero(inside)
    return rows[crowd[flat[rows]] <= 2]


def clipped_lengths(a: np.ndarray, b: np.ndarray, width: float, height: float) -> np.ndarray:
    """Length of each segment a-b inside the rectangle (0, 0, width, height): the
    Liang-Barsky parameters, vectorized."""
    d = b - a
    t0, t1 = np.zeros(len(a)), np.ones(len(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        for k, size in ((0, width), (1, height)):
            lo, hi = (0 - a[:, k]) / d[:, k], (size - a[:, k]) / d[:, k]
            near, far = np.minimum(lo, hi), np.maximum(lo, hi)
            flat = d[:, k] == 0
            inside = (a[:, k] >= 0) & (a[:, k] <= size)
            near = np.where(flat, np.where(inside, 0.0, np.inf), near)
            far = np.where(flat, np.where(inside, 1.0, -np.inf), far)
            t0, t1 = np.maximum(t0, near), np.minimum(t1, far)
    return np.clip(t1 - t0, 0, None) * np.hypot(d[:, 0], d[:, 1])


RASTER_EDGES = 20_000  # more relations in view than this: a density image (numpy)
RASTER_SAMPLES = 8_000_000  # points sampled along all lines at most (memory bound)
# numpy spends ~0.2 us a sampled pixel, Qt ~0.03 us a pixel plus ~5 us a line (making its
# QLineF): the density image pays off for short lines only.
RASTER_MEAN_LENGTH = 24


def raster_edges(
    painter: QPainter,
    layers: Layers,
    rows: np.ndarray,
    dim: np.ndarray | None,
    frame: tuple[float, float, float, int, int],
) -> bool:
    """Many relations as a density image made with numpy: each line is sampled about
    once per pixel, and a pixel crossed by k lines gets their mean color at opacity
    1 - (1 - a)^k. 500,000 relations take well under a second, where Qt's drawLines
    took ~7 s; the price is straight, unsmoothed lines, fine at this distance. Returns
    False (drawing nothing) when the lines are long (over RASTER_MEAN_LENGTH pixels on
    average) or too long in total for the sample budget: then drawLines does better."""
    zoom, ox, oy, width, height = frame
    codes, palette = layers.edge_palette()
    rgb = np.array([[c.redF(), c.greenF(), c.blueF()] for c in palette]).reshape(-1, 3)
    a = layers.pos[layers.src[rows]] * zoom + (ox, oy)
    b = layers.pos[layers.dst[rows]] * zoom + (ox, oy)
    length = np.hypot(*(b - a).T)
    count = np.clip(np.ceil(length), 1, 4096).astype(np.int64)
    if count.sum() > min(RASTER_SAMPLES, RASTER_MEAN_LENGTH * len(rows)):
        return False
    edge = np.repeat(np.arange(len(rows)), count)
    step = np.arange(len(edge)) - np.repeat(np.cumsum(count) - count, count)
    t = (step + 0.5) / count[edge]
    x = (a[edge, 0] + t * (b - a)[edge, 0]).astype(np.int64)
    y = (a[edge, 1] + t * (b - a)[edge, 1]).astype(np.int64)
    inside = (x >= 0) & (x < width) & (y >= 0) & (y < height)
    pixel = (y * width + x)[inside]
    weight = np.ones(len(rows)) if dim is None else np.where(dim[rows], style.DIMMED_ALPHA, 1.0)
    weight = weight[edge][inside]
    color = rgb[codes[rows]][edge][inside]
    size = width * height
    hits = np.bincount(pixel, weights=weight, minlength=size)
    lit = np.nonzero(hits)[0]  # only pixels some line crosses need the blend
    sums = np.stack(
        [np.bincount(pixel, weights=weight * color[:, k], minlength=size)[lit] for k in range(3)],
        axis=1,
    )
    mean = sums / hits[lit][:, None]
    alpha = (1 - (1 - COARSE_EDGE_ALPHA) ** hits[lit])[:, None]
    background = QColor(style.BACKGROUND)
    bg = np.array([background.blue(), background.green(), background.red()], dtype=float)
    image = np.empty((size, 4), dtype=np.uint8)
    image[:, 0:3] = bg.astype(np.uint8)
    image[:, 3] = 255
    image[lit, 0:3] = (bg * (1 - alpha) + mean[:, ::-1] * 255 * alpha).round()  # BGRA bytes
    qimage = QImage(image.tobytes(), width, height, width * 4, QImage.Format.Format_RGB32).copy()
    painter.drawImage(0, 0, qimage)  # the caller has set the view's pixel transform
    return True


def _groups(
    rows: np.ndarray, codes: np.ndarray, dim: np.ndarray | None
) -> Iterator[tuple[int, bool, np.ndarray]]:
    """(color code, dimmed?, rows) for each batch that one draw call paints."""
    groups = codes[rows]
    faded = dim[rows] if dim is not None else np.zeros(len(rows), dtype=bool)
    for code in np.unique(groups).tolist():
        for is_dim in (False, True):
            sel = rows[(groups == code) & (faded == is_dim)]
            if len(sel):
                yield code, is_dim, sel


def blend(color: QColor, background: QColor, alpha: float) -> QColor:
    """``color`` at ``alpha`` over ``background``, as one opaque color."""
    return QColor.fromRgbF(
        color.redF() * alpha + background.redF() * (1 - alpha),
        color.greenF() * alpha + background.greenF() * (1 - alpha),
        color.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def coarse_nodes(
    painter: QPainter, layers: Layers, rows: np.ndarray, dim: np.ndarray | None, zoom: float
) -> None:
    """Round points sized like the nodes (at least 2 pixels), one call per color."""
    codes, palette = layers.node_palette()
    size = float(np.clip(np.median(layers.rad[rows]) * 2 * zoom, 2.0, 14.0)) if len(rows) else 2.0
    for code, is_dim, sel in _groups(rows, codes, dim):
        color = QColor(palette[int(code)])
        if is_dim:
            color.setAlphaF(style.DIMMED_ALPHA)
        pen = QPen(color, size)
        pen.setCosmetic(True)
        # Round points cost ~3x square ones in the raster engine; below 5 px the eye
        # cannot tell them apart.
        pen.setCapStyle(Qt.PenCapStyle.RoundCap if size >= 5 else Qt.PenCapStyle.SquareCap)
        painter.setPen(pen)
        points = layers.pos[sel]
        painter.drawPointsNp(points[:, 0].copy(), points[:, 1].copy())


def detailed_edge(
    painter: QPainter, edge: EdgeShape, alpha: float, selected: bool, zoom: float
) -> QColor:
    """One relation as its curve and arrowhead; returns the color used (for its label)."""
    color = QColor(edge.color)
    color.setAlphaF(alpha)
    width = style.EDGE_WIDTH * (2.4 if selected else 1.0)
    if selected:
        halo = QPen(QColor(style.SELECTION_COLOR), width + 4 / zoom)
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
    return color


def edge_label(painter: QPainter, edge: EdgeShape, text: str, font: QFont, alpha: float) -> None:
    width = QFontMetricsF(font).horizontalAdvance(text)
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


def detailed_node(
    painter: QPainter, path: QPainterPath, color: QColor, alpha: float, selected: bool
) -> None:
    fill = QColor(color)
    fill.setAlphaF(alpha)
    border = QColor(color).darker(150)
    border.setAlphaF(alpha)
    if selected:
        painter.strokePath(path, QPen(QColor(style.SELECTION_COLOR), 7.0))
    painter.setPen(QPen(border, 1.5))
    painter.setBrush(fill)
    painter.drawPath(path)
