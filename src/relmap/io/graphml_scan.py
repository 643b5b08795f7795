"""Reading the GraphML that relmap writes by regular expressions: in a third of the
time an XML parser takes, because a map's nodes and edges hold ten values each and
expat's tree builder makes an element, an attribute dict and two strings of each.

``scan_dataset`` takes a file as relmap.io.graphml writes it: everything up to the
first node or edge (the keys and the graph's own data) is parsed by expat, and the
<node> and <edge> elements that follow, each on lines of their own indented as
relmap indents them, are matched one after the other by patterns that accept only
well-formed XML: no comments, CDATA or processing instructions; attribute values
without references, whitespace or characters XML does not allow; data text without
such characters or ">" (which relmap writes as "&gt;", so that no "]]>" can hide in
it), with references checked as expat checks them. Each value is then read as
relmap.io.graphml_in reads it, by the type its key declares, so that the map is the
same. Anything else (another layout, another tool's file, a yEd export, a problem)
raises Declined, and the file is left to relmap.io.graphml_in.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from relmap.io.graphml_in import GraphReader, Parse, Plain, graph_of_tree
from relmap.io.items import Item
from relmap.io.xmlsafe import Declined, Record, Report, XmlDocument
from relmap.model.types import Dataset

# What XML 1.0 cannot hold, and what expat would change: carriage returns (read as
# newlines) and, in attribute values, references, tabs and newlines (read as spaces).
# Text holds no ">" either (relmap writes "&gt;"), so that it cannot hold "]]>".
_NOT_XML = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
_ATTRIBUTE = rf'"([^"<&\r\n\t{_NOT_XML}]*)"'
_TEXT = rf"[^<>\r{_NOT_XML}]"
_FIRST = re.compile(r"\n    <(?:node|edge) id=")
_ITEM = re.compile(
    rf"\n    <(node|edge) id={_ATTRIBUTE}(?: source={_ATTRIBUTE} target={_ATTRIBUTE})?>"
)
# A <data> of an item, else any one character: what is not a <data> declines the file.
_DATA = re.compile(rf"\n      <data key={_ATTRIBUTE}(?:>({_TEXT}*)</data>| />)|([\s\S])")
_END_TAG = {"node": "\n    </node>", "edge": "\n    </edge>"}
# The keys of the values of an edge, in the order relmap writes them.
_EDGE_KEYS = [
    *("e_type", "e_label", "e_start", "e_end", "e_description", "e_directed"),
    *("e_evidence", "e_weight", "e_r", "e_g", "e_b", "e_relmap_extra", "e_relmap_id"),
    "e_interaction",
]
_TAIL = re.compile(r"[ \t\n]*</graph>[ \t\n]*</graphml>[ \t\n]*\Z")
_REFERENCE = re.compile(r"&(?:#([0-9]+);|#x([0-9a-fA-F]+);|(amp|lt|gt|quot|apos);)?")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def scan_dataset(report: Report, text: str) -> Dataset:
    """The map of a file as relmap writes it; Declined for any other file."""
    first = _first_item(text)
    graph = graph_of_tree(XmlDocument(_head(text, first), {}, report))
    end = _scan_items(text, first, graph)
    if not _TAIL.match(text, end):
        raise Declined("not the layout of relmap's GraphML")
    return graph.dataset()


def _first_item(text: str) -> int:
    if not (first := _FIRST.search(text)):
        raise Declined("no nodes or edges laid out as relmap lays them out")
    return first.start()


def _head(text: str, end: int) -> ET.Element:
    """The root of what comes before the first item, closed as relmap closes it: this
    parses only if the items are children of the <graph>, and not in a comment."""
    try:
        return ET.fromstring(text[:end] + "</graph></graphml>")
    except ET.ParseError:
        raise Declined("not the head of relmap's GraphML") from None


@lru_cache(maxsize=16)
def edge_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """An edge whose values have these keys, in this order, none of them empty: one
    match for an edge instead of one for each value. Other edges are read as items."""
    return re.compile(
        rf"\n    <edge id={_ATTRIBUTE} source={_ATTRIBUTE} target={_ATTRIBUTE}>"
        + "".join(rf'(?:\n      <data key="{key}">({_TEXT}+)</data>)?' for key in keys)
        + "\n    </edge>"
    )


def _scan_items(text: str, pos: int, graph: GraphReader) -> int:
    """Read the nodes and edges from ``pos`` on into ``graph``; where they end."""
    keys, find, add_edge = graph.keys, text.find, graph.edges.append
    declared = tuple(key for key in _EDGE_KEYS if key in keys.plain)
    edge_match, item_match = edge_pattern(declared).match, _ITEM.match
    fields = [(group, *keys.plain[key]) for group, key in enumerate(declared, 4)]
    defaults = keys.defaults["edge"]
    while True:
        if m := edge_match(text, pos):
            end = m.end()
            values = _edge_values(m, fields, find("&", pos, end) >= 0)
            if defaults:
                keys.apply_defaults("edge", values)
            add_edge(Item(m[1], values, 0, m[2], m[3]))
            pos = end
        elif m := item_match(text, pos):
            pos = _scan_item(text, m, graph)
        else:
            return pos


def _edge_values(m: re.Match[str], fields: list[tuple[int, str, Parse]], decode: bool) -> Record:
    """The values of an edge matched by edge_pattern, from (group, name, type)."""
    values: Record = {}
    try:
        for group, name, parse in fields:
            if (text := m[group]) is not None:
                if decode:
                    text = _REFERENCE.sub(_referenced, text)
                values[name] = text if parse is None else parse(text)
    except ValueError:
        raise Declined("a value not of its type: a problem, for the tree walk") from None
    return values


def _scan_item(text: str, m: re.Match[str], graph: GraphReader) -> int:
    """Read the node or edge whose start tag ``m`` matched; where it ends."""
    kind, item_id, source, target = m.groups()
    start, find, keys = m.end(), text.find, graph.keys
    end = find(_END_TAG[kind], start)
    if end < 0:
        raise Declined("an item without its end tag on a line of its own")
    decode = find("&", start, end) >= 0
    values = _item_values(_DATA.findall(text, start, end), keys.plain, decode)
    keys.apply_defaults(kind, values)
    if kind == "node":
        if not item_id:
            raise Declined("a node without an id")  # a problem, for the tree walk
        graph.nodes.append(Item(item_id, values))
    elif source is None:
        raise Declined("an edge without its ends")
    else:
        graph.edges.append(Item(item_id, values, source=source, target=target))
    return end + len(_END_TAG[kind])


def _item_values(
    found: list[tuple[str, str, str]], plain: dict[str, Plain], decode: bool
) -> Record:
    """An item's values from its <data> found as (key, text, what is not a <data>)."""
    values: Record = {}
    try:
        for key, text, other in found:
            if other:
                raise Declined("an item holding more than <data>")
            name, parse = plain[key]
            if decode:
                text = _REFERENCE.sub(_referenced, text)
            values[name] = text if parse is None else parse(text)
    except KeyError:
        raise Declined("data of a key that is not plain") from None
    except ValueError:
        raise Declined("a value not of its type: a problem, for the tree walk") from None
    return values


def _referenced(m: re.Match[str]) -> str:
    """What a reference stands for, as expat reads it; Declined for a lone ``&`` and
    for references to characters XML does not allow."""
    decimal, hexadecimal, name = m.groups()
    if name:
        return _NAMED[name]
    if decimal is None and hexadecimal is None:
        raise Declined("an & that starts no reference")
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if not (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        raise Declined("a reference to a character XML does not allow")
    return chr(code)
