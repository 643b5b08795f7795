"""The export's vectorised curves agree with relmap.geometry and touch node outlines."""

from __future__ import annotations

import math

import numpy as np
import pytest

from relmap.geometry import control_point, quad_point, trim_t
from relmap.render.edges import ARROW_LENGTH, Curves, control_points, curves
from relmap.style import shape_polygon

P1 = np.array([[0.0, 0.0], [10.0, 5.0], [-40.0, 80.0]])
P2 = np.array([[100.0, 0.0], [10.0, 205.0], [60.0, -20.0]])
BEND = np.array([0.0, 11.0, -33.0])
R = 13.0


def _curves(shape: str, directed: bool = True) -> Curves:
    radii = np.full(3, R)
    shapes = [shape] * 3
    return curves(P1, P2, BEND, (shapes, radii, shapes, radii), np.full(3, directed))


def test_control_points_match_geometry() -> None:
    got = control_points(P1, P2, BEND)
    for i in range(3):
        want = control_point(tuple(P1[i]), tuple(P2[i]), float(BEND[i]))
        assert np.allclose(got[i], want)


def test_circle_ends_match_trim_t_and_arrow_tip_touches_the_outline() -> None:
    c = _curves("circle")
    for i in range(3):
        p1, p2 = tuple(P1[i]), tuple(P2[i])
        ctrl = control_point(p1, p2, float(BEND[i]))
        start = quad_point(p1, ctrl, p2, trim_t(p1, ctrl, p2, R, at_end=False))
        assert np.allclose(c.q0[i], start, atol=1e-3)
        tip = quad_point(p1, ctrl, p2, trim_t(p1, ctrl, p2, R, at_end=True))
        assert np.allclose(c.arrows[i, 0], tip, atol=1e-3)
        assert math.dist(c.arrows[i, 0], p2) == pytest.approx(R, rel=1e-4)
        # The line stops at the arrowhead's base, ARROW_LENGTH before the tip.
        assert math.dist(c.q2[i], tip) == pytest.approx(ARROW_LENGTH, rel=1e-2)


def test_square_ends_lie_on_the_square() -> None:
    half = shape_polygon("square", R)[1][0]  # type: ignore[index]
    c = _curves("square")
    for i in range(3):
        for point, centre in ((c.q0[i], P1[i]), (c.arrows[i, 0], P2[i])):
            d = np.abs(point - centre)
            assert max(d) == pytest.approx(half, rel=1e-3)


def test_undirected_curves_have_no_arrowhead_and_reach_the_outline() -> None:
    c = _curves("circle", directed=False)
    assert np.isnan(c.arrows).all()
    for i in range(3):
        assert math.dist(c.q2[i], P2[i]) == pytest.approx(R, rel=1e-4)


def test_sampled_polylines_follow_the_trimmed_curve() -> None:
    c = _curves("circle")
    pts = c.sample(5)
    assert pts.shape == (3, 5, 2)
    assert np.allclose(pts[:, 0], c.q0) and np.allclose(pts[:, -1], c.q2)
