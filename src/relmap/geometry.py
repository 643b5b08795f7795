"""Edge geometry shared by the window and the image export: several relations between
the same two entities fan out as curves instead of lying on top of each other."""

from __future__ import annotations

import math
from collections import defaultdict

from relmap.model.types import Relation

Point = tuple[float, float]

FAN_STEP = 22.0  # scene units between neighbouring curves at their middle


def fan_offsets(relations: list[Relation]) -> dict[str, float]:
    """Signed bend of each relation, by relation id: 0 for a lone relation, then
    +-FAN_STEP/2, +-3*FAN_STEP/2, ... for parallel ones. The sign is taken relative to the
    pair's canonical direction (smaller id first) so A->B and B->A fan apart."""
    groups: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for r in relations:
        groups[_pair(r.source, r.target)].append(r)
    offsets: dict[str, float] = {}
    for (first, _), group in groups.items():
        count = len(group)
        for i, r in enumerate(group):
            bend = (i - (count - 1) / 2) * FAN_STEP
            # Express the bend relative to the relation's own direction.
            offsets[r.id] = bend if r.source == first else -bend
    return offsets


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def control_point(p1: Point, p2: Point, bend: float) -> Point:
    """Control point of the quadratic Bezier from p1 to p2 whose middle lies ``bend``
    scene units to the left of the straight line (the curve's apex is half-way to the
    control point, so the control point sits at twice the bend)."""
    mx, my = (p1[0] + p2[0]) / 2, (p1[1] + p2[1]) / 2
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    return mx + nx * bend * 2, my + ny * bend * 2


def quad_point(p1: Point, c: Point, p2: Point, t: float) -> Point:
    """The point at parameter t of a quadratic Bezier."""
    u = 1 - t
    return (
        u * u * p1[0] + 2 * u * t * c[0] + t * t * p2[0],
        u * u * p1[1] + 2 * u * t * c[1] + t * t * p2[1],
    )


def quad_tangent(p1: Point, c: Point, p2: Point, t: float) -> Point:
    u = 1 - t
    return (
        2 * u * (c[0] - p1[0]) + 2 * t * (p2[0] - c[0]),
        2 * u * (c[1] - p1[1]) + 2 * t * (p2[1] - c[1]),
    )


def trim_t(p1: Point, c: Point, p2: Point, radius: float, at_end: bool) -> float:
    """Parameter where the curve leaves a node of ``radius`` at p1 (or enters p2), found by
    bisection, so that arrowheads touch the node's outline instead of its centre."""
    centre = p2 if at_end else p1
    lo, hi = (0.5, 1.0) if at_end else (0.0, 0.5)
    for _ in range(24):
        mid = (lo + hi) / 2
        x, y = quad_point(p1, c, p2, mid)
        inside = math.hypot(x - centre[0], y - centre[1]) < radius
        if at_end:
            lo, hi = (lo, mid) if inside else (mid, hi)
        else:
            lo, hi = (mid, hi) if inside else (lo, mid)
    return (lo + hi) / 2
