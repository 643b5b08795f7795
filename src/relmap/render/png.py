"""PNG files of a figure laid over an image made with numpy (the relations' density
image of a big map): Agg draws the figure on a transparent canvas, numpy lays it over
the image. Drawing a full-size image in the figure costs matplotlib a quarter of a
second (it resamples and blends it as floats); laying the canvas over it, a tenth."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.image import imsave
from numpy.typing import NDArray

Rgba = NDArray[np.uint8]


def save_png_over(
    fig: Figure, path: Path, under: Rgba, dpi: float, metadata: dict[str, Any]
) -> None:
    """Save the figure at ``dpi`` as a PNG drawn over ``under`` (RGBA bytes of the
    picture's size; opaque, unless the picture is to be transparent)."""
    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=dpi, transparent=True)
    width = int(fig.get_figwidth() * dpi)  # the canvas, as Agg sizes it
    top = np.frombuffer(raw.getbuffer(), dtype=np.uint8).reshape(-1, width, 4)
    bottom = _fit_size(under, width, top.shape[0])
    image = _over_opaque(top, bottom) if bottom[..., 3].min() == 255 else _over(top, bottom)
    pil_kwargs = {"compress_level": 1}  # big maps hardly compress: a third faster, 8 % bigger
    imsave(path, image, format="png", dpi=dpi, metadata=metadata, pil_kwargs=pil_kwargs)


def _fit_size(image: Rgba, width: int, height: int) -> Rgba:
    """``image`` cropped or padded (transparent) to width x height: at fractional
    scales the canvas may be a pixel smaller than the rounded size."""
    if image.shape[:2] == (height, width):
        return image
    out = np.zeros((height, width, 4), dtype=np.uint8)
    h, w = min(height, image.shape[0]), min(width, image.shape[1])
    out[:h, :w] = image[:h, :w]
    return out


def _over_opaque(top: Rgba, bottom: Rgba) -> Rgba:
    """Straight-alpha ``top`` over opaque ``bottom``, in integers (255 * 255 fits in
    16 bits): exact to rounding, and faster than floats."""
    alpha = top[..., 3:].astype(np.uint16)
    rgb = top[..., :3] * alpha + bottom[..., :3] * (255 - alpha) + np.uint16(127)
    out = np.empty(top.shape, dtype=np.uint8)
    out[..., :3] = rgb // 255
    out[..., 3] = 255
    return out


def _over(top: Rgba, bottom: Rgba) -> Rgba:
    """Straight-alpha ``top`` over ``bottom``, either translucent."""
    t, b = (x.astype(np.float32) * np.float32(1 / 255) for x in (top, bottom))
    a_top, a_bottom = t[..., 3:], b[..., 3:]
    alpha = a_top + a_bottom * (1 - a_top)
    rgb = t[..., :3] * a_top + b[..., :3] * a_bottom * (1 - a_top)
    rgb = np.divide(rgb, alpha, out=np.zeros_like(rgb), where=alpha > 0)
    out = np.concatenate([rgb, alpha], axis=-1) * 255
    return np.rint(out).astype(np.uint8)
