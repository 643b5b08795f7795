"""PNG, SVG and PDF pictures of a map, drawn headless with matplotlib on an explicit
Figure (no pyplot, no global state beyond a save-time rc_context).

The picture is the window's map: the same scene positions, shapes, sizes, colors, fanned
curves and label placement, scaled uniformly to fit the image. One scene unit becomes
``zoom`` pixels; names never shrink below a legible size, so on big maps they take
more room and only those that fit are shown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from relmap.layout.labels import LabelPlacement, place_labels
from relmap.model.types import Dataset
from relmap.render.draw import (
    Frame,
    draw_edges,
    draw_labels,
    draw_nodes,
    draw_relation_labels,
    label_sizes,
    relation_label_boxes,
)
from relmap.render.legend import LegendColumn, legend_sections
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
    legends = LegendColumn(
        fig, renderer, legend_sections(ds, scene) if legend else [], top, height_px - MARGIN_PX
    )
    right = width_px - MARGIN_PX - (legends.width + LEGEND_GAP_PX if legends.width else 0.0)
    area = (MARGIN_PX, top, max(right, MARGIN_PX + 1.0), height_px - MARGIN_PX)
    measurer = TextMeasurer(renderer, exact=len(scene.entities) <= EXACT_TEXT_UP_TO)
    box, zoom, placements = _fit(scene, measurer, area, show_relation_labels, hide)
    frame = Frame.centred(box, area, zoom)
    # The map and the legend, side by side, are centred together.
    legends.place(frame.to_px(box[2], box[3])[0] + LEGEND_GAP_PX)
    draw_edges(ax, scene, frame)
    draw_nodes(ax, scene, frame)
    draw_labels(ax, scene, frame, placements)
    if show_relation_labels:
        draw_relation_labels(ax, scene, frame)
    for artist in [*ax.collections, *ax.texts]:
        artist.set_clip_on(False)  # the axes are the whole picture; SVGs stay simple
    _save(fig, path, fmt, scale, transparent)
    return ExportResult(
        path,
        round(width_px * scale),
        round(height_px * scale),
        frame,
        {e.id: placements[e.id] for e in scene.entities},
    )


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
    their size in scene units depends on the zoom: shrink until everything fits."""
    base = scene.bounds() if scene.entities else (0.0, 0.0, 0.0, 0.0)
    zoom = _zoom(base, area)
    lines = curve_segments(scene) if len(scene.relations) <= AVOID_LINES_UP_TO else []
    for _ in range(_FIT_ROUNDS):
        sizes = label_sizes(scene, measurer, zoom, roomy=hide)
        requests = label_requests(scene, sizes)
        dots = max(scene.radii.values(), default=0.0) * zoom < LABELS_COVER_NODES_BELOW_PX
        placements = place_labels(
            requests, hide_overlapping=hide, avoid_nodes=not dots, avoid_lines=lines
        )
        others = [p.box for p in placements.values() if p.shown]
        if relation_labels:
            others += relation_label_boxes(scene, measurer, zoom)
        box = _union(base, others)
        fitted = _zoom(box, area)
        if fitted >= zoom * 0.98:
            # Within 2 %, names drawn at their minimum size outgrow their boxes by at most
            # 1 % of their width on each side: less than their padding.
            return box, min(zoom, fitted), placements
        zoom = fitted * 0.995
    return box, zoom, placements


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


def _save(fig: Figure, path: Path, fmt: str, scale: float, transparent: bool) -> None:
    """Text stays text in SVG and PDF (selectable, searchable); output is reproducible."""
    metadata = {
        "png": {"Software": "relmap"},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None},
    }[fmt]
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "relmap"}
    ):
        fig.savefig(
            path, format=fmt, dpi=FIG_DPI * scale, transparent=transparent, metadata=metadata
        )
