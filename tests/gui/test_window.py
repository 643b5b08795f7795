"""The main window on the bundled map, driven through the mouse and keyboard."""

import json

from PySide6.QtCore import QPoint, QPointF, Qt

from relmap.gui.mainwindow import MainWindow
from tests.conftest import BUNDLED, DATA


def view_point(win, scene_xy) -> QPoint:
    return win.view.to_view(QPointF(*scene_xy)).toPoint()


def click(qtbot, win, scene_xy):
    qtbot.mouseClick(win.view, Qt.MouseButton.LeftButton, pos=view_point(win, scene_xy))


def test_every_entity_is_drawn_inside_the_view(window):
    nodes = window.view.layers.nodes
    assert set(nodes) == {e.id for e in window.ds.entities}
    rect = window.view.rect()
    for node in nodes.values():
        assert rect.contains(view_point(window, node.center)), node.id
    assert "34 entities · 63 relations shown" in window.counts_label.text()
    assert "Kassym-Jomart Tokayev: career and connections" in window.windowTitle()
    assert "entities.json" in window.windowTitle()


def test_clicking_a_node_fills_the_inspector(qtbot, window):
    click(qtbot, window, window.view.layers.nodes["nazarbayev"].center)
    text = window.inspector.toPlainText()
    assert "Nursultan Nazarbayev" in text
    assert "Narzabayev" in text  # aliases
    assert "Adviser to" in text and "Kassym-Jomart Tokayev" in text
    assert "Loyal to Nazarbayev" in text  # an evidence quote
    assert window.view.selected_entity == "nazarbayev"


