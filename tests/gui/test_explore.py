"""Filters, timeline, focus, paths, metrics and layouts, driven through the window."""

import math

import networkx as nx
import pytest

from relmap.layout.layouts import LAYOUT_TITLES


def shown_relations(win, source, target):
    return {
        win.ds.relation(rid).label
        for rid in win.view.layers.edges
        if win.view.relation_visible(rid)
        and (win.ds.relation(rid).source, win.ds.relation(rid).target) == (source, target)
    }


def test_type_checkboxes_hide_and_count(window):
    panel = window.filters
    box = panel.entity_boxes["person"]
    assert box.text() == "Person (7/7)"
    box.setChecked(False)
    assert not window.view.entity_visible("tokayev")
    assert window.view.entity_visible("kazakhstan")
    assert box.text() == "Person (0/7)"
    assert "27 entities" in window.counts_label.text()
    relations = window.legend.topLevelItem(1)
    assert int(relations.text(1)) == len(window.visible.relations) < 63
    panel.relation_boxes["diplomacy"].setChecked(False)
    assert all(window.ds.relation(r).type != "diplomacy" for r in window.visible.relations)


def test_hide_isolated_and_text_match(window):
    panel = window.filters
    panel.text.setText("tokay")
    assert window.visible.entities == {
        "tokayev",
        "tokayev_father",
        "tokayev_mother",
        "tokayev_former_wife",
    }
    panel.text.setText("")
    panel.relation_boxes["parent_of"].setChecked(False)
    panel.hide_isolated.setChecked(True)
    assert "timur" not in window.visible.entities
    assert "tokayev_mother" not in window.visible.entities


def test_timeline_2000_and_2020(window):
    panel = window.filters
    panel.set_as_of(2000)
    labels = shown_relations(window, "tokayev", "kazakhstan")
    assert "Prime Minister" in labels and "President" not in labels
    panel.set_as_of(2020)
    labels = shown_relations(window, "tokayev", "kazakhstan")
    assert "President" in labels and "Prime Minister" not in labels
    panel.keep_undated.setChecked(False)
    assert all(
        window.ds.relation(r).start or window.ds.relation(r).end for r in window.visible.relations
    )


def test_timeline_dims_instead_of_hiding(window):
    panel = window.filters
    panel.dim.setChecked(True)
    panel.set_as_of(2000)
    pm = next(r.id for r in window.ds.relations if r.label == "President")
    assert window.view.relation_visible(pm)
    assert pm in window.view.dimmed_relations


def test_play_steps_through_the_years(window):
    panel = window.filters
    panel.play.setChecked(True)
    first = panel.year_from.value()
    assert first == panel.year_from.minimum() == 1980
    panel._step()
    assert panel.year_from.value() == first + 1
    assert panel.year_label.text() == f"As of {first + 1}"
    panel.play.setChecked(False)
    assert not panel.play_timer.isActive()


def test_focus_on_the_selected_entity(window):
    window.select("entity", "nazarbayev")
    window.filters.focus.setChecked(True)
    one = set(window.visible.entities)
    assert "nazarbayev" in one and "tokayev" in one and "timur" not in one
    window.filters.hops.setValue(2)
    assert "timur" in window.visible.entities


def test_path_between_tokayev_and_the_united_states(window):
    count = window.explore.show_path("tokayev", "united_states")
    assert count == 1
    text = window.inspector.toPlainText()
    assert "He regularly met with American envoys" in text
    assert {"tokayev", "united_states"} <= window.view.highlighted


def test_path_through_an_intermediary_is_listed_step_by_step(window):
    window.explore.show_path("timur", "soviet_union")
    text = window.inspector.toPlainText()
    assert "Chain 1" in text and "Timur" in text and "Soviet Union" in text
    assert "He is divorced with a son, Timur" in text


def test_metrics_table_sorts_and_selects(qtbot, window):
    explore = window.explore
    window.explore.dock.show()
    table = explore.table
    assert table.rowCount() == 34
    assert table.item(0, 0).text() == "Kassym-Jomart Tokayev"  # most relations first
    table.sortItems(4, table.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    ds_graph = nx.Graph()
    for r in window.ds.relations:
        if r.source != r.target:
            ds_graph.add_edge(r.source, r.target)
    best = max(nx.betweenness_centrality(ds_graph).items(), key=lambda kv: kv[1])[0]
    assert table.item(0, 0).data(257) == best  # Qt.UserRole + 1 holds the id
    explore._row_clicked(1, 0)
    assert window.view.selected_entity == table.item(1, 0).data(257)
    window.select("entity", "tokayev")
    assert "Betweenness centrality" in window.inspector.toPlainText()


def test_size_by_metric_and_color_by_community(window):
    explore = window.explore
    explore.set_size_by("eigenvector")
    radii = {k: n.radius for k, n in window.view.layers.nodes.items()}
    assert radii["tokayev"] == max(radii.values())
    explore.community_action.setChecked(True)
    colors = {n.color.name() for n in window.view.layers.nodes.values()}
    assert len(colors) == len(set(explore.community_of().values()))
    assert not window.legend.communities.isHidden()
    explore.community_action.setChecked(False)
    assert window.legend.communities.isHidden()


@pytest.mark.parametrize("key", list(LAYOUT_TITLES))
def test_each_layout_moves_every_entity_and_undoes(window, key):
    before = window.view.positions()
    window.select("entity", "nazarbayev")
    window.explore.layout_actions[key].trigger()
    after = window.view.positions()
    assert set(after) == set(before)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in after.values())
    if key != "force":
        assert after != before
        assert window.ds.entity("timur").x == pytest.approx(after["timur"][0])
    if key == "radial":
        assert after["nazarbayev"] == pytest.approx((0.0, 0.0), abs=1e-6)
    window.acts["undo"].trigger()
    restored = window.view.positions()
    assert all(restored[k] == pytest.approx(v) for k, v in before.items())


def test_switching_back_to_force_keeps_manual_positions(window):
    window.view.move_node("timur", 999.0, 999.0)
    window.editing._node_moved("timur", 0, 0, 999.0, 999.0)
    window.explore.layout_actions["circular"].trigger()
    assert window.view.positions()["timur"] != (999.0, 999.0)
    window.explore.layout_actions["force"].trigger()
    assert window.view.positions()["timur"] == (999.0, 999.0)


def test_export_current_view_and_whole_map(window, tmp_path):
    from PIL import Image

    from relmap.gui.export_dialog import ExportOptions, run_export

    window.filters.entity_boxes["event"].setChecked(False)
    png = tmp_path / "view.png"
    options = ExportOptions(".png", window)
    options.view.setChecked(True)
    options.scale.setCurrentIndex(1)
    run_export(window, png, options)
    image = Image.open(png)
    assert image.size == (window.view.width() * 2, window.view.height() * 2)
    svg = tmp_path / "whole.svg"
    run_export(window, svg, ExportOptions(".svg", window))
    text = svg.read_text(encoding="utf-8")
    assert "Kassym-Jomart Tokayev" in text
    assert "Orange Revolution" not in text  # events are filtered out
    gexf = tmp_path / "whole.gexf"
    run_export(window, gexf, ExportOptions(".gexf", window))
    from relmap.io.gexf import read_gexf

    assert "orange_revolution" not in {e.id for e in read_gexf(gexf).entities}
    assert "tokayev" in {e.id for e in read_gexf(gexf).entities}
    pdf = tmp_path / "view.pdf"
    options = ExportOptions(".pdf", window)
    options.view.setChecked(True)
    run_export(window, pdf, options)
    assert pdf.read_bytes().startswith(b"%PDF")
