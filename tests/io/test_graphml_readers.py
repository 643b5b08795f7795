"""GraphML's three readers give the same map: the patterns for relmap's own layout
(graphml_scan), the reading of the tree as it grows (graphml_in) and the reading of a
tree with lines, which also words every problem."""

from __future__ import annotations

import io
import math
import re

import pytest

from relmap.io import graphml_scan
from relmap.io.graphml import read_graphml, write_graphml
from relmap.io.graphml_in import dataset_from_growth, dataset_from_tree
from relmap.io.graphml_scan import scan_dataset
from relmap.io.xmlsafe import Declined, Report, grow, parse_xml
from relmap.model.types import Dataset, Entity, Relation
from tests.io.conftest import FOREIGN, INTEROP, written
from tests.io.conftest import problems as read_problems


def export(ds: Dataset, positions=None, *, yed: bool = False) -> str:
    return written(write_graphml, ds, positions, yed=yed)


def by_tree(text: str) -> Dataset:
    return dataset_from_tree(parse_xml(io.StringIO(text)))


def by_scan(text: str) -> Dataset:
    return scan_dataset(Report(None), text)


def by_growth(text: str) -> Dataset:
    return dataset_from_growth(None, grow(text))


def odd_map() -> Dataset:
    odd = " <&>\"' ]]> &amp; &#13; two\r\nlines\rand\ttab  Қаз 🇰🇿 "
    return Dataset(
        entities=[
            Entity("a", odd, "person", attributes={"n": 1, "f": 2.5, "s": odd, "e": ""}),
            Entity("b", "B", "person", aliases=["&", "<"], description=""),
        ],
        relations=[
            Relation("r1", "a", "b", "knows", label=odd, description=""),
            Relation("r2", "b", "a", "knows", label="", extra={"big": 2**70, "inf": math.inf}),
        ],
    )


@pytest.mark.parametrize("with_layout", [False, True])
def test_relmap_exports_are_read_by_the_patterns(bundled, layout, with_layout):
    text = export(bundled, layout if with_layout else None)
    assert by_scan(text) == by_growth(text) == by_tree(text) == bundled
    # Each edge in one match of the pattern for relmap's edges (else only slower).
    declared = tuple(key for key in graphml_scan._EDGE_KEYS if f'id="{key}"' in text)
    assert len(graphml_scan.edge_pattern(declared).findall(text)) == len(bundled.relations)


def test_odd_text_takes_the_patterns_and_comes_back_exactly():
    ds = odd_map()
    text = export(ds)
    assert "&amp;amp;" in text and "&#13;" in text
    assert by_scan(text) == by_tree(text) == ds
    assert read_graphml(io.StringIO(text)) == ds


def test_references_are_read_as_expat_reads_them():
    text = export(odd_map()).replace(">B</data>", ">&#66;&#x42;&lt;&apos;</data>")
    assert by_scan(text) == by_tree(text)
    assert by_scan(text).entity("b").name == "BB<'"


@pytest.mark.parametrize(
    "value", ["a & b", "&#0;", "&#X41;", "&bogus;", "a ]]> b", "&#xD800;", "bell\x07"]
)
def test_what_expat_refuses_is_declined_and_worded_at_its_line(value):
    text = export(odd_map()).replace(">B</data>", f">{value}</data>", 1)
    with pytest.raises(Declined):
        by_scan(text)
    found = read_problems(read_graphml, text)
    assert len(found) == 1 and "not well-formed XML" in found[0], found
    line = next(i for i, s in enumerate(text.splitlines(), 1) if value in s)
    assert found[0].startswith(f"line {line}:")


def test_items_in_a_comment_are_not_read():
    text = export(Dataset(entities=[Entity("a", "A", "person")]))
    start, end = text.index("\n    <node "), text.index("\n  </graph>")
    text = f"{text[:start]}<!--{text[start:end]}-->{text[end:]}"
    with pytest.raises(Declined):
        by_scan(text)
    assert read_graphml(io.StringIO(text)).entities == []


def test_other_layouts_are_left_to_the_parse(bundled, layout):
    yed = export(bundled, layout, yed=True)
    files = [yed, *(p.read_text(encoding="utf-8") for p in FOREIGN.glob("*.graphml"))]
    files += [p.read_text(encoding="utf-8") for p in INTEROP.glob("0[36]_*.graphml")]
    for text in files:
        with pytest.raises(Declined):
            by_scan(text)
        assert by_growth(text) == by_tree(text)
    assert read_graphml(io.StringIO(yed)) == bundled


def test_keys_after_the_graph_are_left_to_the_tree(bundled):
    text = export(bundled)
    keys = "".join(re.findall(r"  <key [^>]*/>\n", text))
    moved = text.replace(keys, "").replace("</graph>\n", f"</graph>\n{keys}")
    with pytest.raises(Declined):
        by_growth(moved)
    assert read_graphml(io.StringIO(moved)) == by_tree(moved) == bundled


def test_a_problem_found_by_the_patterns_is_worded_by_the_tree(bundled):
    text = export(bundled).replace('<data key="e_weight">2.0<', '<data key="e_weight">two<', 1)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if ">two<" in s)
    assert read_problems(read_graphml, text) == [
        f"line {line}: <data> of 'weight': 'two' is not of type double"
    ]


def test_repeated_values_are_written_alike_and_signed_zeros_apart():
    entities = [Entity(f"e{i}", "E", "person", x=x, y=x) for i, x in enumerate([0.0, -0.0, 0.0])]
    flags = {"t": True, "one": 1, "f": 1.0}
    entities += [Entity(f"f{i}", "F", "person", attributes=dict(flags)) for i in range(3)]
    back = read_graphml(io.StringIO(export(Dataset(entities=entities))))
    signs = [(math.copysign(1, e.x), math.copysign(1, e.y)) for e in back.entities[:3]]
    assert signs == [(1, 1), (-1, -1), (1, 1)]
    assert all(e.attributes == flags for e in back.entities[3:])
    assert [type(v) for v in back.entities[5].attributes.values()] == [bool, int, float]


def test_a_relmap_file_saved_with_windows_line_ends_reads_the_same(bundled, layout):
    text = export(bundled, layout).replace("\n", "\r\n")
    with pytest.raises(Declined):
        by_scan(text)
    assert read_graphml(io.StringIO(text)) == bundled