def test_clicking_an_edge_highlights_exactly_its_quote(qtbot, window):
    rel = next(r for r in window.ds.relations if r.label == "Prime Minister")
    edge = window.view.layers.edges[rel.id]
    click(qtbot, window, edge.samples[len(edge.samples) // 2])
    assert window.view.selected_relation == rel.id
    assert window.source_panel.highlighted_text() == ["In 1999 Tokayev became Prime Minister"]
    assert "1999 – 2002" in window.inspector.toPlainText()


def test_clicking_empty_space_clears_the_selection(qtbot, window):
    click(qtbot, window, window.view.layers.nodes["timur"].center)
    assert window.view.selected_entity == "timur"
    qtbot.mouseClick(window.view, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert window.view.selected_entity is None
    assert "Click an entity" in window.inspector.toPlainText()


def test_inspector_links_navigate(window):
    window.select("entity", "timur")
    window.inspector.anchorClicked.emit(
        window.inspector.document().baseUrl().fromUserInput("entity:tokayev")
    )
    assert window.view.selected_entity == "tokayev"


def test_search_by_misspelled_alias_selects_and_centres(qtbot, window):
    window.acts["find"].trigger()
    assert window.search.hasFocus()
    # QTest types ASCII only; accents are covered by tests/analysis/test_names.py.
    qtbot.keyClicks(window.search, "NARZABAYEV")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.view.selected_entity == "nazarbayev"
    centre = view_point(window, window.view.layers.nodes["nazarbayev"].center)
    assert abs(centre.x() - window.view.width() / 2) <= 1
    assert abs(centre.y() - window.view.height() / 2) <= 1


def test_broken_file_shows_its_problems_and_keeps_the_map(window):
    before = window.ds
    assert not window.open_path(DATA / "broken" / "dangling_target.json")
    assert window.ds is before
    box = window.last_problem_box
    assert "relations[0].target: no entity has the id 'carol'" in box.informativeText()
    assert len(window.view.layers.nodes) == 34
    box.close()


def test_html_in_data_is_shown_literally(qtbot, settings, store, tmp_path):
    doc = json.loads((DATA / "small.json").read_text(encoding="utf-8"))
    evil = '<a href="http://example.invalid/">x</a><img src="http://example.invalid/i.png">'
    doc["entities"][0]["name"] = evil
    doc["sources"][0]["text"] += " " + evil
    doc["relations"][0]["evidence"].append({"source": "s1", "quote": evil})
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    win = MainWindow(settings, store)
    qtbot.addWidget(win)
    assert win.open_path(path)
    win.select("entity", "alice")
    assert evil in win.inspector.toPlainText()
    win.select("relation", "r1")
    assert evil in win.inspector.toPlainText()
    assert evil in win.source_panel.text.toPlainText()


def test_back_and_forward_walk_the_selection_history(qtbot, window):
    for eid in ("tokayev", "timur", "kazakhstan"):
        window.select("entity", eid)
    assert not window.acts["forward"].isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.view.selected_entity == "timur"
    window.acts["back"].trigger()
    assert window.view.selected_entity == "tokayev"
    assert not window.acts["back"].isEnabled()
    window.acts["forward"].trigger()
    assert window.view.selected_entity == "timur"
    window.select("entity", "china")
    assert not window.acts["forward"].isEnabled()


def test_dragging_a_node_moves_it_and_its_relations(qtbot, window):
    view = window.view
    node = view.layers.nodes["timur"]
    rid = view.layers.edges_of["timur"][0]
    before_edge = view.layers.edges[rid].samples[-1]
    start = view_point(window, node.center)
    end = start + QPoint(60, 40)
    moved = []
    view.nodeMoved.connect(lambda *args: moved.append(args))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, start + QPoint(30, 20))
    qtbot.mouseMove(view, end)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    new_center = view.layers.nodes["timur"].center
    assert view_point(window, new_center) == end
    assert view.layers.edges[rid].samples[-1] != before_edge
    assert moved and moved[0][0] == "timur"


def test_hover_dims_all_but_the_neighbourhood(qtbot, window):
    qtbot.mouseMove(window.view, view_point(window, window.view.layers.nodes["timur"].center))
    keep = window.view._focus_set()
    assert keep is not None and {"timur", "tokayev"} <= keep
    assert "kazakhstan" not in keep
    assert "Timur" in window.hover_label.text()


def test_wheel_zooms_around_the_cursor(window):
    from PySide6.QtCore import QPointF as P

    view = window.view
    anchor = P(200, 150)
    before = view.to_scene(anchor)
    zoom = view.zoom
    view.zoom_by(1.44, anchor)
    assert view.zoom > zoom
    after = view.to_scene(anchor)
    assert abs(after.x() - before.x()) < 1e-6 and abs(after.y() - before.y()) < 1e-6


def test_settings_persist_relation_labels_and_recent_files(qtbot, window, settings, store):
    window.acts["relation_labels"].trigger()
    assert window.view.show_relation_labels
    window.close()
    again = MainWindow(settings, store)
    qtbot.addWidget(again)
    assert again.view.show_relation_labels
    assert again.recent_files()[0].endswith("entities.json")


def test_a_map_with_saved_positions_opens_without_building_the_graph(
    qtbot, window, tmp_path, monkeypatch
):
    from relmap.gui import mainwindow
    from relmap.io.relmap_json import write_json

    placed = tmp_path / "placed.json"
    write_json(window.ds, placed)  # every entity has its x/y now
    expected = {e.id: (e.x, e.y) for e in window.ds.entities}

    def no_graph(ds):
        raise AssertionError("the graph was built")

    monkeypatch.setattr(mainwindow, "build_graph", no_graph)
    assert window.open_path(placed, ask=False)
    assert window.view.positions() == expected


def test_names_in_a_big_map_are_marked_once_the_window_is_drawn(qtbot, window, monkeypatch):
    from relmap.gui import source_panel

    monkeypatch.setattr(source_panel, "DEFER_MENTIONS", 10)
    assert window.open_path(BUNDLED, ask=False)
    assert window.source_panel.mentions == []  # not yet: after the first frame
    qtbot.waitUntil(lambda: len(window.source_panel.mentions) > 30)
    marked = {eid for _, _, eid in window.source_panel.mentions}
    assert {"tokayev", "nazarbayev"} <= marked
