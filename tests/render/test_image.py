"""export_image: sizes, formats, content, and the label layout of the bundled map."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from relmap.layout.force import Positions
from relmap.layout.labels import boxes_overlap
from relmap.model.types import Dataset, Entity, Evidence, Relation
from relmap.render import export_image
from relmap.style import entity_style, hex_to_rgb

Bundled = tuple[Dataset, Positions]
SVG = "{http://www.w3.org/2000/svg}"


def _rgba(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGBA"))


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_png_has_the_requested_size_and_is_not_blank(bundled: Bundled, tmp_path: Path) -> None:
    ds, pos = bundled
    result = export_image(ds, pos, tmp_path / "map.png")
    assert (result.width_px, result.height_px) == (1920, 1080)
    with Image.open(tmp_path / "map.png") as img:
        assert img.size == (1920, 1080)
    rgb = _rgba(tmp_path / "map.png")[:, :, :3].astype(np.uint32)
    packed = (rgb[:, :, 0] << 16) | (rgb[:, :, 1] << 8) | rgb[:, :, 2]
    assert len(np.unique(packed)) > 200
    r, g, b = hex_to_rgb(entity_style(ds, "person").color)
    assert int((packed == (r << 16 | g << 8 | b)).sum()) > 500  # six person discs


def test_scale_multiplies_pixels_not_layout(bundled: Bundled, tmp_path: Path) -> None:
    ds, pos = bundled
    one = export_image(ds, pos, tmp_path / "one.png", width_px=800, height_px=600)
    two = export_image(ds, pos, tmp_path / "two.png", width_px=800, height_px=600, scale=2)
    with Image.open(tmp_path / "two.png") as img:
        assert img.size == (1600, 1200)
    assert (two.width_px, two.height_px) == (1600, 1200)
    assert two.frame == one.frame
    assert two.labels == one.labels


def test_svg_keeps_every_name_as_text(bundled: Bundled, tmp_path: Path) -> None:
    ds, pos = bundled
    export_image(ds, pos, tmp_path / "map.svg", title=ds.title)
    texts = _svg_texts(tmp_path / "map.svg")
    for e in ds.entities:
        assert e.name in texts
    assert ds.title in texts
    assert "Office held" in texts  # the legend
    assert b"DejaVu Sans" in (tmp_path / "map.svg").read_bytes()


def test_pdf(bundled: Bundled, tmp_path: Path) -> None:
    ds, pos = bundled
    export_image(ds, pos, tmp_path / "map.pdf")
    data = (tmp_path / "map.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert b"DejaVuSans" in data  # a TrueType font, so text stays selectable


def test_transparent_png_has_clear_corners(bundled: Bundled, tmp_path: Path) -> None:
    ds, pos = bundled
    export_image(ds, pos, tmp_path / "clear.png", transparent=True, legend=False)
    export_image(ds, pos, tmp_path / "white.png", legend=False)
    clear, white = _rgba(tmp_path / "clear.png"), _rgba(tmp_path / "white.png")
    for y, x in ((0, 0), (0, -1), (-1, 0), (-1, -1)):
        assert clear[y, x, 3] == 0
        assert tuple(white[y, x]) == (255, 255, 255, 255)
    assert clear[:, :, 3].max() == 255  # the map itself is opaque


def test_bundled_labels_are_all_shown_apart_and_inside(bundled: Bundled, tmp_path: Path) -> None:
    ds, pos = bundled
    result = export_image(ds, pos, tmp_path / "map.png", title=ds.title)
    assert set(result.labels) == {e.id for e in ds.entities}
    assert all(p.shown for p in result.labels.values())
    assert all(p.overlap == 0.0 for p in result.labels.values())  # off labels and nodes
    for a, b in itertools.combinations(result.labels.values(), 2):
        assert not boxes_overlap(a.box, b.box), (a.id, b.id)
    for entity_id in result.labels:
        left, top, right, bottom = result.label_box_px(entity_id)
        assert 0 <= left < right <= 1920 and 0 <= top < bottom <= 1080


def test_relation_labels(bundled: Bundled, tmp_path: Path) -> None:
    ds, pos = bundled
    plain = export_image(ds, pos, tmp_path / "plain.svg")
    result = export_image(ds, pos, tmp_path / "map.svg", show_relation_labels=True)
    texts = _svg_texts(tmp_path / "map.svg")
    for r in ds.relations:
        assert (r.label or ds.relation_types[r.type].label) in texts
    assert "Deputy foreign minister" not in _svg_texts(tmp_path / "plain.svg")
    # Names keep clear of each other and of nodes either way.
    assert all(p.overlap == 0.0 for p in result.labels.values())
    assert result.frame.zoom <= plain.frame.zoom


def test_visible_subsets(bundled: Bundled, tmp_path: Path) -> None:
    ds, pos = bundled
    keep = {"tokayev", "kazakhstan", "russia"}
    only = {ds.relations[0].id}
    out = tmp_path / "part.svg"
    result = export_image(ds, pos, out, visible_entities=keep, visible_relations=only)
    assert set(result.labels) == keep
    names = set(_svg_texts(tmp_path / "part.svg"))
    assert "Nursultan Nazarbayev" not in names and "Russia" in names


def _tiny(evidence: bool = True, loop: bool = False) -> tuple[Dataset, Positions]:
    ev = [Evidence("s", "q")] if evidence else []
    entities = [Entity("a", "Alpha", "person"), Entity("b", "Beta", "country")]
    relations = [Relation("r1", "a", "b", "knows", evidence=ev)]
    if loop:
        relations.append(Relation("r2", "a", "a", "knows", evidence=ev))
    return Dataset(entities=entities, relations=relations), {"a": (0.0, 0.0), "b": (200.0, 50.0)}


def test_relation_without_evidence_is_dashed(tmp_path: Path) -> None:
    ds, pos = _tiny(evidence=False)
    export_image(ds, pos, tmp_path / "map.svg")
    svg = (tmp_path / "map.svg").read_text()
    assert "stroke-dasharray" in svg
    assert "No evidence quoted" in _svg_texts(tmp_path / "map.svg")
    ds, pos = _tiny(evidence=True)
    export_image(ds, pos, tmp_path / "solid.svg")
    assert "stroke-dasharray" not in (tmp_path / "solid.svg").read_text()


def test_self_loop_and_empty_map(tmp_path: Path) -> None:
    ds, pos = _tiny(loop=True)
    export_image(ds, pos, tmp_path / "loop.png", width_px=400, height_px=300)
    result = export_image(Dataset(), {}, tmp_path / "empty.png", width_px=400, height_px=300)
    assert result.labels == {}
    assert _rgba(tmp_path / "empty.png")[:, :, :3].min() == 255


def test_entities_without_positions_are_left_out(tmp_path: Path) -> None:
    ds, pos = _tiny()
    result = export_image(ds, {"a": pos["a"]}, tmp_path / "one.png", width_px=400, height_px=300)
    assert set(result.labels) == {"a"}


@pytest.mark.parametrize("name", ["map.jpg", "map", "map.gif"])
def test_unknown_format(tmp_path: Path, name: str) -> None:
    ds, pos = _tiny()
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.pdf"):
        export_image(ds, pos, tmp_path / name)
    with pytest.raises(ValueError, match="positive"):
        export_image(ds, pos, tmp_path / "x.png", scale=0)


def test_big_map_hides_names_that_do_not_fit(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    n, m = 3000, 9000
    entities = [Entity(f"e{i}", f"Entity {i}", "person" if i % 2 else "place") for i in range(n)]
    xy = rng.normal(0, 2500, size=(n, 2))
    pos = {e.id: (float(x), float(y)) for e, (x, y) in zip(entities, xy, strict=True)}
    ends = rng.integers(0, n, size=(m, 2))
    relations = [Relation(f"r{k}", f"e{s}", f"e{t}", "knows") for k, (s, t) in enumerate(ends)]
    ds = Dataset(entities=entities, relations=relations)
    result = export_image(ds, pos, tmp_path / "big.png", legend=False)
    shown = [p for p in result.labels.values() if p.shown]
    assert 20 < len(shown) < n
    for a, b in itertools.combinations(shown, 2):
        assert not boxes_overlap(a.box, b.box)
    for p in shown:
        left, top, right, bottom = result.label_box_px(p.id)
        assert left >= 0 and top >= 0 and right <= 1920 and bottom <= 1080
