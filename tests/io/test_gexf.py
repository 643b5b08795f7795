"""GEXF 1.3: valid exports that Gephi and networkx read, exact round-trips, imports
of Gephi's and networkx's files, and refusals of hierarchical graphs."""

from __future__ import annotations

import copy
import io
import xml.etree.ElementTree as ET
from functools import partial

import networkx as nx

from relmap.io.gexf import read_gexf, write_gexf
from relmap.model.types import Dataset
from tests.io.conftest import (
    FOREIGN,
    INTEROP,
    gexf_rng_errors,
    gexf_schema,
    gexf_xsd_errors,
    schema_errors,
    written,
)
from tests.io.conftest import problems as read_problems

X = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


def export(ds: Dataset, positions=None) -> str:
    return written(write_gexf, ds, positions)


def back(text: str) -> Dataset:
    return read_gexf(io.StringIO(text))


problems = partial(read_problems, read_gexf)


def test_export_is_valid_gexf_1_3(bundled, layout, tmp_path):
    ds = copy.deepcopy(bundled)
    ds.entities[1].y = 7.0  # half a position goes into an attribute
    for positions in (None, layout):
        text = export(ds, positions)
        assert gexf_xsd_errors(text) == []
        path = tmp_path / "map.gexf"
        path.write_text(text, encoding="utf-8")
        assert gexf_rng_errors(path) == []


def test_gephi_writes_viz_in_the_namespace_the_xsd_gets_wrong():
    # Why gexf_xsd_errors reads the viz prefix in the GEXF namespace: Gephi's own files
    # fail the XSD as they are and pass it that way, like relmap's.
    text = (INTEROP / "02_gephi-0.9.3_us-airports.gexf").read_text(encoding="utf-8")
    assert any("viz:" in e for e in schema_errors(gexf_schema(), text))
    assert gexf_xsd_errors(text) == []


def test_viz_and_attributes_of_the_export(bundled, layout):
    root = ET.fromstring(export(bundled, layout).encode())
    node = root.find(f"{X}graph/{X}nodes/{X}node[@id='tokayev']")
    assert node is not None and node.get("label") == "Kassym-Jomart Tokayev"
    x, y = layout["tokayev"]
    position = node.find(f"{VIZ}position")
    assert (float(position.get("x")), float(position.get("y"))) == (x, -y)  # y up
    assert node.find(f"{VIZ}color").attrib == {"r": "225", "g": "87", "b": "89"}
    assert float(node.find(f"{VIZ}size").get("value")) == 26.0
    titles = {a.get("title"): a.get("type") for a in root.iter(f"{X}attribute")}
    assert titles["books_written"] == "long" and titles["directed"] == "boolean"
    edge = root.find(f"{X}graph/{X}edges/{X}edge")
    assert edge.get("label") == bundled.relations[0].label
    assert float(edge.get("weight")) == len(bundled.relations[0].evidence)
    assert all(e.get("type") is None for e in root.iter(f"{X}edge"))
    keywords = root.findtext(f"{X}meta/{X}keywords")
    assert '"format":"relmap/1"' in keywords and bundled.sources[0].text[:40] in keywords


def test_bundled_map_round_trips_exactly(bundled, layout):
    assert back(export(bundled)) == bundled
    assert back(export(bundled, layout)) == bundled


def test_saved_and_half_positions_round_trip(bundled, layout):
    ds = copy.deepcopy(bundled)
    ds.entities[0].x, ds.entities[0].y = -1.5, 2.25
    ds.entities[1].y = 7.0
    ds.description = ""
    assert back(export(ds, layout)) == ds
    assert back(export(ds)) == ds


def test_networkx_reads_the_export(bundled, layout, tmp_path):
    path = tmp_path / "map.gexf"
    write_gexf(bundled, path, layout)
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == 34 and graph.number_of_edges() == 63
    assert {d["label"] for _, d in graph.nodes(data=True)} == {e.name for e in bundled.entities}
    tokayev = graph.nodes["tokayev"]
    assert tokayev["type"] == "person" and tokayev["books_written"] == 10
    assert tokayev["viz"]["position"]["y"] == -layout["tokayev"][1]


def test_gephi_us_airports():
    ds = read_gexf(INTEROP / "02_gephi-0.9.3_us-airports.gexf")
    assert (len(ds.entities), len(ds.relations)) == (235, 1297)
    adams = ds.entity("0")
    assert adams.name == "Adams Field Airport" and adams.type == "entity"
    assert adams.attributes == {
        "Code": "LIT",
        "City": "Little Rock, AR",
        "latitude": 34.729444,
        "longitude": -92.224444,
    }
    assert (adams.x, adams.y) == (55.805447, 209.34912)
    assert all(not r.directed for r in ds.relations)
    assert (ds.relations[0].source, ds.relations[0].target) == ("0", "109")


