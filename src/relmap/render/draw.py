"""Drawing a fitted MapScene on pixel axes, as the window paints it: relations under
nodes under names, nodes outlined in a darker shade of their color, relation labels
along the middle of their curves."""

from __future__ import annotations

import colorsys
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import (
    CircleCollection,
    LineCollection,
    PatchCollection,
    PathCollection,
    PolyCollection,
)
from matplotlib.patches import Circle
from matplotlib.path import Path

from relmap.layout.labels import LabelPlacement
from relmap.model.types import Entity, Relation
from relmap.render.edges import ARROW_LENGTH, Array
from relmap.render.scene import MapScene
from relmap.render.text import PT_PER_PX, SCENE_PX_PER_PT, TextMeasurer, draw_text
from relmap.style import (
    EDGE_LABEL_FONT_SIZE,
    EDGE_WIDTH,
    LABEL_COLOR,
    LABEL_FONT_SIZE,
    UNSUPPORTED_DASH,
    hex_to_rgb,
    shape_polygon,
)

Box = tuple[float, float, float, float]

MIN_LABEL_PX = 11.0  # names stay legible however far the map is zoomed out
MIN_RELATION_LABEL_PX = 9.5
RELATION_LABELS_FROM_ZOOM = 0.35  # as in the window: below, they would be a blur
RELATION_LABEL_COLOR = "#57606A"
RELATION_LABEL_LIFT = 3.0  # scene units between a curve and its label's baseline
LABEL_PAD_PX = (4.0, 1.0)  # room beside and above/below a name: names never run together
ROOMY_LABEL_PAD_PX = (10.0, 4.0)  # when names that do not fit are hidden anyway
NODE_BORDER = 1.5  # scene units
MIN_NODE_RADIUS_PX = 1.5
MIN_ARROW_PX = 3.0  # smaller arrowheads are noise and are left out
CURVES_AS_POLYLINES_ABOVE = 2000  # relations; bigger maps draw sampled polylines
EDGE_ALPHA_LARGE = 0.35  # thousands of opaque lines would be one solid blot
# Drawing order, bottom to top, as the window paints: relation labels with relations.
Z_EDGES, Z_RELATION_LABELS, Z_NODES, Z_NAMES = 1, 2, 3, 4


@dataclass(frozen=True)
class Frame:
    """Scene units to image pixels (scale 1): pixel = scene * zoom + offset."""

    zoom: float
    dx: float
    dy: float

    @staticmethod
    def centred(box: Box, area: Box, zoom: float) -> Frame:
        """The frame that shows the scene ``box`` at ``zoom``, centred in ``area``."""
        dx = (area[0] + area[2]) / 2 - (box[0] + box[2]) / 2 * zoom
        dy = (area[1] + area[3]) / 2 - (box[1] + box[3]) / 2 * zoom
        return Frame(zoom, dx, dy)

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        return x * self.zoom + self.dx, y * self.zoom + self.dy

    def points_px(self, points: Array) -> Array:
        """Any array whose last axis is (x, y), in pixels."""
        result: Array = points * self.zoom + np.array([self.dx, self.dy])
        return result


def label_px(zoom: float) -> float:
    return max(LABEL_FONT_SIZE * SCENE_PX_PER_PT * zoom, MIN_LABEL_PX)


def relation_label_px(zoom: float) -> float:
    return max(EDGE_LABEL_FONT_SIZE * SCENE_PX_PER_PT * zoom, MIN_RELATION_LABEL_PX)


def relation_text(scene: MapScene, r: Relation) -> str:
    """A relation's own label, or its type's."""
    return r.label or scene.relation_styles[r.type].label


def label_sizes(
    scene: MapScene,
    measurer: TextMeasurer,
    zoom: float,
    roomy: bool = False,
    entities: Iterable[Entity] | None = None,
) -> dict[str, tuple[float, float]]:
    """Name box sizes in scene units at ``zoom``, by entity id (of ``entities``, by
    default all); ``roomy`` boxes keep more space between names."""
    pad_x, pad_y = ROOMY_LABEL_PAD_PX if roomy else LABEL_PAD_PX
    px = label_px(zoom)
    height = (measurer.line_height(px) + 2 * pad_y) / zoom
    named = scene.entities if entities is None else entities
    return {e.id: ((measurer.width(e.name, px) + 2 * pad_x) / zoom, height) for e in named}


def relation_label_boxes(scene: MapScene, measurer: TextMeasurer, zoom: float) -> list[Box]:
    """Scene boxes that hold each relation label at any angle, for fitting the picture."""
    if zoom <= RELATION_LABELS_FROM_ZOOM:
        return []
    px = relation_label_px(zoom)
    boxes = []
    for r, (mx, my) in zip(scene.relations, scene.curves.middle.tolist(), strict=True):
        reach = (measurer.width(relation_text(scene, r), px) / 2 + px * 1.5) / zoom
        boxes.append((mx - reach, my - reach, mx + reach, my + reach))
    return boxes


