"""A map past the detail thresholds: batched drawing, cached frames, background redraws."""

import random

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from relmap.gui import painting
from relmap.gui.mapview import MapView
from relmap.model.types import Dataset, Entity, Relation


def synthetic(n: int, m: int) -> tuple[Dataset, dict[str, tuple[float, float]]]:
    rng = random.Random(3)
    entities = [
        Entity(f"e{i}", f"Name {i}", ("person", "country", "event")[i % 3]) for i in range(n)
    ]
    relations = [
        Relation(f"r{k}", f"e{rng.randrange(n)}", f"e{rng.randrange(n)}", ("a", "b")[k % 2])
        for k in range(m)
    ]
    positions = {e.id: (rng.uniform(-5000, 5000), rng.uniform(-5000, 5000)) for e in entities}
    return Dataset(entities=entities, relations=relations), positions


def test_big_map_draws_from_a_cache_and_redraws_in_the_background(qtbot):
    ds, positions = synthetic(4000, 9000)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    view.set_map(ds, positions)
    assert view.is_big()
    view.grab()
    first = view._cache
    assert first is not None and first[1] == view.zoom
    view.offset += QPointF(30, 10)
    view.grab()
    assert view._cache is first  # the pan moved the old frame, no redraw yet
    assert view._settle.isActive()
    view._settled()
    view.wait_for_render()
    assert view._cache is not first and view._cache[2] == view.offset


def test_far_out_uses_batched_drawing(qtbot, monkeypatch):
    ds, positions = synthetic(4000, 9000)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.set_map(ds, positions)
    calls = []
    monkeypatch.setattr(painting, "coarse_edges", lambda *a: calls.append("edges"))
    monkeypatch.setattr(painting, "coarse_nodes", lambda *a: calls.append("nodes"))
    view._render_image(view._frame())
    assert calls == ["edges", "nodes"]


def test_hit_tests_on_a_big_map(qtbot):
    ds, positions = synthetic(4000, 9000)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.set_map(ds, positions)
    view.zoom_by(30)
    view.center_on(*positions["e7"])
    centre = QPointF(view.width() / 2, view.height() / 2)
    assert view.hit(centre) == ("entity", "e7")
    rel = next(r for r in ds.relations if r.source != r.target)
    edge = view.layers.edges[rel.id]
    mid = edge.samples[len(edge.samples) // 2]
    view.center_on(*mid)
    kind, item = view.hit(centre)
    assert kind == "relation"
    assert view.layers.edges[item].samples  # some relation passes right there


def test_clipped_lengths_count_only_the_part_in_the_window():
    a = np.array([[10.0, 10.0], [-50.0, 20.0], [-10.0, -10.0], [5.0, 5.0]])
    b = np.array([[40.0, 50.0], [150.0, 20.0], [-20.0, 300.0], [5.0, 5.0]])
    lengths = painting.clipped_lengths(a, b, 100, 80)
    assert lengths == pytest.approx([50.0, 100.0, 0.0, 0.0])


def test_far_out_a_share_of_the_relations_is_drawn_and_lonely_entities_keep_one(qtbot, monkeypatch):
    ds, positions = synthetic(3000, 9000)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.set_map(ds, positions)
    layers = view.layers
    rows = np.arange(len(layers.edge_ids))
    frame = view._frame()
    assert len(painting.thin_lines(layers, rows, frame)) == len(rows)  # they fit
    monkeypatch.setattr(painting, "LINE_PIXEL_BUDGET", 200_000)
    kept = painting.thin_lines(layers, rows, frame)
    assert len(kept) < len(rows) / 2
    assert np.array_equal(kept, painting.thin_lines(layers, rows, frame))  # stable
    lonely = painting._lonely_nodes(layers, frame)
    assert 0 < len(lonely) < len(layers.node_ids)
    length = np.hypot(*(layers.pos[layers.src] - layers.pos[layers.dst]).T)
    kept_rows = set(kept.tolist())
    for node in lonely[:50].tolist():
        own = np.flatnonzero((layers.src == node) | (layers.dst == node))
        if len(own):
            assert own[np.argmin(length[own])] in kept_rows
