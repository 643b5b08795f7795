"""The legend of the image export: the entity types (shape and color) and relation
types (color) that the picture shows, stacked at its top right."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.path import Path

from relmap.model.types import Dataset
from relmap.render.draw import darker
from relmap.render.scene import MapScene
from relmap.render.text import LEGEND_FONT_PX, font
from relmap.style import (
    LABEL_COLOR,
    UNSUPPORTED_DASH,
    entity_style,
    relation_style,
    shape_polygon,
)


@dataclass(frozen=True)
class LegendItem:
    label: str
    color: str
    shape: str | None = None  # None: a relation, drawn as a line
    dashed: bool = False


def legend_sections(
    ds: Dataset, scene: MapScene, dashes: bool = True
) -> list[tuple[str, list[LegendItem]]]:
    """Entity and relation types that the picture shows, in the dataset's type order
    (then in order of appearance), and the dashed line when a relation lacks evidence
    (if relations are drawn with ``dashes``: a density image has none)."""
    entity_types = _ordered(list(ds.entity_types), map(_TYPE, scene.entities))
    relations = [*scene.relations, *scene.loops]
    relation_types = _ordered(list(ds.relation_types), map(_TYPE, relations))
    entities = []
    for t in entity_types:
        style = entity_style(ds, t)
        entities.append(LegendItem(style.label, style.color, style.shape))
    links = []
    for t in relation_types:
        rstyle = relation_style(ds, t)
        links.append(LegendItem(rstyle.label, rstyle.color))
    if dashes and not all(map(_SUPPORTED, relations)):
        links.append(LegendItem("No evidence quoted", LABEL_COLOR, dashed=True))
    return [("Entities", entities), ("Relations", links)]


_TYPE, _SUPPORTED = attrgetter("type"), attrgetter("supported")


def _ordered(declared: list[str], used: Iterable[str]) -> list[str]:
    """The used types: declared ones in their order, then the others as they come."""
    present = dict.fromkeys(used)  # in order of first use, made in C
    order = [t for t in declared if t in present]
    return order + [t for t in present if t not in order]


def _handle(item: LegendItem) -> Line2D:
    if item.shape is None:
        line = Line2D([], [], color=item.color, linewidth=2.5)
        if item.dashed:
            line.set_linestyle((0.0, UNSUPPORTED_DASH))
        return line
    polygon = shape_polygon(item.shape, 1.0)
    marker: str | Path = "o" if polygon is None else Path([(x, -y) for x, y in polygon])
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=marker,
        markersize=9,
        markerfacecolor=item.color,
        markeredgecolor=darker(item.color),
    )


class LegendColumn:
    """One legend per non-empty section, stacked from the top; moved into place once
    the map's width is known. Long sections get more columns."""

    def __init__(
        self,
        fig: Figure,
        renderer: RendererBase,
        sections: Sequence[tuple[str, Sequence[LegendItem]]],
        top_px: float,
        bottom_px: float,
    ) -> None:
        self.fig = fig
        self.legends: list[tuple[Legend, float]] = []  # with its top in pixels
        self.width = 0.0  # pixels; 0 when there is nothing to show
        y = top_px
        for title, items in sections:
            if not items:
                continue
            columns = 1
            while True:
                leg = _legend(fig, title, items, columns)
                box = leg.get_window_extent(renderer)
                if box.height <= bottom_px - y or columns >= len(items):
                    break
                leg.remove()
                columns += 1
            self.legends.append((leg, y))
            self.width = max(self.width, box.width)
            y += box.height + 8.0

    def place(self, left_px: float) -> None:
        """Line the legends up with their left edges at ``left_px``."""
        width, height = self.fig.bbox.width, self.fig.bbox.height
        for leg, top in self.legends:
            anchor = (left_px / width, 1.0 - top / height)
            leg.set_bbox_to_anchor(anchor, transform=self.fig.transFigure)


def _legend(fig: Figure, title: str, items: Sequence[LegendItem], columns: int) -> Legend:
    leg = fig.legend(
        [_handle(i) for i in items],
        [i.label for i in items],
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=columns,
        prop=font(LEGEND_FONT_PX),
        title=title,
        title_fontproperties=font(LEGEND_FONT_PX, bold=True),
        alignment="left",
        frameon=False,
        borderaxespad=0.0,
        borderpad=0.0,
        handlelength=1.6,
        labelcolor=LABEL_COLOR,
    )
    leg.get_title().set_color(LABEL_COLOR)
    return leg
