"""Relation curves for the image export, computed for all relations at once with numpy.

The geometry is the window's (relmap.geometry): a quadratic Bezier whose middle lies
``fan_offsets()`` scene units beside the straight line, trimmed where it leaves the
source's outline and where it meets the target's, with an arrowhead whose tip touches
the target's outline. The outline is the node's real shape (relmap.style), not a circle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from relmap.style import shape_polygon

Array = NDArray[np.float64]

ARROW_LENGTH = 9.0  # scene units, tip to base, as in the window
ARROW_HALF_WIDTH = 3.5
_BISECTIONS = 24  # as geometry.trim_t


@dataclass
class Curves:
    """Trimmed curves as quadratic Beziers (q0, q1, q2), one row per relation, with the
    arrowhead triangles of the directed ones (NaN rows for the others)."""

    q0: Array
    q1: Array
    q2: Array
    arrows: Array  # (n, 3, 2): tip, base-left, base-right
    middle: Array  # the point half-way along the untrimmed curve

    def sample(self, count: int) -> Array:
        """(n, count, 2) points along each trimmed curve, for a LineCollection."""
        t = np.linspace(0.0, 1.0, count)[None, :, None]
        return _bez(self.q0[:, None], self.q1[:, None], self.q2[:, None], t)


def curves(
    p1: Array,
    p2: Array,
    bend: NDArray[np.float64],
    outlines: tuple[list[str], Array, list[str], Array],
    directed: NDArray[np.bool_],
) -> Curves:
    """Geometry of n relations from p1 to p2 (both (n, 2), scene units).

    ``outlines`` gives the shape and radius of each relation's source and target node.
    """
    src_shape, src_r, tgt_shape, tgt_r = outlines
    c = control_points(p1, p2, bend)
    t0 = _exit_t(p1, c, p2, _Outlines(p1, src_shape, src_r), from_start=True)
    t_tip = _exit_t(p1, c, p2, _Outlines(p2, tgt_shape, tgt_r), from_start=False)
    tip = _bez(p1, c, p2, t_tip[:, None])
    t_base = _distance_t(p1, c, p2, tip, t0, t_tip)
    t1 = np.where(directed, t_base, t_tip)
    q0, q1, q2 = _segment(p1, c, p2, t0, t1)
    arrows = _arrowheads(tip, _bez(p1, c, p2, t_base[:, None]))
    arrows[~directed] = np.nan
    return Curves(q0, q1, q2, arrows, _bez(p1, c, p2, np.full((len(p1), 1), 0.5)))


def control_points(p1: Array, p2: Array, bend: NDArray[np.float64]) -> Array:
    """geometry.control_point for many relations at once."""
    d = p2 - p1
    length = np.hypot(d[:, 0], d[:, 1])
    length[length == 0] = 1.0
    normal = np.stack([-d[:, 1], d[:, 0]], axis=1) / length[:, None]
    return (p1 + p2) / 2 + normal * (2 * bend)[:, None]


def _bez(p1: Array, c: Array, p2: Array, t: Array) -> Array:
    u = 1 - t
    result: Array = u * u * p1 + 2 * u * t * c + t * t * p2
    return result


class _Outlines:
    """The end nodes of many curves: centres, radii and shapes, for inside tests."""

    def __init__(self, centres: Array, shapes: list[str], radii: Array) -> None:
        self.centres = centres
        self.radii = radii[:, None]
        names = np.asarray(shapes)
        self.polygons = []  # (mask, vertices, edge vectors) of each polygon shape
        for shape in sorted(set(shapes)):
            unit = shape_polygon(shape, 1.0)
            if unit is not None:
                verts = np.asarray(unit, dtype=float)
                self.polygons.append((names == shape, verts, np.roll(verts, -1, axis=0) - verts))

    def inside(self, points: Array) -> NDArray[np.bool_]:
        """Whether each point lies inside its node's shape (polygons are convex)."""
        local = (points - self.centres) / self.radii
        inside = np.hypot(local[:, 0], local[:, 1]) < 1.0
        for mask, verts, edges in self.polygons:
            rel = local[mask][:, None, :] - verts[None, :, :]
            cross = edges[None, :, 0] * rel[:, :, 1] - edges[None, :, 1] * rel[:, :, 0]
            inside[mask] = np.all(cross > 0, axis=1) | np.all(cross < 0, axis=1)
        return inside


def _exit_t(p1: Array, c: Array, p2: Array, nodes: _Outlines, from_start: bool) -> Array:
    """Parameter where each curve crosses its end node's outline, by bisection (as
    geometry.trim_t does for circles)."""
    n = len(p1)
    lo = np.zeros(n) if from_start else np.full(n, 0.5)
    hi = np.full(n, 0.5) if from_start else np.ones(n)
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2
        inside = nodes.inside(_bez(p1, c, p2, mid[:, None]))
        # Leaving the source: inside means the crossing is further on.
        move_lo = inside if from_start else ~inside
        lo = np.where(move_lo, mid, lo)
        hi = np.where(move_lo, hi, mid)
    result: Array = (lo + hi) / 2
    return result


def _distance_t(p1: Array, c: Array, p2: Array, tip: Array, t0: Array, t_tip: Array) -> Array:
    """Parameter of the arrowhead's base: ARROW_LENGTH before the tip, along the curve,
    but never before the curve's start (very short relations get a shorter head)."""
    lo, hi = t0.copy(), t_tip.copy()
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2
        d = _bez(p1, c, p2, mid[:, None]) - tip
        near = np.hypot(d[:, 0], d[:, 1]) < ARROW_LENGTH
        hi = np.where(near, mid, hi)
        lo = np.where(near, lo, mid)
    result: Array = (lo + hi) / 2
    return result


def _segment(p1: Array, c: Array, p2: Array, t0: Array, t1: Array) -> tuple[Array, Array, Array]:
    """Control points of the piece of each curve between t0 and t1 (blossoming)."""

    def blossom(u: Array, v: Array) -> Array:
        u, v = u[:, None], v[:, None]
        result: Array = (1 - u) * (1 - v) * p1 + ((1 - u) * v + u * (1 - v)) * c + u * v * p2
        return result

    return blossom(t0, t0), blossom(t0, t1), blossom(t1, t1)


def _arrowheads(tip: Array, base: Array) -> Array:
    d = tip - base
    length = np.hypot(d[:, 0], d[:, 1])
    length[length == 0] = 1.0
    unit = d / length[:, None]
    back = tip - unit * ARROW_LENGTH
    side = np.stack([-unit[:, 1], unit[:, 0]], axis=1) * ARROW_HALF_WIDTH
    return np.stack([tip, back + side, back - side], axis=1)