@lru_cache(maxsize=256)  # a few colors, asked for once per node
def darker(color: str, factor: float = 1.5) -> str:
    """QColor.darker(150): the same hue with its HSV value divided by ``factor``."""
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in hex_to_rgb(color)))
    r, g, b = colorsys.hsv_to_rgb(h, s, v / factor)
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def draw_edges(ax: Axes, scene: MapScene, frame: Frame) -> None:
    """One collection per relation style (color, dashed), then arrowheads and loops.
    Big maps get sampled polylines (LineCollection), small ones true Bezier curves."""
    large = len(scene.relations) > CURVES_AS_POLYLINES_ABOVE
    width, alpha = edge_style(scene, frame)
    groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, r in enumerate(scene.relations):
        groups[(scene.relation_styles[r.type].color, not r.supported)].append(i)
    c = scene.curves
    q0, q1, q2 = frame.points_px(c.q0), frame.points_px(c.q1), frame.points_px(c.q2)
    polylines = frame.points_px(c.sample(8)) if large else None
    for (color, dashed), rows in groups.items():
        # Dashes are in line widths, in matplotlib as in Qt.
        common: dict[str, Any] = {
            "linewidths": width,
            "alpha": alpha,
            "zorder": Z_EDGES,
            "linestyles": (0, UNSUPPORTED_DASH) if dashed else "solid",
        }
        if polylines is not None:
            ax.add_collection(LineCollection(list(polylines[rows]), colors=color, **common))
        else:
            codes = [Path.MOVETO, Path.CURVE3, Path.CURVE3]
            paths = [Path([q0[i], q1[i], q2[i]], codes) for i in rows]
            collection = PathCollection(paths, edgecolors=color, facecolors="none", **common)
            ax.add_collection(collection)
    _draw_arrowheads(ax, scene, frame, alpha)
    draw_loops(ax, scene, frame)


def _draw_arrowheads(ax: Axes, scene: MapScene, frame: Frame, alpha: float) -> None:
    if ARROW_LENGTH * frame.zoom < MIN_ARROW_PX:
        return
    arrows = scene.curves.arrows
    rows = np.flatnonzero(~np.isnan(arrows[:, 0, 0]))
    if len(rows):
        colors = [scene.relation_styles[scene.relations[i].type].color for i in rows]
        triangles = frame.points_px(arrows[rows])
        collection = PolyCollection(
            list(triangles), facecolors=colors, edgecolors="none", alpha=alpha, zorder=Z_EDGES
        )
        ax.add_collection(collection)


def edge_style(scene: MapScene, frame: Frame) -> tuple[float, float]:
    """Line width (points) and opacity of relations: big maps get translucent ones."""
    large = len(scene.relations) > CURVES_AS_POLYLINES_ABOVE
    width = max(EDGE_WIDTH * frame.zoom, 0.4) * PT_PER_PX
    return width, EDGE_ALPHA_LARGE if large else 1.0


def draw_loops(ax: Axes, scene: MapScene, frame: Frame) -> None:
    """Self-loops as circles off their nodes."""
    width, alpha = edge_style(scene, frame)
    loops = scene.loop_circles()
    if loops:
        patches = [Circle(frame.to_px(x, y), size * frame.zoom) for _, x, y, size in loops]
        colors = [scene.relation_styles[r.type].color for r, *_ in loops]
        collection = PatchCollection(
            patches,
            facecolors="none",
            edgecolors=colors,
            linewidths=width,
            alpha=alpha,
            zorder=Z_EDGES,
        )
        ax.add_collection(collection)


def draw_nodes(ax: Axes, scene: MapScene, frame: Frame) -> None:
    """One collection per node shape, filled with the type's color and outlined in a
    darker shade of it."""
    by_shape: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(scene.entities):
        by_shape[scene.styles[e.id].shape].append(i)
    for shape, rows in by_shape.items():
        entities = [scene.entities[i] for i in rows]
        centres = frame.points_px(np.array([scene.positions[e.id] for e in entities]))
        radii = np.maximum([scene.radii[e.id] * frame.zoom for e in entities], MIN_NODE_RADIUS_PX)
        colors = [scene.styles[e.id].color for e in entities]
        common: dict[str, Any] = {
            "facecolors": colors,
            "edgecolors": [darker(c) for c in colors],
            "linewidths": np.minimum(NODE_BORDER * frame.zoom, radii * 0.25) * PT_PER_PX,
            "zorder": Z_NODES,
        }
        unit = shape_polygon(shape, 1.0)
        if unit is None:  # sizes are areas in points squared
            areas = math.pi * (radii * PT_PER_PX) ** 2
            circles = CircleCollection(
                areas, offsets=centres, offset_transform=ax.transData, **common
            )
            ax.add_collection(circles)
        else:
            polygon = np.asarray(unit, dtype=float)[None, :, :]
            verts = centres[:, None, :] + polygon * radii[:, None, None]
            ax.add_collection(PolyCollection(list(verts), **common))


def draw_labels(
    ax: Axes, scene: MapScene, frame: Frame, placements: Mapping[str, LabelPlacement]
) -> None:
    """Names at the centres of their placed boxes."""
    px = label_px(frame.zoom)
    for e in scene.entities:
        p = placements[e.id]
        if p.shown:
            draw_text(ax, *frame.to_px(p.x, p.y), e.name, px, LABEL_COLOR, zorder=Z_NAMES)


def draw_relation_labels(ax: Axes, scene: MapScene, frame: Frame) -> None:
    """Each relation's label just above the middle of its curve, along it."""
    if frame.zoom <= RELATION_LABELS_FROM_ZOOM:
        return
    px = relation_label_px(frame.zoom)
    for i, r in enumerate(scene.relations):
        (x1, y1), (x2, y2) = scene.positions[r.source], scene.positions[r.target]
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))  # y down, as the tangent at 0.5
        if angle > 90 or angle < -90:
            angle += 180 if angle < 0 else -180
        up = (math.sin(math.radians(angle)), -math.cos(math.radians(angle)))
        mx, my = scene.curves.middle[i]
        x, y = mx + up[0] * RELATION_LABEL_LIFT, my + up[1] * RELATION_LABEL_LIFT
        text = relation_text(scene, r)
        where = frame.to_px(x, y)
        draw_text(ax, *where, text, px, RELATION_LABEL_COLOR, Z_RELATION_LABELS, "baseline", -angle)
