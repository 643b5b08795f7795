"""The cheaper drawing of big maps (level of detail), as the window does far out.

Above RASTER_EDGES_ABOVE relations, relations are straight lines in one numpy density
image (relmap.render.density) instead of one matplotlib path each: Agg spent over ten
seconds on 500,000 translucent lines, which at that density read as a haze anyway,
whose colors still tell the relation types apart. Above MARKER_NODES_ABOVE entities,
nodes are markers, one Line2D per shape, color and size: Agg renders such a marker
once and stamps it, where a collection renders every node anew; and only the names of
the best-connected entities are candidates for a place. Small maps never get here and
keep their curves, arrowheads and shapes.
"""

from __future__ import annotations

from collections.abc import Collection
from operator import attrgetter

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.path import Path as MarkerPath
from numpy.typing import NDArray

from relmap.layout.labels import LabelPlacement, LabelRequest, node_label_radius
from relmap.model.types import Entity
from relmap.render.density import density_image
from relmap.render.draw import (
    EDGE_ALPHA_LARGE,
    MIN_NODE_RADIUS_PX,
    NODE_BORDER,
    Z_EDGES,
    Z_NODES,
    Frame,
    darker,
)
from relmap.render.scene import MapScene
from relmap.render.text import PT_PER_PX
from relmap.style import EDGE_WIDTH, hex_to_rgb, shape_polygon

RASTER_EDGES_ABOVE = 20_000  # relations, as the window's RASTER_EDGES
MARKER_NODES_ABOVE = 3_000  # entities, as the window's DETAIL_NODES
# One name candidate per so many square pixels of map. A name at its minimum size takes
# about 1,200 with its padding: names cover at most some 40 % of the map, the rest
# shows the relations, and each name drawn costs a few ms (text and halo).
PX2_PER_NAME = 3_000.0
_SIZE_STEP_PX = 0.25  # marker radii are rounded to this, so that few sizes remain
_TYPE = attrgetter("type")


def raster_edges(scene: MapScene) -> bool:
    """Whether the scene's relations are drawn as a density image."""
    return len(scene.relations) > RASTER_EDGES_ABOVE


def node_markers(scene: MapScene) -> bool:
    """Whether the scene's nodes are drawn as markers."""
    return len(scene.entities) > MARKER_NODES_ABOVE


def edge_density(
    scene: MapScene, frame: Frame, pixels: tuple[int, int], scale: float, paper: str | None
) -> NDArray[np.uint8]:
    """The relations as straight lines in one RGBA image of ``pixels`` (width, height):
    the whole picture at ``scale``, over the ``paper`` color (None: transparent). A line
    is as opaque as a thin antialiased line would be, which covers a pixel in part."""
    p1, p2 = scene.ends
    types = list(scene.relation_styles)
    code = {t: i for i, t in enumerate(types)}
    codes = np.fromiter(map(code.__getitem__, map(_TYPE, scene.relations)), np.intp)
    # Types of the same color count as one, so that their lines blend as one color.
    colors = [scene.relation_styles[t].color for t in types]
    codes = np.array([colors.index(c) for c in colors], dtype=np.intp)[codes]
    rgb = np.array([hex_to_rgb(c) for c in colors], dtype=float).reshape(-1, 3) / 255
    line_px = max(EDGE_WIDTH * frame.zoom, 0.4) * scale
    alpha = EDGE_ALPHA_LARGE * min(line_px, 1.0)
    starts, ends = frame.points_px(p1) * scale, frame.points_px(p2) * scale
    under = None if paper is None else np.array(hex_to_rgb(paper), dtype=float) / 255
    return density_image(starts, ends, codes, rgb, pixels, alpha, under)


def draw_density(ax: Axes, image: NDArray[np.uint8], size_px: tuple[int, int]) -> None:
    """The density image under the nodes, over the whole picture (for SVG and PDF; a
    PNG gets it by png.save_png_over, faster than matplotlib's image drawing)."""
    width, height = size_px
    extent = (0.0, float(width), float(height), 0.0)
    ax.imshow(image, extent=extent, interpolation="nearest", aspect="auto", zorder=Z_EDGES)


