"""density_image: lines sampled into one RGBA image, colors averaged, opacity built up."""

from __future__ import annotations

import numpy as np
import pytest

from relmap.render.density import density_image

RED, BLUE = (1.0, 0.0, 0.0), (0.0, 0.0, 1.0)
ALPHA = 0.3


def _draw(
    lines: list[tuple[float, float, float, float, int]],
    budget: int = 10**6,
    background: tuple[float, float, float] | None = None,
) -> np.ndarray:
    array = np.array(lines, dtype=float)
    return density_image(
        array[:, :2],
        array[:, 2:4],
        array[:, 4].astype(np.intp),
        np.array([RED, BLUE]),
        (100, 40),
        ALPHA,
        None if background is None else np.array(background),
        budget=budget,
    )


def test_a_line_lights_its_pixels_in_its_color() -> None:
    img = _draw([(10.5, 5.5, 90.5, 5.5, 0)])
    assert img.shape == (40, 100, 4)
    row = img[5, 11:90]
    assert (row[:, :3] == (255, 0, 0)).all()
    assert (np.abs(row[:, 3].astype(int) - 255 * ALPHA) <= 1).all()
    img[5, 10:91, 3] = 0
    assert not img[..., 3].any()  # nothing else is drawn


def test_crossing_lines_mix_colors_and_build_up_opacity() -> None:
    img = _draw([(10.5, 20.5, 90.5, 20.5, 0), (50.5, 2.5, 50.5, 38.5, 1)])
    r, g, b, a = (int(v) for v in img[20, 50])
    assert (r, g, b) == (128, 0, 128)
    assert abs(a - 255 * (1 - (1 - ALPHA) ** 2)) <= 1
    assert tuple(img[10, 50, :3]) == (0, 0, 255)


def test_sparser_samples_keep_colors_and_total_opacity() -> None:
    """Over budget, lines are sampled every few pixels, each sample as opaque as the
    pixels it stands for: the line's overall ink stays the same."""
    lines = [(0.5, 5.5, 99.5, 5.5, 0), (0.5, 30.5, 99.5, 30.5, 1)]
    full, sparse = _draw(lines), _draw(lines, budget=50)
    lit = sparse[..., 3] > 0
    assert 0 < lit.sum() < (full[..., 3] > 0).sum()
    assert (sparse[5][lit[5]][:, :3] == (255, 0, 0)).all()
    assert (sparse[30][lit[30]][:, :3] == (0, 0, 255)).all()
    ink = [-np.log1p(-img[..., 3].astype(float) / 256).sum() for img in (full, sparse)]
    assert ink[1] == pytest.approx(ink[0], rel=0.05)


def test_lines_are_clamped_to_the_picture() -> None:
    img = _draw([(-50.5, 10.5, 150.5, 10.5, 0)])
    assert img[10, 0, 3] > 0 and img[10, 99, 3] > 0


def test_over_a_background_the_image_is_opaque() -> None:
    line = [(10.5, 5.5, 90.5, 5.5, 1)]
    clear, paper = _draw(line), _draw(line, background=(1.0, 1.0, 0.0))
    assert (paper[..., 3] == 255).all()
    assert tuple(paper[30, 50]) == (255, 255, 0, 255)
    a = clear[5, 50, 3] / 255
    want = np.round(np.array([1 - a, 1 - a, a]) * 255)  # blue over yellow
    assert np.abs(paper[5, 50, :3] - want).max() <= 1