def test_gephi_1_2draft_file():
    ds = read_gexf(FOREIGN / "gephi-0.9.2_1.2draft.gexf")
    myriel, napoleon, baptistine = ds.entities
    assert [e.name for e in ds.entities] == ["Myriel", "Napoleon", "Mlle.Baptistine"]
    assert myriel.attributes == {"Modularity Class": 1, "Born": "1740"}
    assert napoleon.attributes == {"Modularity Class": 1, "Born": "unknown"}  # default
    assert (baptistine.x, baptistine.y) == (-212.59802, -245.29591)
    assert ds.description is None and ds.title is None
    first, second, third = ds.relations
    assert first.directed and first.extra == {"attributes": {"Since": 1815, "weight": 1.0}}
    assert (second.directed, second.label) == (False, "sister of")
    assert third.directed is False  # mutual


def test_networkx_file(tmp_path):
    graph = nx.DiGraph(name="ties")
    graph.add_node("a", label="Алматы", type="place", population=2_000_000)
    graph.add_node("b", label="Астана", category="place", capital=True)
    graph.add_edge("a", "b", kind="rival_of", label="old capital", weight=0.5, start="1997")
    path = tmp_path / "nx.gexf"
    nx.write_gexf(graph, path)
    ds = read_gexf(path)
    assert ds.title == "ties"
    assert [(e.name, e.type) for e in ds.entities] == [("Алматы", "place"), ("Астана", "place")]
    assert ds.entities[0].attributes == {"population": 2_000_000}
    assert ds.entities[1].attributes == {"capital": True}
    (rel,) = ds.relations
    assert (rel.type, rel.label, rel.directed, rel.start) == ("rival_of", "old capital", True, None)
    assert rel.extra == {"attributes": {"weight": 0.5}}  # networkx writes start as a spell


# --- refusals ------------------------------------------------------------------------

HEAD = '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n<graph defaultedgetype="directed">\n'
ATTRS = '<attributes class="node"><attribute id="0" title="born" type="integer"/></attributes>\n'


def test_hierarchical_graphs_are_refused():
    text = (
        f'{HEAD}<nodes>\n<node id="g" label="Group">\n<nodes>\n<node id="a"/>\n</nodes>\n'
        '</node>\n<node id="b" pid="g">\n<parents><parent for="g"/></parents>\n</node>\n'
        "</nodes>\n<edges/>\n</graph></gexf>"
    )
    nested = "is not supported: relmap maps have no groups or subgraphs"
    assert problems(text) == [
        f"line 5: <nodes> nested in <node id='g'> (line 4) {nested}",
        "line 9: <node id='b'> (line 9) has a parent (pid): relmap maps have no groups",
        f"line 10: <parents> nested in <node id='b'> (line 9) {nested}",
    ]


def test_duplicate_nodes_missing_nodes_bad_values():
    text = (
        f'{HEAD}{ATTRS}<nodes>\n<node id="a"/>\n<node id="a"/>\n'
        '<node id="c"><attvalues><attvalue for="0" value="soon"/></attvalues></node>\n'
        '<node id="d"><attvalues><attvalue for="9" value="1"/></attvalues></node>\n'
        '<node id="e"><viz:position xmlns:viz="http://gexf.net/1.3/viz" x="1" y="up"/></node>\n'
        '</nodes>\n<edges>\n<edge source="a" target="z"/>\n</edges>\n</graph></gexf>'
    )
    assert problems(text) == [
        "line 7: <attvalue> of 'born': 'soon' is not of type integer",
        "line 8: <attvalue for='9'> refers to no <attribute>",
        "line 9: <viz:position> needs numbers x and y",
    ]
    fixed = text.replace("soon", "1").replace('for="9"', 'for="0"').replace("up", "2")
    assert problems(fixed) == [
        "line 6: duplicate node id 'a' (first used at line 5)",
        "line 12: <edge> refers to node 'z', which is not in the graph",
    ]


def test_not_gexf():
    assert problems("<graphml/>") == ["line 1: <graphml> is not GEXF: expected <gexf>"]
    assert problems('<gexf version="1.3"/>') == ["line 1: <gexf> has no <graph>"]
