"""GraphML: valid exports that other tools read, exact round-trips, imports of other
tools' files, and a clear refusal of what relmap maps cannot hold."""

from __future__ import annotations

import copy
import io
import xml.etree.ElementTree as ET
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

import igraph as ig
import networkx as nx
import pytest

from relmap.io.graphml import read_graphml, write_graphml
from relmap.model.types import Dataset, Entity, Relation
from relmap.model.validate import DatasetError
from tests.io.conftest import (
    FOREIGN,
    INTEROP,
    graphml_schema,
    schema_errors,
    written,
    yed_graphml_schema,
)
from tests.io.conftest import problems as read_problems

G = "{http://graphml.graphdrawing.org/xmlns}"
Y = "{http://www.yworks.com/xml/graphml}"


def export(ds: Dataset, positions=None, *, yed: bool = False) -> str:
    return written(write_graphml, ds, positions, yed=yed)


def back(text: str) -> Dataset:
    return read_graphml(io.StringIO(text))


problems = partial(read_problems, read_graphml)


def keys(root: ET.Element, domain: str) -> dict[str, str | None]:
    found = root.findall(f"{G}key[@for='{domain}']")
    return {k.get("attr.name", ""): k.get("attr.type") for k in found if k.get("attr.name")}


def node_data(root: ET.Element, node_id: str) -> dict[str, str]:
    ids = {k.get("id"): k.get("attr.name") for k in root.iter(f"{G}key")}
    node = root.find(f"{G}graph/{G}node[@id='{node_id}']")
    assert node is not None
    return {str(ids[d.get("key")]): d.text or "" for d in node.findall(f"{G}data")}


# --- the export -------------------------------------------------------------------


def test_export_is_valid_graphml_1_1(bundled, layout):
    assert schema_errors(graphml_schema(), export(bundled)) == []
    assert schema_errors(graphml_schema(), export(bundled, layout)) == []


def test_yed_export_is_valid_graphml_as_yed_extends_it(bundled, layout, tmp_path):
    text = export(bundled, layout, yed=True)
    assert schema_errors(yed_graphml_schema(tmp_path), text) == []
    # Plain GraphML 1.1 allows neither yEd's elements in <data> nor yfiles.type.
    errors = schema_errors(graphml_schema(), text)
    assert errors
    assert all("y:" in e or "yfiles.type" in e for e in errors), errors[:3]


def test_every_key_is_typed_and_named(bundled, layout):
    root = ET.fromstring(export(bundled, layout).encode())
    for key in root.iter(f"{G}key"):
        assert key.get("attr.name") and key.get("attr.type"), key.attrib


def test_keys_gephi_and_cytoscape_look_for(bundled, layout):
    root = ET.fromstring(export(bundled, layout).encode())
    nodes, edges = keys(root, "node"), keys(root, "edge")
    assert nodes["label"] == nodes["name"] == nodes["type"] == "string"
    assert nodes["x"] == nodes["y"] == nodes["size"] == "double"
    assert nodes["r"] == nodes["g"] == nodes["b"] == "int"
    assert nodes["books_written"] == "long"
    assert edges["label"] == edges["interaction"] == edges["evidence"] == "string"
    assert edges["weight"] == "double" and edges["directed"] == "boolean"
    assert set(keys(root, "graph")) >= {"relmap", "title", "sources", "entity_types"}


def test_node_data_of_the_export(bundled, layout):
    root = ET.fromstring(export(bundled, layout).encode())
    data = node_data(root, "tokayev")
    assert data["label"] == data["name"] == "Kassym-Jomart Tokayev"
    assert data["aliases"] == '["Tokayev"]'
    assert (data["r"], data["g"], data["b"]) == ("225", "87", "89")  # person: #E15759
    x, y = layout["tokayev"]
    assert (float(data["x"]), float(data["y"])) == (x, -y)  # Gephi's y points up
    assert data["layout"] == "true"