def draw_node_markers(ax: Axes, scene: MapScene, frame: Frame) -> None:
    """Every node as a marker of its shape, filled with its type's color and outlined in
    a darker shade, one Line2D per shape, color and (rounded) size; bigger nodes last,
    so that hubs stay on top."""
    ids = [e.id for e in scene.entities]
    xy = frame.points_px(np.array(list(map(scene.positions.__getitem__, ids))).reshape(-1, 2))
    for (shape, color), radius, rows in _marker_groups(scene, ids, frame.zoom):
        marker, extent = _marker(shape)
        border = min(NODE_BORDER * frame.zoom, radius * 0.25)
        line = Line2D(
            xy[rows, 0],
            xy[rows, 1],
            linestyle="none",
            marker=marker,
            markersize=2 * radius * extent * PT_PER_PX,
            markerfacecolor=color,
            markeredgecolor=darker(color),
            markeredgewidth=border * PT_PER_PX,
            zorder=Z_NODES,
        )
        ax.add_line(line)


def _marker_groups(
    scene: MapScene, ids: list[str], zoom: float
) -> list[tuple[tuple[str, str], float, NDArray[np.intp]]]:
    """((shape, color), radius in pixels, rows of ``ids``) of each group of nodes drawn
    alike, smallest first; rows keep the scene's order. Grouped with numpy: a Python
    dict of lists costs more than the drawing on 100,000 nodes."""
    radii = np.fromiter(map(scene.radii.__getitem__, ids), float, len(ids)) * zoom
    sizes = np.round(np.maximum(radii, MIN_NODE_RADIUS_PX) / _SIZE_STEP_PX).astype(np.intp)
    looks = list(dict.fromkeys((s.shape, s.color) for s in scene.styles.values()))
    code = {look: i for i, look in enumerate(looks)}
    styles = map(scene.styles.__getitem__, ids)
    look = np.fromiter((code[s.shape, s.color] for s in styles), np.intp, len(ids))
    keys = sizes * len(looks) + look
    order = np.argsort(keys, kind="stable")
    groups = np.split(order, np.flatnonzero(np.diff(keys[order])) + 1) if len(ids) else []
    return [(looks[look[g[0]]], float(sizes[g[0]]) * _SIZE_STEP_PX, g) for g in groups]


def _marker(shape: str) -> tuple[str | MarkerPath, float]:
    """The marker of a node shape, and how far it reaches for a node of radius 1:
    matplotlib scales a path marker to fit its size, circles are "o"."""
    polygon = shape_polygon(shape, 1.0)
    if polygon is None:
        return "o", 1.0
    # Markers are drawn in display space, whose y points up.
    vertices = [(x, -y) for x, y in polygon]
    extent = max(max(abs(x), abs(y)) for x, y in vertices)
    return MarkerPath([*vertices, vertices[0]], closed=True), extent


def name_candidates(scene: MapScene, area_px: float) -> list[Entity] | None:
    """On a big map (nodes drawn as markers), the entities whose names may be shown
    when names that do not fit are hidden: those with most relations, one per
    PX2_PER_NAME of the ``area_px`` square pixels, in the scene's order. None when the
    map is not that big or that is all of them.

    Names are placed best first, so these take the same places as they would among
    all (see node_obstacles); only names of lesser entities that would have filled
    gaps are lost. Placing 100,000 names took seconds per fitting round, a few hundred
    take milliseconds, and fewer names drawn leave the relations' haze in view.
    """
    limit = max(int(area_px / PX2_PER_NAME), 1)
    if not node_markers(scene) or len(scene.entities) <= limit:
        return None
    degree = scene.degree
    rank = sorted(range(len(scene.entities)), key=lambda i: -degree[scene.entities[i].id])
    return [scene.entities[i] for i in sorted(rank[:limit])]


def node_obstacles(scene: MapScene, names: Collection[str]) -> list[LabelRequest]:
    """Requests for the nodes of entities without a name candidate (not in ``names``):
    empty names, placed after all others, that keep the real ones off these nodes."""
    out = []
    for e in scene.entities:
        if e.id not in names:
            x, y = scene.positions[e.id]
            radius = node_label_radius(scene.styles[e.id].shape, scene.radii[e.id])
            out.append(LabelRequest(e.id, x, y, radius, 0.0, 0.0, priority=-1.0))
    return out


def hide_unnamed(
    scene: MapScene, placements: dict[str, LabelPlacement]
) -> dict[str, LabelPlacement]:
    """The placements, with a hidden empty one at the node of each entity that had no
    name candidate."""
    if len(placements) == len(scene.entities):
        return placements
    out = {}
    for e in scene.entities:
        p = placements.get(e.id)
        if p is None:
            x, y = scene.positions[e.id]
            p = LabelPlacement(e.id, x, y, 0.0, 0.0, shown=False)
        out[e.id] = p
    return out
