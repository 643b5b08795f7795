"""A uniform grid index for hit tests: which nodes or edges lie near a point.

Buckets are square cells of ``cell`` scene units; an item is stored in every cell its
bounding box touches. A query looks at the few cells around the point, so a click costs
the same on a map of 30 entities or 100,000.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator


class GridIndex:
    def __init__(self, cell: float = 160.0) -> None:
        self.cell = cell
        self._cells: dict[tuple[int, int], list[str]] = defaultdict(list)
        self._boxes: dict[str, tuple[float, float, float, float]] = {}

    def __len__(self) -> int:
        return len(self._boxes)

    def insert(self, key: str, box: tuple[float, float, float, float]) -> None:
        """Store ``key`` under its bounding box (x0, y0, x1, y1)."""
        if key in self._boxes:
            self.remove(key)
        self._boxes[key] = box
        for cell in self._cells_of(box):
            self._cells[cell].append(key)

    def remove(self, key: str) -> None:
        box = self._boxes.pop(key, None)
        if box is None:
            return
        for cell in self._cells_of(box):
            bucket = self._cells.get(cell)
            if bucket and key in bucket:
                bucket.remove(key)

    def near(self, x: float, y: float, radius: float) -> set[str]:
        """Keys whose boxes come within ``radius`` of (x, y)."""
        found: set[str] = set()
        for cell in self._cells_of((x - radius, y - radius, x + radius, y + radius)):
            for key in self._cells.get(cell, ()):
                x0, y0, x1, y1 = self._boxes[key]
                if x0 - radius <= x <= x1 + radius and y0 - radius <= y <= y1 + radius:
                    found.add(key)
        return found

    def in_rect(self, box: tuple[float, float, float, float]) -> set[str]:
        """Keys whose boxes intersect ``box``."""
        x0, y0, x1, y1 = box
        found: set[str] = set()
        for cell in self._cells_of(box):
            for key in self._cells.get(cell, ()):
                a0, b0, a1, b1 = self._boxes[key]
                if a0 <= x1 and a1 >= x0 and b0 <= y1 and b1 >= y0:
                    found.add(key)
        return found

    def _cells_of(self, box: tuple[float, float, float, float]) -> Iterator[tuple[int, int]]:
        x0, y0, x1, y1 = box
        c = self.cell
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                yield (i, j)


def bounding_box(points: Iterable[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def distance_to_polyline(x: float, y: float, points: list[tuple[float, float]]) -> float:
    """Shortest distance from (x, y) to a polyline."""
    best = math.inf
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        best = min(best, math.hypot(x - (ax + t * dx), y - (ay + t * dy)))
    return best