def test_undirected_relation_uses_the_directed_key_not_the_xml_attribute(bundled):
    root = ET.fromstring(export(bundled).encode())
    assert all(e.get("directed") is None for e in root.iter(f"{G}edge"))
    undirected = [r for r in bundled.relations if not r.directed]
    assert len(undirected) == 1
    assert back(export(bundled)).relation(undirected[0].id).directed is False


def test_yed_graphics(bundled, layout):
    root = ET.fromstring(export(bundled, layout, yed=True).encode())
    node = root.find(f"{G}graph/{G}node[@id='tokayev']")
    assert node is not None
    shape = node.find(f"{G}data/{Y}ShapeNode")
    assert shape is not None
    assert shape.findtext(f"{Y}NodeLabel") == "Kassym-Jomart Tokayev"
    assert shape.find(f"{Y}Fill").get("color") == "#E15759"
    assert shape.find(f"{Y}Shape").get("type") == "ellipse"
    geometry = shape.find(f"{Y}Geometry")
    x, y = layout["tokayev"]
    size = float(geometry.get("width"))
    # yEd's y points down like relmap's, and the geometry is the top-left corner.
    assert float(geometry.get("x")) + size / 2 == x
    assert float(geometry.get("y")) + size / 2 == pytest.approx(y)
    divorce = next(r for r in bundled.relations if not r.directed)
    edge = root.find(f"{G}graph/{G}edge[@id='{divorce.id}']")
    assert edge.find(f"{G}data/{Y}PolyLineEdge/{Y}Arrows").get("target") == "none"
    assert edge.findtext(f"{G}data/{Y}PolyLineEdge/{Y}EdgeLabel") == divorce.label


def test_ids_graphml_cannot_take_get_new_ones():
    ds = Dataset(
        entities=[Entity("Тоқаев 1", "Тоқаев", "person"), Entity("n0", "Other", "person")],
        relations=[Relation("r 1", "Тоқаев 1", "n0", "knows")],
    )
    text = export(ds)
    assert schema_errors(graphml_schema(), text) == []
    root = ET.fromstring(text.encode())
    assert [n.get("id") for n in root.iter(f"{G}node")] == ["n1", "n0"]
    assert node_data(root, "n1")["relmap_id"] == "Тоқаев 1"
    assert back(text) == ds


# --- round-trips ------------------------------------------------------------------


@pytest.mark.parametrize("yed", [False, True])
def test_bundled_map_round_trips_exactly(bundled, layout, yed):
    assert back(export(bundled, yed=yed)) == bundled
    # Positions from a layout are exported but are no part of the map.
    assert back(export(bundled, layout, yed=yed)) == bundled


def test_saved_positions_round_trip_and_win_over_the_layout(bundled, layout):
    ds = copy.deepcopy(bundled)
    ds.entities[0].x, ds.entities[0].y = 12.5, -40.25
    ds.entities[1].x = 3.0  # only x: half a position survives too
    root = ET.fromstring(export(ds, layout).encode())
    data = node_data(root, ds.entities[0].id)
    assert (data["x"], data["y"]) == ("12.5", "40.25")
    assert "layout" not in data
    assert back(export(ds, layout)) == ds


def test_paths_and_binary_files(bundled, tmp_path):
    path = tmp_path / "map.graphml"
    write_graphml(bundled, path)
    assert read_graphml(path) == bundled
    buffer = io.BytesIO()
    write_graphml(bundled, buffer)
    assert read_graphml(io.BytesIO(buffer.getvalue())) == bundled


# --- other tools reading the export -------------------------------------------------


def test_networkx_reads_the_export(bundled, layout, tmp_path):
    path = tmp_path / "map.graphml"
    write_graphml(bundled, path, layout)
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == len(bundled.entities) == 34
    assert graph.number_of_edges() == len(bundled.relations) == 63
    assert {d["label"] for _, d in graph.nodes(data=True)} == {e.name for e in bundled.entities}
    assert graph.nodes["tokayev"]["books_written"] == 10


