"""Colors, shapes and sizes of entity and relation types, shared by the window and the
image export so that both draw the same map. No Qt and no matplotlib here: colors are
``#RRGGBB`` strings, sizes are in scene units (1 unit = 1 px at 100 % zoom).
"""

from __future__ import annotations

import colorsys
import hashlib
import math
from dataclasses import dataclass

from relmap.model.types import Dataset

NODE_SIZE = 26.0  # diameter of a node of the default size
NODE_SIZE_RANGE = (18.0, 56.0)  # when sized by a metric
EDGE_WIDTH = 1.6
LABEL_FONT_SIZE = 10.0  # points, at 100 % zoom
EDGE_LABEL_FONT_SIZE = 7.5
UNSUPPORTED_DASH = (5.0, 4.0)  # a relation without evidence is dashed
BACKGROUND = "#FFFFFF"
LABEL_COLOR = "#1F2328"
DIMMED_ALPHA = 0.15
SELECTION_COLOR = "#FFB000"
HIGHLIGHT_COLOR = "#0969DA"


def node_radius(degree: int) -> float:
    """Radius of an entity's node: hubs are drawn larger so the eye finds them first."""
    return NODE_SIZE / 2 * min(2.0, 1.0 + 0.12 * math.sqrt(max(degree, 0)))


@dataclass(frozen=True)
class EntityStyle:
    label: str
    color: str
    shape: str


@dataclass(frozen=True)
class RelationStyle:
    label: str
    color: str
    directed: bool | None


BUILTIN_ENTITY_STYLES: dict[str, EntityStyle] = {
    "person": EntityStyle("Person", "#E15759", "circle"),
    "country": EntityStyle("Country", "#4E79A7", "hexagon"),
    "institution": EntityStyle("Institution", "#F28E2B", "square"),
    "organization": EntityStyle("Organization", "#59A14F", "diamond"),
    "place": EntityStyle("Place", "#76B7B2", "triangle"),
    "event": EntityStyle("Event", "#B07AA1", "diamond"),
}

BUILTIN_RELATION_COLORS: dict[str, str] = {
    "president_of": "#B2182B",
    "holds_office": "#B2182B",
    "family": "#C51B7D",
    "parent_of": "#C51B7D",
    "diplomacy": "#35978F",
    "studied_at": "#1B7837",
    "served_in": "#E08214",
}

_SHAPES_CYCLE = ("circle", "square", "diamond", "triangle", "hexagon")


def stable_color(name: str) -> str:
    """A distinct, stable, mid-saturation color for a type nobody styled."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    hue = int.from_bytes(digest[:2], "big") / 65535.0
    r, g, b = colorsys.hls_to_rgb(hue, 0.48, 0.55)
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def humanize(type_name: str) -> str:
    """'holds_office' -> 'Holds office'."""
    text = type_name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else type_name


def entity_style(ds: Dataset, type_name: str) -> EntityStyle:
    """The dataset's style for an entity type, falling back field by field to built-ins."""
    builtin = BUILTIN_ENTITY_STYLES.get(type_name)
    digest = hashlib.sha1(type_name.encode("utf-8")).digest()
    fallback = builtin or EntityStyle(
        humanize(type_name), stable_color(type_name), _SHAPES_CYCLE[digest[2] % 5]
    )
    own = ds.entity_types.get(type_name)
    if own is None:
        return fallback
    return EntityStyle(
        own.label or fallback.label, own.color or fallback.color, own.shape or fallback.shape
    )


def relation_style(ds: Dataset, type_name: str) -> RelationStyle:
    own = ds.relation_types.get(type_name)
    color = BUILTIN_RELATION_COLORS.get(type_name) or stable_color(type_name)
    if own is None:
        return RelationStyle(humanize(type_name), color, None)
    return RelationStyle(own.label or humanize(type_name), own.color or color, own.directed)


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """'#1F77B4' -> (31, 119, 180)."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def shape_polygon(shape: str, radius: float) -> list[tuple[float, float]] | None:
    """Vertices of a node shape centred on the origin (y down), or None for a circle.

    Polygons are scaled to look the same size as a circle of ``radius``.
    """
    if shape == "square":
        r = radius * 0.89
        return [(-r, -r), (r, -r), (r, r), (-r, r)]
    if shape == "diamond":
        r = radius * 1.2
        return [(0, -r), (r, 0), (0, r), (-r, 0)]
    if shape == "triangle":
        r = radius * 1.3
        return [(0, -r), (r * 0.866, r * 0.5), (-r * 0.866, r * 0.5)]
    if shape == "hexagon":
        r = radius * 1.07
        return [(r * 0.5, -r * 0.866), (r, 0), (r * 0.5, r * 0.866),
                (-r * 0.5, r * 0.866), (-r, 0), (-r * 0.5, -r * 0.866)]  # fmt: skip
    return None
