"""Finding what lies near a point among hundreds of thousands of boxes, fast.

``BlockIndex`` sorts the boxes along a Z-order (Morton) curve of their centres, so that
neighbours in the list are neighbours on the map, and keeps one bounding box per block
of consecutive boxes. A query tests the few thousand block boxes, then only the boxes of
the blocks that match: well under a millisecond for 500,000 relations, where testing
every box took 5 ms and a per-cell Python grid took minutes to build for long edges.
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np

BLOCK = 128


def _morton(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Interleaved bits of x and y quantized to 16 bits each."""

    def spread(v: np.ndarray) -> np.ndarray:
        v = v.astype(np.uint64)
        v = (v | (v << 8)) & 0x00FF00FF
        v = (v | (v << 4)) & 0x0F0F0F0F
        v = (v | (v << 2)) & 0x33333333
        return (v | (v << 1)) & 0x55555555

    def quantize(v: np.ndarray) -> np.ndarray:
        lo, hi = float(v.min()), float(v.max())
        return ((v - lo) / ((hi - lo) or 1.0) * 65535).astype(np.uint64)

    return spread(quantize(x)) | (spread(quantize(y)) << 1)


class BlockIndex:
    """Boxes (x0, y0, x1, y1) by row; ``query`` gives the rows whose box meets a box."""

    def __init__(self, boxes: np.ndarray) -> None:
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        self.size = len(boxes)
        if self.size:
            centre = (boxes[:, :2] + boxes[:, 2:]) / 2
            self.order = np.argsort(_morton(centre[:, 0], centre[:, 1]), kind="stable")
        else:
            self.order = np.zeros(0, dtype=np.int64)
        self.position = np.empty(self.size, dtype=np.int64)
        self.position[self.order] = np.arange(self.size)
        self.sorted = boxes[self.order]
        self.blocks = np.zeros((math.ceil(self.size / BLOCK), 4))
        self._refresh_blocks(np.arange(len(self.blocks)))

    def _refresh_blocks(self, blocks: np.ndarray) -> None:
        for b in np.unique(blocks).tolist():
            part = self.sorted[b * BLOCK : (b + 1) * BLOCK]
            self.blocks[b, :2] = part[:, :2].min(axis=0)
            self.blocks[b, 2:] = part[:, 2:].max(axis=0)

    def update(self, rows: np.ndarray, boxes: np.ndarray) -> None:
        """New boxes for some rows (a node moved); the order is kept, blocks grow or shrink."""
        if len(rows) == 0:
            return
        at = self.position[rows]
        self.sorted[at] = boxes
        self._refresh_blocks(at // BLOCK)

    def query(self, box: tuple[float, float, float, float]) -> np.ndarray:
        """Rows (in no particular order) whose box intersects ``box``."""
        if self.size == 0:
            return np.zeros(0, dtype=np.int64)
        x0, y0, x1, y1 = box
        b = self.blocks
        hit = np.nonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))[0]
        if len(hit) == 0:
            return np.zeros(0, dtype=np.int64)
        if len(hit) > len(b) // 2:  # a view of most of the map: test everything at once
            s = self.sorted
            mask = (s[:, 0] <= x1) & (s[:, 2] >= x0) & (s[:, 1] <= y1) & (s[:, 3] >= y0)
            return self.order[np.nonzero(mask)[0]]
        starts = hit * BLOCK
        at = (starts[:, None] + np.arange(BLOCK)[None, :]).ravel()
        at = at[at < self.size]
        s = self.sorted[at]
        mask = (s[:, 0] <= x1) & (s[:, 2] >= x0) & (s[:, 1] <= y1) & (s[:, 3] >= y0)
        return self.order[at[mask]]


def distance_to_polyline(x: float, y: float, points: list[tuple[float, float]]) -> float:
    """Shortest distance from (x, y) to a polyline."""
    best = math.inf
    for (ax, ay), (bx, by) in pairwise(points):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        best = min(best, math.hypot(x - (ax + t * dx), y - (ay + t * dy)))
    return best