def test_networkx_reads_the_yed_export(bundled, layout, tmp_path):
    path = tmp_path / "map.graphml"
    write_graphml(bundled, path, layout, yed=True)
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == 34 and graph.number_of_edges() == 63
    assert graph.nodes["tokayev"]["label"] == "Kassym-Jomart Tokayev"


def test_igraph_reads_the_export(bundled, layout, tmp_path):
    path = tmp_path / "map.graphml"
    write_graphml(bundled, path, layout)
    graph = ig.Graph.Read_GraphML(str(path))
    assert (graph.vcount(), graph.ecount()) == (34, 63)
    assert graph.is_directed()
    assert set(graph.vs["label"]) == {e.name for e in bundled.entities}
    assert sorted(graph.es["interaction"]) == sorted(r.type for r in bundled.relations)


# --- files from other tools ----------------------------------------------------------


def test_gephi_export_trump_world():
    ds = read_graphml(INTEROP / "03_gephi-export_trump-world.graphml")
    assert (len(ds.entities), len(ds.relations)) == (303, 366)
    trump = ds.entity("Donald J. Trump")
    assert trump.name == "Donald J. Trump" and trump.type == "entity"
    assert (trump.x, trump.y) == (-297.3755, -195.03502)  # y flipped to point down
    assert trump.attributes == {}  # r, g, b and size are Gephi's drawing
    first = ds.relations[0]
    assert (first.id, first.source, first.target) == ("212594", "Paul Teller", "Donald J. Trump")
    assert first.label == "Special assistant" and first.type == "related_to"
    assert first.directed is False  # edgedefault="undirected"
    assert first.extra["attributes"]["weight"] == 1.0
    assert first.extra["attributes"]["citation"].startswith("https://www.documentcloud.org/")
    assert any("ö" in e.name or "é" in e.name for e in ds.entities)


def test_graph_tool_football():
    ds = read_graphml(INTEROP / "06_graph-tool_football-parseinfo.graphml")
    assert (len(ds.entities), len(ds.relations)) == (115, 613)
    assert ds.entities[0].id == ds.entities[0].name == "n0"
    assert ds.entities[0].attributes == {"partition": 9}
    assert ds.extra == {"attributes": {"dl": 1850.2102335828238}}
    assert ds.relations[0].id == "e0" and ds.relations[0].directed is False


def test_yed_groups_are_refused_with_the_line():
    with pytest.raises(DatasetError) as caught:
        read_graphml(INTEROP / "01_yed-3.21.1_ldbc-schema-comfortable.graphml")
    assert [str(p) for p in caught.value.problems] == [
        "line 45: <graph> nested in <node id='n0'> (line 17) is not supported: relmap maps "
        "have no groups or subgraphs",
        "line 222: <graph> nested in <node id='n1'> (line 194) is not supported: relmap "
        "maps have no groups or subgraphs",
    ]


def test_hyperedges_and_ports_are_refused_with_their_lines():
    with pytest.raises(DatasetError) as caught:
        read_graphml(INTEROP / "11_graphinout_hyperedges-and-ports.graphml")
    found = [str(p) for p in caught.value.problems]
    port = "is not supported: relmap entities have no ports"
    assert found[0] == f"line 15: <port name='North'> in <node id='id--node4'> (line 14) {port}"
    assert f"line 28: <edge sourceport='South'> {port}" in found
    assert f"line 28: <edge targetport='North'> {port}" in found
    hyper = "<hyperedge> is not supported: relmap maps have edges between two entities only"
    assert found[-2:] == [f"line 30: {hyper}", f"line 35: {hyper}"]
    assert len(found) == 10


