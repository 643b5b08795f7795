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
from dataclasses import dataclass, replace
from functools import lru_cache

from relmap.style import shape_polygon

Box = tuple[float, float, float, float]  # left, top, right, bottom
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1

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
    lines_crossed: int = 0  # how many of the lines to avoid cross the box

    @property
    def box(self) -> Box:
        """(left, top, right, bottom) of the text box."""
        hw, hh = self.width / 2, self.height / 2
        return self.x - hw, self.y - hh, self.x + hw, self.y + hh

    @property
    def top_left(self) -> tuple[float, float]:
        return self.x - self.width / 2, self.y - self.height / 2


class _Grid:
    """Uniform buckets of boxes: the boxes near a query box, without scanning all. A box
    is filed in every cell it covers; queries are lazy so that callers can stop early."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.items: list[tuple[Box, str]] = []

    def _span(self, box: Box) -> tuple[range, range]:
        c = self.cell
        return (
            range(math.floor(box[0] / c), math.floor(box[2] / c) + 1),
            range(math.floor(box[1] / c), math.floor(box[3] / c) + 1),
        )

    def add(self, box: Box, owner: str) -> None:
        index = len(self.items)
        self.items.append((box, owner))
        columns, rows = self._span(box)
        for i in columns:
            for j in rows:
                self.cells[i, j].append(index)

    def near(self, box: Box) -> Iterator[tuple[Box, str]]:
        """Each box filed in a cell that ``box`` covers, once."""
        seen: set[int] = set()
        columns, rows = self._span(box)
        for i in columns:
            for j in rows:
                for index in self.cells.get((i, j), ()):
                    if index not in seen:
                        seen.add(index)
                        yield self.items[index]


class _Discs:
    """Node discs filed by their centres: a query grown by the largest radius meets each
    disc once, with no bookkeeping (the hot path of big maps)."""

    def __init__(self, requests: Sequence[LabelRequest], cell: float) -> None:
        self.cell = cell
        self.reach = max((r.radius for r in requests), default=0.0)
        self.cells: dict[tuple[int, int], list[LabelRequest]] = defaultdict(list)
        for r in requests:
            self.cells[math.floor(r.x / cell), math.floor(r.y / cell)].append(r)

    def overlap(self, box: Box, own: str, limit: float) -> float:
        """Area the box shares with the bounding squares of the discs it really touches
        (its own node's aside); stops once past ``limit``."""
        c, g = self.cell, self.reach
        total = 0.0
        for i in range(math.floor((box[0] - g) / c), math.floor((box[2] + g) / c) + 1):
            for j in range(math.floor((box[1] - g) / c), math.floor((box[3] + g) / c) + 1):
                for d in self.cells.get((i, j), ()):
                    if d.id != own and _touches_disc(box, d):
                        r = d.radius
                        total += _area(box, (d.x - r, d.y - r, d.x + r, d.y + r))
                        if total > limit:
                            return total
        return total


def place_labels(
    requests: Sequence[LabelRequest],
    *,
    hide_overlapping: bool = False,
    avoid_nodes: bool = True,
    avoid_lines: Sequence[Segment] = (),
    gap: float = GAP,
) -> dict[str, LabelPlacement]:
    """Place every label, highest priority first (ties keep the given order).

    Each label takes its first candidate that overlaps no placed label and no node;
    among those, the one crossing fewest of ``avoid_lines`` (the relations, as short
    straight pieces) wins. Labels never cover their own node. With ``hide_overlapping``
    a label that cannot avoid other labels and nodes is returned with ``shown=False``
    and blocks nothing; otherwise it takes its least-overlapping candidate. With
    ``avoid_nodes=False`` labels may cover other nodes (for big maps drawn as dots,
    where the names of hubs matter more than the dots they hide).
    """
    if not requests:
        return {}
    placer = _Placer(requests, avoid_lines, gap, hide_overlapping, avoid_nodes)
    order = sorted(range(len(requests)), key=lambda i: -requests[i].priority)
    placed: dict[str, LabelPlacement] = {}
    for i in order:
        best = placer.best(requests[i])
        if best.overlap > 0.0 and hide_overlapping:
            best = replace(best, shown=False)
        else:
            placer.labels.add(best.box, best.id)
        placed[best.id] = best
    return placed


class _Placer:
    """The obstacles a label must avoid, each in its own grid."""

    def __init__(
        self,
        requests: Sequence[LabelRequest],
        lines: Sequence[Segment],
        gap: float,
        hide: bool,
        avoid_nodes: bool,
    ) -> None:
        self.gap = gap
        self.hide = hide
        cell = _cell_size(requests)
        self.nodes = _Discs(requests if avoid_nodes else [], cell)
        self.labels = _Grid(cell)
        self.lines = _Grid(cell)
        self.segments = list(lines)
        for k, (x0, y0, x1, y1) in enumerate(self.segments):
            self.lines.add((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), str(k))

    def best(self, req: LabelRequest) -> LabelPlacement:
        """The free candidate crossing fewest lines, else the least-overlapping one.

        Overlaps are summed only while the candidate can still win; when overlapping
        labels are hidden, any overlap loses (where a hidden label goes hardly matters).
        """
        best: LabelPlacement | None = None
        for cx, cy in candidates(req, self.gap):
            box = _box(cx, cy, req.width, req.height)
            limit = 0.0 if self.hide else (math.inf if best is None else best.overlap)
            overlap = _label_overlap(box, self.labels, limit)
            if overlap <= limit:
                overlap += self.nodes.overlap(box, req.id, limit - overlap)
            crossed = self._crossings(box) if self.segments and overlap <= limit else 0
            here = LabelPlacement(req.id, cx, cy, req.width, req.height, True, overlap, crossed)
            if best is None or (overlap, crossed) < (best.overlap, best.lines_crossed):
                best = here
            if overlap == 0.0 and crossed == 0:
                break
        assert best is not None
        return best

    def _crossings(self, box: Box) -> int:
        return sum(
            1 for _, k in self.lines.near(box) if _segment_hits_box(self.segments[int(k)], box)
        )


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


@lru_cache(maxsize=256)
def node_label_radius(shape: str, radius: float, gap: float = GAP) -> float:
    """The disc radius to request for a node drawn as ``shape`` (relmap.style), so that
    labels clear its outline: those below, above and beside it, and the diagonal ones,
    whose near corner sits at radius * sqrt(1/2) + gap on both axes."""
    polygon = shape_polygon(shape, radius)
    if polygon is None:
        return radius
    steps = 16
    outline = [
        (x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
        for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True)
        for i in range(steps)
    ]
    axis = max(max(abs(x), abs(y)) for x, y in outline)
    diagonal = max(min(abs(x), abs(y)) for x, y in outline)
    return max(axis, (diagonal - gap) / _DIAG)


def boxes_overlap(a: Box, b: Box) -> bool:
    """True when two boxes share some area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _cell_size(requests: Sequence[LabelRequest]) -> float:
    sizes = sorted(max(r.height, 2 * r.radius) for r in requests)
    return max(sizes[len(sizes) // 2], 1e-6)


def _box(cx: float, cy: float, w: float, h: float) -> Box:
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _area(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _label_overlap(box: Box, labels: _Grid, limit: float) -> float:
    """Area the box shares with placed labels; stops once past ``limit``."""
    total = 0.0
    for other, _ in labels.near(box):
        total += _area(box, other)
        if total > limit:
            break
    return total


def _touches_disc(box: Box, disc: LabelRequest) -> bool:
    nx = min(max(disc.x, box[0]), box[2])
    ny = min(max(disc.y, box[1]), box[3])
    return math.hypot(disc.x - nx, disc.y - ny) < disc.radius


def _segment_hits_box(seg: Segment, box: Box) -> bool:
    """Liang-Barsky: whether the segment passes through the box's interior."""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo >= hi:
            return False
    return True
