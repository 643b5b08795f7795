"""Label placement shared by the window and the image export. Pure Python: the caller
measures each text box (QFontMetrics, matplotlib's renderer) and gets back where to
draw it, in scene coordinates (y down).

Greedy: labels of higher priority (degree, say) are placed first, each at the first of
eight candidate positions around its node (below, above, right, left, then the
diagonals) that overlaps no placed label and no node; when none is free the label takes
the least-overlapping candidate, or is hidden with ``hide_overlapping=True``. A uniform
grid keeps each test local, so 10 000 labels take well under a second.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # left, top, right, bottom

GAP = 2.0  # scene units between a node's outline and its label
_DIAG = math.sqrt(0.5)


@dataclass(frozen=True)
class LabelRequest:
    """A label to place: the node's centre and radius, the text box size, its rank."""

    id: str
    x: float
    y: float
    radius: float
    width: float
    height: float
    priority: float = 0.0


@dataclass(frozen=True)
class LabelPlacement:
    """Where a label goes: the centre of its text box, and whether it is drawn."""

    id: str
    x: float
    y: float
    width: float
    height: float
    shown: bool
    overlap: float = 0.0  # area shared with labels placed before it and with nodes

    @property
    def box(self) -> Box:
        """(left, top, right, bottom) of the text box."""
        hw, hh = self.width / 2, self.height / 2
        return self.x - hw, self.y - hh, self.x + hw, self.y + hh

    @property
    def top_left(self) -> tuple[float, float]:
        return self.x - self.width / 2, self.y - self.height / 2


class _Grid:
    """Uniform buckets of boxes: the boxes near a query box, without scanning all."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.items: list[tuple[Box, str]] = []

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield i, j

    def add(self, box: Box, owner: str) -> None:
        index = len(self.items)
        self.items.append((box, owner))
        for key in self._keys(box):
            self.cells[key].append(index)

    def near(self, box: Box) -> list[tuple[Box, str]]:
        seen: set[int] = set()
        for key in self._keys(box):
            seen.update(self.cells.get(key, ()))
        return [self.items[i] for i in seen]


def place_labels(
    requests: Sequence[LabelRequest],
    *,
    hide_overlapping: bool = False,
    gap: float = GAP,
) -> dict[str, LabelPlacement]:
    """Place every label, highest priority first (ties keep the given order).

    Labels never cover their own node. With ``hide_overlapping`` a label that cannot
    avoid other labels and nodes is returned with ``shown=False`` and blocks nothing.
    """
    if not requests:
        return {}
    cell = _cell_size(requests)
    nodes = _Grid(cell)
    for r in requests:
        nodes.add((r.x - r.radius, r.y - r.radius, r.x + r.radius, r.y + r.radius), r.id)
    discs = {r.id: r for r in requests}
    labels = _Grid(cell)
    order = sorted(range(len(requests)), key=lambda i: -requests[i].priority)
    placed: dict[str, LabelPlacement] = {}
    for i in order:
        req = requests[i]
        best: LabelPlacement | None = None
        for cx, cy in candidates(req, gap):
            box = _box(cx, cy, req.width, req.height)
            cost = _label_overlap(box, labels) + _node_overlap(box, req.id, nodes, discs)
            if best is None or cost < best.overlap:
                best = LabelPlacement(req.id, cx, cy, req.width, req.height, True, cost)
            if cost == 0.0:
                break
        assert best is not None
        if best.overlap > 0.0 and hide_overlapping:
            best = LabelPlacement(
                req.id, best.x, best.y, req.width, req.height, False, best.overlap
            )
        else:
            labels.add(best.box, req.id)
        placed[req.id] = best
    return placed


def candidates(req: LabelRequest, gap: float = GAP) -> list[tuple[float, float]]:
    """Box centres around the node, in order of preference: below, above, right, left,
    below-right, below-left, above-right, above-left."""
    hw, hh = req.width / 2, req.height / 2
    r = req.radius + gap
    d = req.radius * _DIAG + gap
    x, y = req.x, req.y
    return [
        (x, y + r + hh),
        (x, y - r - hh),
        (x + r + hw, y),
        (x - r - hw, y),
        (x + d + hw, y + d + hh),
        (x - d - hw, y + d + hh),
        (x + d + hw, y - d - hh),
        (x - d - hw, y - d - hh),
    ]


def boxes_overlap(a: Box, b: Box) -> bool:
    """True when two boxes share some area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _cell_size(requests: Sequence[LabelRequest]) -> float:
    sizes = sorted(max(r.width, r.height, 2 * r.radius) for r in requests)
    return max(sizes[len(sizes) // 2], 1e-6)


def _box(cx: float, cy: float, w: float, h: float) -> Box:
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _area(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _label_overlap(box: Box, labels: _Grid) -> float:
    return sum(_area(box, other) for other, _ in labels.near(box))


def _node_overlap(box: Box, own: str, nodes: _Grid, discs: dict[str, LabelRequest]) -> float:
    """Area the box shares with the bounding squares of the discs it really touches."""
    total = 0.0
    for square, owner in nodes.near(box):
        if owner != own and _touches_disc(box, discs[owner]):
            total += _area(box, square)
    return total


def _touches_disc(box: Box, disc: LabelRequest) -> bool:
    nx = min(max(disc.x, box[0]), box[2])
    ny = min(max(disc.y, box[1]), box[3])
    return math.hypot(disc.x - nx, disc.y - ny) < disc.radius