def test_yed_flat_file():
    ds = read_graphml(FOREIGN / "yed_flat.graphml")
    astana, kazakhstan, tokayev = ds.entities
    assert [e.name for e in ds.entities] == ["Astana", "Kazakhstan", "Kassym-Jomart Tokayev"]
    assert (astana.x, astana.y) == (130.0, 65.0)  # the centre, y down as in yEd
    assert astana.description == "Capital since 1997"
    assert kazakhstan.description is None and kazakhstan.attributes == {}
    assert (tokayev.x, tokayev.y) == (320.0, 320.0)
    capital, president = ds.relations
    assert (capital.source, capital.target, capital.label) == ("n0", "n1", "capital of")
    assert capital.type == "related_to" and capital.directed
    assert president.label is None and president.description == "since 2019"


def test_cytoscape_file():
    ds = read_graphml(FOREIGN / "cytoscape.graphml")
    assert ds.title == "galFiltered subnet"
    assert ds.extra == {"attributes": {"selected": True}}  # the repeated "shared name" is dropped
    assert [e.name for e in ds.entities] == ["YGL035C", "YLR044C", "YIL162W"]
    assert ds.entities[0].attributes == {"SUID": 641, "selected": False, "degree.layout": 2}
    assert [r.type for r in ds.relations] == ["pd", "pp"]
    assert [r.id for r in ds.relations] == ["e0", "e1"]
    assert ds.relations[0].extra["attributes"] == {
        "SUID": 1201,
        "shared name": "YGL035C (pd) YLR044C",
        "name": "YGL035C (pd) YLR044C",
        "selected": False,
        "EdgeBetweenness": 2.0,
    }


def test_networkx_file(tmp_path):
    graph = nx.MultiDiGraph(name="ties")
    graph.add_node("a", label="Алматы", kind="place", population=2_000_000, capital=False)
    graph.add_node("b", label="Астана", kind="place", capital=True, area=797.33)
    graph.add_edge("a", "b", type="rival_of", label="old capital", weight=0.5)
    graph.add_edge("b", "a", interaction="rival_of", start="1997")
    path = tmp_path / "nx.graphml"
    nx.write_graphml(graph, path)
    ds = read_graphml(path)
    assert ds.title == "ties"
    almaty, astana = ds.entities
    assert (almaty.name, almaty.type) == ("Алматы", "place")
    assert almaty.attributes == {"population": 2_000_000, "capital": False}
    assert astana.attributes == {"capital": True, "area": 797.33}
    first, second = ds.relations
    assert (first.type, first.label, first.directed) == ("rival_of", "old capital", True)
    assert first.extra["attributes"] == {"weight": 0.5}
    assert (second.type, second.start, second.source) == ("rival_of", "1997", "b")


def test_igraph_file(tmp_path):
    graph = ig.Graph(directed=False)
    graph.add_vertices(3)
    graph.vs["name"] = ["Қасым-Жомарт", "שלום", "🇰🇿 flag"]
    graph.vs["age"] = [68.0, 1.0, 2.5]
    graph.add_edges([(0, 1), (1, 2)])
    graph.es["relation"] = ["met", "waved"]
    path = tmp_path / "ig.graphml"
    graph.write_graphml(str(path))
    ds = read_graphml(path)
    assert [e.name for e in ds.entities] == ["Қасым-Жомарт", "שלום", "🇰🇿 flag"]
    assert [e.id for e in ds.entities] == ["n0", "n1", "n2"]
    assert ds.entities[0].attributes == {"age": 68.0}
    assert [r.directed for r in ds.relations] == [False, False]
    assert ds.relations[1].extra == {"attributes": {"relation": "waved"}}


# --- refusals ------------------------------------------------------------------------

HEAD = '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
KEY = '<key id="k" for="node" attr.name="born" attr.type="int"/>\n'


def test_duplicate_node_ids():
    text = (
        f'{HEAD}<graph edgedefault="directed">\n<node id="a"/>\n<node id="a"/>\n</graph></graphml>'
    )
    assert problems(text) == ["line 4: duplicate node id 'a' (first used at line 3)"]


