"""Big maps drawn more cheaply (relmap.render.coarse): relations as a density image,
nodes as markers, names only for the best-connected entities. The thresholds are
lowered here so that small maps take that path."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from relmap.layout.force import Positions
from relmap.model.types import Dataset, Entity, Relation
from relmap.render import coarse, export_image, image
from relmap.style import LABEL_COLOR, entity_style, hex_to_rgb, node_radius

Bundled = tuple[Dataset, Positions]
TYPES = ("person", "country", "institution", "place", "event")
HUB_LINKS = 150


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Maps of more than 1,000 relations and 100 entities count as big."""
    monkeypatch.setattr(coarse, "RASTER_EDGES_ABOVE", 1000)
    monkeypatch.setattr(coarse, "MARKER_NODES_ABOVE", 100)


def _grid_map(
    side: int = 20, links: int = 2400, types: tuple[str, ...] = TYPES, spacing: float = 120.0
) -> tuple[Dataset, Positions]:
    """side x side entities on a grid (``spacing`` scene units apart: by default nodes
    are a few pixels wide), entity e0 a hub linked to HUB_LINKS others, and random
    relations."""
    rng = np.random.default_rng(11)
    n = side * side
    entities = [Entity(f"e{i}", f"Entity number {i}", types[i % len(types)]) for i in range(n)]
    pos = {f"e{i}": (spacing * (i % side), spacing * (i // side)) for i in range(n)}
    ends = [(0, int(t)) for t in rng.choice(np.arange(1, n), HUB_LINKS, replace=False)]
    ends += [(int(s), int(t)) for s, t in rng.integers(1, n, size=(links, 2)) if s != t]
    kinds = ("knows", "funds", "diplomacy")
    relations = [Relation(f"r{k}", f"e{s}", f"e{t}", kinds[k % 3]) for k, (s, t) in enumerate(ends)]
    return Dataset(entities=entities, relations=relations), pos


def _spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    """Record what ``module.name`` returns each time it is called."""
    calls: list[Any] = []
    real: Callable[..., Any] = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(real(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(module, name, spy)
    return calls


def _rgba(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGBA"))


def _packed(rgb: np.ndarray) -> np.ndarray:
    rgb = rgb.astype(np.uint32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def _pack(color: str) -> int:
    r, g, b = hex_to_rgb(color)
    return r << 16 | g << 8 | b


def test_big_map_takes_the_coarse_path(
    big: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ds, pos = _grid_map()
    densities = _spy(monkeypatch, image, "edge_density")
    markers = _spy(monkeypatch, image, "draw_node_markers")
    curves = _spy(monkeypatch, image, "draw_edges")
    export_image(ds, pos, tmp_path / "big.png")
    assert len(densities) == 1 and len(markers) == 1 and not curves
    assert densities[0].shape == (1080, 1920, 4)


def test_small_map_keeps_curves_and_shapes(
    bundled: Bundled, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ds, pos = bundled
    densities = _spy(monkeypatch, image, "edge_density")
    markers = _spy(monkeypatch, image, "draw_node_markers")
    curves = _spy(monkeypatch, image, "draw_edges")
    export_image(ds, pos, tmp_path / "small.png")
    assert not densities and not markers and len(curves) == 1


def test_big_map_png_shows_every_type_color_the_haze_and_the_hub_name(
    big: None, tmp_path: Path
) -> None:
    ds, pos = _grid_map()
    result = export_image(ds, pos, tmp_path / "big.png")
    pixels = _rgba(tmp_path / "big.png")
    assert pixels.shape == (1080, 1920, 4)
    packed = _packed(pixels[..., :3])
    for t in TYPES:  # marker insides are filled with the type's color
        assert int((packed == _pack(entity_style(ds, t).color)).sum()) > 50, t
    # Relations: a translucent haze, neither background nor any node color.
    white = _pack("#FFFFFF")
    nodes = {_pack(entity_style(ds, t).color) for t in TYPES}
    hazy = ~np.isin(packed, [white, *nodes])
    assert hazy.mean() > 0.2
    hub = result.labels["e0"]
    assert hub.shown
    left, top, right, bottom = (round(v) for v in result.label_box_px("e0"))
    box = pixels[top:bottom, left:right, :3].astype(int)
    ink = np.abs(box - np.array(hex_to_rgb(LABEL_COLOR))).sum(axis=-1) < 40
    assert ink.sum() > 30  # the name's glyphs are there


def test_big_map_scaled_png_has_the_right_size(big: None, tmp_path: Path) -> None:
    ds, pos = _grid_map()
    result = export_image(ds, pos, tmp_path / "big.png", width_px=800, height_px=600, scale=1.5)
    with Image.open(tmp_path / "big.png") as img:
        assert img.size == (1200, 900) == (result.width_px, result.height_px)


def test_big_map_transparent_png(big: None, tmp_path: Path) -> None:
    ds, pos = _grid_map()
    export_image(ds, pos, tmp_path / "clear.png", transparent=True, legend=False)
    alpha = _rgba(tmp_path / "clear.png")[..., 3]
    assert alpha[0, 0] == alpha[-1, -1] == 0
    assert ((alpha > 0) & (alpha < 255)).mean() > 0.1  # the haze lets the page through
    assert (alpha == 255).sum() > 1000  # nodes and names do not


def test_big_map_svg_embeds_the_haze_and_keeps_names_as_text(big: None, tmp_path: Path) -> None:
    ds, pos = _grid_map()
    result = export_image(ds, pos, tmp_path / "big.svg")
    root = ET.parse(tmp_path / "big.svg").getroot()
    svg = "{http://www.w3.org/2000/svg}"
    assert len(list(root.iter(f"{svg}image"))) == 1
    assert len(list(root.iter(f"{svg}path"))) < len(ds.relations) / 4  # no path each
    texts = {"".join(t.itertext()) for t in root.iter(f"{svg}text")}
    shown = [e.name for e in ds.entities if result.labels[e.id].shown]
    assert shown and set(shown) <= texts
    assert {"Knows", "Funds", "Diplomacy", "Person", "Event"} <= texts  # the legend
    assert "No evidence quoted" not in texts  # the haze has no dashes to tell apart


def test_names_are_capped_to_the_best_connected(
    big: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(coarse, "PX2_PER_NAME", 20_000.0)  # ~80 candidates of 400
    ds, pos = _grid_map()
    requests = _spy(monkeypatch, image, "label_requests")
    result = export_image(ds, pos, tmp_path / "big.png", hide_overlapping_labels=True)
    assert set(result.labels) == {e.id for e in ds.entities}
    asked = {r.id for r in requests[-1] if r.width > 0}  # not the nodes to keep off
    assert "e0" in asked and 40 < len(asked) < 120
    degree = {e.id: 0 for e in ds.entities}
    for r in ds.relations:
        degree[r.source] += 1
        degree[r.target] += 1
    assert min(degree[i] for i in asked) >= max(degree[i] for i in degree if i not in asked)
    assert all(not p.shown for i, p in result.labels.items() if i not in asked)
    assert result.labels["e0"].shown


def test_capped_names_keep_off_the_other_nodes(
    big: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(coarse, "PX2_PER_NAME", 20_000.0)
    # Names are wider than the grid's spacing; nodes are circles, their discs.
    ds, pos = _grid_map(types=("person",), spacing=50.0)
    result = export_image(ds, pos, tmp_path / "big.png", hide_overlapping_labels=True)
    degree = {e.id: 0 for e in ds.entities}
    for r in ds.relations:
        degree[r.source] += 1
        degree[r.target] += 1
    shown = [p for p in result.labels.values() if p.shown]
    assert len(shown) > 10
    for p in shown:
        left, top, right, bottom = p.box
        for eid, (x, y) in pos.items():
            if eid == p.id:
                continue
            nx, ny = min(max(x, left), right), min(max(y, top), bottom)
            assert math.hypot(x - nx, y - ny) >= node_radius(degree[eid]) * 0.999, (p.id, eid)
