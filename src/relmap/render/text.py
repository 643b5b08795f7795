"""Text for the image export: measuring names with the Agg renderer and drawing them
with a halo that keeps them legible over relations."""

from __future__ import annotations

from typing import Any

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties

from relmap.style import BACKGROUND, LABEL_COLOR

FONT_FAMILY = "DejaVu Sans"
FIG_DPI = 100.0  # the figure's dots per inch at scale 1: one data unit = one pixel
PT_PER_PX = 72.0 / FIG_DPI
SCENE_PX_PER_PT = 96.0 / 72.0  # the window draws a 9 pt font 12 scene units tall
HALO_PX = 2.0  # halo width on each side of the glyphs
LEGEND_FONT_PX = 12.0  # legend and title do not scale with the map


def font(px: float, bold: bool = False) -> FontProperties:
    return FontProperties(
        family=FONT_FAMILY, size=px * PT_PER_PX, weight="bold" if bold else "normal"
    )


class TextMeasurer:
    """Widths of one-line texts in pixels, measured at a reference font size (other sizes
    scale linearly) and cached. With ``exact=False`` a text's width is the sum of its
    characters' advances, each measured once: as good to a pixel or so, and thousands
    of times faster for the tens of thousands of names of a big map."""

    REFERENCE_PX = 100.0

    def __init__(self, renderer: RendererBase, exact: bool = True) -> None:
        self._renderer = renderer
        self._prop = font(self.REFERENCE_PX)
        self._exact = exact
        self._cache: dict[str, float] = {}
        self._advances: dict[str, float] = {}
        self._line = self._measure("lp")[1]
        self._bars = self._measure("||")[0]

    def _measure(self, text: str) -> tuple[float, float]:
        w, h, _ = self._renderer.get_text_width_height_descent(text, self._prop, ismath=False)
        return float(w), float(h)

    def _advance(self, char: str) -> float:
        if char not in self._advances:
            self._advances[char] = self._measure(f"|{char}|")[0] - self._bars
        return self._advances[char]

    def width(self, text: str, px: float) -> float:
        if text not in self._cache:
            exact = self._exact or not text
            self._cache[text] = (
                self._measure(text)[0] if exact else sum(self._advance(ch) for ch in text)
            )
        return self._cache[text] * px / self.REFERENCE_PX

    def line_height(self, px: float) -> float:
        """Height matplotlib gives one line of text (that of "lp"), as text is centred."""
        return self._line * px / self.REFERENCE_PX


def draw_text(
    ax: Axes,
    x: float,
    y: float,
    text: str,
    px: float,
    color: str = LABEL_COLOR,
    zorder: float = 5,
    va: str = "center",
    rotation: float = 0.0,
) -> None:
    """Text centred on (x, y) (or with its baseline there), with a halo. The halo is its
    own artist so that the text itself stays text in SVG and PDF (path effects turn
    glyphs into outlines)."""
    common: dict[str, Any] = {
        "ha": "center",
        "va": va,
        "rotation": rotation,
        "rotation_mode": "anchor",
        "fontproperties": font(px),
        "parse_math": False,
        "zorder": zorder,
    }
    halo = patheffects.Stroke(linewidth=2 * HALO_PX * PT_PER_PX, foreground=BACKGROUND)
    ax.text(x, y, text, color=BACKGROUND, path_effects=[halo], **common)
    ax.text(x, y, text, color=color, **common)
