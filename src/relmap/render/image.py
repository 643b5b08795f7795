"""PNG, SVG and PDF pictures of a map, drawn headless with matplotlib on an explicit
Figure (no pyplot, no global state beyond a save-time rc_context and the garbage
collector paused during an export).

The picture is the window's map: the same scene positions, shapes, sizes, colors, fanned
curves and label placement, scaled uniformly to fit the image. One scene unit becomes
``zoom`` pixels; names never shrink below a legible size, so on big maps they take
more room and only those that fit are shown. Big maps are drawn more cheaply, as the
window draws them far out: relations as a density image, nodes as markers, names of
the best-connected entities only (relmap.render.coarse).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import NDArray

from relmap.gcpause import gc_paused
from relmap.layout.labels import LabelPlacement, place_labels
from relmap.model.types import Dataset, Entity
from relmap.render.coarse import (
    draw_density,
    draw_node_markers,
    edge_density,
    hide_unnamed,
    name_candidates,
    node_markers,
    node_obstacles,
    raster_edges,
)
from relmap.render.draw import (
    Frame,
    draw_edges,
    draw_labels,
    draw_loops,
    draw_nodes,
    draw_relation_labels,
    label_sizes,
    relation_label_boxes,
)
from relmap.render.legend import LegendColumn, legend_sections
from relmap.render.png import save_png_over
from relmap.render.scene import MapScene, build_scene, curve_segments, label_requests
from relmap.render.text import FIG_DPI, TextMeasurer, font
from relmap.style import BACKGROUND, LABEL_COLOR

Box = tuple[float, float, float, float]

FORMATS = ("png", "svg", "pdf")
MARGIN_PX = 24.0
LEGEND_GAP_PX = 24.0
TITLE_PX = 22.0
MAX_ZOOM = 2.0  # a map of three entities should not fill the picture with three discs
HIDE_LABELS_ABOVE = 500  # entities; bigger maps show only the names that fit
EXACT_TEXT_UP_TO = 2000  # entities; bigger maps estimate text widths from characters
AVOID_LINES_UP_TO = 5000  # relations; on bigger maps names may cross relations
LABELS_COVER_NODES_BELOW_PX = 3.0  # node radius: names may hide such dots, not bigger nodes
_FIT_ROUNDS = 10
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": "relmap"},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None},
}


@dataclass
class ExportResult:
    """What export_image drew: the file, its pixel size, the scale from scene units to
    pixels (at scale 1) and the label placements in scene units."""

    path: Path
    width_px: int
    height_px: int
    frame: Frame
    labels: dict[str, LabelPlacement]  # by entity id

    def label_box_px(self, entity_id: str) -> Box:
        """The entity's label box in image pixels at scale 1, y down."""
        left, top, right, bottom = self.labels[entity_id].box
        x0, y0 = self.frame.to_px(left, top)
        x1, y1 = self.frame.to_px(right, bottom)
        return x0, y0, x1, y1