def test_edges_to_missing_nodes():
    text = (
        f'{HEAD}<graph edgedefault="directed">\n<node id="a"/>\n'
        '<edge source="a" target="b"/>\n<edge source="c" target="a"/>\n</graph></graphml>'
    )
    assert problems(text) == [
        "line 4: <edge> refers to node 'b', which is not in the graph",
        "line 5: <edge> refers to node 'c', which is not in the graph",
    ]


def test_repeated_edge_ids_are_made_unique():
    text = (
        f'{HEAD}<graph edgedefault="directed">\n<node id="a"/>\n'
        '<edge id="0" source="a" target="a"/>\n<edge id="0" source="a" target="a"/>\n'
        '<edge source="a" target="a"/>\n<edge id="e0" source="a" target="a"/>\n'
        "</graph></graphml>"
    )
    assert [r.id for r in back(text).relations] == ["0", "0-2", "e1", "e0"]


def test_data_of_unknown_keys_and_values_of_the_wrong_type():
    text = (
        f'{HEAD}{KEY}<graph edgedefault="directed">\n'
        '<node id="a"><data key="k">nineteen</data></node>\n'
        '<node id="b"><data key="q">1</data></node>\n</graph></graphml>'
    )
    assert problems(text) == [
        "line 4: <data> of 'born': 'nineteen' is not of type int",
        "line 5: <data key='q'> refers to no <key>",
    ]


def test_no_graphml_no_graph_two_graphs_no_id():
    assert problems("<gexf/>") == ["line 1: <gexf> is not GraphML: expected <graphml>"]
    assert problems(f"{HEAD}</graphml>") == ["line 1: <graphml> has no <graph>"]
    two = f'{HEAD}<graph edgedefault="directed"/>\n<graph edgedefault="directed"/></graphml>'
    assert problems(two) == ["line 3: a second <graph> (the first is at line 2): relmap reads one"]
    nameless = f'{HEAD}<graph edgedefault="directed">\n<node/></graph></graphml>'
    assert problems(nameless) == ["line 3: <node> has no id"]


def test_nested_graph_in_an_edge():
    text = (
        f'{HEAD}<graph edgedefault="directed">\n<node id="a"/>\n<edge source="a" target="a">\n'
        '<graph edgedefault="directed"/></edge></graph></graphml>'
    )
    assert problems(text) == [
        "line 5: <graph> nested in <edge id=''> (line 4) is not supported: relmap maps "
        "have no groups or subgraphs"
    ]


def broken(ds: Dataset, key: str, text: str) -> str:
    """The GraphML of ``ds`` with the first <data> of ``key`` set to ``text``."""
    exported = export(ds)
    start = exported.index(f'<data key="{key}">') + len(f'<data key="{key}">')
    return exported[:start] + escape(text) + exported[exported.index("</data>", start) :]


def test_a_broken_relmap_file_is_reported_at_its_lines(bundled):
    text = broken(bundled, "v_aliases", "Tokayev")
    line = [s.strip() for s in text.splitlines()].index('<node id="tokayev">') + 1
    assert problems(text) == [f"line {line}: 'aliases' is not a JSON list: Tokayev"]
    text = broken(bundled, "e_start", "2019-02-30")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.lstrip().startswith("<edge "))
    assert problems(text) == [
        f"line {line}: relations[0].start: '2019-02-30' is no calendar date "
        "(YYYY, YYYY-MM or YYYY-MM-DD)"
    ]
    text = broken(bundled, "e_evidence", '[{"source": "nowhere", "quote": "x"}]')
    assert problems(text) == [
        f"line {line}: relations[0].evidence[0].source: no source has the id 'nowhere'"
    ]


def test_missing_file_is_unreadable(tmp_path: Path):
    with pytest.raises(DatasetError, match="cannot read the file"):
        read_graphml(tmp_path / "nothing.graphml")
