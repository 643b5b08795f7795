"""Many straight lines as one density image, made with numpy alone (no Qt, no
matplotlib), for maps with too many relations to draw one by one.

Each line is sampled about once per pixel along its length; a pixel crossed by k lines
gets their mean color at opacity 1 - (1 - alpha)^k, as k translucent lines drawn over
each other would give. 500,000 lines 250 pixels long take a second or two this way,
where Agg took over ten; the price is straight, aliased lines, which at that density
read as a haze. Nothing here needs Qt or matplotlib: the window could use it too.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

SAMPLE_BUDGET = 60_000_000  # samples along all lines at most; longer totals get sparser
_CHUNK = 1 << 21  # samples per numpy batch: big enough to amortise, small for the cache


def density_image(
    starts: Array,
    ends: Array,
    codes: NDArray[np.intp],
    palette: Array,
    size: tuple[int, int],
    alpha: float,
    background: Array | None = None,
    budget: int = SAMPLE_BUDGET,
) -> NDArray[np.uint8]:
    """RGBA image (height, width, 4) of the lines from ``starts`` to ``ends`` (both
    (n, 2), in pixels, y down), line i in color ``palette[codes[i]]`` (RGB in 0..1).

    Pixels no line crosses are fully transparent, or with a ``background`` (RGB in
    0..1) the image is opaque: the lines over it. When the lines are longer in total
    than ``budget`` pixels, each is sampled every few pixels instead of every pixel and
    each sample counts for that many: the density stays right, at the cost of dotted
    lines where they are sparse.
    """
    width, height = size
    lengths = np.hypot(*(ends - starts).T)
    step = max(1.0, float(np.ceil(lengths).sum()) / budget) if len(lengths) else 1.0
    samples = np.maximum(np.ceil(lengths / step), 1).astype(np.int64)
    # Each sample's index in its batch, made once: float32 is exact below 2**24.
    ramp = np.arange(
        min(int(samples.sum()), _CHUNK) + int(samples.max(initial=0)), dtype=np.float32
    )
    hits = np.zeros(width * height, dtype=np.float32)
    sums = np.zeros((3, width * height), dtype=np.float32)  # channel-major: adds stay dense
    scratch = np.empty(width * height, dtype=np.float32)
    for code in np.unique(codes).tolist():
        rows = codes == code
        counts = _line_counts(starts[rows], ends[rows], samples[rows], size, ramp)
        hits += counts
        for channel, value in enumerate(palette[code].tolist()):
            np.multiply(counts, np.float32(value), out=scratch)
            sums[channel] += scratch
    # A sample stands for ``step`` pixels of its line: as opaque as that many.
    return _blend(hits, sums, 1 - (1 - alpha) ** step, size, background)


def _line_counts(
    starts: Array,
    ends: Array,
    count: NDArray[np.int64],
    size: tuple[int, int],
    ramp: NDArray[np.float32],
) -> NDArray[np.float32]:
    """How many samples of the lines fall in each pixel (flat, row-major), with
    ``count[i]`` samples evenly along line i. The lines lie in the picture (it was
    fitted to the nodes): points are clamped to its edge rather than tested."""
    width, height = size
    # Per line: the first sample's position (half a step in) and the step between samples.
    step = (ends - starts) / count[:, None]
    first = (starts + step / 2).astype(np.float32)
    delta = step.astype(np.float32)
    total: NDArray[np.int64] | None = None
    for lo, hi in _batches(count):
        n = count[lo:hi]
        # Each sample's index along its line.
        k = ramp[: int(n.sum())] - np.repeat((np.cumsum(n) - n).astype(np.float32), n)
        pixel = _coordinate(first[lo:hi, 1], delta[lo:hi, 1], n, k, height)
        pixel *= width
        pixel += _coordinate(first[lo:hi, 0], delta[lo:hi, 0], n, k, width)
        counts = np.bincount(pixel, minlength=width * height)
        total = counts if total is None else total + counts
    assert total is not None  # there is at least one line
    return total.astype(np.float32)


def _coordinate(
    first: NDArray[np.float32], delta: NDArray[np.float32], n: NDArray[np.int64],
    k: NDArray[np.float32], limit: int,
) -> NDArray[np.int32]:  # fmt: skip
    """One pixel coordinate of every sample, clamped to 0 .. limit - 1."""
    value = np.repeat(delta, n)
    value *= k
    value += np.repeat(first, n)
    np.clip(value, 0, limit - 1, out=value)
    return value.astype(np.int32)


def _batches(count: NDArray[np.int64]) -> list[tuple[int, int]]:
    """Consecutive line ranges of about _CHUNK samples each (a longer line alone)."""
    ends = np.cumsum(count)
    cuts = np.searchsorted(ends, np.arange(_CHUNK, int(ends[-1]), _CHUNK), side="right")
    bounds = [0, *sorted(set(cuts.tolist()) - {0, len(count)}), len(count)]
    return list(pairwise(bounds))


def _blend(
    hits: NDArray[np.float32],
    sums: NDArray[np.float32],
    alpha: float,
    size: tuple[int, int],
    background: Array | None,
) -> NDArray[np.uint8]:
    """Mean color and opacity 1 - (1 - alpha)^hits of each pixel, as RGBA bytes, or
    laid over ``background`` (only the lit pixels need the arithmetic)."""
    width, height = size
    image = np.zeros((width * height, 4), dtype=np.uint8)
    if background is not None:
        image[:] = (*np.round(np.asarray(background) * 255), 255)
    lit = np.flatnonzero(hits)
    if len(lit):
        mean = (sums[:, lit] / hits[lit]).T
        opacity = 1 - (1 - alpha) ** hits[lit].astype(np.float64)[:, None]
        if background is None:
            image[lit, :3] = np.round(mean * 255).clip(0, 255)
            image[lit, 3:] = np.round(opacity * 255)
        else:
            color = mean * opacity + np.asarray(background) * (1 - opacity)
            image[lit, :3] = np.round(color * 255).clip(0, 255)
    return image.reshape(height, width, 4)