# Drawing makes many short-lived objects, and each burst of them set off passes over
# all live ones: on a big map, a million relations and entities, a tenth of the time.
@gc_paused()
def export_image(
    ds: Dataset,
    positions: Mapping[str, tuple[float, float]],
    out_path: str | Path,
    *,
    width_px: int = 1920,
    height_px: int = 1080,
    scale: float = 1,
    transparent: bool = False,
    legend: bool = True,
    show_relation_labels: bool = False,
    title: str | None = None,
    visible_entities: Collection[str] | None = None,
    visible_relations: Collection[str] | None = None,
    hide_overlapping_labels: bool | None = None,
) -> ExportResult:
    """Write the map as PNG, SVG or PDF, chosen by the file extension.

    ``positions`` are scene coordinates (y down) by entity id; entities without one are
    left out. A PNG is ``width_px`` x ``height_px`` pixels times ``scale`` (which adds
    detail, not room). Names that would overlap are hidden when
    ``hide_overlapping_labels`` is true, which by default it is for maps of more than
    HIDE_LABELS_ABOVE entities.
    """
    path = Path(out_path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"cannot export {path.name}: use .png, .svg or .pdf")
    if width_px <= 0 or height_px <= 0 or scale <= 0:
        raise ValueError("image width, height and scale must be positive")
    scene = build_scene(ds, positions, visible_entities, visible_relations)
    hide = hide_overlapping_labels
    if hide is None:
        hide = len(scene.entities) > HIDE_LABELS_ABOVE
    fig = Figure(figsize=(width_px / FIG_DPI, height_px / FIG_DPI), dpi=FIG_DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.patch.set_facecolor("none" if transparent else BACKGROUND)
    ax = _full_axes(fig, width_px, height_px)
    top = _title(fig, title)
    sections = legend_sections(ds, scene, dashes=not raster_edges(scene)) if legend else []
    legends = LegendColumn(fig, renderer, sections, top, height_px - MARGIN_PX)
    right = width_px - MARGIN_PX - (legends.width + LEGEND_GAP_PX if legends.width else 0.0)
    area = (MARGIN_PX, top, max(right, MARGIN_PX + 1.0), height_px - MARGIN_PX)
    measurer = TextMeasurer(renderer, exact=len(scene.entities) <= EXACT_TEXT_UP_TO)
    box, zoom, placements = _fit(scene, measurer, area, show_relation_labels, hide)
    frame = Frame.centred(box, area, zoom)
    # The map and the legend, side by side, are centred together.
    legends.place(frame.to_px(box[2], box[3])[0] + LEGEND_GAP_PX)
    paper = None if transparent or fmt != "png" else BACKGROUND
    size = (width_px, height_px, scale)
    density = _draw_map(ax, scene, frame, size, paper, fmt != "png")
    draw_labels(ax, scene, frame, placements)
    if show_relation_labels:
        draw_relation_labels(ax, scene, frame)
    for artist in [*ax.collections, *ax.lines, *ax.images, *ax.texts]:
        artist.set_clip_on(False)  # the axes are the whole picture; SVGs stay simple
    _save(fig, path, fmt, scale, transparent, density)
    return ExportResult(
        path,
        round(width_px * scale),
        round(height_px * scale),
        frame,
        {e.id: placements[e.id] for e in scene.entities},
    )


def _draw_map(
    ax: Axes,
    scene: MapScene,
    frame: Frame,
    size: tuple[int, int, float],
    paper: str | None,
    vector: bool,
) -> NDArray[np.uint8] | None:
    """Relations, then nodes: in full on small maps, more cheaply on big ones (level of
    detail, relmap.render.coarse). Returns the relations' density image (over the
    ``paper`` color, if any) when they are drawn as one: a PNG lays the figure over it
    as it is saved, ``vector`` formats get it as an image in the figure."""
    density = None
    if raster_edges(scene):
        width_px, height_px, scale = size
        pixels = (round(width_px * scale), round(height_px * scale))
        density = edge_density(scene, frame, pixels, scale, paper)
        if vector:
            draw_density(ax, density, (width_px, height_px))
        draw_loops(ax, scene, frame)
    else:
        draw_edges(ax, scene, frame)
    if node_markers(scene):
        draw_node_markers(ax, scene, frame)
    else:
        draw_nodes(ax, scene, frame)
    return density


def _full_axes(fig: Figure, width_px: int, height_px: int) -> Axes:
    """Axes over the whole figure whose data units are pixels, y down like the scene."""
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(0, width_px)
    ax.set_ylim(height_px, 0)
    return ax


def _title(fig: Figure, title: str | None) -> float:
    """Draw the title, if any, at the top centre; returns where the map may start."""
    if not title:
        return MARGIN_PX
    fig.text(
        0.5,
        1 - MARGIN_PX / fig.bbox.height,
        title,
        ha="center",
        va="top",
        color=LABEL_COLOR,
        fontproperties=font(TITLE_PX, bold=True),
        parse_math=False,
    )
    return MARGIN_PX + TITLE_PX * 1.8


def _fit(
    scene: MapScene,
    measurer: TextMeasurer,
    area: Box,
    relation_labels: bool,
    hide: bool,
) -> tuple[Box, float, dict[str, LabelPlacement]]:
    """The largest zoom at which the map and its shown labels fit the area, with their
    scene box and the label placement at that zoom. Names keep a minimum pixel size, so
    their size in scene units depends on the zoom: shrink until everything fits.

    On big maps only the names that could fit are candidates (coarse.name_candidates);
    the others are hidden."""
    base = scene.bounds(curved=not raster_edges(scene)) if scene.entities else (0.0,) * 4
    zoom = _zoom(base, area)
    lines = curve_segments(scene) if len(scene.relations) <= AVOID_LINES_UP_TO else []
    named = name_candidates(scene, (area[2] - area[0]) * (area[3] - area[1])) if hide else None
    for _ in range(_FIT_ROUNDS):
        placements = _place_names(scene, measurer, zoom, hide, lines, named)
        others = [p.box for p in placements.values() if p.shown]
        if relation_labels:
            others += relation_label_boxes(scene, measurer, zoom)
        box = _union(base, others)
        fitted = _zoom(box, area)
        if fitted >= zoom * 0.98:
            # Within 2 %, names drawn at their minimum size outgrow their boxes by at most
            # 1 % of their width on each side: less than their padding.
            return box, min(zoom, fitted), hide_unnamed(scene, placements)
        zoom = fitted * 0.995
    return box, zoom, hide_unnamed(scene, placements)


def _place_names(
    scene: MapScene,
    measurer: TextMeasurer,
    zoom: float,
    hide: bool,
    lines: list[tuple[float, float, float, float]],
    named: list[Entity] | None,
) -> dict[str, LabelPlacement]:
    """Placements of the names (of ``named`` only, when given) at ``zoom``."""
    sizes = label_sizes(scene, measurer, zoom, roomy=hide, entities=named)
    requests = label_requests(scene, sizes, named)
    dots = max(scene.radii.values(), default=0.0) * zoom < LABELS_COVER_NODES_BELOW_PX
    if named is not None and not dots:
        requests += node_obstacles(scene, sizes)
    placements = place_labels(
        requests, hide_overlapping=hide, avoid_nodes=not dots, avoid_lines=lines
    )
    return placements if named is None else {i: placements[i] for i in sizes}


def _zoom(box: Box, area: Box) -> float:
    width, height = box[2] - box[0], box[3] - box[1]
    room_w, room_h = area[2] - area[0], area[3] - area[1]
    return min(
        room_w / width if width > 0 else MAX_ZOOM,
        room_h / height if height > 0 else MAX_ZOOM,
        MAX_ZOOM,
    )


def _union(box: Box, others: list[Box]) -> Box:
    return (
        min([box[0], *(b[0] for b in others)]),
        min([box[1], *(b[1] for b in others)]),
        max([box[2], *(b[2] for b in others)]),
        max([box[3], *(b[3] for b in others)]),
    )


def _save(
    fig: Figure,
    path: Path,
    fmt: str,
    scale: float,
    transparent: bool,
    density: NDArray[np.uint8] | None = None,
) -> None:
    """Text stays text in SVG and PDF (selectable, searchable); output is reproducible.
    A PNG of a map whose relations are a ``density`` image is laid over it."""
    metadata = _METADATA[fmt]
    if density is not None and fmt == "png":
        save_png_over(fig, path, density, FIG_DPI * scale, metadata)
        return
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "relmap"}
    ):
        fig.savefig(
            path, format=fmt, dpi=FIG_DPI * scale, transparent=transparent, metadata=metadata
        )
